"""Every ``inat`` subcommand, run as a real process against an ``inat emulator`` served in another
process: no output line is a model repr, tables fit 80 columns without cutting an id, help has
no markup and no cut sentence, completion works after ``--api-url URL``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from inatsdk.cli import build_parser
from inatsdk.cli.common import clean_text
from inatsdk.cli.registry import COMMANDS
from inatsdk.cli.resources import commands
from tests.e2e.conftest import free_port, wait_for_port

INAT = [sys.executable, "-m", "inatsdk.cli"]
#: Compiled modules kept outside the checkout, so the many processes here start quickly even
#: where PYTHONDONTWRITEBYTECODE is set.
PYCACHE = {"PYTHONPYCACHEPREFIX": os.path.join(os.environ["INATSDK_CACHE_DIR"], "pycache")}
#: A model's repr: ``Taxon(id=3, ...)``, ``SpeciesCount(taxon=...)``.
REPR = re.compile(r"\b[A-Z][A-Za-z]+\([a-z_]+=")


class Served:
    """An ``inat emulator`` process and what it holds."""

    def __init__(
        self, url: str, observation: int, place: int, login: str, identification: int
    ) -> None:
        self.url = url
        self.identification = identification
        self.observation = observation
        self.place = place
        self.login = login


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    proc = subprocess.Popen(
        [*INAT, "emulator", "--port", str(port), "--observations", "600", "--throttle", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}"
        first = requests.get(f"{url}/v1/observations?per_page=1", timeout=10).json()["results"][0]
        place = requests.get(f"{url}/v1/places/autocomplete?q=a", timeout=10).json()["results"]
        ident = requests.get(f"{url}/v1/identifications?per_page=1", timeout=10).json()
        yield Served(
            url, first["id"], place[0]["id"], first["user"]["login"], ident["results"][0]["id"]
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def run(
    served: Served, *args: str, columns: int = 80, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "COLUMNS": str(columns),
        "INAT_API_URL": served.url,
        "INAT_RATE_LIMIT": "off",
        **env,
    }
    environment.pop("INAT_ACCESS_TOKEN", None)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(PYCACHE)
    return subprocess.run(
        [*INAT, *args], capture_output=True, text=True, timeout=120, env=environment, cwd=cwd
    )


def _arguments(served: Served, group: str, verb: str) -> list[str]:
    """Arguments that make each read verb answer something."""
    obs, place, login = str(served.observation), str(served.place), served.login
    positional = {
        "identification_id": str(served.identification),
        "identification_ids": str(served.identification),
        "observation_id": obs,
        "observation_ids": obs,
        "taxon_id": "955123",
        "taxon_ids": "3",
        "place": place,
        "place_id": place,
        "place_ids": place,
        "project": "1001",
        "project_id": "1001",
        "project_ids": "1001",
        "user": login,
        "message_id": "1",
        "since": "2020-01-01",
        "style": "points",
        "zoom": "1",
        "x": "0",
        "y": "0",
    }
    from inatsdk.cli.resources import _positionals

    words = [positional[p.name] for p in _positionals(group.replace("-", "_"), verb)]
    extra = {
        "autocomplete": ["--q", "ra"],
        "similar_species": ["--taxon-id", "955123"] if group == "identifications" else [],
        "containing": ["--lat", "45", "--lng", "-122"],
        "nearby": ["--nelat", "50", "--nelng", "10", "--swlat", "40", "--swlng", "0"],
        "search": ["--q", "a"] if group == "search" else [],
        "for_user": [],
        "life_list": ["--user-id", login],
    }.get(verb, [])
    return words + extra


def _verbs() -> list[tuple[str, str]]:
    return [
        (resource.replace("_", "-"), method)
        for resource, methods in sorted(commands().items())
        for method in sorted(methods)
    ]


def test_every_read_verb_prints_records_not_reprs(served: Served, tmp_path: Path) -> None:
    def one(pair: tuple[str, str]) -> tuple[str, subprocess.CompletedProcess[str]]:
        group, verb = pair
        args = [group, verb.replace("_", "-"), *_arguments(served, group, verb), "--limit", "5"]
        if group == "maps":
            args += ["-o", f"{verb}.bin"]
        return " ".join(args), run(served, *args, cwd=tmp_path)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, _verbs()))
    assert len(results) >= 60
    problems: list[str] = []
    for command, out in results:
        needs_login = "run `inat login" in out.stderr
        if not (out.returncode == 0 or needs_login):
            problems.append(f"inat {command}: exit {out.returncode}: {out.stderr}")
        for line in (out.stdout + out.stderr).splitlines():
            if REPR.search(line):
                problems.append(f"inat {command} printed a repr: {line}")
        for line in out.stdout.splitlines():
            if len(line) > 80:
                problems.append(f"inat {command}: a line wider than 80 columns: {line!r}")
        silent = not (out.stdout.strip() or out.stderr == "no records\n")
        if out.returncode == 0 and not command.startswith("maps") and silent:
            problems.append(f"inat {command} printed nothing")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize(
    ("command", "id_path"),
    [
        (("observations", "search"), ("id",)),
        (("taxa", "search", "--q", "a"), ("id",)),
        (("identifications", "search"), ("id",)),
        (("observations", "species-counts"), ("taxon", "id")),
        (("projects", "search"), ("id",)),
        (("observations", "observers"), ("user_id",)),
    ],
)
def test_tables_never_cut_ids(
    served: Served, command: tuple[str, ...], id_path: tuple[str, ...], columns: int
) -> None:
    rows = run(served, *command, "--limit", "8", "--format", "jsonl").stdout.splitlines()
    ids: list[str] = []
    for row in rows:
        value: object = json.loads(row)
        for key in id_path:
            assert isinstance(value, dict)
            value = value[key]
        ids.append(str(value))
    assert len(ids) == 8
    table = run(served, *command, "--limit", "8", columns=columns).stdout
    words = set(table.split())
    assert all(i in words for i in ids), f"ids cut at {columns} columns:\n{table}"
    assert all(len(line) <= columns for line in table.splitlines())


def test_get_is_a_detail_view_and_json_an_object(served: Served) -> None:
    obs = str(served.observation)
    detail = run(served, "observations", "get", obs).stdout
    assert "quality grade" in detail and obs in detail
    assert len(detail.splitlines()) > 10  # one attribute a line, not a one-row table
    data = json.loads(run(served, "observations", "get", obs, "--format", "json").stdout)
    assert isinstance(data, dict) and data["id"] == int(obs)


def test_histogram_is_a_table_with_a_sparkline_and_a_csv(served: Served) -> None:
    table = run(served, "observations", "histogram").stdout
    assert "Jan" in table and "Dec" in table and "█" in table
    assert re.search(r"[▁▂▃▄▅▆▇█]{12}", table), table
    rows = list(
        csv.DictReader(
            io.StringIO(run(served, "observations", "histogram", "--format", "csv").stdout)
        )
    )
    assert [r["month_of_year"] for r in rows] == [str(m) for m in range(1, 13)]
    assert sum(int(r["count"]) for r in rows) == 600


def test_life_list_is_a_tree_with_counts_and_flat_as_csv(served: Served) -> None:
    tree = run(served, "observations", "life-list", "--user-id", served.login).stdout
    lines = tree.splitlines()
    assert lines[0].split()[-1].isdigit()  # the root with its count
    assert any(line.startswith(("├── ", "└── ")) for line in lines)
    out = run(served, "observations", "life-list", "--user-id", served.login, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == len(lines)
    assert {"id", "parent_id", "name", "descendant_obs_count"} <= set(rows[0])


def test_every_format_for_listings_and_o_reports(served: Served, tmp_path: Path) -> None:
    for listing in (
        ("observations", "search"),
        ("taxa", "search", "--q", "a"),
        ("projects", "search"),
    ):
        for fmt in ("table", "json", "jsonl", "csv"):
            target = tmp_path / f"{listing[0]}.{fmt}"
            out = run(served, *listing, "--limit", "7", "--format", fmt, "-o", str(target))
            assert out.returncode == 0, out.stderr
            assert out.stdout == ""
            noun = {"observations": "observations", "taxa": "taxa", "projects": "projects"}
            assert out.stderr.strip() == f"wrote 7 {noun[listing[0]]} to {target}"
            assert target.stat().st_size > 0
    geo = run(served, "observations", "search", "--limit", "5", "--format", "geojson")
    assert len(json.loads(geo.stdout)["features"]) == 5
    refused = run(served, "taxa", "search", "--format", "geojson")
    assert refused.returncode == 2 and "observations" in refused.stderr
    parquet = run(
        served, "taxa", "search", "--format", "parquet", "-o", str(tmp_path / "t.parquet")
    )
    import importlib.util

    if not (importlib.util.find_spec("pandas") and importlib.util.find_spec("pyarrow")):
        assert parquet.returncode == 2 and "pip install" in parquet.stderr
    else:
        assert parquet.returncode == 0 and "wrote 30 taxa" in parquet.stderr


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every parser below ``parser``."""
    for action in parser._actions:
        if isinstance(action.choices, dict):
            for child in action.choices.values():
                if isinstance(child, argparse.ArgumentParser):
                    yield child
                    yield from _parsers(child)


