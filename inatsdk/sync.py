"""A local SQLite mirror of an observation search that stays current.

    >>> from inatsdk.sync import open_observations, sync_observations
    >>> report = sync_observations(client, "birds.db", taxon_id=3, place_id=6712)  # doctest: +SKIP
    >>> report  # doctest: +SKIP
    SyncReport(added=3000, updated=0, deleted=0, requests=16, mode='full', resumed=False,
    complete=True, total=3000)
    >>> for obs in open_observations("birds.db"):  # doctest: +SKIP
    ...     print(obs.id, obs.taxon.name)

One database mirrors one search (the parameters are stored; syncing the same file with other
parameters is refused). Nothing but the standard library's :mod:`sqlite3` is needed to read it.

**How a sync runs**

* **First run**: pages through the search by id, ascending (``order_by=id``, ``id_above``),
  200 records a request, with no 10,000-result window.
* **Later runs** ask only for what changed: the same search with ``updated_since`` set to the
  start of the previous run minus a safety margin (:data:`DEFAULT_MARGIN`, ten minutes), since
  the API's search index lags behind its database and the local clock may be off. Records
  fetched again within the margin are counted as updated only when their JSON changed.
* **Deletions**: when the client is signed in, ``GET /v1/observations/deleted`` names the
  signed-in user's own deleted observations (one request; it answers at most 500 ids). Then
  one count request (``per_page=0``) compares the server's total with the mirror's: when they
  agree, nothing else went missing. When they differ (records of others deleted, or records that
  no longer match the search, for example after a change of quality grade), an id scan finds
  them: where only a few are missing among many pages, it halves the id range and counts each
  half (one request a halving) until the ranges are small; it lists the ids of the ranges that
  differ (``only_id=true``, 200 ids a request, by id) and removes the rest from the mirror (and
  fetches any record the mirror lacks). The scan is bounded: a search
  matching more than ``max_scan`` records (default :data:`DEFAULT_MAX_SCAN`) is not scanned;
  the run logs a warning and its report says ``complete=False``. (Without the deleted-ids
  route, many scattered deletions cost about as many requests as the first run, in far fewer
  bytes; a few cost a handful.)
* **One run at a time** per file: the mirror is not meant for two syncs at once.
* **Checkpoints**: every page is written in one transaction together with the cursor (the
  highest id done), so an interrupted run (an error, Ctrl-C, a killed process) resumes at the
  next page, without fetching the finished pages again. A resumed first run, and every later
  run, also checks for deletions.

Requests go through the client (rate limit, retries, timeouts, credentials), past its HTTP
cache (a mirror wants fresh answers), to v1 whatever the client's ``api_version`` (so every
stored record has one shape). ``SyncReport.requests`` counts the API calls the sync
made (a retry of one call is not counted again). In dry-run (``dry_run=True``/``"all"``)
the first request is logged, nothing is sent and the database is not touched.

**The schema** (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`)

``observations``
    one row per observation: ``id`` (primary key), ``uuid``, ``user_id``, ``taxon_id``,
    ``quality_grade``, ``observed_on``, ``updated_at``, ``json`` (the whole record, as the
    model's lossless :meth:`~inatsdk.models.BaseModel.to_json` gives it, so
    :func:`open_observations` loses nothing) and ``synced_at`` (when it was last written).
``taxa``
    ``id``, ``name``, ``rank``, ``json``: each observation's taxon as the search embeds it.
``users``
    ``id``, ``login``, ``json``: each observation's observer.
``photos``
    ``observation_id``, ``id``, ``position``, ``license_code``, ``attribution``, ``url``,
    ``json``: the photos of each observation (replaced when the observation changes, removed
    with it).
``sync_state``
    one row: ``query`` (the search parameters, as JSON), ``phase`` (``"full"`` or
    ``"incremental"`` while a run is unfinished, ``"idle"`` between runs), ``cursor`` (the
    highest id finished by the unfinished run), ``since`` (its ``updated_since``),
    ``run_started`` and ``last_synced`` (UTC, ISO 8601).
``sync_runs``
    one row per finished run: ``started``, ``finished``, ``mode``, ``added``, ``updated``,
    ``deleted``, ``requests``.

Taxa and users are reference tables: they are updated, never pruned.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import sqlite3
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import attrs
from typing_extensions import Unpack

from inatsdk.errors import InvalidParameterError, TransportError

if TYPE_CHECKING:
    from inatsdk.client import iNatClient
    from inatsdk.models import Observation
    from inatsdk.params.paginators import ObservationsSearchPaginator
    from inatsdk.params.v1 import ObservationsSearchParams

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_MAX_SCAN",
    "SCHEMA_VERSION",
    "ObservationMirror",
    "SyncProgress",
    "SyncReport",
    "open_observations",
    "sync_observations",
]

logger = logging.getLogger("inatsdk")

SCHEMA_VERSION = 1
"""The mirror's schema version (``PRAGMA user_version``)."""

