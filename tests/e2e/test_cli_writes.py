"""Writes on the command line, as real processes against the emulator: create, upload (under a
pseudo-terminal, with its progress bar, then a rerun that skips everything), identify, comment,
fave, projects, ``inat api``; ``--dry-run`` sends nothing."""

from __future__ import annotations

import json
import os
import pty
import struct
import subprocess
import sys
from pathlib import Path

import requests

from inatsdk.cli.exif import read_facts
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes

INAT = [sys.executable, "-m", "inatsdk.cli"]


def exif_jpeg(taken: str, latitude: float, longitude: float) -> bytes:
    """A small JPEG whose EXIF says when (``"2024:05:01 10:30:00"``) and where it was taken."""

    def rationals(value: float) -> bytes:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
        return struct.pack(">IIIIII", degrees, 1, minutes, 1, seconds, 100)

    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 2)  # IFD0 at 8: the Exif and GPS pointers
    tiff += struct.pack(">HHII", 0x8769, 4, 1, 38) + struct.pack(">HHII", 0x8825, 4, 1, 76)
    tiff += struct.pack(">I", 0)
    tiff += struct.pack(">H", 1) + struct.pack(">HHII", 0x9003, 2, 20, 56) + struct.pack(">I", 0)
    tiff += taken.encode("ascii") + b"\x00"  # at 56, 20 bytes
    gps = struct.pack(">H", 4)  # at 76
    gps += struct.pack(">HHI", 1, 2, 2) + (b"S\x00\x00\x00" if latitude < 0 else b"N\x00\x00\x00")
    gps += struct.pack(">HHII", 2, 5, 3, 130)
    gps += struct.pack(">HHI", 3, 2, 2) + (b"W\x00\x00\x00" if longitude < 0 else b"E\x00\x00\x00")
    gps += struct.pack(">HHII", 4, 5, 3, 154) + struct.pack(">I", 0)
    tiff += gps + rationals(abs(latitude)) + rationals(abs(longitude))
    segment = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment
    plain = jpeg_bytes()
    return plain[:2] + app1 + plain[2:]


