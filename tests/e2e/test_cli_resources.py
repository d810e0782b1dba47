"""``inat <resource> <method>`` as a user runs it: real processes against the emulator."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from inatsdk.testing import Emulator

INAT = [sys.executable, "-m", "inatsdk.cli"]


def inat(emu: Emulator, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "INATSDK_CACHE_DIR": os.environ["INATSDK_CACHE_DIR"]}
    command = [*INAT, *args, "--api-url", emu.api_url, "--web-url", emu.web_url, "--no-cache"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def test_taxa_search_prints_a_table(emulator: Emulator) -> None:
    out = inat(emulator, "taxa", "search", "--q", "Quercus", "--limit", "3")
    assert out.returncode == 0, out.stderr
    assert "Quercus" in out.stdout and "common name" in out.stdout


def test_observations_search_as_csv_json_and_geojson(emulator: Emulator) -> None:
    out = inat(
        emulator, "observations", "search", "--taxon-id", "3", "--limit", "250", "--format", "csv"
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 250
    assert all(r["iconic_taxon"] == "Aves" for r in rows)
    as_json = inat(emulator, "observations", "search", "--limit", "5", "--format", "json")
    assert [o["id"] for o in json.loads(as_json.stdout)]
    geo = inat(emulator, "observations", "search", "--limit", "20", "--format", "geojson")
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"


def test_get_and_get_many(emulator: Emulator) -> None:
    some = str(emulator.store.observation_ids()[0])
    out = inat(emulator, "observations", "get", some, "--format", "json")
    assert json.loads(out.stdout)["id"] == int(some)  # one record: an object
    many = inat(emulator, "taxa", "get-many", "3", "7", "9081", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in many.stdout.splitlines()] == [3, 7, 9081]


def test_errors_are_one_line_with_exit_code_1(emulator: Emulator) -> None:
    out = inat(emulator, "taxa", "search", "--rnk", "species")
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert "did you mean --rank?" in out.stderr
    missing = inat(emulator, "observations", "get", "999999999")
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    debug = inat(emulator, "--debug", "taxa", "search", "--rnk", "species")
    assert "Traceback" in debug.stderr


def test_usage_errors_exit_2(emulator: Emulator) -> None:
    assert inat(emulator, "taxa", "nonsense").returncode == 2
    assert inat(emulator, "taxa", "search", "--limit", "x").returncode == 2


def test_dry_run_sends_nothing(emulator: Emulator) -> None:
    out = inat(emulator, "--dry-run", "observations", "search", "--limit", "5")
    assert out.returncode == 0
    assert emulator.requests == []


def test_output_file(emulator: Emulator, tmp_path: Path) -> None:
    target = tmp_path / "taxa.jsonl"
    out = inat(emulator, "taxa", "search", "--limit", "7", "--format", "jsonl", "-o", str(target))
    assert out.returncode == 0 and out.stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 7


def test_progress_bar_on_a_terminal(emulator: Emulator, tmp_path: Path) -> None:
    """Under a pseudo-terminal the progress bar shows the known total."""
    target = tmp_path / "obs.csv"
    command = [
        *INAT, "observations", "search", "--limit", "600", "--progress", "--format", "csv",
        "-o", str(target), "--api-url", emulator.api_url, "--no-cache",
    ]  # fmt: skip
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, screen
    assert "600/600" in screen
    assert len(target.read_text(encoding="utf-8").splitlines()) == 601


def test_completion_script_asks_inat_what_comes_next() -> None:
    out = subprocess.run([*INAT, "completion", "bash"], capture_output=True, text=True, check=True)
    assert "complete -F _inat_complete inat" in out.stdout
    assert "__complete" in out.stdout
    asked = subprocess.run(
        [*INAT, "__complete", "observations", "search", "--taxon"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "--taxon-id" in asked.stdout.split()


def test_debug_after_the_subcommand_and_dry_run_shows_the_request(emulator: Emulator) -> None:
    debug = inat(emulator, "taxa", "search", "--rnk", "species", "--debug")
    assert "Traceback" in debug.stderr
    dry = inat(emulator, "observations", "search", "--limit", "2", "--dry-run")
    assert dry.returncode == 0
    assert "DRY RUN" in dry.stdout + dry.stderr
    assert inat(emulator, "taxa", "search", "--q").returncode == 2
