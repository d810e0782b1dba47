"""``client.comments``, ``client.annotations`` and ``client.flags`` end to end: create and read
back, save only what changed, delete by model and by id, ownership, credentials, dry-run and a
write lost on the wire."""

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
from inatsdk.models import Annotation, Comment, Flag, Observation
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.server import RecordedRequest
from tests.e2e.conftest import make_client

ALIVE_OR_DEAD, ALIVE, DEAD = 17, 18, 19
"""A controlled attribute that applies to animals, plants and fungi, and two of its values."""


def _animal_observation(emulator: Emulator) -> dict[str, Any]:
    """A seeded observation of an animal with no annotation yet."""
    store = emulator.store
    for obs_id in store.observation_ids()[:200]:
        record = store.get_observation(obs_id)
        if record is None or not record.get("taxon") or record["annotations"]:
            continue
        if 1 in record["taxon"]["ancestor_ids"]:
            return record
    raise AssertionError("no seeded animal observation without annotations")


@pytest.fixture
def observation(emulator: Emulator) -> dict[str, Any]:
    return _animal_observation(emulator)


@pytest.fixture
def author(emulator: Emulator, observation: dict[str, Any]) -> int:
    return next(u for u in emulator.store.user_ids() if u != observation["user"]["id"])


def signed_in(emulator: Emulator, user_id: int, **overrides: object) -> iNatClient:
    return make_client(
        emulator, credentials=Credentials(api_token=emulator.issue_jwt(user_id)), **overrides
    )


@pytest.fixture
def client(emulator: Emulator, author: int) -> Iterator[iNatClient]:
    with signed_in(emulator, author) as c:
        yield c


@pytest.fixture
def observer(emulator: Emulator, observation: dict[str, Any]) -> Iterator[iNatClient]:
    """Signed in as the observer: someone else than the author of the test's records."""
    with signed_in(emulator, observation["user"]["id"]) as c:
        yield c


def writes(emulator: Emulator) -> list[RecordedRequest]:
    return [r for r in emulator.requests if r.method in ("POST", "PUT", "DELETE")]


def fresh(client: iNatClient, observation: dict[str, Any]) -> Observation:
    return client.observations.get(observation["id"])


# --- comments ------------------------------------------------------------------------------------


def test_comment_create_then_read_back(
    client: iNatClient, observation: dict[str, Any], author: int
) -> None:
    before = len(fresh(client, observation).comments or [])
    created = client.comments.create(Comment(parent_id=observation["id"], body="Lovely shot!"))
    assert isinstance(created, Comment)
    assert created.id is not None
    assert (created.body, created.parent_type, created.parent_id) == (
        "Lovely shot!",
        "Observation",
        observation["id"],
    )
    assert created.user is not None
    assert created.user.id == author
    comments = fresh(client, observation).comments or []
    assert len(comments) == before + 1
    assert comments[-1].id == created.id
    assert comments[-1].body == "Lovely shot!"


