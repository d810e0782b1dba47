"""Announcements dismissed since the last reset, per user. One :class:`Dismissals` per store,
in its state registry."""

from __future__ import annotations

import threading

__all__ = ["Dismissals"]


class Dismissals:
    """Which announcements each user dismissed; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_user: dict[int, set[int]] = {}

    def dismiss(self, user_id: int, announcement_id: int) -> None:
        with self._lock:
            self._by_user.setdefault(user_id, set()).add(announcement_id)

    def of(self, user_id: int) -> frozenset[int]:
        with self._lock:
            return frozenset(self._by_user.get(user_id, ()))
