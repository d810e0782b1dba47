"""Saved locations written since the last reset (none are seeded). One :class:`SavedLocations`
per store, in its state registry."""

from __future__ import annotations

import threading
import time

import attrs

from inatsdk.testing.rules import ApiError

__all__ = ["FIRST_SAVED_LOCATION_ID", "SavedLocation", "SavedLocations"]

FIRST_SAVED_LOCATION_ID = 1_000
"""The id of the first saved location created after a reset."""


@attrs.frozen
class SavedLocation:
    id: int
    user_id: int
    latitude: float
    longitude: float
    title: str | None
    positional_accuracy: int | None
    geoprivacy: str | None
    created: float


class SavedLocations:
    """Every user's saved locations; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, SavedLocation] = {}
        self._next = FIRST_SAVED_LOCATION_ID

    def of(self, user_id: int) -> list[SavedLocation]:
        """This user's saved locations, oldest first."""
        with self._lock:
            return [r for r in self._rows.values() if r.user_id == user_id]

    def create(
        self,
        user_id: int,
        *,
        latitude: float,
        longitude: float,
        title: str | None,
        positional_accuracy: int | None,
        geoprivacy: str | None,
    ) -> SavedLocation:
        with self._lock:
            if title is not None and any(
                r.user_id == user_id and r.title == title for r in self._rows.values()
            ):
                raise ApiError(422, "Title has already been taken")
            row = SavedLocation(
                self._next,
                user_id,
                latitude,
                longitude,
                title,
                positional_accuracy,
                geoprivacy,
                time.time(),
            )
            self._rows[row.id] = row
            self._next += 1
            return row

    def delete(self, user_id: int, location_id: int) -> None:
        with self._lock:
            row = self._rows.get(location_id)
            if row is None or row.user_id != user_id:  # another's location is not found
                raise ApiError(404, "Not Found")
            del self._rows[location_id]
