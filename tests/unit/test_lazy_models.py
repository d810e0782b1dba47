"""Nested models and lists are finished on first read: the same values, types and JSON as an
eager build, whenever and however they are read."""

from __future__ import annotations

import copy
import pickle
import threading
from datetime import datetime, timezone
from typing import Any

import pytest

from inatsdk.models import Identification, Observation, Photo, Taxon

RECORD: dict[str, Any] = {
    "id": 10,
    "created_at": "2024-05-01T09:00:00Z",
    "taxon": {"id": 3, "name": "Aves", "ancestor_ids": [1, 2, 3], "new_key": {"x": 1}},
    "photos": [{"id": 5, "url": "https://example.org/5.jpg"}, {"id": 6}],
    "identifications": [],
    "tags": ["garden"],
    "place_ids": [1, 2],
    "unknown_top": [1, {"a": 2}],
}


def fresh() -> dict[str, Any]:
    return copy.deepcopy(RECORD)


def test_nested_values_have_their_declared_types_when_read() -> None:
    obs = Observation.from_json(fresh())
    assert isinstance(obs.taxon, Taxon)
    assert obs.taxon.ancestor_ids == [1, 2, 3]
    assert obs.taxon.extra == {"new_key": {"x": 1}}
    assert obs.photos is not None
    assert [type(p) for p in obs.photos] == [Photo, Photo]
    assert obs.identifications == []
    assert obs.created_at == datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
    assert obs.extra == {"unknown_top": [1, {"a": 2}]}


def test_a_read_value_is_kept_so_changes_to_it_stay() -> None:
    obs = Observation.from_json(fresh())
    assert obs.taxon is obs.taxon
    assert obs.photos is obs.photos
    assert obs.taxon is not None
    obs.taxon.name = "Birds"
    assert obs.taxon.name == "Birds"
    assert obs.changes() == {"taxon": obs.taxon}


def test_json_and_equality_do_not_depend_on_what_was_read() -> None:
    untouched = Observation.from_json(fresh())
    read = Observation.from_json(fresh())
    _ = read.taxon, read.photos, read.tags
    assert untouched.to_json() == read.to_json()
    assert untouched == read
    assert Observation.from_json(untouched.to_json()).to_json() == untouched.to_json()


def test_lists_of_plain_values_are_the_models_own() -> None:
    data = fresh()
    obs = Observation.from_json(data)
    assert obs.tags is not None
    obs.tags.append("hike")
    assert data["tags"] == ["garden"]
    assert obs.changes() == {"tags": ["garden", "hike"]}
    obs.place_ids = None  # an assignment replaces a value not read yet
    assert obs.place_ids is None
    assert obs.changes() == {"tags": ["garden", "hike"], "place_ids": None}


def test_an_assignment_before_the_first_read_wins() -> None:
    obs = Observation.from_json(fresh())
    replacement = Taxon(id=99)
    obs.taxon = replacement
    assert obs.taxon is replacement
    obs.photos = [Photo(id=1)]
    assert obs.photos == [Photo(id=1)]
    assert obs.to_json()["taxon"] == {"id": 99}


def test_a_value_of_the_wrong_shape_is_kept_in_extra_at_once() -> None:
    data = fresh()
    data["photos"] = "TRUNCATED"
    data["identifications"] = [{"id": 1}, "not an object"]
    obs = Observation.from_json(data)
    assert obs.photos is None
    assert obs.identifications is None
    assert obs.extra["photos"] == "TRUNCATED"
    assert obs.extra["identifications"] == [{"id": 1}, "not an object"]
    assert obs.taxon is not None and obs.taxon.id == 3


def test_copies_and_pickles_carry_built_values() -> None:
    obs = Observation.from_json(fresh())
    clone = copy.copy(obs)
    assert clone == obs
    assert isinstance(clone.taxon, Taxon)
    again = pickle.loads(pickle.dumps(Observation.from_json(fresh())))
    assert again == obs
    assert isinstance(again.photos, list) and isinstance(again.photos[0], Photo)


def test_models_built_by_hand_behave_as_before() -> None:
    ident = Identification(id=1, taxon=Taxon(id=3, ancestor_ids=[1]))
    assert ident.taxon is not None and ident.taxon.ancestor_ids == [1]
    assert ident.changes() == {"id": 1, "taxon": Taxon(id=3, ancestor_ids=[1])}


def test_threads_reading_at_once_get_one_value() -> None:
    for _ in range(20):
        obs = Observation.from_json(fresh())
        seen: list[object] = []
        barrier = threading.Barrier(4)

        def read(
            model: Observation = obs,
            barrier: threading.Barrier = barrier,
            seen: list[object] = seen,
        ) -> None:
            barrier.wait()
            seen.append(model.taxon)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(s is obs.taxon for s in seen)


@pytest.mark.parametrize(
    "value", ["2024-05-01T09:00:00", "2024-05-01 09:00:00.5+0200", "2024-05-01T09:00:00.123456789Z"]
)
def test_datetimes_in_odd_forms_still_parse_and_are_aware(value: str) -> None:
    obs = Observation.from_json({"id": 1, "created_at": value})
    assert obs.created_at is not None
    assert obs.created_at.tzinfo is not None
    assert "created_at" not in obs.extra
