"""v2's account and media writes through the client's typed methods against the emulator: the
request sent, the answer, and the change a later read (v1 or v2) shows; plus the refusals
(no valid JWT 401, another user's record 403, an unknown one 404)."""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from inatsdk import Credentials, iNatClient
from inatsdk.errors import AuthenticationError, ForbiddenError, NotFoundError, ValidationError
from inatsdk.models import Observation, Photo, ProjectUser
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes, wav_bytes
from inatsdk.testing.users.password_resets import PasswordResets
from tests.e2e.conftest import make_client


@pytest.fixture
def stranger(emulator: Emulator) -> Iterator[iNatClient]:
    """A client whose token the emulator never issued: every write is refused with 401."""
    with make_client(emulator, credentials=Credentials(api_token="not-a-token")) as c:
        yield c


@pytest.fixture
def other(emulator: Emulator, owner: int) -> int:
    """A seeded user other than ``owner``."""
    return next(u for u in emulator.store.user_ids() if u != owner)


def _sent(emulator: Emulator) -> tuple[str, str]:
    [request] = emulator.requests
    return request.method, request.path


def _unauthorized(emulator: Emulator, call: Callable[[], object]) -> None:
    """``call`` reaches the emulator, which refuses it with 401 (the client tries once more
    on a 401, as it does to refresh a token)."""
    emulator.clear_requests()
    with pytest.raises(AuthenticationError):
        call()
    assert emulator.requests and {r.status for r in emulator.requests} == {401}


def _body(emulator: Emulator) -> Any:
    return json.loads(emulator.requests[0].body)


def _observation(client: iNatClient) -> str:
    made = client.with_options(api_version="v2").observations.create(
        Observation(uuid=str(uuid_module.uuid4()), species_guess="Wren")
    )
    assert made.uuid is not None
    return made.uuid


# --- observation sounds ----------------------------------------------------------------------


def test_a_sound_is_attached_to_another_observation_by_uuid(
    emulator: Emulator, me: iNatClient
) -> None:
    first, second = _observation(me), _observation(me)
    sound = me.observation_sounds.create_v2(first, wav_bytes())
    assert sound.uuid is not None and sound.id is not None
    emulator.clear_requests()
    moved = me.observation_sounds.save_v2(sound, observation=second)
    assert _sent(emulator) == ("PUT", f"/v2/observation_sounds/{sound.uuid}")
    assert _body(emulator)["observation_sound"] == {"observation_id": second}
    assert moved.uuid == sound.uuid and moved.id == sound.id
    on_v2 = me.with_options(api_version="v2")
    assert [
        s.uuid for s in on_v2.observations.get(second, fields="all").observation_sounds or ()
    ] == [sound.uuid]
    assert not on_v2.observations.get(first, fields="all").observation_sounds
    assert [s.uuid for s in me.observations.get(second).observation_sounds or ()] == [sound.uuid]
    # naming the observation it is on changes nothing
    me.observation_sounds.save_v2(moved, observation=second)
    assert len(me.observations.get(second).observation_sounds or ()) == 1


def test_a_sound_update_is_refused_without_auth_for_others_and_when_unknown(
    emulator: Emulator, me: iNatClient, stranger: iNatClient, other: int
) -> None:
    mine = _observation(me)
    sound = me.observation_sounds.create_v2(mine, wav_bytes())
    _unauthorized(emulator, lambda: stranger.observation_sounds.save_v2(sound, observation=mine))
    theirs = next(c for c in emulator.store.observations_snapshot() if c.user_id == other)
    with pytest.raises(ForbiddenError):
        me.observation_sounds.save_v2(sound, observation=theirs.uuid)
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(other))) as c:
        with pytest.raises(ForbiddenError):
            c.observation_sounds.save_v2(sound, observation=mine)
    with pytest.raises(NotFoundError):
        me.observation_sounds.save_v2(
            sound.__class__(uuid=str(uuid_module.uuid4())), observation=mine
        )
    assert [s.uuid for s in me.observations.get(mine).observation_sounds or ()] == [sound.uuid]


# --- photos --------------------------------------------------------------------------------------


