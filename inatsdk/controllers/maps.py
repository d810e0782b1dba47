"""``client.maps``: map tiles (PNG images) and their UTFGrid interactivity layers.

Tiles follow the XYZ ("slippy map") scheme: at ``zoom`` z the world is 2**z by 2**z tiles of 256
pixels, ``x`` counted from the antimeridian eastwards and ``y`` from the north. Observation tiles
take the observation search's filters (``taxon_id=``, ``user_id=``, ``quality_grade=``...)::

    png = client.maps.tile("points", 5, 5, 12, taxon_id=47126)
    grid = client.maps.utfgrid("points", 5, 5, 12, taxon_id=47126)
    Path("tile.png").write_bytes(png)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, TypeAlias

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController, _as_id
from inatsdk.endpoints import ENDPOINTS, Endpoint
from inatsdk.errors import InvalidParameterError
from inatsdk.models import UTFGrid
from inatsdk.params.encode import check_params, encode_params

if TYPE_CHECKING:
    from inatsdk.params.v1 import (
        PlacesPngParams,
        PointsGridJsonParams,
        PointsPngParams,
        TaxonPlacesPngParams,
        TaxonRangesPngParams,
    )

__all__ = ["MAX_ZOOM", "MapsController", "TileStyle"]

TileStyle: TypeAlias = Literal["colored_heatmap", "grid", "heatmap", "points"]
"""The observation tile styles: ``points`` (one dot per observation), ``grid`` (counts per
square), ``heatmap`` and ``colored_heatmap``."""

TILE_STYLES: tuple[TileStyle, ...] = ("colored_heatmap", "grid", "heatmap", "points")

MAX_ZOOM = 21
"""The deepest zoom level the API serves."""


def _tile_path(template: str, zoom: int, x: int, y: int, **ids: int) -> str:
    for name, value in (("zoom", zoom), ("x", x), ("y", y), *ids.items()):
        template = template.replace("{" + name + "}", str(value))
    return template


def _check_tile(zoom: int, x: int, y: int) -> None:
    for name, value in (("zoom", zoom), ("x", x), ("y", y)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidParameterError(f"tile {name} must be an integer, not {value!r}")
    if not 0 <= zoom <= MAX_ZOOM:
        raise InvalidParameterError(f"tile zoom must be between 0 and {MAX_ZOOM}, not {zoom}")
    side = 2**zoom
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < side:
            raise InvalidParameterError(
                f"tile {name}={value} is outside zoom {zoom}, whose tiles are numbered 0 to "
                f"{side - 1}"
            )


class MapsController(BaseController):
    """Map tiles: observations (four styles), places, and taxa's places and ranges.

    PNG tiles come back as ``bytes`` (``b""`` in dry-run); UTFGrids as
    :class:`~inatsdk.models.UTFGrid`. Tile coordinates are checked before anything is sent.
    """

    resource = "maps"

    def _route(self, method_name: str, path: str) -> Endpoint:
        qualname = f"{type(self).__name__}.{method_name}"
        for ep in ENDPOINTS:
            if ep.qualname == qualname and ep.path == path:
                return ep
        raise KeyError(f"{qualname} {path}")  # pragma: no cover - the registry lists them all

    def _fetch(
        self,
        method_name: str,
        spec_path: str,
        zoom: int,
        x: int,
        y: int,
        params: Mapping[str, object],
        dry_run: bool | None,
        **ids: int,
    ) -> tuple[bytes, object]:
        _check_tile(zoom, x, y)
        ep = self._route(method_name, spec_path)
        check_params(ep.version, ep.method, ep.path, params, caller=f"client.maps.{method_name}()")
        path = _tile_path(ep.path, zoom, x, y, **ids)
        response = self._client._get(
            ep.version, path, encode_params(params), dry_run=dry_run, auth="none"
        )
        return response.content, response.json

    def tile(
        self,
        style: TileStyle,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PointsPngParams],
    ) -> bytes:
        """An observation tile, as PNG bytes. Calls
        ``GET /v1/colored_heatmap/{zoom}/{x}/{y}.png``, ``GET /v1/grid/{zoom}/{x}/{y}.png``,
        ``GET /v1/heatmap/{zoom}/{x}/{y}.png`` or ``GET /v1/points/{zoom}/{x}/{y}.png``, by
        ``style``.

        ``params`` are the observation search's filters, plus ``color=`` (a colour name or
        ``"#rrggbb"``).
        """
        if style not in TILE_STYLES:
            raise InvalidParameterError(
                f"tile style must be one of {', '.join(TILE_STYLES)}, not {style!r}"
            )
        content, _ = self._fetch(
            "tile", f"/{style}/{{zoom}}/{{x}}/{{y}}.png", zoom, x, y, params, dry_run
        )
        return content

    def utfgrid(
        self,
        style: TileStyle,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PointsGridJsonParams],
    ) -> UTFGrid:
        """The UTFGrid of an observation tile: what lies under each spot of it. Calls
        ``GET /v1/colored_heatmap/{zoom}/{x}/{y}.grid.json``,
        ``GET /v1/grid/{zoom}/{x}/{y}.grid.json``, ``GET /v1/heatmap/{zoom}/{x}/{y}.grid.json``
        or ``GET /v1/points/{zoom}/{x}/{y}.grid.json``, by ``style``.

        With ``points`` each feature is an observation (its ``id``...); with the other styles a
        cell, with its ``cell_count``. An empty :class:`~inatsdk.models.UTFGrid` in dry-run.
        """
        if style not in TILE_STYLES:
            raise InvalidParameterError(
                f"tile style must be one of {', '.join(TILE_STYLES)}, not {style!r}"
            )
        _, data = self._fetch(
            "utfgrid", f"/{style}/{{zoom}}/{{x}}/{{y}}.grid.json", zoom, x, y, params, dry_run
        )
        return UTFGrid.from_json(data) if isinstance(data, Mapping) else UTFGrid()

    def place_tile(
        self,
        place_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PlacesPngParams],
    ) -> bytes:
        """A tile of a place's boundary, as PNG bytes. Calls
        ``GET /v1/places/{place_id}/{zoom}/{x}/{y}.png``."""
        content, _ = self._fetch(
            "place_tile",
            "/places/{place_id}/{zoom}/{x}/{y}.png",
            zoom,
            x,
            y,
            params,
            dry_run,
            place_id=_as_id(place_id),
        )
        return content

    def taxon_places_tile(
        self,
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxonPlacesPngParams],
    ) -> bytes:
        """A tile of the places where a taxon is listed (its checklists), as PNG bytes.
        Calls ``GET /v1/taxon_places/{taxon_id}/{zoom}/{x}/{y}.png``."""
        content, _ = self._fetch(
            "taxon_places_tile",
            "/taxon_places/{taxon_id}/{zoom}/{x}/{y}.png",
            zoom,
            x,
            y,
            params,
            dry_run,
            taxon_id=_as_id(taxon_id),
        )
        return content

    def taxon_range_tile(
        self,
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxonRangesPngParams],
    ) -> bytes:
        """A tile of a taxon's range map, as PNG bytes. Calls
        ``GET /v1/taxon_ranges/{taxon_id}/{zoom}/{x}/{y}.png``; ``color=`` colours it."""
        content, _ = self._fetch(
            "taxon_range_tile",
            "/taxon_ranges/{taxon_id}/{zoom}/{x}/{y}.png",
            zoom,
            x,
            y,
            params,
            dry_run,
            taxon_id=_as_id(taxon_id),
        )
        return content
