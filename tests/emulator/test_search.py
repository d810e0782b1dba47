"""Search filters and orders behave like the real ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inatsdk.testing import Emulator
from tests.emulator.helpers import get_json


def _all(emu: Emulator, path: str, **params: object) -> list[dict[str, Any]]:
    body = get_json(emu, path, per_page=200, **params)
    assert body["total_results"] <= 200, "narrow the query: this helper reads one page"
    results: list[dict[str, Any]] = body["results"]
    return results


def test_taxon_id_includes_descendants(emulator: Emulator) -> None:
    birds = get_json(emulator, "/v1/observations", taxon_id=3, per_page=200)
    assert birds["total_results"] > 0
    for record in birds["results"]:
        assert 3 in record["taxon"]["ancestor_ids"]
    warblers = emulator.store.find_taxon("Parulidae")
    crows = emulator.store.find_taxon("Corvidae")
    n_warblers = get_json(emulator, "/v1/observations", taxon_id=warblers, per_page=0)[
        "total_results"
    ]
    n_crows = get_json(emulator, "/v1/observations", taxon_id=crows, per_page=0)["total_results"]
    both = get_json(emulator, "/v1/observations", taxon_id=f"{warblers},{crows}", per_page=0)
    assert both["total_results"] == n_warblers + n_crows
    without = get_json(emulator, "/v1/observations", without_taxon_id=3, per_page=0)
    assert without["total_results"] == 2000 - birds["total_results"]


def test_user_and_place_filters(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[10]
    login = emulator.store.user_logins()[user_id]
    by_id = get_json(emulator, "/v1/observations", user_id=user_id, per_page=200)
    by_login = get_json(emulator, "/v1/observations", user_login=login, per_page=200)
    by_id_login = get_json(emulator, "/v1/observations", user_id=login, per_page=200)
    assert by_id == by_login == by_id_login
    assert all(r["user"]["login"] == login for r in by_id["results"])
    california = get_json(emulator, "/v1/observations", place_id=14, per_page=200)
    assert california["total_results"] > 0
    assert all(14 in r["place_ids"] and 1 in r["place_ids"] for r in california["results"])
    usa = get_json(emulator, "/v1/observations", place_id=1, per_page=0)["total_results"]
    assert usa > california["total_results"]


def test_quality_grade_dates_and_order_by_observed_on(emulator: Emulator) -> None:
    records = get_json(
        emulator,
        "/v1/observations",
        quality_grade="research",
        d1="2020-01-01",
        d2="2020-06-30",
        order_by="observed_on",
        order="asc",
        per_page=200,
    )["results"]
    assert records
    days = [r["observed_on"] for r in records]
    assert days == sorted(days)
    assert all("2020-01-01" <= d <= "2020-06-30" for d in days)
    assert {r["quality_grade"] for r in records} == {"research"}
    one_day = days[0]
    on = get_json(emulator, "/v1/observations", observed_on=one_day, per_page=200)["results"]
    assert on
    assert all(r["observed_on"] == one_day for r in on)


def test_order_by_and_order(emulator: Emulator) -> None:
    ids = [
        r["id"] for r in get_json(emulator, "/v1/observations", order="asc", per_page=20)["results"]
    ]
    assert ids == sorted(emulator.store.observation_ids())[:20]
    updated = get_json(emulator, "/v1/observations", order_by="updated_at", per_page=50)["results"]
    stamps = [dt.datetime.fromisoformat(r["updated_at"]) for r in updated]
    assert stamps == sorted(stamps, reverse=True)


def test_iconic_taxa_and_only_id(emulator: Emulator) -> None:
    plants = get_json(emulator, "/v1/observations", iconic_taxa="Plantae", per_page=50)
    assert all(r["taxon"]["iconic_taxon_name"] == "Plantae" for r in plants["results"])
    ids = get_json(emulator, "/v1/observations", iconic_taxa="Plantae", per_page=50, only_id="true")
    assert ids["results"] == [{"id": r["id"]} for r in plants["results"]]
    assert ids["total_results"] == plants["total_results"]


def test_taxa_search(emulator: Emulator) -> None:
    warblers = _all(emulator, "/v1/taxa", q="warbler", rank="species")
    assert warblers
    assert all(t["rank"] == "species" for t in warblers)
    assert all("warbler" in str(t["matched_term"]).lower() for t in warblers)
    counts = [t["observations_count"] for t in warblers]
    assert counts == sorted(counts, reverse=True)  # observations_count desc by default
    children = _all(emulator, "/v1/taxa", parent_id=3)
    assert children
    assert all(t["parent_id"] == 3 for t in children)
    kingdoms = _all(emulator, "/v1/taxa", rank_level=70)
    assert {t["name"] for t in kingdoms} >= {"Animalia", "Plantae", "Fungi"}
    inactive = _all(emulator, "/v1/taxa", is_active="false")
    assert inactive
    assert all(t["is_active"] is False for t in inactive)
    assert all(t["current_synonymous_taxon_ids"] for t in inactive)
    ids = [t["id"] for t in _all(emulator, "/v1/taxa", taxon_id=7, order_by="id", order="asc")]
    assert ids == sorted(ids)
    assert 7 in ids


def test_autocomplete(emulator: Emulator) -> None:
    body = get_json(emulator, "/v1/taxa/autocomplete", q="quercus")
    names = [t["name"] for t in body["results"]]
    assert names[0] == "Quercus"  # an exact match comes first
    assert all(n.startswith("Quercus") for n in names)
    assert all("matched_term" in t for t in body["results"])
    assert get_json(emulator, "/v1/taxa/autocomplete", q="mon")["results"]
    assert get_json(emulator, "/v1/taxa/autocomplete")["results"] == []


def test_taxon_details(emulator: Emulator) -> None:
    monarch_id = emulator.store.find_taxon("Danaus plexippus")
    taxon = get_json(emulator, f"/v1/taxa/{monarch_id}")["results"][0]
    assert taxon["name"] == "Danaus plexippus"
    assert taxon["preferred_common_name"] == "Monarch"
    assert taxon["iconic_taxon_name"] == "Insecta"
    assert taxon["rank_level"] == 10
    assert monarch_id not in taxon["ancestor_ids"]  # details leave the taxon itself out
    assert [a["id"] for a in taxon["ancestors"]] == taxon["ancestor_ids"][1:]  # no Life
    assert taxon["ancestry"] == "/".join(map(str, taxon["ancestor_ids"]))
    assert [c["rank"] for c in taxon["children"]] == ["subspecies"]
    assert taxon["conservation_status"]["status"] == "NT"
    searched = get_json(emulator, "/v1/taxa", id=monarch_id)["results"][0]
    assert searched["ancestor_ids"][-1] == monarch_id
    assert "ancestors" not in searched
    with_names = get_json(emulator, f"/v1/taxa/{monarch_id}", all_names="true")["results"][0]
    assert {n["locale"] for n in with_names["names"]} == {"sci", "en"}


def test_observation_records_are_consistent(emulator: Emulator) -> None:
    for record in get_json(emulator, "/v1/observations", per_page=100)["results"]:
        taxon = record["taxon"]
        if record["location"] is not None:
            lat, lng = (float(v) for v in record["location"].split(","))
            assert record["geojson"] == {"type": "Point", "coordinates": [lng, lat]}
        assert record["uri"].endswith(f"/observations/{record['id']}")
        assert record["observed_on"] == record["observed_on_details"]["date"]
        assert record["photos"] == [op["photo"] for op in record["observation_photos"]]
        assert record["faves_count"] == len(record["faves"]) == record["cached_votes_total"]
        assert record["comments_count"] == len(record["comments"])
        assert record["identifications_count"] == len(record["non_owner_ids"])
        if taxon is not None:
            owner_ident = record["identifications"][0]
            assert owner_ident["own_observation"] is True
            assert owner_ident["taxon"]["id"] == taxon["id"]
            assert set(taxon["ancestor_ids"]) <= set(record["ident_taxon_ids"])
        if record["quality_grade"] == "research":
            assert record["num_identification_agreements"] >= 1
            assert record["photos"]
        created = dt.datetime.fromisoformat(record["created_at"])
        observed = dt.datetime.fromisoformat(record["time_observed_at"])
        assert observed < created
