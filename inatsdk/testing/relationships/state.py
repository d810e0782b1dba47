"""Relationships written since the last reset (none are seeded): whom each user follows and
trusts with hidden coordinates. One :class:`Relationships` per store, in its state registry."""

from __future__ import annotations

import threading
import time

import attrs

from inatsdk.testing.rules import ApiError

__all__ = ["FIRST_RELATIONSHIP_ID", "Relationship", "Relationships"]

FIRST_RELATIONSHIP_ID = 1_000
"""The id of the first relationship created after a reset."""


@attrs.define
class Relationship:
    id: int
    user_id: int
    friend_id: int
    following: bool
    trust: bool
    created: float
    updated: float


class Relationships:
    """Every user's relationships; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, Relationship] = {}
        self._next = FIRST_RELATIONSHIP_ID

    def of(self, user_id: int) -> list[Relationship]:
        """This user's relationships, oldest first."""
        with self._lock:
            return [attrs.evolve(r) for r in self._rows.values() if r.user_id == user_id]

    def trusts(self, user_id: int, friend_id: int) -> bool:
        with self._lock:
            return any(
                r.user_id == user_id and r.friend_id == friend_id and r.trust
                for r in self._rows.values()
            )

    def create(self, user_id: int, friend_id: int, *, following: bool, trust: bool) -> Relationship:
        if friend_id == user_id:
            raise ApiError(422, "You cannot be friends with yourself")
        with self._lock:
            if any(r.user_id == user_id and r.friend_id == friend_id for r in self._rows.values()):
                raise ApiError(422, "Friend has already been taken")
            now = time.time()
            row = Relationship(self._next, user_id, friend_id, following, trust, now, now)
            self._rows[row.id] = row
            self._next += 1
            return attrs.evolve(row)

    def _own(self, user_id: int, relationship_id: int) -> Relationship:
        row = self._rows.get(relationship_id)
        if row is None or row.user_id != user_id:  # another's relationship is not found
            raise ApiError(404, "Not Found")
        return row

    def update(
        self, user_id: int, relationship_id: int, *, following: bool | None, trust: bool | None
    ) -> Relationship:
        with self._lock:
            row = self._own(user_id, relationship_id)
            if following is not None:
                row.following = following
            if trust is not None:
                row.trust = trust
            row.updated = time.time()
            return attrs.evolve(row)

    def delete(self, user_id: int, relationship_id: int) -> None:
        with self._lock:
            self._own(user_id, relationship_id)
            del self._rows[relationship_id]
