"""The SQLite bucket makes several processes share one budget."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

WORKER = """
import sys, time
from inatsdk import RateLimit
from inatsdk.session import acquire, build_limiter
limiter = build_limiter(RateLimit(per_minute=float(sys.argv[3]), per_day=None, burst=1, bucket="sqlite", path=sys.argv[1]))
for _ in range(int(sys.argv[2])):
    acquire(limiter)
    print(time.time(), flush=True)
"""


def test_two_processes_share_one_budget(tmp_path: Path) -> None:
    db = str(tmp_path / "bucket.sqlite")
    n = 10
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db, str(n), "600"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    stamps: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        stamps.extend(float(line) for line in out.split())
    stamps.sort()
    assert len(stamps) == 2 * n
    # 600 a minute = one every 100 ms for both processes together.
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) > 0.08, gaps
    assert stamps[-1] - stamps[0] >= (2 * n - 1) * 0.1 * 0.95


def test_budget_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "bucket.sqlite")
    # 60 a minute: the second process must wait out the first's second, start-up included.
    first = subprocess.run(
        [sys.executable, "-c", WORKER, db, "1", "60"], capture_output=True, text=True, check=True
    )
    second = subprocess.run(
        [sys.executable, "-c", WORKER, db, "1", "60"], capture_output=True, text=True, check=True
    )
    gap = float(second.stdout) - float(first.stdout)
    assert gap >= 0.98
