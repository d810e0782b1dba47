"""The emulator's places, users, projects and observation fields routes, with plain requests:
the real caps (per_page clamps, ids per request, single pages), errors, auth, and filters."""

from __future__ import annotations

import time

import requests

from inatsdk.testing import Emulator
from inatsdk.testing.places.seed import COMMUNITY_PLACES
from tests.emulator.helpers import get, get_json


def _auth_get(emu: Emulator, path: str, token: str | None, **params: str) -> requests.Response:
    headers = {"Authorization": token} if token is not None else {}
    return requests.get(emu.api_url + path, params=params, headers=headers, timeout=30)


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


def test_places_show_by_ids_and_slugs(emulator: Emulator) -> None:
    data = get_json(emulator, "/v1/places/14,new-york,1,999999")
    assert [p["id"] for p in data["results"]] == [48, 14, 1]  # id descending, as the server
    assert data["total_results"] == 3
    place = data["results"][1]
    assert place["geometry_geojson"]["type"] == "MultiPolygon"
    assert place["bounding_box_geojson"]["type"] == "Polygon"
    assert place["ancestor_place_ids"] == [97394, 1, 14]
    continent = get_json(emulator, "/v1/places/97394")["results"][0]
    assert continent["ancestor_place_ids"] is None and continent["admin_level"] == -10
    bare = get_json(emulator, "/v1/places/14", no_geom="true")["results"][0]
    assert "geometry_geojson" not in bare and bare["location"]
    states = get_json(emulator, "/v1/places/1,14,18", admin_level="10,20")["results"]
    assert sorted(p["id"] for p in states) == [14, 18]


def test_places_show_takes_500_ids(emulator: Emulator) -> None:
    ids = list(range(1, 501))
    assert get(emulator, "/v1/places/" + ",".join(map(str, ids))).status_code == 200
    too_many = get(emulator, "/v1/places/" + ",".join(map(str, [*ids, 501])))
    assert too_many.status_code == 422
    assert too_many.json() == {"error": "Too many IDs", "status": 422}


def test_places_autocomplete_caps_and_single_page(emulator: Emulator) -> None:
    default = get_json(emulator, "/v1/places/autocomplete", q="park")
    assert len(default["results"]) == 10
    clamped = get_json(emulator, "/v1/places/autocomplete", q="park", per_page=50)
    assert len(clamped["results"]) == 20 < clamped["total_results"]
    levels = get_json(emulator, "/v1/places/autocomplete", q="n", per_page=20)["results"]
    order = [p["admin_level"] for p in levels]
    assert order == sorted(order, key=lambda v: 1000 if v is None else v)
    counted = get_json(emulator, "/v1/places/autocomplete", q="park", per_page=0)
    assert counted["results"] == [] and counted["total_results"] == clamped["total_results"]
    assert get(emulator, "/v1/places/autocomplete", q="a", page=2).status_code == 422
    assert get_json(emulator, "/v1/places/autocomplete")["total_results"] == 0
    by_area = get_json(emulator, "/v1/places/autocomplete", q="park", order_by="area")["results"]
    areas = [p["bbox_area"] for p in by_area]
    assert areas == sorted(areas, reverse=True)
    assert get(emulator, "/v1/places/autocomplete", q="a", order_by="size").status_code == 422


def test_places_nearby(emulator: Emulator) -> None:
    box = {"swlat": 37.7, "swlng": -122.6, "nelat": 37.8, "nelng": -122.4}
    data = get_json(emulator, "/v1/places/nearby", **box)
    standard, community = data["results"]["standard"], data["results"]["community"]
    assert [p["id"] for p in standard] == [97394, 1, 14]
    assert [p["name"] for p in community] == ["Golden Gate Park"]  # the Bay Area is too big
    assert data["total_results"] == data["per_page"] == 4
    wide = get_json(emulator, "/v1/places/nearby", swlat=30, swlng=-125, nelat=45, nelng=-110)
    assert "San Francisco Bay Area" in {p["name"] for p in wide["results"]["community"]}
    one = get_json(emulator, "/v1/places/nearby", per_page=1, **box)["results"]
    assert len(one["standard"]) == 1 and len(one["community"]) == 1
    world = {"swlat": -80, "swlng": -179, "nelat": 80, "nelng": 179}
    capped = get_json(emulator, "/v1/places/nearby", per_page=500, **world)["results"]
    assert len(capped["standard"]) == 18 and len(capped["community"]) == 20 < len(COMMUNITY_PLACES)
    named = get_json(emulator, "/v1/places/nearby", name="calif", **world)["results"]
    assert [p["id"] for p in named["standard"]] == [14]
    assert get(emulator, "/v1/places/nearby", swlat=1).status_code == 422


def test_places_containing(emulator: Emulator) -> None:
    data = get_json(emulator, "/v1/places/containing", lat=40.78, lng=-73.97)
    assert [p["name"] for p in data["results"]] == ["United States", "New York"]
    wider = get_json(
        emulator, "/v1/places/containing", lat=40.78, lng=-73.97, include_community_places="true"
    )
    names = [p["name"] for p in wider["results"]]
    assert names[0] == "North America" and names[-1] == "Central Park"
    assert len(wider["results"]) <= 10
    assert get(emulator, "/v1/places/containing", lat=40.78).status_code == 422
    unknown = get(emulator, "/v1/places/containing", lat=1, lng=1, radius=3)
    assert unknown.status_code == 422 and "radius" in unknown.json()["error"]


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------


