"""The emulator speaks v2: ``fields`` (RISON, JSON, comma lists, ``all``), only the requested
fields back, the ``X-HTTP-Method-Override`` POST form, v2 error bodies, v1's caps and windows."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.v2 import project
from tests.emulator.helpers import get, get_json

OVERRIDE = {"X-HTTP-Method-Override": "GET"}


def _v2_error(response: requests.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "errors"}
    assert body["status"] == str(status)
    (error,) = body["errors"]
    assert set(error) == {"errorCode", "message"}
    message: str = error["message"]
    return message


def _post(emu: Emulator, path: str, body: Any, **kwargs: Any) -> requests.Response:
    headers = {**OVERRIDE, **kwargs.pop("headers", {})}
    return requests.post(emu.api_url + path, json=body, headers=headers, timeout=30, **kwargs)


# --- what comes back -------------------------------------------------------------------------------


def test_without_fields_only_the_required_key_comes_back(emulator: Emulator) -> None:
    observations = get_json(emulator, "/v2/observations", per_page=3)
    assert observations["total_results"] == emulator.store.observation_count()
    assert [set(r) for r in observations["results"]] == [{"uuid"}] * 3
    taxa = get_json(emulator, "/v2/taxa", per_page=3)
    assert [set(r) for r in taxa["results"]] == [{"id"}] * 3


def test_a_rison_selection_returns_those_fields_and_nested_required_keys(
    emulator: Emulator,
) -> None:
    body = get_json(
        emulator,
        "/v2/observations",
        per_page=5,
        taxon_id=3,
        fields="(id:!t,quality_grade:!t,taxon:(name:!t,rank:!t),user:(login:!t))",
    )
    assert body["results"]
    for record in body["results"]:
        assert set(record) == {"uuid", "id", "quality_grade", "taxon", "user"}
        assert set(record["taxon"]) == {"id", "name", "rank"}
        assert set(record["user"]) == {"id", "login"}
        full = emulator.store.get_observation(record["id"])
        assert full is not None
        assert record["taxon"]["name"] == full["taxon"]["name"]
        assert record["user"]["login"] == full["user"]["login"]


def test_other_spellings_of_fields(emulator: Emulator) -> None:
    comma = get_json(emulator, "/v2/observations", per_page=2, fields="id,taxon.name,user.login")
    as_json = get_json(
        emulator,
        "/v2/observations",
        per_page=2,
        fields=json.dumps({"id": True, "taxon": {"name": True}, "user": {"login": True}}),
    )
    rison = get_json(
        emulator, "/v2/observations", per_page=2, fields="(id:!t,taxon:(name:!t),user:(login:!t))"
    )
    assert comma == as_json == rison
    assert set(comma["results"][0]["taxon"]) == {"id", "name"}


def test_all_at_the_top_and_nested(emulator: Emulator) -> None:
    every = get_json(emulator, "/v2/observations", per_page=2, fields="all")
    v1 = get_json(emulator, "/v1/observations", per_page=2)
    # the same records in v2's shape: v1-only keys gone at every level, the rest equal
    assert [r["uuid"] for r in every["results"]] == [r["uuid"] for r in v1["results"]]
    first, v1_first = every["results"][0], v1["results"][0]
    assert set(first) <= set(v1_first)
    assert {k: v1_first[k] for k in ("id", "species_guess", "observed_on", "geojson")} == {
        k: first[k] for k in ("id", "species_guess", "observed_on", "geojson")
    }
    assert all("photo_id" not in p for p in first["observation_photos"])
    assert "photo_id" in v1_first["observation_photos"][0]
    assert "login_autocomplete" not in first["user"] and "login_autocomplete" in v1_first["user"]
    nested = get_json(emulator, "/v2/observations", per_page=2, fields="(id:!t,taxon:all)")
    record = nested["results"][0]
    assert set(record) == {"uuid", "id", "taxon"}
    assert record["taxon"]["id"] == v1["results"][0]["taxon"]["id"]


def test_naming_an_object_alone_gives_its_required_key(emulator: Emulator) -> None:
    body = get_json(emulator, "/v2/observations", per_page=2, fields="(taxon:!t,photos:!t)")
    record = body["results"][0]
    assert set(record["taxon"]) == {"id"}
    assert all(set(p) == {"id"} for p in record["photos"])


def test_unreadable_fields_are_422(emulator: Emulator) -> None:
    message = _v2_error(get(emulator, "/v2/taxa", fields="(id:!t", per_page=2), 422)
    assert "invalid fields" in message


def test_project_keeps_geometry_and_details_whole() -> None:
    record = {
        "uuid": "u",
        "geojson": {"type": "Point", "coordinates": [1.0, 2.0]},
        "observed_on_details": {"date": "2020-01-02", "day": 2, "month": 1, "year": 2020},
        "comments": [{"uuid": "c", "body": "x"}],
    }
    selected = project(record, {"geojson": True, "observed_on_details": True, "comments": True})
    assert selected == {
        "uuid": "u",  # the required key, judged from the shape
        "geojson": {"type": "Point", "coordinates": [1.0, 2.0]},
        "observed_on_details": record["observed_on_details"],
        "comments": [{"uuid": "c"}],
    }
    assert project(record, None, ("uuid",)) == {"uuid": "u"}


# --- lookups ---------------------------------------------------------------------------------------


def test_observations_by_uuid(emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()[:3]
    uuids = [emulator.store.observation_core(i).uuid for i in ids]  # type: ignore[union-attr]
    body = get_json(emulator, "/v2/observations/" + ",".join(uuids), fields="id,species_guess")
    assert sorted(r["id"] for r in body["results"]) == sorted(ids)
    assert all(set(r) <= {"uuid", "id", "species_guess"} for r in body["results"])
    # case does not matter
    one = get_json(emulator, "/v2/observations/" + uuids[0].upper(), fields="id")
    assert one["results"][0]["id"] == ids[0]


def test_uuid_lookup_misses_are_404_and_ids_are_not_uuids(emulator: Emulator) -> None:
    missing = get(emulator, "/v2/observations/00000000-0000-4000-8000-000000000000", fields="id")
    _v2_error(missing, 404)  # v2's error shape, not an empty envelope
    for path in ("/v2/taxa/99999999", "/v2/users/99999999", "/v2/projects/99999999"):
        _v2_error(get(emulator, path), 404)
    message = _v2_error(
        get(emulator, f"/v2/observations/{emulator.store.observation_ids()[0]}"), 422
    )
    assert "uuid" in message


def test_uuid_lookup_reads_only_the_first_200(emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()[:201]
    uuids = [emulator.store.observation_core(i).uuid for i in ids]  # type: ignore[union-attr]
    body = _post(emulator, "/v2/observations/" + ",".join(uuids), {"fields": {"id": True}}).json()
    assert body["total_results"] == 200
    assert ids[200] not in {r["id"] for r in body["results"]}


def test_the_search_takes_ids_and_uuids(emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()[:4]
    uuid = emulator.store.observation_core(ids[0]).uuid  # type: ignore[union-attr]
    mixed = f"{uuid},{ids[1]},{ids[2]}"
    body = get_json(emulator, "/v2/observations", id=mixed, fields="id")
    assert sorted(r["id"] for r in body["results"]) == sorted(ids[:3])
    kept = get_json(emulator, "/v2/observations", id=ids[:4], not_id=uuid, fields="id")
    assert sorted(r["id"] for r in kept["results"]) == sorted(ids[1:4])


def test_taxa_places_and_projects_by_id(emulator: Emulator) -> None:
    taxa = get_json(emulator, "/v2/taxa/3,9081", fields="name")
    assert {r["id"]: r["name"] for r in taxa["results"]} == {3: "Aves", 9081: "Setophaga petechia"}
    assert get(emulator, "/v2/taxa/999999999", fields="name").status_code == 404
    place_id = emulator.store.place_ids()[0]
    place = get_json(emulator, f"/v2/places/{place_id}", fields="(name:!t,uuid:!t)")["results"][0]
    by_uuid = get_json(emulator, f"/v2/places/{place['uuid']}", fields="name")["results"][0]
    assert by_uuid == {"id": place_id, "name": place["name"]}


# --- the POST form -----------------------------------------------------------------------------------


def test_override_post_is_the_same_get(emulator: Emulator) -> None:
    fields = {"id": True, "taxon": {"name": True}}
    posted = _post(
        emulator,
        "/v2/observations",
        {"fields": fields, "taxon_id": 3, "per_page": 4, "order_by": "id", "captive": False},
    )
    assert posted.status_code == 200, posted.text
    got = get_json(
        emulator,
        "/v2/observations",
        fields="(id:!t,taxon:(name:!t))",
        taxon_id=3,
        per_page=4,
        order_by="id",
        captive="false",
    )
    assert posted.json() == got
    # parameters may also stay in the URL
    in_url = _post(
        emulator, "/v2/observations", {"fields": fields}, params={"taxon_id": 3, "per_page": 4}
    )
    assert (
        in_url.json()["total_results"]
        == get_json(emulator, "/v2/observations", taxon_id=3, per_page=1)["total_results"]
    )
    taxa = _post(emulator, "/v2/taxa", {"fields": "all", "q": "aves", "per_page": 1}).json()
    assert taxa["results"][0]["name"] == "Aves"


def test_override_post_is_checked_like_a_get(emulator: Emulator) -> None:
    assert "Unknown parameter: taxon_idd" in _v2_error(
        _post(emulator, "/v2/observations", {"fields": "all", "taxon_idd": 3}), 422
    )
    empty = _v2_error(_post(emulator, "/v2/observations", {}), 422)
    assert "requires a request body" in empty
    plain = requests.post(emulator.api_url + "/v2/taxa", json={"fields": "all"}, timeout=10)
    assert plain.status_code == 404
    bad_json = requests.post(
        emulator.api_url + "/v2/taxa", data=b"{nope", headers=OVERRIDE, timeout=10
    )
    assert bad_json.status_code == 422


# --- rules shared with v1 -----------------------------------------------------------------------------


def test_caps_windows_and_keyset_paging_are_v1s(emulator: Emulator) -> None:
    clamped = get_json(emulator, "/v2/observations", per_page=500, fields="id")
    assert clamped["per_page"] == 200
    assert len(clamped["results"]) == 200
    window = get(emulator, "/v2/observations", per_page=200, page=51, fields="id")
    assert "Result window is too large" in _v2_error(window, 403)
    ids = sorted(emulator.store.observation_ids(), reverse=True)
    page = get_json(
        emulator, "/v2/observations", order_by="id", id_below=ids[9], per_page=5, fields="id"
    )
    assert [r["id"] for r in page["results"]] == ids[10:15]
    taxa = get_json(emulator, "/v2/taxa", per_page=1000, fields="id")
    assert taxa["per_page"] == 500


def test_unknown_parameters_get_v2_error_bodies(emulator: Emulator) -> None:
    message = _v2_error(get(emulator, "/v2/observations", taxon_idd=3), 422)
    assert "taxon_idd" in message
    assert "taxon_id" in message  # the suggestion


@pytest.mark.parametrize(
    "path", ["/v2/taxa/autocomplete", "/v2/identifications/recent_taxa", "/v2/taxa"]
)
def test_more_twins_answer(emulator: Emulator, path: str) -> None:
    params: dict[str, Any] = {"fields": "all", "per_page": 2}
    if "autocomplete" in path:
        params["q"] = "ave"
    body = get_json(emulator, path, **params)
    assert body["results"]
    minimal = get_json(emulator, path, **{k: v for k, v in params.items() if k != "fields"})
    assert len(json.dumps(minimal)) < len(json.dumps(body))
