"""Faults the emulator can inject: error statuses, dropped connections, truncated bodies, delays.

A :class:`Fault` matches requests by ``path`` prefix and ``method``. ``times`` caps how many
matching requests it hits (``None``: no cap); ``share`` makes it hit only that share of the
matching requests, chosen by a generator seeded from the emulator's seed and the fault's order of
injection, so a run is reproducible. Faults are tried in the order they were injected; the first
that fires handles the request, and only a fault that fires uses up one of its ``times``.

A fault injected through a scoped view of the emulator (:meth:`Emulator.scoped
<inatsdk.testing.Emulator.scoped>`) fires only for requests sent through that view's URLs; one
injected into the emulator itself fires for any request.
"""

from __future__ import annotations

import random
import threading
from typing import Any, Literal

import attrs

__all__ = ["Fault", "FaultKind", "FaultPlan"]

FaultKind = Literal["status", "drop", "truncate", "delay"]


def _check_times(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError("times must be 1 or more, or None for no limit")


def _check_share(instance: Any, attribute: Any, value: float | None) -> None:
    if value is not None and not 0.0 < value <= 1.0:
        raise ValueError("share must be in (0, 1]")


def _check_status(instance: Any, attribute: Any, value: int) -> None:
    if not 100 <= value <= 599:
        raise ValueError("status must be an HTTP status code (100-599)")


def _check_delay(instance: Any, attribute: Any, value: float) -> None:
    if value < 0:
        raise ValueError("delay must be 0 or more seconds")


def _upper(value: str | None) -> str | None:
    return value.upper() if value is not None else None


@attrs.frozen
class Fault:
    """One fault to inject; see :meth:`inatsdk.testing.Emulator.inject`.

    Parameters:
        kind: ``"status"`` answers ``status`` with a v1-style error body (or ``body``);
            ``"drop"`` closes the connection without answering (the client sees a connection
            error); ``"truncate"`` answers normally but announces a ``Content-Length`` longer than
            the body it sends, then closes (the client sees an incomplete read);
            ``"delay"`` waits ``delay`` seconds, then answers normally.
        status: the status of a ``"status"`` fault (``429`` for a rate-limit burst).
        times: how many matching requests it hits; ``None`` for no limit.
        share: hit only this share (0-1] of the matching requests, chosen deterministically.
        path: only requests whose path starts with this (``"/v1/observations"``).
        method: only requests with this method (any case).
        delay: seconds to wait before acting; with any kind, not only ``"delay"``.
        retry_after: a ``Retry-After`` header (seconds) on a ``"status"`` fault.
        body: the exact body of a ``"status"`` fault instead of the error JSON.
    """

    kind: FaultKind = attrs.field(
        validator=attrs.validators.in_(("status", "drop", "truncate", "delay"))
    )
    status: int = attrs.field(default=500, validator=_check_status)
    times: int | None = attrs.field(default=1, validator=_check_times)
    share: float | None = attrs.field(default=None, validator=_check_share)
    path: str | None = None
    method: str | None = attrs.field(default=None, converter=_upper)
    delay: float = attrs.field(default=0.0, validator=_check_delay)
    retry_after: float | None = None
    body: bytes | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.path is None or path.startswith(self.path)


@attrs.define
class _Armed:
    fault: Fault
    remaining: int | None
    rng: random.Random
    scope: str | None
    """The scope whose requests it hits; None: every request."""


class FaultPlan:
    """The faults injected into one emulator; thread-safe.

    Each fault belongs to a scope (see :class:`~inatsdk.testing.Emulator`): ``None`` for the
    whole emulator, whose faults hit every request, or a scope's name, whose faults hit only
    that scope's requests. Where ``scope=None`` selects faults (:meth:`clear`,
    :meth:`pending`), it means all of them.
    """

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._armed: list[_Armed] = []
        self._injected: dict[str | None, int] = {}
        self._lock = threading.Lock()

    def inject(self, fault: Fault, scope: str | None = None) -> None:
        with self._lock:
            # Counted per scope, so a scope's share-faults draw the same as the emulator's own.
            count = self._injected.get(scope, 0)
            rng = random.Random(f"{self._seed}:fault:{count}")
            self._injected[scope] = count + 1
            self._armed.append(_Armed(fault=fault, remaining=fault.times, rng=rng, scope=scope))

    def reseed(self, seed: int) -> None:
        """Draw shares from ``seed`` from now on (every fault is forgotten)."""
        with self._lock:
            self._seed = seed
            self._armed.clear()
            self._injected.clear()

    def clear(self, scope: str | None = None) -> None:
        """Forget the faults of ``scope`` (``None``: every fault)."""
        with self._lock:
            if scope is None:
                self._armed.clear()
                self._injected.clear()
            else:
                self._armed = [a for a in self._armed if a.scope != scope]
                self._injected.pop(scope, None)

    def pending(self, scope: str | None = None) -> list[Fault]:
        """Faults of ``scope`` (``None``: every fault) that can still fire, in injection order."""
        with self._lock:
            return [a.fault for a in self._armed if scope is None or a.scope == scope]

    def take(self, method: str, path: str, scope: str | None = None) -> Fault | None:
        """The fault that handles this request, sent through ``scope``'s URLs (``None``: the
        emulator's own), if any (using up one of its ``times``)."""
        with self._lock:
            for armed in self._armed:
                if armed.scope is not None and armed.scope != scope:
                    continue
                if not armed.fault.matches(method, path):
                    continue
                share = armed.fault.share
                if share is not None and armed.rng.random() >= share:
                    continue
                if armed.remaining is not None:
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        self._armed.remove(armed)
                return armed.fault
        return None