def test_help_has_no_markup_no_python_and_no_cut_sentence() -> None:
    markup = re.compile(r"``|:(?:class|meth|func|attr|data|mod):|::\s*$|>>>|\bclient\.\w")
    dangling = {"if", "either", "or", "and", "the", "a", "an", "of"}
    checked = 0
    for group, entry in COMMANDS.items():
        parser = build_parser(group, full=True)
        texts = [parser.format_help()]
        for child in _parsers(parser):
            texts.append(child.format_help())
            for option in child._actions:
                words = re.sub(r"\(one of:[^)]*\)", "", option.help or "").split()
                if words:
                    last = words[-1].strip(".,;:").lower()
                    assert last not in dangling, f"cut help: {option.help!r}"
        for text in texts:
            checked += 1
            for line in text.splitlines():
                assert not markup.search(line), f"inat {group}: markup or Python in help: {line!r}"
        assert entry.summary
    assert checked > 80


def test_help_sentences_are_whole_sentences_of_the_spec() -> None:
    from inatsdk.cli.common import summary
    from inatsdk.params.spec import operation

    for ep in {e for methods in commands().values() for e in methods.values()}:
        for p in operation(ep.version, ep.method, ep.path).parameters:
            if not p.description:
                continue
            short = summary(p.description, limit=120)
            whole = clean_text(p.description)
            assert whole.startswith(short), (p.name, short, whole)
            rest = whole[len(short) :]
            assert rest == "" or rest[0] == " ", f"--{p.name} cut mid-sentence: {short!r}"


