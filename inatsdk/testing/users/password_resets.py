"""Password-reset e-mails asked for since the last reset. One :class:`PasswordResets` per
store, in its state registry; nothing is sent, the request is only kept for tests to read."""

from __future__ import annotations

import threading

__all__ = ["PasswordResets"]


class PasswordResets:
    """Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_user: dict[int, int] = {}
        self._emails: list[str] = []

    def request(self, email: str, user_id: int | None) -> None:
        """Keep a request for ``email`` (``user_id``: the account it names, if any)."""
        with self._lock:
            self._emails.append(email)
            if user_id is not None:
                self._by_user[user_id] = self._by_user.get(user_id, 0) + 1

    def emails(self) -> list[str]:
        """Every address a reset was asked for, oldest first."""
        with self._lock:
            return list(self._emails)

    def sent_to(self, user_id: int) -> int:
        """How many reset e-mails this user's account would have received."""
        with self._lock:
            return self._by_user.get(user_id, 0)
