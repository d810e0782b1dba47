"""v2 writes by UUID over real HTTP, and one world behind v1 and v2: an observation created
with two photos through v2, read through both, updated, identified, voted on, and the
identification deleted; v1 writes show in v2 reads."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

import requests

from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes


def _send(emu: Emulator, method: str, path: str, token: str, **kwargs: Any) -> requests.Response:
    return requests.request(
        method, emu.api_url + path, headers={"Authorization": token}, timeout=30, **kwargs
    )


def _ok(response: requests.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _v1(emu: Emulator, observation_id: int) -> dict[str, Any]:
    record: dict[str, Any] = _ok(
        requests.get(f"{emu.api_url}/v1/observations/{observation_id}", timeout=30)
    )["results"][0]
    return record


def _v2(emu: Emulator, uuid: str) -> dict[str, Any]:
    answer = requests.get(f"{emu.api_url}/v2/observations/{uuid}?fields=all", timeout=30)
    record: dict[str, Any] = _ok(answer)["results"][0]
    return record


def test_an_observation_lives_through_v2_and_shows_in_v1(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    token = emulator.issue_jwt(user_id)
    uuid = str(uuid_module.uuid4())
    body = {
        "observation": {"uuid": uuid, "species_guess": "Raven", "latitude": 46.5, "longitude": 6.6}
    }
    created = _ok(_send(emulator, "POST", "/v2/observations", token, json=body))
    assert created["results"] == [{"uuid": uuid}]  # no fields: the required key only
    for shade in (40, 200):
        photo = _send(
            emulator,
            "POST",
            "/v2/observation_photos",
            token,
            data={"observation_photo[observation_id]": uuid, "fields": "id,uuid"},
            files={"file": ("p.jpg", jpeg_bytes(16, 16, shade), "image/jpeg")},
        )
        (row,) = _ok(photo)["results"]
        assert set(row) == {"id", "uuid"}

    v2 = _v2(emulator, uuid)
    assert v2["species_guess"] == "Raven" and len(v2["observation_photos"]) == 2
    assert all("photo_id" not in op for op in v2["observation_photos"])
    v1 = _v1(emulator, v2["id"])
    assert v1["uuid"] == uuid and [p["id"] for p in v1["photos"]] == [
        op["photo"]["id"] for op in v2["observation_photos"]
    ]

    update = {"observation": {"description": "on the ridge"}, "fields": "description"}
    updated = _ok(_send(emulator, "PUT", f"/v2/observations/{uuid}", token, json=update))
    assert updated["results"] == [{"uuid": uuid, "description": "on the ridge"}]
    after = _v1(emulator, v2["id"])
    assert after["description"] == "on the ridge" and len(after["photos"]) == 2  # kept

    identifier = emulator.issue_jwt(emulator.store.user_ids()[1])
    taxon_id = emulator.store.find_taxon("Corvus corax") or 3
    ident = {"identification": {"observation_id": uuid, "taxon_id": taxon_id}, "fields": "all"}
    (made,) = _ok(_send(emulator, "POST", "/v2/identifications", identifier, json=ident))["results"]
    assert made["taxon"]["id"] == taxon_id and "uuid" in made
    assert made["uuid"] in [i["uuid"] for i in _v1(emulator, v2["id"])["identifications"]]

    vote = _send(
        emulator, "POST", f"/v2/observations/{uuid}/quality/wild", identifier, json={"agree": False}
    )
    assert vote.status_code == 204, vote.text  # v2 answers a vote with no content
    metrics = _ok(
        requests.get(f"{emulator.api_url}/v1/observations/{v2['id']}/quality_metrics", timeout=30)
    )
    assert [(m["metric"], m["agree"]) for m in metrics["results"]] == [("wild", False)]
    assert _send(emulator, "POST", f"/v2/observations/{uuid}/fave", identifier).status_code == 200
    assert _v2(emulator, uuid)["faves_count"] == 1

    gone = _send(emulator, "DELETE", f"/v2/identifications/{made['uuid']}", identifier)
    assert gone.status_code == 200, gone.text
    left = [i for i in _v1(emulator, v2["id"])["identifications"] if i["uuid"] == made["uuid"]]
    assert left == [] or left[0]["current"] is False

    # the reverse: a v1 write shows in a v2 read
    v1_update = {"observation": {"species_guess": "Common raven"}, "ignore_photos": True}
    _ok(_send(emulator, "PUT", f"/v1/observations/{v2['id']}", token, json=v1_update))
    assert _v2(emulator, uuid)["species_guess"] == "Common raven"
    assert _send(emulator, "DELETE", f"/v2/observations/{uuid}", token).status_code == 200
    missing = requests.get(f"{emulator.api_url}/v2/observations/{uuid}", timeout=30)
    assert missing.status_code == 404 and set(missing.json()) == {"status", "errors"}


def test_v2_writes_need_a_user_and_a_known_uuid(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    body = {"observation": {"species_guess": "x"}}
    anonymous = requests.post(f"{emulator.api_url}/v2/observations", json=body, timeout=30)
    assert anonymous.status_code == 401 and set(anonymous.json()) == {"status", "errors"}
    unknown = str(uuid_module.uuid4())
    for method, path in (
        ("PUT", f"/v2/observations/{unknown}"),
        ("DELETE", f"/v2/identifications/{unknown}"),
        ("POST", f"/v2/observations/{unknown}/fave"),
    ):
        answer = _send(emulator, method, path, token, json=body)
        assert answer.status_code == 404, (method, path, answer.text)
    ident = {"identification": {"observation_id": unknown, "taxon_id": 3}}
    assert _send(emulator, "POST", "/v2/identifications", token, json=ident).status_code == 404


def test_comments_flags_messages_membership_and_account_through_v2(emulator: Emulator) -> None:
    store = emulator.store
    me, other = store.user_ids()[0], store.user_ids()[1]
    token = emulator.issue_jwt(me)
    observation = store.get_observation(store.observation_ids()[3])
    assert observation is not None
    comment = {
        "comment": {"parent_type": "Observation", "parent_id": observation["uuid"], "body": "hi"},
        "fields": "body",
    }
    (made,) = _ok(_send(emulator, "POST", "/v2/comments", token, json=comment))["results"]
    assert made["body"] == "hi" and "uuid" in made
    assert made["uuid"] in [c["uuid"] for c in _v1(emulator, observation["id"])["comments"]]

    flag = {"flag": {"flaggable_type": "Taxon", "flaggable_id": 3, "flag": "spam"}, "fields": "all"}
    (flagged,) = _ok(_send(emulator, "POST", "/v2/flags", token, json=flag))["results"]
    assert _send(emulator, "DELETE", f"/v2/flags/{flagged['id']}", token).status_code == 200

    message = {"message": {"to_user_id": other, "subject": "s", "body": "b"}, "fields": "all"}
    (sent,) = _ok(_send(emulator, "POST", "/v2/messages", token, json=message))["results"]
    v1_box = _ok(_send(emulator, "GET", "/v1/messages", token, params={"box": "sent"}))
    assert sent["id"] in [m["id"] for m in v1_box["results"]]

    project = store.project_catalog().rows[0]
    joined = _send(emulator, "POST", f"/v2/projects/{project.id}/membership", token)
    assert joined.status_code == 204 and joined.content == b""
    membership = _ok(_send(emulator, "GET", f"/v1/projects/{project.id}/membership", token))
    assert membership["results"] and membership["results"][0]["project_id"] == project.id
    left = _send(emulator, "DELETE", f"/v2/projects/{project.id}/membership", token)
    assert left.status_code == 204

    assert _send(emulator, "POST", f"/v2/users/{other}/mute", token).status_code == 200
    muted = _ok(_send(emulator, "GET", "/v1/users/me", token))["results"][0]
    assert other in muted["muted_user_ids"]
    update = {"user": {"description": "naturalist"}, "fields": "description"}
    profile = _ok(_send(emulator, "PUT", f"/v2/users/{me}", token, json=update))
    assert profile == {"id": me, "description": "naturalist"}  # v2 answers the bare user
