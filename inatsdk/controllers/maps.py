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
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    TILE_COLORED_HEATMAP,
    TILE_GRID,
    TILE_GRID_V2,
    TILE_HEATMAP,
    TILE_HEATMAP_V2,
    TILE_PLACE,
    TILE_PLACE_V2,
    TILE_POINTS,
    TILE_POINTS_V2,
    TILE_TAXON_PLACES,
    TILE_TAXON_PLACES_V2,
    TILE_TAXON_RANGE,
    TILE_TAXON_RANGE_V2,
    UTFGRID_COLORED_HEATMAP,
    UTFGRID_GRID,
    UTFGRID_GRID_V2,
    UTFGRID_HEATMAP,
    UTFGRID_HEATMAP_V2,
    UTFGRID_POINTS,
    UTFGRID_POINTS_V2,
)
from inatsdk.envelope import object_of, parse_records
from inatsdk.errors import InvalidParameterError
from inatsdk.models import UTFGrid

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel
    from inatsdk.params.v1 import (
        PlacesPngParams,
        PointsGridJsonParams,
        PointsPngParams,
        TaxonPlacesPngParams,
        TaxonRangesPngParams,
    )
    from inatsdk.params.v2 import PlacesPngParams as PlacesPngParamsV2
    from inatsdk.params.v2 import PointsGridJsonParams as PointsGridJsonParamsV2
    from inatsdk.params.v2 import PointsPngParams as PointsPngParamsV2
    from inatsdk.params.v2 import TaxonPlacesPngParams as TaxonPlacesPngParamsV2
    from inatsdk.params.v2 import TaxonRangesPngParams as TaxonRangesPngParamsV2
    from inatsdk.requester import PathValue, Requester
    from inatsdk.session import ApiResponse

__all__ = ["MAX_ZOOM", "MapsController", "TileStyle", "check_tile", "fetch_tile_v2"]

M = TypeVar("M", bound="BaseModel")

TileStyle: TypeAlias = Literal["colored_heatmap", "grid", "heatmap", "points"]
"""The observation tile styles: ``points`` (one dot per observation), ``grid`` (counts per
square), ``heatmap`` and ``colored_heatmap``."""

TILE_STYLES: tuple[TileStyle, ...] = ("colored_heatmap", "grid", "heatmap", "points")

MAX_ZOOM = 21
"""The deepest zoom level the API serves."""

#: The operation of each observation tile style: PNG tiles, and their UTFGrids.
_TILES: dict[str, Operation[BaseModel]] = {
    "colored_heatmap": TILE_COLORED_HEATMAP,
    "grid": TILE_GRID,
    "heatmap": TILE_HEATMAP,
    "points": TILE_POINTS,
}
_UTFGRIDS: dict[str, Operation[UTFGrid]] = {
    "colored_heatmap": UTFGRID_COLORED_HEATMAP,
    "grid": UTFGRID_GRID,
    "heatmap": UTFGRID_HEATMAP,
    "points": UTFGRID_POINTS,
}


def _style_row(rows: Mapping[str, Operation[M]], style: object) -> Operation[M]:
    """The operation of ``style`` (one of :data:`TILE_STYLES`)."""
    if not isinstance(style, str) or style not in rows:
        raise InvalidParameterError(
            f"tile style must be one of {', '.join(TILE_STYLES)}, not {style!r}"
        )
    return rows[style]


