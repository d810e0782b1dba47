"""Fixtures for end-to-end tests: a real client talking real HTTP to the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inatsdk import Retries, iNatClient
from inatsdk.testing import Emulator

FAST_RETRIES = Retries(total=4, backoff=0.01, max_backoff=0.05)


def make_client(emu: Emulator, **overrides: object) -> iNatClient:
    """A client pointed at ``emu`` with no cache, no rate limit and quick retries."""
    settings: dict[str, object] = {
        "api_url": emu.api_url,
        "web_url": emu.web_url,
        "user_agent": "inatsdk-tests/1.0",
        "cache": None,
        "rate_limit": None,
        "retries": FAST_RETRIES,
        "credentials": None,
        "dry_run": False,
    }
    settings.update(overrides)
    return iNatClient(**settings)  # type: ignore[arg-type]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[iNatClient]:
    with make_client(emulator) as c:
        yield c
