"""Places (``/places``), as returned by the places API and as embedded in other records."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import Coordinates, GeoJSON

if TYPE_CHECKING:
    from inatsdk.models.user import User

__all__ = ["NearbyPlaces", "Place"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Place(BaseModel):
    """A place: a country, state, park, or a user-drawn area."""

    id: int | None = None
    uuid: str | None = None
    name: str | None = None
    """The place's own name, e.g. ``"California"``."""
    display_name: str | None = None
    """Name with its ancestors, e.g. ``"Riversdale, CA, NZ"``."""
    display_name_autocomplete: str | None = None
    slug: str | None = None
    """The place's name in URLs; ``/places/{id}`` takes it instead of the id."""
    place_type: int | None = None
    """Numeric place type (e.g. 29 continent, 12 country, 8 state, 9 county, 100 open space)."""
    admin_level: int | None = None
    """Administrative level: -10 continent, 0 country, 10 state, 20 county, 30 town, 100 park;
    ``None`` for community (user-drawn) places."""
    ancestry: str | None = None
    ancestor_place_ids: list[int] | None = None
    """Ids of the places this one is in, from the top down, ending with this place's own."""
    location: Coordinates | None = None
    """A representative point of the place."""
    bbox_area: float | None = None
    """The area of the bounding box, in square degrees."""
    geometry_geojson: GeoJSON | None = None
    """The boundary (a ``Polygon`` or ``MultiPolygon``)."""
    bounding_box_geojson: GeoJSON | None = None
    point_geojson: GeoJSON | None = None
    observations_count: int | None = None
    matched_term: str | None = None
    universal_search_rank: int | None = None
    without_check_list: bool | None = None
    user: User | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class NearbyPlaces(BaseModel):
    """What ``/places/nearby`` answers: the places in or around a bounding box, in two lists.

    ``standard`` holds official places (continents, countries, states...; those with an
    ``admin_level``), largest level first; ``community`` holds places users drew that are not
    much larger than the box. Each list holds at most the ``per_page`` asked for (at most 20).
    """

    standard: list[Place] | None = None
    """Official places, continents first."""
    community: list[Place] | None = None
    """Places drawn by users (no ``admin_level``)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("standard", "community")

    def all(self) -> list[Place]:
        """Both lists in one: the standard places, then the community ones."""
        return [*(self.standard or ()), *(self.community or ())]
