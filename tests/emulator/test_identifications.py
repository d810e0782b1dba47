"""The emulator's identification routes, and its undocumented taxa routes, with plain requests:
the records come from the observations, and the aggregates add up."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from inatsdk.testing import Emulator
from inatsdk.testing.rules import RESULT_WINDOW_MESSAGE
from tests.emulator.helpers import get, get_json

IDS = "/v1/identifications"


def _rows(emu: Emulator) -> list[Any]:
    return list(emu.store.identifications_snapshot())


def _count(emu: Emulator, path: str = IDS, **params: Any) -> int:
    total: int = get_json(emu, path, per_page=0, **params)["total_results"]
    return total


# ---------------------------------------------------------------------------------------------
# The index and the records
# ---------------------------------------------------------------------------------------------


def test_identifications_are_the_ones_inside_the_observations(emulator: Emulator) -> None:
    rows = _rows(emulator)
    assert len(rows) > 2000
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    observation = emulator.store.get_observation(rows[0].observation_id)
    assert observation is not None
    inside = {i["id"] for i in observation["identifications"]}
    found = get_json(emulator, IDS, id=sorted(inside))["results"]
    assert {r["id"] for r in found} == inside
    assert {r["observation"]["id"] for r in found} == {observation["id"]}
    taxa = emulator.store.renderer.taxa
    taxon_id = observation["taxon"]["id"]
    assert _count(emulator, observation_taxon_id=taxon_id) == sum(
        1
        for r in rows
        if r.observation_taxon_id is not None
        and taxon_id in taxa[r.observation_taxon_id].ancestor_ids
    )
    for record in found:
        assert record["observation"]["user_id"] == observation["user"]["id"]
        assert record["taxon"]["id"] == record["taxon_id"]
        assert record["current_taxon"] == (record["taxon_id"] == observation["taxon"]["id"])
        assert set(record["taxon"]) == {
            "id",
            "rank",
            "rank_level",
            "iconic_taxon_id",
            "ancestor_ids",
            "is_active",
            "min_species_taxon_id",
            "min_species_ancestry",
        }


def test_added_observations_bring_their_identifications(emulator: Emulator) -> None:
    before = _count(emulator)
    new = emulator.store.add_observations(5, taxon_id=emulator.store.find_taxon("Aves"))
    after = get_json(emulator, IDS, order_by="id", per_page=10)
    assert after["total_results"] > before
    assert after["results"][0]["observation"]["id"] in new
    emulator.store.reset()
    assert _count(emulator) == before


# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------


def test_paging_clamps_and_the_window(emulator: Emulator) -> None:
    assert len(get_json(emulator, IDS)["results"]) == 30
    body = get_json(emulator, IDS, per_page=1000)
    assert body["per_page"] == 200 and len(body["results"]) == 200
    refused = get(emulator, IDS, per_page=200, page=51)
    assert refused.status_code == 403
    assert refused.json() == {"error": RESULT_WINDOW_MESSAGE, "status": 403}


def test_orders_and_keyset_paging(emulator: Emulator) -> None:
    newest = get_json(emulator, IDS, per_page=50)["results"]
    created = [r["created_at"] for r in newest]
    assert created == sorted(created, key=lambda t: t, reverse=True) or len(set(created)) > 1
    by_id = get_json(emulator, IDS, order_by="id", order="asc", per_page=20)["results"]
    ids = [r["id"] for r in by_id]
    assert ids == sorted(ids)
    after = get_json(emulator, IDS, order_by="id", order="asc", per_page=20, id_above=ids[-1])
    assert min(r["id"] for r in after["results"]) > ids[-1]
    below = get_json(emulator, IDS, order_by="id", per_page=20, id_below=ids[-1])
    assert [r["id"] for r in below["results"]] == ids[-2::-1]
    only = get_json(emulator, IDS, order_by="id", order="asc", per_page=3, only_id="true")
    assert only["results"] == [{"id": i} for i in ids[:3]]


def test_filters(emulator: Emulator) -> None:
    rows = _rows(emulator)
    total = len(rows)
    assert _count(emulator) == total  # every seeded identification is current
    assert _count(emulator, current="false") == 0
    assert _count(emulator, current="any") == total
    assert _count(emulator, is_change="true") == 0

    user = Counter(r.user_id for r in rows).most_common(1)[0][0]
    login = emulator.store.user_logins()[user]
    mine = sum(1 for r in rows if r.user_id == user)
    assert _count(emulator, user_id=user) == mine == _count(emulator, user_login=login)
    own = sum(1 for r in rows if r.own_observation)
    assert _count(emulator, own_observation="true") == own
    assert _count(emulator, own_observation="false") == total - own

    for category in ("leading", "improving", "supporting"):
        assert _count(emulator, category=category) == sum(r.category == category for r in rows)
    assert _count(emulator, category="maverick") == 0
    assert _count(emulator, quality_grade="research") == sum(
        r.quality_grade == "research" for r in rows
    )
    assert _count(emulator, place_id=14) == sum(14 in r.place_ids for r in rows)

    birds = get_json(emulator, IDS, taxon_id=3, per_page=200)
    assert birds["total_results"] > 0
    assert all(3 in r["taxon"]["ancestor_ids"] for r in birds["results"])
    assert _count(emulator, taxon_id=3) + _count(emulator, without_taxon_id=3) == total
    assert _count(emulator, observation_taxon_id=3) + _count(
        emulator, without_observation_taxon_id=3
    ) == sum(r.observation_taxon_id is not None for r in rows)
    assert _count(emulator, iconic_taxon_id=3) == _count(emulator, taxon_id=3)
    genus_level = _count(emulator, rank="genus")
    assert genus_level > 0
    assert _count(emulator, hrank="genus", lrank="genus") == genus_level
    assert _count(emulator, current_taxon="false") == sum(
        r.taxon_id != r.observation_taxon_id for r in rows
    )


def test_date_filters(emulator: Emulator) -> None:
    rows = _rows(emulator)
    total = len(rows)
    early = _count(emulator, d2="2020-01-01")
    late = _count(emulator, d1="2020-01-02")
    assert 0 < early < total and 0 < late < total
    assert early + late == total
    assert _count(emulator, observed_d1="2018-01-01", observed_d2="2018-12-31") > 0
    assert _count(emulator, observation_created_d2="2016-06-30") < total


def test_unknown_parameters_and_values_are_refused(emulator: Emulator) -> None:
    assert get(emulator, IDS, colour="red").status_code == 422
    assert get(emulator, IDS, category="wrong").status_code == 422
    assert get(emulator, IDS, order_by="votes").status_code == 422


# ---------------------------------------------------------------------------------------------
# Lookup by id
# ---------------------------------------------------------------------------------------------


def test_lookup_answers_at_most_30(emulator: Emulator) -> None:
    ids = [r.id for r in _rows(emulator)[:45]]
    body = get_json(emulator, f"{IDS}/{','.join(map(str, ids))}")
    assert body["per_page"] == 30
    assert body["total_results"] == 45
    assert len(body["results"]) == 30
    assert {r["id"] for r in body["results"]} <= set(ids)
    one = get_json(emulator, f"{IDS}/{ids[0]}")
    assert [r["id"] for r in one["results"]] == [ids[0]]
    assert get_json(emulator, f"{IDS}/1")["results"] == []
    assert get(emulator, f"{IDS}/abc").status_code == 422


# ---------------------------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------------------------


def test_categories_add_up(emulator: Emulator) -> None:
    body = get_json(emulator, f"{IDS}/categories", taxon_id=3)
    counts = [r["count"] for r in body["results"]]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == _count(emulator, taxon_id=3)
    for r in body["results"]:
        assert r["count"] == _count(emulator, taxon_id=3, category=r["category"])
    assert body["total_results"] == len(body["results"]) == body["per_page"]


def test_species_counts_count_observation_taxa_unless_asked(emulator: Emulator) -> None:
    path = f"{IDS}/species_counts"
    by_observation = get_json(emulator, path, taxon_id=3)
    assert by_observation["per_page"] == 500
    counts = [r["count"] for r in by_observation["results"]]
    assert counts == sorted(counts, reverse=True)
    top = by_observation["results"][0]
    assert top["taxon"]["rank"] == "species"
    assert top["count"] == _count(emulator, taxon_id=3, observation_taxon_id=top["taxon"]["id"])
    by_ident = get_json(emulator, path, taxon_id=3, taxon_of="identification")
    top_ident = by_ident["results"][0]
    assert top_ident["count"] == _count(emulator, taxon_id=top_ident["taxon"]["id"])
    ascending = get_json(emulator, path, taxon_id=3, order="asc")["results"]
    assert [r["count"] for r in ascending] == sorted(counts)
    paged = get_json(emulator, path, taxon_id=3, per_page=2, page=2)
    assert paged["results"] == by_observation["results"][2:4]
    assert paged["total_results"] == by_observation["total_results"]


@pytest.mark.parametrize(("route", "field"), [("identifiers", "user_id"), ("observers", "obs")])
def test_user_counts(emulator: Emulator, route: str, field: str) -> None:
    rows = emulator.store.identifications_snapshot()
    if field == "user_id":
        expected = Counter(r.user_id for r in rows)
    else:
        expected = Counter(r.observation_user_id for r in rows)
    body = get_json(emulator, f"{IDS}/{route}")
    assert body["per_page"] == 500
    assert body["total_results"] == len(expected)
    got = {r["user_id"]: r["count"] for r in body["results"]}
    assert got == dict(expected)
    counts = [r["count"] for r in body["results"]]
    assert counts == sorted(counts, reverse=True)
    assert all(r["user"]["id"] == r["user_id"] for r in body["results"])
    second = get_json(emulator, f"{IDS}/{route}", per_page=10, page=2)
    assert second["results"] == body["results"][10:20]
    assert get_json(emulator, f"{IDS}/{route}", per_page=1000)["per_page"] == 500


def test_recent_taxa(emulator: Emulator) -> None:
    body = get_json(emulator, f"{IDS}/recent_taxa")
    assert body["per_page"] == 10 and len(body["results"]) == 10
    everything = get_json(emulator, f"{IDS}/recent_taxa", per_page=1000)
    assert everything["per_page"] == 500
    assert everything["total_results"] == len(everything["results"]) <= 500
    assert isinstance(everything["all_results_available"], bool)
    first_ids = [r["identification_id"] for r in everything["results"]]
    assert first_ids == sorted(first_ids, reverse=True)
    taxa = emulator.store.renderer.taxa
    rows = _rows(emulator)
    for result in everything["results"][:20]:
        taxon_id = result["taxon_id"]
        naming = [r.id for r in rows if taxon_id in _species_ancestry(taxa, r.taxon_id)]
        assert result["identification_id"] == min(naming)
        assert result["identification"]["id"] == result["identification_id"]
        assert set(result["identification"]["observation"]) <= {"id", "taxon", "photos", "user"}
    birds = get_json(emulator, f"{IDS}/recent_taxa", taxon_id=3, per_page=500)["results"]
    assert birds and all(3 in r["taxon"]["ancestor_ids"] for r in birds)


def _species_ancestry(taxa: Any, taxon_id: int) -> tuple[int, ...]:
    t = taxa[taxon_id]
    if t.rank_level < 10 and t.parent_id is not None:
        t = taxa[t.parent_id]
    ancestors: tuple[int, ...] = t.ancestor_ids
    return ancestors


def test_similar_species(emulator: Emulator) -> None:
    path = f"{IDS}/similar_species"
    assert get(emulator, path).status_code == 422
    assert get(emulator, path, taxon_id=99_999_999).status_code == 422
    assert get(emulator, path, taxon_id=3).status_code == 422  # a class: coarser than genus
    rows = _rows(emulator)
    taxa = emulator.store.renderer.taxa
    # a species whose observations got coarser (genus) identifications from others
    coarse = Counter(
        r.observation_taxon_id
        for r in rows
        if r.observation_taxon_id is not None
        and taxa[r.taxon_id].rank == "genus"
        and taxa[r.observation_taxon_id].rank == "species"
    )
    species, n = coarse.most_common(1)[0]
    body = get_json(emulator, path, taxon_id=species, page=1, per_page=5)
    genus = taxa[species].parent_id
    assert {"count": n, "taxon_id": genus} in [
        {"count": r["count"], "taxon_id": r["taxon"]["id"]} for r in body["results"]
    ]
    assert all(r["taxon"]["ancestors"] for r in body["results"])
    assert body["total_results"] == len(body["results"])


# ---------------------------------------------------------------------------------------------
# Undocumented taxa routes
# ---------------------------------------------------------------------------------------------


def test_iconic_taxa(emulator: Emulator) -> None:
    body = get_json(emulator, "/v1/taxa/iconic")
    names = {t["name"] for t in body["results"]}
    assert {"Aves", "Plantae", "Fungi", "Insecta", "Animalia"} <= names
    assert body["total_results"] == len(body["results"]) == 13
    assert get(emulator, "/v1/taxa/iconic", q="birds").status_code == 422


def test_lifelist_metadata(emulator: Emulator) -> None:
    path = "/v1/taxa/lifelist_metadata"
    user = emulator.store.observations_snapshot()[0].user_id
    login = emulator.store.user_logins()[user]
    body = get_json(emulator, path, observed_by_user_id=user)
    assert body == get_json(emulator, path, observed_by_user_id=login)
    assert set(body) == {"total_results", "results"}
    ids = [t["id"] for t in body["results"]]
    assert ids[0] == 48460  # Life first: parents before children
    taxa = emulator.store.renderer.taxa
    for o in emulator.store.observations_snapshot():
        if o.user_id == user and o.taxon_id is not None:
            assert set(taxa[o.taxon_id].ancestor_ids) <= set(ids)
    record = body["results"][1]
    assert set(record) <= {"name", "id", "default_photo", "preferred_common_name"}
    assert set(record["default_photo"]) == {"medium_url"}
    assert get(emulator, path).status_code == 422
    assert get(emulator, path, observed_by_user_id="nobody_at_all").status_code == 422
    assert get(emulator, path, observed_by_user_id=user, page=2).status_code == 422


@pytest.mark.emulator(observations=0)
def test_lifelist_metadata_of_a_user_without_observations_is_a_500(emulator: Emulator) -> None:
    user = emulator.store.user_ids()[0]
    response = get(emulator, "/v1/taxa/lifelist_metadata", observed_by_user_id=user)
    assert response.status_code == 500


def test_wanted(emulator: Emulator) -> None:
    birds = get_json(emulator, "/v1/taxa/3/wanted", per_page=500)
    taxa = emulator.store.renderer.taxa
    observed = {
        _species_ancestry(taxa, o.taxon_id)[-1]  # a subspecies counts for its species
        for o in emulator.store.observations_snapshot()
        if o.taxon_id is not None and o.quality_grade != "casual"
    }
    assert birds["total_results"] == len(birds["results"]) > 0
    for t in birds["results"]:
        assert t["rank"] == "species"
        assert 3 in [a["id"] for a in t["ancestors"]]  # the details form
        assert t["id"] not in observed
    species_under_birds = {
        t.id for t in taxa.values() if 3 in t.ancestor_ids and t.rank == "species" and t.is_active
    }
    assert {t["id"] for t in birds["results"]} == species_under_birds - observed
    first = get_json(emulator, "/v1/taxa/3/wanted", per_page=2, page=1)["results"]
    assert [t["id"] for t in first] == [t["id"] for t in birds["results"][:2]]
    assert get(emulator, "/v1/taxa/99999999/wanted").status_code == 404
    assert get(emulator, "/v1/taxa/3/wanted", rank="species").status_code == 422


def test_map_layers(emulator: Emulator) -> None:
    warbler = emulator.store.find_taxon("Setophaga petechia")
    body = get_json(emulator, f"/v1/taxa/{warbler}/map_layers")
    assert set(body) == {"id", "ranges", "gbif_id", "listed_places"}
    assert body["id"] == warbler
    assert body == get_json(emulator, f"/v1/taxa/{warbler}/map_layers")
    assert get(emulator, "/v1/taxa/99999999/map_layers").status_code == 404
    assert get(emulator, "/v1/taxa/abc/map_layers").status_code == 422


def test_recent_taxa_revisited(emulator: Emulator) -> None:
    path = f"{IDS}/recent_taxa_revisited"
    first = get_json(emulator, path, per_page=500)
    rest = get_json(emulator, path, per_page=500, page=2)
    results = first["results"] + rest["results"]
    assert first["total_results"] == len(results) > 500  # more than the 500 buckets: ancestors
    firsts = [r["identification_id"] for r in results]
    assert firsts == sorted(firsts, reverse=True)
    assert len(get_json(emulator, path)["results"]) == 10
    birds = get_json(emulator, path, taxon_id=3, per_page=500)["results"]
    assert birds
    for r in birds:
        assert r["taxon_id"] != 3 and 3 in r["taxon"]["ancestor_ids"]
        assert r["identification"]["id"] == r["identification_id"]
    taxa = emulator.store.renderer.taxa
    leaf_firsts: dict[int, int] = {}
    for row in emulator.store.identifications_snapshot():
        leaf = _species_ancestry(taxa, row.taxon_id)[-1]
        if 3 in taxa[leaf].ancestor_ids:
            leaf_firsts[leaf] = min(leaf_firsts.get(leaf, row.id), row.id)
    for r in birds:
        if r["taxon_id"] in leaf_firsts and r["taxon"]["rank"] == "species":
            assert r["identification_id"] == leaf_firsts[r["taxon_id"]]
    assert get(emulator, path, colour="red").status_code == 422
