"""client.photos.download end to end against the emulator's photo files: a media budget that
stops a download after 200 of 300 photos, a second run with a fresh budget that completes it
without fetching any file twice, attribution beside the files, failures, dry-run."""

from __future__ import annotations

import csv
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from inatsdk import InvalidParameterError, iNatClient
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

    gets = Counter(r.path for r in emulator.requests if r.method == "GET")
    assert len(gets) == 300 and set(gets.values()) == {1}  # no file fetched twice
    heads = [r for r in emulator.requests if r.method == "HEAD"]
    # a size for each file fetched, and for those that did not fit (at most one per worker
    # asked before the budget was found full)
    assert 300 < len(heads) <= 304
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
