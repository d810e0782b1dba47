"""The emulator's identity, ``Emulator.client()`` and its HTTP control endpoints
(``/_emulator/...``), driven over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator, Fault
from tests.emulator.helpers import get


def _control(emu: Emulator, method: str, name: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"{emu.api_url}/_emulator/{name}", json=body, timeout=30)


def test_every_answer_names_the_instance(emulator: Emulator) -> None:
    first = emulator.instance
    assert len(first) == 16
    for response in (
        get(emulator, "/v1/taxa/3"),
        get(emulator, "/v1/nothing-here"),
        _control(emulator, "GET", "instance"),
    ):
        assert response.headers["X-Emulator-Instance"] == first
    info = _control(emulator, "GET", "instance").json()
    assert info["instance"] == first and info["started_at"] == emulator.started_at
    assert info["seed"] == emulator.seed
    emulator.inject(Fault(kind="status", status=503))
    assert get(emulator, "/v1/taxa/3").headers["X-Emulator-Instance"] == first
    emulator.reset()
    assert emulator.instance != first
    answer = _control(emulator, "POST", "reset")
    assert answer.status_code == 200
    assert answer.json()["instance"] == answer.headers["X-Emulator-Instance"] != first


def test_client_is_configured_for_the_emulator(emulator: Emulator) -> None:
    with emulator.client() as client:
        assert client.settings.api_url == emulator.api_url
        assert client.settings.web_url == emulator.web_url
        assert client.settings.cache is None and client.settings.rate_limit is None
        assert client.settings.dry_run == "off"
        assert client.taxa.get(3).id == 3
    assert [r.path for r in emulator.requests] == ["/v1/taxa/3"]
    with emulator.client(api_version="v2", user_agent="x/1") as v2:
        assert v2.settings.api_version == "v2" and v2.settings.user_agent == "x/1"


def test_request_log_over_http(emulator: Emulator) -> None:
    get(emulator, "/v1/taxa", q="warbler")
    log = _control(emulator, "GET", "requests").json()["requests"]
    assert [(r["method"], r["path"], r["query"], r["status"]) for r in log] == [
        ("GET", "/v1/taxa", {"q": "warbler"}, 200)
    ]
    assert log[0]["scope"] == emulator.scope and log[0]["body"] == ""
    assert _control(emulator, "DELETE", "requests").status_code == 204
    assert _control(emulator, "GET", "requests").json() == {"requests": []}
    assert emulator.requests == []


def test_faults_over_http(emulator: Emulator) -> None:
    added = _control(
        emulator, "POST", "faults", {"kind": "status", "status": 429, "path": "/v1/taxa"}
    )
    assert added.status_code == 201 and added.json()["status"] == 429
    assert emulator.faults == [Fault(kind="status", status=429, path="/v1/taxa")]
    assert _control(emulator, "GET", "faults").json()["faults"][0]["kind"] == "status"
    assert get(emulator, "/v1/taxa/3").status_code == 429
    assert get(emulator, "/v1/taxa/3").status_code == 200
    _control(emulator, "POST", "faults", {"kind": "status", "status": 500, "times": None})
    assert _control(emulator, "DELETE", "faults").status_code == 204
    assert get(emulator, "/v1/taxa/3").status_code == 200
    for bad in ({"kind": "boom"}, {"kind": "status", "nope": 1}, {"kind": "status", "status": "x"}):
        answer = _control(emulator, "POST", "faults", bad)
        assert answer.status_code == 400 and "error" in answer.json()
    assert emulator.faults == []


def test_users_and_applications_over_http(emulator: Emulator) -> None:
    made = _control(emulator, "POST", "users", {"login": "ctl_user", "password": "pw"})
    assert made.status_code == 201
    user = made.json()
    me = requests.get(
        emulator.api_url + "/v1/users/me",
        headers={"Authorization": user["api_token"]},
        timeout=30,
    )
    assert me.status_code == 200 and me.json()["results"][0]["login"] == "ctl_user"
    app = _control(emulator, "POST", "applications", {"name": "ctl"}).json()
    token = requests.post(
        emulator.web_url + "/oauth/token",
        data={
            "grant_type": "password",
            "client_id": app["app_id"],
            "client_secret": app["app_secret"],
            "username": "ctl_user",
            "password": "pw",
        },
        timeout=30,
    )
    assert token.status_code == 200, token.text
    api_token = requests.get(
        emulator.web_url + "/users/api_token",
        headers={"Authorization": f"Bearer {user['access_token']}"},
        timeout=30,
    )
    assert api_token.status_code == 200 and "api_token" in api_token.json()
    assert _control(emulator, "POST", "users", {"login": "x"}).status_code == 400


def test_unknown_control_endpoints_and_methods(emulator: Emulator) -> None:
    assert _control(emulator, "GET", "nothing").status_code == 404
    wrong = _control(emulator, "GET", "reset")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
    assert emulator.requests == []  # control requests are not logged


@pytest.mark.emulator(observations=40, seed=1)
def test_seed_over_http(emulator: Emulator) -> None:
    before = emulator.instance
    answer = _control(emulator, "POST", "seed", {"observations": 25, "seed": 3})
    assert answer.status_code == 200, answer.text
    info = answer.json()
    assert info["observations"] == 25 and info["seed"] == 3 and info["instance"] != before
    assert emulator.seed == 3 and emulator.store.observation_count() == 25
    assert get(emulator, "/v1/observations", per_page=0).json()["total_results"] == 25
    assert _control(emulator, "POST", "seed", {"observations": -1}).status_code == 400
    emulator.reseed(observations=10)
    assert emulator.seed == 3 and emulator.store.observation_count() == 10
