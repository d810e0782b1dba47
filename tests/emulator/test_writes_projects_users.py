"""The emulator's writes to projects, project observations, messages, posts and users, with
plain requests: JWTs required, ownership and role rules, HTTP errors like the real service's,
and every write seen by the reads that follow."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.projects.seed import ProjectRow
from tests.shared_data import load_response, requires_shared

# --- helpers -----------------------------------------------------------------------------------


def call(
    emu: Emulator,
    method: str,
    path: str,
    user_id: int | None,
    body: Any = None,
    **params: Any,
) -> requests.Response:
    headers = {"Authorization": emu.issue_jwt(user_id)} if user_id is not None else {}
    return requests.request(
        method,
        emu.api_url + path,
        json=body,
        params=params or None,
        headers=headers,
        timeout=30,
    )


def ok(response: requests.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json() if response.content else None


def traditional(emu: Emulator) -> ProjectRow:
    """A traditional project with a plain member (besides its owner)."""
    for row in emu.store.project_catalog().rows:
        if not row.is_new_style and any(m.role is None for m in row.members):
            return row
    raise AssertionError("no traditional project")


def outsider(emu: Emulator, row: ProjectRow) -> int:
    """A user who is not a member of ``row`` and has observations."""
    members = set(row.member_ids)
    for core in emu.store.observations_snapshot():
        if core.user_id not in members:
            return core.user_id
    raise AssertionError("no outsider")


def observation_of(emu: Emulator, user_id: int, skip: int = 0) -> int:
    ids = [o.id for o in emu.store.observations_snapshot() if o.user_id == user_id]
    return ids[skip]


def plain_member(row: ProjectRow) -> int:
    return next(m.user_id for m in row.members if m.role is None and m.user_id != row.user_id)


# --- projects: membership and subscriptions ------------------------------------------------------


def test_join_and_leave_show_in_every_project_read(emulator: Emulator) -> None:
    row = traditional(emulator)
    me = outsider(emulator, row)
    member = ok(call(emulator, "POST", f"/v1/projects/{row.id}/join", me))
    assert member["project_id"] == row.id and member["user_id"] == me and member["role"] is None
    again = ok(call(emulator, "POST", f"/v1/projects/{row.id}/join", me))
    assert again["id"] == member["id"]  # joining twice gives the same membership
    mine = ok(call(emulator, "GET", f"/v1/users/{me}/projects", None, per_page=100))
    assert row.id in [p["id"] for p in mine["results"]]
    members = ok(call(emulator, "GET", f"/v1/projects/{row.id}/members", None, per_page=100))
    assert me in [m["user_id"] for m in members["results"]]
    project = ok(call(emulator, "GET", f"/v1/projects/{row.id}", None))["results"][0]
    assert me in project["user_ids"]
    membership = ok(call(emulator, "GET", f"/v1/projects/{row.id}/membership", me))
    assert membership["results"][0]["id"] == member["id"]

    assert ok(call(emulator, "DELETE", f"/v1/projects/{row.id}/leave", me)) is None
    mine = ok(call(emulator, "GET", f"/v1/users/{me}/projects", None, per_page=100))
    assert row.id not in [p["id"] for p in mine["results"]]
    again_leave = call(emulator, "DELETE", f"/v1/projects/{row.id}/leave", me)
    assert again_leave.status_code == 422
    owner_leaves = call(emulator, "DELETE", f"/v1/projects/{row.id}/leave", row.user_id)
    assert owner_leaves.status_code == 422


def test_project_writes_need_a_jwt_and_a_project(emulator: Emulator) -> None:
    row = traditional(emulator)
    for method, path in (
        ("POST", f"/v1/projects/{row.id}/join"),
        ("DELETE", f"/v1/projects/{row.id}/leave"),
        ("POST", f"/v1/subscriptions/project/{row.id}/subscribe"),
        ("POST", "/v1/project_observations"),
    ):
        response = call(emulator, method, path, None, {"observation_id": 1})
        assert response.status_code == 401, path
        assert response.json()["error"] == "Unauthorized"
    assert call(emulator, "POST", "/v1/projects/999999999/join", row.user_id).status_code == 404


def test_subscribe_toggles_both_spellings(emulator: Emulator) -> None:
    row = traditional(emulator)
    me = outsider(emulator, row)

    def subscribed() -> bool:
        data = ok(call(emulator, "GET", f"/v1/projects/{row.id}/subscriptions", me))
        return bool(data["results"])

    assert not subscribed()
    ok(call(emulator, "POST", f"/v1/subscriptions/project/{row.id}/subscribe", me))
    assert subscribed()
    ok(call(emulator, "POST", f"/v1/subscriptions/Project/{row.id}/subscribe", me))
    assert not subscribed()


# --- project observations ----------------------------------------------------------------------


def test_add_and_remove_observations_with_roles(emulator: Emulator) -> None:
    row = traditional(emulator)
    observer = outsider(emulator, row)
    obs = observation_of(emulator, observer)
    added = ok(
        call(emulator, "POST", f"/v1/projects/{row.id}/add", observer, {"observation_id": obs})
    )
    assert set(added) >= {"id", "uuid", "project_id", "observation_id", "user_id", "created_at_utc"}
    assert (added["project_id"], added["observation_id"], added["user_id"]) == (
        row.id,
        obs,
        observer,
    )
    twice = call(emulator, "POST", f"/v1/projects/{row.id}/add", observer, {"observation_id": obs})
    assert twice.status_code == 422

    # a plain member may not add or remove someone else's observation; the owner may
    other = observation_of(emulator, observer, 1)
    member = plain_member(row)
    denied = call(emulator, "POST", f"/v1/projects/{row.id}/add", member, {"observation_id": other})
    assert denied.status_code == 403
    by_manager = call(
        emulator, "POST", f"/v1/projects/{row.id}/add", row.user_id, {"observation_id": other}
    )
    assert by_manager.status_code == 200
    assert (
        call(
            emulator, "DELETE", f"/v1/projects/{row.id}/remove", member, {"observation_id": obs}
        ).status_code
        == 403
    )
    ok(call(emulator, "DELETE", f"/v1/projects/{row.id}/remove", observer, {"observation_id": obs}))
    gone = call(
        emulator, "DELETE", f"/v1/projects/{row.id}/remove", observer, {"observation_id": obs}
    )
    assert gone.status_code == 404
    assert emulator.store.account_writes().project_ids_of(other) == [row.id]


def test_add_refuses_collection_projects_and_unknown_observations(emulator: Emulator) -> None:
    collection = next(r for r in emulator.store.project_catalog().rows if r.is_new_style)
    observer = emulator.store.observations_snapshot()[0].user_id
    obs = observation_of(emulator, observer)
    response = call(
        emulator, "POST", f"/v1/projects/{collection.id}/add", observer, {"observation_id": obs}
    )
    assert response.status_code == 422
    row = traditional(emulator)
    unknown = call(
        emulator, "POST", f"/v1/projects/{row.id}/add", row.user_id, {"observation_id": 10**9}
    )
    assert unknown.status_code == 422
    assert call(emulator, "POST", f"/v1/projects/{row.id}/add", row.user_id, {}).status_code == 422


def test_project_observations_create_update_delete(emulator: Emulator) -> None:
    row = traditional(emulator)
    observer = outsider(emulator, row)
    obs = observation_of(emulator, observer)
    body = {"project_observation": {"project_id": row.id, "observation_id": obs}}
    created = ok(call(emulator, "POST", "/v1/project_observations", observer, body))
    flat = call(
        emulator,
        "POST",
        "/v1/project_observations",
        observer,
        {"project_id": row.id, "observation_id": obs},
    )
    assert flat.status_code == 422  # the flat form works too, but it is there already
    unknown = {"project_observation": {"project_id": 10**8, "observation_id": obs}}
    assert call(emulator, "POST", "/v1/project_observations", observer, unknown).status_code == 422

    path = f"/v1/project_observations/{created['id']}"
    change = {"project_observation": {"prefers_curator_coordinate_access": True}}
    assert call(emulator, "PUT", path, row.user_id, change).status_code == 403  # observer only
    updated = ok(call(emulator, "PUT", path, observer, change))
    assert updated["preferences"] == {"allows_curator_coordinate_access": True}
    bad = {"project_observation": {"tracking_code": "x"}}
    assert call(emulator, "PUT", path, observer, bad).status_code == 422
    assert call(emulator, "DELETE", path, plain_member(row)).status_code == 403
    ok(call(emulator, "DELETE", path, row.user_id))  # a manager may remove it
    assert call(emulator, "DELETE", path, observer).status_code == 404
    assert call(emulator, "PUT", path, observer, change).status_code == 404


# --- projects themselves (undocumented upstream) -------------------------------------------------


def test_create_edit_delete_a_project(emulator: Emulator) -> None:
    owner = emulator.store.user_ids()[3]
    body = {"project": {"title": "Moss Walks", "description": "Mosses.", "project_type": ""}}
    created = ok(call(emulator, "POST", "/v1/projects", owner, body))
    assert created["slug"] == "moss-walks" and created["user_id"] == owner
    assert created["admins"][0]["user_id"] == owner
    found = ok(call(emulator, "GET", "/v1/projects", None, q="moss walks"))["results"]
    assert [p["id"] for p in found] == [created["id"]]
    assert call(emulator, "POST", "/v1/projects", owner, body).status_code == 422  # title taken

    path = f"/v1/projects/{created['id']}"
    stranger = emulator.store.user_ids()[4]
    assert call(emulator, "PUT", path, stranger, {"project": {"title": "X"}}).status_code == 403
    edited = ok(call(emulator, "PUT", path, owner, {"project": {"description": "Mosses only."}}))
    assert edited["description"] == "Mosses only." and edited["title"] == "Moss Walks"
    bad = call(emulator, "PUT", path, owner, {"project": {"icon_url": "x"}})
    assert bad.status_code == 422
    assert call(emulator, "DELETE", path, stranger).status_code == 403
    ok(call(emulator, "DELETE", path, owner))
    assert call(emulator, "GET", path, None).json()["results"] == []


def test_reset_forgets_project_writes(emulator: Emulator) -> None:
    row = traditional(emulator)
    me = outsider(emulator, row)
    ok(call(emulator, "POST", f"/v1/projects/{row.id}/join", me))
    emulator.reset()
    assert me not in emulator.store.project_catalog().by_id[row.id].member_ids


# --- messages ----------------------------------------------------------------------------------


def test_send_reply_and_delete_messages(emulator: Emulator) -> None:
    sender, recipient = emulator.store.user_ids()[5:7]
    body = {"message": {"to_user_id": recipient, "subject": "Owls", "body": "Heard one!"}}
    sent = ok(call(emulator, "POST", "/v1/messages", sender, body))
    assert sent["user_id"] == sender and sent["thread_id"] == sent["id"]
    assert sent["to_user"]["id"] == recipient and sent["read_at"] is not None
    inbox = ok(call(emulator, "GET", "/v1/messages", recipient))["results"]
    received = inbox[0]
    assert received["thread_id"] == sent["thread_id"] and received["read_at"] is None
    assert ok(call(emulator, "GET", "/v1/messages/unread", recipient))["count"] >= 1
    assert sent["id"] in [
        m["id"] for m in ok(call(emulator, "GET", "/v1/messages", sender, box="sent"))["results"]
    ]

    reply = {
        "message": {"to_user_id": sender, "thread_id": received["thread_id"], "body": "Where?"}
    }
    answered = ok(call(emulator, "POST", "/v1/messages", recipient, reply))
    assert answered["subject"] == "Re: Owls" and answered["thread_id"] == sent["thread_id"]
    thread = ok(call(emulator, "GET", f"/v1/messages/{sent['id']}", sender))
    assert [m["body"] for m in thread["results"]] == ["Heard one!", "Where?"]

    ok(call(emulator, "DELETE", f"/v1/messages/{sent['id']}", sender))
    assert call(emulator, "GET", f"/v1/messages/{sent['id']}", sender).status_code == 404
    still = ok(call(emulator, "GET", f"/v1/messages/{received['id']}", recipient))
    assert len(still["results"]) == 2  # the other party keeps their copies
    assert call(emulator, "DELETE", f"/v1/messages/{sent['id']}", sender).status_code == 404
    assert call(emulator, "DELETE", f"/v1/messages/{received['id']}", sender).status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"subject": "Hi", "body": "x"},  # no recipient
        {"to_user_id": 10**9, "subject": "Hi", "body": "x"},  # unknown recipient
        {"to_user_id": "SELF", "subject": "Hi", "body": "x"},  # oneself
        {"to_user_id": "OTHER", "subject": "Hi", "body": "  "},  # blank body
        {"to_user_id": "OTHER", "body": "x"},  # no subject, not a reply
        {"to_user_id": "OTHER", "subject": "Hi", "body": "x", "thread_id": 1},  # not my thread
        {"to_user_id": "OTHER", "subject": "Hi", "body": "x", "cc": 3},  # unknown key
    ],
)
def test_messages_refused(emulator: Emulator, fields: dict[str, Any]) -> None:
    me, other = emulator.store.user_ids()[5:7]
    swap = {"SELF": me, "OTHER": other}
    message = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    response = call(emulator, "POST", "/v1/messages", me, {"message": message})
    assert response.status_code == 422, response.text
    assert call(emulator, "POST", "/v1/messages", None, {"message": message}).status_code == 401


# --- posts -------------------------------------------------------------------------------------


def test_posts_publish_edit_unpublish_delete(emulator: Emulator) -> None:
    author = emulator.store.user_ids()[0]
    login = emulator.store.user_logins()[author]
    body = {"post": {"title": "Spring list", "body": "12 species."}, "commit": "Publish"}
    post = ok(call(emulator, "POST", "/v1/posts", author, body))
    assert post["parent_type"] == "User" and post["parent_id"] == author
    assert post["published_at"] is not None
    journal = ok(call(emulator, "GET", "/v1/posts", None, login=login, per_page=200))
    assert journal[0]["id"] == post["id"]
    feed = ok(call(emulator, "GET", "/v1/posts/for_user", author, per_page=10))
    assert post["id"] in [p["id"] for p in feed]

    path = f"/v1/posts/{post['id']}"
    other = emulator.store.user_ids()[1]
    assert call(emulator, "PUT", path, other, {"post": {"title": "Mine"}}).status_code == 403
    edited = ok(call(emulator, "PUT", path, author, {"post": {"title": "Spring list (final)"}}))
    assert edited["title"] == "Spring list (final)" and edited["body"] == "12 species."
    moved = {"post": {"parent_type": "Project", "parent_id": 1}}
    assert call(emulator, "PUT", path, author, moved).status_code == 422
    draft = ok(call(emulator, "PUT", path, author, {"post": {}, "commit": "Unpublish"}))
    assert draft["published_at"] is None
    journal = ok(call(emulator, "GET", "/v1/posts", None, login=login, per_page=200))
    assert post["id"] not in [p["id"] for p in journal]
    assert call(emulator, "PUT", path, other, {"post": {"title": "x"}}).status_code == 404
    assert call(emulator, "DELETE", path, other).status_code == 404  # someone else's draft
    ok(call(emulator, "DELETE", path, author))
    assert call(emulator, "DELETE", path, author).status_code == 404


def test_posts_rules(emulator: Emulator) -> None:
    row = traditional(emulator)
    member = plain_member(row)
    to_project = {"post": {"title": "News", "parent_type": "Project", "parent_id": row.id}}
    assert call(emulator, "POST", "/v1/posts", member, to_project).status_code == 403
    news = ok(call(emulator, "POST", "/v1/posts", row.user_id, {**to_project, "commit": "Publish"}))
    listed = ok(call(emulator, "GET", "/v1/posts", None, project_id=row.id, per_page=200))
    assert listed[0]["id"] == news["id"]
    draft = ok(call(emulator, "POST", "/v1/posts", member, {"post": {"title": "Draft"}}))
    assert draft["published_at"] is None
    others = {"post": {"title": "Hi", "parent_type": "User", "parent_id": row.user_id}}
    assert call(emulator, "POST", "/v1/posts", member, others).status_code == 403
    site = {"post": {"title": "Hi", "parent_type": "Site", "parent_id": 1}}
    assert call(emulator, "POST", "/v1/posts", member, site).status_code == 403
    assert call(emulator, "POST", "/v1/posts", member, {"post": {"title": " "}}).status_code == 422
    assert call(emulator, "POST", "/v1/posts", None, {"post": {"title": "x"}}).status_code == 401
    seeded = emulator.store.post_rows()[0]
    assert (
        call(
            emulator,
            "DELETE",
            f"/v1/posts/{seeded.id}",
            member if seeded.user_id != member else row.user_id,
        ).status_code
        == 403
    )


# --- users -------------------------------------------------------------------------------------


def test_update_own_profile_only(emulator: Emulator) -> None:
    me, other = emulator.store.user_ids()[8:10]
    body = {"user": {"name": "Ada Fern", "description": "Mosses.", "prefers_no_email": True}}
    record = ok(call(emulator, "PUT", f"/v1/users/{me}", me, body))
    assert record["name"] == "Ada Fern" and record["description"] == "Mosses."
    assert record["prefers_no_email"] is True and record["email"]
    again = ok(call(emulator, "GET", "/v1/users/me", me))["results"][0]
    assert again["name"] == "Ada Fern" and again["prefers_no_email"] is True
    public = ok(call(emulator, "GET", f"/v1/users/{me}", None))["results"][0]
    assert public["name"] == "Ada Fern"
    assert call(emulator, "PUT", f"/v1/users/{other}", me, body).status_code == 403
    assert call(emulator, "PUT", "/v1/users/999999999", me, body).status_code == 404
    assert call(emulator, "PUT", f"/v1/users/{me}", None, body).status_code == 401


def test_login_change_and_refusals(emulator: Emulator) -> None:
    me, other = emulator.store.user_ids()[8:10]
    taken = emulator.store.user_logins()[other]
    renamed = ok(call(emulator, "PUT", f"/v1/users/{me}", me, {"user": {"login": "moss_fan"}}))
    assert renamed["login"] == "moss_fan"
    assert ok(call(emulator, "GET", "/v1/users/moss_fan", None))["results"][0]["id"] == me
    for fields in (
        {"login": taken},
        {"login": "1abc"},
        {"email": "nowhere"},
        {"place_id": 10**9},
        {"preferred_photo_license": "mine"},
        {"preferred_project_addition_by": "friends"},
        {"prefers_no_email": "yes"},
        {"roles": ["admin"]},
    ):
        response = call(emulator, "PUT", f"/v1/users/{me}", me, {"user": fields})
        assert response.status_code == 422, fields


def test_mute_block_and_session(emulator: Emulator) -> None:
    me, other = emulator.store.user_ids()[10:12]
    assert ok(call(emulator, "POST", f"/v1/users/{other}/mute", me)) is None
    record = ok(call(emulator, "GET", "/v1/users/me", me))["results"][0]
    assert other in record["muted_user_ids"]
    ok(call(emulator, "DELETE", f"/v1/users/{other}/mute", me))
    record = ok(call(emulator, "GET", "/v1/users/me", me))["results"][0]
    assert other not in record["muted_user_ids"]
    ok(call(emulator, "POST", f"/v1/users/{other}/block", me))
    assert other in ok(call(emulator, "GET", "/v1/users/me", me))["results"][0]["blocked_user_ids"]
    assert call(emulator, "POST", "/v1/users/999999999/mute", me).status_code == 404
    assert call(emulator, "POST", f"/v1/users/{me}/mute", me).status_code == 422
    assert call(emulator, "POST", f"/v1/users/{other}/mute", None).status_code == 401

    ok(call(emulator, "POST", "/v1/users/resend_confirmation", me))
    assert emulator.store.account_writes().confirmations_sent == {me: 1}
    prefs = {"prefers_hide_obs_show_identifiers": True, "preferred_taxon_page_tab": "map"}
    ok(call(emulator, "PUT", "/v1/users/update_session", me, prefs))
    assert emulator.store.account_writes().sessions[me] == prefs
    assert call(emulator, "PUT", "/v1/users/update_session", me, {"admin": True}).status_code == 422
    assert call(emulator, "PUT", "/v1/users/update_session", None, prefs).status_code == 401


# --- the shapes of the real answers --------------------------------------------------------------


@requires_shared
def test_project_observation_answers_have_the_real_keys(emulator: Emulator) -> None:
    real = load_response("v1/add_project_observation.json")
    row = traditional(emulator)
    observer = outsider(emulator, row)
    body = {"observation_id": observation_of(emulator, observer)}
    ours = ok(call(emulator, "POST", f"/v1/projects/{row.id}/add", observer, body))
    assert set(ours) == set(real)
    for key in ("created_at", "updated_at", "created_at_utc", "updated_at_utc", "uuid"):
        assert isinstance(ours[key], str) and len(ours[key]) >= 20, key


@requires_shared
def test_project_edit_answers_have_the_real_core_keys(emulator: Emulator) -> None:
    real = load_response("v1/put_projects.json")
    row = traditional(emulator)
    edited = ok(call(emulator, "PUT", f"/v1/projects/{row.id}", row.user_id, {"project": {}}))
    core = {"id", "title", "slug", "description", "project_type", "user_id", "place_id"}
    core |= {"project_observation_rules", "search_parameters", "admins", "user_ids", "terms"}
    assert core <= set(real) and core <= set(edited)
    assert {a["role"] for a in edited["admins"]} <= {"manager", "curator"}