def test_comment_save_sends_only_the_body(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    client.comments.create(Comment(parent_id=observation["id"], body="Lovly"))
    loaded = Observation.from_json(emulator.store.get_observation(observation["id"]) or {})
    # a comment read from its observation is nested, so detached: it sends its updatable body
    nested = (loaded.comments or [])[-1]
    nested.body = "Lovely"
    emulator.clear_requests()
    saved = client.comments.save(nested)
    (sent,) = writes(emulator)
    assert (sent.method, sent.path) == ("PUT", f"/v1/comments/{nested.id}")
    assert json.loads(sent.body) == {"comment": {"body": "Lovely"}}
    assert saved.body == "Lovely"
    # the server's version is loaded: change one attribute, only it is sent
    saved.body = "Lovely!"
    emulator.clear_requests()
    client.comments.save(saved)
    assert json.loads(writes(emulator)[0].body) == {"comment": {"body": "Lovely!"}}
    assert (fresh(client, observation).comments or [])[-1].body == "Lovely!"


def test_comment_delete_by_model_and_by_id(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    first = client.comments.create(Comment(parent_id=observation["id"], body="one"))
    second = client.comments.create(Comment(parent_id=observation["id"], body="two"))
    client.comments.delete(first)
    client.comments.delete(second.id or 0)
    ids = [c.id for c in fresh(client, observation).comments or []]
    assert first.id not in ids
    assert second.id not in ids
    assert [(r.method, r.path) for r in writes(emulator)][-2:] == [
        ("DELETE", f"/v1/comments/{first.id}"),
        ("DELETE", f"/v1/comments/{second.id}"),
    ]
    with pytest.raises(NotFoundError):
        client.comments.delete(first)


def test_someone_elses_comment_is_forbidden(
    client: iNatClient, observer: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.comments.create(Comment(parent_id=observation["id"], body="mine"))
    created.body = "theirs now"
    with pytest.raises(ForbiddenError):
        observer.comments.save(created)
    with pytest.raises(ForbiddenError):
        observer.comments.delete(created)
    assert (fresh(client, observation).comments or [])[-1].body == "mine"


def test_comments_on_other_records_and_bad_input(emulator: Emulator, client: iNatClient) -> None:
    on_post = client.comments.create(Comment(parent_type="Post", parent_id=12, body="Thanks"))
    assert (on_post.parent_type, on_post.parent_id) == ("Post", 12)
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="parent_id"):
        client.comments.create(Comment(body="on nothing"))
    with pytest.raises(InvalidParameterError, match="parent_type"):
        client.comments.create(Comment(parent_type="Photo", parent_id=1, body="x"))
    assert emulator.requests == []
    with pytest.raises(ValidationError, match="does not exist"):
        client.comments.create(Comment(parent_id=1, body="on no observation"))


# --- annotations ---------------------------------------------------------------------------------


def test_annotation_create_then_read_back(
    client: iNatClient, observation: dict[str, Any], author: int
) -> None:
    created = client.annotations.create(
        Annotation(controlled_attribute_id=ALIVE_OR_DEAD, controlled_value_id=ALIVE),
        observation=observation["id"],
    )
    assert isinstance(created, Annotation)
    assert created.id is not None
    assert created.uuid is not None
    assert (created.controlled_attribute_id, created.controlled_value_id) == (ALIVE_OR_DEAD, ALIVE)
    assert created.user_id == author
    assert created.extra["resource_id"] == observation["id"]
    (shown,) = fresh(client, observation).annotations or []
    assert shown.uuid == created.uuid
    assert shown.controlled_value is not None
    assert shown.controlled_value.label == "Alive"


def test_annotation_votes(
    client: iNatClient, observer: iNatClient, observation: dict[str, Any]
) -> None:
    created = client.annotations.create(
        Annotation(controlled_attribute_id=ALIVE_OR_DEAD, controlled_value_id=ALIVE),
        observation=Observation(id=observation["id"]),
    )
    voted = observer.annotations.vote(created)
    assert voted is not None
    assert voted.vote_score == 1
    client.annotations.vote(created.uuid or "", "down")
    (shown,) = fresh(client, observation).annotations or []
    assert shown.vote_score == 0
    assert sorted(bool(v.vote_flag) for v in shown.votes or []) == [False, True]
    observer.annotations.vote(created, "down")  # a second vote replaces the first
    observer.annotations.unvote(created)
    (shown,) = fresh(client, observation).annotations or []
    assert shown.vote_score == -1
    with pytest.raises(InvalidParameterError):
        client.annotations.vote(created, "sideways")  # type: ignore[arg-type]


def test_annotation_delete_by_model_uuid_and_id(
    emulator: Emulator, client: iNatClient, observer: iNatClient, observation: dict[str, Any]
) -> None:
    def annotate(value: int) -> Annotation:
        return client.annotations.create(
            Annotation(controlled_attribute_id=ALIVE_OR_DEAD, controlled_value_id=value),
            observation=observation["id"],
        )

    first = annotate(ALIVE)
    with pytest.raises(ForbiddenError):
        observer.annotations.delete(first)
    client.annotations.delete(first)  # by its uuid
    assert fresh(client, observation).annotations == []
    second = annotate(DEAD)
    client.annotations.delete(second.id or 0)
    assert writes(emulator)[-1].path == f"/v1/annotations/{second.id}"
    assert fresh(client, observation).annotations == []
    with pytest.raises(NotFoundError):
        client.annotations.delete(second.uuid or "")


def test_annotations_the_server_refuses(client: iNatClient, observation: dict[str, Any]) -> None:
    def annotate(attribute: int, value: int) -> Annotation:
        draft = Annotation(controlled_attribute_id=attribute, controlled_value_id=value)
        return client.annotations.create(draft, observation=observation["id"])

    with pytest.raises(ValidationError, match="not a value"):
        annotate(ALIVE_OR_DEAD, 2)
    annotate(ALIVE_OR_DEAD, ALIVE)
    with pytest.raises(ValidationError, match="already"):
        annotate(ALIVE_OR_DEAD, ALIVE)
    with pytest.raises(ValidationError, match="already has a value"):
        annotate(ALIVE_OR_DEAD, DEAD)
    with pytest.raises(InvalidParameterError, match="needs the observation"):
        client.annotations.create(Annotation(controlled_attribute_id=17, controlled_value_id=18))


# --- flags ---------------------------------------------------------------------------------------


def test_flag_create_resolve_and_delete(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any], author: int
) -> None:
    flag = client.flags.create(
        Flag(flaggable_type="Observation", flaggable_id=observation["id"], flag="spam")
    )
    assert (flag.flag, flag.resolved, flag.user_id) == ("spam", False, author)
    assert flag.flaggable_type == "Observation"
    shown = fresh(client, observation).flags or []
    assert [f.id for f in shown] == [flag.id]

    flag.resolved = True
    emulator.clear_requests()
    resolved = client.flags.save(flag)
    assert json.loads(writes(emulator)[0].body) == {"flag": {"resolved": True}}
    assert resolved.resolved is True
    assert resolved.resolver_id == author
    assert resolved.resolved_at is not None

    client.flags.delete(resolved.id or 0)
    assert fresh(client, observation).flags == []


def test_a_flag_with_an_explanation(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    comment = client.comments.create(Comment(parent_id=observation["id"], body="buy now"))
    flag = client.flags.create(
        Flag(flaggable_type="Comment", flaggable_id=comment.id, flag="advertising")
    )
    assert json.loads(writes(emulator)[-1].body) == {
        "flag": {"flaggable_type": "Comment", "flaggable_id": comment.id, "flag": "other"},
        "flag_explanation": "advertising",
    }
    assert flag.flag == "advertising"
    shown = (fresh(client, observation).comments or [])[-1]
    assert [f.flag for f in shown.flags or []] == ["advertising"]
    client.flags.delete(flag)
    assert (fresh(client, observation).comments or [])[-1].flags == []


def test_someone_elses_flag_is_forbidden(
    client: iNatClient, observer: iNatClient, observation: dict[str, Any]
) -> None:
    flag = client.flags.create(Flag(flaggable_type="Taxon", flaggable_id=3, flag="inappropriate"))
    flag.resolved = True
    with pytest.raises(ForbiddenError):
        observer.flags.save(flag)
    with pytest.raises(ForbiddenError):
        observer.flags.delete(flag)
    client.flags.delete(flag)


# --- what every write shares -----------------------------------------------------------------------


def test_without_credentials_nothing_is_sent(
    emulator: Emulator, observation: dict[str, Any]
) -> None:
    with make_client(emulator) as anonymous:
        for call in (
            lambda: anonymous.comments.create(Comment(parent_id=observation["id"], body="x")),
            lambda: anonymous.comments.delete(5),
            lambda: anonymous.annotations.create(
                Annotation(controlled_attribute_id=17, controlled_value_id=18),
                observation=observation["id"],
            ),
            lambda: anonymous.annotations.vote("6444ede0-9831-47bd-8c3b-ee32e08cbfe4"),
            lambda: anonymous.annotations.unvote(5),
            lambda: anonymous.flags.create(
                Flag(flaggable_type="Taxon", flaggable_id=3, flag="spam")
            ),
            lambda: anonymous.flags.delete(5),
        ):
            with pytest.raises(AuthenticationError, match="needs an iNaturalist login"):
                call()
    assert emulator.requests == []


@pytest.mark.parametrize("bad", [0, -5, "0", "../5", "5/votes", "5?x=1", "", True, 1.5])
def test_record_ids_are_checked_before_sending(emulator: Emulator, author: int, bad: Any) -> None:
    for dry_run in (False, True):
        with signed_in(emulator, author, dry_run=dry_run) as c:
            with pytest.raises(InvalidParameterError, match="comment"):
                c.comments.delete(bad)
            with pytest.raises(InvalidParameterError, match="flag"):
                c.flags.delete(bad)
            if isinstance(bad, int) and not isinstance(bad, bool):
                with pytest.raises(InvalidParameterError, match="comment"):
                    c.comments.save(Comment(id=bad, body="x"))
                with pytest.raises(InvalidParameterError, match="flag"):
                    c.flags.save(Flag(id=bad, resolved=True))
    assert emulator.requests == []


def test_dry_run_sends_nothing_and_answers_typed_models(
    emulator: Emulator,
    observation: dict[str, Any],
    author: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    with signed_in(emulator, author, dry_run=True) as c:
        comment = c.comments.create(Comment(parent_id=observation["id"], body="rehearsal"))
        assert isinstance(comment, Comment)
        assert (comment.id, comment.parent_type, comment.body) == (None, "Observation", "rehearsal")
        annotation = c.annotations.create(
            Annotation(controlled_attribute_id=17, controlled_value_id=18),
            observation=observation["id"],
        )
        assert isinstance(annotation, Annotation)
        assert annotation.controlled_value_id == 18
        assert annotation.extra["resource_id"] == observation["id"]
        assert c.annotations.vote("6444ede0-9831-47bd-8c3b-ee32e08cbfe4") is None
        flag = c.flags.create(Flag(flaggable_type="Taxon", flaggable_id=3, flag="made up"))
        assert isinstance(flag, Flag)
        assert flag.flag == "made up"  # as the server would keep it
        assert flag.extra == {}
    assert emulator.requests == []
    logged = [r.getMessage() for r in caplog.records if "DRY RUN" in r.getMessage()]
    assert len(logged) == 4
    assert any('"flag_explanation": "made up"' in line for line in logged)

    with signed_in(emulator, author) as c:
        real = c.comments.create(Comment(parent_id=observation["id"], body="real"))
        emulator.clear_requests()
        real.body = "rehearsed edit"
        assert c.comments.save(real, dry_run=True).body == "rehearsed edit"
        c.comments.delete(real, dry_run=True)
        c.flags.create(Flag(flaggable_type="Taxon", flaggable_id=3, flag="spam"), dry_run=True)
    assert emulator.requests == []

    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "1")
    from inatsdk.client import NOT_GIVEN

    with signed_in(emulator, author, dry_run=NOT_GIVEN) as c:
        assert c.dry_run == "writes"
        c.comments.delete(real)
        assert (fresh(c, observation).comments or [])[-1].body == "real"  # reads still go
    assert [r.method for r in emulator.requests] == ["GET"]


def test_a_dropped_post_is_not_sent_again(
    emulator: Emulator, client: iNatClient, observation: dict[str, Any]
) -> None:
    before = len(fresh(client, observation).comments or [])
    emulator.inject(Fault(kind="drop", method="POST", times=1))
    with pytest.raises(TransportError):
        client.comments.create(Comment(parent_id=observation["id"], body="once"))
    emulator.inject(Fault(kind="truncate", method="POST", times=1))
    with pytest.raises(TransportError):
        client.comments.create(Comment(parent_id=observation["id"], body="once"))
    assert len([r for r in emulator.requests if r.method == "POST"]) == 2  # one per call
    # the drop came before the server handled it, the cut answer after: exactly one comment
    bodies = [c.body for c in fresh(client, observation).comments or []]
    assert len(bodies) == before + 1
    assert bodies[-1] == "once"
