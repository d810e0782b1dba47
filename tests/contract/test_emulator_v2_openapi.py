"""The emulator's v2 answers checked by a validator nobody here wrote (openapi-core) against the
official v2 spec, and their key sets against the recorded v2 responses.

Every v2 ``GET`` operation of the spec is requested from the emulator (``fields=all`` where the
operation takes ``fields``, with a user's JWT): those it answers must validate against the
spec's response schema for them; those it leaves out are listed in :data:`NOT_ANSWERED` with
the reason, and must still be refused (so answering one is a deliberate change here too).

Where the validator disagreed with the spec and a recorded response shows that the real API
answers otherwise, the spec is corrected, narrowly, before validating (:data:`SPEC_CORRECTIONS`,
each with its reason and its proof); :func:`test_each_correction_is_needed` checks that each
proof fails against the spec as published and passes once corrected, so a correction that
stops being needed fails here. Not corrected, because they are artefacts of the recordings
rather than of the API: ``v2/get_observations_full.json`` holds ``"TRUNCATED"`` placeholders
and a ``location`` rewritten as a list by the client that recorded it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
import requests

from inatsdk.testing import Emulator
from tests.shared_data import API_DIR, api_dir, load_response, requires_shared

openapi_core = pytest.importorskip("openapi_core")
from openapi_core import Config, OpenAPI  # noqa: E402
from openapi_core.testing import MockRequest, MockResponse  # noqa: E402

pytestmark = [requires_shared, pytest.mark.shared]

Spec = dict[str, Any]


@attrs.frozen
class Correction:
    """One narrowly-scoped change to the published spec, and the recorded response proving it."""

    where: str
    change: Callable[[Spec], None]
    reason: str
    proof: str
    """A recorded response file (under ``responses/``) that the published spec rejects."""
    proof_path: str
    """The v2 operation the proof answers (``/users/{id}``)."""


def _schema(spec: Spec, name: str) -> Any:
    return spec["components"]["schemas"][name]


def _last_active_is_a_date(spec: Spec) -> None:
    _schema(spec, "User")["properties"]["last_active"]["format"] = "date"


def _created_at_may_be_null(spec: Spec) -> None:
    _schema(spec, "Observation")["properties"]["created_at"]["nullable"] = True


def _conservation_status_needs_no_id(spec: Spec) -> None:
    del _schema(spec, "ConservationStatus")["required"]  # OpenAPI 3.0 forbids an empty list


SPEC_CORRECTIONS = (
    Correction(
        where="User.last_active",
        change=_last_active_is_a_date,
        reason="a date (2026-02-23), not a date-time, as the server's users controller formats it",
        proof="v2/get_user_by_id.json",
        proof_path="/users/{id}",
    ),
    Correction(
        where="Observation.created_at",
        change=_created_at_may_be_null,
        reason="null on records whose creation time is unknown",
        proof="v2/get_observations_minimal.json",
        proof_path="/observations",
    ),
    Correction(
        where="ConservationStatus.required",
        change=_conservation_status_needs_no_id,
        reason="an observation's taxon.conservation_status is the search index's copy, "
        "which has no id; v2 serves the same index documents as v1 (the proof is v1's "
        "recording of them, in a v2 envelope: no v2 recording has one)",
        proof="v1/get_observations_page1.json",
        proof_path="/observations",
    ),
)

NOT_ANSWERED = {
    "/taxon_id_summaries/{uuid}": "no ID summaries are seeded: every UUID is a 404",
    "/taxon_id_summaries/{uuid}/id_summaries/{id}/quality_metrics": "as above",
    "/taxon_id_summaries/{uuid}/id_summaries/{id}/references/{reference_id}/quality_metrics": (
        "as above"
    ),
}


def _load_spec() -> Spec:
    spec: Spec = json.loads((api_dir() / "spec" / "v2_openapi.json").read_text(encoding="utf-8"))
    return spec


def _corrected(spec: Spec) -> Spec:
    fixed = copy.deepcopy(spec)
    for correction in SPEC_CORRECTIONS:
        correction.change(fixed)
    return fixed


@pytest.fixture(scope="module")
def validator() -> Any:
    """The corrected spec (checked to still be a valid OpenAPI document)."""
    return OpenAPI.from_dict(_corrected(_load_spec()))


@pytest.fixture(scope="module")
def published() -> Any:
    """The spec as published (its own validity is not this test's business)."""
    # None skips checking the spec itself, as openapi-core documents (its annotation omits it)
    unchecked = Config(spec_validator_cls=None)  # pyright: ignore[reportArgumentType]
    return OpenAPI.from_dict(_load_spec(), config=unchecked)


def _errors(api: Any, path: str, body: bytes, status: int = 200) -> list[str]:
    """The validator's complaints about ``body`` as the answer of ``GET /v2{path}``."""
    request = MockRequest("https://api.inaturalist.org", "get", "/v2" + path)
    response = MockResponse(body, status_code=status, content_type="application/json")
    out: list[str] = []
    for error in api.unmarshal_response(request, response).errors:
        causes = getattr(error, "schema_errors", None) or getattr(
            error.__cause__, "schema_errors", None
        )
        if causes:
            out.extend(f"{list(e.absolute_path)}: {e.message}" for e in causes)
        else:
            out.append(repr(error))
    return out


def _proof_body(correction: Correction) -> bytes:
    data = load_response(correction.proof)
    if correction.proof.startswith("v1/"):
        # v1's records of the index, reduced to what the correction is about
        records = [
            {"uuid": r["uuid"], "taxon": {"id": r["taxon"]["id"], **_status(r["taxon"])}}
            for r in data["results"]
            if (r.get("taxon") or {}).get("conservation_status")
        ]
        assert records, f"{correction.proof} no longer shows what {correction.where} is about"
        data = {"total_results": len(records), "page": 1, "per_page": 30, "results": records}
    return json.dumps(data).encode()


def _status(taxon: dict[str, Any]) -> dict[str, Any]:
    return {"conservation_status": taxon["conservation_status"]}


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", "1", path)


@pytest.mark.parametrize("correction", SPEC_CORRECTIONS, ids=lambda c: c.where)
def test_each_correction_is_needed(correction: Correction, published: Any, validator: Any) -> None:
    body = _proof_body(correction)
    path = _concrete(correction.proof_path)
    assert _errors(published, path, body), f"the spec no longer needs {correction.where}"
    assert _errors(validator, path, body) == []


# --- every v2 GET operation ----------------------------------------------------------------------


@attrs.frozen
class _World:
    user_id: int
    observation_uuid: str
    taxon_id: int
    species_id: int
    place_id: int
    place_uuid: str
    project_id: int
    message_id: int


def _world(emu: Emulator) -> _World:
    store = emu.store
    user_id = store.user_ids()[0]
    messages = store.message_rows(user_id)
    candidates = (store.get_observation(i) for i in store.observation_ids()[:400])
    observation = next(
        o
        for o in candidates
        if o is not None
        and o.get("taxon")
        and o["taxon"]["rank"] == "species"
        and o.get("community_taxon")
        and store.observation_quality_metrics(o["id"])
    )
    species_id = next(
        t
        for t in _species_by_frequency(emu)
        if requests.get(
            f"{emu.api_url}/v1/identifications/similar_species",
            params={"taxon_id": t},
            timeout=60,
        ).json()["results"]
    )
    catalog = store.place_catalog()
    place_id = next(iter(catalog.by_id))
    return _World(
        user_id=user_id,
        observation_uuid=observation["uuid"],
        taxon_id=3,
        species_id=species_id,
        place_id=place_id,
        place_uuid=catalog.record(place_id, geometry=False)["uuid"],
        project_id=store.project_catalog().rows[0].id,
        message_id=messages[0].id if messages else 1,
    )


def _species_by_frequency(emu: Emulator) -> list[int]:
    answer = requests.get(
        f"{emu.api_url}/v1/observations/species_counts", params={"per_page": 20}, timeout=60
    )
    return [row["taxon"]["id"] for row in answer.json()["results"]]


def _request(world: _World, path: str) -> tuple[str, dict[str, str]]:
    """The URL path (under ``/v2``) and query that exercise ``path``."""
    values = {
        "uuid": world.observation_uuid,
        "id": str(world.user_id),
        "taxon_id": str(world.taxon_id),
        "zoom": "1",
        "x": "0",
        "y": "0",
        "reference_id": "1",
    }
    by_path = {
        "/places/{uuid}": {"uuid": world.place_uuid},
        "/messages/{id}": {"id": str(world.message_id)},
        "/places/{id}/{zoom}/{x}/{y}.png": {"id": str(world.place_id)},
    }
    if path.startswith(("/taxa/{id}", "/taxon_", "/geomodel")):
        values["id"] = str(world.taxon_id)
    if path.startswith("/projects/{id}"):
        values["id"] = str(world.project_id)
    values.update(by_path.get(path, {}))
    query = {
        "/taxa/autocomplete": {"q": "a"},
        "/users/autocomplete": {"q": "a"},
        "/places": {"q": "a"},
        "/search": {"q": "a"},
        "/computervision/language_search": {"q": "a"},
        "/places/nearby": {"nelat": "60", "nelng": "30", "swlat": "-60", "swlng": "-130"},
        "/identifications/similar_species": {"taxon_id": str(world.species_id)},
        "/observations/deleted": {"since": "2000-01-01"},
        "/users/email_available": {"email": "new@example.org"},
        "/observations": {"per_page": "8"},
        "/taxa/suggest": {"taxon_id": "1"},
    }.get(path, {})
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path), dict(query)


