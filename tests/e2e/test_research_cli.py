"""``inat sync observations`` and ``inat photos download`` against the emulator."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from inatsdk.cli import main
from inatsdk.sync import open_observations
from inatsdk.testing import Emulator


def _inat(emulator: Emulator, *args: str) -> int:
    return main(["--api-url", emulator.api_url, "--web-url", emulator.web_url, "--no-cache", *args])


@pytest.mark.emulator(observations=300)
def test_sync_then_download_the_mirror_s_photos(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "research.db"
    assert (
        _inat(emulator, "sync", "observations", "--db", str(db), "--quality-grade", "research") == 0
    )
    out = capsys.readouterr().out
    mirror = open_observations(db)
    assert f"full sync of {db}: {len(mirror):,} added" in out
    assert len(mirror) > 0 and {o.quality_grade for o in mirror} == {"research"}

    assert (
        _inat(emulator, "sync", "observations", "--db", str(db), "--quality-grade", "research") == 0
    )
    assert "incremental sync" in capsys.readouterr().out

    folder = tmp_path / "photos"
    code = _inat(
        emulator,
        "photos",
        "download",
        str(folder),
        "--db",
        str(db),
        "--limit",
        "2",
        "--size",
        "thumb",
    )
    assert code == 0
    out = capsys.readouterr().out
    expected = sum(len(o.photos or []) for o in list(mirror)[:2])
    assert f"{expected:,} downloaded" in out
    with (folder / "attribution.csv").open(newline="") as f:
        assert len(list(csv.DictReader(f))) == expected
    assert len(list(folder.glob("*_thumb.jpg"))) == expected


@pytest.mark.emulator(observations=50)
def test_photos_of_a_search_and_usage_errors(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "p"
    args = ["photos", "download", str(folder), "--limit", "1", "--photos", "true"]
    assert _inat(emulator, *args, "--per-hour", "0") == 0
    assert "0 downloaded" in capsys.readouterr().out and not list(folder.glob("*.jpg"))
    code = _inat(emulator, "photos", "download", str(folder), "--db", "x.db", "--taxon-id", "3")
    assert code == 2
    assert (
        _inat(emulator, "sync", "observations", "--db", str(tmp_path / "m.db"), "--taxon-id", "x")
        == 1
    )
    err = capsys.readouterr().err
    assert "give --db or search options, not both" in err
    assert "inat: 422" in err and "taxon_id" in err