def _coordinate(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterError(f"tile {name} must be an integer, not {value!r}")
    return value


def check_tile(zoom: object, x: object, y: object) -> None:
    """Refuse coordinates outside the tile grid before anything is sent."""
    z = _coordinate("zoom", zoom)
    column, row = _coordinate("x", x), _coordinate("y", y)
    if not 0 <= z <= MAX_ZOOM:
        raise InvalidParameterError(f"tile zoom must be between 0 and {MAX_ZOOM}, not {z}")
    side = 2**z
    for name, value in (("x", column), ("y", row)):
        if not 0 <= value < side:
            raise InvalidParameterError(
                f"tile {name}={value} is outside zoom {z}, whose tiles are numbered 0 to {side - 1}"
            )


def fetch_tile_v2(
    requester: Requester,
    op: Operation[BaseModel],
    zoom: int,
    x: int,
    y: int,
    params: Mapping[str, object],
    *,
    dry_run: bool | None,
    where: str,
    ids: Mapping[str, PathValue] | None = None,
    arguments: Mapping[str, str] | None = None,
) -> ApiResponse:
    """One v2 tile (or UTFGrid) call, the coordinates checked first: the maps' tiles and the
    geomodel's share it. ``ids`` fills the path's other placeholders; ``arguments`` names them
    as the caller's method does, for messages."""
    check_tile(zoom, x, y)
    return requester.call_v2(
        op,
        params,
        path={"zoom": zoom, "x": x, "y": y, **(ids or {})},
        dry_run=dry_run,
        where=where,
        arguments=arguments,
    )


TileStyleV2 = Literal["grid", "heatmap", "points"]
"""The observation tile styles v2 draws (no ``colored_heatmap``)."""

_TILES_V2: dict[str, Operation[BaseModel]] = {
    "grid": TILE_GRID_V2,
    "heatmap": TILE_HEATMAP_V2,
    "points": TILE_POINTS_V2,
}
_UTFGRIDS_V2: dict[str, Operation[UTFGrid]] = {
    "grid": UTFGRID_GRID_V2,
    "heatmap": UTFGRID_HEATMAP_V2,
    "points": UTFGRID_POINTS_V2,
}


class MapsController(BaseController):
    """Map tiles: observations (four styles), places, and taxa's places and ranges.

    PNG tiles come back as ``bytes`` (``b""`` in dry-run); UTFGrids as
    :class:`~inatsdk.models.UTFGrid`. Tile coordinates are checked before anything is sent.
    """

    resource = "maps"

    def _fetch(
        self,
        op: Operation[BaseModel],
        zoom: int,
        x: int,
        y: int,
        params: Mapping[str, object],
        dry_run: bool | None,
        **ids: PathValue,
    ) -> ApiResponse:
        check_tile(zoom, x, y)
        return self._requester.get(
            op, params, path={"zoom": zoom, "x": x, "y": y, **ids}, dry_run=dry_run
        )

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
        op = _style_row(_TILES, style)
        return self._fetch(op, zoom, x, y, params, dry_run).content

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
        op = _style_row(_UTFGRIDS, style)
        response = self._fetch(op, zoom, x, y, params, dry_run)
        if response.dry_run:
            return UTFGrid()
        grid = object_of(response)
        return parse_records(UTFGrid.from_json, [grid], url=response.url)[0]

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
        response = self._fetch(TILE_PLACE, zoom, x, y, params, dry_run, place_id=place_id)
        return response.content

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
        response = self._fetch(TILE_TAXON_PLACES, zoom, x, y, params, dry_run, taxon_id=taxon_id)
        return response.content

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
        response = self._fetch(TILE_TAXON_RANGE, zoom, x, y, params, dry_run, taxon_id=taxon_id)
        return response.content

    # --- v2 -----------------------------------------------------------------------------------

    def _fetch_v2(
        self,
        op: Operation[BaseModel],
        zoom: int,
        x: int,
        y: int,
        params: Mapping[str, object],
        dry_run: bool | None,
        name: str,
        argument: str = "id",
        **ids: PathValue,
    ) -> ApiResponse:
        """``argument`` is the caller's name for the path's id, for error messages."""
        return fetch_tile_v2(
            self._requester,
            op,
            zoom,
            x,
            y,
            params,
            dry_run=dry_run,
            where=self._caller(name),
            ids=ids,
            arguments=dict.fromkeys(ids, argument),
        )

    def tile_v2(
        self,
        style: TileStyleV2,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PointsPngParamsV2],
    ) -> bytes:
        """An observation tile from v2, as PNG bytes. Calls
        ``GET /v2/grid/{zoom}/{x}/{y}.png``, ``GET /v2/heatmap/{zoom}/{x}/{y}.png`` or
        ``GET /v2/points/{zoom}/{x}/{y}.png``, by ``style`` (v2 has no colored heatmap)."""
        op = _style_row(_TILES_V2, style)
        return self._fetch_v2(op, zoom, x, y, params, dry_run, "tile_v2").content

    def utfgrid_v2(
        self,
        style: TileStyleV2,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PointsGridJsonParamsV2],
    ) -> UTFGrid:
        """The UTFGrid of an observation tile, from v2. Calls
        ``GET /v2/grid/{zoom}/{x}/{y}.grid.json``, ``GET /v2/heatmap/{zoom}/{x}/{y}.grid.json``
        or ``GET /v2/points/{zoom}/{x}/{y}.grid.json``, by ``style``."""
        op = _style_row(_UTFGRIDS_V2, style)
        response = self._fetch_v2(op, zoom, x, y, params, dry_run, "utfgrid_v2")
        if response.dry_run:
            return UTFGrid()
        return parse_records(UTFGrid.from_json, [object_of(response)], url=response.url)[0]

    def place_tile_v2(
        self,
        place: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PlacesPngParamsV2],
    ) -> bytes:
        """A tile of a place's boundary, from v2. Calls
        ``GET /v2/places/{id}/{zoom}/{x}/{y}.png``."""
        return self._fetch_v2(
            TILE_PLACE_V2, zoom, x, y, params, dry_run, "place_tile_v2", "place", id=place
        ).content

    def taxon_places_tile_v2(
        self,
        taxon: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxonPlacesPngParamsV2],
    ) -> bytes:
        """A tile of the places where a taxon is listed, from v2. Calls
        ``GET /v2/taxon_places/{id}/{zoom}/{x}/{y}.png``."""
        return self._fetch_v2(
            TILE_TAXON_PLACES_V2,
            zoom,
            x,
            y,
            params,
            dry_run,
            "taxon_places_tile_v2",
            "taxon",
            id=taxon,
        ).content

    def taxon_range_tile_v2(
        self,
        taxon: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxonRangesPngParamsV2],
    ) -> bytes:
        """A tile of a taxon's range map, from v2. Calls
        ``GET /v2/taxon_ranges/{id}/{zoom}/{x}/{y}.png``."""
        return self._fetch_v2(
            TILE_TAXON_RANGE_V2,
            zoom,
            x,
            y,
            params,
            dry_run,
            "taxon_range_tile_v2",
            "taxon",
            id=taxon,
        ).content
