"""The bytes behind the media URLs of the emulator's records, so a client downloads photos,
sounds and user icons with no network.

``GET /photos/{id}/{size}.{ext}``
    ``size`` is one of ``square``, ``thumb``, ``small``, ``medium``, ``large``, ``original``. A
    seeded photo answers a small flat greyscale JPEG, the same bytes for the same photo and size
    every time; each size is larger than the one before (8 to 128 pixels square), and
    different photos have different shades. An uploaded photo's ``original`` answers the
    uploaded bytes (with their content type); its other sizes answer generated JPEGs.
``GET /sounds/{id}.{ext}``
    An uploaded sound answers its bytes; any other id answers a short generated WAV.
``GET /attachments/users/icons/{id}/{size}.jpg``
    A user's icon, as a photo.
``GET /attachments/sites/{id}.png``
    A site's icon (a JPEG, whatever the name says).

Records hold these URLs on :data:`~inatsdk.testing.records.ORIGIN`; the server replaces it in
every answer with the URL the request came to (a scoped view's URLs stay in its scope).
"""

from __future__ import annotations

import functools
import re

from inatsdk.testing.media import jpeg_bytes, wav_bytes
from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.rules import ApiError

__all__ = ["PHOTO_PIXELS", "photo_bytes", "register"]

PHOTO_PIXELS = {"square": 8, "thumb": 16, "small": 32, "medium": 48, "large": 64, "original": 128}
"""The side of each generated photo size, in pixels."""

_FILE = re.compile(r"(?P<stem>[a-z0-9]+)\.(?P<ext>[a-z0-9]+)\Z")


@functools.lru_cache(maxsize=512)
def photo_bytes(photo_id: int, size: str) -> bytes:
    """The generated JPEG of ``photo_id`` at ``size`` (one of :data:`PHOTO_PIXELS`)."""
    side = PHOTO_PIXELS[size]
    return jpeg_bytes(side, side, (photo_id * 37 + 11) % 256)


@functools.lru_cache(maxsize=64)
def _sound_bytes(sound_id: int) -> bytes:
    return wav_bytes(0.1, hertz=200 + sound_id % 800)


def _split(name: str) -> tuple[str, str]:
    m = _FILE.match(name)
    if m is None:
        raise ApiError(404, "Not Found")
    return m.group("stem"), m.group("ext")


def _int(raw: str) -> int:
    if not raw.isdigit():
        raise ApiError(404, "Not Found")
    return int(raw)


def photo(ctx: RequestContext) -> Reply:
    photo_id = _int(ctx.path_params["id"])
    size, _ = _split(ctx.path_params["name"])
    if size not in PHOTO_PIXELS:
        raise ApiError(404, "Not Found")
    stored = ctx.store.observation_writes().files.get(photo_id)
    if size == "original" and stored is not None and stored.kind == "photo":
        return Reply(200, stored.data, content_type=stored.content_type)
    return Reply(200, photo_bytes(photo_id, size), content_type="image/jpeg")


def sound(ctx: RequestContext) -> Reply:
    stem, _ = _split(ctx.path_params["name"])
    sound_id = _int(stem)
    stored = ctx.store.observation_writes().files.get(sound_id)
    if stored is not None and stored.kind == "sound":
        return Reply(200, stored.data, content_type=stored.content_type)
    return Reply(200, _sound_bytes(sound_id), content_type="audio/x-wav")


def icon(ctx: RequestContext) -> Reply:
    user_id = _int(ctx.path_params["id"])
    size, _ = _split(ctx.path_params["name"])
    if size not in PHOTO_PIXELS:
        raise ApiError(404, "Not Found")
    return Reply(200, photo_bytes(user_id, size), content_type="image/jpeg")


def site_icon(ctx: RequestContext) -> Reply:
    stem, _ = _split(ctx.path_params["name"])
    return Reply(200, photo_bytes(_int(stem), "thumb"), content_type="image/jpeg")


def register(router: Router) -> None:
    router.add("GET", "/attachments/sites/<name>", site_icon, version="web")
    router.add("GET", "/photos/<id>/<name>", photo, version="web")
    router.add("GET", "/sounds/<name>", sound, version="web")
    router.add("GET", "/attachments/users/icons/<id>/<name>", icon, version="web")
