"""Logging in, end to end against the emulator over real HTTP: every flow, the JWT lifecycle,
identities kept apart, no secret anywhere, the keyring, and ``inat login/whoami/logout`` as
real processes."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote
from urllib.request import urlopen

import keyring
import pytest
import requests
from keyring.backend import KeyringBackend

from inatsdk import AuthenticationError, CacheSettings, Credentials, iNatClient
from inatsdk.auth import (
    TokenExpiredWarning,
    TokenProvider,
    _note_login,
    get_keyring_credentials,
    jwt_claims,
    keyring_service,
    set_keyring_credentials,
)
from inatsdk.oauth import PKCE, login_with_browser, login_with_password
from inatsdk.testing import Emulator, Fault, RecordedRequest
from tests.e2e.conftest import make_client
from tests.keyring_backend import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _redirect(port: int) -> str:
    return f"http://127.0.0.1:{port}/callback"


def _jwt_users(requests_: list[RecordedRequest], path_prefix: str = "/v1/") -> list[int | None]:
    """The user id in the JWT of each API request (None: sent without one)."""
    users: list[int | None] = []
    for r in requests_:
        if not r.path.startswith(path_prefix):
            continue
        auth = r.headers.get("Authorization")
        claims = jwt_claims(auth) if auth else None
        value = claims.get("user_id") if claims else None
        users.append(value if isinstance(value, int) else None)
    return users


def _paths(emu: Emulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in emu.requests]


class _FormBrowser:
    """Stands in for the user's browser: opens the authorization page, fills in the login
    form, and follows the redirect to the loopback receiver, as a browser would."""

    def __init__(self, login: str, password: str) -> None:
        self.login = login
        self.password = password
        self.landed: requests.Response | None = None

    def __call__(self, url: str) -> bool:
        session = requests.Session()
        page = session.get(url, timeout=10)
        assert page.status_code == 200 and "<form" in page.text, page.text
        action = re.search(r"<form method='post' action='([^']+)'", page.text)
        assert action is not None
        fields = dict(re.findall(r"type='hidden' name='(\w+)' value='([^']*)'", page.text))
        target = url.split("/oauth/", 1)[0] + action.group(1)
        fields.update(login=self.login, password=self.password, commit="Authorize")
        self.landed = session.post(target, data=fields, timeout=10)  # follows to 127.0.0.1
        return True


def _quiet_browser(url: str) -> bool:
    """A browser that follows the redirect without writing log records (urllib, not urllib3)."""
    with urlopen(url, timeout=10) as answer:
        return bool(answer.status == 200)


# --- every flow -----------------------------------------------------------------------------------


def test_password_credentials_log_in_lazily_once(emulator: Emulator) -> None:
    user_id = emulator.add_user("flow_password", "pw-flow-1")
    app_id, app_secret = emulator.add_application()
    creds = Credentials(
        username="flow_password", password="pw-flow-1", app_id=app_id, app_secret=app_secret
    )
    with make_client(emulator, credentials=creds) as client:
        assert emulator.requests == []  # nothing until a call needs it
        assert client.users.me().id == user_id
        assert client.users.me().login == "flow_password"
        client.observations.search().first()  # an optional-auth read carries the JWT too
    assert _paths(emulator) == [
        "POST /oauth/token",
        "GET /users/api_token",
        "GET /v1/users/me",
        "GET /v1/users/me",
        "GET /v1/observations",
    ]
    assert _jwt_users(emulator.requests) == [user_id] * 3


def test_login_with_password_returns_an_access_token_not_the_password(emulator: Emulator) -> None:
    user_id = emulator.add_user("flow_password2", "pw-flow-2")
    app_id, app_secret = emulator.add_application()
    creds = login_with_password(
        username="flow_password2",
        password="pw-flow-2",
        app_id=app_id,
        app_secret=app_secret,
        web_url=emulator.web_url,
    )
    assert creds.password is None and creds.app_secret is None and creds.access_token
    with make_client(emulator, credentials=creds) as client:
        assert client.users.me().id == user_id
    with pytest.raises(AuthenticationError, match=r"password grant.*invalid_grant") as info:
        login_with_password(
            username="flow_password2",
            password="wrong",
            app_id=app_id,
            app_secret=app_secret,
            web_url=emulator.web_url,
        )
    assert info.value.status == 400
    assert "Check the username and password" in str(info.value)
    with pytest.raises(AuthenticationError, match="invalid_client") as info:
        login_with_password(
            username="flow_password2",
            password="pw-flow-2",
            app_id=app_id,
            app_secret="not-the-secret",
            web_url=emulator.web_url,
        )
    assert "application's id and secret" in str(info.value)


def test_pkce_login_through_a_real_loopback_redirect(emulator: Emulator) -> None:
    user_id = emulator.add_user("flow_browser", "pw-browser")
    port = _free_port()
    app_id, _ = emulator.add_application(redirect_uris=[_redirect(port)])
    browser = _FormBrowser("flow_browser", "pw-browser")
    announced: list[str] = []
    creds = login_with_browser(
        app_id=app_id,
        web_url=emulator.web_url,
        port=port,
        open_browser=browser,
        announce=announced.append,
        timeout=10,
    )
    assert browser.landed is not None
    assert browser.landed.status_code == 200
    assert browser.landed.url.startswith(_redirect(port) + "?")  # the loopback answered
    assert "close this tab" in browser.landed.text
    assert creds.access_token and creds.app_secret is None
    token_request = next(r for r in emulator.requests if r.path == "/oauth/token")
    sent = dict(x.split("=", 1) for x in token_request.body.decode().split("&"))
    assert sent["grant_type"] == "authorization_code"
    assert "code_verifier" in sent and "client_secret" not in sent  # PKCE, no secret
    authorize = next(r for r in emulator.requests if r.path == "/oauth/authorize")
    assert authorize.query["code_challenge_method"] == "S256"
    with make_client(emulator, credentials=creds) as client:
        assert client.users.me().id == user_id
    with socket.socket() as s:  # the receiver is closed: the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
        s.bind(("127.0.0.1", port))


def test_pkce_login_pasted_by_hand_when_no_browser_opens(emulator: Emulator) -> None:
    user_id = emulator.add_user("flow_manual", "pw-manual")
    port = _free_port()
    app_id, _ = emulator.add_application(redirect_uris=[_redirect(port)])
    emulator.authorize_as("flow_manual")
    announced: list[str] = []

    def no_browser(url: str) -> bool:
        return False  # as webbrowser.open on a server without one

    def paste(question: str) -> str:
        # The user opens the printed address elsewhere; the browser ends on the redirect URI.
        url = next(line for text in announced for line in text.splitlines() if "/oauth/" in line)
        response = requests.get(url.strip(), allow_redirects=False, timeout=10)
        return str(response.headers["Location"])

    creds = login_with_browser(
        app_id=app_id,
        web_url=emulator.web_url,
        port=port,
        open_browser=no_browser,
        prompt=paste,
        announce=announced.append,
    )
    with make_client(emulator, credentials=creds) as client:
        assert client.users.me().id == user_id
    assert any("copy that whole address" in text for text in announced)


def test_pkce_login_reports_a_refusal_and_a_forged_state(emulator: Emulator) -> None:
    emulator.add_user("flow_refused", "pw")
    port = _free_port()
    app_id, _ = emulator.add_application(redirect_uris=[_redirect(port)])

    def deny(url: str) -> bool:
        page = requests.get(url, timeout=10).text
        fields = dict(re.findall(r"type='hidden' name='(\w+)' value='([^']*)'", page))
        requests.post(
            url.split("?")[0], data={**fields, "deny": "Deny"}, timeout=10
        )  # follows the error redirect to the loopback receiver
        return True

    with pytest.raises(AuthenticationError, match="refused: access_denied"):
        login_with_browser(
            app_id=app_id,
            web_url=emulator.web_url,
            port=port,
            open_browser=deny,
            announce=lambda _: None,
            timeout=10,
        )
    emulator.authorize_as("flow_refused")

    def forged(question: str) -> str:
        return _redirect(port) + "?code=abc&state=not-the-one"

    with pytest.raises(AuthenticationError, match="state does not match"):
        login_with_browser(
            app_id=app_id,
            web_url=emulator.web_url,
            port=port,
            manual=True,
            prompt=forged,
            announce=lambda _: None,
        )
    with pytest.raises(AuthenticationError, match="exchanging the authorization code"):
        login_with_browser(
            app_id=app_id,
            web_url=emulator.web_url,
            port=port,
            manual=True,
            prompt=lambda _: "a-code-that-was-never-issued",
            announce=lambda _: None,
        )


def test_given_access_token_and_given_jwt(emulator: Emulator) -> None:
    alice, bob = emulator.store.user_ids()[:2]
    with make_client(
        emulator, credentials=Credentials(access_token=emulator.issue_access_token(alice))
    ) as client:
        assert client.users.me().id == alice
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(bob))) as c:
        assert c.users.me().id == bob
    assert _paths(emulator) == ["GET /users/api_token", "GET /v1/users/me", "GET /v1/users/me"]
    assert _jwt_users(emulator.requests) == [alice, bob]


def test_credentials_from_the_environment(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    user_id = emulator.add_user("flow_env", "pw-env")
    app_id, app_secret = emulator.add_application()
    for name, value in {
        "INAT_USERNAME": "flow_env",
        "INAT_PASSWORD": "pw-env",
        "INAT_APP_ID": app_id,
        "INAT_APP_SECRET": app_secret,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("INAT_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("INAT_API_TOKEN", raising=False)
    with iNatClient(
        api_url=emulator.api_url, web_url=emulator.web_url, cache=None, rate_limit=None
    ) as client:
        assert repr(client).endswith("user:flow_env>")
        assert client.users.me().id == user_id
    monkeypatch.delenv("INAT_APP_SECRET")
    with caplog.at_level(logging.WARNING, logger="inatsdk"):
        assert Credentials.from_env() is None
    assert "INAT_APP_SECRET is missing" in caplog.text


# --- the JWT lifecycle ----------------------------------------------------------------------------


@pytest.mark.emulator(observations=200, jwt_lifetime=2)
def test_a_jwt_expiring_mid_run_is_renewed_before_the_call(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    access = emulator.issue_access_token(user_id)
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        assert client.users.me().id == user_id
        assert client.users.me().id == user_id  # still fresh: no new token
        time.sleep(2.2)  # past exp: the API would refuse it
        assert client.users.me().id == user_id
    assert _paths(emulator) == [
        "GET /users/api_token",
        "GET /v1/users/me",
        "GET /v1/users/me",
        "GET /users/api_token",
        "GET /v1/users/me",
    ]
    assert all(r.status == 200 for r in emulator.requests)
    first, _, second = (
        r.headers["Authorization"] for r in emulator.requests if r.path == "/v1/users/me"
    )
    assert first != second


def test_a_401_fetches_a_fresh_jwt_and_retries_once(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    access = emulator.issue_access_token(user_id)
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        client.users.me()
        emulator.clear_requests()
        emulator.inject(Fault(kind="status", status=401, path="/v1/users/me", times=1))
        assert client.users.me().id == user_id
        assert _paths(emulator) == [
            "GET /v1/users/me",
            "GET /users/api_token",
            "GET /v1/users/me",
        ]
        emulator.clear_requests()
        emulator.inject(Fault(kind="status", status=401, path="/v1/users/me", times=2))
        with pytest.raises(AuthenticationError) as info:
            client.users.me()
        assert info.value.status == 401
        assert len(emulator.requests) == 3  # one retry, no more


def test_a_revoked_access_token_says_which_step_failed(emulator: Emulator) -> None:
    access = emulator.issue_access_token(emulator.store.user_ids()[0])
    emulator.reset()  # the emulator forgets its OAuth tokens, as a revocation would
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        with pytest.raises(AuthenticationError, match="getting an API token") as info:
            client.users.me()
    assert "/users/api_token" in str(info.value)
    assert "log in again" in str(info.value)


@pytest.mark.emulator(observations=200, jwt_lifetime=2)
def test_a_token_that_expires_in_flight_on_a_read_warns_or_is_renewed(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    record = next(
        r
        for r in emulator.store.observations_snapshot()
        if r.geoprivacy == "obscured" and r.lat is not None
    )
    owner, path = record.user_id, f"/v1/observations/{record.id}"
    # A JWT with at most 2 s left, and a read the API takes 2.5 s to handle: the API sees the
    # token expired and answers as if anonymous. v1 says nothing; the client warns.
    jwt = emulator.issue_jwt(owner)
    emulator.inject(Fault(kind="delay", delay=2.5, path=path, times=1))
    with make_client(emulator, credentials=Credentials(api_token=jwt)) as client:
        with caplog.at_level(logging.WARNING, logger="inatsdk"):
            with pytest.warns(TokenExpiredWarning, match="only public data") as caught:
                obs = client.observations.get(record.id)
    assert obs.private_location is None
    assert caught[0].filename == __file__  # points at the caller's line
    assert "only public data" in caplog.text
    assert jwt not in caplog.text and jwt not in str(caught[0].message)

    # With credentials it can renew, the client gets a new token and reads again.
    emulator.clear_requests()
    emulator.inject(Fault(kind="delay", delay=2.5, path=path, times=1))
    access = emulator.issue_access_token(owner)
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            obs = client.observations.get(record.id)
    assert obs.private_location is not None
    assert _paths(emulator) == ["GET /users/api_token", f"GET {path}"] * 2
    first, second = (r for r in emulator.requests if r.path == path)
    assert first.headers["Authorization"] != second.headers["Authorization"]


# --- identities ------------------------------------------------------------------------------------


def test_two_identities_never_see_each_others_token(emulator: Emulator) -> None:
    ana = emulator.add_user("ident_ana", "pw-ana")
    ben = emulator.add_user("ident_ben", "pw-ben")
    app_id, app_secret = emulator.add_application()

    def creds(login: str, password: str) -> Credentials:
        return Credentials(username=login, password=password, app_id=app_id, app_secret=app_secret)

    seen: dict[str, int | None] = {}
    errors: list[BaseException] = []

    def work(login: str, password: str) -> None:
        try:
            with make_client(
                emulator, credentials=creds(login, password), user_agent=f"agent-{login}"
            ) as client:
                for _ in range(5):
                    seen[login] = client.users.me().id
                    client.observations.search(user_id=ana).first()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=("ident_ana", "pw-ana")),
        threading.Thread(target=work, args=("ident_ben", "pw-ben")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert seen == {"ident_ana": ana, "ident_ben": ben}
    expected = {"agent-ident_ana": ana, "agent-ident_ben": ben}
    api_calls = [r for r in emulator.requests if r.path.startswith("/v1/")]
    assert len(api_calls) == 20
    for r in api_calls:
        agent = r.headers["User-Agent"].split()[0]
        assert _jwt_users([r]) == [expected[agent]], agent

    # The same login with a wrong password finds no cached token: it must log in, and fails.
    with make_client(emulator, credentials=creds("ident_ana", "not-her-password")) as intruder:
        with pytest.raises(AuthenticationError, match="password grant"):
            intruder.users.me()
    # Two providers of one identity share the JWT cache: no second login.
    emulator.clear_requests()
    with make_client(emulator, credentials=creds("ident_ana", "pw-ana")) as again:
        assert again.users.me().id == ana
    assert _paths(emulator) == ["GET /v1/users/me"]


# --- no secret anywhere ----------------------------------------------------------------------------


def test_no_token_password_or_secret_leaks_anywhere(
    emulator: Emulator, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, urllib3, requests-cache
    user_id = emulator.add_user("leak_check", "pw-Very-Secret-1")
    port = _free_port()
    app_id, app_secret = emulator.add_application(redirect_uris=[_redirect(port)])
    creds = Credentials(
        username="leak_check", password="pw-Very-Secret-1", app_id=app_id, app_secret=app_secret
    )
    cache_file = tmp_path / "cache.sqlite"
    texts: list[str] = [repr(creds), str(creds), repr(PKCE.generate())]
    with make_client(
        emulator, credentials=creds, cache=CacheSettings(backend="sqlite", path=cache_file)
    ) as client:
        texts += [repr(client), repr(client._tokens), repr(client.cache)]
        me = client.users.me()
        texts += [repr(me), str(me.to_json())]
        client.observations.search(user_id=user_id).limit(5).all()
        client.observations.search(user_id=user_id).limit(5).all()  # from the cache
        emulator.inject(Fault(kind="status", status=401, path="/v1/users/me", times=None))
        with pytest.raises(AuthenticationError) as info:
            client.with_options(use_cache=False).users.me()
        texts += [str(info.value), repr(info.value), repr(info.value.body)]
        emulator.clear_faults()
    with make_client(
        emulator,
        credentials=Credentials(
            username="leak_check",
            password="pw-Very-Secret-1x",
            app_id=app_id,
            app_secret=app_secret,
        ),
    ) as wrong:
        with pytest.raises(AuthenticationError) as info:
            wrong.users.me()
        texts += [str(info.value), repr(info.value), repr(info.value.body)]
    emulator.authorize_as("leak_check")
    browser_creds = login_with_browser(
        app_id=app_id,
        web_url=emulator.web_url,
        port=port,
        open_browser=_quiet_browser,  # a browser is another process: it logs nothing here
        announce=texts.append,
        timeout=10,
    )
    texts.append(repr(browser_creds))
    texts.append(
        "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    )

    # What the emulator received holds every secret that went over the wire: collect them.
    secrets_: set[str] = {"pw-Very-Secret-1", app_secret}
    for r in emulator.requests:
        auth = r.headers.get("Authorization", "")
        if auth:
            secrets_.add(auth.split()[-1])
        if r.path == "/oauth/token":
            for pair in r.body.decode().split("&"):
                name, _, value = pair.partition("=")
                if name in ("code", "code_verifier", "client_secret", "password"):
                    secrets_.add(unquote(value))
    assert browser_creds.access_token is not None
    secrets_.add(browser_creds.access_token)
    assert len(secrets_) >= 8  # password, secret, 2+ access tokens, JWTs, code, verifier
    blob = cache_file.read_bytes()
    with sqlite3.connect(cache_file) as db:
        rows = repr(db.execute("SELECT * FROM responses").fetchall())
    for secret in secrets_:
        assert len(secret) >= 8
        for text in texts:
            assert secret not in text
        assert secret.encode() not in blob
        assert secret not in rows


# --- the keyring -----------------------------------------------------------------------------------


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FileKeyring]:
    monkeypatch.setenv("INATSDK_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("INAT_USERNAME", "INAT_PASSWORD", "INAT_ACCESS_TOKEN", "INAT_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    previous: KeyringBackend = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_credentials_from_the_keyring_for_their_own_site_only(
    emulator: Emulator, memory_keyring: FileKeyring
) -> None:
    user_id = emulator.store.user_ids()[4]
    stored = Credentials(username="someone", access_token=emulator.issue_access_token(user_id))
    set_keyring_credentials(stored, api_url=emulator.api_url, web_url=emulator.web_url)
    assert set(memory_keyring.services()) == {f"inatsdk:{emulator.api_url}|{emulator.web_url}"}
    with iNatClient(
        api_url=emulator.api_url, web_url=emulator.web_url, cache=None, rate_limit=None
    ) as client:
        assert memory_keyring.reads == 0  # not read when the client is made
        assert client.users.me().id == user_id
        reads = memory_keyring.reads
        client.users.me()
        assert memory_keyring.reads == reads  # read once per client
    # The real site's entry is another one: the emulator's token is not offered to it.
    assert get_keyring_credentials() is None
    # An explicit argument (even None) and the environment come before the keyring.
    with make_client(emulator) as anonymous:
        with pytest.raises(AuthenticationError, match="no credentials"):
            anonymous.users.me()
    assert keyring_service() == "inatsdk"


def test_a_missing_or_broken_keyring_means_anonymous(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.setenv("INATSDK_CONFIG_DIR", str(tmp_path))
    # A login noted for this site, so the keyring is really asked (and fails).
    _note_login(keyring_service(api_url=emulator.api_url, web_url=emulator.web_url), stored=True)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())  # type: ignore[no-untyped-call]
    try:
        provider = TokenProvider(None, emulator.web_url, api_url=emulator.api_url, keyring=True)
        assert repr(provider) == "<TokenProvider keyring (not read yet)>"
        assert provider.has_credentials() is False
        assert repr(provider) == "<TokenProvider anonymous>"
    finally:
        keyring.set_keyring(previous)


def test_a_process_with_no_login_noted_never_loads_the_keyring(
    emulator: Emulator, tmp_path: Path
) -> None:
    code = (
        "import sys; from inatsdk import iNatClient\n"
        f"with iNatClient(api_url={emulator.api_url!r}, web_url={emulator.web_url!r}, "
        "cache=None, rate_limit=None) as client:\n"
        "    assert client.taxa.get(3).id == 3\n"
        "print('keyring' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INAT_", "PYTHON_KEYRING"))}
    env["INATSDK_CONFIG_DIR"] = str(tmp_path)

    def keyring_loaded() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert keyring_loaded() == "False"
    # Once a login is noted for this site, the same read asks the keyring (which has nothing).
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INATSDK_CONFIG_DIR", str(tmp_path))
        _note_login(
            keyring_service(api_url=emulator.api_url, web_url=emulator.web_url), stored=True
        )
    assert keyring_loaded() == "True"


# --- the command line ------------------------------------------------------------------------------


def _inat(
    *args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inatsdk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("INAT_", "PYTHON_KEYRING", "DRY_RUN"))
    }
    env.update(
        PYTHON_KEYRING_BACKEND="tests.keyring_backend.FileKeyring",
        INATSDK_TEST_KEYRING=str(tmp_path / "keyring.json"),
        INATSDK_CONFIG_DIR=str(tmp_path / "config"),
        COLUMNS="200",
        BROWSER="",
    )
    return env


def test_cli_login_whoami_logout(
    emulator: Emulator, cli_env: dict[str, str], tmp_path: Path
) -> None:
    user_id = emulator.add_user("cli_user", "pw-cli-Secret")
    app_id, app_secret = emulator.add_application()
    urls = ("--api-url", emulator.api_url, "--web-url", emulator.web_url)
    env = {**cli_env, "INAT_APP_SECRET": app_secret}

    bad = _inat(
        "login", *urls, "--username", "cli_user", "--app-id", app_id, "--password-stdin",
        env=env, stdin="wrong-password\n",
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0, bad.stderr
    assert "invalid_grant" in bad.stderr and "Check the username and password" in bad.stderr

    good = _inat(
        "login", *urls, "--username", "cli_user", "--app-id", app_id, "--password-stdin",
        env=env, stdin="pw-cli-Secret\n",
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert f"as cli_user (id {user_id})" in good.stdout
    stored = json.loads((tmp_path / "keyring.json").read_text())
    entry = stored[f"inatsdk:{emulator.api_url}|{emulator.web_url}"]
    assert set(entry) == {"username", "access_token", "app_id"}  # no password, no secret
    assert stat.S_ISREG((tmp_path / "keyring.json").stat().st_mode)

    who = _inat("whoami", *urls, env=cli_env)
    assert who.returncode == 0, who.stderr
    assert who.stdout.strip() == f"cli_user (id {user_id}) on {emulator.web_url}"

    bye = _inat("logout", *urls, env=cli_env)
    assert bye.returncode == 0
    assert "removed" in bye.stdout
    assert json.loads((tmp_path / "keyring.json").read_text()) == {}
    after = _inat("whoami", *urls, env=cli_env)
    assert after.returncode == 1
    assert after.stderr.strip().count("\n") == 0
    assert after.stderr.startswith(f"inat whoami: not logged in to {emulator.web_url}")
    for result in (bad, good, who, bye):
        for secret in ("pw-cli-Secret", app_secret, entry["access_token"]):
            assert secret not in result.stdout + result.stderr


def test_cli_login_in_the_browser(
    emulator: Emulator, cli_env: dict[str, str], tmp_path: Path
) -> None:
    user_id = emulator.add_user("cli_browser", "pw")
    port = _free_port()
    app_id, _ = emulator.add_application(redirect_uris=[_redirect(port)])
    emulator.authorize_as("cli_browser")
    # $BROWSER names the program webbrowser runs with the URL: a script that fetches it and
    # follows the redirect to the loopback receiver, as a browser would.
    browser = tmp_path / "fake-browser"
    browser.write_text(
        f"#!{sys.executable}\nimport sys, requests\nrequests.get(sys.argv[1], timeout=10)\n"
    )
    browser.chmod(0o755)
    env = {**cli_env, "BROWSER": str(browser)}
    urls = ("--api-url", emulator.api_url, "--web-url", emulator.web_url)
    out = _inat("login", "--browser", "--port", str(port), "--app-id", app_id, *urls, env=env)
    assert out.returncode == 0, out.stderr
    assert f"as cli_browser (id {user_id})" in out.stdout
    who = _inat("whoami", *urls, env=cli_env)
    assert who.stdout.startswith("cli_browser ")


def test_jwt_claims_reads_what_the_emulator_issues(emulator: Emulator) -> None:
    jwt = emulator.issue_jwt(42, lifetime=60)
    claims = jwt_claims("Bearer " + jwt)
    assert claims is not None and claims["user_id"] == 42
    assert base64.urlsafe_b64decode(jwt.split(".")[0] + "==")
