"""Request parameters of the taxa routes the v1 server has but its spec leaves out.

Written by hand from the server's source (iNaturalistAPI ``lib/controllers/v1/taxa_controller.js``
and ``lib/routes_v1.js``), since the swagger has nothing to generate them from. Path
parameters (a taxon id) are positional arguments of the controller methods, not keys here, and
``page``/``per_page`` are managed by the paginators. ``ALLOWED`` maps each route to the names
it takes, so an unknown name is caught before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

__all__ = [
    "ALLOWED",
    "TaxaIconicParams",
    "TaxaLifelistMetadataParams",
    "TaxaMapLayersParams",
    "TaxaWantedParams",
]


class TaxaIconicParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/taxa/iconic`` (undocumented upstream).

    None: the server answers the same list of iconic taxa (Animalia, Aves, Plantae, ...) whatever
    the query says, in the signed-in user's locale.
    """


class TaxaLifelistMetadataParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/taxa/lifelist_metadata`` (undocumented upstream), besides
    ``observed_by_user_id``, which the controller method takes as its argument."""

    locale: str
    """Locale of the common names, e.g. ``"fr"`` (default: the signed-in user's, else English)."""
    preferred_place_id: int
    """Place whose regional common names are preferred."""


class TaxaWantedParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/taxa/{id}/wanted`` (undocumented upstream)."""

    locale: str
    """Locale of the common names, e.g. ``"fr"`` (default: the signed-in user's, else English)."""
    preferred_place_id: int
    """Place whose regional common names (and establishment means) are preferred."""


class TaxaMapLayersParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/taxa/{id}/map_layers`` (undocumented upstream): none."""


def _keys(cls: type) -> frozenset[str]:
    annotations: Mapping[str, object] = getattr(cls, "__annotations__", {})
    return frozenset(annotations)


#: Spec path -> the query parameter names the route takes (paging excluded).
ALLOWED: Mapping[str, frozenset[str]] = {
    "/taxa/iconic": _keys(TaxaIconicParams),
    "/taxa/lifelist_metadata": _keys(TaxaLifelistMetadataParams) | {"observed_by_user_id"},
    "/taxa/{id}/wanted": _keys(TaxaWantedParams),
    "/taxa/{id}/map_layers": _keys(TaxaMapLayersParams),
}
