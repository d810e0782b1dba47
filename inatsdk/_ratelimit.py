"""The default rate-limit bucket: the budget of every process of one user, in one SQLite file.

:func:`inatsdk.session.build_limiter` builds it for ``RateLimit(bucket="sqlite")`` (the
default), in a :class:`BudgetLimiter`, and :func:`inatsdk.session.acquire` asks it directly
(:meth:`SQLiteBudget.take`). It keeps pyrate-limiter's bucket interface (``put``, ``leak``,
``peek``, ...) but does not import pyrate-limiter, whose import (asyncio, multiprocessing)
would cost every command ~15 ms before its first request. Nothing here is public.

What it keeps: one row per request let go, ``(seq, ts)``, where ``seq`` counts 1, 2, 3, ... in
the order the requests were let go and ``ts`` (milliseconds since the epoch) never decreases
along ``seq``. Only the oldest rows are ever deleted, so the ``seq`` values present are one
unbroken run, and "the ``n``-th newest request" is a primary-key lookup, ``seq = newest - n +
1``. A window of ``limit`` requests per ``interval`` has room when its ``limit``-th newest
request is older than ``interval`` (pyrate-limiter's sliding-window log, the rule of its own
buckets). So a check costs the same whether the file holds ten requests or a day's 9,500;
counting the rows inside each window (pyrate-limiter's ``SQLiteBucket``) costs more and more
as the day fills up.

How one request is let go: one ``INSERT ... SELECT ... WHERE <every window has room>``
statement on a connection kept open. SQLite runs a write statement outside ``BEGIN`` as a
transaction of its own and takes the file's write lock before reading, so the check and the
record are one step for every process sharing the file (no separate file lock, no ``BEGIN``
and ``COMMIT`` round trips); the statement is prepared once (the sqlite3 module caches it).
WAL journal with ``synchronous=NORMAL``: a commit appends to the log without waiting for the
disk. Rows older than every window are pruned once every :data:`PRUNE_EVERY` requests, not on
each one, and no background thread is started. A refused request is told how long to wait
(when the row that fills the window leaves it), so a waiting process sleeps that long instead
of asking the file again every millisecond.

A file written by an earlier inatsdk version (pyrate-limiter's ``SQLiteBucket``: a table
``rl_<hash>`` of ``(name, item_timestamp)`` rows) still counts: the first time this bucket
creates its table in that file, it copies the rows still inside a window, so a day's budget
spent before an upgrade is not forgotten.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from pyrate_limiter import RateItem

__all__ = ["PRUNE_EVERY", "BudgetLimiter", "SQLiteBudget", "Window"]

#: Once every this many requests (by ``seq``), rows older than every window are deleted.
PRUNE_EVERY = 512

#: How long a request waits for another process's write before it fails (as a
#: TransportError): far longer than any write here takes.
LOCK_TIMEOUT = 30.0

_DAY_MS = 86_400_000

#: Connections a forked child inherited: kept referenced so that they are never closed there
#: (closing one in the child could end the parent's WAL session under it).
_INHERITED: list[sqlite3.Connection] = []

#: Every open bucket of this process, so a forked child can set their connections aside at
#: once (asking ``os.getpid()`` before each request instead is a system call per request).
_OPEN: weakref.WeakSet[SQLiteBudget] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for bucket in list(_OPEN):
        conn = bucket._conn  # pyright: ignore[reportPrivateUsage]
        if conn is not None:
            _INHERITED.append(conn)
            bucket._conn = None  # pyright: ignore[reportPrivateUsage]


if hasattr(os, "register_at_fork"):  # not on Windows, where there is no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)

_R = TypeVar("_R")


class Window(Protocol):
    """One window of a budget: at most ``limit`` requests in any ``interval`` milliseconds
    (pyrate-limiter's ``Rate`` is one)."""

    @property
    def limit(self) -> int: ...

    @property
    def interval(self) -> int: ...


def _table_names(name: str) -> tuple[str, str]:
    """(this bucket's table, the table earlier versions kept the same budget in)."""
    digest = hashlib.sha1(name.encode()).hexdigest()[:12]
    return f"budget_{digest}", f"rl_{digest}"


class SQLiteBudget:
    """A rate-limit bucket over a SQLite file shared by processes (see the module doc).

    Safe across threads (one connection, behind a lock) and across processes (the file's
    write lock); a process forked after first use opens a connection of its own.
    """

    is_async = False

    def __init__(self, rates: Sequence[Window], path: str | Path, name: str = "inatsdk") -> None:
        self.rates = sorted(rates, key=lambda r: r.interval)
        self.failing_rate: Window | None = None
        self.path = str(path)
        self.name = name
        self.table, self._legacy_table = _table_names(name)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._wait_until: int | None = None
        """When there is room again after the last refusal (ms since the epoch)."""
        self._keep_ms = max(_DAY_MS, *(rate.interval for rate in self.rates))
        t = self.table
        # Each window's bound: the row ``?`` places below the newest (``limit - weight``).
        bound = f'(SELECT ts FROM "{t}" WHERE seq = (SELECT max(seq) FROM "{t}") - ?)'
        newest_ts = f'(SELECT ts FROM "{t}" ORDER BY seq DESC LIMIT 1)'
        # One request, checked and recorded: a row stamped now (``:now``; or the newest row's
        # time, if another process's clock ran ahead: ts must not decrease), only if each
        # window's bound has left that window (it is older than ``now - interval``). The
        # windows are constants of the statement, so ``now`` is its only parameter.
        # ``rowcount`` says whether the request was let go.
        room = " AND ".join(
            f'coalesce((SELECT ts FROM "{t}" WHERE seq = (SELECT max(seq) FROM "{t}") - '
            f"{int(rate.limit) - 1}) < :now - {int(rate.interval)}, 1)"
            for rate in self.rates
        )
        self._take_sql = (
            f'INSERT INTO "{t}" (ts) SELECT max(:now, coalesce({newest_ts}, 0)) WHERE {room}'
        )
        self._bounds_sql = "SELECT " + ", ".join(bound for _ in self.rates)
        self._newest_sql = f"SELECT {newest_ts}"
        self._insert_sql = f'INSERT INTO "{t}" (ts) VALUES (?)'
        self._prune_sql = f'DELETE FROM "{t}" WHERE ts < ?'
        self._open()

    # --- the file ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """This process's connection: opened on first use, and again in a forked child (which
        must not use its parent's)."""
        conn = self._conn
        pid = os.getpid()
        if conn is not None and self._pid == pid:
            return conn
        if conn is not None:
            _INHERITED.append(conn)
        self._conn = None
        # isolation_level=None: no implicit BEGIN; a lone statement is its own transaction.
        conn = sqlite3.connect(
            self.path, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            with _SetupLock(f"{self.path}.lock"):  # two processes turning a new file to WAL
                # A new file gets 1 KB pages: each request appends one page to the WAL, and
                # 1 KB costs ~40% less to write than the default 4 KB (rows are 10 bytes; a
                # day's fit in a few dozen pages). A file that exists keeps its page size.
                conn.execute("PRAGMA page_size=1024")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                self._transaction(conn, self._create)
        except BaseException:
            conn.close()
            raise
        self._conn, self._pid = conn, pid
        _OPEN.add(self)
        return conn

    def _connection(self) -> sqlite3.Connection:
        conn = self._conn
        if conn is None:  # not opened yet, closed, or set aside by a fork
            conn = self._open()
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        """The table, made once per file; what an earlier version spent is copied in."""
        find = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        if conn.execute(find, (self.table,)).fetchone():
            return
        conn.execute(f'CREATE TABLE "{self.table}" (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL)')
        if conn.execute(find, (self._legacy_table,)).fetchone():
            conn.execute(
                f'INSERT INTO "{self.table}" (ts) SELECT item_timestamp '
                f'FROM "{self._legacy_table}" WHERE item_timestamp >= ? ORDER BY item_timestamp',
                (self.now() - self._keep_ms,),
            )

    @staticmethod
    def _transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], _R]) -> _R:
        """``work(conn)`` in one ``BEGIN IMMEDIATE`` transaction (the write lock first)."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    # --- taking one request ------------------------------------------------------------------

    def take(self) -> bool:
        """Let one request go now if every window has room for it, recording it in the same
        step; if not, False, and :meth:`wait_seconds` says how long until there is room.

        What :func:`inatsdk.session.acquire` calls for each request: :meth:`put` of one item,
        without the ``Limiter`` around it (this bucket has its own locks, for threads and for
        processes)."""
        return self._take(time.time_ns() // 1_000_000)

    def _take(self, now: int) -> bool:
        with self._lock:
            conn = self._conn
            if conn is None:
                conn = self._open()
            cursor = conn.execute(self._take_sql, {"now": now})
            if cursor.rowcount == 1:
                if (cursor.lastrowid or 0) % PRUNE_EVERY == 0:
                    conn.execute(self._prune_sql, (now - self._keep_ms,))
                self.failing_rate = None
                return True
            self.failing_rate = self._refusal(conn, now, 1)
        return False

    def _refusal(self, conn: sqlite3.Connection, now: int, weight: int) -> Window:
        """After a refusal at ``now``: the first window without room (:attr:`_wait_until` says
        when it will have some). Read afresh, so another process may have moved on since: if
        there is room after all, the smallest window, with no wait (the caller asks again)."""
        offsets = [rate.limit - weight for rate in self.rates]
        bounds = conn.execute(self._bounds_sql, offsets).fetchone() or ()
        for rate, bound in zip(self.rates, bounds, strict=True):
            # The window counts [now - interval, now]: its bound leaves it 1 ms past that.
            if bound is not None and bound >= now - rate.interval:
                self._wait_until = bound + rate.interval + 1
                return rate
        self._wait_until = now
        return self.rates[0]

    def wait_seconds(self) -> float:
        """After a refusal: how long until there is room, as far as the file said then (at
        least 1 ms; at most a minute, so that a clock set back or a flushed file is noticed)."""
        until = self._wait_until
        if until is None:
            return 0.001
        return min(60.0, max(0.001, (until - self.now()) / 1000))

    # --- pyrate-limiter's bucket interface (for tests and tools; requests use take) ----------

    def now(self) -> int:
        # Wall time: rows are compared across processes and restarts.
        return time.time_ns() // 1_000_000

    def put(self, item: RateItem) -> bool:
        """Let ``item`` go if every window has room for all its weight, recording it in the
        same step."""
        weight = item.weight
        if weight <= 0:
            return True
        if weight == 1:
            return self._take(item.timestamp)
        with self._lock:
            conn = self._connection()
            failing = self._transaction(conn, lambda c: self._take_many(c, item))
        self.failing_rate = failing
        return failing is None

    def _take_many(self, conn: sqlite3.Connection, item: RateItem) -> Window | None:
        """Inside a transaction: record ``item.weight`` rows if every window has room for
        them; else the first window without (None when they were recorded)."""
        now, weight = item.timestamp, item.weight
        for rate in self.rates:
            if rate.limit < weight:  # more than the window ever holds
                self._wait_until = None
                return rate
        offsets = [rate.limit - weight for rate in self.rates]
        bounds = conn.execute(self._bounds_sql, offsets).fetchone() or ()
        if any(
            bound is not None and bound >= now - rate.interval
            for rate, bound in zip(self.rates, bounds, strict=True)
        ):
            return self._refusal(conn, now, weight)
        newest = conn.execute(self._newest_sql).fetchone()
        stamp = now if newest is None or newest[0] is None else max(now, newest[0])
        conn.executemany(self._insert_sql, [(stamp,)] * weight)
        conn.execute(self._prune_sql, (now - self._keep_ms,))
        return None

    def waiting(self, item: RateItem) -> int:
        """Milliseconds until ``item`` fits, after :meth:`put` refused it; -1 if it never can."""
        rate = self.failing_rate
        if rate is None:
            return 0
        if item.weight > rate.limit:
            return -1
        until = self._wait_until
        return 0 if until is None else max(0, until - item.timestamp)

    def leak(self, current_timestamp: int | None = None) -> int:
        """Delete the rows older than every window; how many were deleted."""
        cutoff = (self.now() if current_timestamp is None else current_timestamp) - self._keep_ms
        with self._lock:
            cursor = self._connection().execute(self._prune_sql, (cutoff,))
            return max(0, cursor.rowcount)

    def flush(self) -> None:
        """Forget every request (the budget of every process sharing the file starts afresh)."""
        with self._lock:
            self._connection().execute(f'DELETE FROM "{self.table}"')
        self.failing_rate = None
        self._wait_until = None

    def count(self) -> int:
        """How many requests the file remembers (pruned ones are gone)."""
        with self._lock:
            row = self._connection().execute(f'SELECT COUNT(*) FROM "{self.table}"').fetchone()
        return int(row[0]) if row else 0

    def peek(self, index: int) -> RateItem | None:
        """The ``index``-th newest request (0 is the newest), or None."""
        t = self.table
        sql = f'SELECT ts FROM "{t}" WHERE seq = (SELECT max(seq) FROM "{t}") - ?'
        with self._lock:
            row = self._connection().execute(sql, (index,)).fetchone()
        if row is None:
            return None
        from pyrate_limiter import RateItem

        return RateItem(self.name, int(row[0]))

    def close(self) -> None:
        with self._lock:
            conn, mine = self._conn, self._pid == os.getpid()
            self._conn = None
            if conn is not None:
                if mine:
                    conn.close()
                else:
                    _INHERITED.append(conn)

    def __repr__(self) -> str:
        return f"<SQLiteBudget {self.path!r} table={self.table!r} rates={self.rates!r}>"


class _SetupLock:
    """``flock(2)`` on ``<file>.lock`` while a process sets a connection up (the lock
    earlier versions held around every request, so they are kept out too); nothing where
    there is no ``fcntl`` (SQLite's own lock and busy wait then)."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._fd: int | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the lock
            self._fd = None


class BudgetLimiter:
    """The client's limiter for the default bucket: the part of pyrate-limiter's ``Limiter``
    the transport uses (:meth:`buckets`, :meth:`close`), without importing it."""

    def __init__(self, bucket: SQLiteBudget) -> None:
        self.bucket = bucket

    def buckets(self) -> list[SQLiteBudget]:
        return [self.bucket]

    def close(self) -> None:
        self.bucket.close()

    def __repr__(self) -> str:
        return f"<BudgetLimiter {self.bucket!r}>"