def _get_operations() -> Iterator[str]:
    spec = _load_spec()
    for path, item in spec["paths"].items():
        if "get" in item:
            yield path


GET_OPERATIONS = sorted(_get_operations()) if API_DIR is not None else []


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(observations=400) as server:
        yield server


@pytest.fixture(scope="module")
def world(emu: Emulator) -> _World:
    return _world(emu)


def _answer(emu: Emulator, world: _World, path: str) -> requests.Response:
    from inatsdk.params.spec import operation

    url, query = _request(world, path)
    if "fields" in operation("v2", "GET", path).query_names():
        query["fields"] = "all"
    token = emu.issue_jwt(world.user_id)
    return requests.get(
        f"{emu.api_url}/v2{url}", params=query, headers={"Authorization": token}, timeout=60
    )


def test_every_v2_get_is_answered_or_listed(emu: Emulator, world: _World) -> None:
    answered = [p for p in GET_OPERATIONS if _answer(emu, world, p).status_code == 200]
    assert sorted(set(GET_OPERATIONS) - set(answered)) == sorted(NOT_ANSWERED)
    assert len(answered) == len(GET_OPERATIONS) - len(NOT_ANSWERED) >= 77


@pytest.mark.parametrize("path", [p for p in GET_OPERATIONS if p not in NOT_ANSWERED])
def test_answers_validate_against_the_spec(
    emu: Emulator, world: _World, validator: Any, path: str
) -> None:
    answer = _answer(emu, world, path)
    assert answer.status_code == 200, answer.text[:300]
    if path.endswith(".png"):
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.content[:8] == b"\x89PNG\r\n\x1a\n"
        return
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert _errors(validator, _concrete(path), answer.content) == []
    results = body.get("results") if isinstance(body, dict) else None
    if path in _NON_EMPTY:
        assert results, f"{path} answered no results: the check above proved little"


