"""Unit tests of the models and the converter, on small hand-written records (no shared data)."""

from __future__ import annotations

import gc
import inspect
import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

import inatsdk.models as models
from inatsdk.converter import (
    format_datetime,
    parse_date,
    parse_datetime,
    structure,
    unstructure,
)
from inatsdk.models import (
    BaseModel,
    Coordinates,
    DateDetails,
    Fave,
    GeoJSON,
    Identification,
    ListedTaxon,
    Observation,
    Photo,
    Taxon,
    User,
    Vote,
)

OBSERVATION: dict[str, Any] = {
    "id": 101,
    "uuid": "0b7d1b6e-0000-4000-8000-000000000001",
    "quality_grade": "research",
    "observed_on": "2020-08-27",
    "time_observed_at": "2020-08-27T08:57:22-06:00",
    "created_at": "2020-08-27T18:00:51.123Z",
    "updated_at": "2020-08-28 04:54:19+00:00",
    "observed_on_details": {"date": "2020-08-27", "day": 27, "month": 8, "year": 2020},
    "location": "50.10,-104.7192",
    "geojson": {"type": "Point", "coordinates": [-104.7192, 50.1]},
    "geoprivacy": None,
    "tags": [],
    "place_ids": [1, 2, 3],
    "taxon": {
        "id": 48662,
        "name": "Danaus plexippus",
        "rank": "species",
        "rank_level": 10,
        "ancestor_ids": [48460, 1, 48662],
        "flag_counts": {"resolved": 0, "unresolved": 1},
        "default_photo": {"id": 7, "url": "https://example.org/7/square.jpg"},
    },
    "user": {"id": 5, "login": "someone", "spam": False},
    "identifications": [
        {
            "id": 9,
            "current": True,
            "category": "leading",
            "taxon": {"id": 48662, "name": "Danaus plexippus", "rank": "species"},
            "user": {"id": 5, "login": "someone"},
        }
    ],
    "faves": [{"id": 3, "vote_flag": True, "user": {"id": 6, "login": "fan"}}],
    "brand_new_key": {"nested": [1, 2]},
}


