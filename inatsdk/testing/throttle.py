"""The per-client request throttle: at most ``limit`` requests per sliding ``period`` per IP.

Like the caching proxy in front of the real API, it counts requests per client address before
any authentication, and answers the excess with 429 and no ``Retry-After``. Rejected requests are
not counted, so a client that backs off gets through as soon as its window has room.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable

__all__ = ["SlidingWindowThrottle"]


class SlidingWindowThrottle:
    """Thread-safe sliding-window counter, one window per key (client address)."""

    def __init__(
        self, limit: int, period: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1:
            raise ValueError("throttle limit must be 1 or more")
        if period <= 0:
            raise ValueError("throttle period must be more than 0 seconds")
        self.limit = limit
        self.period = period
        self._clock = clock
        self._hits: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one request from ``key``; ``False`` when it is over the limit."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, collections.deque())
            horizon = now - self.period
            while hits and hits[0] <= horizon:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
