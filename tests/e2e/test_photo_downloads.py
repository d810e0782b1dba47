"""client.photos.download end to end against the emulator's photo files: a media budget that
stops a download after 200 of 300 photos, a second run with a fresh budget that completes it
without fetching any file twice, attribution beside the files, failures, dry-run."""

from __future__ import annotations

import csv
import http.server
import logging
import threading
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import requests

from inatsdk import Credentials, InvalidParameterError, RateLimit, TransportError, iNatClient
from inatsdk.controllers.photos import ATTRIBUTION_FILE
from inatsdk.media_budget import MediaBudget
from inatsdk.models import Photo
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client


def _photos(client: iNatClient, n: int) -> list[Photo]:
    found: dict[int, Photo] = {}
    for obs in client.observations.search():
        for photo in obs.photos or []:
            if photo.id is not None:
                found.setdefault(photo.id, photo)
        if len(found) >= n:
            break
    return list(found.values())[:n]


def _size(photo: Photo, size: str = "medium") -> int:
    url = photo.url_for(size)  # type: ignore[arg-type]
    assert url is not None
    return int(requests.head(url, timeout=10).headers["Content-Length"])


@pytest.mark.emulator(observations=200)
def test_a_budget_defers_the_rest_and_a_fresh_one_completes_them(
    emulator: Emulator, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    with make_client(emulator) as client:
        photos = _photos(client, 300)
        assert len(photos) == 300
        sizes = [_size(p) for p in photos]
        allowance = sum(sizes[:200])  # room for exactly the first 200 files
        emulator.clear_requests()

        first_budget = MediaBudget(per_hour=allowance, per_day=None, path=tmp_path / "b1.db")
        first = client.photos.download(photos, folder, budget=first_budget, workers=4)
        first_log = list(emulator.requests)
        emulator.clear_requests()
        assert len(first.downloaded) == 200 and len(first.deferred) == 100
        assert first.skipped == [] and first.failed == []
        assert first.downloaded == photos[:200] and first.deferred == photos[200:]
        assert first.bytes == allowance
        assert first_budget.usage().hour == allowance and first_budget.remaining() == 0

        fresh = MediaBudget(per_hour=allowance, per_day=None, path=tmp_path / "b2.db")
        second = client.photos.download(first.deferred + photos[:200], folder, budget=fresh)
        assert len(second.downloaded) == 100 and len(second.skipped) == 200
        assert second.deferred == [] and second.failed == []
        assert second.bytes == sum(sizes[200:]) == fresh.usage().hour

    second_log = list(emulator.requests)

    def file_path(url: str | None) -> str:  # the file's path, as the emulator logs it
        path = urlsplit(url or "").path
        return path[path.index("/photos/") :]

    path_of = {p.id: file_path(p.url_for("medium")) for p in photos}
    # What counts as fetching a file: a GET whose body was read. Each file costs one GET and
    # nothing else (no HEAD). In the first run the files that fit are each asked for once;
    # files after the budget was found full are either not asked for at all, or (at most one
    # per worker, in flight when the budget filled) asked for and their answers closed after
    # the headers, body unread: the budget counts no bytes for them (its use equals the
    # allowance exactly) and no file of theirs is written. The second run asks only for those
    # 100 files, once each, and nothing for the 200 already complete.
    assert {r.method for r in first_log + second_log} == {"GET"}
    first_gets = Counter(r.path for r in first_log)
    assert set(first_gets.values()) == {1}
    assert {path_of[p.id] for p in photos[:200]} <= set(first_gets)
    aborted = set(first_gets) - {path_of[p.id] for p in photos[:200]}
    assert aborted <= {path_of[p.id] for p in photos[200:]} and len(aborted) <= 4
    second_gets = Counter(r.path for r in second_log)
    assert second_gets == Counter(path_of[p.id] for p in photos[200:])
    files = sorted(p for p in folder.iterdir() if p.suffix == ".jpg")
    assert len(files) == 300
    assert {p.name: p.stat().st_size for p in files} == {
        f"{p.id}_medium.jpg": s for p, s in zip(photos, sizes, strict=True)
    }
    with (folder / ATTRIBUTION_FILE).open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 300
    by_id = {row["photo_id"]: row for row in rows}
    for photo in photos[:5]:
        row = by_id[str(photo.id)]
        assert row["license_code"] == (photo.license_code or "")
        assert row["attribution"] == (photo.attribution or "")
        assert row["url"] == photo.url_for("medium")


@pytest.mark.emulator(observations=60)
def test_downloads_skip_the_api_rate_limit_and_send_no_token(
    emulator: Emulator, tmp_path: Path
) -> None:
    with make_client(emulator) as plain:
        photos = _photos(plain, 40)
    alice = emulator.store.user_ids()[0]
    # one API request a minute, none back to back: 40 files through this limiter would take
    # 40 minutes, and an API call after them would wait a minute
    limit = RateLimit(per_minute=1, per_day=None, burst=1, bucket="memory")
    token = emulator.issue_jwt(alice)
    with make_client(
        emulator, rate_limit=limit, credentials=Credentials(api_token=token)
    ) as client:
        emulator.clear_requests()
        started = time.monotonic()
        report = client.photos.download(
            photos, tmp_path, size="thumb", budget=MediaBudget(path=tmp_path / "b.db")
        )
        assert len(report.downloaded) == 40
        assert client.users.me().id == alice  # the API limiter's one request is still free
        assert time.monotonic() - started < 30
    files = [r for r in emulator.requests if "/photos/" in r.path]
    assert len(files) == 40 and {r.method for r in files} == {"GET"}
    for r in files:  # the client's User-Agent, never its token
        assert r.headers.get("User-Agent", "").startswith("inatsdk-tests/1.0 inatsdk/")
        assert "Authorization" not in r.headers and token not in str(r.headers)
    me = [r for r in emulator.requests if r.path.endswith("/users/me")]
    assert len(me) == 1 and me[0].headers.get("Authorization") == token


@pytest.mark.emulator(observations=30)
def test_observations_sizes_failures_and_resuming(emulator: Emulator, tmp_path: Path) -> None:
    with make_client(emulator, retries=0) as client:
        observations = client.observations.search(photos=True).limit(5).all()
        photos = [p for o in observations for p in o.photos or []]
        broken = photos[1].url_for("small")
        assert broken is not None
        path = urlsplit(broken).path
        emulator.inject(Fault(kind="status", status=500, path=path[path.index("/photos/") :]))
        budget = MediaBudget(path=tmp_path / "budget.db")
        report = client.photos.download(observations, tmp_path, size="small", budget=budget)
        assert len(report.failed) == 1 and report.failed[0].photo.id == photos[1].id
        assert len(report.downloaded) == len(photos) - 1
        # a file cut short (or replaced) is fetched again; complete ones are skipped
        first = tmp_path / f"{photos[0].id}_small.jpg"
        first.write_bytes(b"partial")
        again = client.photos.download(observations, tmp_path, size="small", budget=budget)
        assert {p.id for p in again.downloaded} == {photos[0].id, photos[1].id}
        assert len(again.skipped) == len(photos) - 2
        assert first.stat().st_size == _size(photos[0], "small")
        # a body cut off after its headers: a TransportError for that file, nothing written,
        # and the budget keeps only what arrived of the size reserved for it
        cut = photos[2]
        cut_url = cut.url_for("small")
        assert cut_url is not None
        cut_path = urlsplit(cut_url).path
        emulator.inject(Fault(kind="truncate", path=cut_path[cut_path.index("/photos/") :]))
        (tmp_path / f"{cut.id}_small.jpg").unlink()
        used = budget.usage().hour
        third = client.photos.download(observations, tmp_path, size="small", budget=budget)
        assert [f.photo.id for f in third.failed] == [cut.id] and third.downloaded == []
        assert isinstance(third.failed[0].error, TransportError)
        assert "reading the body" in str(third.failed[0].error)
        assert not (tmp_path / f"{cut.id}_small.jpg").exists()
        # the emulator announces 2x+ the size and sends half of it
        assert used <= budget.usage().hour <= used + _size(cut, "small")


def test_bad_arguments_and_dry_run(
    emulator: Emulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with make_client(emulator) as client:
        photo = _photos(client, 1)[0]
        emulator.clear_requests()
        with pytest.raises(InvalidParameterError, match="square, thumb, small"):
            client.photos.download([photo], tmp_path, size="huge")  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="list of Photo"):
            client.photos.download(photo, tmp_path)  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="workers"):
            client.photos.download([photo], tmp_path, workers=0)
        with pytest.raises(InvalidParameterError, match="square, thumb, small"):
            photo.url_for("huge")  # type: ignore[arg-type]
        assert emulator.requests == []
        with caplog.at_level(logging.INFO, logger="inatsdk"):
            report = client.photos.download([photo], tmp_path / "dry", dry_run=True)
    assert report.deferred == [photo] and report.downloaded == []
    assert emulator.requests == [] and not (tmp_path / "dry").exists()
    assert "DRY RUN: GET" in caplog.text


