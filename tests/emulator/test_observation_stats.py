"""The emulator's observation aggregates and detail reads, with plain requests: the aggregates
add up to what the search finds, the caps and the auth are the real service's."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.observations.v1_stats import (
    TOP_ROWS,
    histogram_counts,
    life_list,
    similar_taxa,
    species_leaves,
    top_rows,
)
from inatsdk.testing.taxa.seed import load_taxonomy
from tests.emulator.helpers import get, get_json

OBS = "/v1/observations"


def _all(emu: Emulator, **params: Any) -> list[Any]:
    """Every search result (the seeded world has 2,000: ten pages of 200)."""
    out: list[Any] = []
    page = 1
    while True:
        body = get_json(emu, OBS, per_page=200, page=page, **params)
        out.extend(body["results"])
        if len(body["results"]) < 200:
            return out
        page += 1


def _auth(emu: Emulator, path: str, user_id: int, **params: Any) -> requests.Response:
    return requests.get(
        emu.api_url + path,
        params=params,
        headers={"Authorization": emu.issue_jwt(user_id)},
        timeout=30,
    )


def _top_user(emu: Emulator) -> int:
    user_id: int = get_json(emu, f"{OBS}/observers", per_page=1)["results"][0]["user_id"]
    return user_id


# ---------------------------------------------------------------------------------------------
# Histogram
# ---------------------------------------------------------------------------------------------


def test_histogram_counts_what_the_search_finds(emulator: Emulator) -> None:
    query = {"d1": "2020-01-01", "d2": "2020-12-31", "iconic_taxa": "Aves"}
    found = _all(emulator, **query)
    by_month = Counter(o["observed_on"][:7] + "-01" for o in found)
    body = get_json(emulator, f"{OBS}/histogram", interval="month", **query)
    months = body["results"]["month"]
    assert body["total_results"] == body["per_page"] == len(months) and body["page"] == 1
    assert {k: v for k, v in months.items() if v} == dict(by_month)
    assert sum(months.values()) == len(found)
    grouped = get_json(emulator, f"{OBS}/histogram", **query)["results"]  # month_of_year
    assert list(grouped) == ["month_of_year"]
    assert list(grouped["month_of_year"]) == [str(m) for m in range(1, 13)]
    assert sum(grouped["month_of_year"].values()) == len(found)
    weeks = get_json(emulator, f"{OBS}/histogram", interval="week_of_year", **query)["results"]
    assert list(weeks["week_of_year"]) == [str(w) for w in range(1, 54)]


def test_histogram_fills_gaps_and_starts_weeks_on_monday(emulator: Emulator) -> None:
    query = {"d1": "2021-03-01", "d2": "2021-03-31", "taxon_id": 3}
    days = get_json(emulator, f"{OBS}/histogram", interval="day", **query)["results"]["day"]
    keys = [dt.date.fromisoformat(k) for k in days]
    assert keys == [keys[0] + dt.timedelta(days=i) for i in range(len(keys))]
    assert 0 in days.values()
    weeks = get_json(emulator, f"{OBS}/histogram", interval="week", **query)["results"]["week"]
    assert all(dt.date.fromisoformat(k).weekday() == 0 for k in weeks)
    years = get_json(emulator, f"{OBS}/histogram", interval="year")["results"]  # 100 years
    assert all(k.endswith("-01-01") for k in years["year"])
    assert sum(years["year"].values()) == 2000


def test_histogram_by_upload_hour(emulator: Emulator) -> None:
    body = get_json(
        emulator,
        f"{OBS}/histogram",
        interval="hour",
        date_field="created",
        created_d1="2024-06-01T00:00:00Z",
        created_d2="2024-06-08T00:00:00Z",
    )
    hours = body["results"]["hour"]
    assert hours and all(k.endswith(":00:00Z") for k in hours)
    stamps = [dt.datetime.fromisoformat(k.replace("Z", "+00:00")) for k in hours]
    assert stamps == [stamps[0] + dt.timedelta(hours=i) for i in range(len(stamps))]


def test_histogram_without_a_start_looks_back_from_now(emulator: Emulator) -> None:
    # days: one year back from now; the seeded records end in mid-2025
    days = get_json(emulator, f"{OBS}/histogram", interval="day")["results"]["day"]
    start = dt.date.today() - dt.timedelta(days=366)
    assert all(dt.date.fromisoformat(k) >= start for k in days)
    months = get_json(emulator, f"{OBS}/histogram", interval="month")["results"]["month"]
    assert sum(months.values()) == 2000  # 100 years back


def test_histogram_rejects_an_unknown_interval(emulator: Emulator) -> None:
    response = get(emulator, f"{OBS}/histogram", interval="fortnight")
    assert response.status_code == 422
    assert "interval" in response.json()["error"]


def test_histogram_counts_function() -> None:
    assert histogram_counts([], "day", "observed") == {}
    assert list(histogram_counts([], "month_of_year", "observed").values()) == [0] * 12


# ---------------------------------------------------------------------------------------------
# Species counts, observers, identifiers
# ---------------------------------------------------------------------------------------------


def test_species_counts_are_the_leaves(emulator: Emulator) -> None:
    body = get_json(emulator, f"{OBS}/species_counts", per_page=1000)
    assert body["per_page"] == 500  # clamped
    rows = body["results"]
    assert len(rows) == body["total_results"] <= 500
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    ids = {r["taxon"]["id"] for r in rows}
    for r in rows:  # no leaf is an ancestor of another
        assert not ids & set(r["taxon"]["ancestor_ids"][:-1])
    identified = sum(1 for c in emulator.store.observations_snapshot() if c.taxon_id)
    assert sum(counts) <= identified
    page2 = get_json(emulator, f"{OBS}/species_counts", per_page=10, page=2)["results"]
    assert page2 == rows[10:20]
    assert "vision" not in rows[0]["taxon"]


def test_species_leaves_function() -> None:
    taxa = {t.id: t for t in load_taxonomy()}
    species = next(t for t in taxa.values() if t.rank == "species" and t.parent_id)
    genus = taxa[species.parent_id or 0]
    assert species_leaves(taxa, [genus.id, None]) == {genus.id: 1}
    assert species_leaves(taxa, [genus.id, species.id, species.id]) == {species.id: 2}


def test_observers_rank_people_by_observations(emulator: Emulator) -> None:
    body = get_json(emulator, f"{OBS}/observers", place_id=14)
    found = _all(emulator, place_id=14)
    per_user = Counter(o["user"]["id"] for o in found)
    assert body["total_results"] == len(per_user) and body["per_page"] == 500
    rows = body["results"]
    assert {r["user_id"]: r["observation_count"] for r in rows} == dict(per_user)
    assert [r["observation_count"] for r in rows] == sorted(per_user.values(), reverse=True)
    assert all(r["user"]["id"] == r["user_id"] for r in rows)
    assert all(0 <= r["species_count"] <= r["observation_count"] for r in rows)
    by_species = get_json(emulator, f"{OBS}/observers", place_id=14, order_by="species_count")
    species = [r["species_count"] for r in by_species["results"]]
    assert species == sorted(species, reverse=True)
    assert (
        get_json(emulator, f"{OBS}/observers", per_page=5, page=2)["results"][0]["user_id"]
        == (get_json(emulator, f"{OBS}/observers")["results"][5]["user_id"])
    )


def test_identifiers_count_observations_identified_by_others(emulator: Emulator) -> None:
    found = _all(emulator, place_id=6712)
    expected: Counter[int] = Counter()
    for o in found:
        others = {i["user"]["id"] for i in o["identifications"]} - {o["user"]["id"]}
        expected.update(others)
    body = get_json(emulator, f"{OBS}/identifiers", place_id=6712)
    assert body["total_results"] == len(expected)
    assert {r["user_id"]: r["count"] for r in body["results"]} == dict(expected)


def test_only_the_top_500_users_exist(emulator: Emulator) -> None:
    rows = list(range(700))
    assert top_rows(rows, 1, 500) == rows[:500]
    assert top_rows(rows, 2, 500) == []
    assert top_rows(rows, 2, 300) == rows[300:500]
    assert top_rows(rows, 5, 100) == rows[400:500]
    assert top_rows(rows, 6, 100) == []
    assert TOP_ROWS == 500


def test_more_than_500_observers_show_only_the_first_500(emulator: Emulator) -> None:
    store = emulator.store
    for n in range(450):
        user_id = store.add_user(f"extra_observer_{n}")
        store.add_observations(1, user_id=user_id)
    seeded = len(store.user_ids())
    body = get_json(emulator, f"{OBS}/observers")
    assert body["total_results"] == seeded + 450 > TOP_ROWS
    assert len(body["results"]) == TOP_ROWS
    assert get_json(emulator, f"{OBS}/observers", page=2)["results"] == []
    tail = get_json(emulator, f"{OBS}/observers", page=5, per_page=110)
    assert len(tail["results"]) == TOP_ROWS - 4 * 110
    assert tail["total_results"] == body["total_results"]


# ---------------------------------------------------------------------------------------------
# Whole-list aggregates
# ---------------------------------------------------------------------------------------------


def test_popular_field_values_count_the_annotations(emulator: Emulator) -> None:
    found = _all(emulator)
    expected: Counter[tuple[int, int]] = Counter()
    for o in found:
        expected.update(
            {(a["controlled_attribute_id"], a["controlled_value_id"]) for a in o["annotations"]}
        )
    body = get_json(emulator, f"{OBS}/popular_field_values")
    rows = body["results"]
    assert body["total_results"] == len(rows) == len(expected)
    got = {(r["controlled_attribute"]["id"], r["controlled_value"]["id"]): r for r in rows}
    assert {k: r["count"] for k, r in got.items()} == dict(expected)
    for r in rows:
        assert sum(r["month_of_year"].values()) == r["count"]
        assert list(r["month_of_year"]) == [str(m) for m in range(1, 13)]
        assert all("label" in v for v in r["controlled_attribute"]["values"])


def test_quality_grades_add_up(emulator: Emulator) -> None:
    rows = get_json(emulator, f"{OBS}/quality_grades", place_id=1)["results"]
    found = _all(emulator, place_id=1)
    assert {r["quality_grade"]: r["count"] for r in rows} == dict(
        Counter(o["quality_grade"] for o in found)
    )


def test_iconic_taxa_counts_keep_the_top_ten(emulator: Emulator) -> None:
    rows = get_json(emulator, f"{OBS}/iconic_taxa_counts")["results"]
    assert 0 < len(rows) <= 10
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    taxa = emulator.store.renderer.taxa
    cores = emulator.store.observations_snapshot()
    by_iconic = Counter(taxa[c.taxon_id].iconic_taxon_id for c in cores if c.taxon_id)
    by_iconic.pop(None, None)
    assert {r["taxon"]["id"]: r["count"] for r in rows} == dict(by_iconic.most_common(10))


def test_taxonomy_is_a_tree_of_the_observations(emulator: Emulator) -> None:
    user_id = _top_user(emulator)
    found = _all(emulator, user_id=user_id)
    body = get_json(emulator, f"{OBS}/taxonomy", user_id=user_id)
    rows = {r["id"]: r for r in body["results"]}
    assert body["size"] == len(rows)
    assert body["count_without_taxon"] == sum(1 for o in found if o["taxon"] is None)
    life = rows[48460]
    assert "parent_id" not in life
    assert life["descendant_obs_count"] == sum(1 for o in found if o["taxon"] is not None)
    for r in rows.values():
        assert r.get("count", 0) == r["direct_obs_count"]
        if "parent_id" in r:
            assert r["parent_id"] in rows
        children = [c for c in rows.values() if c.get("parent_id") == r["id"]]
        assert r["descendant_obs_count"] == r["direct_obs_count"] + sum(
            c["descendant_obs_count"] for c in children
        )
    by_taxon = get_json(emulator, f"{OBS}/taxonomy", user_id=user_id, taxon_id=3)
    assert by_taxon["count_without_taxon"] == 0


def test_life_list_function() -> None:
    taxa = {t.id: t for t in load_taxonomy()}
    species = next(t for t in taxa.values() if t.rank == "species")
    body = life_list(taxa, [species.id, species.id, None], count_without_taxon=True)
    assert body["count_without_taxon"] == 1
    assert [r["id"] for r in body["results"]] == list(species.ancestor_ids)
    assert body["results"][-1]["count"] == 2


def test_similar_species(emulator: Emulator) -> None:
    assert get(emulator, f"{OBS}/similar_species").status_code == 422
    assert get(emulator, f"{OBS}/similar_species", taxon_id=999_999_999).status_code == 422
    coarse = get(emulator, f"{OBS}/similar_species", taxon_id=3)
    assert coarse.status_code == 422 and "genus or finer" in coarse.json()["error"]
    top = get_json(emulator, f"{OBS}/species_counts", per_page=1)["results"][0]["taxon"]["id"]
    body = get_json(emulator, f"{OBS}/similar_species", taxon_id=top, place_id=1)
    # the seeded identifications never disagree, so nothing was confused with it
    assert body == {"total_results": 0, "page": 1, "per_page": 0, "results": []}


def test_similar_taxa_function() -> None:
    taxa = {t.id: t for t in load_taxonomy()}
    a, b = [
        t for t in taxa.values() if t.rank == "species" and t.iconic_taxon_id == 3 and t.is_active
    ][:2]
    plant = next(t for t in taxa.values() if t.rank == "species" and t.iconic_taxon_id == 47126)
    idents = [
        [*a.ancestor_ids, *b.ancestor_ids],  # confused with b
        [*a.ancestor_ids, *plant.ancestor_ids],  # another iconic taxon: not similar
        list(b.ancestor_ids),  # a is not there
        [*a.ancestor_ids, *b.ancestor_ids],
    ]
    assert similar_taxa(taxa, a, idents) == {b.id: 2}


# ---------------------------------------------------------------------------------------------
# One observation
# ---------------------------------------------------------------------------------------------


def test_taxon_summary(emulator: Emulator) -> None:
    assert get(emulator, f"{OBS}/1/taxon_summary").status_code == 404
    assert get(emulator, f"{OBS}/abc/taxon_summary").status_code == 422
    cores = emulator.store.observations_snapshot()
    no_taxon = next(c for c in cores if c.taxon_id is None)
    assert get_json(emulator, f"{OBS}/{no_taxon.id}/taxon_summary") == {}
    taxa = emulator.store.renderer.taxa
    endangered = next(c for c in cores if c.taxon_id and taxa[c.taxon_id].iucn in ("EN", "CR"))
    threatened = emulator.store.get_observation(endangered.id)
    assert threatened is not None
    summary = get_json(emulator, f"{OBS}/{threatened['id']}/taxon_summary")
    status = summary["conservation_status"]
    assert status["taxon_id"] == threatened["taxon"]["id"]
    assert status["iucn"] >= 40 and status["iucn_status_code"] in ("EN", "CR")
    listed = summary["listed_taxon"]
    assert listed is not None and listed["taxon_id"] == threatened["taxon"]["id"]
    assert listed["place_id"] in threatened["place_ids"]
    assert listed["observations_count"] >= 1


def test_quality_metrics(emulator: Emulator) -> None:
    captive = get_json(emulator, OBS, captive="true", per_page=3)["results"]
    for o in captive:
        rows = get_json(emulator, f"{OBS}/{o['id']}/quality_metrics")["results"]
        wild = [r for r in rows if r["metric"] == "wild"]
        assert wild and wild[0]["agree"] is False and wild[0]["user_id"] == o["user"]["id"]
        assert all(r["observation_id"] == o["id"] for r in rows)
    unknown = get_json(emulator, f"{OBS}/1/quality_metrics")
    assert unknown == {"total_results": 0, "page": 1, "per_page": 0, "results": []}


def test_subscriptions_need_a_user_and_cover_observers_and_followers(emulator: Emulator) -> None:
    from inatsdk.testing.observations.seed_activity import follows

    store = emulator.store
    following = follows(store.world)
    followed = {u for f in following.values() for u in f}
    identified = store.observation_identifiers()
    core = next(
        c for c in store.observations_snapshot() if c.user_id in followed and c.id in identified
    )
    own = store.get_observation(core.id)
    assert own is not None
    path = f"{OBS}/{own['id']}/subscriptions"
    assert get(emulator, path).status_code == 401
    owner = own["user"]["id"]

    def subscribed(user_id: int) -> list[tuple[str, int]]:
        rows = _auth(emulator, path, user_id).json()["results"]
        return [(r["resource_type"], r["resource_id"]) for r in rows]

    assert ("Observation", own["id"]) in subscribed(owner)
    follower = next(u for u, f in following.items() if owner in f and u != owner)
    assert ("User", owner) in subscribed(follower)
    identifier = next(i["user"]["id"] for i in own["identifications"] if i["user"]["id"] != owner)
    assert ("Observation", own["id"]) in subscribed(identifier)
    stranger = next(
        u
        for u in emulator.store.user_ids()
        if u not in (owner, identifier)
        and owner not in following.get(u, {})
        and all(c["user"]["id"] != u for c in own["comments"])
    )
    assert subscribed(stranger) == []


# ---------------------------------------------------------------------------------------------
# The signed-in user's observations
# ---------------------------------------------------------------------------------------------


def test_updates(emulator: Emulator) -> None:
    assert get(emulator, f"{OBS}/updates").status_code == 401
    user_id = _top_user(emulator)
    body = _auth(emulator, f"{OBS}/updates", user_id).json()
    assert body["per_page"] == 20 and len(body["results"]) == 20
    everything = _auth(emulator, f"{OBS}/updates", user_id, per_page=500).json()
    assert everything["per_page"] == 200
    rows = everything["results"]
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    for r in rows:
        assert r["notification"] == "activity" and r["resource_type"] == "Observation"
        notifier = r["identification"] if r["notifier_type"] == "Identification" else r["comment"]
        assert notifier["id"] == r["notifier_id"]
        assert notifier["user"]["id"] != user_id
    unseen = _auth(emulator, f"{OBS}/updates", user_id, viewed="false", per_page=200).json()
    assert unseen["total_results"] < everything["total_results"]
    assert not any(r["viewed"] for r in unseen["results"])
    owner = _auth(emulator, f"{OBS}/updates", user_id, observations_by="owner").json()
    following = _auth(emulator, f"{OBS}/updates", user_id, observations_by="following").json()
    assert owner["total_results"] + following["total_results"] == everything["total_results"]
    assert all(r["resource_owner_id"] == user_id for r in owner["results"])
    later = _auth(emulator, f"{OBS}/updates", user_id, created_after=rows[10]["created_at"]).json()
    assert later["total_results"] == sum(
        1 for r in rows if r["created_at"] >= rows[10]["created_at"]
    )


def test_deleted(emulator: Emulator) -> None:
    assert get(emulator, f"{OBS}/deleted", since="2016-01-01").status_code == 401
    from inatsdk.testing.observations.seed_activity import deleted_observations

    gone = deleted_observations(emulator.store.world)
    user_id = Counter(d.user_id for d in gone).most_common(1)[0][0]
    mine = [d for d in gone if d.user_id == user_id]
    body = _auth(emulator, f"{OBS}/deleted", user_id, since="2016-01-01").json()
    assert body["results"] == [d.id for d in mine] and body["per_page"] == 500
    assert get(emulator, f"{OBS}/{mine[0].id}").json()["total_results"] == 0
    cut = dt.datetime.fromtimestamp(mine[0].deleted, dt.timezone.utc).isoformat()
    later = _auth(emulator, f"{OBS}/deleted", user_id, since=cut).json()["results"]
    assert mine[0].id in later and len(later) <= len(mine)
    nothing = _auth(emulator, f"{OBS}/deleted", user_id).json()
    assert nothing["results"] == [] and nothing["total_results"] == 0


@pytest.mark.parametrize(
    "path", ["/histogram", "/species_counts", "/observers", "/identifiers", "/quality_grades"]
)
def test_aggregates_take_the_search_filters_only(emulator: Emulator, path: str) -> None:
    response = get(emulator, OBS + path, taxon_idd=3)
    if path == "/quality_grades":  # undocumented: like the real server, unknowns are ignored
        assert response.status_code == 200
    else:
        assert response.status_code == 422
        assert "taxon_id" in response.json()["error"]
