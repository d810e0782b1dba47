"""The registry of the emulator's resource states: what clients changed since the last reset,
one state object per kind (the observation writes, the account writes, the messages read, ...),
each built on first use; :meth:`StateRegistry.reset` drops them all at once, which is the whole
of a reset for them (the seeded world itself is never changed).

    >>> class Faves:
    ...     def __init__(self) -> None:
    ...         self.ids: set[int] = set()
    >>> states = StateRegistry()
    >>> states.peek(Faves) is None
    True
    >>> states.get(Faves).ids.add(3)
    >>> states.get(Faves).ids
    {3}
    >>> states.reset()
    >>> states.peek(Faves) is None
    True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["StateRegistry"]

T = TypeVar("T")


class StateRegistry:
    """Resource states by kind (their class); thread-safe."""

    def __init__(self) -> None:
        self._states: dict[type, object] = {}
        self._lock = threading.RLock()

    def get(self, kind: type[T], factory: Callable[[], T] | None = None) -> T:
        """The state of this kind since the last reset, built (by ``factory``, else ``kind()``)
        on first use."""
        with self._lock:
            state = self._states.get(kind)
            if not isinstance(state, kind):
                state = factory() if factory is not None else kind()
                self._states[kind] = state
            return state

    def peek(self, kind: type[T]) -> T | None:
        """The state of this kind, or None when nothing built it since the last reset."""
        state = self._states.get(kind)
        return state if isinstance(state, kind) else None

    def reset(self) -> None:
        """Drop every state."""
        with self._lock:
            self._states = {}

    def kinds(self) -> list[type]:
        """The kinds that hold a state now."""
        with self._lock:
            return list(self._states)
