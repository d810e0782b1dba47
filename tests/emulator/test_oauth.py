"""The emulator's OAuth side with plain ``requests``: accounts, applications, the token
endpoint's grants and errors, the authorization endpoint, codes with PKCE, ``/users/api_token``."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.auth import pkce_matches
from tests.emulator.helpers import get

REDIRECT = "http://127.0.0.1:8400/callback"


def _token(emu: Emulator, data: dict[str, str], **kwargs: object) -> requests.Response:
    return requests.post(emu.web_url + "/oauth/token", data=data, timeout=10, **kwargs)  # type: ignore[arg-type]


def _claims(jwt: str) -> dict[str, object]:
    payload = jwt.split(".")[1]
    data: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return data


def _api_token(emu: Emulator, access_token: str) -> requests.Response:
    return requests.get(
        emu.web_url + "/users/api_token",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    )


def _challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _authorize(emu: Emulator, **params: str) -> requests.Response:
    return requests.get(
        emu.web_url + "/oauth/authorize", params=params, allow_redirects=False, timeout=10
    )


def _query(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


# --- accounts and the password grant ---------------------------------------------------------------


def test_password_grant_gives_a_token_that_gets_a_jwt_for_that_user(emulator: Emulator) -> None:
    user_id = emulator.add_user("tester_one", "correct horse")
    app_id, app_secret = emulator.add_application()
    response = _token(
        emulator,
        {
            "grant_type": "password",
            "client_id": app_id,
            "client_secret": app_secret,
            "username": "Tester_One",  # logins match in any case, as on the site
            "password": "correct horse",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "scope", "created_at"}
    assert body["token_type"] == "Bearer"
    assert response.headers["Cache-Control"] == "no-store"
    jwt = _api_token(emulator, body["access_token"]).json()["api_token"]
    assert _claims(jwt)["user_id"] == user_id
    assert emulator.tokens.jwt_user(jwt) == user_id


def test_added_users_are_served_like_seeded_ones_until_reset(emulator: Emulator) -> None:
    seeded_id = emulator.store.user_ids()[0]
    seeded_login = emulator.store.user_logins()[seeded_id]
    assert emulator.add_user(seeded_login, "pw") == seeded_id  # a password for a seeded user
    new_id = emulator.add_user("brand_new_user", "pw")
    assert new_id not in emulator.store.user_ids()
    assert emulator.add_user("BRAND_NEW_USER", "other") == new_id
    shown = get(emulator, f"/v1/users/{new_id}").json()["results"][0]
    assert shown["login"] == "brand_new_user"
    assert shown["observations_count"] == 0
    # Another emulator of the same seed shares the seeded world, not the added user.
    with Emulator(observations=2000) as twin:
        assert twin.store.user_id("brand_new_user") is None
        assert get(twin, f"/v1/users/{new_id}").status_code == 404
    emulator.reset()
    assert emulator.store.user_id("brand_new_user") is None
    assert get(emulator, f"/v1/users/{new_id}").status_code == 404
    with pytest.raises(ValueError, match="password"):
        emulator.add_user("x_user", "")
    with pytest.raises(ValueError, match="login"):
        emulator.add_user("two words", "pw")


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"password": "wrong"}, 400, "invalid_grant"),
        ({"username": "nobody_here"}, 400, "invalid_grant"),
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "unknown"}, 401, "invalid_client"),
        ({"client_secret": None}, 401, "invalid_client"),
        ({"grant_type": "refresh_token"}, 400, "unsupported_grant_type"),
        ({"grant_type": None}, 400, "invalid_request"),
        ({"password": None}, 400, "invalid_request"),
    ],
)
def test_bad_password_grants_get_doorkeeper_errors(
    emulator: Emulator, change: dict[str, str | None], status: int, error: str
) -> None:
    emulator.add_user("tester_two", "s3cret")
    app_id, app_secret = emulator.add_application()
    data = {
        "grant_type": "password",
        "client_id": app_id,
        "client_secret": app_secret,
        "username": "tester_two",
        "password": "s3cret",
    }
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    response = _token(emulator, data)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert isinstance(body["error_description"], str) and body["error_description"]
    assert "s3cret" not in response.text


def test_client_authentication_by_http_basic_and_json_bodies(emulator: Emulator) -> None:
    emulator.add_user("tester_three", "pw3")
    app_id, app_secret = emulator.add_application()
    basic = _token(
        emulator,
        {"grant_type": "password", "username": "tester_three", "password": "pw3"},
        auth=(app_id, app_secret),
    )
    assert basic.status_code == 200
    as_json = requests.post(
        emulator.web_url + "/oauth/token",
        json={
            "grant_type": "password",
            "client_id": app_id,
            "client_secret": app_secret,
            "username": "tester_three",
            "password": "pw3",
        },
        timeout=10,
    )
    assert as_json.status_code == 200


def test_client_credentials_token_has_no_user(emulator: Emulator) -> None:
    app_id, app_secret = emulator.add_application()
    response = _token(
        emulator,
        {"grant_type": "client_credentials", "client_id": app_id, "client_secret": app_secret},
    )
    assert response.status_code == 200
    assert _api_token(emulator, response.json()["access_token"]).status_code == 401


def test_reset_forgets_accounts_applications_and_tokens(emulator: Emulator) -> None:
    emulator.add_user("tester_four", "pw4")
    app_id, app_secret = emulator.add_application()
    data = {
        "grant_type": "password",
        "client_id": app_id,
        "client_secret": app_secret,
        "username": "tester_four",
        "password": "pw4",
    }
    access = _token(emulator, data).json()["access_token"]
    emulator.reset()
    assert _token(emulator, data).json()["error"] == "invalid_client"
    assert _api_token(emulator, access).status_code == 401


# --- /oauth/authorize ------------------------------------------------------------------------------


def test_authorize_checks_the_application_and_redirect_uri_before_redirecting(
    emulator: Emulator,
) -> None:
    app_id, _ = emulator.add_application(redirect_uris=[REDIRECT])
    unknown = _authorize(emulator, client_id="nope", redirect_uri=REDIRECT, response_type="code")
    assert unknown.status_code == 401
    assert "Location" not in unknown.headers
    elsewhere = _authorize(
        emulator, client_id=app_id, redirect_uri="http://evil.example/cb", response_type="code"
    )
    assert elsewhere.status_code == 400
    assert "Location" not in elsewhere.headers
    other_port = _authorize(
        emulator,
        client_id=app_id,
        redirect_uri="http://127.0.0.1:8401/callback",
        response_type="code",
    )
    assert other_port.status_code == 400  # compared exactly
    token = _authorize(
        emulator, client_id=app_id, redirect_uri=REDIRECT, response_type="token", state="s1"
    )
    assert token.status_code == 302
    assert _query(token.headers["Location"]) == {
        "error": "unsupported_response_type",
        "error_description": "The authorization server does not support this response type.",
        "state": "s1",
    }
    bad_method = _authorize(
        emulator,
        client_id=app_id,
        redirect_uri=REDIRECT,
        response_type="code",
        code_challenge="abc",
        code_challenge_method="S512",
    )
    assert _query(bad_method.headers["Location"])["error"] == "invalid_request"


def test_authorize_shows_a_login_form_until_a_user_is_signed_in(emulator: Emulator) -> None:
    user_id = emulator.add_user("tester_five", "pw5")
    app_id, _ = emulator.add_application("Field notes", redirect_uris=[REDIRECT])
    params = {
        "client_id": app_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "state": "xyz",
    }
    form = _authorize(emulator, **params)
    assert form.status_code == 200
    assert form.headers["Content-Type"].startswith("text/html")
    assert "Field notes" in form.text
    assert "name='password'" in form.text
    assert emulator.authorize_as("tester_five") == user_id
    approved = _authorize(emulator, **params)
    assert approved.status_code == 302
    location = approved.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    assert set(_query(location)) == {"code", "state"}
    assert _query(location)["state"] == "xyz"
    emulator.authorize_as(None)
    assert _authorize(emulator, **params).status_code == 200
    with pytest.raises(ValueError, match="no user"):
        emulator.authorize_as("not_registered")


def test_the_login_form_logs_in_refuses_a_bad_password_and_can_deny(emulator: Emulator) -> None:
    emulator.add_user("tester_six", "pw6")
    app_id, _ = emulator.add_application(redirect_uris=[REDIRECT])
    form = _authorize(
        emulator, client_id=app_id, redirect_uri=REDIRECT, response_type="code", state="st"
    ).text
    hidden = dict(re.findall(r"type='hidden' name='(\w+)' value='([^']*)'", form))
    assert hidden == {
        "client_id": app_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "state": "st",
    }
    url = emulator.web_url + "/oauth/authorize"
    bad = requests.post(url, data={**hidden, "login": "tester_six", "password": "no"}, timeout=10)
    assert bad.status_code == 200
    assert "Invalid login or password." in bad.text
    good = requests.post(
        url,
        data={**hidden, "login": "tester_six", "password": "pw6", "commit": "Authorize"},
        allow_redirects=False,
        timeout=10,
    )
    assert good.status_code == 302
    assert "code" in _query(good.headers["Location"])
    denied = requests.post(url, data={**hidden, "deny": "Deny"}, allow_redirects=False, timeout=10)
    assert _query(denied.headers["Location"])["error"] == "access_denied"
    assert _query(denied.headers["Location"])["state"] == "st"


# --- codes and PKCE -------------------------------------------------------------------------------


def _code(emu: Emulator, app_id: str, **extra: str) -> str:
    response = _authorize(
        emu, client_id=app_id, redirect_uri=REDIRECT, response_type="code", **extra
    )
    assert response.status_code == 302, response.text
    return _query(response.headers["Location"])["code"]


def test_pkce_code_exchange(emulator: Emulator) -> None:
    user_id = emulator.add_user("tester_seven", "pw7")
    app_id, app_secret = emulator.add_application(redirect_uris=[REDIRECT])
    emulator.authorize_as("tester_seven")
    verifier = secrets.token_urlsafe(64)
    challenge = {"code_challenge": _challenge(verifier), "code_challenge_method": "S256"}
    exchange = {
        "grant_type": "authorization_code",
        "client_id": app_id,
        "redirect_uri": REDIRECT,
    }

    code = _code(emulator, app_id, **challenge)
    ok = _token(emulator, {**exchange, "code": code, "code_verifier": verifier})  # no secret
    assert ok.status_code == 200, ok.text
    jwt = _api_token(emulator, ok.json()["access_token"]).json()["api_token"]
    assert _claims(jwt)["user_id"] == user_id
    reused = _token(emulator, {**exchange, "code": code, "code_verifier": verifier})
    assert reused.json()["error"] == "invalid_grant"

    code = _code(emulator, app_id, **challenge)
    wrong = _token(emulator, {**exchange, "code": code, "code_verifier": verifier + "x"})
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")

    code = _code(emulator, app_id, **challenge)
    missing = _token(emulator, {**exchange, "code": code})
    assert missing.json()["error"] == "invalid_grant"

    code = _code(emulator, app_id, **challenge)
    moved = _token(
        emulator,
        {**exchange, "code": code, "code_verifier": verifier, "redirect_uri": REDIRECT + "x"},
    )
    assert moved.json()["error"] == "invalid_grant"

    other_app, _ = emulator.add_application(redirect_uris=[REDIRECT])
    code = _code(emulator, app_id, **challenge)
    stolen = _token(
        emulator, {**exchange, "code": code, "code_verifier": verifier, "client_id": other_app}
    )
    assert stolen.json()["error"] == "invalid_grant"

    # Without PKCE, the application must authenticate with its secret.
    code = _code(emulator, app_id)
    assert _token(emulator, {**exchange, "code": code}).json()["error"] == "invalid_client"
    code = _code(emulator, app_id)
    with_secret = _token(emulator, {**exchange, "code": code, "client_secret": app_secret})
    assert with_secret.status_code == 200

    # The plain method, and a challenge without a method (plain by default).
    code = _code(emulator, app_id, code_challenge="plain-verifier-" + "a" * 40)
    plain = _token(
        emulator, {**exchange, "code": code, "code_verifier": "plain-verifier-" + "a" * 40}
    )
    assert plain.status_code == 200


def test_pkce_matches_rfc_7636() -> None:
    verifier = "dBjftJeZ4CVP-mJ92K9Wt0ouP-NGxnfJZzO9hC-uANbXk"
    assert pkce_matches(verifier, _challenge(verifier), "S256")
    assert not pkce_matches(verifier, _challenge(verifier + "x"), "S256")
    assert pkce_matches("abc", "abc", "plain")
    assert not pkce_matches("abc", "abc", "S512")
