"""Worker: read N observations from a running emulator, and report this process's CPU time.

Usage (from the repository root)::

    python -m benchmarks.worker_bulk MODE API_URL N [--keep] [--profile PATH]

By default each record is looked at and dropped as the loop goes (a streaming read: an export,
a count, a filter); ``--keep`` keeps every record in one list instead (``paginator.all()``), where
the garbage collector's passes over everything kept dominate both sides.

MODE is one of:

``inatsdk``
    ``iNatClient(api_url=API_URL, cache=None, rate_limit=None)`` and iterating
    ``client.observations.search().limit(N)``: full typed models (nested records become
    models on first read; the top level is checked and built here).
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


def _bare_loop(api_url: str, n: int, loads: Callable[[bytes], Any], keep: bool) -> list[Any]:
    import requests

    session = requests.Session()
    records: list[Any] = []
    seen = 0
    params: dict[str, str] = {"order_by": "id", "order": "desc", "per_page": str(PER_PAGE)}
    while seen < n:
        response = session.get(f"{api_url}/v1/observations", params=params, timeout=60)
        response.raise_for_status()
        results = loads(response.content)["results"]
        if not results:
            break
        for record in results[: n - seen]:
            seen += 1
            if keep:
                records.append(record)
            else:
                records[:] = [record]  # the last one, as a streaming consumer holds it
        params["id_below"] = str(results[-1]["id"])
    session.close()
    return records if keep else [None] * seen


def _stream(paginator: Any, keep: bool) -> list[Any]:
    if keep:
        return list(paginator)
    seen = 0
    for _ in paginator:
        seen += 1
    return [None] * seen


def run(
    mode: str, api_url: str, n: int, keep: bool
) -> tuple[Callable[[], list[Any]], Callable[[], None]]:
    """(the timed loop, cleanup), with everything untimed done already."""
    if mode == "inatsdk":
        from inatsdk import iNatClient

        client = iNatClient(api_url=api_url, cache=None, rate_limit=None)
        paginator = client.observations.search().limit(n)
        paginator.count()  # one request first, as the bare loops' import and session: untimed
        return (lambda: _stream(paginator, keep)), client.close
    if mode == "requests-json":
        import requests

        return (lambda: _bare_loop(api_url, n, json.loads, keep)), lambda: None
    if mode == "requests-orjson":
        import orjson
        import requests  # noqa: F401

        return (lambda: _bare_loop(api_url, n, orjson.loads, keep)), lambda: None
    raise SystemExit(f"unknown mode {mode!r}")


def main(argv: list[str]) -> None:
    mode, api_url, n = argv[0], argv[1].rstrip("/"), int(argv[2])
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    forbid_network()
    keep = "--keep" in argv
    loop, cleanup = run(mode, api_url, n, keep)
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
    ids = [r["id"] if isinstance(r, dict) else getattr(r, "id", None) for r in records]
    emit(
        {
            "mode": mode,
            "keep": keep,
            "n": n,
            "cpu": cpu,
            "wall": wall,
            "count": len(ids),
            "unique_ids": len(set(ids)) if keep else len(ids),
        }
    )


if __name__ == "__main__":
    main(sys.argv[1:])
