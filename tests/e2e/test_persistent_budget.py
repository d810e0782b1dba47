"""The default rate limit counts in a SQLite file in the user cache folder, shared by the
user's processes and kept across restarts; construction opens nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inatsdk import RateLimit, iNatClient
from inatsdk.testing import Emulator

# One process finds how much of a tiny daily budget of the default bucket is spent, spends
# some more (waiting for the bucket's lock like a request does), and tries once more at once.
SPEND = """
import sys
from inatsdk import RateLimit
from inatsdk.session import acquire, build_limiter
limiter = build_limiter(RateLimit(per_minute=None, per_day=3))
bucket = limiter.buckets()[0]
before = bucket.count()
for _ in range(int(sys.argv[1])):
    acquire(limiter)
after = bucket.count()
if hasattr(bucket, "take"):  # the default bucket: one attempt, no wait
    extra = 1 if bucket.take() else 0
else:  # pyrate-limiter's memory bucket: a zero timeout is one attempt too
    extra = 1 if limiter.try_acquire("inatsdk", blocking=True, timeout=0) is True else 0
print(before, after, extra, "pyrate_limiter" in sys.modules)
"""


def _run(cache_dir: Path, *args: str) -> str:
    env = {**os.environ, "INATSDK_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", SPEND, *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_default_bucket_is_a_file_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INATSDK_CACHE_DIR", str(tmp_path))
    assert RateLimit().bucket == "sqlite"
    assert RateLimit().resolved_path() == tmp_path / "ratelimit.sqlite"
    assert RateLimit(bucket="memory").bucket == "memory"  # still there, as a choice


def test_the_daily_budget_survives_a_restart(tmp_path: Path) -> None:
    # Spent 1, and one more went through at once; pyrate-limiter was never imported.
    assert _run(tmp_path, "1") == "0 1 1 False"
    # A new process (a cron job's next run) finds the 2 spent by the first; 1 is left...
    assert _run(tmp_path, "1") == "2 3 0 False"  # ...and once it is spent, nothing more goes
    assert (tmp_path / "ratelimit.sqlite").is_file()


def test_a_memory_bucket_starts_afresh_in_each_process(tmp_path: Path) -> None:
    code = SPEND.replace("per_day=3)", "per_day=3, bucket='memory')")
    env = {**os.environ, "INATSDK_CACHE_DIR": str(tmp_path)}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code, "2"], env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "0 2 1 True"
    assert not (tmp_path / "ratelimit.sqlite").exists()


def test_a_default_client_opens_its_files_on_the_first_request(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INATSDK_CACHE_DIR", str(tmp_path))
    with iNatClient(api_url=emulator.api_url, web_url=emulator.web_url, credentials=None) as c:
        assert list(tmp_path.iterdir()) == []  # constructing opens nothing
        assert c.taxa.search().first() is not None
        assert (tmp_path / "ratelimit.sqlite").is_file()
        assert (tmp_path / "http_cache.sqlite").is_file()
    assert len(emulator.requests) == 1


def test_a_client_never_used_closes_without_opening_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INATSDK_CACHE_DIR", str(tmp_path))
    iNatClient().close()
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_that_cannot_be_made_is_a_transport_error(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inatsdk import TransportError

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INATSDK_CACHE_DIR", str(blocker / "cache"))
    with iNatClient(api_url=emulator.api_url, web_url=emulator.web_url, credentials=None) as c:
        with pytest.raises(TransportError, match="setting up the cache or rate limiter"):
            c.taxa.search().first()
    assert emulator.requests == []