DEFAULT_MARGIN = timedelta(minutes=10)
"""How far before the previous run's start ``updated_since`` reaches back, for the search
index's lag and clock skew."""

DEFAULT_MAX_SCAN = 50_000
"""The largest search an id scan walks through (250 requests of 200 ids)."""

PAGE_SIZE = 200
"""Records (or ids) per request: the API's maximum for observation searches."""

DELETED_ROUTE_CAP = 500
"""``/observations/deleted`` answers at most this many ids; a full answer may miss some."""

#: Parameters the sync sets itself.
_MANAGED = frozenset({"order_by", "order", "only_id", "updated_since", "page", "per_page"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    id INTEGER PRIMARY KEY,
    uuid TEXT,
    user_id INTEGER,
    taxon_id INTEGER,
    quality_grade TEXT,
    observed_on TEXT,
    updated_at TEXT,
    json TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS observations_taxon_id ON observations (taxon_id);
CREATE INDEX IF NOT EXISTS observations_user_id ON observations (user_id);
CREATE TABLE IF NOT EXISTS taxa (
    id INTEGER PRIMARY KEY,
    name TEXT,
    rank TEXT,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    login TEXT,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS photos (
    observation_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    position INTEGER,
    license_code TEXT,
    attribution TEXT,
    url TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (observation_id, id)
);
CREATE TABLE IF NOT EXISTS sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    query TEXT NOT NULL,
    phase TEXT NOT NULL,
    cursor INTEGER,
    since TEXT,
    run_started TEXT,
    last_synced TEXT
);
CREATE TABLE IF NOT EXISTS sync_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    mode TEXT NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    requests INTEGER NOT NULL
);
"""

SyncMode = Literal["full", "incremental"]


@attrs.frozen(kw_only=True)
class SyncReport:
    """What one :func:`sync_observations` run did.

    Attributes:
        added: observations new to the mirror.
        updated: observations whose record changed.
        deleted: observations removed (deleted on the server, or no longer matching).
        requests: API calls made (retries of one call are not counted again).
        mode: ``"full"`` (the first run, paging through everything) or ``"incremental"``.
        resumed: whether this run continued an interrupted one.
        complete: False when the deletion check was skipped (a search larger than
            ``max_scan``); the mirror may then hold records the server no longer has.
        total: observations in the mirror afterwards.
    """

    added: int = 0
    updated: int = 0
    deleted: int = 0
    requests: int = 0
    mode: SyncMode = "full"
    resumed: bool = False
    complete: bool = True
    total: int = 0


@attrs.frozen(kw_only=True)
class SyncProgress:
    """Passed to ``on_page`` after each page is written (and checkpointed).

    Attributes:
        mode: ``"full"`` or ``"incremental"``.
        pages: pages written in this run so far.
        records: records received in this run so far.
        cursor: the highest id finished (where a resumed run starts).
        total: the server's count of records for this pass (the first page's figure).
    """

    mode: SyncMode
    pages: int
    records: int
    cursor: int
    total: int


@attrs.define
class _State:
    query: str
    phase: str
    cursor: int | None
    since: str | None
    run_started: str | None
    last_synced: str | None


@attrs.define
class _Counter:
    requests: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _db_path(db: object) -> Path:
    if isinstance(db, (str, os.PathLike)):
        text = os.fspath(cast("str | os.PathLike[str]", db))
        if text.strip():
            return Path(text)
    raise InvalidParameterError(f"db must be a file path, not {db!r} (nothing was sent)")


def _query_key(params: Mapping[str, object]) -> str:
    from inatsdk.params.encode import encode_params

    return json.dumps(dict(sorted(encode_params(params).items())), separators=(",", ":"))


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version not in (0, SCHEMA_VERSION):
        con.close()
        raise InvalidParameterError(
            f"{path} has schema version {version}; this inatsdk writes version {SCHEMA_VERSION}"
        )
    con.executescript(_SCHEMA)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return con


def _read_state(con: sqlite3.Connection) -> _State | None:
    row = con.execute(
        "SELECT query, phase, cursor, since, run_started, last_synced FROM sync_state WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return _State(*row)


def _write_state(con: sqlite3.Connection, state: _State) -> None:
    con.execute(
        "INSERT OR REPLACE INTO sync_state (id, query, phase, cursor, since, run_started, "
        "last_synced) VALUES (1, ?, ?, ?, ?, ?, ?)",
        (
            state.query,
            state.phase,
            state.cursor,
            state.since,
            state.run_started,
            state.last_synced,
        ),
    )


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True, default=str)


def _upsert(con: sqlite3.Connection, obs: Observation, synced_at: str, counter: _Counter) -> None:
    """Write one observation (and its taxon, user and photos); count it as added or updated."""
    if obs.id is None:
        return
    record = _dumps(obs.to_json())
    old = con.execute("SELECT json FROM observations WHERE id = ?", (obs.id,)).fetchone()
    if old is not None and old[0] == record:
        return
    if old is None:
        counter.added += 1
    else:
        counter.updated += 1
    con.execute(
        "INSERT OR REPLACE INTO observations (id, uuid, user_id, taxon_id, quality_grade, "
        "observed_on, updated_at, json, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            obs.id,
            obs.uuid,
            obs.user.id if obs.user is not None else None,
            obs.taxon.id if obs.taxon is not None else None,
            obs.quality_grade,
            obs.observed_on.isoformat() if obs.observed_on is not None else None,
            _iso(obs.updated_at) if obs.updated_at is not None else None,
            record,
            synced_at,
        ),
    )
    if obs.taxon is not None and obs.taxon.id is not None:
        con.execute(
            "INSERT OR REPLACE INTO taxa (id, name, rank, json) VALUES (?, ?, ?, ?)",
            (obs.taxon.id, obs.taxon.name, obs.taxon.rank, _dumps(obs.taxon.to_json())),
        )
    if obs.user is not None and obs.user.id is not None:
        con.execute(
            "INSERT OR REPLACE INTO users (id, login, json) VALUES (?, ?, ?)",
            (obs.user.id, obs.user.login, _dumps(obs.user.to_json())),
        )
    con.execute("DELETE FROM photos WHERE observation_id = ?", (obs.id,))
    placed = [
        (op.position if op.position is not None else i, op.photo)
        for i, op in enumerate(obs.observation_photos or [])
        if op.photo is not None
    ] or list(enumerate(obs.photos or []))
    for position, photo in placed:
        if photo.id is None:
            continue
        con.execute(
            "INSERT OR REPLACE INTO photos (observation_id, id, position, license_code, "
            "attribution, url, json) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                obs.id,
                photo.id,
                position,
                photo.license_code,
                photo.attribution,
                photo.url,
                _dumps(photo.to_json()),
            ),
        )


def _delete(con: sqlite3.Connection, ids: Sequence[int]) -> int:
    removed = 0
    for oid in ids:
        cur = con.execute("DELETE FROM observations WHERE id = ?", (oid,))
        if cur.rowcount:
            removed += 1
            con.execute("DELETE FROM photos WHERE observation_id = ?", (oid,))
    return removed


def _check_params(params: Mapping[str, object], where: str) -> None:
    managed = sorted(_MANAGED & params.keys())
    if managed:
        raise InvalidParameterError(
            f"{where}: {', '.join(managed)} is set by the sync itself (it pages by id and asks "
            "for updated_since); leave it out (nothing was sent)"
        )


def _check_options(margin: object, max_scan: object, where: str) -> None:
    if not isinstance(margin, timedelta) or margin < timedelta(0):
        raise InvalidParameterError(
            f"{where}: margin must be a timedelta of 0 or more, not {margin!r} (nothing was sent)"
        )
    if isinstance(max_scan, bool) or not isinstance(max_scan, int) or max_scan < 0:
        raise InvalidParameterError(
            f"{where}: max_scan must be a non-negative integer, not {max_scan!r} (nothing was sent)"
        )


class _Pager:
    """One request per call: the next page of a search by id, ascending."""

    def __init__(self, search: ObservationsSearchPaginator[Observation], counter: _Counter):
        self._search = search.order_by("id", desc=False)
        self._counter = counter
        self.total = 0

    def page(
        self,
        cursor: int | None,
        *,
        updated_since: str | None = None,
        only_id: bool = False,
        ids: Sequence[int] | None = None,
        below: int | None = None,
    ) -> list[Observation]:
        query = self._search
        if below is not None:
            query = query.filter(id_below=below)
        if updated_since is not None:
            query = query.filter(updated_since=updated_since)
        if only_id:
            query = query.filter(only_id=True)
        if ids is not None:
            query = query.filter(id=list(ids))
        if cursor is not None:
            query = query.filter(id_above=cursor)
        self._counter.requests += 1
        page = next(iter(query.limit(PAGE_SIZE).pages()), None)
        if page is None:
            return []
        if not self.total:
            self.total = page.total_results
        return page.results

    def count(self, above: int | None = None, below: int | None = None) -> int:
        """The server's count of the search, within ``(above, below)`` when given."""
        query = self._search
        if above is not None:
            query = query.filter(id_above=above)
        if below is not None:
            query = query.filter(id_below=below)
        self._counter.requests += 1
        return query.count()


