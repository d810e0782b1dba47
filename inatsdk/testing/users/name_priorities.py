"""Taxon name priorities written since the last reset (none are seeded): each user's ordered
list of name lexicons, optionally per place, which ``/users/me`` (v1 and v2) shows as
``taxon_name_priorities``. One :class:`NamePriorities` per store, in its state registry.

As the website's model: positions start at 0, a new entry goes last, a lexicon appears once per
user and place, and moving an entry shifts those between its old and new positions.
"""

from __future__ import annotations

import threading

import attrs

from inatsdk.testing.rules import ApiError

__all__ = ["FIRST_NAME_PRIORITY_ID", "NamePriorities", "NamePriority"]

FIRST_NAME_PRIORITY_ID = 1_000


@attrs.define
class NamePriority:
    id: int
    user_id: int
    lexicon: str
    place_id: int | None
    position: int


class NamePriorities:
    """Every user's name priorities; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, NamePriority] = {}
        self._next = FIRST_NAME_PRIORITY_ID

    def _of(self, user_id: int) -> list[NamePriority]:
        return sorted(
            (r for r in self._rows.values() if r.user_id == user_id), key=lambda r: r.position
        )

    def of(self, user_id: int) -> list[NamePriority]:
        """This user's priorities, by position."""
        with self._lock:
            return [attrs.evolve(r) for r in self._of(user_id)]

    def create(self, user_id: int, lexicon: str, place_id: int | None) -> NamePriority:
        with self._lock:
            own = self._of(user_id)
            if any(r.lexicon == lexicon and r.place_id == place_id for r in own):
                raise ApiError(422, "Lexicon has already been taken")
            row = NamePriority(self._next, user_id, lexicon, place_id, len(own))
            self._rows[row.id] = row
            self._next += 1
            return attrs.evolve(row)

    def _own(self, user_id: int, priority_id: int) -> NamePriority:
        row = self._rows.get(priority_id)
        if row is None or row.user_id != user_id:
            raise ApiError(404, "Not Found")
        return row

    def move(self, user_id: int, priority_id: int, position: int) -> NamePriority:
        with self._lock:
            row = self._own(user_id, priority_id)
            own = [r for r in self._of(user_id) if r.id != row.id]
            own.insert(max(0, min(position, len(own))), row)
            for i, r in enumerate(own):
                r.position = i
            return attrs.evolve(row)

    def delete(self, user_id: int, priority_id: int) -> None:
        with self._lock:
            self._own(user_id, priority_id)
            del self._rows[priority_id]
            for i, r in enumerate(self._of(user_id)):
                r.position = i
