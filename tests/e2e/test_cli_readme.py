"""Every command-line example of the README runs as written against ``inat emulator`` (only the
port is changed, to one that is free), and prints records, not reprs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from inatsdk.testing.media import jpeg_bytes
from tests.e2e.conftest import free_port

README = Path(__file__).resolve().parents[2] / "README.md"
REPR = re.compile(r"\b[A-Z][A-Za-z]+\([a-z_]+=")


def _examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## On the command line") :]
    block = section[section.index("```bash") + len("```bash") : section.index("```\n", 10)]
    return [line for line in block.strip().splitlines() if line.strip()]


def test_the_readme_command_line_examples_run_as_written(tmp_path: Path) -> None:
    lines = _examples()
    assert lines[0].startswith("inat emulator") and lines[0].split("#")[0].strip().endswith("&")
    commands = [line for line in lines[1:] if line.startswith("inat ")]
    assert len(commands) >= 8
    port = str(free_port())
    script = ["set -u", "trap 'kill %1 2>/dev/null' EXIT"]
    script.append(lines[0].replace("inat emulator", f"inat emulator --port {port}", 1))
    # Wait for it to listen (generating the world takes a moment), then run the rest as written.
    script.append(
        f"for i in $(seq 600); do (echo > /dev/tcp/127.0.0.1/{port}) 2>/dev/null && break; "
        "sleep 0.1; done"
    )
    for line in lines[1:]:
        line = line.replace("8765", port)
        if line.startswith("inat "):
            script += [f"echo '>>> {line.split('#')[0].strip()}'", line, 'echo "<<< $?"']
        else:
            script.append(line)
    (tmp_path / "moss.jpg").write_bytes(jpeg_bytes())  # for the upload example
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "100",
    }
    for name in ("INAT_API_URL", "INAT_RATE_LIMIT", "INAT_ACCESS_TOKEN", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(os.environ["INATSDK_CACHE_DIR"], "pycache")
    out = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    runs = re.findall(r">>> (.*?)\n(.*?)<<< (\d+)\n", out.stdout, flags=re.S)
    assert len(runs) == len(commands), out.stdout + out.stderr
    for command, printed, status in runs:
        assert status == "0", f"{command} exited {status}:\n{printed}\n{out.stderr}"
        assert printed.strip() or "-o " in command or "--dry-run" in command, command
        for line in printed.splitlines():
            assert not REPR.search(line), f"{command} printed a repr: {line}"
    assert (tmp_path / "birds.csv").read_text(encoding="utf-8").count("\n") == 501
    assert "wrote 500 observations to birds.csv" in out.stderr
