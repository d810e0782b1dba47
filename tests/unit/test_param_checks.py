"""The one parameter checker (``inatsdk.params.checks.check_params``): names of documented and
undocumented operations, the messages, and ``check_positive_int``."""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Literal, TypedDict

import pytest

from inatsdk.errors import InvalidParameterError
from inatsdk.params import encode
from inatsdk.params.checks import check_params, check_positive_int
from inatsdk.params.undocumented import (
    SHARED_QUERY,
    declared_params,
    params_from_typeddict,
    undocumented_routes,
)


def _message(*args: object, **kwargs: object) -> str:
    with pytest.raises(InvalidParameterError) as info:
        check_params(*args, **kwargs)  # type: ignore[arg-type]
    assert type(info.value) is InvalidParameterError
    return str(info.value)


def test_encode_keeps_its_names() -> None:
    """Controllers import the checker from ``inatsdk.params.encode``."""
    assert encode.check_params is check_params
    assert encode.check_positive_int is check_positive_int


# --- names of documented operations -----------------------------------------------------------


def test_an_unknown_name_names_the_caller_the_closest_name_and_the_list() -> None:
    message = _message(
        "v1", "GET", "/observations", {"plce_id": 1}, caller="client.observations.search()"
    )
    assert message.startswith("client.observations.search() has no parameter 'plce_id'")
    assert "did you mean 'place_id'?" in message
    assert (
        "are listed, with their meaning, in inatsdk.params.v1.ObservationsSearchParams" in message
    )


def test_without_a_caller_the_operation_is_named() -> None:
    message = _message("v1", "get", "/taxa", {"rnk": "species"})
    assert message.startswith("GET /v1/taxa has no parameter 'rnk'; did you mean 'rank'?")


def test_a_v2_operation_points_to_its_table() -> None:
    message = _message("v2", "GET", "/observations", {"taxon_idd": 3})
    assert "did you mean 'taxon_id'?" in message
    assert "inatsdk.params.operation('v2', 'GET', '/observations').query_names()" in message


def test_a_short_list_is_spelled_out() -> None:
    message = _message("v1", "GET", "/places/containing", {"radius": 3})
    assert "(it takes: include_community_places, lat, lng; see " in message
    assert "inatsdk.params.undocumented_places.PlacesContainingParams)" in message


def test_an_operation_without_query_parameters_refuses_every_name() -> None:
    message = _message("v1", "POST", "/observations", {"taxon_id": 3}, caller="c.create()")
    assert message.startswith("c.create() has no parameter 'taxon_id'")
    assert message.endswith("(it takes no query parameters)")
    check_params("v1", "POST", "/observations", {})


def test_also_allowed_adds_names_whose_values_are_still_checked() -> None:
    check_params("v1", "GET", "/taxa/{id}", {"page": 2}, also_allowed=("page",))
    check_params("v1", "GET", "/taxa/{id}", {"page": "2"}, also_allowed=(n for n in ["page"]))
    message = _message("v1", "GET", "/taxa/{id}", {"page": {"a": 1}}, also_allowed=["page"])
    assert "page={'a': 1} is a dict, which cannot be sent" in message
    message = _message("v1", "GET", "/taxa/{id}", {"pag": 2}, also_allowed=("page",))
    assert "did you mean 'page'?" in message


def test_unknown_operations_are_not_checked() -> None:
    check_params("v1", "GET", "/no/such/route", {"anything": object()})
    check_params("v3", "GET", "/observations", {"anything": 1})
    # an undocumented route with no declaration: nothing is known of its query
    check_params("v1", "POST", "/computervision/score_image", {"anything": 1})


# --- undocumented routes ----------------------------------------------------------------------


