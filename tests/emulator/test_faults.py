"""Injected faults: error statuses, 429 bursts, dropped connections, truncated bodies, delays."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import requests

from inatsdk.testing import Emulator, Fault
from tests.emulator.helpers import get


def test_status_fault_answers_a_v1_error_then_stops(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=503))
    response = get(emulator, "/v1/taxa")
    assert response.status_code == 503
    assert response.json() == {"error": "Service Unavailable", "status": 503}
    assert "Retry-After" not in response.headers
    assert get(emulator, "/v1/taxa").status_code == 200


def test_429_burst(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=429, times=3))
    statuses = [get(emulator, "/v1/observations").status_code for _ in range(5)]
    assert statuses == [429, 429, 429, 200, 200]
    assert [r.status for r in emulator.requests] == statuses  # faulted requests are logged


def test_retry_after_and_custom_body(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=503, retry_after=2, body=b"<html>down</html>"))
    response = get(emulator, "/v1/taxa")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.text == "<html>down</html>"
    assert response.headers["Content-Type"].startswith("text/html")


def test_path_and_method_filters(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=500, path="/v1/observations", method="get"))
    assert get(emulator, "/v1/taxa").status_code == 200
    assert get(emulator, "/v1/observations").status_code == 500
    assert emulator.faults == []


def test_unlimited_fault_until_cleared(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=502, times=None))
    assert [get(emulator, "/v1/taxa").status_code for _ in range(3)] == [502, 502, 502]
    emulator.clear_faults()
    assert get(emulator, "/v1/taxa").status_code == 200


def test_drop_closes_the_connection_without_an_answer(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="drop"))
    with pytest.raises(requests.ConnectionError):
        get(emulator, "/v1/taxa")
    assert emulator.requests[-1].status == 0
    assert get(emulator, "/v1/taxa").status_code == 200


def test_drop_of_a_post_still_reached_the_server(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    emulator.inject(Fault(kind="drop", method="POST"))
    with pytest.raises(requests.ConnectionError):
        requests.post(
            emulator.api_url + "/v1/observations",
            json={"observation": {"species_guess": "fox"}},
            headers={"Authorization": token},
            timeout=10,
        )
    logged = emulator.requests[-1]
    assert (logged.method, logged.status) == ("POST", 0)
    assert b"fox" in logged.body


def test_truncate_announces_more_than_it_sends(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="truncate"))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        get(emulator, "/v1/observations")
    assert emulator.requests[-1].status == 200
    assert get(emulator, "/v1/observations").status_code == 200


def test_delay_then_normal_answer(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="delay", delay=0.3))
    started = time.perf_counter()
    assert get(emulator, "/v1/taxa").status_code == 200
    assert time.perf_counter() - started >= 0.3
    emulator.inject(Fault(kind="delay", delay=0.5))
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(emulator.api_url + "/v1/taxa", timeout=0.1)


def _pattern(emu: Emulator) -> list[int]:
    emu.inject(Fault(kind="status", status=500, share=0.3, times=None))
    return [get(emu, "/v1/taxa", per_page=1).status_code for _ in range(30)]


def test_share_is_deterministic_from_the_seed(
    emulator_factory: Callable[..., Emulator],
) -> None:
    make = emulator_factory
    a, b, c = (
        make(observations=50, seed=1),
        make(observations=50, seed=1),
        make(observations=50, seed=2),
    )
    pattern = _pattern(a)
    assert pattern == _pattern(b)
    assert 3 <= pattern.count(500) <= 17
    assert pattern != _pattern(c)


def test_fault_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="kind"):
        Fault(kind="explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="share"):
        Fault(kind="status", share=1.5)
    with pytest.raises(ValueError, match="times"):
        Fault(kind="status", times=0)
