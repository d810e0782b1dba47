"""The ``inat`` command, run as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import requests

from tests.e2e.conftest import free_port, wait_for_port

INAT = [sys.executable, "-m", "inatsdk.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([*INAT, *args], capture_output=True, text=True, timeout=120, env=env)


def test_help_and_version() -> None:
    out = _run("--help")
    assert out.returncode == 0
    assert "demo" in out.stdout and "emulator" in out.stdout
    assert _run("--version").stdout.startswith("inat ")


def test_demo_runs_offline_and_exits_zero() -> None:
    out = _run("demo")
    assert out.returncode == 0, out.stderr
    assert "requests sent to the emulator: 0" in out.stdout
    assert "1,000 observations in 5 requests" in out.stdout


def test_emulator_command_serves_the_api() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [*INAT, "emulator", "--port", str(port), "--observations", "100"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        reply = requests.get(f"http://127.0.0.1:{port}/v1/taxa?per_page=2", timeout=5)
        assert reply.status_code == 200
        assert len(reply.json()["results"]) == 2
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    assert proc.returncode == 0
