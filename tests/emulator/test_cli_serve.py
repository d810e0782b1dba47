"""``inat emulator`` with the options that match the control endpoints, run as a process."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import requests

from tests.e2e.conftest import free_port, wait_for_port


def test_emulator_command_registers_users_apps_and_faults() -> None:
    port = free_port()
    fault = '{"kind": "status", "status": 503, "path": "/v1/places"}'
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "inatsdk.cli", "emulator"),
            *("--port", str(port), "--observations", "30", "--seed", "4"),
            *("--user", "cli_user:pw", "--app", "cli app", "--fault", fault),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        info = requests.get(f"{base}/_emulator/instance", timeout=5).json()
        assert info["seed"] == 4 and info["observations"] == 30
        faults = requests.get(f"{base}/_emulator/faults", timeout=5).json()["faults"]
        assert [(f["status"], f["path"]) for f in faults] == [(503, "/v1/places")]
        assert requests.get(f"{base}/v1/places/1", timeout=5).status_code == 503
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    token = re.search(r"user cli_user \(id \d+\): API token (\S+)", out)
    assert token is not None, out
    assert re.search(r"OAuth app cli app: id \S+ secret \S+", out), out
    assert info["instance"] in out


def test_emulator_command_refuses_bad_options() -> None:
    for args in (("--user", "nopassword"), ("--fault", '{"kind": "nope"}')):
        out = subprocess.run(
            [sys.executable, "-m", "inatsdk.cli", "emulator", "--port", "1", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode != 0
        assert "inat emulator:" in out.stderr
