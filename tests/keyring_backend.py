"""A real keyring backend for the tests: secrets in a JSON file (or in memory), never in the
keyring of whoever runs the tests.

In process: ``keyring.set_keyring(FileKeyring(path))``. In a child process (``inat login``):
``PYTHON_KEYRING_BACKEND=tests.keyring_backend.FileKeyring`` and ``INATSDK_TEST_KEYRING=<path>``,
with the repository root as the working directory.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

__all__ = ["FileKeyring"]

ENV = "INATSDK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    """Keeps ``(service, username) -> secret`` in a JSON file, or in memory when no path is
    given (and ``INATSDK_TEST_KEYRING`` is unset). Counts reads, so tests can tell when the
    keyring was consulted."""

    priority = 1  # pyright: ignore[reportAssignmentType]  # keyring reads a plain class attribute

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        env = os.environ.get(ENV)
        self.path = Path(path) if path is not None else Path(env) if env else None
        self._memory: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()
        self.reads = 0

    def _load(self) -> dict[str, dict[str, str]]:
        if self.path is None:
            return self._memory
        if not self.path.exists():
            return {}
        data: dict[str, dict[str, str]] = json.loads(self.path.read_text("utf-8"))
        return data

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        if self.path is None:
            self._memory = data
            return
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True), "utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            self.reads += 1
            return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            data = self._load()
            data.setdefault(service, {})[username] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            data = self._load()
            entries = data.get(service, {})
            if username not in entries:
                raise PasswordDeleteError(f"no {username} in {service}")
            del entries[username]
            if not entries:
                del data[service]
            self._save(data)

    def services(self) -> dict[str, dict[str, str]]:
        """Everything stored (for assertions)."""
        with self._lock:
            return {k: dict(v) for k, v in self._load().items()}
