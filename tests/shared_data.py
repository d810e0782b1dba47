"""Locate ``../shared/inat-api`` (or ``$INAT_API_SAMPLES``) for contract tests.

Tests that read it use :data:`requires_shared`, so an outside clone without the folder still
passes; ``.ci/run`` refuses to start without it, so CI always runs them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

_ROOT = Path(__file__).resolve().parent.parent


def _find_api_dir() -> Path | None:
    env = os.environ.get("INAT_API_SAMPLES")
    candidates = [Path(env)] if env else []
    candidates.append(_ROOT.parent / "shared" / "inat-api")
    for candidate in candidates:
        if (candidate / "responses").is_dir() and (candidate / "spec").is_dir():
            return candidate
    return None


API_DIR: Path | None = _find_api_dir()

requires_shared = pytest.mark.skipif(
    API_DIR is None,
    reason="../shared/inat-api is absent (set INAT_API_SAMPLES to its path to run this test)",
)


def api_dir() -> Path:
    """The shared API folder; only call from tests marked ``requires_shared``."""
    assert API_DIR is not None
    return API_DIR


def load_response(relative: str) -> Any:
    """Parse one recorded response, e.g. ``load_response("v1/get_taxa.json")``."""
    with (api_dir() / "responses" / relative).open(encoding="utf-8") as f:
        return json.load(f)


def response_files(version: str) -> list[Path]:
    """Every recorded response file of one API version (``"v1"`` or ``"v2"``), sorted."""
    if API_DIR is None:
        return []
    return sorted((API_DIR / "responses" / version).glob("*.json"))
