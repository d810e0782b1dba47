"""Worker: fetch N observations from a running emulator, in one library.

Usage (from the repository root)::

    python -m benchmarks.worker_fetch inatsdk|pyinaturalist API_URL N [--no-annotation-lookup]

The runner starts the emulator in its own process and reads the request log from it; this worker
only fetches and times. Name resolution of anything but loopback is refused (and reported), so a
library that would quietly reach the real API cannot.

inatsdk: ``iNatClient(api_url=API_URL, cache=None, rate_limit=None)`` and
``list(client.observations.search().limit(N))``.

pyinaturalist 0.21.1 has no base-URL setting: its modules copy ``constants.API_V1`` at import
(``from pyinaturalist.constants import API_V1``), so the worker rewrites that name (and ``API_V2``)
in every loaded ``pyinaturalist`` module to point at the emulator. Its client is given a
``ClientSession`` with caching and rate limiting off as far as 0.21.1 allows: the cache cannot be
switched off at construction (it always opens a SQLite file; ours is in a temporary folder), so
the fetch runs inside ``session.cache_disabled()``; the limiter cannot be removed, so it is given
an in-memory bucket with a rate of a billion requests per second. It fetches the way its client
docs show: ``client.observations.search().limit(N)`` (which returns a list). Its paginator also
fills in annotation labels from ``GET /v1/controlled_terms`` (once per client, through the global
default session); ``--no-annotation-lookup`` turns that off, and the runner uses it only when the
emulator cannot answer that request, saying so in the table.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import BLOCKED_HOSTS, emit, forbid_network
from benchmarks.worker_models import LazyWalker


def _summary(observations: list[Any]) -> dict[str, Any]:
    ids = [o.id for o in observations]
    return {"count": len(ids), "unique_ids": len(set(ids))}


def run_inatsdk(api_url: str, n: int) -> dict[str, Any]:
    imported = time.perf_counter()
    package = importlib.import_module("inatsdk")
    start = time.perf_counter()
    with package.iNatClient(api_url=api_url, cache=None, rate_limit=None) as client:
        ready = time.perf_counter()
        observations = list(client.observations.search().limit(n))
        done = time.perf_counter()
    return {
        "version": str(getattr(package, "__version__", "unknown")),
        "import": start - imported,
        "setup": ready - start,
        "fetch": done - ready,
        **_summary(observations),
    }


def point_pyinaturalist_at(api_url: str) -> list[str]:
    """Rewrite pyinaturalist's copied base-URL constants; returns the names it changed."""
    constants = importlib.import_module("pyinaturalist.constants")
    targets = {
        "API_V1": (constants.API_V1, f"{api_url}/v1"),
        "API_V2": (constants.API_V2, f"{api_url}/v2"),
    }
    patched: list[str] = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "pyinaturalist" or name.startswith("pyinaturalist.")):
            continue
        for attr, (old, new) in targets.items():
            if getattr(module, attr, None) == old:
                setattr(module, attr, new)
                patched.append(f"{name}.{attr}")
    return patched


def run_pyinaturalist(api_url: str, n: int, annotation_lookup: bool = True) -> dict[str, Any]:
    imported = time.perf_counter()
    pyinaturalist = importlib.import_module("pyinaturalist")
    limiter_mod = importlib.import_module("pyrate_limiter")
    import_time = time.perf_counter() - imported
    metadata = importlib.import_module("importlib.metadata")
    patched = point_pyinaturalist_at(api_url)
    tmp = Path(tempfile.mkdtemp(prefix="bench-pyinat-"))

    start = time.perf_counter()
    no_limit = limiter_mod.Limiter(
        limiter_mod.RequestRate(10**9, limiter_mod.Duration.SECOND),
        bucket_class=limiter_mod.MemoryQueueBucket,
    )
    session = pyinaturalist.ClientSession(
        cache_file=str(tmp / "api_requests.db"),
        cache_control=False,
        bucket_class=limiter_mod.MemoryQueueBucket,
        ratelimit_path=None,
        lock_path=None,
        limiter=no_limit,
    )
    client = pyinaturalist.iNatClient(session=session)
    if not annotation_lookup:
        # Only when the runner asks (it says so in the table): skip the controlled-terms lookup
        # that ObservationPaginator runs on each page (GET /v1/controlled_terms, sent through
        # pyinaturalist's global default session rather than this client's).
        client.annotations.lookup = lambda annotations: annotations
    ready = time.perf_counter()
    with session.cache_disabled():
        observations = client.observations.search().limit(n)
    done = time.perf_counter()
    session.close()
    # pyinaturalist's fetch leaves nested objects unconverted (lazy); also report the fetch plus
    # converting everything, the same way (and with the same walk-cost subtraction) as the model
    # build benchmark, for an equal-work comparison with inatsdk's eager models.
    walker = LazyWalker()
    walk = time.perf_counter()
    walker.walk(observations)
    walked = time.perf_counter()
    walker.walk(observations)
    rewalked = time.perf_counter()
    return {
        "version": str(metadata.version("pyinaturalist")),
        "import": import_time,
        "setup": ready - start,
        "fetch": done - ready,
        "fetch_converted": (done - ready) + (walked - walk) - (rewalked - walked),
        "patched": patched,
        **_summary(observations),
    }


def main(argv: list[str]) -> None:
    lib, api_url, n = argv[0], argv[1].rstrip("/"), int(argv[2])
    lookup = "--no-annotation-lookup" not in argv[3:]
    forbid_network()
    try:
        if lib == "inatsdk":
            result = run_inatsdk(api_url, n)
        else:
            result = run_pyinaturalist(api_url, n, annotation_lookup=lookup)
    except Exception as exc:  # reported as a finding by the runner, not hidden
        response = getattr(exc, "response", None)
        body = getattr(response, "text", None)
        result = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        if body:
            result["error_body"] = str(body)[:500]
    result.update(lib=lib, n=n, blocked_hosts=sorted(set(BLOCKED_HOSTS)))
    if lib == "pyinaturalist":
        result["annotation_lookup"] = lookup
    emit(result)


if __name__ == "__main__":
    main(sys.argv[1:])
