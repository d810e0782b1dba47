"""``client.projects``, ``client.project_observations`` and ``client.users`` writes end to end:
each write read back, saves that send only what changed, roles and ownership, credentials,
dry-run and a write lost on the wire."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

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
from inatsdk.models import (
    Observation,
    Project,
    ProjectObservation,
    ProjectObservationPreferences,
    ProjectUser,
    User,
)
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.seed_projects import ProjectRow
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


@pytest.fixture
def project(emulator: Emulator) -> ProjectRow:
    """A seeded traditional project with plain members."""
    return next(
        r
        for r in emulator.store.project_catalog().rows
        if not r.is_new_style and any(m.role is None for m in r.members)
    )


@pytest.fixture
def outsider(emulator: Emulator, project: ProjectRow) -> int:
    """Someone with observations who is not a member of ``project``."""
    members = set(project.member_ids)
    return next(
        o.user_id for o in emulator.store.observations_snapshot() if o.user_id not in members
    )


@pytest.fixture
def client(emulator: Emulator, outsider: int) -> Iterator[iNatClient]:
    with signed_in(emulator, outsider) as c:
        yield c


def observations_of(emulator: Emulator, user_id: int) -> list[int]:
    return [o.id for o in emulator.store.observations_snapshot() if o.user_id == user_id]


# --- projects: membership, subscriptions ---------------------------------------------------------


def test_join_and_leave_round_trip(
    emulator: Emulator, client: iNatClient, project: ProjectRow, outsider: int
) -> None:
    membership = client.projects.join(project.id)
    assert isinstance(membership, ProjectUser)
    assert (membership.project_id, membership.user_id, membership.role) == (
        project.id,
        outsider,
        None,
    )
    assert project.id in [p.id for p in client.users.projects(outsider)]
    assert outsider in [m.user_id for m in client.projects.members(project.id)]
    assert [m.id for m in client.projects.membership(project.id)] == [membership.id]

    model = client.projects.get(project.id)
    client.projects.leave(model)  # a model works as well as an id
    assert project.id not in [p.id for p in client.users.projects(outsider)]
    with pytest.raises(ValidationError):
        client.projects.leave(project.id)  # not a member any more
    assert [r.path for r in writes(emulator)] == [
        f"/v1/projects/{project.id}/join",
        f"/v1/projects/{project.id}/leave",
        f"/v1/projects/{project.id}/leave",
    ]


def test_subscribe_and_unsubscribe_send_the_toggle_only_when_needed(
    emulator: Emulator, client: iNatClient, project: ProjectRow
) -> None:
    assert client.projects.subscriptions(project.id) == []
    assert client.projects.subscribe(project.id) is True
    assert [s.resource_id for s in client.projects.subscriptions(project.id)] == [project.id]
    assert client.projects.subscribe(project.id) is False  # already: nothing sent
    assert client.projects.unsubscribe(project.id) is True
    assert client.projects.subscriptions(project.id) == []
    assert client.projects.unsubscribe(project.id) is False
    toggles = writes(emulator)
    assert len(toggles) == 2
    assert all(r.path == f"/v1/subscriptions/project/{project.id}/subscribe" for r in toggles)


# --- project observations ------------------------------------------------------------------------


def test_add_and_remove_observations(
    emulator: Emulator, client: iNatClient, project: ProjectRow, outsider: int
) -> None:
    mine = observations_of(emulator, outsider)
    added = client.projects.add_observation(project.id, mine[0])
    assert isinstance(added, ProjectObservation)
    assert (added.project_id, added.observation_id, added.user_id) == (
        project.id,
        mine[0],
        outsider,
    )
    assert added.id is not None and added.created_at is not None
    assert emulator.store.account_writes().project_ids_of(mine[0]) == [project.id]
    with pytest.raises(ValidationError, match="already"):
        client.projects.add_observation(project.id, Observation(id=mine[0]))
    client.projects.remove_observation(project.id, mine[0])
    assert emulator.store.account_writes().project_ids_of(mine[0]) == []
    with pytest.raises(NotFoundError):
        client.projects.remove_observation(project.id, mine[0])
    assert body_of(writes(emulator)[0]) == {"observation_id": mine[0]}


def test_only_curators_handle_other_peoples_observations(
    emulator: Emulator, project: ProjectRow, outsider: int
) -> None:
    theirs = observations_of(emulator, outsider)[0]
    member = next(m.user_id for m in project.members if m.role is None)
    with signed_in(emulator, member) as c:
        with pytest.raises(ForbiddenError):
            c.projects.add_observation(project.id, theirs)
    with signed_in(emulator, project.user_id) as manager:
        added = manager.project_observations.create(
            ProjectObservation(project=Project(id=project.id), observation_id=theirs)
        )
    with signed_in(emulator, member) as c:
        with pytest.raises(ForbiddenError):
            c.project_observations.delete(added)
    with signed_in(emulator, outsider) as observer:
        observer.project_observations.delete(added.id or 0)  # the observer may take it out
    assert emulator.store.account_writes().project_ids_of(theirs) == []


def test_project_observation_save_sends_only_the_preference(
    emulator: Emulator, client: iNatClient, project: ProjectRow, outsider: int
) -> None:
    obs = observations_of(emulator, outsider)[1]
    po = client.project_observations.create(
        ProjectObservation(project_id=project.id, observation_id=obs)
    )
    assert client.project_observations.save(po) is po  # nothing changed: nothing sent
    po.preferences = ProjectObservationPreferences(allows_curator_coordinate_access=True)
    saved = client.project_observations.save(po)
    assert saved.preferences is not None
    assert saved.preferences.allows_curator_coordinate_access is True
    sent = writes(emulator)
    assert [r.method for r in sent] == ["POST", "PUT"]
    assert body_of(sent[0]) == {
        "project_observation": {"project_id": project.id, "observation_id": obs}
    }
    assert body_of(sent[1]) == {"project_observation": {"prefers_curator_coordinate_access": True}}
    po.tracking_code = "abc"
    with pytest.raises(InvalidParameterError, match="tracking_code"):
        client.project_observations.save(po)
    assert len(writes(emulator)) == 2


def test_collection_projects_take_no_observations(
    emulator: Emulator, client: iNatClient, outsider: int
) -> None:
    collection = next(r for r in emulator.store.project_catalog().rows if r.is_new_style)
    with pytest.raises(ValidationError):
        client.projects.add_observation(collection.id, observations_of(emulator, outsider)[0])


# --- projects themselves -------------------------------------------------------------------------


def test_project_create_save_delete(emulator: Emulator, client: iNatClient, outsider: int) -> None:
    created = client.projects.create(
        Project(title="Lichen Walks", description="Lichens.", project_type="")
    )
    assert created.id is not None and created.user_id == outsider and created.slug == "lichen-walks"
    loaded = client.projects.get(created.id)
    assert loaded.title == "Lichen Walks"
    loaded.description = "Lichens and mosses."
    saved = client.projects.save(loaded)
    assert saved.description == "Lichens and mosses." and saved.title == "Lichen Walks"
    assert body_of(writes(emulator)[-1]) == {"project": {"description": "Lichens and mosses."}}
    assert client.projects.get(created.id).description == "Lichens and mosses."
    loaded.user_ids = [1]
    with pytest.raises(InvalidParameterError, match="user_ids"):
        client.projects.save(loaded)
    client.projects.delete(saved)
    with pytest.raises(NotFoundError):
        client.projects.get(created.id)


def test_someone_elses_project_is_forbidden(
    emulator: Emulator, client: iNatClient, project: ProjectRow
) -> None:
    model = client.projects.get(project.id)
    model.title = "Mine now"
    with pytest.raises(ForbiddenError):
        client.projects.save(model)
    with pytest.raises(ForbiddenError):
        client.projects.delete(model)


# --- users ---------------------------------------------------------------------------------------


def test_save_sends_only_the_changed_field(
    emulator: Emulator, client: iNatClient, outsider: int
) -> None:
    me = client.users.me()
    assert client.users.save(me) is me  # nothing changed: nothing sent
    me.description = "Mostly mosses."
    me.prefers_no_email = not me.prefers_no_email
    saved = client.users.save(me)
    assert isinstance(saved, User)
    assert saved.description == "Mostly mosses." and saved.prefers_no_email == me.prefers_no_email
    assert body_of(writes(emulator)[0]) == {
        "user": {"description": "Mostly mosses.", "prefers_no_email": me.prefers_no_email}
    }
    assert client.users.me().description == "Mostly mosses."
    saved.name = "Moss Person"
    client.users.save(saved)
    assert client.users.get(outsider).name == "Moss Person"
    assert body_of(writes(emulator)[1]) == {"user": {"name": "Moss Person"}}
    saved.observations_count = 10**6
    with pytest.raises(InvalidParameterError, match="observations_count"):
        client.users.save(saved)
    assert len(writes(emulator)) == 2


def test_only_your_own_profile(emulator: Emulator, client: iNatClient, outsider: int) -> None:
    other = next(u for u in emulator.store.user_ids() if u != outsider)
    someone = client.users.get(other)
    someone.name = "Renamed"
    with pytest.raises(ForbiddenError):
        client.users.save(someone)
    taken = next(login for uid, login in emulator.store.user_logins().items() if uid == other)
    me = client.users.me()
    me.login = taken
    with pytest.raises(ValidationError, match="taken"):
        client.users.save(me)
    with pytest.raises(InvalidParameterError):
        client.users.save(User(name="no id"))


def test_mute_block_and_session(emulator: Emulator, client: iNatClient, outsider: int) -> None:
    other = next(u for u in emulator.store.user_ids() if u != outsider)
    client.users.mute(other)
    assert other in (client.users.me().muted_user_ids or [])
    client.users.unmute(User(id=other))
    assert other not in (client.users.me().muted_user_ids or [])
    client.users.block(other)
    assert other in (client.users.me().blocked_user_ids or [])
    client.users.unblock(other)
    with pytest.raises(NotFoundError):
        client.users.mute(10**9)
    client.users.resend_confirmation()
    assert emulator.store.account_writes().confirmations_sent == {outsider: 1}
    client.users.update_session(prefers_hide_obs_show_identifiers=True)
    assert emulator.store.account_writes().sessions[outsider] == {
        "prefers_hide_obs_show_identifiers": True
    }
    with pytest.raises(InvalidParameterError, match="prefers_hide_obs_show_identifiers"):
        client.users.update_session(prefers_hide_obs_show_identifier=True)  # type: ignore[call-arg]


# --- what every write shares ---------------------------------------------------------------------


def test_without_credentials_nothing_is_sent(emulator: Emulator, project: ProjectRow) -> None:
    with make_client(emulator) as anonymous:
        for call in (
            lambda: anonymous.projects.join(project.id),
            lambda: anonymous.projects.leave(project.id),
            lambda: anonymous.projects.add_observation(project.id, 1),
            lambda: anonymous.projects.remove_observation(project.id, 1),
            lambda: anonymous.projects.subscribe(project.id),
            lambda: anonymous.projects.create(Project(title="x")),
            lambda: anonymous.project_observations.create(
                ProjectObservation(project_id=project.id, observation_id=1)
            ),
            lambda: anonymous.project_observations.delete(5),
            lambda: anonymous.users.save(User(id=5, name="x")),
            lambda: anonymous.users.mute(5),
            lambda: anonymous.users.resend_confirmation(),
            lambda: anonymous.users.update_session(prefers_hide_obs_show_tags=True),
        ):
            with pytest.raises(AuthenticationError, match="needs an iNaturalist login"):
                call()
    assert emulator.requests == []


def test_dry_run_sends_nothing_and_answers_typed_results(
    emulator: Emulator,
    project: ProjectRow,
    outsider: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    obs = observations_of(emulator, outsider)[0]
    token = emulator.issue_jwt(outsider)
    with signed_in(emulator, outsider, dry_run=True) as c:
        membership = c.projects.join(project.id)
        assert isinstance(membership, ProjectUser) and membership.project_id == project.id
        added = c.projects.add_observation(project.id, obs)
        assert isinstance(added, ProjectObservation)
        assert (added.project_id, added.observation_id, added.id) == (project.id, obs, None)
        assert c.projects.subscribe(project.id) is True  # state unknown: the toggle is logged
        created = c.projects.create(Project(title="Rehearsal"))
        assert isinstance(created, Project) and created.title == "Rehearsal" and created.id is None
        c.users.mute(5)
        po = c.project_observations.create(ProjectObservation(project_id=7, observation_id=obs))
        assert isinstance(po, ProjectObservation) and po.observation_id == obs
    assert emulator.requests == []
    logged = [r.getMessage() for r in caplog.records if "DRY RUN" in r.getMessage()]
    assert len(logged) == 7  # the subscription read, then six writes
    assert any(f'"observation_id": {obs}' in line for line in logged)
    assert not any(token in r.getMessage() for r in caplog.records)

    with signed_in(emulator, outsider) as c:
        me = c.users.me()
        emulator.clear_requests()
        me.name = "Rehearsed"
        rehearsed = c.users.save(me, dry_run=True)
        assert isinstance(rehearsed, User) and rehearsed.name == "Rehearsed"
        c.projects.leave(project.id, dry_run=True)
    assert emulator.requests == []

    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "true")
    from inatsdk.client import NOT_GIVEN

    with signed_in(emulator, outsider, dry_run=NOT_GIVEN) as c:
        assert c.dry_run == "writes"
        c.projects.join(project.id)
        assert c.projects.subscribe(project.id) is True  # the read goes, the toggle does not
        assert outsider not in [m.user_id for m in c.projects.members(project.id)]
    assert {r.method for r in emulator.requests} == {"GET"}


def test_a_dropped_post_is_not_sent_again(
    emulator: Emulator, client: iNatClient, project: ProjectRow, outsider: int
) -> None:
    emulator.inject(Fault(kind="drop", method="POST", times=1))
    with pytest.raises(TransportError):
        client.projects.join(project.id)
    assert len([r for r in emulator.requests if r.method == "POST"]) == 1
    assert outsider not in [m.user_id for m in client.projects.members(project.id)]
    obs = observations_of(emulator, outsider)[0]
    emulator.inject(Fault(kind="drop", method="POST", times=1))
    with pytest.raises(TransportError):
        client.projects.add_observation(project.id, obs)
    assert len([r for r in emulator.requests if r.method == "POST"]) == 2
    assert client.projects.add_observation(project.id, obs).observation_id == obs


def test_an_added_observation_shows_in_the_projects_search(emulator: Emulator) -> None:
    """A curator adds a non-member's observation; ``project_id`` searches then include it."""
    from inatsdk import Credentials
    from tests.e2e.conftest import make_client

    catalog = emulator.store.project_catalog()
    project = next(r for r in catalog.rows if not r.is_new_style and r.members)
    manager = next(m.user_id for m in project.members if m.role in ("manager", "curator"))
    outsider_obs = next(
        oid
        for oid in emulator.store.observation_ids()
        if (emulator.store.get_observation(oid) or {}).get("user", {}).get("id")
        not in project.member_ids
    )
    token = emulator.issue_jwt(manager)
    with make_client(emulator, credentials=Credentials(api_token=token)) as client:
        before = {o.id for o in client.observations.search(project_id=project.id).limit(2000)}
        assert outsider_obs not in before
        client.projects.add_observation(project.id, outsider_obs)
        after = {o.id for o in client.observations.search(project_id=project.id).limit(2000)}
    assert outsider_obs in after
