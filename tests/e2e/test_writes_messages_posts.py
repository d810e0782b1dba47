"""``client.messages`` and ``client.posts`` writes end to end: send, reply and delete messages;
write, edit, publish and delete posts; each read back, saves that send only what changed,
ownership, credentials, dry-run and a write lost on the wire."""

from __future__ import annotations

import json
import logging
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
from inatsdk.models import Message, MessageThread, Post, User
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.server import RecordedRequest
from tests.e2e.conftest import make_client


def signed_in(emulator: Emulator, user_id: int, **overrides: object) -> iNatClient:
    return make_client(
        emulator, credentials=Credentials(api_token=emulator.issue_jwt(user_id)), **overrides
    )


def writes(emulator: Emulator) -> list[RecordedRequest]:
    return [r for r in emulator.requests if r.method in ("POST", "PUT", "DELETE")]


def body_of(request: RecordedRequest) -> object:
    return json.loads(request.body) if request.body else None


def two_users(emulator: Emulator) -> tuple[int, int]:
    ids = emulator.store.user_ids()
    return ids[3], ids[4]


# --- messages ------------------------------------------------------------------------------------


def test_send_read_reply_delete(emulator: Emulator) -> None:
    alice, bob = two_users(emulator)
    with signed_in(emulator, alice) as a, signed_in(emulator, bob) as b:
        unread = b.messages.unread()
        sent = a.messages.create(
            Message(to_user=User(id=bob), subject="Heron", body="Saw one at the pond.")
        )
        assert isinstance(sent, Message)
        assert sent.id is not None and sent.thread_id == sent.id and sent.user_id == alice
        assert sent.to_user is not None and sent.to_user.id == bob
        assert body_of(writes(emulator)[0]) == {
            "message": {"to_user_id": bob, "subject": "Heron", "body": "Saw one at the pond."}
        }
        assert b.messages.unread() == unread + 1
        received = b.messages.search().first()
        assert received is not None and received.subject == "Heron" and received.is_unread

        answer = b.messages.reply(received, "Where exactly?")
        assert answer.thread_id == sent.thread_id and answer.subject == "Re: Heron"
        assert body_of(writes(emulator)[1]) == {
            "message": {"to_user_id": alice, "thread_id": sent.thread_id, "body": "Where exactly?"}
        }
        thread = a.messages.get(sent.id)
        assert [m.body for m in thread.messages] == ["Saw one at the pond.", "Where exactly?"]
        again = a.messages.reply(thread, "By the willows.")  # a thread works too
        assert again.to_user is not None and again.to_user.id == bob

        a.messages.delete(sent)
        with pytest.raises(NotFoundError):
            a.messages.get(sent.id)
        assert len(b.messages.get(received.id or 0).messages) == 3  # bob keeps his copies
        with pytest.raises(NotFoundError):
            a.messages.delete(sent.id)


def test_messages_the_client_or_server_refuses(emulator: Emulator) -> None:
    alice, bob = two_users(emulator)
    with signed_in(emulator, alice) as a:
        with pytest.raises(InvalidParameterError, match="recipient"):
            a.messages.create(Message(to_user=User(login="someone"), subject="x", body="y"))
        with pytest.raises(InvalidParameterError, match="body"):
            a.messages.create(Message(to_user=User(id=bob), subject="x"))
        with pytest.raises(InvalidParameterError, match="reply"):
            a.messages.reply(Message(subject="x"), "hello")
        assert emulator.requests == []
        with pytest.raises(ValidationError):
            a.messages.create(Message(to_user=User(id=alice), subject="me", body="myself"))
        with pytest.raises(ValidationError):
            a.messages.create(Message(to_user=User(id=10**9), subject="x", body="y"))


# --- posts ---------------------------------------------------------------------------------------


def test_post_create_read_save_delete(emulator: Emulator) -> None:
    author, _ = two_users(emulator)
    login = emulator.store.user_logins()[author]
    with signed_in(emulator, author) as c:
        post = c.posts.create(Post(title="Spring list", body="Twelve species."))
        assert isinstance(post, Post) and post.id is not None
        assert (post.parent_type, post.parent_id, post.user_id) == ("User", author, author)
        assert post.published_at is not None
        assert body_of(writes(emulator)[0]) == {
            "post": {"title": "Spring list", "body": "Twelve species."},
            "commit": "Publish",
        }
        listed = c.posts.search(login=login).first()
        assert listed is not None and listed.id == post.id

        assert c.posts.save(listed) is listed  # nothing changed: nothing sent
        listed.body = "Thirteen species."
        saved = c.posts.save(listed)
        assert saved.body == "Thirteen species." and saved.title == "Spring list"
        assert body_of(writes(emulator)[1]) == {"post": {"body": "Thirteen species."}}
        again = c.posts.search(login=login).first()
        assert again is not None and again.body == "Thirteen species."

        saved.parent_id = 1
        with pytest.raises(InvalidParameterError, match="parent_id"):
            c.posts.save(saved)
        saved.forget_changes()
        draft = c.posts.save(saved, publish=False)
        assert draft.published_at is None
        assert body_of(writes(emulator)[2]) == {"post": {}, "commit": "Unpublish"}
        assert post.id not in [p.id for p in c.posts.search(login=login)]
        republished = c.posts.save(draft, publish=True)
        assert republished.published_at is not None
        c.posts.delete(republished)
        assert post.id not in [p.id for p in c.posts.search(login=login)]
        with pytest.raises(NotFoundError):
            c.posts.delete(post.id)


