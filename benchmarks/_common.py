"""Helpers shared by the benchmark runner and its workers (standard library only).

Workers run in two different interpreters (``.venv`` for inatsdk, ``.bench-venv`` for
pyinaturalist), so nothing here may import either library.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

#: The recorded v1 responses whose records are cycled into the 200-observation page.
PAGE_SOURCES = (
    "v1/get_observations_page1.json",
    "v1/get_observations_page2.json",
    "v1/get_observation.json",
    "v1/get_observations_by_id.json",
)
PAGE_SIZE = 200

#: Marker a worker prints before its one JSON result line.
RESULT_PREFIX = "@@BENCH_RESULT@@ "


def responses_dir() -> Path:
    """The folder of recorded responses: ``$INAT_API_SAMPLES`` or ``../shared/inat-api``.

    ``$INAT_API_SAMPLES`` may name the ``inat-api`` folder (as the tests expect) or its
    ``responses`` folder directly.
    """
    candidates: list[Path] = []
    env = os.environ.get("INAT_API_SAMPLES")
    if env:
        candidates += [Path(env) / "responses", Path(env)]
    candidates.append(REPO_ROOT.parent / "shared" / "inat-api" / "responses")
    for candidate in candidates:
        if (candidate / PAGE_SOURCES[0]).is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"recorded responses not found (tried {tried}); set INAT_API_SAMPLES")


def page_json() -> str:
    """The 200-record v1 observations page, serialised (identical for both libraries).

    Records of :data:`PAGE_SOURCES` are cycled in order until there are :data:`PAGE_SIZE`.
    """
    root = responses_dir()
    records: list[Any] = []
    for relative in PAGE_SOURCES:
        with (root / relative).open(encoding="utf-8") as f:
            records.extend(json.load(f)["results"])
    results = [records[i % len(records)] for i in range(PAGE_SIZE)]
    page = {"total_results": PAGE_SIZE, "page": 1, "per_page": PAGE_SIZE, "results": results}
    return json.dumps(page, sort_keys=True)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def timed(func: Callable[[], object], collect: bool = True) -> tuple[float, float]:
    """(CPU seconds, wall seconds) one call of ``func`` takes; a full collection first, GC left on.

    CPU time (``time.process_time``) is what the model build reports: the work is single-threaded
    and CPU-bound, and CPU time barely moves when other jobs share the cores, while wall time does.
    """
    if collect:
        gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.process_time() - cpu, time.perf_counter() - wall


BLOCKED_HOSTS: list[str] = []
_LOOPBACK = {"localhost", "::1", "ip6-localhost"}


def forbid_network() -> None:
    """Refuse name resolution of anything but loopback, and remember who tried.

    Both HTTP stacks resolve through :func:`socket.getaddrinfo`, so a library that quietly talks
    to the real iNaturalist API fails loudly here, and the attempt is reported as a finding.
    """
    real_getaddrinfo = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in _LOOPBACK and not str(name).startswith("127."):
            BLOCKED_HOSTS.append(str(name))
            raise OSError(f"benchmarks: network access to {name!r} is blocked")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = guarded


def emit(result: dict[str, Any]) -> None:
    """Print the worker's one result line for the runner to collect."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
