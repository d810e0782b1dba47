"""Map tiles: ``/v1/{style}/{zoom}/{x}/{y}.png`` and ``.grid.json`` for the four observation
styles (``points``, ``grid``, ``heatmap``, ``colored_heatmap``), and the polygon tiles
``/v1/places/{place_id}/...``, ``/v1/taxon_places/{taxon_id}/...`` and
``/v1/taxon_ranges/{taxon_id}/...``.

Tiles are real 256 x 256 RGBA PNG images (written with :mod:`zlib` and :mod:`struct`), drawn
from the store: the observations the search filters select (the same filters as
``/v1/observations``; private locations left out, obscured ones at their 0.2-degree cell's
centre), a place's bounding box, the boxes of the places a taxon was observed in. A UTFGrid is
64 rows of 64 characters (4 x 4 pixels each) whose keys are observation ids (``points``) or
grid cells with their ``cellCount`` (the other styles), encoded as the UTFGrid spec says.
``ttl`` sets ``Cache-Control: public, max-age=<ttl>``. Coordinates outside the zoom level are
422; an unknown place or taxon is 404.
"""

from __future__ import annotations

import functools
import math
import struct
import zlib
from collections.abc import Iterable

from inatsdk.testing.observations.v1 import matching
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, int_param
from inatsdk.testing.seed import ObservationCore

__all__ = ["encode_png", "register"]

TILE = 256
GRID = 64  # UTFGrid resolution: 4 x 4 pixels per character
MAX_ZOOM = 21
STYLES = ("colored_heatmap", "grid", "heatmap", "points")

_COLORS: dict[str, tuple[int, int, int]] = {
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
    "yellow": (255, 255, 0),
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
}
_DEFAULT_COLOR = (116, 172, 0)  # iNaturalist green, #74ac00
_ICONIC_COLORS: dict[int, tuple[int, int, int]] = {
    3: (30, 144, 255),  # birds
    40151: (30, 144, 255),
    47126: (115, 172, 19),  # plants
    47170: (255, 20, 147),  # fungi
    47158: (255, 69, 0),  # insects
}


# ---------------------------------------------------------------------------------------------
# PNG and UTFGrid encoding
# ---------------------------------------------------------------------------------------------


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(pixels: bytearray | bytes, width: int = TILE, height: int = TILE) -> bytes:
    """An RGBA PNG (8 bits a channel) of ``pixels``, rows top to bottom, 4 bytes a pixel."""
    stride = width * 4
    if len(pixels) != stride * height:
        raise ValueError("pixels do not match the image size")
    raw = b"".join(b"\x00" + bytes(pixels[i : i + stride]) for i in range(0, len(pixels), stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )


def _utf_char(index: int) -> str:
    code = index + 32
    if code >= 34:  # skip '"'
        code += 1
    if code >= 92:  # skip '\'
        code += 1
    return chr(code)


class _Canvas:
    def __init__(self) -> None:
        self.pixels = bytearray(TILE * TILE * 4)

    def blend(self, px: int, py: int, rgb: tuple[int, int, int], alpha: int) -> None:
        if not (0 <= px < TILE and 0 <= py < TILE) or alpha <= 0:
            return
        i = (py * TILE + px) * 4
        old = self.pixels[i + 3]
        self.pixels[i : i + 3] = bytes(rgb)
        self.pixels[i + 3] = min(255, old + alpha)

    def square(self, px: int, py: int, half: int, rgb: tuple[int, int, int], alpha: int) -> None:
        for yy in range(py - half, py + half + 1):
            for xx in range(px - half, px + half + 1):
                self.blend(xx, yy, rgb, alpha)

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, rgb: tuple[int, int, int], alpha: int
    ) -> None:
        left, right = max(0, math.floor(x0)), min(TILE, math.ceil(x1))
        top, bottom = max(0, math.floor(y0)), min(TILE, math.ceil(y1))
        if left >= right or top >= bottom:
            return
        fill = bytes((*rgb, alpha)) * (right - left)
        for yy in range(top, bottom):
            i = (yy * TILE + left) * 4
            self.pixels[i : i + len(fill)] = fill

    def png(self) -> bytes:
        return encode_png(self.pixels)


# ---------------------------------------------------------------------------------------------
# Web Mercator
# ---------------------------------------------------------------------------------------------


