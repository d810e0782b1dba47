"""Places, users, projects and observation fields against the recorded v1 responses.

* Lossless: every record of ``get_places_by_id``, ``get_places_autocomplete``,
  ``get_places_nearby`` (as :class:`~inatsdk.models.NearbyPlaces`), ``get_projects``,
  ``get_projects_by_id``, ``get_projects_obs_fields``, ``put_projects``, ``get_user_by_id`` and
  ``get_users_autocomplete`` survives ``from_json(x).to_json()`` (the rules of
  ``test_models_lossless.py``, whose helpers this reuses).
* Typed: none of those records leaves anything in an ``extra`` mapping, at any depth: every key
  the API sends has a typed attribute.
* The emulator's places, projects and users have the real records' shape (the rules of
  ``test_emulator_shape.py``). One exception: ``location`` as a ``[lat, lng]`` list, which only
  ``get_projects.json`` and ``get_projects_obs_fields.json`` show; those were recorded through
  a client that rewrote ``location`` (the API itself sends ``"lat,lng"``, as
  ``get_projects_by_id.json`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
import requests

from inatsdk.models import BaseModel, NearbyPlaces, Place, Project, User
from inatsdk.testing import Emulator
from tests.contract.test_emulator_shape import Shape, compare, shape
from tests.contract.test_models_lossless import _check, _records
from tests.shared_data import load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

CASES: list[tuple[str, type[BaseModel]]] = [
    ("v1/get_places_by_id.json", Place),
    ("v1/get_places_autocomplete.json", Place),
    ("v1/get_projects.json", Project),
    ("v1/get_projects_by_id.json", Project),
    ("v1/get_projects_obs_fields.json", Project),
    ("v1/put_projects.json", Project),
    ("v1/get_user_by_id.json", User),
    ("v1/get_users_autocomplete.json", User),
]


def _records_of(relpath: str) -> list[Any]:
    data = load_response(relpath)
    if relpath.endswith("put_projects.json"):
        return [data]  # a bare project, as the write answers it
    return _records(data)


def _extras(value: object, path: str = "") -> Iterator[str]:
    """Paths of every non-empty ``extra`` inside a model."""
    if isinstance(value, BaseModel):
        for key in value._extra or {}:
            yield f"{path}.{key}"
        for a in attrs.fields(type(value)):
            if a.name != "_extra":
                yield from _extras(getattr(value, a.name), f"{path}.{a.name}")
    elif isinstance(value, list):
        for item in value:
            yield from _extras(item, f"{path}[]")


@pytest.mark.parametrize(("relpath", "model"), CASES, ids=[rel for rel, _ in CASES])
def test_round_trip_is_lossless(relpath: str, model: type[BaseModel]) -> None:
    records = _records_of(relpath)
    assert records
    assert _check(model, records, relpath) == len(records)


def test_nearby_round_trip_is_lossless() -> None:
    results = load_response("v1/get_places_nearby.json")["results"]
    assert _check(NearbyPlaces, [results], "v1/get_places_nearby.json") == 1
    nearby = NearbyPlaces.from_json(results)
    assert nearby.standard and nearby.community
    assert all(isinstance(p, Place) for p in nearby.all())
    assert len(nearby.all()) == load_response("v1/get_places_nearby.json")["total_results"]


@pytest.mark.parametrize(("relpath", "model"), CASES, ids=[rel for rel, _ in CASES])
def test_every_key_is_typed(relpath: str, model: type[BaseModel]) -> None:
    for index, record in enumerate(_records_of(relpath)):
        untyped = sorted(set(_extras(model.from_json(record))))
        assert not untyped, f"{relpath} record {index}: kept untyped: {untyped}"


def test_nearby_keys_are_typed() -> None:
    nearby = NearbyPlaces.from_json(load_response("v1/get_places_nearby.json")["results"])
    assert not sorted(set(_extras(nearby)))


def test_typed_values() -> None:
    project = Project.from_json(load_response("v1/get_projects_obs_fields.json")["results"][0])
    fields = project.project_observation_fields or []
    assert fields and fields[0].observation_field is not None
    assert fields[0].observation_field.name == "Group size"
    assert project.location is not None and project.location.latitude == pytest.approx(10.185, 1e-3)
    assert project.created_at is not None and project.created_at.tzinfo is not None
    by_id = Project.from_json(load_response("v1/get_projects_by_id.json")["results"][0])
    assert by_id.admins and by_id.admins[0].user is not None
    assert by_id.search_parameters and by_id.search_parameters[0].value_keyword == [
        "research",
        "needs_id",
    ]
    featured = Project.from_json(load_response("v1/get_projects.json")["results"][0])
    assert featured.site_features and featured.site_features[0].featured_at is not None
    place = Place.from_json(load_response("v1/get_places_by_id.json")["results"][0])
    assert place.geometry_geojson is not None and place.geometry_geojson.type == "MultiPolygon"
    assert place.location is not None and place.location.longitude == pytest.approx(172.23, 1e-3)


# ---------------------------------------------------------------------------------------------
# The emulator's records have the real shape
# ---------------------------------------------------------------------------------------------

REWRITTEN = (".location[]",)


def _real(files: tuple[str, ...]) -> Shape:
    records: list[Any] = []
    for name in files:
        results = load_response(name)["results"]
        if isinstance(results, dict):  # nearby: {"standard": [...], "community": [...]}
            for part in results.values():
                records.extend(part)
        else:
            records.extend(results)
    return shape(records)


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, list[Any]]]:
    with Emulator(observations=500) as emu:

        def results(path: str, **params: Any) -> Any:
            response = requests.get(emu.api_url + path, params=params, timeout=60)
            assert response.status_code == 200, response.text
            return response.json()["results"]

        ids = ",".join(str(i) for i in emu.store.place_catalog().by_id)
        places = results(f"/v1/places/{ids}") + results("/v1/places/autocomplete", q="a")
        nearby = results("/v1/places/nearby", swlat=30, swlng=-130, nelat=50, nelng=-60)
        places += nearby["standard"] + nearby["community"]
        projects = results("/v1/projects", per_page=300)
        projects += results("/v1/projects/" + ",".join(str(p["id"]) for p in projects[:30]))
        users = results("/v1/users/autocomplete", q="a", per_page=100)
        users += results(f"/v1/users/{emu.store.user_ids()[0]}")
        yield {"places": places, "projects": projects, "users": users}


SHAPES = [
    (
        "places",
        (
            "v1/get_places_by_id.json",
            "v1/get_places_autocomplete.json",
            "v1/get_places_nearby.json",
        ),
    ),
    (
        "projects",
        ("v1/get_projects.json", "v1/get_projects_by_id.json", "v1/get_projects_obs_fields.json"),
    ),
    ("users", ("v1/get_user_by_id.json", "v1/get_users_autocomplete.json")),
]


@pytest.mark.parametrize(("kind", "files"), SHAPES, ids=[k for k, _ in SHAPES])
def test_emulator_records_have_the_real_shape(
    served: dict[str, list[Any]], kind: str, files: tuple[str, ...]
) -> None:
    assert served[kind]
    missing, extra, wrong = compare(_real(files), shape(served[kind]))
    missing = [p for p in missing if not p.startswith(REWRITTEN)]
    assert not (missing or extra or wrong), (kind, missing, extra, wrong)
