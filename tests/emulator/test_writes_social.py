"""The emulator's identification, comment, annotation, vote and flag writes, over plain HTTP:
auth, ownership, validation, what later reads show, and resets."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.records import ORIGIN
from tests.emulator.helpers import get_json, post

ALIVE_OR_DEAD, ALIVE, DEAD = 17, 18, 19


def send(
    emu: Emulator, method: str, path: str, body: Any = None, token: str | None = None
) -> requests.Response:
    headers = {"Authorization": token} if token is not None else {}
    return requests.request(method, emu.api_url + path, json=body, headers=headers, timeout=30)


def animal_observation(emu: Emulator, *, annotated: bool = False) -> dict[str, Any]:
    for obs_id in emu.store.observation_ids()[:400]:
        record = emu.store.get_observation(obs_id)
        if record is None or not record.get("taxon") or 1 not in record["taxon"]["ancestor_ids"]:
            continue
        if bool(record["annotations"]) == annotated:
            return record
    raise AssertionError("no such seeded observation")


def someone_else(emu: Emulator, *user_ids: int) -> int:
    return next(u for u in emu.store.user_ids() if u not in user_ids)


def show(emu: Emulator, obs_id: int) -> dict[str, Any]:
    record: dict[str, Any] = get_json(emu, f"/v1/observations/{obs_id}")["results"][0]
    return record


def _unserved(emu: Emulator, record: dict[str, Any]) -> Any:
    """A served record as the store holds it: media URLs on ORIGIN, not the emulator's."""
    return json.loads(json.dumps(record).replace(emu.api_url, ORIGIN))


@pytest.fixture
def obs(emulator: Emulator) -> dict[str, Any]:
    return animal_observation(emulator)


@pytest.fixture
def user(emulator: Emulator, obs: dict[str, Any]) -> int:
    return someone_else(emulator, obs["user"]["id"])


@pytest.fixture
def token(emulator: Emulator, user: int) -> str:
    return emulator.issue_jwt(user)


@pytest.fixture
def other_token(emulator: Emulator, obs: dict[str, Any], user: int) -> str:
    return emulator.issue_jwt(someone_else(emulator, obs["user"]["id"], user))