def _env(emu: Emulator, signed_in: bool = True) -> dict[str, str]:
    env = {
        **os.environ,
        "INAT_API_URL": emu.api_url,
        "INAT_RATE_LIMIT": "off",
        "COLUMNS": "100",
        "PYTHONPYCACHEPREFIX": os.path.join(os.environ["INATSDK_CACHE_DIR"], "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("INAT_ACCESS_TOKEN", None)
    if signed_in:
        env["INAT_ACCESS_TOKEN"] = emu.issue_access_token(emu.store.user_ids()[0])
    return env


def inat(emu: Emulator, *args: str, signed_in: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*INAT, *args], capture_output=True, text=True, timeout=120, env=_env(emu, signed_in)
    )


def _on_a_terminal(emu: Emulator, *args: str) -> tuple[int, str]:
    leader, follower = pty.openpty()
    env = {**_env(emu), "TERM": "xterm"}
    proc = subprocess.Popen(
        [*INAT, *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_exif_facts_are_read(tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(exif_jpeg("2024:05:01 10:30:00", -33.865, 151.2094))
    facts = read_facts(photo)
    assert facts.taken is not None and facts.taken.isoformat() == "2024-05-01T10:30:00"
    assert facts.latitude is not None and abs(facts.latitude + 33.865) < 1e-4
    assert facts.longitude is not None and abs(facts.longitude - 151.2094) < 1e-4
    plain = tmp_path / "b.jpg"
    plain.write_bytes(jpeg_bytes())
    assert read_facts(plain).taken is None


def test_upload_shows_progress_and_a_rerun_skips_everything(
    emulator: Emulator, tmp_path: Path
) -> None:
    folder = tmp_path / "walk"
    folder.mkdir()
    spots = [(46.52, 6.63), (47.37, 8.54), (-33.86, 151.21)]
    for i, (lat, lng) in enumerate(spots):
        (folder / f"p{i}.jpg").write_bytes(exif_jpeg(f"2024:05:0{i + 1} 10:30:00", lat, lng))
    (folder / "notes.txt").write_text("not a photo")

    code, screen = _on_a_terminal(
        emulator, "observations", "upload", str(folder), "--taxon-id", "3"
    )
    assert code == 0, screen
    assert "uploading" in screen and "3/3" in screen  # the progress bar, to its end
    assert screen.count("ok    p") == 3 and "notes.txt" not in screen
    assert "uploaded 3, skipped 0" in screen
    log = [json.loads(line) for line in (folder / ".inat-upload.jsonl").read_text().splitlines()]
    done = {e["file"]: e["observation_id"] for e in log if e["status"] == "uploaded"}
    assert set(done) == {"p0.jpg", "p1.jpg", "p2.jpg"}
    for i, (lat, lng) in enumerate(spots):
        record = requests.get(
            f"{emulator.api_url}/v1/observations/{done[f'p{i}.jpg']}", timeout=10
        ).json()["results"][0]
        assert record["observed_on"] == f"2024-05-0{i + 1}"  # from EXIF
        got_lat, got_lng = (float(x) for x in record["location"].split(","))
        assert abs(got_lat - lat) < 1e-3 and abs(got_lng - lng) < 1e-3
        assert record["taxon"]["id"] == 3 and len(record["photos"]) == 1

    posts = len([r for r in emulator.requests if r.method == "POST"])
    code, screen = _on_a_terminal(emulator, "observations", "upload", str(folder))
    assert code == 0, screen
    assert screen.count("skip  p") == 3
    assert "uploaded 0, skipped 3" in screen
    assert len([r for r in emulator.requests if r.method == "POST"]) == posts  # nothing sent


def test_upload_reports_each_file_and_dry_run_sends_nothing(
    emulator: Emulator, tmp_path: Path
) -> None:
    (tmp_path / "good.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "broken.jpg").write_bytes(b"")  # an empty file is refused before sending
    dry = inat(emulator, "observations", "upload", str(tmp_path), "--dry-run")
    assert dry.returncode == 1  # broken.jpg fails even in a rehearsal
    assert "would  good.jpg" in dry.stdout and "FAIL  broken.jpg" in dry.stdout
    assert not (tmp_path / ".inat-upload.jsonl").exists()
    assert [r for r in emulator.requests if r.method != "GET"] == []
    real = inat(emulator, "observations", "upload", str(tmp_path), "--species-guess", "moss")
    assert real.returncode == 1
    assert "ok    good.jpg -> observation" in real.stdout and "FAIL  broken.jpg" in real.stdout
    assert "uploaded 1, skipped 0 (uploaded before), failed 1" in real.stderr


def test_create_identify_comment_fave_and_projects(emulator: Emulator, tmp_path: Path) -> None:
    photo = tmp_path / "raven.jpg"
    photo.write_bytes(jpeg_bytes())
    made = inat(
        emulator, "observations", "create", "--species-guess", "Common raven",
        "--observed-on", "2024-05-01", "--lat", "46.52", "--lng", "6.63", "--photo", str(photo),
        "--format", "json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    created = json.loads(made.stdout)
    assert created["species_guess"] == "Common raven" and len(created["photos"]) == 1
    assert made.stderr.startswith(f"created observation {created['id']}")
    obs = str(created["id"])

    table = inat(emulator, "identifications", "create", obs, "--taxon-id", "3")
    assert table.returncode == 0, table.stderr
    assert "identified observation" in table.stderr and "Identification(" not in table.stdout
    comment = inat(emulator, "comments", "create", obs, "Lovely shot!", "--format", "json")
    assert json.loads(comment.stdout)["body"] == "Lovely shot!"
    faved = inat(emulator, "observations", "fave", obs, "--format", "json")
    assert json.loads(faved.stdout)["faves_count"] == 1
    unfaved = inat(emulator, "observations", "unfave", obs, "--format", "json")
    assert json.loads(unfaved.stdout)["faves_count"] == 0
    joined = inat(emulator, "projects", "join", "1001")
    assert joined.returncode == 0 and "joined project 1001" in joined.stderr
    left = inat(emulator, "projects", "leave", "1001")
    assert left.returncode == 0 and "left project 1001" in left.stderr
    record = requests.get(f"{emulator.api_url}/v1/observations/{obs}", timeout=10).json()
    assert record["results"][0]["comments_count"] == 1


def test_writes_in_dry_run_send_nothing(emulator: Emulator) -> None:
    for args in (
        ("observations", "create", "--species-guess", "raven"),
        ("identifications", "create", "1", "--taxon-id", "3"),
        ("comments", "create", "1", "hi"),
        ("observations", "fave", "1"),
        ("projects", "join", "1001"),
        ("projects", "add", "1001", "1"),
        ("api", "POST", "/v1/comments", "-f", "comment.body=hi"),
    ):
        out = inat(emulator, "--dry-run", *args)
        assert out.returncode == 0, (args, out.stderr)
        assert "DRY RUN" in out.stderr and "would have" in out.stderr
    assert [r for r in emulator.requests if r.method != "GET"] == []


def test_inat_api_prints_json_and_stays_inside_the_api(emulator: Emulator) -> None:
    out = inat(emulator, "api", "GET", "/v1/taxa/3", signed_in=False)
    assert json.loads(out.stdout)["results"][0]["id"] == 3
    query = inat(emulator, "api", "get", "observations", "-f", "per_page=2", signed_in=False)
    assert len(json.loads(query.stdout)["results"]) == 2  # /v1 added, method in any case
    for path in ("/v1/../../etc/passwd", "/v1//evil.example/x", "/v1/taxa?id=3", "/v1/%2e%2e/x"):
        refused = inat(emulator, "api", "GET", path, signed_in=False)
        assert refused.returncode == 2 and "not an API path" in refused.stderr, path
    other = inat(emulator, "api", "GET", "http://example.com/v1/taxa", signed_in=False)
    assert other.returncode != 0
    assert all("example.com" not in r.headers.get("Host", "") for r in emulator.requests)
    posted = inat(
        emulator, "api", "POST", "/v1/comments", "-F", "comment.parent_id=" + str(
            emulator.store.observation_ids()[0]
        ), "-f", "comment.body=via api", "-f", "comment.parent_type=Observation",
    )  # fmt: skip
    assert posted.returncode == 0, posted.stderr
    assert json.loads(posted.stdout)["body"] == "via api"
    anonymous = inat(emulator, "api", "POST", "/v1/comments", "-f", "x=1", signed_in=False)
    assert anonymous.returncode == 1 and "inat login" in anonymous.stderr
