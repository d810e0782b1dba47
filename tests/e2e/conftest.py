"""Fixtures for end-to-end tests: a real client talking real HTTP to the emulator."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from inatsdk import Credentials, Retries, iNatClient
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


@pytest.fixture
def owner(emulator: Emulator) -> int:
    """The first seeded user, whom :func:`me` signs in as."""
    return emulator.store.user_ids()[0]


@pytest.fixture
def me(emulator: Emulator, owner: int) -> Iterator[iNatClient]:
    """A client signed in as ``owner`` (a JWT the emulator issued)."""
    token = emulator.issue_jwt(owner)
    with make_client(emulator, credentials=Credentials(api_token=token)) as c:
        yield c


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, *, timeout: float = 30.0) -> None:
    """Block until something accepts connections on ``127.0.0.1:port``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on port {port} after {timeout} s") from None
            time.sleep(0.05)
