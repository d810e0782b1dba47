"""Connections revoked since the last reset: the applications each user revoked and the
provider authorizations unlinked. One :class:`Revocations` per store, in its state registry."""

from __future__ import annotations

import threading

__all__ = ["Revocations"]


class Revocations:
    """Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._applications: dict[int, set[int]] = {}
        self._providers: set[int] = set()

    def revoke_application(self, user_id: int, application_id: int) -> None:
        with self._lock:
            self._applications.setdefault(user_id, set()).add(application_id)

    def revoked_applications(self, user_id: int) -> frozenset[int]:
        with self._lock:
            return frozenset(self._applications.get(user_id, ()))

    def unlink_provider(self, authorization_id: int) -> None:
        with self._lock:
            self._providers.add(authorization_id)

    def unlinked_providers(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._providers)