def sync_observations(
    client: iNatClient,
    db: str | os.PathLike[str],
    *,
    margin: timedelta = DEFAULT_MARGIN,
    max_scan: int = DEFAULT_MAX_SCAN,
    on_page: Callable[[SyncProgress], object] | None = None,
    **params: Unpack[ObservationsSearchParams],
) -> SyncReport:
    """Bring the SQLite mirror ``db`` in step with ``client.observations.search(**params)``.

    The first run fetches every record, by id; later runs fetch only what changed since the
    previous one (minus ``margin``), and remove what was deleted (see the module docstring
    for how, and for the schema). Each page is checkpointed: a run that fails or is
    interrupted resumes where it stopped.

    Parameters:
        client: the client to send through (its rate limit, retries and credentials apply;
            signed in, the API's list of the user's deleted observations is used too).
        db: the database file (created if missing). One file mirrors one search.
        margin: how far before the previous run's start ``updated_since`` reaches back.
        max_scan: the largest search the deletion check scans id by id.
        on_page: called with a :class:`SyncProgress` after each page is written.
        params: the search's parameters, as ``client.observations.search`` takes them
            (``order_by``, ``order``, ``only_id`` and ``updated_since`` are the sync's own).

    Raises :class:`~inatsdk.errors.InvalidParameterError` for a bad parameter, or a file that
    mirrors another search, before anything is sent; the API's errors as any call does.
    """
    where = "inatsdk.sync.sync_observations()"
    path = _db_path(db)
    _check_params(params, where)
    _check_options(margin, max_scan, where)
    fresh = client.with_options(use_cache=False, api_version="v1")  # one record shape
    search = fresh.observations.search(**params)  # checks the parameters
    key = _query_key(params)
    counter = _Counter()
    pager = _Pager(search, counter)
    if client.dry_run == "all":
        pager.page(None)  # logged, answered locally
        return SyncReport(requests=0)
    try:
        con = _connect(path)
    except (sqlite3.Error, OSError) as exc:
        raise InvalidParameterError(
            f"{where}: {path} cannot hold a mirror ({type(exc).__name__}: {exc}); nothing was sent"
        ) from None
    try:
        return _run(con, fresh, pager, key, params, margin, max_scan, on_page, counter, where)
    except sqlite3.Error as exc:
        raise TransportError(f"{where}: writing the mirror {path} failed: {exc}") from None
    finally:
        con.close()