def test_drafts_and_project_journals(emulator: Emulator) -> None:
    project = next(
        r
        for r in emulator.store.project_catalog().rows
        if any(m.role is None and m.user_id != r.user_id for m in r.members)
    )
    member = next(m.user_id for m in project.members if m.role is None)
    to_project = Post(
        title="Field day", body="Saturday.", parent_type="Project", parent_id=project.id
    )
    with signed_in(emulator, member) as c:
        with pytest.raises(ForbiddenError):
            c.posts.create(to_project)
        draft = c.posts.create(Post(title="Notes"), publish=False)
        assert draft.published_at is None
    with signed_in(emulator, project.user_id) as manager:
        news = manager.posts.create(to_project)
        assert [p.id for p in manager.posts.search(project_id=project.id).limit(1)] == [news.id]
        with pytest.raises(NotFoundError):  # someone else's draft is not there for others
            manager.posts.delete(draft)
        with pytest.raises(InvalidParameterError, match="parent_type"):
            manager.posts.create(Post(title="x", parent_type="Team"))
    with signed_in(emulator, member) as c:
        news.title = "Mine"
        with pytest.raises(ForbiddenError):
            c.posts.save(news)


# --- what every write shares ---------------------------------------------------------------------


def test_without_credentials_nothing_is_sent(emulator: Emulator) -> None:
    with make_client(emulator) as anonymous:
        for call in (
            lambda: anonymous.messages.create(Message(to_user=User(id=5), subject="x", body="y")),
            lambda: anonymous.messages.reply(
                MessageThread(thread_id=1, reply_to_user=User(id=5)), "y"
            ),
            lambda: anonymous.messages.delete(5),
            lambda: anonymous.posts.create(Post(title="x")),
            lambda: anonymous.posts.save(Post(id=5, title="x")),
            lambda: anonymous.posts.delete(5),
        ):
            with pytest.raises(AuthenticationError, match="needs an iNaturalist login"):
                call()
    assert emulator.requests == []


@pytest.mark.parametrize("bad", [0, -5, "0", "../5", "5/leave", "5?x=1", "", True, 1.5])
def test_record_ids_are_checked_before_sending(emulator: Emulator, bad: Any) -> None:
    alice, _ = two_users(emulator)
    for dry_run in (False, True):
        with signed_in(emulator, alice, dry_run=dry_run) as c:
            with pytest.raises(InvalidParameterError, match="message"):
                c.messages.delete(bad)
            with pytest.raises(InvalidParameterError, match="post"):
                c.posts.delete(bad)
            if isinstance(bad, int) and not isinstance(bad, bool):
                with pytest.raises(InvalidParameterError, match="post"):
                    c.posts.save(Post(id=bad, title="x"))
    assert emulator.requests == []


def test_dry_run_sends_nothing_and_answers_typed_results(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    alice, bob = two_users(emulator)
    with signed_in(emulator, alice, dry_run=True) as c:
        sent = c.messages.create(Message(to_user=User(id=bob), subject="Hi", body="Rehearsal"))
        assert isinstance(sent, Message) and sent.id is None
        assert sent.to_user is not None and sent.to_user.id == bob and sent.body == "Rehearsal"
        post = c.posts.create(Post(title="Draft run", body="..."))
        assert isinstance(post, Post) and post.title == "Draft run" and post.id is None
        c.posts.delete(5)
    assert emulator.requests == []
    logged = [r.getMessage() for r in caplog.records if "DRY RUN" in r.getMessage()]
    assert len(logged) == 3
    assert '"commit": "Publish"' in logged[1]

    with signed_in(emulator, alice) as c:
        real = c.posts.create(Post(title="Real", body="b"))
        emulator.clear_requests()
        real.title = "Rehearsed title"
        assert c.posts.save(real, dry_run=True).title == "Rehearsed title"
        c.messages.delete(123, dry_run=True)
    assert emulator.requests == []

    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "yes")
    from inatsdk.client import NOT_GIVEN

    login = emulator.store.user_logins()[alice]
    with signed_in(emulator, alice, dry_run=NOT_GIVEN) as c:
        assert c.dry_run == "writes"
        c.posts.delete(real)
        assert c.posts.search(login=login).first() is not None  # reads still go
    assert [r.method for r in emulator.requests] == ["GET"]


def test_a_dropped_post_is_not_sent_again(emulator: Emulator) -> None:
    alice, bob = two_users(emulator)
    with signed_in(emulator, alice) as a, signed_in(emulator, bob) as b:
        before = b.messages.unread()
        emulator.inject(Fault(kind="drop", method="POST", times=1))
        with pytest.raises(TransportError):
            a.messages.create(Message(to_user=User(id=bob), subject="Once", body="only"))
        emulator.inject(Fault(kind="truncate", method="POST", times=1))
        with pytest.raises(TransportError):
            a.messages.create(Message(to_user=User(id=bob), subject="Once", body="only"))
        assert len([r for r in emulator.requests if r.method == "POST"]) == 2  # one per call
        # the drop came before the server handled it, the cut answer after: one message
        assert b.messages.unread() == before + 1
