"""Small value types shared by several resources: coordinates, GeoJSON, date details."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel

__all__ = ["Coordinates", "DateDetails", "GeoJSON"]


@attrs.define(frozen=True, kw_only=True)
class Coordinates:
    """A latitude/longitude pair in decimal degrees (WGS 84).

    The API writes coordinates as a ``"lat,lng"`` string (``location``, ``private_location``) or,
    in some responses, as a ``[lat, lng]`` list. A parsed value remembers the exact JSON it came
    from and :meth:`to_json` gives that back unchanged, so no digit is lost in a round trip. The
    class is frozen: to move a point, make a new one (it is then written as ``"lat,lng"``).
    """

    latitude: float
    """Degrees north of the equator (-90 to 90)."""
    longitude: float
    """Degrees east of Greenwich (-180 to 180)."""
    raw: str | list[Any] | None = attrs.field(default=None, eq=False, repr=False)
    """The JSON value this was parsed from, if any; what :meth:`to_json` returns."""

    @classmethod
    def from_json(cls, data: str | Sequence[Any]) -> Coordinates:
        """Parse ``"lat,lng"`` or ``[lat, lng]``; raise :class:`ValueError` for anything else."""
        if isinstance(data, str):
            lat, sep, lng = data.partition(",")
            if not sep:
                raise ValueError(f"not a 'lat,lng' string: {data!r}")
            return cls(latitude=float(lat), longitude=float(lng), raw=data)
        try:  # a list or tuple of two numbers (anything else fails here)
            pair = list(data)
            lat_value, lng_value = pair
            return cls(latitude=float(lat_value), longitude=float(lng_value), raw=pair)
        except (TypeError, ValueError):
            pass
        raise ValueError(f"not a coordinate pair: {data!r}")

    def to_json(self) -> str | list[Any]:
        """The JSON value: the one parsed, unchanged, or ``"lat,lng"`` for a new point."""
        if isinstance(self.raw, list):
            return list(self.raw)
        if self.raw is not None:
            return self.raw
        return f"{self.latitude!r},{self.longitude!r}"

    def __repr__(self) -> str:
        return f"Coordinates(latitude={self.latitude!r}, longitude={self.longitude!r})"


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class GeoJSON(BaseModel):
    """A GeoJSON geometry: a ``Point`` (observations, places) or a (multi)polygon (places).

    ``coordinates`` is kept exactly as received (GeoJSON order is longitude first); for a point,
    :attr:`point` gives it as typed :class:`Coordinates`.
    """

    type: str | None = None
    """The geometry type, e.g. ``"Point"``, ``"Polygon"``, ``"MultiPolygon"``."""
    coordinates: list[Any] | None = None
    """The raw GeoJSON coordinates (``[lng, lat]`` for a point; nested rings for polygons)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("type",)

    @property
    def point(self) -> Coordinates | None:
        """This geometry as :class:`Coordinates` if it is a point, else ``None``."""
        coords = self.coordinates
        if self.type != "Point" or coords is None or len(coords) != 2:
            return None
        try:
            return Coordinates(latitude=float(coords[1]), longitude=float(coords[0]))
        except (TypeError, ValueError):
            return None

    def __repr__(self) -> str:
        point = self.point
        if point is not None:
            return (
                f"GeoJSON(type='Point', latitude={point.latitude!r}, longitude={point.longitude!r})"
            )
        return super().__repr__()


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class DateDetails(BaseModel):
    """The calendar parts of a date the API precomputes (``created_at_details``,
    ``observed_on_details``)."""

    date: _dt.date | None = None
    """The date itself."""
    day: int | None = None
    hour: int | None = None
    month: int | None = None
    week: int | None = None
    """ISO week of the year."""
    year: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("date",)
