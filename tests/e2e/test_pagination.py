"""Streaming past the 10,000-result window, and the window itself."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator

import pytest

from inatsdk import ResultWindowError, iNatClient
from inatsdk.endpoints import OBSERVATIONS_SEARCH
from inatsdk.testing import Emulator
from tests.e2e.conftest import make_client

N = 15_000


@pytest.fixture(scope="module")
def big_emulator() -> Iterator[Emulator]:
    with Emulator(observations=N + 500, seed=3) as emu:
        yield emu


@pytest.fixture
def big(big_emulator: Emulator) -> Iterator[tuple[Emulator, iNatClient]]:
    big_emulator.reset()
    with big_emulator.scoped("pagination") as emu, make_client(emu) as c:  # a log of its own
        yield emu, c


def test_streams_15000_without_gap_or_duplicate_while_records_are_added(
    big: tuple[Emulator, iNatClient],
) -> None:
    emu, client = big
    before = sorted(emu.store.observation_ids(), reverse=True)[:N]
    seen: list[int] = []
    added: list[int] = []
    for i, obs in enumerate(client.observations.search().limit(N)):
        assert obs.id is not None
        seen.append(obs.id)
        if i % 2_000 == 1_000:
            # Records created mid-iteration: they are newer than where paging started.
            added.extend(emu.store.add_observations(25))
    assert len(seen) == N
    assert len(set(seen)) == N, "a record was repeated"
    assert seen == before, "a record was skipped or the order changed"
    assert added
    assert not set(added) & set(seen)
    assert len(emu.requests) == math.ceil(N / 200)
    assert max(int(r.query["per_page"]) for r in emu.requests) == 200


def test_streaming_memory_stays_one_page(big: tuple[Emulator, iNatClient]) -> None:
    _, client = big
    pages = client.observations.search().limit(1_000).pages()
    sizes = [len(page.results) for page in pages]
    assert sizes == [200] * 5


def test_keyset_total_is_the_first_pages(big: tuple[Emulator, iNatClient]) -> None:
    _, client = big
    totals = {p.total_results for p in client.observations.search().limit(600).pages()}
    assert len(totals) == 1


def test_page_numbers_refuse_to_cross_the_window_before_sending(
    big: tuple[Emulator, iNatClient],
) -> None:
    emu, client = big
    by_date = client.observations.search().order_by("observed_on")
    with pytest.raises(ResultWindowError, match="order_by"):
        for _ in by_date:
            pass
    pages = [int(r.query.get("page", "0")) for r in emu.requests]
    assert max(pages) == 50  # 50 pages of 200 = 10,000; page 51 was never sent
    assert all(r.status == 200 for r in emu.requests)


def test_the_servers_window_error_is_typed(big: tuple[Emulator, iNatClient]) -> None:
    _, client = big
    with pytest.raises(ResultWindowError) as info:
        # past the paginator's own guard: straight to the requester, as a hand-made query would
        client._requester.get(OBSERVATIONS_SEARCH, {"page": 51, "per_page": 200})
    assert info.value.status == 403
    assert "id_above" in str(info.value) or "id_below" in str(info.value)


def test_slicing_past_the_window_explains_itself(big: tuple[Emulator, iNatClient]) -> None:
    emu, client = big
    with pytest.raises(ResultWindowError):
        client.observations.search()[10_050]
    assert emu.requests == []


def test_one_client_shared_by_threads(big: tuple[Emulator, iNatClient]) -> None:
    _emu, client = big
    results: dict[int, list[int]] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            results[k] = [o.id or 0 for o in client.observations.search().limit(400)]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len({tuple(v) for v in results.values()}) == 1
