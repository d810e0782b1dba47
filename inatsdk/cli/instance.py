"""A cache of its own for each start of an emulator, so a re-seeded emulator on the same port is
never answered from an older one's cache.

The emulator names each start (``GET /_emulator/instance``, also the ``X-Emulator-Instance``
header of its answers). Against an API on loopback, the command asks for that name (one local
request, a fraction of a millisecond) and keeps that emulator's answers in a cache file named
after it; files of older starts are removed. An API on loopback that does not answer the
question (not an emulator, or an older one) gets no cache at all: nothing stale can be served
(and a command starts sooner without the cache's machinery).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from inatsdk.settings import CacheSettings

__all__ = ["emulator_cache", "emulator_instance"]

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


def emulator_instance(api_url: str, *, timeout: float = 0.5) -> str | None:
    """The name of the emulator start answering at ``api_url``, or ``None``."""
    # http.client, not urllib.request: requests loads the former anyway, and the latter would
    # add ~10 ms of imports before the command's first request.
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(api_url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = kind(parts.hostname or "", parts.port, timeout=timeout)
        try:
            connection.request("GET", f"{parts.path.rstrip('/')}/_emulator/instance")
            reply = connection.getresponse()
            if reply.status != 200:
                return None
            body: object = json.loads(reply.read().decode("utf-8"))
        finally:
            connection.close()
    except (OSError, ValueError, http.client.HTTPException):
        return None
    found = cast("dict[str, object]", body).get("instance") if isinstance(body, dict) else None
    return found if isinstance(found, str) and _NAME.match(found) else None


def emulator_cache(api_url: str) -> CacheSettings | None:
    """Cache settings for the emulator at ``api_url``: a SQLite file of its own start, or
    ``None`` (no cache) when it cannot tell which start it is."""
    from inatsdk.settings import CacheSettings, default_cache_dir

    instance = emulator_instance(api_url)
    if instance is None:
        return None
    folder = default_cache_dir() / "emulator"
    folder.mkdir(parents=True, exist_ok=True)
    port = api_url.rsplit(":", 1)[-1].strip("/") if api_url.count(":") > 1 else "80"
    current = folder / f"{port}-{instance}.sqlite"
    for old in folder.glob(f"{port}-*.sqlite"):
        if old != current:
            old.unlink(missing_ok=True)
    return CacheSettings(path=current)