def _allowed(path: str) -> frozenset[str]:
    """The names the ``undocumented_*`` modules say ``path`` takes."""
    from inatsdk.params import undocumented_observations, undocumented_places, undocumented_taxa

    if path in undocumented_observations.ALLOWED:
        return undocumented_observations.ALLOWED[path]
    if path in undocumented_taxa.ALLOWED:
        return undocumented_taxa.ALLOWED[path]
    return {
        "/places/containing": undocumented_places.PLACES_CONTAINING_KEYS,
        "/observation_fields/autocomplete": undocumented_places.OBSERVATION_FIELDS_AUTOCOMPLETE_KEYS,
    }[path]


@pytest.mark.parametrize("key", undocumented_routes(), ids="{0[1]} {0[2]}".format)
def test_each_undocumented_route_takes_the_names_its_module_allows(
    key: tuple[str, str, str],
) -> None:
    declared = declared_params(*key)
    assert declared is not None
    assert declared.names == _allowed(key[2])
    assert declared.listed_in.startswith("inatsdk.params.undocumented_")
    for name in declared.names:
        assert declared.param(name) is not None
    with pytest.raises(InvalidParameterError, match=r"^client\.x\(\) has no parameter 'bogus'"):
        check_params(*key, {"bogus": 1}, caller="client.x()")


def test_undocumented_routes_check_values_too() -> None:
    containing = "/places/containing"
    check_params("v1", "GET", containing, {"lat": 37.77, "lng": "-122.48"})
    check_params("v1", "GET", containing, {"include_community_places": True})
    message = _message(
        "v1", "GET", containing, {"lat": "north"}, caller="client.places.containing()"
    )
    assert message.startswith("client.places.containing(): lat='north' is not a number")
    message = _message("v1", "GET", containing, {"include_community_places": "yes"})
    assert "include_community_places='yes' is not a boolean" in message

    fields = "/observation_fields/autocomplete"
    check_params("v1", "GET", fields, {"q": "num", "not_id": [1, 2]})
    assert "not_id='x'" in _message("v1", "GET", fields, {"not_id": "1,x"})

    wanted = "/taxa/{id}/wanted"
    check_params("v1", "GET", wanted, {"locale": "fr", "preferred_place_id": "6712"})
    assert "preferred_place_id='here' is not an integer" in _message(
        "v1", "GET", wanted, {"preferred_place_id": "here"}
    )


def test_observation_aggregates_take_the_search_filters() -> None:
    grades = "/observations/quality_grades"
    check_params("v1", "GET", grades, {"taxon_id": "3,7", "d1": "2024-01-01", "place_id": [1, 2]})
    assert "d1='someday' is not an ISO 8601 date" in _message(
        "v1", "GET", grades, {"d1": "someday"}
    )
    assert "quality_grade='great' is not one of" in _message(
        "v1", "GET", grades, {"quality_grade": "great"}
    )
    assert "did you mean 'taxon_id'?" in _message("v1", "GET", grades, {"taxon_idd": 3})


def test_the_controller_arguments_of_undocumented_routes() -> None:
    """similar_species takes its taxon as an argument (not taxon_id=); lifelist_metadata sends
    its user as observed_by_user_id, an id or a login."""
    similar = "/observations/similar_species"
    check_params("v1", "GET", similar, {"place_id": 1})
    assert "has no parameter 'taxon_id'" in _message("v1", "GET", similar, {"taxon_id": 3})
    lifelist = "/taxa/lifelist_metadata"
    for user in (1, "kueda"):
        check_params("v1", "GET", lifelist, {"observed_by_user_id": user, "locale": "fr"})
    message = _message("v1", "GET", lifelist, {"order_by": "id"}, caller="client.taxa.x()")
    assert "(it takes: locale, observed_by_user_id, preferred_place_id; see " in message


def test_routes_without_query_parameters() -> None:
    message = _message("v1", "GET", "/taxa/iconic", {"q": "birds"}, caller="client.taxa.iconic()")
    assert message == (
        "client.taxa.iconic() has no parameter 'q' (it takes no query parameters; see "
        "inatsdk.params.undocumented_taxa.TaxaIconicParams)"
    )


