"""Request parameters of the observation routes the v1 server has but its spec leaves out.

Written by hand from the server's source (iNaturalistAPI
``lib/controllers/v1/observations_controller.js``), since the swagger has nothing to generate
them from. The aggregates (``quality_grades``, ``iconic_taxa_counts``, ``taxonomy``,
``similar_species``) run the observation search with its filters and no paging, so their
parameters are the search filters, :class:`ObservationFilterParams`, the set the documented
aggregates (``/observations/popular_field_values``, ``/observers``...) declare. Path parameters
(an observation id) and a required taxon are positional arguments of the controller methods.

:data:`ALLOWED` maps each route to the names it takes, so an unknown name is caught before
anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

from inatsdk.params.v1 import ObservationsPopularFieldValuesParams

__all__ = [
    "ALLOWED",
    "ObservationFilterParams",
    "ObservationsIconicTaxaCountsParams",
    "ObservationsQualityGradesParams",
    "ObservationsQualityMetricsParams",
    "ObservationsSimilarSpeciesParams",
    "ObservationsTaxonomyParams",
]


class ObservationFilterParams(ObservationsPopularFieldValuesParams, total=False):
    """The filters of the observation search (``taxon_id``, ``place_id``, ``user_id``, ``d1``,
    ``quality_grade``, ...) without paging or ordering, plus ``locale``,
    ``preferred_place_id`` and ``ttl``: what every observation aggregate takes."""


class ObservationsQualityGradesParams(ObservationFilterParams, total=False):
    """Query parameters of ``GET /v1/observations/quality_grades`` (undocumented upstream): the
    observation search filters."""


class ObservationsIconicTaxaCountsParams(ObservationFilterParams, total=False):
    """Query parameters of ``GET /v1/observations/iconic_taxa_counts`` (undocumented upstream):
    the observation search filters; ``locale`` and ``preferred_place_id`` choose the taxa's
    common names."""


class ObservationsTaxonomyParams(ObservationFilterParams, total=False):
    """Query parameters of ``GET /v1/observations/taxonomy`` (undocumented upstream): the
    observation search filters, usually ``user_id`` (a life list), often with ``taxon_id``,
    ``place_id`` or ``d1``/``d2``."""


class ObservationsSimilarSpeciesParams(ObservationFilterParams, total=False):
    """Query parameters of ``GET /v1/observations/similar_species`` (undocumented upstream),
    besides ``taxon_id`` (the controller method's argument): the observation search filters,
    which narrow the observations whose identifications are compared (``place_id``, ``d1``,
    ``quality_grade``...)."""


class ObservationsQualityMetricsParams(TypedDict, total=False):
    """Query parameters of ``GET /v1/observations/{id}/quality_metrics`` (undocumented
    upstream): none."""


def _keys(cls: type) -> frozenset[str]:
    required: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
    optional: frozenset[str] = getattr(cls, "__optional_keys__", frozenset())
    return required | optional


#: Spec path -> the query parameter names the route takes.
ALLOWED: Mapping[str, frozenset[str]] = {
    "/observations/quality_grades": _keys(ObservationsQualityGradesParams),
    "/observations/iconic_taxa_counts": _keys(ObservationsIconicTaxaCountsParams),
    "/observations/taxonomy": _keys(ObservationsTaxonomyParams),
    "/observations/similar_species": _keys(ObservationsSimilarSpeciesParams) - {"taxon_id"},
    "/observations/{id}/quality_metrics": _keys(ObservationsQualityMetricsParams),
}
