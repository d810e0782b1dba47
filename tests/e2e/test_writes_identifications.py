"""``client.identifications`` writes end to end: create, save (only what changed), withdraw,
restore, delete; ownership, credentials, dry-run and a write lost on the wire."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from inatsdk import Credentials, iNatClient
from inatsdk.errors import (
    AuthenticationError,
    ForbiddenError,
    InvalidParameterError,
    NotFoundError,
    TransportError,
    ValidationError,
)
from inatsdk.models import Identification, Observation
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.server import RecordedRequest
from tests.e2e.conftest import make_client


def _observation(emulator: Emulator) -> dict[str, Any]:
    """A seeded observation with a taxon."""
    store = emulator.store
    for obs_id in store.observation_ids()[:50]:
        record = store.get_observation(obs_id)
        if record is not None and record.get("taxon"):
            return record
    raise AssertionError("no seeded observation with a taxon")


@pytest.fixture
def observation(emulator: Emulator) -> dict[str, Any]:
    return _observation(emulator)


@pytest.fixture
def identifier(emulator: Emulator, observation: dict[str, Any]) -> int:
    """A user other than the observer."""
    return next(u for u in emulator.store.user_ids() if u != observation["user"]["id"])


def signed_in(emulator: Emulator, user_id: int, **overrides: object) -> iNatClient:
    return make_client(
        emulator, credentials=Credentials(api_token=emulator.issue_jwt(user_id)), **overrides
    )


@pytest.fixture
def client(emulator: Emulator, identifier: int) -> Iterator[iNatClient]:
    with signed_in(emulator, identifier) as c:
        yield c


def writes(emulator: Emulator) -> list[RecordedRequest]:
    return [r for r in emulator.requests if r.method in ("POST", "PUT", "DELETE")]


def draft(observation: dict[str, Any], **changes: Any) -> Identification:
    values: dict[str, Any] = {
        "observation_id": observation["id"],
        "taxon_id": observation["taxon"]["id"],
        **changes,
    }
    return Identification(**values)


def test_create_then_read_back(
    client: iNatClient, observation: dict[str, Any], identifier: int
) -> None:
    created = client.identifications.create(draft(observation, body="Note the crest"))
    assert isinstance(created, Identification)
    assert created.id is not None
    assert created.user is not None
    assert created.user.id == identifier
    assert (created.body, created.current, created.category) == (
        "Note the crest",
        True,
        "supporting",
    )
    assert created.observation is not None
    assert created.observation.id == observation["id"]
    assert created.changes() == {}  # the server's version, loaded

    again = client.identifications.get(created.id)
    assert again.body == "Note the crest"
    assert again.taxon_id == observation["taxon"]["id"]
    mine = client.identifications.search(user_id=identifier, id=created.id).all()
    assert [i.id for i in mine] == [created.id]
    obs = client.observations.get(observation["id"])
    assert obs.identifications is not None
    assert created.id in [i.id for i in obs.identifications]


def test_a_new_identification_withdraws_the_earlier_one(
    client: iNatClient, observation: dict[str, Any]
) -> None:
    first = client.identifications.create(draft(observation))
    ancestor = first.taxon.ancestor_ids[-2] if first.taxon and first.taxon.ancestor_ids else 1
    second = client.identifications.create(draft(observation, taxon_id=ancestor))
    assert second.current
    with pytest.raises(NotFoundError):  # only current identifications are found by id
        client.identifications.get(first.id or 0)
    assert first.id is not None
    assert second.id is not None
    both = client.identifications.search(id=[first.id, second.id], current="any").all()
    assert {i.id: i.current for i in both} == {first.id: False, second.id: True}


def test_save_sends_only_the_changed_attribute(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.identifications.create(draft(observation, body="Crest"))
    loaded = client.identifications.get(created.id or 0)
    loaded.body = "Crest and wing bars"
    emulator.clear_requests()
    saved = client.identifications.save(loaded)
    (sent,) = writes(emulator)
    assert (sent.method, sent.path) == ("PUT", f"/v1/identifications/{created.id}")
    assert json.loads(sent.body) == {"identification": {"body": "Crest and wing bars"}}
    assert saved.body == "Crest and wing bars"
    assert saved is not loaded
    assert loaded.changes() == {"body": "Crest and wing bars"}  # the model passed in is unchanged
    assert saved.changes() == {}
    assert client.identifications.get(created.id or 0).body == "Crest and wing bars"


def test_save_with_nothing_changed_sends_nothing(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.identifications.create(draft(observation))
    emulator.clear_requests()
    assert client.identifications.save(created) is created
    assert emulator.requests == []


def test_save_refuses_what_cannot_be_saved_before_sending(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.identifications.create(draft(observation))
    created.taxon_id = 3
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match=r"taxon_id \(only set when creating\)"):
        client.identifications.save(created)
    assert emulator.requests == []


def test_save_of_a_draft_creates_it(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    saved = client.identifications.save(draft(observation, body="from save"))
    assert saved.id is not None
    assert [r.method for r in writes(emulator)] == ["POST"]


def test_withdraw_and_restore(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any], identifier: int
) -> None:
    created = client.identifications.create(draft(observation))
    emulator.clear_requests()
    withdrawn = client.identifications.withdraw(created)
    assert withdrawn.current is False
    (sent,) = writes(emulator)
    assert json.loads(sent.body) == {"identification": {"current": False}}
    with pytest.raises(NotFoundError):
        client.identifications.get(created.id or 0)
    restored = client.identifications.restore(created.id or 0)
    assert restored.current is True
    assert client.identifications.get(created.id or 0).current is True

    # restoring an older one withdraws the newer
    newer = client.identifications.create(draft(observation, body="newer"))
    client.identifications.restore(created)
    states = client.identifications.search(user_id=identifier, current="any").all()
    by_id = {i.id: i.current for i in states}
    assert by_id[created.id] is True
    assert by_id[newer.id] is False


def test_delete_by_model_and_by_id(client: iNatClient, observation: dict[str, Any]) -> None:
    first = client.identifications.create(draft(observation, body="first"))
    second = client.identifications.create(draft(observation, body="second"))
    client.identifications.delete(second)
    assert second.id is not None
    assert not client.identifications.search(id=second.id, current="any").exists()
    # deleting the current one made the remaining one current again
    assert client.identifications.get(first.id or 0).current is True
    client.identifications.delete(first.id or 0)
    with pytest.raises(NotFoundError):
        client.identifications.get(first.id or 0)
    with pytest.raises(NotFoundError):
        client.identifications.delete(first.id or 0)


def test_only_the_author_may_change_it(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.identifications.create(draft(observation, body="mine"))
    with signed_in(emulator, observation["user"]["id"]) as observer:
        other = observer.identifications.get(created.id or 0)
        other.body = "not yours"
        with pytest.raises(ForbiddenError) as caught:
            observer.identifications.save(other)
        assert caught.value.status == 403
        with pytest.raises(ForbiddenError):
            observer.identifications.withdraw(created)
        with pytest.raises(ForbiddenError):
            observer.identifications.delete(created.id or 0)
    assert client.identifications.get(created.id or 0).body == "mine"


def test_without_credentials_nothing_is_sent(
    emulator: Emulator, observation: dict[str, Any]
) -> None:
    with make_client(emulator) as anonymous:
        with pytest.raises(AuthenticationError, match="needs an iNaturalist login") as caught:
            anonymous.identifications.create(draft(observation))
        assert caught.value.status == 401
        with pytest.raises(AuthenticationError):
            anonymous.identifications.withdraw(5)
        with pytest.raises(AuthenticationError):
            anonymous.identifications.delete(5)
    assert emulator.requests == []


def test_bad_input_is_caught_before_sending(emulator: Emulator, client: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        client.identifications.create(Identification(observation_id=1))
    with pytest.raises(InvalidParameterError, match="has no id"):
        client.identifications.withdraw(Identification(body="draft"))
    with pytest.raises(InvalidParameterError):
        client.identifications.delete(0)
    assert emulator.requests == []


def test_the_server_refuses_an_unknown_observation(client: iNatClient) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        client.identifications.create(Identification(observation_id=1, taxon_id=3))


def test_dry_run_per_client_per_call_and_from_the_environment(
    emulator: Emulator,
    observation: dict[str, Any],
    identifier: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    token = emulator.issue_jwt(identifier)
    with make_client(emulator, credentials=Credentials(api_token=token), dry_run=True) as c:
        rehearsed = c.identifications.create(draft(observation, body="rehearsal"))
    assert isinstance(rehearsed, Identification)
    assert (rehearsed.observation_id, rehearsed.taxon_id, rehearsed.body) == (
        observation["id"],
        observation["taxon"]["id"],
        "rehearsal",
    )
    assert rehearsed.id is None
    assert rehearsed.is_new
    line = next(r.getMessage() for r in caplog.records if "DRY RUN: POST" in r.getMessage())
    assert '"body": "rehearsal"' in line
    assert token not in caplog.text

    with signed_in(emulator, identifier) as c:
        real = c.identifications.create(draft(observation))
        emulator.clear_requests()
        real.body = "per call"
        saved = c.identifications.save(real, dry_run=True)
        assert saved.body == "per call"
        assert saved.id == real.id
        assert c.identifications.withdraw(real, dry_run=True).current is False
        c.identifications.delete(real, dry_run=True)
        assert emulator.requests == []

    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "true")
    from inatsdk.client import NOT_GIVEN

    with signed_in(emulator, identifier, dry_run=NOT_GIVEN) as c:
        assert c.dry_run == "writes"
        assert c.identifications.get(real.id or 0).current is True  # reads still go
        c.identifications.withdraw(real)
        c.identifications.create(draft(observation))
    assert writes(emulator) == []
    assert [r.method for r in emulator.requests] == ["GET"]


def _mine(client: iNatClient, user_id: int, observation: dict[str, Any]) -> list[Identification]:
    found = client.identifications.search(user_id=user_id, current="any").all()
    return [i for i in found if i.observation and i.observation.id == observation["id"]]


def test_a_post_dropped_on_the_wire_is_not_sent_again(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any], identifier: int
) -> None:
    before = _mine(client, identifier, observation)
    emulator.inject(Fault(kind="drop", method="POST", times=1))
    with pytest.raises(TransportError):
        client.identifications.create(draft(observation, body="only once"))
    posts = [r for r in emulator.requests if r.method == "POST"]
    assert len(posts) == 1  # the connection was lost after sending: never sent again
    # the emulator drops the connection before handling it, so nothing was stored; the caller
    # decides to try again, and exactly one record results
    assert _mine(client, identifier, observation) == before
    client.identifications.create(draft(observation, body="only once"))
    after = _mine(client, identifier, observation)
    assert [i.body for i in after if i not in before] == ["only once"]


def test_an_answer_lost_after_the_server_stored_it_is_not_sent_again(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any], identifier: int
) -> None:
    before = len(_mine(client, identifier, observation))
    emulator.inject(Fault(kind="truncate", method="POST", times=1))
    with pytest.raises(TransportError):
        client.identifications.create(draft(observation, body="stored, answer lost"))
    assert len([r for r in emulator.requests if r.method == "POST"]) == 1
    after = _mine(client, identifier, observation)
    assert len(after) == before + 1  # exactly one record, not two
    assert after[0].body == "stored, answer lost"


def test_observation_models_still_load_after_writes(
    client: iNatClient, observation: dict[str, Any]
) -> None:
    client.identifications.create(draft(observation, body="seen in searches"))
    found = client.observations.search(id=observation["id"]).one()
    assert isinstance(found, Observation)
    bodies = [i.body for i in found.identifications or []]
    assert "seen in searches" in bodies
