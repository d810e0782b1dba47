"""pytest fixtures for the emulator.

Enable with ``pytest_plugins = ["inatsdk.testing.pytest_plugin"]`` in a ``conftest.py``.

``emulator``
    A running :class:`~inatsdk.testing.Emulator`, reset before the test. Tests share one
    session-wide server (default options) for speed; a test marked
    ``@pytest.mark.emulator(observations=20_000, throttle=(5, 1.0), ...)`` gets its own,
    built with those keywords and stopped afterwards.
``emulator_session``
    The shared server itself (not reset for you).
``emulator_factory``
    ``emulator_factory(**options) -> Emulator``: more servers, all stopped after the test.
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


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., Emulator]]:
    started: list[Emulator] = []

    def make(**options: Any) -> Emulator:
        emu = Emulator(**options).start()
        started.append(emu)
        return emu

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture
def emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    marker = request.node.get_closest_marker("emulator")
    if marker is not None:
        if marker.args:
            raise TypeError("@pytest.mark.emulator takes keyword arguments only")
        with Emulator(**marker.kwargs) as own:
            yield own
        return
    shared: Emulator = request.getfixturevalue("emulator_session")
    shared.reset()
    yield shared
    shared.reset()