def test_help_and_version_are_fast_and_load_nothing_of_the_sdk() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from inatsdk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('inatsdk.client', 'inatsdk.models', 'requests', 'rich') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    top = subprocess.run([*INAT, "--help"], capture_output=True, text=True, check=True).stdout
    assert "examples:" in top and "inat taxa search" in top
    assert len(top.splitlines()) < 70


def test_a_read_command_loads_only_what_its_request_needs(served: Served, tmp_path: Path) -> None:
    # What the wait before a command's first request is made of (goal: within 250 ms of
    # launch): no keyring without a stored login, none of requests-cache's optional backends,
    # no pyrate-limiter, no other resource's controller, a few model classes, not ninety.
    probe = (
        "import sys, io, contextlib\n"
        "seen = []\n"
        "def hook(event, args):\n"  # what is loaded when the API request is sent
        "    if event == 'http.client.send' and b'/v1/taxa/3' in bytes(args[1])[:200]:\n"
        "        seen.append(set(sys.modules))\n"
        "sys.addaudithook(hook)\n"
        "from inatsdk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['--api-url', {served.url!r}, 'taxa', 'get', '3'])\n"
        "assert code == 0 and 'Aves' in out.getvalue(), out.getvalue()\n"
        "loaded = [m for m in ('keyring', 'redis', 'yaml', 'pyrate_limiter', 'asyncio',\n"
        "    'inatsdk.controllers.observations', 'inatsdk.models.observation') if m in seen[0]]\n"
        "models = [m for m in seen[0] if m.startswith('inatsdk.models.')]\n"
        "print(loaded, len(models) < 20)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INAT_", "PYTHON_KEYRING"))}
    env.update(INATSDK_CONFIG_DIR=str(tmp_path / "config"), INATSDK_CACHE_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[] True"


def test_usage_errors_are_short_and_name_the_fix(served: Served) -> None:
    out = run(served, "observations", "search", "--limit", "many")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 3, out.stderr
    assert lines[0] == "usage: inat observations search [options]"
    assert "--limit" in lines[1] and lines[2] == "see: inat observations search --help"
    bad = run(served, "observations", "search", "--quality-grade", "great")
    assert bad.returncode == 2 and "one of" in bad.stderr and "research" in bad.stderr
    typo = run(served, "taxa", "search", "--rnk", "species")
    assert typo.returncode == 1 and "did you mean --rank?" in typo.stderr
    assert "inatsdk." not in typo.stderr and "()" not in typo.stderr


def test_a_write_without_login_says_run_inat_login(served: Served) -> None:
    out = run(served, "comments", "create", str(served.observation), "hello")
    assert out.returncode == 1
    assert "run `inat login" in out.stderr and "Traceback" not in out.stderr
    assert "credentials=" not in out.stderr


def test_a_refused_connection_is_said_at_once() -> None:
    port = free_port()
    env = {**os.environ, "INAT_API_URL": f"http://127.0.0.1:{port}"}
    started = time.monotonic()
    out = subprocess.run(
        [*INAT, "taxa", "get", "3"], capture_output=True, text=True, timeout=60, env=env
    )
    elapsed = time.monotonic() - started
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"inat: nothing answers at http://127.0.0.1:{port}: is the emulator running? "
        "check --api-url"
    )
    assert elapsed < 5, elapsed