def test_a_route_sharing_a_documented_query() -> None:
    revisited = ("v1", "GET", "/identifications/recent_taxa_revisited")
    assert SHARED_QUERY[revisited] == ("v1", "GET", "/identifications/recent_taxa")
    check_params(*revisited, {"taxon_id": 3, "category": "improving"})
    message = _message(*revisited, {"colour": "red"})
    assert "inatsdk.params.v1.IdentificationsRecentTaxaParams" in message
    assert "category='better' is not one of" in _message(*revisited, {"category": "better"})


# --- TypedDict annotations --------------------------------------------------------------------


class _Everything(TypedDict, total=False):
    flag: bool
    tri: bool | Literal["any"]
    count: int
    ratio: float
    text: str
    day: str | date | datetime
    moment: datetime
    grade: Literal["a", "b"]
    grades: Literal["a", "b"] | Sequence[Literal["a", "b"]]
    ids: int | Sequence[int]
    keys: int | str | Sequence[int | str]
    level: Literal[-10, 0] | Sequence[Literal[-10, 0]]
    either: int | str
    upload: IO[bytes] | bytes


def test_annotations_become_declarations() -> None:
    specs = {p.name: p for p in params_from_typeddict(_Everything)}
    got = {name: (p.type, p.item_type, p.format, p.enum, p.location) for name, p in specs.items()}
    assert got == {
        "flag": ("boolean", None, None, None, "query"),
        "tri": ("boolean", None, None, None, "query"),
        "count": ("integer", None, None, None, "query"),
        "ratio": ("number", None, None, None, "query"),
        "text": ("string", None, None, None, "query"),
        "day": ("string", None, "date", None, "query"),
        "moment": ("string", None, "date-time", None, "query"),
        "grade": ("string", None, None, ("a", "b"), "query"),
        "grades": ("array", "string", None, ("a", "b"), "query"),
        "ids": ("array", "integer", None, None, "query"),
        "keys": ("array", "string", None, None, "query"),
        "level": ("array", "integer", None, ("-10", "0"), "query"),
        "either": ("string", None, None, None, "query"),
        "upload": (None, None, None, None, "query"),
    }
    assert params_from_typeddict(_Everything) is params_from_typeddict(_Everything)


def test_declarations_are_kept() -> None:
    key = ("v1", "GET", "/places/containing")
    assert declared_params(*key) is declared_params(*key)
    assert declared_params("v1", "GET", "/observations") is None


def test_checking_is_cheap_once_the_operation_is_known() -> None:
    params = {"taxon_id": 3, "place_id": [1, 2], "d1": "2024-01-01", "quality_grade": "research"}
    check_params("v1", "GET", "/observations", params)
    start = time.perf_counter()
    for _ in range(2000):
        check_params("v1", "GET", "/observations", params, also_allowed=("page",), caller="c()")
    assert time.perf_counter() - start < 1.0  # about 5 microseconds each on a laptop


# --- check_positive_int -----------------------------------------------------------------------


class _Count(enum.IntEnum):
    TEN = 10


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (50, 50), (10**12, 10**12), (_Count.TEN, 10)]
)
def test_positive_ints_are_accepted(value: object, expected: int) -> None:
    got = check_positive_int(value, name="n", where="Paginator.limit()")
    assert got == expected
    assert type(got) is int


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "not 0"),
        (-3, "not -3"),
        (True, "not True (a bool)"),
        (False, "not False (a bool)"),
        (2.0, "not 2.0 (a float)"),
        ("5", "not '5' (a str)"),
        (None, "not None (a NoneType)"),
        ([5], "not [5] (a list)"),
    ],
)
def test_everything_else_is_refused_naming_the_argument(value: object, shown: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        check_positive_int(value, name="n", where="Paginator.page_size()")
    assert type(info.value) is InvalidParameterError
    assert str(info.value) == (
        f"Paginator.page_size(): n must be a positive integer (1 or more), {shown}"
    )


def test_positive_int_without_a_caller() -> None:
    with pytest.raises(InvalidParameterError, match=r"^limit must be a positive integer"):
        check_positive_int(0, name="limit")
