"""``inatsdk/testing/_v2_shapes.json`` is what the official v2 spec compiles to, and the
emulator's v2 users have v2's keys (those of the recorded ``GET /v2/users/{id}``)."""

from __future__ import annotations

import json

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.v2_schemas import _DATA, compile_shapes, conform
from tests.shared_data import api_dir, load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]


def test_shapes_are_compiled_from_the_spec() -> None:
    spec = json.loads((api_dir() / "spec" / "v2_openapi.json").read_text(encoding="utf-8"))
    assert json.loads(_DATA.read_text(encoding="utf-8")) == compile_shapes(spec), (
        "regenerate: python -m inatsdk.testing.v2_schemas ../shared/inat-api/spec/v2_openapi.json"
    )


def test_conform_drops_what_v2_does_not_declare() -> None:
    record = {
        "uuid": "x",
        "id_please": None,
        "observation_photos": [{"id": 1, "photo_id": 2, "photo": {"id": 2, "bogus": 1}}],
        "user": {"id": 1, "login_autocomplete": "a", "name": None},
    }
    assert conform(record, "Observation") == {
        "uuid": "x",
        "observation_photos": [{"id": 1, "photo": {"id": 2}}],
        "user": {"id": 1, "name": None},
    }


def test_v2_users_have_v2_keys(emulator: Emulator) -> None:
    real = load_response("v2/get_user_by_id.json")["results"][0]
    user_id = emulator.store.user_ids()[0]
    answer = requests.get(f"{emulator.api_url}/v2/users/{user_id}?fields=all", timeout=30)
    ours = answer.json()["results"][0]
    # site_id: a v2 User key the recording leaves out (it has the site object)
    assert set(ours) - {"site_id"} == set(real)
    assert set(ours["site"]) == set(real["site"])
    v1 = requests.get(f"{emulator.api_url}/v1/users/{user_id}", timeout=30).json()["results"][0]
    assert "login_autocomplete" in v1 and "uuid" not in v1
