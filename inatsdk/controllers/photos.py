"""``client.photos``: photos uploaded on their own (see :mod:`inatsdk.controllers.media`), and
photo downloads within iNaturalist's media limits.

:meth:`PhotosController.download` fetches photo files through the client's transport (its rate
limit, retries, timeouts, typed errors and dry-run), several at a time, and:

* skips files already in the folder with the right size (the size recorded in the folder's
  ``attribution.csv``, or, for a file it has no record of, the size the server announces), so
  an interrupted or deferred download resumes where it stopped and no file is fetched twice;
* asks the server for each file's size first (``HEAD``) and reserves it in the
  :class:`~inatsdk.media_budget.MediaBudget` before fetching it; once a file does not fit, it
  and every file after it are reported deferred (run again later, or with a fresh budget);
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
from inatsdk.errors import APIError, InvalidParameterError, TransportError, iNatError
from inatsdk.media_budget import MediaBudget
from inatsdk.models import Observation, Photo
from inatsdk.models.photo import PHOTO_SIZES, PhotoSize

if TYPE_CHECKING:
    from inatsdk.session import ApiResponse

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

        Each file costs two requests through the client (a ``HEAD`` for its size, then the
        ``GET``), within its rate limit, ``workers`` at a time; no token is sent with them.

        Parameters:
            photos: the photos (or observations) to fetch.
            folder: where to put them (created if missing).
            size: one of ``square``, ``thumb``, ``small``, ``medium``, ``large``, ``original``.
            budget: the media budget to count the bytes against (default: ``MediaBudget()``,
                4.8 GB an hour and 23.5 GB a day, shared by every process on this machine).
            workers: how many files to fetch at once (1-16).
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
                self._fetch(job.url, "GET", dry_run=True)  # logged, answered locally
            return DownloadReport(
                folder=target, deferred=[job.photo for job in jobs], failed=failed
            )
        target.mkdir(parents=True, exist_ok=True)

        def fetch(url: str, method: str) -> ApiResponse:
            return self._fetch(url, method, dry_run=dry_run)

        run = _Run(fetch, size, chosen, _Manifest(target))
        show = sys.stderr.isatty() if progress is None else progress
        with _progress_bar(show, len(jobs)) as advance, ThreadPoolExecutor(workers) as pool:

            def work(item: tuple[int, _Job]) -> Outcome:
                return advance(run.one(*item))

            for _ in pool.map(work, enumerate(jobs)):
                pass
        run.manifest.compact()
        return run.report(target, jobs, failed)

    def _fetch(self, url: str, method: str, *, dry_run: bool | None) -> ApiResponse:
        """One request for a file, through the client's transport: no token, never cached."""
        from inatsdk.session import ApiRequest

        request = ApiRequest(
            method=method,
            url=url,
            headers={"Accept": "image/*, */*"},
            auth="none",
            cacheable=False,
        )
        return self._requester.send_request(request, dry_run=dry_run)


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
        fetch: Callable[[str, str], ApiResponse],
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
        planned: tuple[Outcome | None, int | None] | None = None
        error: iNatError | None = None
        unexpected: Exception | None = None
        try:
            planned = self._plan(job)
        except iNatError as exc:
            error = exc
        except Exception as exc:  # passes its turn first, so no other thread waits for ever
            unexpected = exc
        announced: int | None = None
        with self._turn(index):
            if unexpected is not None:
                raise unexpected
            try:
                if error is not None or planned is None:
                    pass
                elif planned[0] is not None:
                    return self._done(job, planned[0])
                elif self.full.is_set():
                    return self._done(job, "deferred")
                else:
                    announced = planned[1]
                    if announced is not None and not self.budget.reserve(announced):
                        self.full.set()
                        return self._done(job, "deferred")
            except iNatError as exc:
                error = exc
        if error is not None:
            return self._failed(job, error)
        try:
            return self._get(job, announced)
        except iNatError as exc:
            return self._failed(job, exc)

    def _plan(self, job: _Job) -> tuple[Outcome | None, int | None]:
        """Before its turn: ``("skipped", None)`` for a file already complete, ``("deferred",
        None)`` once the budget is full, else ``(None, size announced by HEAD)``."""
        have = job.path.stat().st_size if job.path.is_file() else None
        recorded = self.manifest.size_of(job.path.name)
        if have is not None and have == recorded:
            return "skipped", None
        if self.full.is_set():
            return "deferred", None
        try:
            announced = _content_length(self.fetch(job.url, "HEAD"))
        except APIError as exc:
            if exc.status not in (405, 501):
                raise
            announced = None  # a server without HEAD: the file is counted once it arrives
        if have is not None and have == announced:
            self.manifest.add(job, self.size, have)
            return "skipped", None
        return None, announced

    def _get(self, job: _Job, announced: int | None) -> Outcome:
        """After its turn, with ``announced`` bytes reserved: fetch, count, write."""
        try:
            response = self.fetch(job.url, "GET")
        except iNatError:
            if announced is not None:
                self.budget.record(-announced)  # nothing arrived: give the bytes back
            raise
        data = response.content
        if announced is None:
            self.budget.record(len(data))  # no size announced: counted once it arrived
        elif len(data) != announced:
            self.budget.record(len(data) - announced)
        if not data:
            raise TransportError(f"GET {job.url} answered no bytes")
        _write(job.path, data)
        self.manifest.add(job, self.size, len(data))
        return self._done(job, "downloaded", len(data))


def _content_length(response: ApiResponse) -> int | None:
    for key, value in response.headers.items():
        if key.lower() == "content-length" and value.strip().isdigit():
            return int(value.strip())
    return None


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
