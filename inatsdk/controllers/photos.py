"""``client.photos``: photos uploaded on their own (see :mod:`inatsdk.controllers.media`), and
photo downloads within iNaturalist's media limits.

:meth:`PhotosController.download` fetches photo files through the client's transport (its
retries, timeouts, typed errors, dry-run and User-Agent, never its token) but not through its
API rate limiter: photo files are not API calls (iNaturalist serves them from static and
open-data hosts) and are paced by the media budget and a bounded number of workers instead.
It:

* skips files already in the folder with the right size (the size recorded in the folder's
  ``attribution.csv``, or, for a file it has no record of, the size the server announces), so
  an interrupted or deferred download resumes where it stopped and no file is fetched twice;
* sends one ``GET`` per file, reads the size its headers announce (``Content-Length``) and
  reserves it in the :class:`~inatsdk.media_budget.MediaBudget` before reading the body; once
  a file does not fit, its answer is closed unread and it and every file after it are reported
  deferred (run again later, or with a fresh budget);
* writes each file's license and attribution, with its URL and size, to ``attribution.csv``
  in the folder;
* shows a progress bar on a terminal (rich, on stderr), and none otherwise.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import os
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast
from urllib.parse import urlsplit

import attrs

from inatsdk.controllers.media import PhotosController as _UploadsController
from inatsdk.errors import InvalidParameterError, TransportError, iNatError
from inatsdk.media_budget import MediaBudget
from inatsdk.models import Observation, Photo
from inatsdk.models.photo import PHOTO_SIZES, PhotoSize

if TYPE_CHECKING:
    from inatsdk.session import ApiStream

__all__ = [
    "ATTRIBUTION_FILE",
    "DownloadFailure",
    "DownloadReport",
    "PhotoSize",
    "PhotosController",
]

logger = logging.getLogger("inatsdk")

ATTRIBUTION_FILE = "attribution.csv"
"""The file beside the photos naming each one's license and author."""

_COLUMNS: tuple[str, ...] = (
    "file",
    "photo_id",
    "size",
    "bytes",
    "license_code",
    "attribution",
    "attribution_name",
    "observation_id",
    "url",
    "downloaded_at",
)


@attrs.frozen(kw_only=True)
class DownloadFailure:
    """A photo that could not be downloaded, and why."""

    photo: Photo
    error: iNatError


@attrs.frozen(kw_only=True)
class DownloadReport:
    """What one :meth:`PhotosController.download` call did.

    Attributes:
        folder: where the files are.
        downloaded: photos fetched now.
        skipped: photos whose file was already there, complete.
        deferred: photos left for later: the media budget had no room for them (or, in
            dry-run, nothing was fetched). Pass them to ``download`` again later.
        failed: photos that could not be fetched, with the error.
        bytes: bytes fetched now.
    """

    folder: Path
    downloaded: list[Photo] = attrs.field(factory=list[Photo])
    skipped: list[Photo] = attrs.field(factory=list[Photo])
    deferred: list[Photo] = attrs.field(factory=list[Photo])
    failed: list[DownloadFailure] = attrs.field(factory=list[DownloadFailure])
    bytes: int = 0

    def __repr__(self) -> str:
        return (
            f"DownloadReport(downloaded={len(self.downloaded)}, skipped={len(self.skipped)}, "
            f"deferred={len(self.deferred)}, failed={len(self.failed)}, bytes={self.bytes:,})"
        )


Outcome = Literal["downloaded", "skipped", "deferred", "failed"]


@attrs.define
class _Job:
    photo: Photo
    observation_id: int | None
    url: str
    path: Path


