"""Scoped views: URLs, a request log and faults of their own on one server, so a test reads only
the requests it caused, and a request a finished test abandoned can never reach the next one."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator, Fault
from tests.emulator.helpers import get

OBSERVATION = {"observation": {"species_guess": "Raven", "latitude": 37.5, "longitude": -122.1}}


@pytest.fixture
def root() -> Iterator[Emulator]:
    with Emulator(observations=50) as emu:
        yield emu


def _post_observation(emu: Emulator, *, timeout: float = 30) -> requests.Response:
    user_id = emu.store.user_ids()[0]
    headers = {"Authorization": emu.issue_jwt(user_id)}
    return requests.post(
        emu.api_url + "/v1/observations", json=OBSERVATION, headers=headers, timeout=timeout
    )


def _wait_for(condition: Any, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_fixture_gives_each_test_a_scope_of_its_own(emulator: Emulator) -> None:
    scope = emulator.scope
    assert scope is not None and re.fullmatch(r"\d+-test_the_fixture_gives_each_test_\w+", scope)
    assert emulator.api_url.endswith(f"/_scope/{scope}") and emulator.web_url == emulator.api_url
    assert get(emulator, "/v1/taxa", per_page=1).status_code == 200
    (request,) = emulator.requests
    assert (request.path, request.query, request.scope) == ("/v1/taxa", {"per_page": "1"}, scope)


def test_views_keep_their_logs_apart(root: Emulator) -> None:
    a, b = root.scoped("a"), root.scoped("b")
    get(a, "/v1/taxa/3")
    get(b, "/v1/places/1")
    get(root, "/v1/users/1")
    get(a, "/v2/taxa/3", fields="name")
    assert [r.path for r in a.requests] == ["/v1/taxa/3", "/v2/taxa/3"]
    assert [r.path for r in b.requests] == ["/v1/places/1"]
    # the emulator itself sees everything, in arrival order, each with its scope
    assert [(r.scope, r.path) for r in root.requests] == [
        (a.scope, "/v1/taxa/3"),
        (b.scope, "/v1/places/1"),
        (None, "/v1/users/1"),
        (a.scope, "/v2/taxa/3"),
    ]
    assert root.requests_for(None) == [root.requests[2]]
    assert root.requests_for(b.scope) == b.requests
    a.clear_requests()
    assert a.requests == [] and len(b.requests) == 1 and len(root.requests) == 2


def test_a_view_serves_the_api_and_the_web_side_under_its_prefix(root: Emulator) -> None:
    view = root.scoped("web")
    user_id = root.add_user("scoped_login", "pw-scoped")
    app_id, app_secret = root.add_application()
    form = {
        "grant_type": "password",
        "client_id": app_id,
        "client_secret": app_secret,
        "username": "scoped_login",
        "password": "pw-scoped",
    }
    access = requests.post(view.web_url + "/oauth/token", data=form, timeout=30).json()
    jwt = requests.get(
        view.web_url + "/users/api_token",
        headers={"Authorization": f"Bearer {access['access_token']}"},
        timeout=30,
    ).json()["api_token"]
    assert root.tokens.jwt_user(jwt) == user_id
    assert get(view, "/v2/observations", per_page=1).json()["results"]
    not_found = get(view, "/v1/no_such_thing")
    assert not_found.status_code == 404
    assert [(r.method, r.path, r.status) for r in view.requests] == [
        ("POST", "/oauth/token", 200),
        ("GET", "/users/api_token", 200),
        ("GET", "/v2/observations", 200),
        ("GET", "/v1/no_such_thing", 404),
    ]


def test_faults_injected_through_a_view_hit_only_its_requests(root: Emulator) -> None:
    a, b = root.scoped("a"), root.scoped("b")
    fault = Fault(kind="status", status=503, times=None)
    a.inject(fault)
    assert [get(e, "/v1/taxa/3").status_code for e in (a, b, root, a)] == [503, 200, 200, 503]
    assert a.faults == [fault] and b.faults == [] and root.faults == [fault]
    # the emulator's own faults hit every request, a view's included
    everywhere = Fault(kind="status", status=500, times=1)
    root.inject(everywhere)
    assert get(b, "/v1/taxa/3").status_code == 500
    a.clear_faults()
    assert get(a, "/v1/taxa/3").status_code == 200 and root.faults == []


def test_reset_through_a_view_keeps_other_scopes_log_and_faults(root: Emulator) -> None:
    a, b = root.scoped("a"), root.scoped("b")
    b.inject(Fault(kind="status", status=502))
    get(b, "/v1/places/1", per_page=1)
    b.inject(Fault(kind="status", status=502))
    assert _post_observation(a).status_code == 200
    added = root.store.observation_count()
    a.reset()  # the world is shared: the observation is gone for every view
    assert root.store.observation_count() == added - 1
    assert a.requests == [] and a.faults == []
    assert len(b.requests) == 1 and len(b.faults) == 1


def test_an_ended_scope_answers_410_and_changes_nothing(root: Emulator) -> None:
    with root.scoped("short-lived") as view:
        assert _post_observation(view).status_code == 200
    assert root.running  # ending a view's with block ends its scope, not the server
    before = root.store.observation_count()
    late = _post_observation(view)
    assert late.status_code == 410
    assert "has ended" in late.json()["error"]
    assert root.store.observation_count() == before
    assert [r.status for r in view.requests] == [200, 410]
    assert get(root.scoped("next"), "/v1/taxa/3").status_code == 200
    with pytest.raises(ValueError, match="scoped view"):
        root.end_scope()


def test_a_request_an_ended_test_abandoned_never_reaches_the_next(root: Emulator) -> None:
    # What the emulator fixture does around two tests on a shared server, with the first test
    # giving up on a slow write (a client timeout) that the server is still working on.
    first = root.scoped("first")
    first.inject(Fault(kind="delay", delay=0.5, method="POST"))
    with pytest.raises(requests.Timeout):
        _post_observation(first, timeout=0.1)
    first.end_scope()
    root.reset()
    before = root.store.observation_count()
    second = root.scoped("second")
    assert get(second, "/v1/taxa/3").status_code == 200
    _wait_for(lambda: root.requests_for(first.scope))  # the abandoned write wakes up...
    (late,) = first.requests
    assert (late.method, late.status) == ("POST", 410)  # ...and is turned away
    assert root.store.observation_count() == before
    assert [r.path for r in second.requests] == ["/v1/taxa/3"]


def test_scope_names_are_new_short_and_url_safe(root: Emulator) -> None:
    one, two = root.scoped("test_x[a/b c]"), root.scoped("test_x[a/b c]")
    assert one.scope is not None and two.scope is not None and one.scope != two.scope
    assert re.fullmatch(r"\d+-test_x_a_b_c", one.scope)
    long = root.scoped("n" * 300).scope
    assert long is not None and len(long) < 60
    assert get(one, "/v1/taxa/3").status_code == 200
    assert [r.path for r in one.requests] == ["/v1/taxa/3"] and two.requests == []
    assert root.scope is None
    assert repr(one).startswith(f"<Emulator {root.api_url}/_scope/{one.scope} ")