def _run(
    con: sqlite3.Connection,
    client: iNatClient,
    pager: _Pager,
    key: str,
    params: Mapping[str, object],
    margin: timedelta,
    max_scan: int,
    on_page: Callable[[SyncProgress], object] | None,
    counter: _Counter,
    where: str,
) -> SyncReport:
    state = _read_state(con)
    if state is not None and state.query != key:
        raise InvalidParameterError(
            f"{where}: this database mirrors another search ({state.query}); use another file "
            "for these parameters (nothing was sent)"
        )
    started = _now()
    floor = params.get("id_above")
    lower: int | None = int(str(floor)) if floor is not None else None
    resumed = state is not None and state.phase in ("full", "incremental")
    if state is None or state.phase == "full":
        mode: SyncMode = "full"
        since: str | None = None
    else:
        mode = "incremental"
        if state.phase == "incremental" and state.since is not None:
            since = state.since
        else:
            last = _parse_time(state.last_synced or _iso(started))
            since = _iso(last - margin)
    if state is not None and resumed:
        run_started = state.run_started or _iso(started)
        cursor = state.cursor if state.cursor is not None else lower
    else:
        run_started = _iso(started)
        cursor = lower
    state = _State(
        query=key,
        phase=mode,
        cursor=cursor,
        since=since,
        run_started=run_started,
        last_synced=state.last_synced if state is not None else None,
    )
    _write_state(con, state)
    if resumed:
        logger.info("%s: resuming a %s run after id %s", where, mode, cursor)
    pages = records = 0
    while True:
        batch = pager.page(cursor, updated_since=since)
        if not batch:
            break
        synced_at = _iso(_now())
        con.execute("BEGIN IMMEDIATE")
        try:
            for obs in batch:
                _upsert(con, obs, synced_at, counter)
            cursor = max(o.id for o in batch if o.id is not None)
            state.cursor = cursor
            _write_state(con, state)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        pages += 1
        records += len(batch)
        if on_page is not None:
            on_page(
                SyncProgress(
                    mode=mode, pages=pages, records=records, cursor=cursor, total=pager.total
                )
            )
        if len(batch) < PAGE_SIZE:
            break
    complete = True
    if mode == "incremental" or resumed:
        check_since = since or _iso(_parse_time(run_started) - margin)
        complete = _remove_deleted(con, client, pager, check_since, max_scan, counter, where)
    finished = _now()
    state.phase, state.cursor, state.since = "idle", None, None
    state.last_synced = run_started
    con.execute("BEGIN IMMEDIATE")
    _write_state(con, state)
    con.execute(
        "INSERT INTO sync_runs (started, finished, mode, added, updated, deleted, requests) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            _iso(started),
            _iso(finished),
            mode,
            counter.added,
            counter.updated,
            counter.deleted,
            counter.requests,
        ),
    )
    con.execute("COMMIT")
    total = int(con.execute("SELECT COUNT(*) FROM observations").fetchone()[0])
    return SyncReport(
        added=counter.added,
        updated=counter.updated,
        deleted=counter.deleted,
        requests=counter.requests,
        mode=mode,
        resumed=resumed,
        complete=complete,
        total=total,
    )


