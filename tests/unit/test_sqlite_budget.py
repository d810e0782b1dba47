"""The default bucket (``inatsdk._ratelimit.SQLiteBudget``): windows, waits, pruning, the file
an earlier version left, and one budget shared by processes racing for it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pyrate_limiter import Rate, RateItem

from inatsdk import RateLimit
from inatsdk._ratelimit import PRUNE_EVERY, SQLiteBudget
from inatsdk.session import acquire, build_limiter

DAY = 86_400_000
T0 = 1_700_000_000_000  # a fixed "now", in ms since the epoch


def _put(bucket: SQLiteBudget, at: int, weight: int = 1) -> bool:
    return bucket.put(RateItem("inatsdk", at, weight=weight))


def test_each_window_holds_its_limit_and_says_how_long_to_wait(tmp_path: Path) -> None:
    bucket = SQLiteBudget([Rate(2, 1000), Rate(3, 10_000)], tmp_path / "b.sqlite")
    assert _put(bucket, T0) and _put(bucket, T0 + 10)
    assert not _put(bucket, T0 + 20)  # 2 a second
    assert bucket.failing_rate is not None and bucket.failing_rate.limit == 2
    # The first request leaves the window [now - 1000, now] 1 ms after T0 + 1000.
    assert bucket.waiting(RateItem("inatsdk", T0 + 20)) == 981
    assert not _put(bucket, T0 + 1000)  # still inside: the window's edge counts
    assert _put(bucket, T0 + 1001)
    assert not _put(bucket, T0 + 2500)  # 3 in 10 s
    assert bucket.failing_rate is not None and bucket.failing_rate.limit == 3
    assert bucket.waiting(RateItem("inatsdk", T0 + 2500)) == 10_000 - 2500 + 1
    assert _put(bucket, T0 + 10_001)
    assert bucket.count() == 4
    bucket.close()


def test_a_weight_takes_that_many_places_or_none(tmp_path: Path) -> None:
    bucket = SQLiteBudget([Rate(5, 1000)], tmp_path / "b.sqlite")
    assert _put(bucket, T0, weight=3)
    assert not _put(bucket, T0 + 1, weight=3)  # 3 + 3 > 5: nothing recorded
    assert bucket.count() == 3
    assert _put(bucket, T0 + 2, weight=2)
    assert not _put(bucket, T0 + 3, weight=6)  # more than the window ever holds
    assert bucket.waiting(RateItem("inatsdk", T0 + 3, weight=6)) == -1
    assert _put(bucket, T0 + 3, weight=0)  # weightless: always
    assert bucket.count() == 5
    bucket.close()


def test_stamps_never_go_back_and_old_rows_are_pruned(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    bucket = SQLiteBudget([Rate(10_000, DAY)], path)
    assert _put(bucket, T0)
    assert _put(bucket, T0 - 5000)  # another process's clock ran ahead: stamped T0, not before
    peeked = bucket.peek(0)
    assert peeked is not None and peeked.timestamp == T0
    later = T0 + 2 * DAY
    for i in range(PRUNE_EVERY):
        assert _put(bucket, later + i)
    # Pruned once on the way (when seq reached PRUNE_EVERY): the two rows older than a day.
    assert bucket.count() == PRUNE_EVERY
    assert bucket.leak(later + 3 * DAY) == PRUNE_EVERY
    assert bucket.count() == 0
    assert _put(bucket, later + 3 * DAY)  # numbering starts afresh; still one unbroken run
    bucket.close()


def test_what_an_earlier_version_spent_still_counts(tmp_path: Path) -> None:
    from pyrate_limiter import SQLiteBucket

    path = tmp_path / "ratelimit.sqlite"
    table = "rl_" + hashlib.sha1(b"inatsdk").hexdigest()[:12]  # what earlier versions named it
    old = SQLiteBucket.init_from_file(
        [Rate(3, DAY)], table=table, db_path=str(path), use_file_lock=True
    )
    now = time.time_ns() // 1_000_000
    for ts in (now - 2 * DAY, now - 60_000, now - 1000):  # one from the day before yesterday
        old.conn.execute(f'INSERT INTO "{table}" VALUES (?, ?)', ("inatsdk", ts))
    old.conn.commit()
    old.close()
    bucket = SQLiteBudget([Rate(3, DAY)], path)
    assert bucket.count() == 2  # the two of the last day
    assert bucket.take()
    assert not bucket.take()  # 3 a day
    assert 0 < bucket.wait_seconds() <= 60
    bucket.close()


def test_the_client_limiter_asks_the_bucket_and_sleeps_as_long_as_it_says(tmp_path: Path) -> None:
    limiter = build_limiter(RateLimit(per_minute=None, per_day=2, path=tmp_path / "r.sqlite"))
    sleeps: list[float] = []
    acquire(limiter, sleeps.append)
    acquire(limiter, sleeps.append)
    assert sleeps == []
    budget = limiter.buckets()[0]
    assert isinstance(budget, SQLiteBudget)
    # Spent: the third waits, asking once per wait (capped at a minute), not every millisecond.
    with pytest.raises(_Stop):
        acquire(limiter, _stop_after(sleeps, 3))
    assert sleeps == [60.0, 60.0, 60.0]
    limiter.close()


class _Stop(Exception):
    pass


def _stop_after(sleeps: list[float], n: int) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) >= n:
            raise _Stop

    return sleep


def test_a_file_that_is_not_a_database_fails_as_sqlite_does(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        SQLiteBudget([Rate(1, 1000)], path)


# Each process takes as many as it can from one daily budget, as fast as it can, without
# waiting, all starting at the same moment: together they must get exactly the budget,
# however their requests interleave.
RACE = """
import sys, time
from inatsdk._ratelimit import SQLiteBudget
from pyrate_limiter import Rate
bucket = SQLiteBudget([Rate(int(sys.argv[2]), 86_400_000)], sys.argv[1])
time.sleep(max(0.0, float(sys.argv[4]) - time.time()))
taken = sum(bucket.take() for _ in range(int(sys.argv[3])))
print(taken, time.time())
"""


def test_processes_racing_for_one_budget_get_exactly_the_budget(tmp_path: Path) -> None:
    path = str(tmp_path / "race.sqlite")
    budget, attempts, n = 1000, 600, 4
    SQLiteBudget([Rate(budget, DAY)], path).close()  # the file exists before the race
    start = time.time() + 2.0  # every process has started by then
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, path, str(budget), str(attempts), str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    taken: list[int] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        count, ended = out.split()
        taken.append(int(count))
        assert float(ended) >= start
    assert sum(taken) == budget, taken
    assert sum(t > 0 for t in taken) >= 2, taken  # they really raced
    bucket = SQLiteBudget([Rate(budget, DAY)], path)
    assert bucket.count() == budget
    assert not bucket.take()
    bucket.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_opens_its_own_connection_and_shares_the_budget(tmp_path: Path) -> None:
    bucket = SQLiteBudget([Rate(3, DAY)], tmp_path / "f.sqlite")
    assert bucket.take()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe and its status
        code = 1
        try:
            taken = (bucket.take(), bucket.take(), bucket.take())
            code = 0 if taken == (True, True, False) else 2
            os.write(write, str(bucket.count()).encode())
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 100) == b"3"
    os.close(read)
    assert os.waitstatus_to_exitcode(status) == 0
    assert bucket.count() == 3
    assert not bucket.take()  # the child spent the rest
    bucket.close()
