"""Places, users, projects and observation fields through the client, against the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inatsdk import (
    AuthenticationError,
    InvalidParameterError,
    NotFoundError,
    ValidationError,
    iNatClient,
)
from inatsdk.auth import Credentials
from inatsdk.models import (
    NearbyPlaces,
    ObservationField,
    Place,
    Project,
    ProjectSubscription,
    ProjectUser,
    Taxon,
    User,
)
from inatsdk.testing import Emulator
from inatsdk.testing.seed_projects import ProjectRow
from tests.e2e.conftest import make_client


def _paths(emulator: Emulator) -> list[str]:
    return [r.path for r in emulator.requests]


def _biggest_project(emulator: Emulator) -> ProjectRow:
    return max(emulator.store.project_catalog().rows, key=lambda r: (len(r.members), -r.id))


@pytest.fixture
def member_client(emulator: Emulator) -> Iterator[tuple[iNatClient, ProjectRow, int]]:
    """A client signed in as a member of the biggest project."""
    project = _biggest_project(emulator)
    user_id = project.members[-1].user_id
    token = emulator.issue_jwt(user_id)
    with make_client(emulator, credentials=Credentials(api_token=token)) as signed_in:
        yield signed_in, project, user_id


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


def test_place_by_id_and_by_slug(client: iNatClient, emulator: Emulator) -> None:
    california = client.places.get(14)
    assert isinstance(california, Place)
    assert (california.name, california.admin_level, california.place_type) == ("California", 10, 8)
    assert california.ancestor_place_ids == [97394, 1, 14]
    assert california.geometry_geojson is not None
    assert california.geometry_geojson.type == "MultiPolygon"
    assert california.location is not None and 32 < california.location.latitude < 42
    assert client.places.get("california").id == 14
    assert _paths(emulator) == ["/v1/places/14", "/v1/places/california"]
    with pytest.raises(NotFoundError):
        client.places.get(999_999)
    with pytest.raises(InvalidParameterError):
        client.places.get("no such/place")


def test_places_get_many_batches_500_ids(client: iNatClient, emulator: Emulator) -> None:
    wanted = [14, 200001, 1, 123_456]
    ids = wanted + list(range(300_000, 300_600))
    found = client.places.get_many(ids)
    assert [p.id for p in found] == [14, 200001, 1]  # the order asked, unknown ids left out
    paths = _paths(emulator)
    assert len(paths) == 2
    assert paths[0].count(",") == 499 and paths[1].count(",") == 103


def test_places_admin_level_filter(client: iNatClient) -> None:
    states = client.places.get_many([1, 14, 18, 6712], admin_level=10)
    assert sorted(p.id or 0 for p in states) == [14, 18]
    with pytest.raises(InvalidParameterError):
        client.places.get_many([1], admin_level=15)  # type: ignore[arg-type]


def test_places_autocomplete_is_one_page_of_20(client: iNatClient, emulator: Emulator) -> None:
    found = client.places.autocomplete(q="new").all()
    assert [p.name for p in found] == ["New Zealand", "New York"]  # countries first
    everything = client.places.autocomplete(q="a")
    assert everything.count() <= 20
    emulator.clear_requests()
    listed = everything.all()
    assert 0 < len(listed) <= 20
    assert len(emulator.requests) == 1
    assert emulator.requests[0].query["per_page"] == "20"
    with pytest.raises(InvalidParameterError):
        client.places.autocomplete(q="")


def test_places_nearby_is_typed(client: iNatClient, emulator: Emulator) -> None:
    around = client.places.nearby(swlat=37.7, swlng=-122.6, nelat=37.8, nelng=-122.4)
    assert isinstance(around, NearbyPlaces)
    assert [p.name for p in around.standard or []] == [
        "North America",
        "United States",
        "California",
    ]
    assert [p.name for p in around.community or []] == ["Golden Gate Park"]
    assert all(isinstance(p, Place) for p in around.all())
    assert emulator.requests[-1].query["per_page"] == "20"
    one = client.places.nearby(swlat=37.7, swlng=-122.6, nelat=37.8, nelng=-122.4, per_page=1)
    assert len(one.standard or []) == 1
    with pytest.raises(InvalidParameterError):
        client.places.nearby(swlat=1.0, swlng=1.0, nelat=2.0)
    with pytest.raises(InvalidParameterError):
        client.places.nearby(swlat=1.0, swlng=1.0, nelat=2.0, nelng=2.0, per_page=21)


def test_places_containing(client: iNatClient, emulator: Emulator) -> None:
    names = [p.name for p in client.places.containing(lat=37.77, lng=-122.48)]
    assert names == ["United States", "California"]
    wider = client.places.containing(lat=37.77, lng=-122.48, include_community_places=True)
    assert [p.name for p in wider][:3] == ["North America", "United States", "California"]
    assert {"Golden Gate Park", "San Francisco Bay Area"} <= {p.name for p in wider}
    assert wider.count() <= 10
    with pytest.raises(InvalidParameterError, match="lat"):
        client.places.containing(lng=1.0)
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="include_community_places"):
        client.places.containing(lat=1.0, lng=1.0, include_community=True)  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError):
        client.places.containing(lat=1.0, lng=1.0).filter(radius=3)  # type: ignore[call-arg]
    assert emulator.requests == []


def test_places_dry_run_sends_nothing(client: iNatClient, emulator: Emulator) -> None:
    assert client.places.get("california", dry_run=True).slug == "california"
    assert client.places.get(14, dry_run=True).id == 14
    assert (
        client.places.nearby(swlat=1.0, swlng=1.0, nelat=2.0, nelng=2.0, dry_run=True).all() == []
    )
    assert client.places.autocomplete(q="new", dry_run=True).all() == []
    assert emulator.requests == []


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------


def test_user_by_id_and_by_login(client: iNatClient, emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    user = client.users.get(user_id)
    assert isinstance(user, User)
    assert user.id == user_id and user.login
    assert user.created_at is not None and user.created_at.tzinfo is not None
    assert client.users.get(user.login.upper()).id == user_id
    with pytest.raises(NotFoundError):
        client.users.get(1)
    with pytest.raises(NotFoundError):
        client.users.get("nobody_by_that_name")


@pytest.mark.parametrize("name", ["..", ".", "a/b", "%2e%2e", "x?y=1", "x#y", "", " ", "0", "-5"])
def test_unsafe_names_are_refused_before_sending(
    client: iNatClient, emulator: Emulator, name: str
) -> None:
    # ".." used to send GET /v1/ (the path's segment collapsed); now nothing is sent
    with pytest.raises(InvalidParameterError, match="user"):
        client.users.get(name)
    with pytest.raises(InvalidParameterError, match="user"):
        client.users.projects(name)
    with pytest.raises(InvalidParameterError, match="place"):
        client.places.get(name)
    with pytest.raises(InvalidParameterError, match="project"):
        client.projects.get(name)
    with pytest.raises(InvalidParameterError, match="project"):
        client.projects.members(name)
    assert emulator.requests == []


def test_get_many_refuses_a_string_or_none(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="place_ids"):
        client.places.get_many("14")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="project_ids"):
        client.projects.get_many(None)  # type: ignore[arg-type]
    assert emulator.requests == []


def test_users_autocomplete(client: iNatClient, emulator: Emulator) -> None:
    login = emulator.store.user_logins()[emulator.store.user_ids()[5]]
    prefix = login[:3]
    found = client.users.autocomplete(q=prefix).all()
    assert found and all(
        any(w.startswith(prefix) for w in (u.login or "").split("_")) for u in found
    )
    assert emulator.requests[-1].query["per_page"] == "100"
    assert client.users.autocomplete(q=login).first() == client.users.get(login)
    project = _biggest_project(emulator)
    members = client.users.autocomplete(q="a", project_id=project.id).all()
    assert members and {u.id for u in members} <= set(project.member_ids)
    with pytest.raises(InvalidParameterError):
        client.users.autocomplete()


def test_user_projects_pages(client: iNatClient, emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    user_id = max(emulator.store.user_ids(), key=lambda u: (len(catalog.projects_of(u)), u))
    expected = sorted(catalog.projects_of(user_id), key=lambda r: (r.title, r.id))
    assert len(expected) >= 3
    emulator.clear_requests()
    projects = client.users.projects(user_id).page_size(2).all()
    assert [p.id for p in projects] == [r.id for r in expected]
    assert all(isinstance(p, Project) for p in projects)
    pages = [r.query["page"] for r in emulator.requests]
    assert pages == [str(n) for n in range(1, len(pages) + 1)]
    needed = -(-len(expected) // 2)
    assert needed <= len(pages) <= needed + 1  # one more at most, to find the end
    assert all(r.path == f"/v1/users/{user_id}/projects" for r in emulator.requests)
    assert all(r.query["per_page"] == "2" for r in emulator.requests)
    collections = client.users.projects(user_id, project_type="collection").all()
    assert all(p.project_type == "collection" for p in collections)
    with pytest.raises(ValidationError):
        client.users.projects(1).all()


def test_me_needs_credentials(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(AuthenticationError):
        client.users.me()
    assert emulator.requests == []
    user_id = emulator.store.user_ids()[2]
    token = emulator.issue_jwt(user_id)
    with make_client(emulator, credentials=Credentials(api_token=token)) as signed_in:
        me = signed_in.users.me()
        assert me.id == user_id
        assert me.email is not None and me.email.endswith("@example.org")
        assert me.site is not None and me.site.url
        assert isinstance(me.prefers_common_names, bool)
        assert me.muted_user_ids is not None
        assert signed_in.users.me(dry_run=True) == User()
    assert emulator.requests[-1].headers["Authorization"] == token


# ---------------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------------


def test_project_search_pages_and_filters(client: iNatClient, emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    search = client.projects.search()
    assert search.count() == len(catalog.rows)
    assert [p.id for p in search.page_size(7)] == sorted(r.id for r in catalog.rows)
    collections = client.projects.search(type="collection").all()
    assert collections and all(p.project_type == "collection" for p in collections)
    member = catalog.rows[0].members[0].user_id
    joined = client.projects.search(member_id=member).all()
    assert {p.id for p in joined} == {r.id for r in catalog.projects_of(member)}
    in_us = client.projects.search(place_id=1).all()
    assert in_us and any(p.place_id == 14 for p in in_us)
    newest = client.projects.search(order_by="created").first()
    assert newest is not None
    assert newest.id == max(catalog.rows, key=lambda r: r.created_at).id
    updated = client.projects.search().order_by("updated").first()
    assert updated is not None
    assert updated.id == max(catalog.rows, key=lambda r: r.updated_at).id
    with pytest.raises(InvalidParameterError, match="one direction"):
        client.projects.search().order_by("updated", desc=False)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        client.projects.search(type="traditional")  # type: ignore[arg-type]


def test_project_by_id_slug_and_rule_details(client: iNatClient, emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    row = next(r for r in catalog.rows if r.project_type == "collection" and r.taxon_ids)
    project = client.projects.get(row.slug)
    assert isinstance(project, Project)
    assert (project.id, project.title, project.is_new_style_project) == (row.id, row.title, True)
    assert project.admins and project.admins[0].user is not None
    assert project.user is not None and project.user.id == row.user_id
    assert project.place is None
    detailed = client.projects.get(row.id, rule_details=True)
    assert detailed.place is not None and detailed.place.id == row.place_id
    rules = detailed.project_observation_rules or []
    taxon_rule = next(r for r in rules if r.operator == "in_taxon?")
    assert isinstance(taxon_rule.taxon, Taxon) and taxon_rule.taxon.id == row.taxon_ids[0]
    place_rule = next(r for r in rules if r.operator == "observed_in_place?")
    assert isinstance(place_rule.place, Place)
    umbrella = next(r for r in catalog.rows if r.is_umbrella)
    sub_rules = client.projects.get(umbrella.id, rule_details=True).project_observation_rules
    assert sub_rules and all(isinstance(r.project, Project) for r in sub_rules)
    with pytest.raises(NotFoundError):
        client.projects.get(1)


def test_projects_get_many_batches_30_ids(client: iNatClient, emulator: Emulator) -> None:
    ids = [r.id for r in emulator.store.project_catalog().rows][:35]
    assert len(ids) == 35
    found = client.projects.get_many(reversed(ids))
    assert [p.id for p in found] == list(reversed(ids))
    assert len(emulator.requests) == 2


def test_projects_autocomplete(client: iNatClient, emulator: Emulator) -> None:
    birds = client.projects.autocomplete(q="birds").all()
    assert birds and all("birds" in (p.title or "").lower() for p in birds)
    member = _biggest_project(emulator).members[0].user_id
    mine = client.projects.autocomplete(member_id=member).all()
    assert [p.title for p in mine] == sorted(p.title or "" for p in mine)
    with pytest.raises(InvalidParameterError):
        client.projects.autocomplete()


def test_project_members(client: iNatClient, emulator: Emulator) -> None:
    project = _biggest_project(emulator)
    members = client.projects.members(project.id).page_size(3).all()
    assert {m.user_id for m in members} == set(project.member_ids)
    assert all(isinstance(m, ProjectUser) and isinstance(m.user, User) for m in members)
    counts = [m.observations_count or 0 for m in members]
    assert counts == sorted(counts, reverse=True)
    managers = client.projects.members(project.slug, role="manager").all()
    assert project.user_id in {m.user_id for m in managers}
    assert client.projects.members(project.id).count() == len(project.members)
    with pytest.raises(ValidationError):
        client.projects.members(1).first()


def test_membership_and_subscriptions(
    member_client: tuple[iNatClient, ProjectRow, int], emulator: Emulator
) -> None:
    signed_in, project, user_id = member_client
    catalog = emulator.store.project_catalog()
    others = [r.id for r in catalog.rows if user_id not in r.member_ids][:2]
    memberships = signed_in.projects.membership([project.id, *others])
    assert [m.project_id for m in memberships] == [project.id]
    assert isinstance(memberships[0].prefers_updates, bool)
    assert memberships[0].prefers_curator_coordinate_access_for in ("none", "taxon", "any")
    ids = ",".join(str(i) for i in [project.id, *others])
    assert emulator.requests[-1].path == f"/v1/projects/{ids}/membership"
    subs = signed_in.projects.subscriptions(project.id)
    expected = catalog.subscriptions_of(user_id, [project.id])
    assert [s.id for s in subs] == [s.id for s in expected]
    assert all(isinstance(s, ProjectSubscription) and s.resource_id == project.id for s in subs)
    assert signed_in.projects.membership(project.id, dry_run=True) == []


def test_membership_needs_credentials(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(AuthenticationError):
        client.projects.membership(1001)
    with pytest.raises(AuthenticationError):
        client.projects.subscriptions(1001)
    assert emulator.requests == []


# ---------------------------------------------------------------------------------------------
# Observation fields
# ---------------------------------------------------------------------------------------------


def test_observation_fields_autocomplete(client: iNatClient, emulator: Emulator) -> None:
    fields = client.observation_fields.autocomplete(q="number").all()
    assert fields and all(isinstance(f, ObservationField) for f in fields)
    assert all("number" in (f.name or "").lower() for f in fields)
    assert emulator.requests[-1].query["per_page"] == "100"
    exact = client.observation_fields.autocomplete(q="Number of individuals").first()
    assert exact is not None and (exact.id, exact.datatype) == (1, "numeric")
    without = client.observation_fields.autocomplete(q="number", not_id=[1]).all()
    assert 1 not in {f.id for f in without}
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="did you mean 'not_id'"):
        client.observation_fields.autocomplete(q="a", not_ids=[1])  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError):
        client.observation_fields.autocomplete()
    assert emulator.requests == []