def test_users_show(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    login = emulator.store.user_logins()[user_id]
    by_id = get_json(emulator, f"/v1/users/{user_id}")
    assert by_id["total_results"] == 1 and by_id["results"][0]["login"] == login
    assert get_json(emulator, f"/v1/users/{login}")["results"][0]["id"] == user_id
    missing = get(emulator, "/v1/users/1")
    assert missing.status_code == 404
    assert missing.json() == {"error": "User does not exist", "status": 404}


def test_users_autocomplete(emulator: Emulator) -> None:
    default = get_json(emulator, "/v1/users/autocomplete", q="a")
    assert len(default["results"]) == 5
    everything = get_json(emulator, "/v1/users/autocomplete", q="a", per_page=500)
    assert len(everything["results"]) == min(100, everything["total_results"])
    activity = [u["activity_count"] for u in everything["results"]]
    assert activity == sorted(activity, reverse=True)
    login = emulator.store.user_logins()[emulator.store.user_ids()[7]]
    exact = get_json(emulator, "/v1/users/autocomplete", q=login, per_page=3)
    assert exact["results"][0]["login"] == login
    assert get(emulator, "/v1/users/autocomplete", q="a", page=2).status_code == 422
    assert get(emulator, "/v1/users/autocomplete", q="a", project_id=1).status_code == 422


def test_user_projects(emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    user_id = max(emulator.store.user_ids(), key=lambda u: (len(catalog.projects_of(u)), u))
    data = get_json(emulator, f"/v1/users/{user_id}/projects", per_page=500)
    titles = [p["title"] for p in data["results"]]
    assert titles == sorted(titles) and len(titles) == data["total_results"] <= 100
    page2 = get_json(emulator, f"/v1/users/{user_id}/projects", per_page=2, page=2)["results"]
    assert [p["title"] for p in page2] == titles[2:4]
    traditional = get_json(emulator, f"/v1/users/{user_id}/projects", project_type="traditional")[
        "results"
    ]
    assert all(p["project_type"] not in ("collection", "umbrella") for p in traditional)
    assert get(emulator, "/v1/users/1/projects").status_code == 422


def test_users_me_needs_a_valid_jwt(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[4]
    assert _auth_get(emulator, "/v1/users/me", None).status_code == 401
    expired = emulator.issue_jwt(user_id, lifetime=-10)
    assert _auth_get(emulator, "/v1/users/me", expired).status_code == 401
    me = _auth_get(emulator, "/v1/users/me", emulator.issue_jwt(user_id))
    assert me.status_code == 200
    record = me.json()["results"][0]
    assert record["id"] == user_id and record["email"].endswith("@example.org")
    assert record["site"]["id"] == record["site_id"]
    assert isinstance(record["prefers_common_names"], bool)


def test_users_me_serves_added_users(emulator: Emulator) -> None:
    user_id = emulator.add_user("fresh_login", "a-password")
    me = _auth_get(emulator, "/v1/users/me", emulator.issue_jwt(user_id)).json()["results"][0]
    assert me["login"] == "fresh_login"
    assert get_json(emulator, "/v1/users/fresh_login")["results"][0]["id"] == user_id


# ---------------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------------


def test_projects_search_caps_window_and_order(emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    default = get_json(emulator, "/v1/projects")
    assert len(default["results"]) == 10 and default["total_results"] == len(catalog.rows)
    everything = get_json(emulator, "/v1/projects", per_page=1000)
    assert len(everything["results"]) == len(catalog.rows) <= 300
    assert get(emulator, "/v1/projects", page=35, per_page=300).status_code == 403
    created = get_json(emulator, "/v1/projects", order_by="created", per_page=300)["results"]
    stamps = [p["created_at"] for p in created]
    assert stamps == sorted(stamps, reverse=True)
    assert get(emulator, "/v1/projects", order_by="title").status_code == 422
    by_slug = get_json(emulator, "/v1/projects", q=catalog.rows[3].slug)["results"]
    assert by_slug[0]["id"] == catalog.rows[3].id


def test_projects_search_filters(emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    umbrellas = get_json(emulator, "/v1/projects", type="umbrella")["results"]
    assert umbrellas and all(p["is_umbrella"] for p in umbrellas)
    not_params = get_json(emulator, "/v1/projects", has_params="false", per_page=300)["results"]
    assert not_params and all(p["search_parameters"] == [] for p in not_params)
    posts = get_json(emulator, "/v1/projects", has_posts="true", per_page=300)
    assert posts["total_results"] == sum(1 for r in catalog.rows if r.last_post_at is not None)
    featured = get_json(emulator, "/v1/projects", featured="true", per_page=300)["results"]
    assert all(any(f["site_id"] == 1 for f in p["site_features"]) for p in featured)
    near = get_json(emulator, "/v1/projects", lat=37.77, lng=-122.42, radius=50, per_page=300)
    assert near["results"] and all(p["location"] for p in near["results"])
    first = catalog.rows[0].id
    without = get_json(emulator, "/v1/projects", not_id=first, per_page=300)["results"]
    assert first not in {p["id"] for p in without}


def test_projects_show_takes_30_ids_unless_per_page(emulator: Emulator) -> None:
    ids = ",".join(str(i) for i in range(1, 32))
    assert get(emulator, f"/v1/projects/{ids}").status_code == 422
    assert get(emulator, f"/v1/projects/{ids}", per_page=40).status_code == 200
    project = emulator.store.project_catalog().rows[0]
    data = get_json(emulator, f"/v1/projects/{project.slug}", rule_details="true")
    record = data["results"][0]
    assert record["id"] == project.id
    assert record["place"]["id"] == project.place_id
    assert all("taxon" in r or "place" in r for r in record["project_observation_rules"])


def test_projects_autocomplete(emulator: Emulator) -> None:
    assert get_json(emulator, "/v1/projects/autocomplete")["total_results"] == 0
    data = get_json(emulator, "/v1/projects/autocomplete", q="city nature")
    assert data["results"] and all("city nature" in p["title"].lower() for p in data["results"])
    assert get(emulator, "/v1/projects/autocomplete", q="a", page=2).status_code == 422


def test_project_members(emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    project = max(catalog.rows, key=lambda r: len(r.members))
    data = get_json(emulator, f"/v1/projects/{project.id}/members", per_page=500)
    assert data["total_results"] == len(project.members)
    assert len(data["results"]) == min(100, len(project.members))
    counts = [m["observations_count"] for m in data["results"]]
    assert counts == sorted(counts, reverse=True)
    assert {"user", "role", "taxa_count", "project_id"} <= set(data["results"][0])
    default = get_json(emulator, f"/v1/projects/{project.id}/members")
    assert default["per_page"] == min(30, len(project.members))
    curators = get_json(emulator, f"/v1/projects/{project.slug}/members", role="curator")
    assert all(
        m["role"] in ("curator", "manager") or m["user_id"] == project.user_id
        for m in curators["results"]
    )
    assert get(emulator, "/v1/projects/1/members").status_code == 422
    assert get(emulator, f"/v1/projects/{project.id}/members", role="owner").status_code == 422


def test_membership_and_subscriptions_need_a_jwt(emulator: Emulator) -> None:
    catalog = emulator.store.project_catalog()
    project = max(catalog.rows, key=lambda r: len(r.members))
    member = project.members[1]
    for path in ("membership", "subscriptions"):
        assert get(emulator, f"/v1/projects/{project.id}/{path}").status_code == 401
    token = emulator.issue_jwt(member.user_id)
    other = next(r for r in catalog.rows if member.user_id not in r.member_ids)
    data = _auth_get(emulator, f"/v1/projects/{project.id},{other.id}/membership", token).json()
    assert [m["project_id"] for m in data["results"]] == [project.id]
    assert data["results"][0]["id"] == member.id
    subs = _auth_get(emulator, f"/v1/projects/{project.id}/subscriptions", token).json()
    expected = catalog.subscriptions_of(member.user_id, [project.id])
    assert [s["id"] for s in subs["results"]] == [s.id for s in expected]
    assert all(s["resource_type"] == "Project" for s in subs["results"])


# ---------------------------------------------------------------------------------------------
# Observation fields, and speed
# ---------------------------------------------------------------------------------------------


def test_observation_fields_autocomplete(emulator: Emulator) -> None:
    default = get_json(emulator, "/v1/observation_fields/autocomplete", q="i")
    assert len(default["results"]) == 5 < default["total_results"]
    everything = get_json(emulator, "/v1/observation_fields/autocomplete", q="i", per_page=500)
    assert len(everything["results"]) == everything["total_results"] <= 100
    assert set(everything["results"][0]) == {
        "id",
        "name",
        "description",
        "datatype",
        "allowed_values",
        "values_count",
    }
    interaction = get_json(emulator, "/v1/observation_fields/autocomplete", q="interaction visited")
    assert [f["id"] for f in interaction["results"]] == [47]
    assert get(emulator, "/v1/observation_fields/autocomplete", q="n", page=2).status_code == 422
    assert get(emulator, "/v1/observation_fields/autocomplete", q="n", foo=1).status_code == 422


def test_catalogs_are_quick_to_build() -> None:
    from inatsdk.testing.places.seed import PlaceCatalog
    from inatsdk.testing.projects.seed import ProjectCatalog
    from inatsdk.testing.seed import generate_world

    world = generate_world(1234, 2000)
    started = time.perf_counter()
    PlaceCatalog(world)
    catalog = ProjectCatalog(world)
    for row in catalog.rows:
        catalog.member_counts(row)
    assert time.perf_counter() - started < 1.0
    again = ProjectCatalog(world)
    assert [r.id for r in again.rows] == [r.id for r in catalog.rows]  # deterministic
