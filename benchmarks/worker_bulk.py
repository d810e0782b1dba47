"""Worker: read N observations from a running emulator, and report this process's CPU time.

Usage (from the repository root)::

    python -m benchmarks.worker_bulk MODE API_URL N [--profile PATH]

MODE is one of:

``inatsdk``
    ``iNatClient(api_url=API_URL, cache=None, rate_limit=None)`` and iterating
    ``client.observations.search().limit(N)``: full typed models, every nested object built.
``requests-json``
    the bare loop: one ``requests.Session``, the same pages (``order_by=id``, ``order=desc``,
    ``per_page=200``, then ``id_below`` the last id seen), ``json.loads`` of each body, and the
    records kept as dicts. What a careful script without any SDK does.
``requests-orjson``
    the same loop with ``orjson.loads``: the physical floor of reading these pages in Python.

Only the client's CPU time (``time.process_time``) around the loop is compared: the emulator runs
in the runner's process, so its work is not counted. Imports and constructing the client or the
session happen before the timed region (the import and construction rows measure those).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import emit, forbid_network

PER_PAGE = 200


def _bare_loop(api_url: str, n: int, loads: Callable[[bytes], Any]) -> list[Any]:
    import requests

    session = requests.Session()
    records: list[Any] = []
    params: dict[str, str] = {"order_by": "id", "order": "desc", "per_page": str(PER_PAGE)}
    while len(records) < n:
        response = session.get(f"{api_url}/v1/observations", params=params, timeout=60)
        response.raise_for_status()
        results = loads(response.content)["results"]
        if not results:
            break
        records.extend(results[: n - len(records)])
        params["id_below"] = str(results[-1]["id"])
    session.close()
    return records


def run(mode: str, api_url: str, n: int) -> tuple[Callable[[], list[Any]], Callable[[], None]]:
    """(the timed loop, cleanup), with everything untimed done already."""
    if mode == "inatsdk":
        from inatsdk import iNatClient

        client = iNatClient(api_url=api_url, cache=None, rate_limit=None)
        paginator = client.observations.search().limit(n)
        return (lambda: list(paginator)), client.close
    if mode == "requests-json":
        import requests

        return (lambda: _bare_loop(api_url, n, json.loads)), lambda: None
    if mode == "requests-orjson":
        import orjson
        import requests  # noqa: F401

        return (lambda: _bare_loop(api_url, n, orjson.loads)), lambda: None
    raise SystemExit(f"unknown mode {mode!r}")


def main(argv: list[str]) -> None:
    mode, api_url, n = argv[0], argv[1].rstrip("/"), int(argv[2])
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    forbid_network()
    loop, cleanup = run(mode, api_url, n)
    profiler: Any = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    records = loop()
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    cleanup()
    ids = [r["id"] if isinstance(r, dict) else r.id for r in records]
    emit(
        {
            "mode": mode,
            "n": n,
            "cpu": cpu,
            "wall": wall,
            "count": len(ids),
            "unique_ids": len(set(ids)),
        }
    )


if __name__ == "__main__":
    main(sys.argv[1:])
