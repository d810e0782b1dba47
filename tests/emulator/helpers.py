"""Helpers for the emulator's own tests: plain ``requests`` against a running emulator."""

from __future__ import annotations

from typing import Any

import requests

from inatsdk.testing import Emulator


def get(emu: Emulator, path: str, **params: Any) -> requests.Response:
    """``GET api_url + path`` with ``params`` (lists are sent comma-separated)."""
    query = {
        k: ",".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in params.items()
    }
    return requests.get(emu.api_url + path, params=query, timeout=30)


def get_json(emu: Emulator, path: str, **params: Any) -> Any:
    response = get(emu, path, **params)
    assert response.status_code == 200, response.text
    return response.json()


def post(emu: Emulator, path: str, body: Any, token: str | None = None) -> requests.Response:
    headers = {"Authorization": token} if token is not None else {}
    return requests.post(emu.api_url + path, json=body, headers=headers, timeout=30)