def test_settings_from_the_environment(served: Served) -> None:
    # INAT_API_URL points every command at the emulator (run() sets it); a flag wins over it.
    out = run(served, "taxa", "get", "3", "--format", "json", INAT_API_URL="http://127.0.0.1:1")
    assert out.returncode == 1 and "127.0.0.1:1" in out.stderr
    flag = run(
        served, "--api-url", served.url, "taxa", "get", "3", "--format", "json",
        INAT_API_URL="http://127.0.0.1:1",
    )  # fmt: skip
    assert json.loads(flag.stdout)["id"] == 3
    # No rate limit: 600 observations in pages of 200 back to back, and --refresh reads afresh.
    fast = run(served, "observations", "search", "--all", "--format", "jsonl", "--refresh")
    assert len(fast.stdout.splitlines()) == 600


def _bash_complete(line: str) -> list[str]:
    script = subprocess.run(
        [*INAT, "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    program = (
        f"{script}\nCOMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        "COMP_WORDS=($COMP_LINE); COMP_CWORD=${#COMP_WORDS[@]}\n"
        "_inat_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    out = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60)
    return out.stdout.split()


def test_bash_completion_after_global_options_with_values(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8765"
    assert "observations" in _bash_complete(f"inat --api-url {url} obs")
    assert "search" in _bash_complete(f"inat --api-url {url} observations ")
    assert "--taxon-id" in _bash_complete(f"inat --api-url {url} observations search --taxon-")
    assert {"json", "jsonl"} <= set(_bash_complete("inat observations search --format js"))
    assert "research" in _bash_complete(
        f"inat --api-url {url} observations search --quality-grade r"
    )
    (tmp_path / "birds.csv").write_text("x")
    assert str(tmp_path / "birds.csv") in _bash_complete(
        f"inat observations search -o {tmp_path}/bi"
    )


def test_zsh_and_fish_scripts() -> None:
    for shell in ("zsh", "fish"):
        script = subprocess.run(
            [*INAT, "completion", shell], capture_output=True, text=True, check=True
        ).stdout
        assert "__complete" in script
    # Each shell that is installed loads its script without error.
    for shell, load in (("zsh", 'eval "$(cat)"'), ("fish", "source")):
        path = subprocess.run(["which", shell], capture_output=True, text=True).stdout.strip()
        if path:
            script = subprocess.run(
                [*INAT, "completion", shell], capture_output=True, text=True
            ).stdout
            done = subprocess.run([path, "-c", load], input=script, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr


def test_a_reseeded_emulator_is_never_served_from_an_older_cache(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [*INAT, "emulator", "--port", str(port), "--observations", "50", "--throttle", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    cache = tmp_path / "cache"
    served = Served(url, 0, 0, "", 0)

    def guesses() -> list[str]:
        out = run(
            served,
            "observations",
            "search",
            "--limit",
            "5",
            "--format",
            "jsonl",
            INATSDK_CACHE_DIR=str(cache),
        )
        assert out.returncode == 0, out.stderr
        return [json.loads(line)["species_guess"] for line in out.stdout.splitlines()]

    def fresh() -> list[str]:
        reply = requests.get(f"{url}/v1/observations?per_page=5&order_by=id", timeout=10).json()
        return [r["species_guess"] for r in reply["results"]]

    try:
        wait_for_port(port)
        before = guesses()
        assert before == guesses() == fresh()
        assert list((cache / "emulator").glob(f"{port}-*.sqlite"))  # the answers were cached
        reply = requests.post(f"{url}/_emulator/seed", json={"seed": 11}, timeout=30)
        assert reply.status_code == 200, reply.text
        assert fresh() != before
        assert guesses() == fresh()
        assert len(list((cache / "emulator").glob(f"{port}-*.sqlite"))) == 1  # the old one went
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