def roundtrip(cls: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    return cls.from_json(data).to_json()


# ---------------------------------------------------------------------------------------------
# Datetimes and dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-08-27T18:00:51Z", datetime(2020, 8, 27, 18, 0, 51, tzinfo=timezone.utc)),
        ("2020-08-27T18:00:51.123Z", datetime(2020, 8, 27, 18, 0, 51, 123000, tzinfo=timezone.utc)),
        (
            "2020-08-27T08:57:22-06:00",
            datetime(2020, 8, 27, 8, 57, 22, tzinfo=timezone(timedelta(hours=-6))),
        ),
        (
            "2020-08-27 08:57:22+05:30",
            datetime(2020, 8, 27, 8, 57, 22, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2020-08-27T18:00:51", datetime(2020, 8, 27, 18, 0, 51, tzinfo=timezone.utc)),
    ],
)
def test_parse_datetime_is_aware(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Forms datetime.fromisoformat rejects on Python 3.10: the fallback parser handles them.
        ("2020-08-27T18:00:51Z", datetime(2020, 8, 27, 18, 0, 51, tzinfo=timezone.utc)),
        (
            "2020-08-27T18:00:51.12345Z",
            datetime(2020, 8, 27, 18, 0, 51, 123450, tzinfo=timezone.utc),
        ),
        (
            "2020-08-27T18:00:51.1234567+0200",
            datetime(2020, 8, 27, 18, 0, 51, 123456, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2020-08-27T18:00Z", datetime(2020, 8, 27, 18, 0, tzinfo=timezone.utc)),
    ],
)
def test_datetime_fallback_parser(text: str, expected: datetime) -> None:
    from inatsdk.converter import _parse_datetime_fallback

    assert _parse_datetime_fallback(text) == expected
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("bad", ["2020-08-27", "yesterday", "2020-13-45T99:00:00Z", ""])
def test_parse_datetime_rejects_non_timestamps(bad: str) -> None:
    with pytest.raises(ValueError, match=r"timestamp|must be in"):
        parse_datetime(bad)


def test_parse_date() -> None:
    assert parse_date("2020-08-27") == date(2020, 8, 27)
    assert type(parse_date("2020-08-27")) is date
    full = parse_date("2021-07-30T19:10:32.323-05:00")
    assert isinstance(full, datetime)
    assert full.tzinfo is not None


def test_format_datetime() -> None:
    utc = timezone.utc
    assert format_datetime(datetime(2020, 1, 2, 3, 4, 5, tzinfo=utc)) == "2020-01-02T03:04:05+00:00"
    assert (
        format_datetime(datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=utc))
        == "2020-01-02T03:04:05.123+00:00"
    )
    assert (
        format_datetime(datetime(2020, 1, 2, 3, 4, 5, 123456, tzinfo=utc))
        == "2020-01-02T03:04:05.123456+00:00"
    )
    assert format_datetime(date(2020, 1, 2)) == "2020-01-02"


def test_model_datetimes_are_aware_and_dates_are_dates() -> None:
    obs = Observation.from_json(OBSERVATION)
    assert isinstance(obs.created_at, datetime)
    assert obs.created_at.tzinfo is not None
    assert obs.created_at == datetime(2020, 8, 27, 18, 0, 51, 123000, tzinfo=timezone.utc)
    assert obs.updated_at is not None
    assert obs.updated_at.tzinfo is not None
    assert obs.time_observed_at is not None
    assert obs.time_observed_at.utcoffset() == timedelta(hours=-6)
    assert type(obs.observed_on) is date
    assert obs.observed_on == date(2020, 8, 27)
    assert obs.observed_on_details is not None
    assert obs.observed_on_details.date == date(2020, 8, 27)

    out = obs.to_json()
    assert out["observed_on"] == "2020-08-27"
    assert out["created_at"] == "2020-08-27T18:00:51.123+00:00"
    assert out["time_observed_at"] == "2020-08-27T08:57:22-06:00"
    json.dumps(out)


def test_observed_on_with_a_full_timestamp_keeps_the_instant() -> None:
    obs = Observation.from_json({"observed_on": "2021-07-30T19:10:32.323-05:00"})
    assert isinstance(obs.observed_on, datetime)
    assert obs.to_json() == {"observed_on": "2021-07-30T19:10:32.323-05:00"}


# ---------------------------------------------------------------------------------------------
# Absent, null, empty
# ---------------------------------------------------------------------------------------------


def test_absent_is_none_and_empty_list_stays_empty() -> None:
    obs = Observation.from_json({"id": 1, "tags": [], "photos": [], "geoprivacy": None})
    assert obs.tags == []
    assert obs.photos == []
    assert obs.identifications is None
    assert obs.taxon is None
    assert obs.geoprivacy is None
    assert obs.description is None
    out = obs.to_json()
    assert out == {"id": 1, "photos": [], "tags": []}


def test_every_attribute_is_optional() -> None:
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            continue
        instance = cls()
        for field in attrs.fields(cls):
            if field.name != "_extra":
                assert getattr(instance, field.name) is None, f"{name}.{field.name}"
        assert instance.to_json() == {}, name


def test_partial_v2_records() -> None:
    obs = Observation.from_json(
        {"uuid": "91a29d5f-d2bf-47ff-b629-d0b79d51e46c", "created_at": None}
    )
    assert obs.id is None
    assert obs.uuid == "91a29d5f-d2bf-47ff-b629-d0b79d51e46c"
    assert obs.created_at is None
    assert obs.to_json() == {"uuid": "91a29d5f-d2bf-47ff-b629-d0b79d51e46c"}
    assert Taxon.from_json({"id": 3}) == Taxon(id=3)
    assert Observation.from_json({}) == Observation()


# ---------------------------------------------------------------------------------------------
# Unknown keys and values of the wrong shape
# ---------------------------------------------------------------------------------------------


def test_unknown_keys_are_kept_in_extra_and_written_back() -> None:
    obs = Observation.from_json(OBSERVATION)
    assert obs.extra == {"brand_new_key": {"nested": [1, 2]}}
    assert obs.to_json()["brand_new_key"] == {"nested": [1, 2]}
    taxon = Taxon.from_json({"id": 1, "count": 4, "name": "Life"})
    assert taxon.extra == {"count": 4}
    assert taxon.to_json() == {"id": 1, "name": "Life", "count": 4}


def test_extra_is_created_on_demand_and_settable() -> None:
    taxon = Taxon(id=1)
    assert taxon.extra == {}
    taxon.extra["note"] = "x"
    assert taxon.to_json() == {"id": 1, "note": "x"}
    taxon.extra = {"other": 1}
    assert taxon.to_json() == {"id": 1, "other": 1}
    assert Taxon(id=1, extra={"a": 1}).to_json() == {"id": 1, "a": 1}
    assert Taxon(id=1) == Taxon(id=1, extra={})


def test_to_json_does_not_alias_model_state() -> None:
    obs = Observation.from_json({"id": 1, "tags": ["a"], "mystery": {"k": [1]}})
    out = obs.to_json()
    out["tags"].append("b")
    out["mystery"]["k"].append(2)
    assert obs.tags == ["a"]
    assert obs.extra == {"mystery": {"k": [1]}}


@pytest.mark.parametrize(
    ("data", "attribute"),
    [
        ({"id": 1, "non_owner_ids": "TRUNCATED"}, "non_owner_ids"),
        ({"id": "not-an-int"}, "id"),
        ({"id": True}, "id"),
        ({"captive": "yes"}, "captive"),
        ({"created_at": "last tuesday"}, "created_at"),
        ({"observed_on": 20200827}, "observed_on"),
        ({"location": {"lat": 1}}, "location"),
        ({"tags": ["ok", 3]}, "tags"),
        ({"taxon": "TRUNCATED"}, "taxon"),
    ],
)
def test_value_of_the_wrong_shape_is_kept_verbatim(data: dict[str, Any], attribute: str) -> None:
    obs = Observation.from_json({**data, "species_guess": "Monarch"})
    assert getattr(obs, attribute) is None
    assert obs.extra[attribute] == data[attribute]
    assert obs.species_guess == "Monarch"  # the rest of the record is still typed
    assert obs.to_json() == {**data, "species_guess": "Monarch"}


def test_wrong_shape_in_a_nested_record_stays_in_that_record() -> None:
    obs = Observation.from_json(
        {"id": 1, "identifications": [{"id": 2, "taxon": "TRUNCATED", "current": True}]}
    )
    assert obs.identifications is not None
    ident = obs.identifications[0]
    assert ident.taxon is None
    assert ident.current is True
    assert ident.extra == {"taxon": "TRUNCATED"}
    assert obs.extra == {}


def test_attribute_value_wins_over_stale_extra() -> None:
    obs = Observation.from_json({"id": "x"})
    obs.id = 5
    assert obs.to_json() == {"id": 5}


def test_not_a_mapping_is_an_error() -> None:
    with pytest.raises(TypeError):
        Observation.from_json([1, 2])  # type: ignore[arg-type]


def test_numbers_are_not_coerced() -> None:
    taxon = Taxon.from_json({"rank_level": 10})
    assert taxon.rank_level == 10
    assert type(taxon.rank_level) is int  # JSON integer kept as is for a float attribute
    assert Taxon.from_json({"rank_level": 33.5}).rank_level == 33.5


# ---------------------------------------------------------------------------------------------
# Nested models, coordinates, round trip
# ---------------------------------------------------------------------------------------------


def test_nested_objects_are_models() -> None:
    obs = Observation.from_json(OBSERVATION)
    assert isinstance(obs.taxon, Taxon)
    assert isinstance(obs.user, User)
    assert obs.taxon.default_photo is not None
    assert isinstance(obs.taxon.default_photo, Photo)
    assert obs.taxon.flag_counts is not None
    assert obs.taxon.flag_counts.unresolved == 1
    assert obs.identifications is not None
    assert isinstance(obs.identifications[0], Identification)
    assert obs.faves is not None
    assert isinstance(obs.faves[0], Fave)
    assert isinstance(obs.faves[0], Vote)
    assert isinstance(obs.observed_on_details, DateDetails)


def test_location_is_typed_and_round_trips_exactly() -> None:
    obs = Observation.from_json(OBSERVATION)
    assert obs.location == Coordinates(latitude=50.1, longitude=-104.7192)
    assert obs.location is not None
    assert obs.location.latitude == 50.1
    assert obs.to_json()["location"] == "50.10,-104.7192"  # the trailing zero survives

    listed = Observation.from_json({"location": [41.72144, -121.516314]})
    assert listed.location is not None
    assert listed.location.longitude == -121.516314
    assert listed.to_json() == {"location": [41.72144, -121.516314]}

    assert obs.geojson is not None
    assert isinstance(obs.geojson, GeoJSON)
    assert obs.geojson.point == Coordinates(latitude=50.1, longitude=-104.7192)
    assert obs.to_json()["geojson"] == {"type": "Point", "coordinates": [-104.7192, 50.1]}
    text = GeoJSON.from_json({"type": "Point", "coordinates": ["4.360086", "50.646894"]})
    assert text.point == Coordinates(latitude=50.646894, longitude=4.360086)
    assert text.to_json() == {"type": "Point", "coordinates": ["4.360086", "50.646894"]}
    assert GeoJSON(type="Polygon", coordinates=[[[0, 0], [1, 1], [0, 1]]]).point is None


def test_new_coordinates() -> None:
    obs = Observation(id=1, location=Coordinates(latitude=50.5, longitude=4.25))
    assert obs.to_json() == {"id": 1, "location": "50.5,4.25"}
    assert Coordinates.from_json("1.5,2").to_json() == "1.5,2"
    with pytest.raises(ValueError, match="lat,lng"):
        Coordinates.from_json("nowhere")
    with pytest.raises(ValueError, match="coordinate pair"):
        Coordinates.from_json([1.0])


def test_round_trip_of_a_small_record() -> None:
    out = roundtrip(Observation, OBSERVATION)
    expected = {k: v for k, v in OBSERVATION.items() if v is not None}
    expected["created_at"] = "2020-08-27T18:00:51.123+00:00"
    expected["updated_at"] = "2020-08-28T04:54:19+00:00"
    assert out == expected
    assert roundtrip(Observation, out) == out
    assert Observation.from_json(out) == Observation.from_json(OBSERVATION)


def test_to_json_key_order_is_deterministic() -> None:
    a = Observation.from_json(OBSERVATION).to_json()
    b = Observation.from_json(dict(reversed(list(OBSERVATION.items())))).to_json()
    assert list(a) == list(b)  # attributes in declaration order, then extra keys
    assert json.dumps(Observation.from_json(OBSERVATION).to_json()) == json.dumps(a)


def test_mutation_shows_in_to_json() -> None:
    obs = Observation.from_json(OBSERVATION)
    obs.description = "A monarch"
    assert obs.taxon is not None
    obs.taxon.preferred_common_name = "Monarch"
    out = obs.to_json()
    assert out["description"] == "A monarch"
    assert out["taxon"]["preferred_common_name"] == "Monarch"


def test_listed_taxon_list_attribute() -> None:
    data = {"id": 1, "establishment_means": "native", "list": {"id": 2, "title": "Check List"}}
    listed = ListedTaxon.from_json(data)
    assert listed.list is not None
    assert listed.list.title == "Check List"
    assert listed.to_json() == data


def test_structure_and_unstructure_helpers() -> None:
    taxon = structure({"id": 3, "name": "Aves", "rank": "class"}, Taxon)
    assert isinstance(taxon, Taxon)
    assert unstructure(taxon) == {"id": 3, "name": "Aves", "rank": "class"}


# ---------------------------------------------------------------------------------------------
# Repr, exports, import cost, GC
# ---------------------------------------------------------------------------------------------


def test_repr_is_short() -> None:
    assert repr(Taxon.from_json({"id": 3, "name": "Aves", "rank": "class"})) == (
        "Taxon(id=3, name='Aves', rank='class')"
    )
    big = dict(OBSERVATION)
    big["description"] = "x" * 10_000
    big["identifications"] = OBSERVATION["identifications"] * 500
    obs = Observation.from_json(big)
    text = repr(obs)
    assert len(text) < 250
    assert text.startswith("Observation(id=101, taxon=Taxon(id=48662")
    assert "observed_on=2020-08-27" in text
    assert repr(Observation()) == "Observation()"
    assert len(repr(User(id=1, login="a" * 500))) < 100


def test_all_models_are_exported() -> None:
    exported = set(models.__all__)
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("inatsdk.models."):
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module_name and (issubclass(obj, BaseModel) or obj is Coordinates):
                assert name in exported, f"{module_name}.{name} missing from __all__"
    for name in models.__all__:
        cls = getattr(models, name)
        assert attrs.has(cls), name
        assert cls.__doc__, f"{name} has no docstring"


def test_import_does_not_load_cattrs() -> None:
    code = "import sys, inatsdk.models; print('cattrs' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_gc_state_is_untouched() -> None:
    assert gc.isenabled()
    Observation.from_json(OBSERVATION)
    assert gc.isenabled()
    gc.disable()
    try:
        Observation.from_json(OBSERVATION)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------------------------------------
# The converter's paths: shapes, the general function, custom classes
# ---------------------------------------------------------------------------------------------


@attrs.define(kw_only=True, repr=False)
class _Renamed(BaseModel):
    """A model whose attribute's JSON key is not a Python name."""

    klass: str | None = attrs.field(default=None, metadata={"json_key": "class"})
    count: int | None = None


@attrs.define(kw_only=True, repr=False)
class _Tracked(BaseModel):
    """A model that records attribute writes, like a change tracker would."""

    name: str | None = None
    tags: list[str] | None = None

    def __setattr__(self, key: str, value: Any) -> None:
        _WRITES.append(key)
        object.__setattr__(self, key, value)


_WRITES: list[str] = []


@attrs.define(kw_only=True, repr=False)
class _PostInit(BaseModel):
    """A model with an attrs post-init hook (takes cattrs' general function)."""

    name: str | None = None
    upper: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.name is not None:
            self.upper = self.name.upper()


def test_json_key_metadata_renames() -> None:
    model = _Renamed.from_json({"class": "Aves", "count": 2, "other": 1})
    assert model.klass == "Aves"
    assert model.extra == {"other": 1}
    assert model.to_json() == {"class": "Aves", "count": 2, "other": 1}


def test_build_does_not_go_through_a_custom_setattr() -> None:
    _WRITES.clear()
    model = _Tracked.from_json({"name": "x", "tags": ["a"]})
    assert _WRITES == []
    assert model.name == "x"
    model.name = "y"
    assert _WRITES == ["name"]


def test_classes_with_attrs_hooks_take_the_general_function() -> None:
    model = _PostInit.from_json({"name": "aves", "more": 1})
    assert model.upper == "AVES"
    assert model.extra == {"more": 1}


def test_non_dict_mappings_are_accepted() -> None:
    from types import MappingProxyType

    taxon = Taxon.from_json(MappingProxyType({"id": 3, "name": "Aves", "zzz": 1}))
    assert taxon == Taxon(id=3, name="Aves", extra={"zzz": 1})
    bad = Taxon.from_json(MappingProxyType({"id": "3"}))
    assert bad.id is None
    assert bad.extra == {"id": "3"}


def test_many_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import inatsdk.converter as converter

    monkeypatch.setattr(converter, "_MAX_SHAPES", 3)
    keys = ["id", "name", "rank", "rank_level", "extinct", "unknown_a", "unknown_b"]
    values: dict[str, Any] = {
        "id": 1,
        "name": "n",
        "rank": "genus",
        "rank_level": 20,
        "extinct": False,
        "unknown_a": [1],
        "unknown_b": None,
    }
    for size in range(1, len(keys) + 1):
        for start in range(len(keys) - size + 1):
            record = {k: values[k] for k in keys[start : start + size]}
            assert Taxon.from_json(record).to_json() == {
                k: v for k, v in record.items() if v is not None or k.startswith("unknown")
            }


def test_same_keys_different_types_in_one_list() -> None:
    obs = Observation.from_json(
        {
            "identifications": [
                {"id": 1, "body": "a"},
                {"id": 2, "body": None},
                {"id": "3", "body": "c"},
                {"id": 4, "body": 5},
            ]
        }
    )
    assert obs.identifications is not None
    assert [i.id for i in obs.identifications] == [1, 2, None, 4]
    assert [i.body for i in obs.identifications] == ["a", None, "c", None]
    assert obs.identifications[2].extra == {"id": "3"}
    assert obs.identifications[3].extra == {"body": 5}
