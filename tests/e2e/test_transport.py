"""Cache, rate limit, retries, timeouts and dry-run, measured through the emulator's log."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from inatsdk import (
    CacheSettings,
    RateLimit,
    RateLimitError,
    Retries,
    ServerError,
    TransportError,
    iNatClient,
)
from inatsdk.models import Observation
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client


def test_repeated_search_is_served_from_cache(emulator: Emulator) -> None:
    with make_client(emulator, cache="memory") as client:
        first = client.taxa.search(rank="species").limit(10).all()
        sent = len(emulator.requests)
        again = client.taxa.search(rank="species").limit(10).all()
        assert [t.id for t in again] == [t.id for t in first]
        assert len(emulator.requests) == sent
        assert len(client.cache) >= 1
        client.cache.clear()
        client.taxa.search(rank="species").limit(10).all()
        assert len(emulator.requests) == sent * 2


def test_sqlite_cache_survives_a_new_client(emulator: Emulator, tmp_path: Path) -> None:
    settings = CacheSettings(backend="sqlite", path=tmp_path / "cache.sqlite")
    with make_client(emulator, cache=settings) as client:
        client.taxa.search(rank="genus").first()
    with make_client(emulator, cache=settings) as client:
        client.taxa.search(rank="genus").first()
    assert len(emulator.requests) == 1


def test_use_cache_false_bypasses_it(emulator: Emulator) -> None:
    with make_client(emulator, cache="memory") as client:
        client.taxa.search(rank="genus").first()
        client.with_options(use_cache=False).taxa.search(rank="genus").first()
    assert len(emulator.requests) == 2


def test_refresh_fetches_afresh_and_stores_the_answer(emulator: Emulator) -> None:
    with make_client(emulator, cache="memory") as client:
        fresh = client.with_options(refresh=True)
        fresh.taxa.search(rank="family").first()  # nothing stored yet: sent
        assert len(emulator.requests) == 1
        client.taxa.search(rank="family").first()  # stored by the refresh: not sent
        assert len(emulator.requests) == 1
        fresh.taxa.search(rank="family").first()  # stored, but refresh fetches anyway
        assert len(emulator.requests) == 2
        client.with_options(use_cache=False, refresh=True).taxa.search(rank="order").first()
        client.taxa.search(rank="order").first()  # use_cache=False stored nothing
        assert len(emulator.requests) == 4


def test_configured_rate_is_held(emulator: Emulator) -> None:
    # 600 a minute with no burst: one request every 100 ms. The limiter promises a floor on
    # the spacing; a loaded machine may only make requests later, never sooner.
    with make_client(emulator, rate_limit=RateLimit(per_minute=600, per_day=None, burst=1)) as c:
        c.taxa.search().first()  # the first request goes at once
        started = time.perf_counter()
        for _ in range(20):
            c.with_options(use_cache=False).taxa.search().count()
        elapsed = time.perf_counter() - started
    arrivals = [r.time for r in emulator.requests]
    assert len(arrivals) == 21
    gaps = [b - a for a, b in itertools.pairwise(arrivals[1:])]
    # Arrival times carry the server's scheduling noise: a few ms either way.
    assert min(gaps) >= 0.08, gaps
    assert sum(gaps) >= 1.9 * 19 / 20
    assert elapsed >= 1.9
    # Held, not over-held: generous, since only a limiter stuck on a wrong rate goes this far.
    assert elapsed < 6.0


def test_fractional_rates_are_accepted() -> None:
    from inatsdk.session import build_limiter

    limiter = build_limiter(RateLimit(per_minute=0.5, per_day=100.5, burst=1))
    intervals = sorted(r.interval for r in limiter.buckets()[0].rates)
    assert intervals[0] == 120_000
    limiter.close()


def test_server_errors_are_retried(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=500, times=2))
    with make_client(emulator) as client:
        assert client.taxa.search().first() is not None
    assert [r.status for r in emulator.requests] == [500, 500, 200]


def test_429_burst_is_retried(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=429, times=3))
    with make_client(emulator) as client:
        assert client.observations.search().count() > 0
    assert [r.status for r in emulator.requests] == [429, 429, 429, 200]


def test_retry_after_is_honoured(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=503, times=1, retry_after=0.6))
    with make_client(emulator) as client:
        started = time.perf_counter()
        client.taxa.search().first()
        assert time.perf_counter() - started >= 0.6


def test_dropped_connections_and_truncated_bodies_are_recovered(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="drop", times=1))
    emulator.inject(Fault(kind="truncate", times=1))
    with make_client(emulator) as client:
        page = client.observations.search().limit(50).all()
    assert len(page) == 50
    assert len(emulator.requests) == 3


def test_retries_give_up_with_a_typed_error(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=502, times=None))
    with make_client(emulator, retries=Retries(total=2, backoff=0.01)) as client:
        with pytest.raises(ServerError) as info:
            client.taxa.search().first()
    assert info.value.status == 502
    assert len(emulator.requests) == 3
    emulator.clear_faults()
    emulator.inject(Fault(kind="status", status=429, times=None))
    with make_client(emulator, retries=0) as client, pytest.raises(RateLimitError):
        client.taxa.search().first()


def test_dropped_post_is_not_sent_twice(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    emulator.inject(Fault(kind="drop", times=1, method="POST"))
    from inatsdk import Credentials

    with make_client(emulator, credentials=Credentials(api_token=token)) as client:
        with pytest.raises(TransportError):
            client.observations.create(Observation(species_guess="one only"))
    posts = [r for r in emulator.requests if r.method == "POST"]
    assert len(posts) == 1


def test_timeouts_raise_a_typed_error(emulator: Emulator) -> None:
    from inatsdk import RequestTimeout, Timeout

    emulator.inject(Fault(kind="delay", delay=1.0, times=None))
    with make_client(emulator, timeout=Timeout(read=0.2), retries=0) as client:
        with pytest.raises(RequestTimeout):
            client.taxa.search().first()


def test_dry_run_sends_nothing(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    with make_client(emulator, dry_run=True) as client:
        assert client.observations.search().count() == 0
        assert client.observations.search().all() == []
        created = client.observations.create(Observation(species_guess="dry"))
        assert created.species_guess == "dry"
    with make_client(emulator) as client:
        client.observations.search(dry_run=True).first()
        client.observations.create(Observation(species_guess="dry"), dry_run=True)
    with make_client(emulator, dry_run="writes") as client:
        client.observations.create(Observation(species_guess="dry"))
    monkeypatch.setenv("DRY_RUN_ENABLED", "True")
    with iNatClient(api_url=emulator.api_url, cache=None, rate_limit=None) as client:
        assert client.dry_run == "all"
        client.taxa.search().first()
    monkeypatch.delenv("DRY_RUN_ENABLED")
    monkeypatch.setenv("DRY_RUN_WRITE_ONLY", "yes")
    with iNatClient(api_url=emulator.api_url, cache=None, rate_limit=None) as client:
        assert client.dry_run == "writes"
    assert emulator.requests == []


def test_dry_run_logs_what_would_be_sent(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="inatsdk")
    with make_client(emulator, dry_run=True) as client:
        client.observations.search(taxon_id=3).count()
    line = next(r.getMessage() for r in caplog.records if "DRY RUN" in r.getMessage())
    assert "GET" in line
    assert "/v1/observations" in line
    assert '"taxon_id": "3"' in line


def test_cache_lifetimes_depend_on_the_endpoint(emulator: Emulator) -> None:
    with make_client(emulator, cache="memory") as client:
        client.taxa.search().first()
        client.observations.search().first()
        cached = {
            response.url.split("?")[0].rsplit("/", 1)[-1]: response
            for response in client._transport.http.cache.responses.values()  # type: ignore[attr-defined]
        }
    taxa, observations = cached["taxa"], cached["observations"]
    taxa_life = (taxa.expires - taxa.created_at).total_seconds()
    obs_life = (observations.expires - observations.created_at).total_seconds()
    assert taxa_life == pytest.approx(7 * 86400, abs=5)
    assert obs_life == pytest.approx(5 * 60, abs=5)


def test_private_changing_data_is_never_cached(emulator: Emulator) -> None:
    from inatsdk import Credentials

    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    with make_client(emulator, cache="memory", credentials=Credentials(api_token=token)) as c:
        c.observations.updates().first()
        c.observations.updates().first()
        assert len(c.cache) == 0
    assert len(emulator.requests) == 2


def test_writes_are_never_cached(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    from inatsdk import Credentials

    with make_client(emulator, cache="memory", credentials=Credentials(api_token=token)) as c:
        c.observations.create(Observation(species_guess="first"))
        c.observations.create(Observation(species_guess="first"))
        assert len(c.cache) == 0
    assert [r.method for r in emulator.requests] == ["POST", "POST"]