def test_a_photo_update_refreshes_its_attribution_from_the_owner(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    uuid = _observation(me)
    made = me.observation_photos.create_v2(uuid, jpeg_bytes(8, 8, 90))
    assert made.photo is not None and made.photo.id is not None
    photo_id = made.photo.id
    emulator.store.edit_user(owner, name="Renamed Person")  # a rename after the upload
    stale = me.observations.get(uuid).photos or []
    assert "Renamed Person" not in (stale[0].attribution or "")
    emulator.clear_requests()
    saved = me.photos.save_v2(made.photo)
    assert saved.id == photo_id  # the server's record of it
    assert _sent(emulator) == ("PUT", f"/v2/photos/{photo_id}")
    answer = emulator.requests[0]
    assert answer.status == 200
    [photo] = me.observations.get(uuid).photos or []
    assert photo.id == photo_id and "Renamed Person" in (photo.attribution or "")
    v2_photos = me.with_options(api_version="v2").observations.get(uuid, fields="all").photos
    assert "Renamed Person" in ((v2_photos or [Photo()])[0].attribution or "")


def test_a_photo_update_is_refused_without_auth_for_others_and_when_unknown(
    emulator: Emulator, me: iNatClient, stranger: iNatClient, owner: int
) -> None:
    store = emulator.store
    theirs = next(
        p["id"]
        for c in store.observations_snapshot()
        if c.user_id != owner
        for p in store.render_observation(c).get("photos") or ()
    )
    _unauthorized(emulator, lambda: stranger.photos.save_v2(theirs))
    with pytest.raises(ForbiddenError):
        me.photos.save_v2(theirs)
    with pytest.raises(NotFoundError):
        me.photos.save_v2(99)


# --- exemplar identifications --------------------------------------------------------------------


def test_a_vote_on_an_exemplar_is_cast_seen_and_taken_back(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    exemplar = me.exemplar_identifications.search().first()
    assert exemplar is not None and exemplar.id is not None
    assert exemplar.cached_votes_total == 0
    emulator.clear_requests()
    me.exemplar_identifications.vote(exemplar)
    assert _sent(emulator) == ("POST", f"/v2/exemplar_identifications/{exemplar.id}/vote")
    assert emulator.requests[0].status == 204
    [seen] = me.exemplar_identifications.search(id=exemplar.id, fields="all").all()
    assert seen.cached_votes_total == 1
    assert [v.user_id for v in seen.votes or ()] == [owner]
    assert [e.id for e in me.exemplar_identifications.search(upvoted=True).all()] == [exemplar.id]
    me.exemplar_identifications.vote(exemplar.id)  # a second vote keeps the first
    [seen] = me.exemplar_identifications.search(id=exemplar.id, fields="all").all()
    assert seen.cached_votes_total == 1
    emulator.clear_requests()
    me.exemplar_identifications.unvote(exemplar)
    assert _sent(emulator) == ("DELETE", f"/v2/exemplar_identifications/{exemplar.id}/vote")
    [seen] = me.exemplar_identifications.search(id=exemplar.id, fields="all").all()
    assert seen.cached_votes_total == 0 and not seen.votes


def test_a_vote_needs_auth_and_an_exemplar(
    emulator: Emulator, me: iNatClient, stranger: iNatClient
) -> None:
    exemplar = me.exemplar_identifications.search().first()
    assert exemplar is not None and exemplar.id is not None
    _unauthorized(emulator, lambda: stranger.exemplar_identifications.vote(exemplar))
    with pytest.raises(NotFoundError):
        me.exemplar_identifications.vote(1)
    [seen] = me.exemplar_identifications.search(id=exemplar.id, fields="all").all()
    assert seen.cached_votes_total == 0


# --- project memberships -------------------------------------------------------------------------


def _my_membership(emulator: Emulator, user_id: int) -> tuple[int, int]:
    """A project ``user_id`` belongs to, and their membership's id."""
    for row in emulator.store.project_catalog().rows:
        for m in row.members:
            if m.user_id == user_id:
                return row.id, m.id
    pytest.skip("the user is a member of no project")


def test_a_member_saves_their_project_preferences(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    project_id, _ = _my_membership(emulator, owner)
    [membership] = me.projects.membership_v2(project_id, fields="all")
    wanted = "taxon" if membership.prefers_curator_coordinate_access_for != "taxon" else "any"
    membership.prefers_curator_coordinate_access_for = wanted
    emulator.clear_requests()
    saved = me.projects.save_membership(membership)
    assert _sent(emulator) == ("PUT", f"/v2/project_users/{membership.id}")
    assert _body(emulator) == {"project_user": {"prefers_curator_coordinate_access_for": wanted}}
    assert isinstance(saved, ProjectUser)
    assert saved.id == membership.id and saved.prefers_curator_coordinate_access_for == wanted
    [v2_read] = me.projects.membership_v2(project_id, fields="all")
    assert v2_read.prefers_curator_coordinate_access_for == wanted
    [v1_read] = me.projects.membership(project_id)
    assert v1_read.prefers_curator_coordinate_access_for == wanted
    quiet = not v2_read.prefers_updates
    v2_read.prefers_updates = quiet
    emulator.clear_requests()
    saved = me.projects.save_membership(v2_read)
    assert _body(emulator) == {"project_user": {"prefers_updates": quiet}}
    # v2's ProjectUser answer has no prefers_updates: the client keeps what it sent
    assert saved.prefers_updates is quiet
    [again] = me.projects.membership_v2(project_id, fields="all")
    assert again.prefers_updates is quiet
    assert again.prefers_curator_coordinate_access_for == wanted


def test_a_membership_update_is_refused_without_auth_and_for_anothers(
    emulator: Emulator, me: iNatClient, stranger: iNatClient, owner: int, other: int
) -> None:
    _, theirs = _my_membership(emulator, other)
    _, mine = _my_membership(emulator, owner)
    change = ProjectUser(id=mine, prefers_updates=False)
    _unauthorized(emulator, lambda: stranger.projects.save_membership(change))
    with pytest.raises(ForbiddenError):
        me.projects.save_membership(ProjectUser(id=theirs, prefers_updates=False))
    with pytest.raises(NotFoundError):
        me.projects.save_membership(ProjectUser(id=1, prefers_updates=False))


# --- password resets -----------------------------------------------------------------------------


def test_a_password_reset_is_asked_for(emulator: Emulator, me: iNatClient, owner: int) -> None:
    login = emulator.store.user_logins()[owner]
    emulator.clear_requests()
    me.users.reset_password(f"{login}@example.org")
    assert _sent(emulator) == ("POST", "/v2/users/reset_password")
    assert _body(emulator) == {"user": {"email": f"{login}@example.org"}}
    assert emulator.requests[0].status == 204
    resets = emulator.store.states.get(PasswordResets)
    assert resets.sent_to(owner) == 1
    # an address no account has is answered alike: the answer tells nobody who has one
    me.users.reset_password("nobody@example.net")
    assert resets.emails() == [f"{login}@example.org", "nobody@example.net"]


def test_a_password_reset_needs_auth(emulator: Emulator, stranger: iNatClient) -> None:
    _unauthorized(emulator, lambda: stranger.users.reset_password("someone@example.org"))
    assert emulator.store.states.get(PasswordResets).emails() == []


# --- announcements -------------------------------------------------------------------------------


def test_a_dismissed_announcement_is_no_longer_listed(
    emulator: Emulator, me: iNatClient, other: int
) -> None:
    listed = me.announcements.search(fields="all").all()
    dismissible = next(a for a in listed if a.dismissible)
    emulator.clear_requests()
    me.announcements.dismiss(dismissible)
    assert _sent(emulator) == ("PUT", f"/v2/announcements/{dismissible.id}/dismiss")
    assert emulator.requests[0].status == 204
    after = [a.id for a in me.announcements.search().all()]
    assert dismissible.id not in after and len(after) == len(listed) - 1
    # dismissed for this user only
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(other))) as c:
        assert dismissible.id in [a.id for a in c.announcements.search().all()]


def test_a_dismissal_is_refused_without_auth_unknown_or_not_dismissible(
    emulator: Emulator, me: iNatClient, stranger: iNatClient
) -> None:
    listed = me.announcements.search(fields="all").all()
    _unauthorized(emulator, lambda: stranger.announcements.dismiss(listed[0]))
    with pytest.raises(NotFoundError):
        me.announcements.dismiss(999)
    fixed = next(a for a in listed if not a.dismissible)
    with pytest.raises(ValidationError, match="cannot be dismissed"):
        me.announcements.dismiss(fixed)
    assert len(me.announcements.search().all()) == len(listed)


# --- account connections -------------------------------------------------------------------------


def test_an_authorized_application_is_revoked(emulator: Emulator, me: iNatClient) -> None:
    before = me.account.authorized_applications(fields="all").all()
    assert before
    app = before[0].application
    assert app is not None and app.id is not None
    emulator.clear_requests()
    me.account.revoke_application(before[0])
    assert _sent(emulator) == ("DELETE", f"/v2/authorized_applications/{app.id}")
    assert emulator.requests[0].status == 204
    after = me.account.authorized_applications(fields="all").all()
    assert [a.application.id for a in after if a.application] == [
        a.application.id for a in before[1:] if a.application
    ]
    with pytest.raises(NotFoundError):  # revoked already
        me.account.revoke_application(app.id)


def test_a_provider_is_unlinked(emulator: Emulator, me: iNatClient) -> None:
    before = me.account.provider_authorizations(fields="all").all()
    assert before and before[0].id is not None
    emulator.clear_requests()
    me.account.unlink_provider(before[0])
    assert _sent(emulator) == ("DELETE", f"/v2/provider_authorizations/{before[0].id}")
    assert emulator.requests[0].status == 204
    after = me.account.provider_authorizations().all()
    assert before[0].id not in [p.id for p in after]
    assert len(after) == len(before) - 1


def test_account_connections_refuse_strangers_and_others(
    emulator: Emulator, me: iNatClient, stranger: iNatClient, other: int
) -> None:
    _unauthorized(emulator, lambda: stranger.account.revoke_application(3))
    _unauthorized(emulator, lambda: stranger.account.unlink_provider(1))
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(other))) as c:
        theirs = c.account.provider_authorizations().all()
    assert theirs and theirs[0].id is not None
    with pytest.raises(ForbiddenError):
        me.account.unlink_provider(theirs[0])
    with pytest.raises(NotFoundError):
        me.account.revoke_application(424242)
    with pytest.raises(NotFoundError):
        me.account.unlink_provider(7)
    answer = requests.delete(f"{emulator.api_url}/v2/provider_authorizations/1", timeout=30)
    assert answer.status_code == 401 and set(answer.json()) == {"status", "errors"}