_NON_EMPTY = frozenset(
    {
        "/observations",
        "/observations/{uuid}",
        "/observations/species_counts",
        "/observations/observers",
        "/observations/identifiers",
        "/observations/iconic_taxa_counts",
        "/observations/iconic_taxa_species_counts",
        "/observations/identification_categories",
        "/observations/{uuid}/quality_metrics",
        "/identifications/recent_taxa",
        "/identifications/similar_species",
        "/controlled_terms",
        "/messages",
        "/places",
        "/places/{uuid}",
        "/projects",
        "/projects/{id}",
        "/projects/{id}/members",
        "/search",
        "/sites",
        "/taxa",
        "/taxa/{id}",
        "/taxa/autocomplete",
        "/taxa/iconic",
        "/taxa/suggest",
        "/users/{id}",
        "/users/me",
        "/users/autocomplete",
        "/translations/locales",
    }
)


def test_not_answered_are_refused_in_v2s_shape(emu: Emulator, world: _World) -> None:
    for path in NOT_ANSWERED:
        answer = _answer(emu, world, path)
        assert answer.status_code == 404
        assert set(answer.json()) == {"status", "errors"}


# --- key sets against the recordings -------------------------------------------------------------

DATA_DEPENDENT = {
    "v2/get_observations_full.json": {
        "application": "only on records created through an OAuth application (the seeded "
        "ones come from the website)",
        "time_observed_at": "absent from the recorded record, which has no time of day",
    },
    "v2/get_taxa_iconic_full.json": {
        "complete_rank": "only on taxa whose descendants are all known, as in v1",
    },
}


def _keys(results: list[dict[str, Any]]) -> set[str]:
    return {k for r in results for k in r}


