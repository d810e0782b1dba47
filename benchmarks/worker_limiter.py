"""Worker: what the rate limiter costs per request, in the client's CPU time.

Usage (from the repository root)::

    python -m benchmarks.worker_limiter BUCKET API_URL K

BUCKET is ``none`` (``rate_limit=None``), ``memory`` or ``sqlite`` (the default bucket: a SQLite
file shared by processes, here in a fresh temporary folder). The client sends K small requests
(``client.observations.search().count()``: one ``GET /v1/observations?per_page=0`` each) to an
emulator running in the runner's process, with no cache, and reports the CPU time of this process
per request. The limiter has the default's shape (a burst, a minute and a day window) with rates
high enough that it never waits: what is measured is the bookkeeping a request pays (for SQLite:
the statement that checks the windows and records the request), not the waiting the rate asks
for.

It also times ``acquire`` alone over the same bucket kind, with no request around it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import emit, forbid_network


def _rate_limit(bucket: str, folder: Path) -> Any:
    from inatsdk import RateLimit

    if bucket == "none":
        return None
    return RateLimit(
        per_minute=60_000_000.0,
        per_day=10_000_000_000.0,
        burst=1_000_000,
        bucket=bucket,  # type: ignore[arg-type]
        path=folder / "ratelimit.sqlite",
    )


def main(argv: list[str]) -> None:
    bucket, api_url, k = argv[0], argv[1].rstrip("/"), int(argv[2])
    forbid_network()
    from inatsdk import iNatClient
    from inatsdk.session import acquire, build_limiter

    folder = Path(tempfile.mkdtemp(prefix="bench-limiter-"))
    limit = _rate_limit(bucket, folder)
    with iNatClient(api_url=api_url, cache=None, rate_limit=limit, credentials=None) as client:
        query = client.observations.search()
        for _ in range(5):  # warm up: connection, converter, limiter tables
            query.count()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(k):
            query.count()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
    acquire_us = 0.0
    if limit is not None:
        limiter = build_limiter(_rate_limit(bucket, folder / "alone"))
        (folder / "alone").mkdir(exist_ok=True)
        for _ in range(5):
            acquire(limiter)
        start = time.process_time()
        for _ in range(k):
            acquire(limiter)
        acquire_us = (time.process_time() - start) / k * 1e6
        limiter.close()
    emit(
        {
            "bucket": bucket,
            "k": k,
            "cpu_per_request_us": cpu / k * 1e6,
            "wall_per_request_us": wall / k * 1e6,
            "acquire_cpu_us": acquire_us,
        }
    )


if __name__ == "__main__":
    main(sys.argv[1:])
