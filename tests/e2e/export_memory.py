"""Measure the peak memory of exporting many observations (run in a subprocess by the tests,
or by hand: ``python -m tests.e2e.export_memory TEMPLATE.jsonl csv 100000``).

Records are built from template records (real emulator observations, ids renumbered) by
``Observation.from_json``, as a paginator builds them, and streamed into the writer. Prints
one JSON line: the Python heap's peak during the export (tracemalloc, when asked), pyarrow's
memory pool peak (Parquet), and the process's peak RSS before and after.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from inatsdk.export import write_csv, write_jsonl, write_parquet
from inatsdk.models import Observation


def main(template_path: str, fmt: str, n: int, trace: bool) -> dict[str, object]:
    with open(template_path, encoding="utf-8") as f:
        template = [json.loads(line) for line in f]

    def records(count: int) -> Iterator[Observation]:
        for i in range(count):
            data = dict(template[i % len(template)])
            data["id"] = i + 1
            yield Observation.from_json(data)

    writers: dict[str, Callable[[Iterable[Observation], Path], int]] = {
        "csv": write_csv,
        "jsonl": write_jsonl,
        "parquet": write_parquet,
    }
    writer = writers[fmt]
    out = Path(tempfile.mkdtemp()) / f"out.{fmt}"
    writer(records(2_000), out)  # imports, first-use caches, pyarrow's own start-up
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    written = writer(records(n), out)
    seconds = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    arrow = 0.0
    if fmt == "parquet":
        import importlib

        pa = importlib.import_module("pyarrow")
        arrow = float(pa.default_memory_pool().max_memory() or 0) / 2**20
    return {
        "format": fmt,
        "records": written,
        "seconds": round(seconds, 1),
        "python_heap_peak_mb": None if heap is None else round(heap, 1),
        "arrow_pool_peak_mb": round(arrow, 1),
        "rss_before_mb": round(base, 1),
        "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "file_mb": round(out.stat().st_size / 2**20, 1),
    }


if __name__ == "__main__":
    trace = "--trace" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--trace"]
    print(json.dumps(main(args[0], args[1], int(args[2]), trace)))
