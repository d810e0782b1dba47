"""Page sizes, the 10,000-result window and keyset paging, as the real API enforces them."""

from __future__ import annotations

import pytest

from inatsdk.testing import Emulator
from tests.emulator.helpers import get, get_json


@pytest.mark.parametrize(
    ("path", "extra", "maximum"),
    [
        ("/v1/observations", {}, 200),
        ("/v1/taxa", {}, 500),
        ("/v1/taxa/autocomplete", {"q": "a"}, 30),
    ],
)
def test_per_page_defaults_to_30_and_is_clamped_silently(
    emulator: Emulator, path: str, extra: dict[str, str], maximum: int
) -> None:
    default = get_json(emulator, path, **extra)
    assert default["per_page"] == 30
    assert len(default["results"]) == min(30, default["total_results"])
    clamped = get_json(emulator, path, per_page=maximum + 1000, **extra)
    assert clamped["per_page"] == maximum
    assert len(clamped["results"]) == min(maximum, clamped["total_results"])


def test_envelope_has_exactly_the_four_keys(emulator: Emulator) -> None:
    body = get_json(emulator, "/v1/observations", per_page=2, page=3)
    assert set(body) == {"total_results", "page", "per_page", "results"}
    assert (body["page"], body["per_page"], body["total_results"]) == (3, 2, 2000)


def test_per_page_zero_counts_without_records(emulator: Emulator) -> None:
    body = get_json(emulator, "/v1/observations", per_page=0, quality_grade="research")
    assert body["results"] == []
    assert 0 < body["total_results"] < 2000
    assert get_json(emulator, "/v1/taxa", per_page=0)["results"] == []


def test_pages_do_not_overlap(emulator: Emulator) -> None:
    first = get_json(emulator, "/v1/observations", per_page=50, page=1)["results"]
    second = get_json(emulator, "/v1/observations", per_page=50, page=2)["results"]
    ids = [r["id"] for r in first + second]
    assert len(set(ids)) == 100
    assert ids == sorted(ids, reverse=True)  # created_at desc is the default order


@pytest.mark.parametrize("path", ["/v1/observations", "/v1/taxa"])
def test_result_window_is_403_past_10000(emulator: Emulator, path: str) -> None:
    assert get(emulator, path, per_page=200, page=50).status_code == 200
    response = get(emulator, path, per_page=200, page=51)
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403
    assert body["error"].startswith("Result window is too large")
    assert "id_above" in body["error"]
    assert "id_below" in body["error"]
    # the product is what counts, whatever the page size
    assert get(emulator, path, per_page=30, page=334).status_code == 403
    assert get(emulator, path, per_page=30, page=333).status_code == 200


@pytest.mark.emulator(observations=10_400, seed=5)
def test_keyset_paging_crosses_the_window_without_gap_or_duplicate(emulator: Emulator) -> None:
    expected = sorted(emulator.store.observation_ids(), reverse=True)
    seen: list[int] = []
    totals: list[int] = []
    cursor: int | None = None
    while True:
        params: dict[str, object] = {"order_by": "id", "per_page": 200, "only_id": "true"}
        if cursor is not None:
            params["id_below"] = cursor
        body = get_json(emulator, "/v1/observations", **params)
        totals.append(body["total_results"])
        ids = [r["id"] for r in body["results"]]
        if not ids:
            break
        seen.extend(ids)
        cursor = ids[-1]
    assert seen == expected
    assert len(seen) > 10_000
    # total_results shrinks page by page: the first one is the real total
    assert totals[0] == len(expected)
    assert totals == sorted(totals, reverse=True)
    assert totals[1] == len(expected) - 200


def test_keyset_ascending_with_id_above(emulator: Emulator) -> None:
    ids = sorted(emulator.store.observation_ids())
    body = get_json(
        emulator, "/v1/observations", order_by="id", order="asc", id_above=ids[99], per_page=10
    )
    assert [r["id"] for r in body["results"]] == ids[100:110]
    assert body["total_results"] == len(ids) - 100


def test_keyset_descending_neither_skips_nor_repeats_while_records_are_added(
    emulator: Emulator,
) -> None:
    expected = sorted(emulator.store.observation_ids(), reverse=True)
    seen: list[int] = []
    added: list[int] = []
    cursor: int | None = None
    while True:
        params: dict[str, object] = {"order_by": "id", "per_page": 150}
        if cursor is not None:
            params["id_below"] = cursor
        ids = [r["id"] for r in get_json(emulator, "/v1/observations", **params)["results"]]
        if not ids:
            break
        seen.extend(ids)
        cursor = ids[-1]
        added.extend(emulator.store.add_observations(7))  # newer records land above the cursor
    assert seen == expected
    assert min(added) > max(expected)


def test_keyset_ascending_sees_records_added_meanwhile_exactly_once(emulator: Emulator) -> None:
    before = sorted(emulator.store.observation_ids())
    seen: list[int] = []
    cursor = 0
    rounds = 0
    while True:
        body = get_json(
            emulator, "/v1/observations", order_by="id", order="asc", id_above=cursor, per_page=200
        )
        ids = [r["id"] for r in body["results"]]
        if not ids:
            break
        seen.extend(ids)
        cursor = ids[-1]
        rounds += 1
        if rounds <= 3:
            emulator.store.add_observations(50)
    assert len(seen) == len(set(seen))
    assert seen == sorted(emulator.store.observation_ids())
    assert len(seen) == len(before) + 150


def test_taxa_keyset_paging(emulator: Emulator) -> None:
    all_ids = sorted(t for t in emulator.store.taxon_ids())
    seen: list[int] = []
    cursor = 0
    while True:
        body = get_json(
            emulator,
            "/v1/taxa",
            order_by="id",
            order="asc",
            id_above=cursor,
            per_page=100,
            is_active="any",
        )
        ids = [t["id"] for t in body["results"]]
        if not ids:
            break
        seen.extend(ids)
        cursor = ids[-1]
    assert seen == all_ids