def _world_px(lat: float, lng: float, zoom: int) -> tuple[float, float]:
    """Global pixel coordinates of a point at ``zoom``."""
    size = TILE * 2**zoom
    lat = max(-85.05112878, min(85.05112878, lat))
    x = (lng + 180.0) / 360.0 * size
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size
    return x, y


def _tile_args(ctx: RequestContext) -> tuple[int, int, int]:
    try:
        zoom, x, y = (int(ctx.path_params[k]) for k in ("zoom", "x", "y"))
    except ValueError:
        raise ApiError(422, "tile coordinates must be integers") from None
    if not 0 <= zoom <= MAX_ZOOM or not (0 <= x < 2**zoom and 0 <= y < 2**zoom):
        raise ApiError(422, f"invalid tile coordinates {zoom}/{x}/{y}")
    return zoom, x, y


def _color(ctx: RequestContext, default: tuple[int, int, int]) -> tuple[int, int, int]:
    raw = (ctx.query.get("color") or "").strip().lower()
    if not raw:
        return default
    if raw.startswith("#") and len(raw) == 7:
        try:
            return (int(raw[1:3], 16), int(raw[3:5], 16), int(raw[5:7], 16))
        except ValueError:
            return default
    return _COLORS.get(raw, default)


def _png_reply(ctx: RequestContext, canvas: _Canvas) -> Reply:
    ttl = int_param(ctx.query, "ttl")
    headers = (("Cache-Control", f"public, max-age={ttl}"),) if ttl is not None else ()
    return Reply(status=200, body=canvas.png(), content_type="image/png", headers=headers)


# ---------------------------------------------------------------------------------------------
# Observation tiles
# ---------------------------------------------------------------------------------------------


