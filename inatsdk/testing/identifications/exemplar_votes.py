"""Votes on exemplar identifications cast since the last reset. One :class:`ExemplarVotes`
per store, in its state registry."""

from __future__ import annotations

import itertools
import threading
import time

import attrs

__all__ = ["FIRST_EXEMPLAR_VOTE_ID", "ExemplarVote", "ExemplarVotes"]

FIRST_EXEMPLAR_VOTE_ID = 1_000


@attrs.frozen
class ExemplarVote:
    id: int
    exemplar_id: int
    user_id: int
    created: float


class ExemplarVotes:
    """At most one vote per user and exemplar; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._votes: dict[tuple[int, int], ExemplarVote] = {}
        self._ids = itertools.count(FIRST_EXEMPLAR_VOTE_ID)

    def vote(self, exemplar_id: int, user_id: int) -> ExemplarVote:
        """The user's vote for the exemplar (the one they cast before, if any)."""
        with self._lock:
            key = (exemplar_id, user_id)
            found = self._votes.get(key)
            if found is None:
                found = ExemplarVote(next(self._ids), exemplar_id, user_id, time.time())
                self._votes[key] = found
            return found

    def unvote(self, exemplar_id: int, user_id: int) -> None:
        with self._lock:
            self._votes.pop((exemplar_id, user_id), None)

    def of(self, exemplar_id: int) -> list[ExemplarVote]:
        """The exemplar's votes, oldest first."""
        with self._lock:
            return sorted(
                (v for v in self._votes.values() if v.exemplar_id == exemplar_id),
                key=lambda v: v.id,
            )
