"""The per-client throttle, JWTs, writes that need them, and /users/api_token."""

from __future__ import annotations

import base64
import json
import time

import pytest
import requests

from inatsdk.testing import Emulator
from tests.emulator.helpers import get, get_json, post


# The window must outlast the six requests before the sleep on a loaded machine, or it slides
# and lets a fourth through: 6 s has room for that; 2 s once did not.
@pytest.mark.emulator(observations=100, throttle=(3, 6.0))
def test_throttle_answers_429_past_the_limit_then_recovers(emulator: Emulator) -> None:
    statuses = [get(emulator, "/v1/taxa", per_page=1).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    over = get(emulator, "/v1/taxa", per_page=1)
    assert over.json() == {"error": "Too Many Requests", "status": 429}
    assert "Retry-After" not in over.headers  # as on the real service
    time.sleep(6.05)
    assert get(emulator, "/v1/taxa", per_page=1).status_code == 200
    emulator.reset()
    assert [get(emulator, "/v1/taxa", per_page=1).status_code for _ in range(3)] == [200] * 3


@pytest.mark.emulator(observations=100, throttle=(2, 60.0))
def test_throttle_counts_before_auth(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    headers = {"Authorization": token}
    url = emulator.api_url + "/v1/taxa"
    statuses = [requests.get(url, headers=headers, timeout=10).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # logging in raises no limit


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    data: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return data


def _header(token: str) -> dict[str, object]:
    head = token.split(".")[0]
    data: dict[str, object] = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    return data


def test_jwt_format(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[3]
    token = emulator.issue_jwt(user_id, lifetime=60)
    assert _header(token) == {"alg": "HS512", "typ": "JWT"}
    claims = _claims(token)
    assert claims["user_id"] == user_id
    assert isinstance(claims["exp"], int)
    assert abs(claims["exp"] - (time.time() + 60)) < 5


def _new_observation(**fields: object) -> dict[str, object]:
    return {"observation": {"species_guess": "Common Raven", **fields}}


def test_create_requires_a_valid_unexpired_jwt(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    assert post(emulator, "/v1/observations", _new_observation()).status_code == 401
    expired = emulator.issue_jwt(user_id, lifetime=-1)
    assert post(emulator, "/v1/observations", _new_observation(), expired).status_code == 401
    forged = emulator.issue_jwt(user_id)[:-4] + "AAAA"
    assert post(emulator, "/v1/observations", _new_observation(), forged).status_code == 401
    other = Emulator(observations=10)  # another emulator's secret
    assert (
        post(emulator, "/v1/observations", _new_observation(), other.issue_jwt(user_id)).status_code
        == 401
    )
    response = post(emulator, "/v1/observations", _new_observation(), "garbage")
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized", "status": 401}
    assert emulator.store.observation_count() == 2000


@pytest.mark.parametrize("prefix", ["", "Bearer "])
def test_create_stores_the_record_for_later_reads(emulator: Emulator, prefix: str) -> None:
    user_id = emulator.store.user_ids()[2]
    token = prefix + emulator.issue_jwt(user_id)
    raven = emulator.store.find_taxon("Corvus corax")
    body = _new_observation(
        taxon_id=raven,
        description="on the fence",
        latitude=37.77,
        longitude=-122.42,
        observed_on_string="2024-05-01T08:30:00-07:00",
    )
    response = post(emulator, "/v1/observations", body, token)
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["user"]["id"] == user_id
    assert created["taxon"]["id"] == raven
    assert created["description"] == "on the fence"
    assert created["observed_on"] == "2024-05-01"
    assert created["private_location"] == "37.77,-122.42"
    assert 14 in created["place_ids"]  # California
    newest = get_json(emulator, "/v1/observations", per_page=1)["results"][0]
    assert newest["id"] == created["id"] > max(emulator.store.observation_ids()[:-1])
    assert "private_location" not in newest  # an anonymous reader does not see it
    shown = get_json(emulator, f"/v1/observations/{created['id']}")["results"][0]
    assert shown["uuid"] == created["uuid"]
    mine = get_json(emulator, "/v1/observations", user_id=user_id, taxon_id=raven)
    assert created["id"] in [r["id"] for r in mine["results"]]


def test_create_rejects_a_malformed_body(emulator: Emulator) -> None:
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    assert post(emulator, "/v1/observations", {"species_guess": "x"}, token).status_code == 422
    assert (
        post(emulator, "/v1/observations", _new_observation(taxon_id=-5), token).status_code == 422
    )
    assert (
        post(
            emulator, "/v1/observations", _new_observation(latitude=91, longitude=0), token
        ).status_code
        == 422
    )


def test_owner_sees_private_coordinates_and_a_bad_token_is_ignored_on_reads(
    emulator: Emulator,
) -> None:
    record = get_json(emulator, "/v1/observations", per_page=1, geoprivacy="obscured")["results"][0]
    owner = record["user"]["id"]
    assert record["obscured"] is True
    assert "private_location" not in record
    path = f"{emulator.api_url}/v1/observations/{record['id']}"
    headers = {"Authorization": emulator.issue_jwt(owner)}
    mine = requests.get(path, headers=headers, timeout=10).json()["results"][0]
    assert mine["private_location"] != record["location"]
    expired = {"Authorization": emulator.issue_jwt(owner, lifetime=0)}
    response = requests.get(path, headers=expired, timeout=10)
    assert response.status_code == 200  # silently anonymous, as v1 does on reads
    assert "private_location" not in response.json()["results"][0]


def test_api_token_from_an_oauth_access_token(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[1]
    access = emulator.issue_access_token(user_id)
    url = emulator.web_url + "/users/api_token"
    response = requests.get(url, headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert response.status_code == 200
    jwt = response.json()["api_token"]
    assert _claims(jwt)["user_id"] == user_id
    assert post(emulator, "/v1/observations", _new_observation(), jwt).status_code == 200
    assert (
        requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
    )
    assert requests.get(url, timeout=10).status_code == 401
    emulator.reset()  # OAuth tokens are forgotten on reset
    response = requests.get(url, headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert response.status_code == 401


def test_unknown_user_cannot_get_a_token(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="no user"):
        emulator.issue_access_token(1)
    token = emulator.issue_jwt(1)  # well signed, but nobody
    assert post(emulator, "/v1/observations", _new_observation(), token).status_code == 401
