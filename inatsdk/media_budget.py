"""The media budget: how many bytes of photos may be downloaded per hour and per day.

iNaturalist asks API users to stay under 5 GB of media an hour and 24 GB a day, and blocks
those who do not. :class:`MediaBudget` keeps a ledger of the bytes downloaded in a SQLite file
in the user cache folder (``$INATSDK_CACHE_DIR`` overrides it), so every process and thread
using the same file shares one budget, across restarts. Its defaults stay a little under the
published limits.

    >>> from inatsdk.media_budget import MediaBudget
    >>> budget = MediaBudget()                     # 4.8 GB an hour, 23.5 GB a day
    >>> budget.remaining()  # doctest: +SKIP
    4800000000

``client.photos.download(...)`` reserves each file's size (as the server announces it) before
fetching it, and defers the files that do not fit; the windows slide (the bytes of a download
count for one hour, and for one day, after it).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import attrs

from inatsdk.errors import InvalidParameterError, TransportError

__all__ = [
    "DEFAULT_MEDIA_PER_DAY",
    "DEFAULT_MEDIA_PER_HOUR",
    "BudgetUsage",
    "MediaBudget",
]

DEFAULT_MEDIA_PER_HOUR = 4_800_000_000
"""Bytes an hour by default: a little under iNaturalist's 5 GB."""

DEFAULT_MEDIA_PER_DAY = 23_500_000_000
"""Bytes a day by default: a little under iNaturalist's 24 GB."""

_HOUR = 3600.0
_DAY = 86400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS media_ledger (
    name TEXT NOT NULL,
    at REAL NOT NULL,
    bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS media_ledger_name_at ON media_ledger (name, at);
"""


def _limit(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidParameterError(
            f"MediaBudget({attribute.name}=...) must be a number of bytes (0 or more) or None, "
            f"not {value!r}"
        )


def _bytes(value: object, method: str, *, negative: bool) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or (value < 0 and not negative):
        raise InvalidParameterError(
            f"MediaBudget.{method}() takes a number of bytes, not {value!r}"
        )
    return value


@attrs.frozen(kw_only=True)
class BudgetUsage:
    """Bytes counted in the last hour and the last day, and what is left of the tighter one
    (None when neither window is limited)."""

    hour: int
    day: int
    remaining: int | None


@attrs.frozen(kw_only=True)
class MediaBudget:
    """A shared allowance of media bytes per hour and per day.

    Parameters:
        per_hour: bytes allowed in any hour (None: no hourly limit).
        per_day: bytes allowed in any 24 hours (None: no daily limit).
        path: the SQLite ledger (default ``media_budget.sqlite`` in the user cache folder).
        name: the ledger's name within the file; budgets with the same file and name share
            their bytes.

    Every method opens the file for one short transaction, so one budget is safe to share
    between threads and processes. A failure of the file raises
    :class:`~inatsdk.errors.TransportError`.
    """

    per_hour: int | None = attrs.field(default=DEFAULT_MEDIA_PER_HOUR, validator=_limit)
    per_day: int | None = attrs.field(default=DEFAULT_MEDIA_PER_DAY, validator=_limit)
    path: Path | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Path),
    )
    name: str = "default"

    def resolved_path(self) -> Path:
        """Where the ledger lives."""
        if self.path is not None:
            return self.path
        from inatsdk.settings import default_cache_dir

        return default_cache_dir() / "media_budget.sqlite"

    # --- the ledger ----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        path = self.resolved_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(os.fspath(path), timeout=30.0, isolation_level=None)
        con.executescript(_SCHEMA)
        return con

    def _sums(self, con: sqlite3.Connection, now: float) -> tuple[int, int]:
        hour, day = con.execute(
            "SELECT COALESCE(SUM(CASE WHEN at > ? THEN bytes END), 0), COALESCE(SUM(bytes), 0) "
            "FROM media_ledger WHERE name = ? AND at > ?",
            (now - _HOUR, self.name, now - _DAY),
        ).fetchone()
        return max(0, int(hour)), max(0, int(day))

    def _left(self, hour: int, day: int) -> int | None:
        left = [
            lim - used
            for lim, used in ((self.per_hour, hour), (self.per_day, day))
            if lim is not None
        ]
        return max(0, min(left)) if left else None

    def _transaction(self, nbytes: int, *, check: bool) -> bool:
        failure: sqlite3.Error | OSError | None = None
        try:
            con = self._connect()
            try:
                con.execute("BEGIN IMMEDIATE")
                now = time.time()
                con.execute(
                    "DELETE FROM media_ledger WHERE name = ? AND at <= ?", (self.name, now - _DAY)
                )
                if check:
                    left = self._left(*self._sums(con, now))
                    if left is not None and nbytes > left:
                        con.execute("COMMIT")
                        return False
                if nbytes:
                    con.execute(
                        "INSERT INTO media_ledger (name, at, bytes) VALUES (?, ?, ?)",
                        (self.name, now, nbytes),
                    )
                con.execute("COMMIT")
                return True
            finally:
                con.close()
        except (sqlite3.Error, OSError) as exc:
            failure = exc
        raise TransportError(f"the media budget at {self.resolved_path()} failed: {failure}")

    def reserve(self, nbytes: int) -> bool:
        """Count ``nbytes`` against the budget if they fit in both windows, and say whether
        they did (nothing is counted when they do not)."""
        return self._transaction(_bytes(nbytes, "reserve", negative=False), check=True)

    def record(self, nbytes: int) -> None:
        """Count ``nbytes`` whether they fit or not (a file whose size was not known before it
        arrived), or give back a reservation with a negative number (a download that failed,
        or came in smaller than announced)."""
        self._transaction(_bytes(nbytes, "record", negative=True), check=False)

    def usage(self) -> BudgetUsage:
        """Bytes counted in the last hour and day, and what is left."""
        failure: sqlite3.Error | OSError | None = None
        try:
            con = self._connect()
            try:
                hour, day = self._sums(con, time.time())
            finally:
                con.close()
            return BudgetUsage(hour=hour, day=day, remaining=self._left(hour, day))
        except (sqlite3.Error, OSError) as exc:
            failure = exc
        raise TransportError(f"the media budget at {self.resolved_path()} failed: {failure}")

    def remaining(self) -> int | None:
        """Bytes that may still be downloaded now (None: no limit)."""
        return self.usage().remaining

    def reset(self) -> None:
        """Forget every byte counted under this budget's name (a fresh budget)."""
        failure: sqlite3.Error | OSError | None = None
        try:
            con = self._connect()
            try:
                con.execute("DELETE FROM media_ledger WHERE name = ?", (self.name,))
            finally:
                con.close()
            return
        except (sqlite3.Error, OSError) as exc:
            failure = exc
        raise TransportError(f"the media budget at {self.resolved_path()} failed: {failure}")
