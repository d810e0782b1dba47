"""pytest fixtures for the emulator.

Enable with ``pytest_plugins = ["inatsdk.testing.pytest_plugin"]`` in a ``conftest.py``.

``emulator``
    A running :class:`~inatsdk.testing.Emulator` of this test's own: a scoped view
    (:meth:`~inatsdk.testing.Emulator.scoped`) whose ``api_url`` and ``web_url`` carry a scope
    named after the test. Its ``requests`` are only those sent through its URLs, so a test
    reads only the requests it caused, never one that another test's client sent late; the
    faults it injects hit only its own requests. The world (records, users, tokens) is reset
    before and after the test. Tests share one session-wide server (default options) for
    speed; a test marked ``@pytest.mark.emulator(observations=20_000, throttle=(5, 1.0), ...)``
    gets its own server, built with those keywords and stopped afterwards. When the test ends,
    its scope ends: requests still arriving for it are answered 410 and change nothing.
``emulator_session``
    The shared server itself (not reset for you, not scoped: its ``requests`` are every
    test's).
``emulator_factory``
    ``emulator_factory(**options) -> Emulator``: more servers of this test's own (scoped views,
    as ``emulator`` is), all stopped after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from inatsdk.testing.server import Emulator

__all__ = ["emulator", "emulator_factory", "emulator_session"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "emulator(**options): give this test its own inatsdk emulator built with these "
        "Emulator keywords (observations, seed, throttle, jwt_lifetime)",
    )


def _scope_name(request: pytest.FixtureRequest) -> str:
    """The test's name (a scope name is shortened and made URL-safe by the emulator)."""
    return str(request.node.name)


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emulator_factory(request: pytest.FixtureRequest) -> Iterator[Callable[..., Emulator]]:
    started: list[Emulator] = []

    def make(**options: Any) -> Emulator:
        emu = Emulator(**options).start()
        started.append(emu)
        return emu.scoped(_scope_name(request))

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture
def emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    marker = request.node.get_closest_marker("emulator")
    if marker is not None:
        if marker.args:
            raise TypeError("@pytest.mark.emulator takes keyword arguments only")
        with Emulator(**marker.kwargs) as own, own.scoped(_scope_name(request)) as view:
            yield view
        return
    shared: Emulator = request.getfixturevalue("emulator_session")
    shared.reset()
    with shared.scoped(_scope_name(request)) as view:
        yield view
    shared.reset()
