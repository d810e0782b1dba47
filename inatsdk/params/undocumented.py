"""Where the query of each route the spec leaves out is declared.

The v1 server has routes its swagger does not document (``/taxa/iconic``,
``/observations/quality_grades``, ``/places/containing``...); their parameters are written by
hand as ``TypedDict`` classes in ``inatsdk.params.undocumented_*``. This module maps each such
route, by ``(version, method, path)`` with the path as in the operation tables, to its class, and
turns the class's annotations into :class:`~inatsdk.params.spec.ParamSpec` records, so that
:func:`inatsdk.params.checks.check_params` checks these routes like documented ones: names and
values.

Nothing is imported until a route is asked for, and each answer is kept.

>>> declared = declared_params("v1", "GET", "/places/containing")
>>> declared.listed_in
'inatsdk.params.undocumented_places.PlacesContainingParams'
>>> sorted(declared.names)
['include_community_places', 'lat', 'lng']
>>> declared.param("lat").type
'number'
"""

from __future__ import annotations

import functools
import importlib
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Final, Union

import attrs

from inatsdk.params.spec import ParamSpec

__all__ = [
    "SHARED_QUERY",
    "DeclaredParams",
    "declared_params",
    "params_from_typeddict",
    "typeddict_for",
    "undocumented_routes",
]

Key = tuple[str, str, str]
"""``(version, method, path)``: ``("v1", "GET", "/taxa/{id}/wanted")``."""


@attrs.frozen
class _Source:
    module: str
    cls: str
    extra: tuple[str, ...] = ()
    """Names the route takes besides the class's keys (a controller argument sent as a query
    parameter), checked as plain values."""
    excluded: tuple[str, ...] = ()
    """Keys of the class the caller may not give (the controller sets them itself)."""


_OBS = "inatsdk.params.undocumented_observations"
_TAXA = "inatsdk.params.undocumented_taxa"
_PLACES = "inatsdk.params.undocumented_places"

_ROUTES: Final[Mapping[Key, _Source]] = {
    ("v1", "GET", "/observations/quality_grades"): _Source(_OBS, "ObservationsQualityGradesParams"),
    ("v1", "GET", "/observations/iconic_taxa_counts"): _Source(
        _OBS, "ObservationsIconicTaxaCountsParams"
    ),
    ("v1", "GET", "/observations/taxonomy"): _Source(_OBS, "ObservationsTaxonomyParams"),
    ("v1", "GET", "/observations/similar_species"): _Source(
        _OBS, "ObservationsSimilarSpeciesParams", excluded=("taxon_id",)
    ),
    ("v1", "GET", "/observations/{id}/quality_metrics"): _Source(
        _OBS, "ObservationsQualityMetricsParams"
    ),
    ("v1", "GET", "/taxa/iconic"): _Source(_TAXA, "TaxaIconicParams"),
    ("v1", "GET", "/taxa/lifelist_metadata"): _Source(
        _TAXA, "TaxaLifelistMetadataParams", extra=("observed_by_user_id",)
    ),
    ("v1", "GET", "/taxa/{id}/wanted"): _Source(_TAXA, "TaxaWantedParams"),
    ("v1", "GET", "/taxa/{id}/map_layers"): _Source(_TAXA, "TaxaMapLayersParams"),
    ("v1", "GET", "/places/containing"): _Source(_PLACES, "PlacesContainingParams"),
    ("v1", "GET", "/observation_fields/autocomplete"): _Source(
        _PLACES, "ObservationFieldsAutocompleteParams"
    ),
}

SHARED_QUERY: Final[Mapping[Key, Key]] = {
    ("v1", "GET", "/identifications/recent_taxa_revisited"): (
        "v1",
        "GET",
        "/identifications/recent_taxa",
    ),
}
"""Undocumented routes that read a documented operation's query (the server shares the code):
they are checked against that operation."""


@attrs.frozen
class DeclaredParams:
    """The query parameters a hand-written ``TypedDict`` declares for one route."""

    listed_in: str
    """Where a reader finds them: ``inatsdk.params.undocumented_taxa.TaxaWantedParams``."""
    parameters: tuple[ParamSpec, ...]
    """One record per name, typed from the annotation (``int | Sequence[int]`` is an array of
    integers, ``str | date | datetime`` a date...)."""
    names: frozenset[str] = attrs.field(init=False)
    _by_name: Mapping[str, ParamSpec] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(p.name for p in self.parameters))
        object.__setattr__(self, "_by_name", {p.name: p for p in self.parameters})

    def param(self, name: str) -> ParamSpec | None:
        """The parameter called ``name``, or ``None``."""
        return self._by_name.get(name)


