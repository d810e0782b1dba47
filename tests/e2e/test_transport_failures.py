"""Transport failures end to end, over real HTTP to the emulator: how long a ``Retry-After``
is waited for, and, for every way a call or a login can fail (the JWT fetch answered 401, 500
or invalid JSON, or refused at the socket; a 401, a dropped connection or a timeout on an API
call carrying a JWT; OAuth refusals; a broken cache), that the caller gets an ``iNatError``
which chains nothing and reaches no token, password or secret."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from inatsdk import (
    AuthenticationError,
    CacheSettings,
    Credentials,
    RateLimitError,
    RequestTimeout,
    Retries,
    ServerError,
    Timeout,
    TransportError,
)
from inatsdk.oauth import PKCE, exchange_code, login_with_browser, login_with_password
from inatsdk.session import ApiRequest, CallOptions, Transport
from inatsdk.settings import Settings
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import free_port, make_client
from tests.unit.test_transport_failures import assert_clean_failure

OPTIONS = CallOptions(dry_run="off", user_agent="inatsdk-tests/1.0", timeout=Timeout())


def _statuses(emu: Emulator, path: str) -> list[int]:
    return [r.status for r in emu.requests if r.path == path]


def _sent_secrets(emu: Emulator) -> set[str]:
    """Every secret that went over the wire to the emulator: tokens in Authorization headers,
    and the secret fields of the /oauth/token forms."""
    found: set[str] = set()
    for r in emu.requests:
        auth = r.headers.get("Authorization", "")
        if auth:
            found.add(auth.split()[-1])
        if r.path == "/oauth/token":
            for pair in r.body.decode().split("&"):
                name, _, value = pair.partition("=")
                if name in ("password", "client_secret", "code", "code_verifier"):
                    found.add(unquote(value.replace("+", " ")))
    return {s for s in found if len(s) >= 8}


def _check(exc: BaseException, emu: Emulator, known: Iterable[str] = ()) -> None:
    secrets = _sent_secrets(emu) | set(known)
    assert secrets, "the test sent no secret: nothing was checked"
    assert_clean_failure(exc, secrets)


# --- Retry-After ---------------------------------------------------------------------------------------


@pytest.fixture
def recorded_transport(emulator: Emulator) -> Iterator[tuple[Transport, list[float]]]:
    """A transport to the emulator whose sleeps are recorded instead of slept."""
    sleeps: list[float] = []
    settings = Settings(
        api_url=emulator.api_url,
        web_url=emulator.web_url,
        cache=None,
        rate_limit=None,
        retries=Retries(total=3, backoff=0.01, max_backoff=0.05, max_retry_after=30),
    )
    transport = Transport(settings, sleep=sleeps.append)
    yield transport, sleeps
    transport.close()


def _taxa(emu: Emulator) -> ApiRequest:
    return ApiRequest(method="GET", url=f"{emu.api_url}/v1/taxa", params={"per_page": "1"})


def test_a_retry_after_longer_than_max_backoff_is_waited_exactly(
    emulator: Emulator, recorded_transport: tuple[Transport, list[float]]
) -> None:
    transport, sleeps = recorded_transport
    emulator.inject(Fault(kind="status", status=429, retry_after=7, times=1))
    emulator.inject(Fault(kind="status", status=503, retry_after=0.5, times=1))
    answer = transport.send(_taxa(emulator), OPTIONS)
    assert answer.status == 200
    assert sleeps == [7.0, 0.5]  # as asked, although max_backoff is 0.05 s
    assert _statuses(emulator, "/v1/taxa") == [429, 503, 200]


def test_a_retry_after_beyond_max_retry_after_is_not_retried(
    emulator: Emulator, recorded_transport: tuple[Transport, list[float]]
) -> None:
    transport, sleeps = recorded_transport
    emulator.inject(Fault(kind="status", status=429, retry_after=45, times=None))
    with pytest.raises(RateLimitError) as info:
        transport.send(_taxa(emulator), OPTIONS)
    assert sleeps == []
    assert _statuses(emulator, "/v1/taxa") == [429]
    assert "asked to wait 45 s" in str(info.value)
    assert "longer than Retries.max_retry_after (30 s), so it was not retried" in str(info.value)


def test_a_client_never_waits_longer_than_max_retry_after(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=429, retry_after=3600, times=None))
    retries = Retries(total=4, backoff=0.01, max_backoff=0.05, max_retry_after=0.3)
    with make_client(emulator, retries=retries) as client:
        started = time.perf_counter()
        with pytest.raises(RateLimitError, match="3600 s"):
            client.taxa.search().first()
        assert time.perf_counter() - started < 1.0
    assert _statuses(emulator, "/v1/taxa") == [429]


def test_by_default_an_hour_long_retry_after_fails_at_once(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=503, retry_after=3600, times=None))
    with make_client(emulator, retries=Retries()) as client:  # the defaults: up to 120 s
        started = time.perf_counter()
        with pytest.raises(ServerError) as info:
            client.taxa.search().first()
        assert time.perf_counter() - started < 1.0
    assert info.value.status == 503
    assert "max_retry_after (120 s)" in str(info.value)


def test_a_short_retry_after_is_waited_for_in_real_time(emulator: Emulator) -> None:
    emulator.inject(Fault(kind="status", status=429, retry_after=0.4, times=2))
    retries = Retries(total=3, backoff=0.01, max_backoff=0.02, max_retry_after=1)
    with make_client(emulator, retries=retries) as client:
        started = time.perf_counter()
        assert client.taxa.search().first() is not None
        elapsed = time.perf_counter() - started
    assert 0.8 <= elapsed < 2.0  # twice 0.4 s, though max_backoff is 0.02 s
    assert _statuses(emulator, "/v1/taxa") == [429, 429, 200]


# --- fetching the JWT ----------------------------------------------------------------------------------


def _password_login(emu: Emulator, login: str) -> Credentials:
    emu.add_user(login, f"pw-{login}-Secret")
    app_id, app_secret = emu.add_application()
    return Credentials(
        username=login, password=f"pw-{login}-Secret", app_id=app_id, app_secret=app_secret
    )


def test_a_wrong_password_or_app_secret(emulator: Emulator) -> None:
    creds = _password_login(emulator, "chain_wrong")
    for wrong, status in (
        (Credentials(username="chain_wrong", password="pw-not-this-one-1",
                     app_id=creds.app_id, app_secret=creds.app_secret), 400),
        (Credentials(username="chain_wrong", password=creds.password,
                     app_id=creds.app_id, app_secret="app-secret-not-this-one"), 401),
    ):  # fmt: skip
        with make_client(emulator, credentials=wrong) as client:
            with pytest.raises(AuthenticationError) as info:
                client.users.me()
        assert info.value.status == status
        _check(info.value, emulator, [wrong.password or "", wrong.app_secret or ""])


@pytest.mark.parametrize("path", ["/oauth/token", "/users/api_token"])
def test_a_server_error_while_logging_in(emulator: Emulator, path: str) -> None:
    creds = _password_login(emulator, "chain_500")
    emulator.inject(Fault(kind="status", status=500, path=path, times=None))
    with make_client(emulator, credentials=creds) as client:
        with pytest.raises(AuthenticationError) as info:
            client.users.me()
    assert info.value.status == 500
    _check(info.value, emulator, [creds.password or "", creds.app_secret or ""])


def test_an_api_token_answer_that_is_not_json(emulator: Emulator) -> None:
    user_id = emulator.store.user_ids()[0]
    access = emulator.issue_access_token(user_id)
    jwt = emulator.issue_jwt(user_id)
    cut = b'{"api_token": "' + jwt.encode()  # the JWT, but no closing quote nor brace
    emulator.inject(Fault(kind="status", status=200, path="/users/api_token", body=cut))
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        with pytest.raises(TransportError, match="invalid JSON") as info:
            client.users.me()
    _check(info.value, emulator, [access, jwt])


def test_a_revoked_access_token(emulator: Emulator) -> None:
    access = "revoked-access-token-0123456789"
    with make_client(emulator, credentials=Credentials(access_token=access)) as client:
        with pytest.raises(AuthenticationError, match="getting an API token") as info:
            client.users.me()
    assert info.value.status == 401
    _check(info.value, emulator, [access])


@pytest.mark.parametrize("kind", ["password", "access_token"])
def test_the_login_site_refuses_connections(emulator: Emulator, kind: str) -> None:
    creds = (
        _password_login(emulator, "chain_refused")
        if kind == "password"
        else Credentials(access_token=emulator.issue_access_token(emulator.store.user_ids()[0]))
    )
    secrets = [s for s in (creds.password, creds.app_secret, creds.access_token) if s]
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with make_client(emulator, web_url=dead, credentials=creds) as client:
        with pytest.raises(TransportError, match="ConnectionError") as info:
            client.users.me()
    assert emulator.requests == []  # the API was never called without its token
    assert_clean_failure(info.value, secrets)


def test_a_dropped_login(emulator: Emulator) -> None:
    creds = _password_login(emulator, "chain_dropped")
    emulator.inject(Fault(kind="drop", path="/oauth/token", times=None))
    with make_client(emulator, credentials=creds) as client:
        with pytest.raises(TransportError) as info:
            client.users.me()
    assert _statuses(emulator, "/oauth/token") == [0]  # a POST that reached the server: once
    _check(info.value, emulator, [creds.password or "", creds.app_secret or ""])


# --- API calls carrying a JWT ----------------------------------------------------------------------------


@pytest.fixture
def jwt(emulator: Emulator) -> str:
    return emulator.issue_jwt(emulator.store.user_ids()[0])


def test_a_401_on_an_api_call(emulator: Emulator, jwt: str) -> None:
    emulator.inject(Fault(kind="status", status=401, path="/v1/users/me", times=None))
    with make_client(emulator, credentials=Credentials(api_token=jwt)) as client:
        with pytest.raises(AuthenticationError) as info:
            client.users.me()
    assert _statuses(emulator, "/v1/users/me") == [401, 401]
    _check(info.value, emulator, [jwt])


def test_a_dropped_api_call(emulator: Emulator, jwt: str) -> None:
    emulator.inject(Fault(kind="drop", path="/v1/users/me", times=None))
    with make_client(emulator, credentials=Credentials(api_token=jwt), retries=1) as client:
        with pytest.raises(TransportError) as info:
            client.users.me()
    assert _statuses(emulator, "/v1/users/me") == [0, 0]
    _check(info.value, emulator, [jwt])


def test_a_cut_off_api_answer(emulator: Emulator, jwt: str) -> None:
    emulator.inject(Fault(kind="truncate", path="/v1/users/me", times=None))
    with make_client(emulator, credentials=Credentials(api_token=jwt), retries=0) as client:
        with pytest.raises(TransportError) as info:
            client.users.me()
    _check(info.value, emulator, [jwt])


def test_a_timed_out_api_call(emulator: Emulator, jwt: str) -> None:
    emulator.inject(Fault(kind="delay", delay=0.6, path="/v1/users/me", times=None))
    with make_client(
        emulator, credentials=Credentials(api_token=jwt), retries=0, timeout=Timeout(read=0.2)
    ) as client:
        with pytest.raises(RequestTimeout) as info:
            client.users.me()
    _check(info.value, emulator, [jwt])


def test_an_api_answer_that_is_not_json(emulator: Emulator, jwt: str) -> None:
    body = b'{"results": [{"login": "x", "api_token": "' + jwt.encode()
    emulator.inject(Fault(kind="status", status=200, path="/v1/users/me", body=body))
    with make_client(emulator, credentials=Credentials(api_token=jwt)) as client:
        with pytest.raises(TransportError, match="invalid JSON") as info:
            client.users.me()
    _check(info.value, emulator, [jwt])


# --- OAuth --------------------------------------------------------------------------------------------------


def test_oauth_refusals(emulator: Emulator) -> None:
    creds = _password_login(emulator, "chain_oauth")
    assert creds.app_id is not None and creds.app_secret is not None
    with pytest.raises(AuthenticationError, match="invalid_grant") as info:
        login_with_password(
            username="chain_oauth",
            password="pw-chain-oauth-wrong",
            app_id=creds.app_id,
            app_secret=creds.app_secret,
            web_url=emulator.web_url,
        )
    _check(info.value, emulator, ["pw-chain-oauth-wrong"])
    verifier = PKCE.generate().verifier
    with pytest.raises(AuthenticationError, match="exchanging the authorization code") as info:
        exchange_code(
            code="code-never-issued-123",
            app_id=creds.app_id,
            redirect_uri="urn:ietf:wg:oauth:2.0:oob",
            code_verifier=verifier,
            app_secret=creds.app_secret,
            web_url=emulator.web_url,
        )
    _check(info.value, emulator, ["code-never-issued-123", verifier, creds.app_secret])


def test_a_refused_browser_login_and_a_busy_port(emulator: Emulator) -> None:
    app_id, app_secret = emulator.add_application()
    with pytest.raises(AuthenticationError, match="refused: access_denied") as info:
        login_with_browser(
            app_id=app_id,
            app_secret=app_secret,
            web_url=emulator.web_url,
            manual=True,
            prompt=lambda _: "http://127.0.0.1:8400/callback?error=access_denied",
            announce=lambda _: None,
        )
    assert_clean_failure(info.value, [app_secret])
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(AuthenticationError, match="could not listen") as info:
            login_with_browser(
                app_id=app_id,
                app_secret=app_secret,
                web_url=emulator.web_url,
                port=port,
                open_browser=lambda _: True,
                announce=lambda _: None,
                timeout=1,
            )
    assert_clean_failure(info.value, [app_secret])


# --- the cache's storage ---------------------------------------------------------------------------------


def test_a_broken_sqlite_cache(emulator: Emulator, jwt: str, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.sqlite"
    settings = CacheSettings(backend="sqlite", path=cache_file)
    with make_client(emulator, credentials=Credentials(api_token=jwt), cache=settings) as client:
        client.taxa.search().first()
        cache_file.write_bytes(b"this is not an SQLite database" * 100)
        with pytest.raises(TransportError) as info:
            client.taxa.search(rank="genus").first()
        _check(info.value, emulator, [jwt])
        client.cache.clear()  # requests-cache starts a corrupt SQLite file afresh
        assert client.taxa.search(rank="genus").first() is not None


def test_a_redis_cache_that_is_down(emulator: Emulator, jwt: str) -> None:
    pytest.importorskip("redis")
    settings = CacheSettings(backend="redis", redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with make_client(emulator, credentials=Credentials(api_token=jwt), cache=settings) as client:
        with pytest.raises(TransportError, match="ConnectionError") as info:
            client.taxa.search().first()
        assert_clean_failure(info.value, [jwt])
        with pytest.raises(TransportError, match="counting the cached responses"):
            len(client.cache)