class _Chunked(http.server.BaseHTTPRequestHandler):
    """A media host that announces no size: every file is 100 bytes, sent chunked."""

    protocol_version = "HTTP/1.1"
    log: ClassVar[list[tuple[str, str, str | None]]] = []

    def do_GET(self) -> None:
        self.log.append(("GET", self.path, self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for _ in range(2):
            self.wfile.write(b"32\r\n" + b"x" * 50 + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        return None


def test_without_content_length_bytes_are_counted_as_they_arrive(tmp_path: Path) -> None:
    _Chunked.log.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Chunked)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        photos = [Photo(id=i, url=f"{base}/photos/{i}/square.jpg") for i in range(1, 7)]
        budget = MediaBudget(per_hour=250, per_day=None, path=tmp_path / "b.db")
        with iNatClient(
            api_url=base, cache=None, rate_limit=None, credentials=None, dry_run=False
        ) as client:
            report = client.photos.download(photos, tmp_path, size="small", budget=budget)
    finally:
        server.shutdown()
        server.server_close()
    # each file is read in its turn while the budget has room: 100 + 100 + 100 (the third
    # started with 50 left and is counted as it arrives), then the budget is full
    assert report.downloaded == photos[:3] and report.deferred == photos[3:]
    assert report.bytes == 300 == budget.usage().hour
    asked = Counter(path for _, path, _ in _Chunked.log)
    # one GET per file at most; the deferred ones were asked for only if in flight (one per
    # worker) when the budget filled, and closed with their bodies unread; no token sent
    assert set(asked.values()) == {1}
    assert set(asked) >= {f"/photos/{i}/small.jpg" for i in (1, 2, 3)}
    assert all(auth is None for _, _, auth in _Chunked.log)
