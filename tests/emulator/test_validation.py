"""Requests are checked against the spec; batch lookups have the real id limits."""

from __future__ import annotations

import pytest

from inatsdk.testing import Emulator
from tests.emulator.helpers import get, get_json


def _error(response_status: int, body: object) -> tuple[int, str]:
    assert isinstance(body, dict)
    assert set(body) == {"error", "status"}
    assert body["status"] == response_status
    assert isinstance(body["error"], str)
    return body["status"], body["error"]


@pytest.mark.parametrize(
    "path", ["/v1/observations", "/v1/taxa", "/v1/taxa/autocomplete", "/v1/observations/1"]
)
def test_unknown_parameter_is_422_naming_it(emulator: Emulator, path: str) -> None:
    response = get(emulator, path, q="a", colour="blue")
    if path.endswith("/1"):  # /observations/{id} declares no query parameter at all
        response = get(emulator, path, colour="blue")
    assert response.status_code == 422
    _, message = _error(422, response.json())
    assert "colour" in message


def test_unknown_parameter_error_suggests_the_closest_name(emulator: Emulator) -> None:
    response = get(emulator, "/v1/observations", taxon_idd=3)
    assert response.status_code == 422
    assert "taxon_idd" in response.json()["error"]
    assert "taxon_id" in response.json()["error"].replace("taxon_idd", "")


def test_every_declared_parameter_is_accepted(emulator: Emulator) -> None:
    from inatsdk.params.spec import operation

    op = operation("v1", "GET", "/observations")
    samples = {"boolean": "true"}
    for param in op.parameters:
        if param.location != "query" or param.name in ("page", "per_page"):
            continue
        value = param.enum[0] if param.enum else samples.get(param.type or "string", "1")
        if param.format == "date" or param.name in ("d1", "d2", "observed_on", "created_on"):
            value = "2020-01-01"
        if param.name in ("created_d1", "created_d2", "updated_since"):
            value = "2020-01-01T00:00:00Z"
        response = get(emulator, "/v1/observations", per_page=0, **{param.name: value})
        assert response.status_code == 200, (param.name, response.text)


def test_enum_and_type_violations_are_422(emulator: Emulator) -> None:
    bad = [
        {"order_by": "colour"},
        {"quality_grade": "excellent"},
        {"quality_grade": "research,excellent"},
        {"iconic_taxa": "Dragons"},
        {"place_id": "somewhere"},
        {"captive": "maybe"},
        {"per_page": "many"},
        {"page": "0"},
        {"d1": "last tuesday"},
    ]
    for params in bad:
        response = get(emulator, "/v1/observations", **params)
        assert response.status_code == 422, params
        _error(422, response.json())
    assert get(emulator, "/v1/taxa", order_by="name").status_code == 422
    assert get(emulator, "/v1/taxa", rank="kingdomish").status_code == 422


def test_multi_valued_parameters_are_comma_separated(emulator: Emulator) -> None:
    both = get_json(emulator, "/v1/observations", quality_grade="research,casual", per_page=0)
    research = get_json(emulator, "/v1/observations", quality_grade="research", per_page=0)
    casual = get_json(emulator, "/v1/observations", quality_grade="casual", per_page=0)
    assert both["total_results"] == research["total_results"] + casual["total_results"]
    # a repeated name means the same as commas
    repeated = (
        emulator.api_url + "/v1/observations?quality_grade=research&quality_grade=casual&per_page=0"
    )
    import requests

    assert requests.get(repeated, timeout=10).json()["total_results"] == both["total_results"]


def test_parameters_the_real_taxa_search_takes_beyond_the_spec(emulator: Emulator) -> None:
    assert get(emulator, "/v1/taxa", page=2, taxon_id=3).status_code == 200
    assert get(emulator, "/v1/observations/1", locale="fr", ttl=60).status_code == 200


def test_unknown_path_is_a_json_404(emulator: Emulator) -> None:
    response = get(emulator, "/v1/no/such/thing")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    _error(404, response.json())
    # a real endpoint the emulator does not serve yet says so
    response = get(emulator, "/v1/projects/1/followers")
    assert response.status_code == 404
    assert "not implemented" in response.json()["error"]


def test_observation_batch_limit_is_200(emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()
    body = get_json(emulator, "/v1/observations/" + ",".join(map(str, ids[:200])))
    assert body["total_results"] == 200
    response = get(emulator, "/v1/observations/" + ",".join(map(str, ids[:201])))
    assert response.status_code == 422
    assert _error(422, response.json())[1] == "Too many IDs"


def test_taxa_batch_limit_is_30(emulator: Emulator) -> None:
    ids = emulator.store.taxon_ids()
    assert get_json(emulator, "/v1/taxa/" + ",".join(map(str, ids[:30])))["total_results"] == 30
    response = get(emulator, "/v1/taxa/" + ",".join(map(str, ids[:31])))
    assert response.status_code == 422
    assert _error(422, response.json())[1] == "Too many IDs"


def test_unknown_ids_are_simply_absent(emulator: Emulator) -> None:
    # like the real one (get_nonexistent_observation.json): 200 with no results, not 404
    body = get_json(emulator, "/v1/observations/1")
    assert body == {"total_results": 0, "page": 1, "per_page": 30, "results": []}
    known = emulator.store.observation_ids()[5]
    body = get_json(emulator, f"/v1/observations/1,{known},2")
    assert [r["id"] for r in body["results"]] == [known]
    assert get_json(emulator, "/v1/taxa/999999999")["results"] == []


def test_observations_can_be_fetched_by_uuid(emulator: Emulator) -> None:
    record = get_json(emulator, "/v1/observations", per_page=1)["results"][0]
    by_uuid = get_json(emulator, "/v1/observations/" + record["uuid"])["results"]
    assert [r["id"] for r in by_uuid] == [record["id"]]


def test_autocomplete_takes_page_1_only(emulator: Emulator) -> None:
    assert get(emulator, "/v1/taxa/autocomplete", q="a", page=1).status_code == 200
    response = get(emulator, "/v1/taxa/autocomplete", q="a", page=2)
    assert response.status_code == 422
    assert "single page" in response.json()["error"]
