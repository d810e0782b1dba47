"""Values checked against the declared types before anything is sent (``inatsdk.params.checks``).

Every test names the exact error class and the parts of the message a user needs: the caller,
the parameter, what was given and what is accepted.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest

from inatsdk.errors import InvalidParameterError
from inatsdk.params import ParamSpec, operations
from inatsdk.params.checks import check_params, check_value
from inatsdk.params.encode import encode_params, encode_value


def _spec(kind: str | None, **kw: Any) -> ParamSpec:
    return ParamSpec(name=kw.pop("name", "n"), location="query", type=kind, **kw)


def _refused(spec: ParamSpec, value: object, *parts: str) -> str:
    """Check ``value`` is refused with an ``InvalidParameterError`` whose message holds
    ``parts``; return the message."""
    with pytest.raises(InvalidParameterError) as info:
        check_value(spec, value, where="client.x.search()")
    assert type(info.value) is InvalidParameterError
    message = str(info.value)
    assert message.startswith(f"client.x.search(): {spec.name}="), message
    for part in parts:
        assert part in message, (part, message)
    return message


INTEGER = _spec("integer")
INTEGERS = _spec("array", item_type="integer")
NUMBER = _spec("number", format="double")
BOOLEAN = _spec("boolean")
DATE = _spec("string", format="date")
DATETIME = _spec("string", format="date-time")
STRING = _spec("string")
STRINGS = _spec("array", item_type="string")
GRADES = _spec("array", item_type="string", enum=("casual", "needs_id", "research"))


class Grade(enum.Enum):
    RESEARCH = "research"
    OOPS = "reserch"


class Size(enum.IntEnum):
    SMALL = 256


# --- integers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [3, 0, -10, "3", " 3 ", "-10", "+4", 3.0, Size.SMALL, None])
def test_integer_accepts(value: object) -> None:
    check_value(INTEGER, value)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        (True, ("n=True", "is a bool, not an integer", "e.g. 3 or '3'")),
        (3.5, ("n=3.5", "has a fraction")),
        ("3.5", ("n='3.5'", "is not an integer")),
        ("abc", ("n='abc'", "is not an integer", "an int or a string of digits")),
        ("", ("n=''", "is empty")),
        ("1_000", ("is not an integer",)),
        ([3], ("n=[3]", "is a list, but it takes one value")),
        ({"a": 1}, ("n={'a': 1}", "is a dict, which cannot be sent")),
        (object(), ("is an object, which cannot be sent",)),
        (b"3", ("is bytes",)),
        (float("nan"), ("has a fraction",)),
    ],
)
def test_integer_refuses(value: object, parts: tuple[str, ...]) -> None:
    _refused(INTEGER, value, *parts)


def test_integer_accepts_numpy_integers() -> None:
    numpy = pytest.importorskip("numpy")
    check_value(INTEGER, numpy.int64(3))
    check_value(INTEGERS, numpy.array([1, 2]))
    assert encode_value(numpy.array([1, 2])) == "1,2"
    assert encode_value(numpy.int64(3)) == "3"
    _refused(INTEGER, numpy.float64(2.5), "has a fraction")


@pytest.mark.parametrize(
    "value",
    [
        3,
        "3",
        [1, 2],
        (1, 2),
        {1, 2},
        frozenset({3}),
        range(1, 4),
        "1,2",
        "1, 2",
        ["1", "2"],
        ["1,2", 3],
        [Size.SMALL],
    ],
)
def test_integer_lists_accept(value: object) -> None:
    check_value(INTEGERS, value)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ([], ("n=[]", "is empty", "no filter at all", "give None")),
        ((), ("is empty",)),
        ([1, None], ("holds None",)),
        ([[1]], ("n=[1] (in n=[[1]])", "is a list inside a list")),
        ([{"a": 1}], ("is a dict inside a list",)),
        ("1,x", ("n='x' (in n='1,x')", "is not an integer")),
        ("1,,2", ("n='' (in n='1,,2')", "is empty")),
        ([1, "x"], ("n='x' (in n=[1, 'x'])",)),
        ([1, 2.5], ("n=2.5", "has a fraction")),
        ({"a": 1}, ("is a dict", "one or more integers, e.g. 3, [3, 7] or '3,7'")),
        ((i for i in [1]), ("is a generator, which cannot be sent",)),
        (True, ("is a bool",)),
    ],
)
def test_integer_lists_refuse(value: object, parts: tuple[str, ...]) -> None:
    _refused(INTEGERS, value, *parts)


def test_bounds() -> None:
    day = _spec("integer", name="day", minimum=1, maximum=31)
    for ok in (1, 31, "15"):
        check_value(day, ok)
    _refused(day, 0, "day=0", "is less than 1, the smallest value it takes")
    _refused(day, "32", "day='32'", "is more than 31, the largest value it takes")
    days = _spec("array", name="day", item_type="integer", minimum=1, maximum=31)
    _refused(days, [1, 40], "day=40 (in day=[1, 40])", "more than 31")
    lat = _spec("number", name="lat", minimum=-90, maximum=90)
    check_value(lat, -90.0)
    _refused(lat, 90.5, "lat=90.5", "is more than 90")
    _refused(lat, "-91", "lat='-91'", "is less than -90")


def test_per_page_bounds_are_left_to_the_api() -> None:
    """The API clamps per_page to its maximum, and 0 asks for a count only."""
    per_page = _spec("integer", name="per_page", minimum=1, maximum=200)
    for value in (0, 500, "1000"):
        check_value(per_page, value)
    _refused(per_page, -1.5, "has a fraction")
    check_params("v2", "GET", "/observations", {"per_page": 0})
    check_params("v2", "GET", "/observations", {"per_page": 1000})


def test_bounds_of_text_items_are_not_checked() -> None:
    """v1 declares day/month/hour as strings with bounds, and ofv_datatype with 1..31."""
    check_params("v1", "GET", "/observations", {"day": "45", "ofv_datatype": "numeric"})


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, -1.5, 0.0, "1.5", "-1e3", ".5", " 2 ", 3.0])
def test_number_accepts(value: object) -> None:
    check_value(NUMBER, value)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("abc", ("n='abc'", "is not a number", "e.g. 45.5 or '45.5'")),
        ("nan", ("is not a number",)),
        ("1,5", ("is not a number",)),
        (float("nan"), ("is not a finite number",)),
        (float("inf"), ("is not a finite number",)),
        (True, ("is a bool, not a number",)),
        ([1.5], ("is a list, but it takes one value: a number, e.g. 45.5",)),
        (date(2024, 1, 1), ("is a date, which cannot be sent",)),
    ],
)
def test_number_refuses(value: object, parts: tuple[str, ...]) -> None:
    _refused(NUMBER, value, *parts)


# --- booleans ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False, "true", "false", "any", None])
def test_boolean_accepts(value: object) -> None:
    check_value(BOOLEAN, value)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("True", ("n='True'", "is not a boolean", "('true', lower case)")),
        ("ANY", ("('any', lower case)",)),
        ("yes", ("is not a boolean", "True or False (or the strings 'true', 'false', 'any')")),
        (1, ("n=1", "is a number, not a boolean")),
        (0, ("is a number, not a boolean",)),
        ([True], ("is a list, but it takes one value: True or False",)),
        ("", ("is not a boolean",)),
    ],
)
def test_boolean_refuses(value: object, parts: tuple[str, ...]) -> None:
    _refused(BOOLEAN, value, *parts)


def test_flags_declared_as_a_one_choice_enum_are_booleans() -> None:
    """v1 declares ``featured`` as a string whose only choice is "true"; the TypedDicts say
    bool, so False is fine too; ``current`` is a boolean with true/false/any."""
    for value in (True, False, "true", "false"):
        check_params("v1", "GET", "/projects", {"featured": value})
    with pytest.raises(InvalidParameterError, match=r"featured='yes' is not a boolean"):
        check_params("v1", "GET", "/projects", {"featured": "yes"})
    check_params("v1", "GET", "/identifications", {"current": "any"})


# --- dates ------------------------------------------------------------------------------------


GOOD_DATES = [
    date(2024, 5, 1),
    datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
    datetime(2024, 5, 1, 12),
    "2024-05-01",
    " 2024-05-01 ",
    "2024-05-01T12:00",
    "2024-05-01T12:00:00Z",
    "2024-05-01T12:00:00.123+02:00",
    "2024-05-01 12:00:00-0500",
    "2024-02-29",
]
BAD_DATES = ["2024-13-01", "2024-02-30", "2023-02-29", "01/05/2024", "2024-5-1", "last tuesday",
             "2024-05-01T25:00", "2024-05", ""]  # fmt: skip


@pytest.mark.parametrize("spec", [DATE, DATETIME], ids=["date", "date-time"])
@pytest.mark.parametrize("value", GOOD_DATES)
def test_dates_accept(spec: ParamSpec, value: object) -> None:
    check_value(spec, value)


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_refuse_text_that_is_not_iso_8601(value: str) -> None:
    _refused(DATE, value, f"n={value!r}", "an ISO 8601 string, e.g. '2024-05-01'")
    _refused(DATETIME, value, "e.g. '2024-05-01T12:00:00Z' or '2024-05-01'")


@pytest.mark.parametrize("value", [20240501, 1.5, True, [date(2024, 5, 1)], {"d": 1}])
def test_dates_refuse_other_types(value: object) -> None:
    _refused(DATE, value)


def test_real_date_parameters() -> None:
    ok = {"d1": "2024-01-01", "d2": date(2024, 2, 1), "created_d1": "2024-01-01T00:00:00Z"}
    check_params("v1", "GET", "/observations", ok)
    with pytest.raises(InvalidParameterError) as info:
        check_params("v1", "GET", "/observations", {"d1": "x"}, caller="client.obs()")
    assert str(info.value).startswith("client.obs(): d1='x' is not an ISO 8601 date")


# --- enums ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "research",
        ["research", "needs_id"],
        ("casual",),
        "research,needs_id",
        "research, needs_id",
        Grade.RESEARCH,
        [Grade.RESEARCH, "casual"],
    ],
)
def test_enum_accepts(value: object) -> None:
    check_value(GRADES, value)


def test_enum_refuses_with_the_closest_choice() -> None:
    message = _refused(
        GRADES, "reserch", "n='reserch' is not one of casual, needs_id, research", "'research'?"
    )
    assert "did you mean 'research'?" in message
    _refused(GRADES, ["research", "Casual"], "n='Casual' (in n=['research', 'Casual'])", "'casual'")
    _refused(GRADES, "research,nope", "n='nope' (in n='research,nope')", "is not one of")
    _refused(GRADES, Grade.OOPS, "n='reserch'", "did you mean 'research'?")
    _refused(GRADES, 3, "n=3 is not one of")
    _refused(GRADES, [], "is empty")


def test_a_single_valued_enum_takes_several_as_the_api_splits_them() -> None:
    """v1 declares quality_grade as one string on some aggregates; the API splits it."""
    op = "/observations/species_counts"
    check_params("v1", "GET", op, {"quality_grade": "research,needs_id"})
    check_params("v1", "GET", op, {"quality_grade": ["research", "needs_id"]})
    with pytest.raises(InvalidParameterError, match=r"order='up' is not one of desc, asc"):
        check_params("v1", "GET", "/observations", {"order": "up"})


def test_integer_enums() -> None:
    check_params("v1", "GET", "/places/{id}", {"admin_level": [-10, "0", 10]})
    with pytest.raises(InvalidParameterError, match=r"admin_level=5 is not one of -10, 0"):
        check_params("v1", "GET", "/places/{id}", {"admin_level": 5})
    with pytest.raises(InvalidParameterError, match=r"admin_level='x'.*is not an integer"):
        check_params("v1", "GET", "/places/{id}", {"admin_level": "0,x"})
    path = "/geomodel/{id}/{zoom}/{x}/{y}.png"
    check_params("v2", "GET", path, {"tile_size": 256})
    with pytest.raises(InvalidParameterError, match=r"tile_size=300 is not one of 256, 512"):
        check_params("v2", "GET", path, {"tile_size": 300})


# --- strings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["warbler", "", "a,b", 3, 1.5, True, date(2024, 1, 1), Grade.OOPS]
)
def test_strings_accept_scalars(value: object) -> None:
    check_value(STRING, value)
    check_value(STRINGS, value)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ({"a": 1}, ("is a dict, which cannot be sent",)),
        (object(), ("is an object, which cannot be sent", "give a str")),
        (b"x", ("is bytes",)),
        (["a", "b"], ("is a list, but it takes one value: a string",)),
        (float("inf"), ("not a finite number",)),
    ],
)
def test_strings_refuse(value: object, parts: tuple[str, ...]) -> None:
    _refused(STRING, value, *parts)


def test_string_lists() -> None:
    check_value(STRINGS, ["kueda", 3, "a,b"])
    _refused(STRINGS, ["a", object()], "is an object, which cannot be sent")
    _refused(STRINGS, [], "is empty")


# --- None and the real operations --------------------------------------------------------------


def test_none_means_not_given_and_is_not_checked() -> None:
    check_params("v1", "GET", "/observations", {"taxon_id": None, "d1": None, "photos": None})
    assert encode_params({"taxon_id": None, "d1": "2024-01-01"}) == {"d1": "2024-01-01"}
    with pytest.raises(InvalidParameterError, match="has no parameter 'taxon_idd'"):
        check_params("v1", "GET", "/observations", {"taxon_idd": None})


LEGITIMATE_V1 = {
    "taxon_id": "3,7",
    "place_id": [1, 2],
    "user_id": "kueda",
    "project_id": "my-project",
    "id": ["1", 2],
    "d1": "2024-01-01",
    "d2": datetime(2024, 2, 1, tzinfo=timezone.utc),
    "verifiable": "any",
    "captive": False,
    "photos": True,
    "quality_grade": "research",
    "iconic_taxa": ["Aves", "Plantae"],
    "rank": "species",
    "license": "cc-by,cc0",
    "lat": 37.77,
    "lng": "-122.48",
    "radius": 10,
    "order_by": "id",
    "order": "asc",
    "id_above": 100,
    "per_page": 0,
    "page": "2",
    "month": [5, 6],
    "hour": "0,23",
    "term_id": 1,
    "term_value_id": "2,3",
    "q": "warbler",
    "locale": "fr",
}


def test_legitimate_values_of_the_observation_search() -> None:
    check_params("v1", "GET", "/observations", LEGITIMATE_V1, caller="client.observations.search()")


def test_legitimate_values_on_v2() -> None:
    params = {
        "taxon_id": [3, 7],
        "place_id": "1,2",
        "user_id": "kueda",
        "d1": "2024-01-01",
        "verifiable": True,
        "quality_grade": ["research", "needs_id"],
        "lat": 37.77,
        "lng": -122.48,
        "radius": 10,
        "id_below": "1000",
        "per_page": 200,
        "fields": "(id:!t)",
    }
    check_params("v2", "GET", "/observations", params)
    with pytest.raises(InvalidParameterError, match=r"taxon_id='x' \(in taxon_id=\[3, 'x'\]\)"):
        check_params("v2", "GET", "/observations", {"taxon_id": [3, "x"]})
    with pytest.raises(InvalidParameterError, match=r"lat=95 is more than 90"):
        check_params("v2", "GET", "/observations", {"lat": 95})


def _examples(spec: ParamSpec) -> Iterator[object]:
    """Values of each declared type that every such parameter must accept."""
    kind = spec.item_type if spec.type == "array" else spec.type
    if spec.enum:
        yield from spec.enum
        if not set(spec.enum) <= {"true", "false", "any"}:  # flags take one value
            yield list(spec.enum)
    elif kind == "boolean":
        yield from (True, False, "true", "any")
    elif kind == "integer":
        low = 1 if spec.minimum is None else int(spec.minimum)
        yield from (low, str(low))
    elif kind == "number":
        least = 0.0 if spec.minimum is None else spec.minimum
        yield from (least, int(least), str(least))
    elif spec.format in ("date", "date-time"):
        yield from ("2024-05-01", date(2024, 5, 1), "2024-05-01T12:00:00Z")
    elif kind == "string":
        yield "text"
    if spec.default is not None:
        yield spec.default


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_every_declared_parameter_accepts_its_own_declaration(version: str) -> None:
    """Each query parameter of both specs takes its declared default, each declared choice and
    a plain value of its declared type: the checks never refuse what the spec allows."""
    seen = 0
    for op in operations(version):
        for spec in op.parameters:
            if spec.location != "query":
                continue
            for value in _examples(spec):
                check_value(spec, value, where=str(op))
                seen += 1
    assert seen > 1000


def test_encode_value_sends_what_the_checks_accept() -> None:
    assert encode_value(3.0) == "3"
    assert encode_value(-0.0) == "0"
    assert encode_value(2.5) == "2.5"
    assert encode_value(Size.SMALL) == "256"
    assert encode_value([Grade.RESEARCH, "casual"]) == "research,casual"
    assert encode_value(range(1, 4)) == "1,2,3"
    assert encode_value(True) == "true"
    with pytest.raises(InvalidParameterError):
        encode_value(b"3")
    with pytest.raises(InvalidParameterError):
        encode_value({"a": 1})
