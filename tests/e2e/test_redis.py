"""The Redis cache backend and the Redis rate-limit bucket, against a real redis-server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from inatsdk import CacheSettings, RateLimit
from inatsdk.testing import Emulator
from tests.e2e.conftest import free_port, make_client, wait_for_port


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("INATSDK_REQUIRE_REDIS"):
            pytest.fail("redis-server is required here (INATSDK_REQUIRE_REDIS is set)")
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, timeout=10)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_cache_is_shared_between_clients(emulator: Emulator, redis_url: str) -> None:
    settings = CacheSettings(backend="redis", redis_url=redis_url)
    with make_client(emulator, cache=settings) as one:
        one.cache.clear()
        one.taxa.search(rank="family").first()
    with make_client(emulator, cache=settings) as two:
        two.taxa.search(rank="family").first()
        two.cache.clear()
    assert len(emulator.requests) == 1


def test_redis_bucket_is_shared_between_clients(emulator: Emulator, redis_url: str) -> None:
    limit = RateLimit(
        per_minute=600, per_day=None, burst=1, bucket="redis", redis_url=redis_url, name="t"
    )
    with make_client(emulator, rate_limit=limit) as a, make_client(emulator, rate_limit=limit) as b:
        started = time.perf_counter()
        for _ in range(5):
            a.taxa.search().count()
            b.taxa.search().count()
        elapsed = time.perf_counter() - started
    # Ten requests at one per 100 ms from one shared budget: at least 0.9 s.
    assert elapsed >= 0.9 * 0.95