def _local_count(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT COUNT(*) FROM observations").fetchone()[0])


def _remove_deleted(
    con: sqlite3.Connection,
    client: iNatClient,
    pager: _Pager,
    since: str,
    max_scan: int,
    counter: _Counter,
    where: str,
) -> bool:
    """Remove what the server no longer has; False when the check had to be skipped."""
    must_scan = False
    if client.has_credentials():
        counter.requests += 1
        gone = client.observations.deleted(since)
        if gone:
            con.execute("BEGIN IMMEDIATE")
            counter.deleted += _delete(con, gone)
            con.execute("COMMIT")
        must_scan = len(gone) >= DELETED_ROUTE_CAP
    server_total = pager.count()
    if not must_scan and server_total == _local_count(con):
        return True
    if server_total > max_scan:
        logger.warning(
            "%s: the search matches %d records, more than max_scan=%d: records deleted on the "
            "server may stay in the mirror (raise max_scan, or narrow the search)",
            where,
            server_total,
            max_scan,
        )
        return False
    local_ids = sorted(int(r[0]) for r in con.execute("SELECT id FROM observations"))
    server_ids = _scan(pager, None, None, local_ids, server_total)
    con.execute("BEGIN IMMEDIATE")
    counter.deleted += _delete(con, sorted(set(local_ids) - server_ids))
    con.execute("COMMIT")
    missing = sorted(server_ids - set(local_ids))
    for start in range(0, len(missing), PAGE_SIZE):
        chunk = missing[start : start + PAGE_SIZE]
        batch = pager.page(None, ids=chunk)
        synced_at = _iso(_now())
        con.execute("BEGIN IMMEDIATE")
        for obs in batch:
            _upsert(con, obs, synced_at, counter)
        con.execute("COMMIT")
    return True


def _worth_halving(missing: int, local: int, server: int) -> bool:
    """Whether counting the two halves of a range (one request) is likely cheaper than
    listing its ids: a few records missing among many pages. Halving costs about
    ``missing * (log2(pages / missing) + 2)`` requests when the missing records are spread
    out (less when they cluster), listing ``pages``."""
    pages = math.ceil(server / PAGE_SIZE)
    if missing <= 0 or local <= 2 * PAGE_SIZE or pages <= 2:
        return False
    return missing * (math.log2(max(1.0, pages / missing)) + 2) < pages


def _scan(
    pager: _Pager, above: int | None, below: int | None, local: list[int], server: int
) -> set[int]:
    """The ids the search matches in ``(above, below)``, where the mirror holds ``local``
    (ascending) and the server counts ``server``: a range whose counts agree is taken as the
    mirror's; one where a few records are missing is halved and each half counted (the second
    half's count is the difference, so a halving costs one request); the rest are listed,
    200 ids a request."""
    if server == len(local):
        return set(local)
    if _worth_halving(len(local) - server, len(local), server):
        middle = local[len(local) // 2 - 1]
        left = pager.count(above, middle + 1)
        return _scan(pager, above, middle + 1, local[: len(local) // 2], left) | _scan(
            pager, middle, below, local[len(local) // 2 :], server - left
        )
    found: set[int] = set()
    cursor = above
    while True:
        batch = pager.page(cursor, only_id=True, below=below)
        ids = [o.id for o in batch if o.id is not None]
        found.update(ids)
        if len(batch) < PAGE_SIZE or not ids:
            return found
        cursor = max(ids)


# --- reading the mirror back ------------------------------------------------------------------


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)


@contextlib.contextmanager
def _reading(path: Path) -> Generator[sqlite3.Connection]:
    """A read-only connection to the mirror; a failure of the file raises
    :class:`~inatsdk.errors.TransportError`."""
    try:
        con = _read_only(path)
    except sqlite3.Error as exc:
        raise TransportError(f"reading the mirror {path} failed: {exc}") from None
    try:
        yield con
    except sqlite3.Error as exc:
        raise TransportError(f"reading the mirror {path} failed: {exc}") from None
    finally:
        con.close()


class ObservationMirror:
    """A mirror written by :func:`sync_observations`, read as
    :class:`~inatsdk.models.Observation` models (from the stored JSON: nothing is lost).

    Iterating streams the observations in id order; each call opens the file read-only for
    as long as it needs it, so a mirror object holds no connection. A failure of the file
    raises :class:`~inatsdk.errors.TransportError`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[Observation]:
        from inatsdk.models import Observation

        with _reading(self.path) as con:
            for (text,) in con.execute("SELECT json FROM observations ORDER BY id"):
                yield Observation.from_json(json.loads(text))

    def __len__(self) -> int:
        with _reading(self.path) as con:
            return _local_count(con)

    def __contains__(self, observation_id: object) -> bool:
        return isinstance(observation_id, int) and self.get(observation_id) is not None

    def get(self, observation_id: int) -> Observation | None:
        """The observation with this id, or None."""
        from inatsdk.models import Observation

        with _reading(self.path) as con:
            row = con.execute(
                "SELECT json FROM observations WHERE id = ?", (observation_id,)
            ).fetchone()
        return None if row is None else Observation.from_json(json.loads(row[0]))

    def ids(self) -> list[int]:
        """The ids of the mirrored observations, ascending."""
        with _reading(self.path) as con:
            return [int(r[0]) for r in con.execute("SELECT id FROM observations ORDER BY id")]

    @property
    def last_synced(self) -> datetime | None:
        """When the last finished sync started (UTC), or None before the first."""
        with _reading(self.path) as con:
            row = con.execute("SELECT last_synced FROM sync_state WHERE id = 1").fetchone()
        return _parse_time(row[0]) if row is not None and row[0] else None

    @property
    def query(self) -> dict[str, str]:
        """The search parameters this mirror follows (as sent)."""
        with _reading(self.path) as con:
            row = con.execute("SELECT query FROM sync_state WHERE id = 1").fetchone()
        if row is None:
            return {}
        loaded: dict[str, str] = json.loads(row[0])
        return loaded

    def __repr__(self) -> str:
        return f"<ObservationMirror {str(self.path)!r}>"


def open_observations(db: str | os.PathLike[str]) -> ObservationMirror:
    """The mirror in ``db`` (written by :func:`sync_observations`), to read back as
    :class:`~inatsdk.models.Observation` models: ``for obs in open_observations("birds.db")``,
    ``len(...)``, ``.get(id)``, ``.ids()``, ``.last_synced``.

    Raises :class:`~inatsdk.errors.InvalidParameterError` when the file is missing or is not
    such a mirror.
    """
    path = _db_path(db)
    if not path.is_file():
        raise InvalidParameterError(f"{path} does not exist: run sync_observations first")
    try:
        with _reading(path) as con:
            con.execute("SELECT 1 FROM observations LIMIT 1").fetchall()
    except TransportError:
        raise InvalidParameterError(
            f"{path} is not an observation mirror written by inatsdk.sync"
        ) from None
    return ObservationMirror(path)
