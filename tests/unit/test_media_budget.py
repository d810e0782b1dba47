"""The media budget (a SQLite ledger shared between processes) and Photo.url_for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inatsdk import InvalidParameterError, TransportError
from inatsdk.media_budget import DEFAULT_MEDIA_PER_DAY, DEFAULT_MEDIA_PER_HOUR, MediaBudget
from inatsdk.models import Photo
from inatsdk.models.photo import PHOTO_SIZES


def test_defaults_stay_under_the_published_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 4_500_000_000 <= DEFAULT_MEDIA_PER_HOUR < 5_000_000_000
    assert 23_000_000_000 <= DEFAULT_MEDIA_PER_DAY < 24_000_000_000
    monkeypatch.setenv("INATSDK_CACHE_DIR", str(tmp_path))
    budget = MediaBudget()
    assert budget.resolved_path() == tmp_path / "media_budget.sqlite"
    assert budget.remaining() == DEFAULT_MEDIA_PER_HOUR


def test_reserve_counts_only_what_fits_in_both_windows(tmp_path: Path) -> None:
    budget = MediaBudget(per_hour=1000, per_day=1500, path=tmp_path / "b.db")
    assert budget.reserve(600)
    assert not budget.reserve(401)  # the hour has 400 left
    assert budget.reserve(400)
    assert budget.usage().hour == 1000 and budget.remaining() == 0
    assert not budget.reserve(1)
    budget.record(-300)  # a reservation given back
    assert budget.remaining() == 300
    budget.reset()
    assert budget.usage().day == 0
    other = MediaBudget(per_hour=1000, path=tmp_path / "b.db", name="other")
    budget.reserve(10)
    assert other.usage().hour == 0  # names keep ledgers apart
    unlimited = MediaBudget(per_hour=None, per_day=None, path=tmp_path / "b.db")
    assert unlimited.remaining() is None and unlimited.reserve(10**12)


def test_processes_share_one_budget(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    code = (
        "import sys; from inatsdk.media_budget import MediaBudget; "
        f"b = MediaBudget(per_hour=1000, per_day=None, path={str(path)!r}); "
        "print(b.reserve(700))"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "True", out.stderr
    here = MediaBudget(per_hour=1000, per_day=None, path=path)
    assert here.usage().hour == 700
    assert not here.reserve(301) and here.reserve(300)


def test_threads_never_overspend(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    budget = MediaBudget(per_hour=1000, per_day=None, path=tmp_path / "threads.db")
    with ThreadPoolExecutor(8) as pool:
        granted = list(pool.map(lambda _: budget.reserve(30), range(60)))
    assert granted.count(True) == 33 and budget.usage().hour == 990


def test_bad_values_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match="per_hour"):
        MediaBudget(per_hour=-1)
    with pytest.raises(InvalidParameterError, match="per_day"):
        MediaBudget(per_day="5GB")  # type: ignore[arg-type]
    budget = MediaBudget(path=tmp_path / "b.db")
    with pytest.raises(InvalidParameterError):
        budget.reserve(-5)
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(TransportError, match="media budget"):
        MediaBudget(path=not_a_db).reserve(1)


def test_url_for_every_documented_size() -> None:
    photo = Photo(
        id=1,
        url="https://inaturalist-open-data.s3.amazonaws.com/photos/1/square.jpeg?1690000000",
        medium_url="https://static.inaturalist.org/photos/1/medium.jpeg",
    )
    assert PHOTO_SIZES == ("square", "thumb", "small", "medium", "large", "original")
    assert photo.url_for("thumb") == (
        "https://inaturalist-open-data.s3.amazonaws.com/photos/1/thumb.jpeg?1690000000"
    )
    assert photo.url_for("original") == (
        "https://inaturalist-open-data.s3.amazonaws.com/photos/1/original.jpeg?1690000000"
    )
    assert photo.url_for("medium") == "https://static.inaturalist.org/photos/1/medium.jpeg"
    assert photo.url_for() == photo.url_for("medium")
    assert Photo(id=2).url_for("small") is None
    with pytest.raises(InvalidParameterError, match="square, thumb, small, medium, large"):
        photo.url_for("xl")  # type: ignore[arg-type]
