"""Places, as embedded in other records (full place support lives with the places API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import Coordinates, GeoJSON

if TYPE_CHECKING:
    from inatsdk.models.user import User

__all__ = ["Place"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Place(BaseModel):
    """A place: a country, state, park, or a user-drawn area."""

    id: int | None = None
    uuid: str | None = None
    name: str | None = None
    display_name: str | None = None
    """Name with its ancestors, e.g. ``"Riversdale, CA, NZ"``."""
    display_name_autocomplete: str | None = None
    slug: str | None = None
    place_type: int | None = None
    """Numeric place type (e.g. 12 country, 8 state)."""
    admin_level: int | None = None
    """Administrative level: 0 country, 10 state, 20 county, ``None`` for user places."""
    ancestry: str | None = None
    ancestor_place_ids: list[int] | None = None
    location: Coordinates | None = None
    """A representative point of the place."""
    bbox_area: float | None = None
    geometry_geojson: GeoJSON | None = None
    bounding_box_geojson: GeoJSON | None = None
    point_geojson: GeoJSON | None = None
    observations_count: int | None = None
    matched_term: str | None = None
    universal_search_rank: int | None = None
    without_check_list: bool | None = None
    user: User | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")