class _Manifest:
    """``attribution.csv``: one row per file (the last row for a file wins); rows are appended
    as files arrive, so an interrupted run keeps what it did."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ATTRIBUTION_FILE
        self._lock = threading.Lock()
        self.rows: dict[str, dict[str, str]] = {}
        if self.path.is_file():
            with self.path.open(newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    name = row.get("file")
                    if name:
                        self.rows[name] = {k: v or "" for k, v in row.items() if k}

    def size_of(self, name: str) -> int | None:
        raw = self.rows.get(name, {}).get("bytes", "")
        return int(raw) if raw.isdigit() else None

    def add(self, job: _Job, size: PhotoSize, nbytes: int) -> None:
        photo = job.photo
        row = {
            "file": job.path.name,
            "photo_id": str(photo.id or ""),
            "size": size,
            "bytes": str(nbytes),
            "license_code": photo.license_code or "",
            "attribution": photo.attribution or "",
            "attribution_name": photo.attribution_name or "",
            "observation_id": str(job.observation_id or ""),
            "url": job.url,
            "downloaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        failure: OSError | None = None
        with self._lock:
            try:
                new = not self.path.is_file()
                with self.path.open("a", newline="", encoding="utf-8") as f:
                    writer = csv.DictWriter(f, fieldnames=_COLUMNS)
                    if new:
                        writer.writeheader()
                    writer.writerow(row)
            except OSError as exc:
                failure = exc
            self.rows[job.path.name] = row
        if failure is not None:
            raise TransportError(f"writing {self.path} failed: {failure}")

    def compact(self) -> None:
        """Rewrite the file with one row per file, in file order."""
        with self._lock:
            if not self.rows:
                return
            tmp = self.path.with_suffix(".csv.tmp")
            with tmp.open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=_COLUMNS, extrasaction="ignore")
                writer.writeheader()
                for name in sorted(self.rows):
                    writer.writerow({c: self.rows[name].get(c, "") for c in _COLUMNS})
            os.replace(tmp, self.path)


def _photos_of(items: object, where: str) -> Iterator[tuple[Photo, int | None]]:
    if isinstance(items, (str, bytes, Photo, Observation)) or not isinstance(items, Iterable):
        raise InvalidParameterError(
            f"{where}: photos must be a list of Photo or Observation models, not {items!r} "
            "(nothing was sent)"
        )
    given: Iterable[object] = items  # pyright: ignore[reportUnknownVariableType]
    for item in given:
        if isinstance(item, Photo):
            yield item, None
        elif isinstance(item, Observation):
            placed = [op.photo for op in item.observation_photos or [] if op.photo is not None]
            for photo in placed or item.photos or []:
                yield photo, item.id
        else:
            raise InvalidParameterError(
                f"{where}: {item!r} is not a Photo or an Observation (nothing was sent)"
            )


def _extension(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"jpeg": "jpg"}.get(ext, ext) if ext.isalnum() and len(ext) <= 5 else "jpg"


class PhotosController(_UploadsController):
    """Photos: upload and create (photos on their own), and download (files of any photo)."""

    def download(
        self,
        photos: Iterable[Photo | Observation],
        folder: str | os.PathLike[str],
        *,
        size: PhotoSize = "medium",
        budget: MediaBudget | None = None,
        workers: int = 4,
        progress: bool | None = None,
        dry_run: bool | None = None,
    ) -> DownloadReport:
        """Download the files of ``photos`` (Photo models, or observations: their photos) in
        ``size`` into ``folder``, with ``attribution.csv`` beside them. Files are named
        ``<photo id>_<size>.<ext>``; the same photo given twice is fetched once.

        Each file costs one ``GET`` (none for a file already complete), ``workers`` at a time,
        sent without a token and without waiting for the client's API rate limit: photo files
        are not API calls, and the media ``budget`` paces them. The budget is reserved from
        the ``Content-Length`` of each answer before its body is read, in the order the photos
        were given (so which files fit does not depend on thread scheduling); a file that does
        not fit is closed unread. A server that announces no size has each body read, and
        counted as it arrives, in its turn.

        Parameters:
            photos: the photos (or observations) to fetch.
            folder: where to put them (created if missing).
            size: one of ``square``, ``thumb``, ``small``, ``medium``, ``large``, ``original``.
            budget: the media budget to count the bytes against (default: ``MediaBudget()``,
                4.8 GB an hour and 23.5 GB a day, shared by every process on this machine).
            workers: how many files to fetch at once (1-16); at most this many connections are
                open to the media host at a time.
            progress: a progress bar on stderr: None (default) shows one on a terminal only.
            dry_run: True logs the requests and fetches nothing (every photo is deferred).

        Raises :class:`~inatsdk.errors.InvalidParameterError` for bad arguments before anything
        is sent; a file that fails is reported in ``failed`` and does not stop the others.
        """
        where = "client.photos.download()"
        if size not in PHOTO_SIZES:
            raise InvalidParameterError(
                f"{where}: size must be one of {', '.join(PHOTO_SIZES)}, not {size!r} "
                "(nothing was sent)"
            )
        _check_workers(workers, where)
        target = _folder(folder, where)
        chosen = budget if budget is not None else MediaBudget()
        failed: list[DownloadFailure] = []
        jobs: list[_Job] = []
        seen: set[str] = set()
        for photo, observation_id in _photos_of(photos, where):
            url = photo.url_for(size)
            if url is None or urlsplit(url).scheme not in ("http", "https"):
                error = InvalidParameterError(f"photo {photo.id} has no http(s) URL for {size}")
                failed.append(DownloadFailure(photo=photo, error=error))
                continue
            stem = str(photo.id) if photo.id is not None else f"photo-{len(jobs)}"
            path = target / f"{stem}_{size}.{_extension(url)}"
            if path.name in seen:
                continue
            seen.add(path.name)
            jobs.append(_Job(photo=photo, observation_id=observation_id, url=url, path=path))
        if self._requester.call_options(dry_run).dry_run == "all":
            for job in jobs:
                self._open(job.url, dry_run=True).close()  # logged, answered locally
            return DownloadReport(
                folder=target, deferred=[job.photo for job in jobs], failed=failed
            )
        target.mkdir(parents=True, exist_ok=True)

        def fetch(url: str) -> ApiStream:
            return self._open(url, dry_run=dry_run)

        run = _Run(fetch, size, chosen, _Manifest(target))
        show = sys.stderr.isatty() if progress is None else progress
        with _progress_bar(show, len(jobs)) as advance, ThreadPoolExecutor(workers) as pool:

            def work(item: tuple[int, _Job]) -> Outcome:
                return advance(run.one(*item))

            for _ in pool.map(work, enumerate(jobs)):
                pass
        run.manifest.compact()
        return run.report(target, jobs, failed)

    def _open(self, url: str, *, dry_run: bool | None) -> ApiStream:
        """One GET for a file, through the client's transport, its body unread: no token,
        never cached, not counted against the API rate limit."""
        from inatsdk.session import ApiRequest

        request = ApiRequest(
            method="GET",
            url=url,
            headers={"Accept": "image/*, */*"},
            auth="none",
            cacheable=False,
            rate_limited=False,
        )
        return self._requester.open_stream(request, dry_run=dry_run)


def _check_workers(workers: object, where: str) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 16:
        raise InvalidParameterError(f"{where}: workers must be 1 to 16, not {workers!r}")


def _folder(folder: object, where: str) -> Path:
    if isinstance(folder, (str, os.PathLike)):
        text = os.fspath(cast("str | os.PathLike[str]", folder))
        if text.strip():
            path = Path(text)
            if path.exists() and not path.is_dir():
                raise InvalidParameterError(f"{where}: {path} is a file, not a folder")
            return path
    raise InvalidParameterError(f"{where}: folder must be a path, not {folder!r}")


class _Run:
    """One download call's shared state (thread-safe)."""

    def __init__(
        self,
        fetch: Callable[[str], ApiStream],
        size: PhotoSize,
        budget: MediaBudget,
        manifest: _Manifest,
    ) -> None:
        self.fetch = fetch
        self.size: PhotoSize = size
        self.budget = budget
        self.manifest = manifest
        self.full = threading.Event()
        self.lock = threading.Lock()
        self.cond = threading.Condition()
        self.next_turn = 0
        self.outcomes: dict[int, tuple[Outcome, int, iNatError | None]] = {}
        """Per job (its index): the outcome, the bytes fetched, the error."""

    def _done(self, job: _Job, outcome: Outcome, nbytes: int = 0) -> Outcome:
        with self.lock:
            self.outcomes[id(job)] = (outcome, nbytes, None)
        return outcome

    def _failed(self, job: _Job, error: iNatError) -> Outcome:
        with self.lock:
            self.outcomes[id(job)] = ("failed", 0, error)
        logger.warning("photo %s: %s", job.photo.id, error)
        return "failed"

    def report(
        self, folder: Path, jobs: list[_Job], failed: list[DownloadFailure]
    ) -> DownloadReport:
        """The report, in the order the photos were given."""
        out: dict[Outcome, list[Photo]] = {"downloaded": [], "skipped": [], "deferred": []}
        total = 0
        for job in jobs:
            outcome, nbytes, error = self.outcomes.get(id(job), ("deferred", 0, None))
            if outcome == "failed" and error is not None:
                failed.append(DownloadFailure(photo=job.photo, error=error))
            else:
                out[outcome].append(job.photo)
                total += nbytes
        return DownloadReport(
            folder=folder,
            downloaded=out["downloaded"],
            skipped=out["skipped"],
            deferred=out["deferred"],
            failed=failed,
            bytes=total,
        )

    @contextlib.contextmanager
    def _turn(self, index: int) -> Generator[None]:
        """Budget decisions are taken in the order the photos were given, whatever the
        threads: which files fit does not depend on scheduling. (Workers take jobs in order,
        so every earlier job is already running and will pass its turn.)"""
        with self.cond:
            self.cond.wait_for(lambda: self.next_turn == index)
        try:
            yield
        finally:
            with self.cond:
                self.next_turn += 1
                self.cond.notify_all()

    def one(self, index: int, job: _Job) -> Outcome:
        planned: Outcome | ApiStream | None = None
        error: iNatError | None = None
        unexpected: Exception | None = None
        try:
            planned = self._plan(job)
        except iNatError as exc:
            error = exc
        except Exception as exc:  # passes its turn first, so no other thread waits for ever
            unexpected = exc
        stream = planned if planned is not None and not isinstance(planned, str) else None
        try:
            reserved: int | None = None
            with self._turn(index):
                if unexpected is not None:
                    raise unexpected
                if error is not None:
                    return self._failed(job, error)
                if isinstance(planned, str):
                    return self._done(job, planned)
                assert stream is not None
                if self.full.is_set():
                    return self._done(job, "deferred")  # closed below, its body unread
                reserved = stream.content_length
                try:
                    if reserved is None:
                        # no size announced: nothing to reserve; while the budget has room,
                        # read and count it now, in its turn, so the decisions after it see
                        # its bytes (it may take the budget past its limit by up to its size)
                        if self.budget.remaining() == 0:
                            self.full.set()
                            return self._done(job, "deferred")  # closed below, body unread
                        return self._receive(job, stream, None)
                    if not self.budget.reserve(reserved):
                        self.full.set()
                        return self._done(job, "deferred")  # closed below, its body unread
                except iNatError as exc:
                    return self._failed(job, exc)
            try:
                return self._receive(job, stream, reserved)
            except iNatError as exc:
                return self._failed(job, exc)
        finally:
            if stream is not None:
                stream.close()

    def _plan(self, job: _Job) -> Outcome | ApiStream:
        """Before its turn: ``"skipped"`` for a file already complete, ``"deferred"`` once the
        budget is full (no request), else the file's ``GET`` with its headers in, body unread."""
        have = job.path.stat().st_size if job.path.is_file() else None
        recorded = self.manifest.size_of(job.path.name)
        if have is not None and have == recorded:
            return "skipped"
        if self.full.is_set():
            return "deferred"
        stream = self.fetch(job.url)
        if have is not None and have == stream.content_length:
            stream.close()  # complete already: the body is not read
            self.manifest.add(job, self.size, have)
            return "skipped"
        return stream

    def _receive(self, job: _Job, stream: ApiStream, reserved: int | None) -> Outcome:
        """Read the body (``reserved`` bytes reserved for it, or None: counted as they
        arrive), then write the file and its row."""
        parts: list[bytes] = []
        received = 0
        try:
            for chunk in stream.chunks():
                parts.append(chunk)
                received += len(chunk)
                if reserved is None:
                    self.budget.record(len(chunk))
        finally:
            if reserved is not None and received != reserved:
                self.budget.record(received - reserved)  # what arrived, not what was announced
        if not received:
            raise TransportError(f"GET {job.url} answered no bytes")
        data = b"".join(parts)
        _write(job.path, data)
        self.manifest.add(job, self.size, received)
        return self._done(job, "downloaded", received)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    failure: OSError | None = None
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        failure = exc
    if failure is not None:
        raise TransportError(f"writing {path} failed: {failure}")


@contextlib.contextmanager
def _progress_bar(show: bool, total: int) -> Generator[Callable[[Outcome], Outcome]]:
    """Yields ``advance(outcome)``: a rich bar on stderr when ``show``, else nothing."""
    if not show or total == 0:
        yield lambda outcome: outcome
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    counts: dict[str, int] = {}
    lock = threading.Lock()
    with Progress(
        TextColumn("photos"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("photos", total=total, status="")

        def advance(outcome: Outcome) -> Outcome:
            with lock:
                counts[outcome] = counts.get(outcome, 0) + 1
                status = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
                progress.update(task, advance=1, status=status)
            return outcome

        yield advance