def _public_point(o: ObservationCore) -> tuple[float, float] | None:
    if o.lat is None or o.lng is None or o.geoprivacy == "private":
        return None
    if o.geoprivacy == "obscured":
        return (o.lat // 0.2) * 0.2 + 0.1, (o.lng // 0.2) * 0.2 + 0.1
    return o.lat, o.lng


def _in_tile(
    ctx: RequestContext, zoom: int, x: int, y: int
) -> list[tuple[ObservationCore, int, int, float, float]]:
    """(observation, pixel x, pixel y, lat, lng) of each selected observation in the tile,
    newest first."""
    records = matching(ctx)
    out: list[tuple[ObservationCore, int, int, float, float]] = []
    for o in reversed(records):
        point = _public_point(o)
        if point is None:
            continue
        gx, gy = _world_px(point[0], point[1], zoom)
        px, py = int(gx - x * TILE), int(gy - y * TILE)
        if 0 <= px < TILE and 0 <= py < TILE:
            out.append((o, px, py, point[0], point[1]))
    return out


def _cell_size(style: str) -> int:
    """Pixels per side of a counting cell: a grid cell, or a heatmap blob."""
    return 32 if style == "grid" else 16


def observation_png(ctx: RequestContext, style: str) -> Reply:
    zoom, x, y = _tile_args(ctx)
    canvas = _Canvas()
    base = _color(ctx, _DEFAULT_COLOR)
    taxa = ctx.store.renderer.taxa
    found = _in_tile(ctx, zoom, x, y)
    if style == "points":
        for o, px, py, _, _ in found:
            rgb = base
            if "color" not in ctx.query and o.taxon_id is not None:
                rgb = _ICONIC_COLORS.get(taxa[o.taxon_id].iconic_taxon_id or 0, base)
            canvas.square(px, py, 2, rgb, 220)
    else:
        size = _cell_size(style)
        counts: dict[tuple[int, int], int] = {}
        for _, px, py, _, _ in found:
            key = (px // size, py // size)
            counts[key] = counts.get(key, 0) + 1
        for (cx, cy), n in counts.items():
            alpha = min(230, 60 + 40 * n)
            if style == "grid":
                canvas.rect(
                    cx * size, cy * size, (cx + 1) * size - 1, (cy + 1) * size - 1, base, alpha
                )
            else:
                rgb = base if style == "heatmap" else (255, max(0, 200 - 30 * n), 0)
                canvas.square(
                    cx * size + size // 2, cy * size + size // 2, size // 2 - 1, rgb, alpha
                )
    return _png_reply(ctx, canvas)


def observation_grid(ctx: RequestContext, style: str) -> Reply:
    zoom, x, y = _tile_args(ctx)
    found = _in_tile(ctx, zoom, x, y)
    cells = [[0] * GRID for _ in range(GRID)]
    keys: list[str] = [""]
    data: dict[str, JSON] = {}
    taxa = ctx.store.renderer.taxa
    block = TILE // GRID
    if style == "points":
        for o, px, py, lat, lng in found:
            row, col = py // block, px // block
            if cells[row][col]:
                continue  # the newest observation of a cell is the one on top
            key = str(o.id)
            keys.append(key)
            cells[row][col] = len(keys) - 1
            data[key] = {
                "id": o.id,
                "uuid": o.uuid,
                "latitude": round(lat, 6),
                "longitude": round(lng, 6),
                "captive": o.captive,
                "quality_grade": o.quality_grade,
                "geoprivacy": o.geoprivacy,
                "iconic_taxon_id": taxa[o.taxon_id].iconic_taxon_id if o.taxon_id else None,
            }
    else:
        size = _cell_size(style)
        span = size // block
        counts: dict[tuple[int, int], int] = {}
        for _, px, py, _, _ in found:
            key_xy = (px // size, py // size)
            counts[key_xy] = counts.get(key_xy, 0) + 1
        for (cx, cy), n in sorted(counts.items()):
            key = f"{cx},{cy}"
            keys.append(key)
            index = len(keys) - 1
            data[key] = {"cellCount": n}
            for row in range(cy * span, (cy + 1) * span):
                for col in range(cx * span, (cx + 1) * span):
                    cells[row][col] = index
    grid = ["".join(_utf_char(i) for i in row) for row in cells]
    return json_reply({"grid": grid, "keys": keys, "data": data})


# ---------------------------------------------------------------------------------------------
# Polygon tiles
# ---------------------------------------------------------------------------------------------


def _boxes_png(
    ctx: RequestContext,
    boxes: Iterable[tuple[float, float, float, float]],
    rgb: tuple[int, int, int],
) -> Reply:
    zoom, x, y = _tile_args(ctx)
    canvas = _Canvas()
    for swlat, swlng, nelat, nelng in boxes:
        x0, y0 = _world_px(nelat, swlng, zoom)
        x1, y1 = _world_px(swlat, nelng, zoom)
        canvas.rect(x0 - x * TILE, y0 - y * TILE, x1 - x * TILE, y1 - y * TILE, rgb, 110)
    return _png_reply(ctx, canvas)


def _path_id(ctx: RequestContext, name: str) -> int:
    try:
        return int(ctx.path_params[name])
    except ValueError:
        raise ApiError(422, f"{name} must be an integer") from None


def place_png(ctx: RequestContext) -> Reply:
    place_id = _path_id(ctx, "place_id")
    row = ctx.store.place_catalog().by_id.get(place_id)
    if row is None:
        raise ApiError(404, f"Unknown place_id {place_id}")
    return _boxes_png(ctx, [row.bbox], (255, 102, 0))


def _taxon_boxes(ctx: RequestContext) -> list[tuple[float, float, float, float]]:
    taxon_id = _path_id(ctx, "taxon_id")
    renderer = ctx.store.renderer
    if taxon_id not in renderer.taxa:
        raise ApiError(404, f"Unknown taxon_id {taxon_id}")
    places: set[int] = set()
    for tid, where in renderer.taxon_places.items():
        if taxon_id in renderer.taxa[tid].ancestor_ids:
            places.update(where)
    return [renderer.places[p].bbox for p in sorted(places)]


def taxon_places_png(ctx: RequestContext) -> Reply:
    return _boxes_png(ctx, _taxon_boxes(ctx), (44, 160, 44))


def taxon_ranges_png(ctx: RequestContext) -> Reply:
    return _boxes_png(ctx, _taxon_boxes(ctx), _color(ctx, (255, 90, 0)))


def register(router: Router) -> None:
    for style in STYLES:
        prefix = f"/v1/{style}/<int:zoom>/<int:x>/<int:y>"
        router.add(
            "GET", f"{prefix}.png", functools.partial(observation_png, style=style), version="v1"
        )
        router.add(
            "GET",
            f"{prefix}.grid.json",
            functools.partial(observation_grid, style=style),
            version="v1",
        )
    tile = "<int:zoom>/<int:x>/<int:y>.png"
    router.add("GET", f"/v1/places/<place_id>/{tile}", place_png, version="v1")
    router.add("GET", f"/v1/taxon_places/<taxon_id>/{tile}", taxon_places_png, version="v1")
    router.add("GET", f"/v1/taxon_ranges/<taxon_id>/{tile}", taxon_ranges_png, version="v1")