@pytest.mark.parametrize(
    ("recording", "path"),
    [
        ("v2/get_observations_by_id_full.json", "/observations/{observation_uuid}"),
        ("v2/get_observations_full.json", "/observations?per_page=30"),
        ("v2/get_taxa_by_id_full.json", "/taxa/3"),
        ("v2/get_taxa_full.json", "/taxa?q=a"),
        ("v2/get_taxa_iconic_full.json", "/taxa/iconic"),
        ("v2/get_places_by_id.json", "/places/{place_uuid}"),
        ("v2/get_projects_by_id.json", "/projects/{project_id}"),
        ("v2/get_user_by_id.json", "/users/{user_id}"),
    ],
)
def test_key_sets_match_the_recordings(
    emu: Emulator, world: _World, recording: str, path: str
) -> None:
    url = path.format(**attrs.asdict(world))
    sep = "&" if "?" in url else "?"
    answer = requests.get(f"{emu.api_url}/v2{url}{sep}fields=all", timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    ours = _keys(answer.json()["results"])
    real = _keys(load_response(recording)["results"])
    allowed = set(DATA_DEPENDENT.get(recording, {}))
    assert ours - real <= allowed, f"keys the real {recording} does not have"
    assert real - ours <= allowed, f"keys of the real {recording} the emulator lacks"


# --- writes --------------------------------------------------------------------------------------


def _write_errors(api: Any, method: str, path: str, answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text[:300]
    request = MockRequest("https://api.inaturalist.org", method.lower(), "/v2" + path)
    response = MockResponse(answer.content, status_code=200, content_type="application/json")
    return [str(e) for e in api.unmarshal_response(request, response).errors]


def test_write_answers_validate_against_the_spec(emu: Emulator, validator: Any) -> None:
    import uuid as uuid_module

    from inatsdk.testing.media import jpeg_bytes

    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    base = f"{emu.api_url}/v2"
    uuid = str(uuid_module.uuid4())
    body = {"observation": {"uuid": uuid, "species_guess": "Raven"}, "fields": "all"}
    created = requests.post(f"{base}/observations", json=body, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/observations", created) == []
    photo = requests.post(
        f"{base}/observation_photos",
        data={"observation_photo[observation_id]": uuid, "fields": "all"},
        files={"file": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")},
        headers=headers,
        timeout=60,
    )
    assert _write_errors(validator, "POST", "/observation_photos", photo) == []
    update = {"observation": {"description": "x"}, "fields": "all"}
    updated = requests.put(f"{base}/observations/{uuid}", json=update, headers=headers, timeout=60)
    assert _write_errors(validator, "PUT", _concrete("/observations/{uuid}"), updated) == []
    ident = {"identification": {"observation_id": uuid, "taxon_id": 3}, "fields": "all"}
    made = requests.post(f"{base}/identifications", json=ident, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/identifications", made) == []


def test_social_write_answers_validate_against_the_spec(emu: Emulator, validator: Any) -> None:
    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    base = f"{emu.api_url}/v2"
    observation = emu.store.observation_core(emu.store.observation_ids()[0])
    assert observation is not None
    comment = {"comment": {"parent_type": "Observation", "parent_id": observation.uuid}}
    made = requests.post(
        f"{base}/comments",
        json={"comment": {**comment["comment"], "body": "x"}, "fields": "all"},
        headers=headers,
        timeout=60,
    )
    uuid = made.json()["results"][0]["uuid"]
    edit = {"comment": {"body": "y"}, "fields": "all"}
    edited = requests.put(f"{base}/comments/{uuid}", json=edit, headers=headers, timeout=60)
    assert _write_errors(validator, "PUT", _concrete("/comments/{uuid}"), edited) == []
    gone = requests.delete(f"{base}/comments/{uuid}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]
    friend = emu.store.user_ids()[1]
    body = {"relationship": {"friend_id": friend, "trust": True}, "fields": "all"}
    related = requests.post(f"{base}/relationships", json=body, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/relationships", related) == []
    key = related.json()["results"][0]["id"]
    body = {"relationship": {"following": False}, "fields": "all"}
    changed = requests.put(f"{base}/relationships/{key}", json=body, headers=headers, timeout=60)
    assert _write_errors(validator, "PUT", _concrete("/relationships/{id}"), changed) == []
    listed = requests.get(
        f"{base}/relationships", params={"fields": "all"}, headers=headers, timeout=60
    )
    assert _write_errors(validator, "GET", "/relationships", listed) == []
    gone = requests.delete(f"{base}/relationships/{key}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]
    body = {"saved_location": {"title": "Home", "latitude": 1.5, "longitude": 2.5}, "fields": "all"}
    saved = requests.post(f"{base}/saved_locations", json=body, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/saved_locations", saved) == []
    listed = requests.get(
        f"{base}/saved_locations", params={"fields": "all"}, headers=headers, timeout=60
    )
    assert _write_errors(validator, "GET", "/saved_locations", listed) == []
    key = saved.json()["results"][0]["id"]
    gone = requests.delete(f"{base}/saved_locations/{key}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]
    place_id = emu.store.place_ids()[0]
    body = {"taxon_name_priority": {"lexicon": "english", "place_id": place_id}, "fields": "all"}
    named = requests.post(f"{base}/taxon_name_priorities", json=body, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/taxon_name_priorities", named) == []
    key = named.json()["results"][0]["id"]
    body = {"taxon_name_priority": {"position": 0}, "fields": "all"}
    moved = requests.put(
        f"{base}/taxon_name_priorities/{key}", json=body, headers=headers, timeout=60
    )
    assert _write_errors(validator, "PUT", _concrete("/taxon_name_priorities/{id}"), moved) == []
    me = requests.get(f"{base}/users/me", params={"fields": "all"}, headers=headers, timeout=60)
    assert me.json()["results"][0]["taxon_name_priorities"][0]["id"] == key
    assert _write_errors(validator, "GET", "/users/me", me) == []
    gone = requests.delete(f"{base}/taxon_name_priorities/{key}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]
    from inatsdk.testing.media import jpeg_bytes

    suggested = requests.post(
        f"{base}/taxa/suggest",
        data={"fields": "all", "lat": "1.5", "lng": "2.5"},
        files={"image": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")},
        headers=headers,
        timeout=60,
    )
    assert suggested.json()["results"]
    assert _write_errors(validator, "POST", "/taxa/suggest", suggested) == []


def test_observation_photo_write_answers_validate_against_the_spec(
    emu: Emulator, validator: Any
) -> None:
    import uuid as uuid_module

    from inatsdk.testing.media import jpeg_bytes

    headers = {"Authorization": emu.issue_jwt(emu.store.user_ids()[0])}
    base = f"{emu.api_url}/v2"
    uuid = str(uuid_module.uuid4())
    body = {"observation": {"uuid": uuid}}
    assert requests.post(f"{base}/observations", json=body, headers=headers, timeout=60).ok
    photo = requests.post(
        f"{base}/observation_photos",
        data={"observation_photo[observation_id]": uuid, "fields": "all"},
        files={"file": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")},
        headers=headers,
        timeout=60,
    )
    key = photo.json()["results"][0]["uuid"]
    move: dict[str, Any] = {
        "observation_photo": {"observation_id": uuid, "position": 3},
        "fields": "all",
    }
    moved = requests.put(f"{base}/observation_photos/{key}", json=move, headers=headers, timeout=60)
    assert moved.json()["results"][0]["position"] == 3
    assert _write_errors(validator, "PUT", _concrete("/observation_photos/{uuid}"), moved) == []
    gone = requests.delete(f"{base}/observation_photos/{key}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]


def test_observation_part_write_answers_validate_against_the_spec(
    emu: Emulator, validator: Any
) -> None:
    """Field values, annotations and project observations written on v2 by the observation's
    UUID (the bodies v2's spec gives: an annotation's is flat)."""
    import uuid as uuid_module

    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    base = f"{emu.api_url}/v2"
    uuid = str(uuid_module.uuid4())
    body = {"observation": {"uuid": uuid}}
    assert requests.post(f"{base}/observations", json=body, headers=headers, timeout=60).ok
    value: dict[str, Any] = {
        "observation_field_value": {"observation_id": uuid, "observation_field_id": 1, "value": 3},
        "fields": "all",
    }
    made = requests.post(
        f"{base}/observation_field_values", json=value, headers=headers, timeout=60
    )
    assert _write_errors(validator, "POST", "/observation_field_values", made) == []
    key = made.json()["results"][0]["uuid"]
    value["observation_field_value"]["value"] = 4
    changed = requests.put(
        f"{base}/observation_field_values/{key}", json=value, headers=headers, timeout=60
    )
    path = _concrete("/observation_field_values/{uuid}")
    assert _write_errors(validator, "PUT", path, changed) == []
    gone = requests.delete(f"{base}/observation_field_values/{key}", headers=headers, timeout=60)
    assert gone.status_code in (200, 204), gone.text[:300]
    flat = {
        "resource_type": "Observation",
        "resource_id": uuid,
        "controlled_attribute_id": 1,
        "controlled_value_id": 2,
    }
    annotated = requests.post(f"{base}/annotations", json=flat, headers=headers, timeout=60)
    assert _write_errors(validator, "POST", "/annotations", annotated) == []
    project = next(r for r in emu.store.project_catalog().rows if not r.is_new_style)
    po = {"project_observation": {"project_id": project.id, "observation_id": uuid}}
    added = requests.post(
        f"{base}/project_observations", json={**po, "fields": "all"}, headers=headers, timeout=60
    )
    assert _write_errors(validator, "POST", "/project_observations", added) == []
    key = added.json()["results"][0]["uuid"]
    prefer = {"project_observation": {"prefers_curator_coordinate_access": True}, "fields": "all"}
    saved = requests.put(
        f"{base}/project_observations/{key}", json=prefer, headers=headers, timeout=60
    )
    path = _concrete("/project_observations/{uuid}")
    assert _write_errors(validator, "PUT", path, saved) == []
    gone = requests.delete(f"{base}/project_observations/{key}", headers=headers, timeout=60)
    assert gone.status_code == 200, gone.text[:300]


def test_media_and_membership_update_answers_validate_against_the_spec(
    emu: Emulator, validator: Any
) -> None:
    """A sound moved to another observation, a photo refreshed and a membership's preferences
    saved: the three v2 updates that answer a record."""
    import uuid as uuid_module

    from inatsdk.testing.media import jpeg_bytes, wav_bytes

    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    base = f"{emu.api_url}/v2"
    first, second = str(uuid_module.uuid4()), str(uuid_module.uuid4())
    for uuid in (first, second):
        body = {"observation": {"uuid": uuid}}
        assert requests.post(f"{base}/observations", json=body, headers=headers, timeout=60).ok
    sound = requests.post(
        f"{base}/observation_sounds",
        data={"observation_sound[observation_id]": first, "fields": "all"},
        files={"file": ("s.wav", wav_bytes(), "audio/wav")},
        headers=headers,
        timeout=60,
    )
    key = sound.json()["results"][0]["uuid"]
    move = {"observation_sound": {"observation_id": second}, "fields": "all"}
    moved = requests.put(f"{base}/observation_sounds/{key}", json=move, headers=headers, timeout=60)
    assert moved.json()["results"][0]["sound"]
    path = _concrete("/observation_sounds/{uuid}")
    assert _write_errors(validator, "PUT", path, moved) == []
    photo = requests.post(
        f"{base}/observation_photos",
        data={"observation_photo[observation_id]": first, "fields": "all"},
        files={"file": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")},
        headers=headers,
        timeout=60,
    )
    photo_id = photo.json()["results"][0]["photo"]["id"]
    refreshed = requests.put(
        f"{base}/photos/{photo_id}", json={"fields": "all"}, headers=headers, timeout=60
    )
    assert refreshed.json()["results"][0]["attribution"]
    assert _write_errors(validator, "PUT", _concrete("/photos/{id}"), refreshed) == []
    member = next(
        m for r in emu.store.project_catalog().rows for m in r.members if m.user_id == user_id
    )
    prefer = {"project_user": {"prefers_curator_coordinate_access_for": "any"}}
    saved = requests.put(
        f"{base}/project_users/{member.id}", json=prefer, headers=headers, timeout=60
    )
    assert saved.json()["prefers_curator_coordinate_access_for"] == "any"
    assert _write_errors(validator, "PUT", _concrete("/project_users/{id}"), saved) == []


def test_vision_and_toggle_answers_validate_against_the_spec(emu: Emulator, validator: Any) -> None:
    from inatsdk.testing.media import jpeg_bytes

    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    base = f"{emu.api_url}/v2"
    scored = requests.post(
        f"{base}/computervision/score_image",
        data={"fields": "all"},
        files={"image": ("p.jpg", jpeg_bytes(8, 8, 90), "image/jpeg")},
        headers=headers,
        timeout=60,
    )
    assert scored.json()["results"]
    assert _write_errors(validator, "POST", "/computervision/score_image", scored) == []
    observation = emu.store.observation_core(emu.store.observation_ids()[0])
    assert observation is not None
    toggled = requests.put(
        f"{base}/observations/{observation.uuid}/subscription", headers=headers, timeout=60
    )
    assert toggled.status_code == 204, toggled.text[:300]
    session = requests.put(
        f"{base}/users/update_session",
        params={"prefers_hide_obs_show_identifiers": "true"},
        headers=headers,
        timeout=60,
    )
    assert session.status_code == 204, session.text[:300]