ROUTES = [
    ("POST", "/v1/identifications"),
    ("PUT", "/v1/identifications/1"),
    ("DELETE", "/v1/identifications/1"),
    ("POST", "/v1/comments"),
    ("PUT", "/v1/comments/1"),
    ("DELETE", "/v1/comments/1"),
    ("POST", "/v1/annotations"),
    ("DELETE", "/v1/annotations/1"),
    ("POST", "/v1/votes/vote/annotation/1"),
    ("DELETE", "/v1/votes/unvote/annotation/1"),
    ("POST", "/v1/flags"),
    ("PUT", "/v1/flags/1"),
    ("DELETE", "/v1/flags/1"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_write_needs_a_valid_jwt(emulator: Emulator, method: str, path: str) -> None:
    assert send(emulator, method, path, {}).status_code == 401
    expired = emulator.issue_jwt(emulator.store.user_ids()[0], lifetime=0)
    assert send(emulator, method, path, {}, token=expired).status_code == 401


def test_identification_writes_and_reads(
    emulator: Emulator, obs: dict[str, Any], user: int, token: str, other_token: str
) -> None:
    taxon_id = obs["taxon"]["id"]
    body = {"identification": {"observation_id": obs["id"], "taxon_id": taxon_id, "body": "Hi"}}
    created = post(emulator, "/v1/identifications", body, token)
    assert created.status_code == 200, created.text
    ident = created.json()
    assert (ident["user"]["id"], ident["taxon"]["id"], ident["current"]) == (user, taxon_id, True)
    assert ident["observation"]["id"] == obs["id"]
    assert ident["category"] == "supporting"
    assert ident["own_observation"] is False

    # later reads: by id, in searches, inside the observation (with its counts)
    assert get_json(emulator, f"/v1/identifications/{ident['id']}")["results"][0]["body"] == "Hi"
    found = get_json(emulator, "/v1/identifications", user_id=user, order_by="id")["results"]
    assert found[0]["id"] == ident["id"]
    record = show(emulator, obs["id"])
    assert record["identifications"][-1]["id"] == ident["id"]
    assert record["identifications_count"] == obs["identifications_count"] + 1
    assert ident["id"] in [i["id"] for i in record["non_owner_ids"]]
    assert user in record["reviewed_by"]
    listed = get_json(emulator, "/v1/observations", id=obs["id"])["results"][0]
    assert "ancestors" not in listed["identifications"][-1]["taxon"]

    # withdraw: gone from the default (current) reads, there with current=any
    path = f"/v1/identifications/{ident['id']}"
    assert (
        send(emulator, "PUT", path, {"identification": {"current": False}}, other_token).status_code
        == 403
    )
    withdrawn = send(emulator, "PUT", path, {"identification": {"current": False}}, token)
    assert withdrawn.json()["current"] is False
    assert get_json(emulator, path)["results"] == []
    any_state = {"id": ident["id"], "current": "any"}
    assert get_json(emulator, "/v1/identifications", **any_state)["results"][0]["current"] is False
    assert send(emulator, "DELETE", path, token=other_token).status_code == 403
    assert send(emulator, "DELETE", path, token=token).status_code == 200
    assert send(emulator, "DELETE", path, token=token).status_code == 404
    assert get_json(emulator, "/v1/identifications", **any_state)["results"] == []


def test_identification_validation(emulator: Emulator, obs: dict[str, Any], token: str) -> None:
    def create(record: Any) -> int:
        return post(emulator, "/v1/identifications", record, token).status_code

    assert create({"observation_id": obs["id"], "taxon_id": 3}) == 422  # not wrapped
    assert create({"identification": {"observation_id": obs["id"]}}) == 422
    assert create({"identification": {"observation_id": 1, "taxon_id": 3}}) == 422
    assert create({"identification": {"observation_id": obs["id"], "taxon_id": 1}}) == 200
    assert create({"identification": {"observation_id": obs["id"], "taxon_id": 99999999}}) == 422
    bad = send(emulator, "PUT", "/v1/identifications/abc", {"identification": {}}, token)
    assert bad.status_code == 422


def test_a_seeded_identification_can_be_withdrawn_by_its_author(emulator: Emulator) -> None:
    row = emulator.store.identifications_snapshot()[0]
    path = f"/v1/identifications/{row.id}"
    withdraw = {"identification": {"current": False}}
    stranger = emulator.issue_jwt(someone_else(emulator, row.user_id))
    assert send(emulator, "PUT", path, withdraw, stranger).status_code == 403
    answer = send(emulator, "PUT", path, withdraw, emulator.issue_jwt(row.user_id))
    assert answer.status_code == 200
    assert answer.json()["current"] is False
    assert get_json(emulator, path)["results"] == []
    emulator.reset()
    assert get_json(emulator, path)["results"][0]["current"] is True


def test_comment_writes(
    emulator: Emulator, obs: dict[str, Any], user: int, token: str, other_token: str
) -> None:
    body = {"comment": {"parent_type": "Observation", "parent_id": obs["id"], "body": "Nice"}}
    created = post(emulator, "/v1/comments", body, token).json()
    assert (created["body"], created["user_id"], created["parent_id"]) == ("Nice", user, obs["id"])
    record = show(emulator, obs["id"])
    assert record["comments"][-1]["id"] == created["id"]
    assert record["comments_count"] == obs["comments_count"] + 1
    # the same keys as the seeded comments (and the real ones)
    assert set(record["comments"][-1]) == {
        "id",
        "uuid",
        "user",
        "created_at",
        "created_at_details",
        "body",
        "flags",
        "hidden",
        "moderator_actions",
    }

    path = f"/v1/comments/{created['id']}"
    edit = {"comment": {"body": "Nicer"}}
    assert send(emulator, "PUT", path, edit, other_token).status_code == 403
    assert send(emulator, "PUT", path, {"comment": {"body": " "}}, token).status_code == 422
    assert send(emulator, "PUT", path, edit, token).json()["body"] == "Nicer"
    assert show(emulator, obs["id"])["comments"][-1]["body"] == "Nicer"
    assert send(emulator, "DELETE", path, token=other_token).status_code == 403
    assert send(emulator, "DELETE", path, token=token).status_code == 200
    assert show(emulator, obs["id"])["comments_count"] == obs["comments_count"]
    assert send(emulator, "DELETE", path, token=token).status_code == 404

    for bad in (
        {"comment": {"parent_type": "Photo", "parent_id": obs["id"], "body": "x"}},
        {"comment": {"parent_type": "Observation", "parent_id": obs["id"], "body": ""}},
        {"comment": {"parent_type": "Observation", "parent_id": 1, "body": "x"}},
    ):
        assert post(emulator, "/v1/comments", bad, token).status_code == 422


def test_a_seeded_comment_can_be_edited_by_its_author(emulator: Emulator) -> None:
    record = next(
        r
        for r in (emulator.store.get_observation(i) for i in emulator.store.observation_ids())
        if r is not None and r["comments"]
    )
    comment = record["comments"][0]
    path = f"/v1/comments/{comment['id']}"
    token = emulator.issue_jwt(comment["user"]["id"])
    assert send(emulator, "PUT", path, {"comment": {"body": "edited"}}, token).status_code == 200
    assert show(emulator, record["id"])["comments"][0]["body"] == "edited"


def test_annotation_writes_and_votes(
    emulator: Emulator, obs: dict[str, Any], user: int, token: str, other_token: str
) -> None:
    body = {
        "annotation": {
            "resource_type": "Observation",
            "resource_id": obs["id"],
            "controlled_attribute_id": ALIVE_OR_DEAD,
            "controlled_value_id": DEAD,
        }
    }
    created = post(emulator, "/v1/annotations", body, token).json()
    assert created["concatenated_attr_val"] == f"{ALIVE_OR_DEAD}|{DEAD}"
    assert (created["resource_id"], created["user_id"], created["vote_score"]) == (
        obs["id"],
        user,
        0,
    )
    (shown,) = show(emulator, obs["id"])["annotations"]
    assert "id" not in shown  # as the real records: annotations inside observations carry none
    assert shown["controlled_value"]["label"] == "Dead"

    uuid = created["uuid"]
    voted = post(emulator, f"/v1/votes/vote/annotation/{uuid}", {"vote": "down"}, other_token)
    assert voted.json()["vote_score"] == -1
    again = post(emulator, f"/v1/votes/vote/annotation/{created['id']}", {}, other_token)
    assert again.json()["vote_score"] == 1  # up by default, replacing the down vote
    assert len(again.json()["votes"]) == 1
    assert (
        post(emulator, f"/v1/votes/vote/annotation/{uuid}", {"vote": "x"}, token).status_code == 422
    )
    assert send(emulator, "DELETE", f"/v1/votes/unvote/annotation/{uuid}", token=other_token).ok
    assert show(emulator, obs["id"])["annotations"][0]["vote_score"] == 0

    assert send(emulator, "DELETE", f"/v1/annotations/{uuid}", token=other_token).status_code == 403
    assert send(emulator, "DELETE", f"/v1/annotations/{uuid}", token=token).status_code == 200
    assert show(emulator, obs["id"])["annotations"] == []
    assert send(emulator, "DELETE", f"/v1/annotations/{uuid}", token=token).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert post(emulator, f"/v1/votes/vote/annotation/{missing}", {}, token).status_code == 404


def test_annotation_validation(emulator: Emulator, obs: dict[str, Any], token: str) -> None:
    def create(attribute: int, value: int, resource: int | None = None) -> int:
        body = {
            "annotation": {
                "resource_type": "Observation",
                "resource_id": resource or obs["id"],
                "controlled_attribute_id": attribute,
                "controlled_value_id": value,
            }
        }
        return post(emulator, "/v1/annotations", body, token).status_code

    assert create(999, 1) == 422  # no such attribute
    assert create(ALIVE_OR_DEAD, 2) == 422  # Adult is a Life Stage, not Alive or Dead
    assert create(12, 13) == 422  # Plant Phenology does not apply to animals
    assert create(ALIVE_OR_DEAD, ALIVE, resource=1) == 422  # no such observation
    assert create(ALIVE_OR_DEAD, ALIVE) == 200
    assert create(ALIVE_OR_DEAD, ALIVE) == 422  # the same pair twice
    assert create(ALIVE_OR_DEAD, DEAD) == 422  # one value per single-valued attribute


def test_votes_on_a_seeded_annotation(emulator: Emulator) -> None:
    record = animal_observation(emulator, annotated=True)
    annotation = record["annotations"][0]
    voter = someone_else(
        emulator, record["user"]["id"], *[v["user_id"] for v in annotation["votes"]]
    )
    answer = post(
        emulator,
        f"/v1/votes/vote/annotation/{annotation['uuid']}",
        {"vote": "up"},
        emulator.issue_jwt(voter),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["vote_score"] == annotation["vote_score"] + 1
    assert (
        show(emulator, record["id"])["annotations"][0]["vote_score"] == annotation["vote_score"] + 1
    )


def test_flag_writes(
    emulator: Emulator, obs: dict[str, Any], user: int, token: str, other_token: str
) -> None:
    body = {"flag": {"flaggable_type": "Observation", "flaggable_id": obs["id"], "flag": "spam"}}
    created = post(emulator, "/v1/flags", body, token).json()
    assert (created["flag"], created["resolved"], created["user_id"]) == ("spam", False, user)
    assert [f["id"] for f in show(emulator, obs["id"])["flags"]] == [created["id"]]

    path = f"/v1/flags/{created['id']}"
    resolve = {"flag": {"resolved": True}}
    assert send(emulator, "PUT", path, resolve, other_token).status_code == 403
    resolved = send(emulator, "PUT", path, resolve, token).json()
    assert (resolved["resolved"], resolved["resolver_id"]) == (True, user)
    assert resolved["resolved_at"] is not None
    assert show(emulator, obs["id"])["flags"][0]["resolved"] is True
    assert send(emulator, "DELETE", path, token=token).status_code == 200
    assert show(emulator, obs["id"])["flags"] == []
    assert send(emulator, "DELETE", path, token=token).status_code == 404

    ident_id = obs["identifications"][0]["id"]
    explained = {
        "flag": {"flaggable_type": "Identification", "flaggable_id": ident_id, "flag": "other"},
        "flag_explanation": "copied",
    }
    flag = post(emulator, "/v1/flags", explained, token).json()
    assert (flag["flag"], flag["flaggable_type"], flag["flaggable_id"]) == (
        "copied",
        "Identification",
        ident_id,
    )
    shown = get_json(emulator, f"/v1/identifications/{ident_id}")["results"][0]
    assert [f["flag"] for f in shown["flags"]] == ["copied"]

    for bad in (
        {"flag": {"flaggable_type": "Photo", "flaggable_id": 1, "flag": "spam"}},
        {"flag": {"flaggable_type": "Observation", "flaggable_id": obs["id"], "flag": "rude"}},
        {"flag": {"flaggable_type": "Observation", "flaggable_id": obs["id"], "flag": "other"}},
        {"flag": {"flaggable_type": "Observation", "flaggable_id": 1, "flag": "spam"}},
        {"flag": {"flaggable_type": "Taxon", "flaggable_id": 99999999, "flag": "spam"}},
    ):
        assert post(emulator, "/v1/flags", bad, token).status_code == 422
    taxon_flag = {"flag": {"flaggable_type": "Taxon", "flaggable_id": 3, "flag": "spam"}}
    kept = post(emulator, "/v1/flags", taxon_flag, token).json()
    assert send(emulator, "DELETE", f"/v1/flags/{kept['id']}", token=token).status_code == 200


def test_reset_forgets_every_write_and_other_emulators_never_see_them(
    emulator: Emulator, obs: dict[str, Any], token: str, emulator_factory: Any
) -> None:
    twin = emulator_factory(observations=2000, seed=emulator.seed)
    ident = {"identification": {"observation_id": obs["id"], "taxon_id": obs["taxon"]["id"]}}
    created = post(emulator, "/v1/identifications", ident, token).json()
    comment = {"comment": {"parent_type": "Observation", "parent_id": obs["id"], "body": "x"}}
    post(emulator, "/v1/comments", comment, token)
    assert len(show(emulator, obs["id"])["comments"]) == len(obs["comments"]) + 1

    assert _unserved(twin, show(twin, obs["id"])) == obs
    assert get_json(twin, f"/v1/identifications/{created['id']}")["results"] == []

    emulator.reset()
    assert _unserved(emulator, show(emulator, obs["id"])) == obs
    assert get_json(emulator, f"/v1/identifications/{created['id']}")["results"] == []
    # and writing again after a reset works from a clean slate
    again = post(emulator, "/v1/identifications", ident, token).json()
    assert again["id"] == created["id"]  # ids start over, as the records do


def test_write_answers_load_into_models_losslessly(
    emulator: Emulator, obs: dict[str, Any], token: str
) -> None:
    from inatsdk.models import Annotation, Comment, Flag, Identification
    from tests.contract.test_models_lossless import lossless_problems

    answers: list[tuple[type[Any], Any]] = []
    ident = {"identification": {"observation_id": obs["id"], "taxon_id": obs["taxon"]["id"]}}
    answers.append((Identification, post(emulator, "/v1/identifications", ident, token).json()))
    comment = {"comment": {"parent_type": "Observation", "parent_id": obs["id"], "body": "x"}}
    answers.append((Comment, post(emulator, "/v1/comments", comment, token).json()))
    annotation = {
        "annotation": {
            "resource_type": "Observation",
            "resource_id": obs["id"],
            "controlled_attribute_id": ALIVE_OR_DEAD,
            "controlled_value_id": ALIVE,
        }
    }
    answers.append((Annotation, post(emulator, "/v1/annotations", annotation, token).json()))
    flag = {"flag": {"flaggable_type": "Observation", "flaggable_id": obs["id"], "flag": "spam"}}
    answers.append((Flag, post(emulator, "/v1/flags", flag, token).json()))
    for model, answer in answers:
        assert lossless_problems(answer, model.from_json(answer).to_json()) == [], model