def typeddict_for(version: str, method: str, path: str) -> type | None:
    """The hand-written ``TypedDict`` of an undocumented route (or of the documented operation
    whose query it shares), or ``None``."""
    key = (version, method, path)
    source = _ROUTES.get(key)
    if source is None:
        return None
    found: object = getattr(importlib.import_module(source.module), source.cls)
    return found if isinstance(found, type) else None


def undocumented_routes() -> tuple[Key, ...]:
    """Every ``(version, method, path)`` with a hand-written declaration, in table order."""
    return tuple(_ROUTES)


@functools.cache
def declared_params(version: str, method: str, path: str) -> DeclaredParams | None:
    """The declaration of an undocumented route, or ``None`` when there is none."""
    source = _ROUTES.get((version, method.upper(), path))
    if source is None:
        return None
    cls = getattr(importlib.import_module(source.module), source.cls)
    if not isinstance(cls, type):  # pragma: no cover - a misnamed entry in _ROUTES
        raise TypeError(f"{source.module}.{source.cls} is not a class")
    excluded = frozenset(source.excluded)
    params = [p for p in params_from_typeddict(cls) if p.name not in excluded]
    params += [ParamSpec(name=n, location="query", type="string") for n in source.extra]
    return DeclaredParams(listed_in=f"{source.module}.{source.cls}", parameters=tuple(params))


# ---------------------------------------------------------------------------------------------
# Annotations -> ParamSpec
# ---------------------------------------------------------------------------------------------

_SEQUENCES: Final = frozenset({Sequence, list, tuple, set, frozenset})


def _members(hint: object) -> list[object]:
    """The alternatives of a union (nested unions flattened), or ``[hint]``."""
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        out: list[object] = []
        for arg in typing.get_args(hint):
            out.extend(_members(arg))
        return out
    return [hint]


def _kind(members: Sequence[object]) -> tuple[str | None, str | None, tuple[str, ...] | None]:
    """``(type, format, enum)`` of one value whose annotation has these alternatives."""
    literals: list[object] = []
    kinds: set[object] = set()
    for member in members:
        if typing.get_origin(member) is typing.Literal:
            literals.extend(typing.get_args(member))
        else:
            kinds.add(member)
    if bool in kinds:  # ``bool | Literal["any"]``: a boolean (``"any"`` is always accepted)
        return "boolean", None, None
    if literals and not kinds:
        texts = tuple(dict.fromkeys(_literal_text(v) for v in literals))  # once each, in order
        numeric = all(isinstance(v, int) and not isinstance(v, bool) for v in literals)
        return ("integer" if numeric else "string"), None, texts
    if date in kinds or datetime in kinds:
        return "string", ("date" if date in kinds else "date-time"), None
    if str in kinds or literals:
        return "string", None, None
    if kinds == {int}:
        return "integer", None, None
    if kinds and kinds <= {int, float}:
        return "number", None, None
    return None, None, None  # a file, or something this module does not know: not checked


def _literal_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _param_from_hint(name: str, hint: object) -> ParamSpec:
    singles: list[object] = []
    items: list[object] = []
    for member in _members(hint):
        if typing.get_origin(member) in _SEQUENCES:
            for arg in typing.get_args(member):
                items.extend(_members(arg))
        else:
            singles.append(member)
    if items:
        kind, fmt, enum = _kind(items + singles)
        if kind is None:
            return ParamSpec(name=name, location="query", type=None)
        return ParamSpec(
            name=name, location="query", type="array", item_type=kind, format=fmt, enum=enum
        )
    kind, fmt, enum = _kind(singles)
    return ParamSpec(name=name, location="query", type=kind, format=fmt, enum=enum)


@functools.cache
def params_from_typeddict(cls: type) -> tuple[ParamSpec, ...]:
    """One :class:`ParamSpec` per key of the ``TypedDict`` ``cls``, typed from its annotations:
    ``bool`` a boolean, ``int`` an integer, ``float`` a number, ``str | date | datetime`` a date,
    ``Literal[...]`` an enum, ``X | Sequence[X]`` an array of ``X``; anything else unchecked."""
    hints = typing.get_type_hints(cls)
    return tuple(_param_from_hint(name, hint) for name, hint in hints.items())
