"""Request parameters of undocumented v1 routes: ``GET /v1/places/containing`` and
``GET /v1/observation_fields/autocomplete``.

The server has these routes but its swagger leaves them out, so nothing here is generated: the
parameters are the ones the server's own controllers read (iNaturalistAPI,
``lib/controllers/v1/places_controller.js`` and ``observation_fields_controller.js``). Paging
(``page``, ``per_page``) is left to the paginator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

__all__ = [
    "OBSERVATION_FIELDS_AUTOCOMPLETE_KEYS",
    "PLACES_CONTAINING_KEYS",
    "ObservationFieldsAutocompleteParams",
    "PlacesContainingParams",
]


class PlacesContainingParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/places/containing`` (undocumented upstream)."""

    lat: float
    """Latitude of the point, in decimal degrees. Required."""
    lng: float
    """Longitude of the point, in decimal degrees. Required."""
    include_community_places: bool
    """Also give continents and places drawn by users; by default only countries, states and
    counties (admin levels 0 to 20) are given."""


class ObservationFieldsAutocompleteParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/observation_fields/autocomplete`` (undocumented
    upstream)."""

    q: str
    """Every word must start a word of the field's name. Required."""
    not_id: int | Sequence[int]
    """Leave out the fields with these ids."""


PLACES_CONTAINING_KEYS: frozenset[str] = frozenset(PlacesContainingParams.__annotations__)
"""The names :class:`PlacesContainingParams` declares."""

OBSERVATION_FIELDS_AUTOCOMPLETE_KEYS: frozenset[str] = frozenset(
    ObservationFieldsAutocompleteParams.__annotations__
)
"""The names :class:`ObservationFieldsAutocompleteParams` declares."""
