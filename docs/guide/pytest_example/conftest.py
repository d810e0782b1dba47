from __future__ import annotations

from collections.abc import Iterator

import pytest

from inatsdk import iNatClient
from inatsdk.testing import Emulator

pytest_plugins = ["inatsdk.testing.pytest_plugin"]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[iNatClient]:
    """A client for the test's emulator: no cache and no rate limit, so tests stay independent
    and fast; no credentials and no dry-run, whatever the environment says."""
    with iNatClient(
        api_url=emulator.api_url,
        web_url=emulator.web_url,
        user_agent="my-app-tests/1.0",
        cache=None,
        rate_limit=None,
        credentials=None,
        dry_run=False,
    ) as c:
        yield c
