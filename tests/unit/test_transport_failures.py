"""Transport failures without a server: the socket is replaced by a scripted fake
(``HTTPAdapter.send``), so the rate limiter, retries, ``Retry-After`` and error mapping of the
real transport run, and the caller's view of each failure is checked: an ``iNatError``, with no
chained exception, and no secret anywhere it can reach.

``exception_texts`` and ``assert_no_secret`` are shared with ``tests/e2e/test_transport_failures.py``.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import http.client
import inspect
import io
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter

from inatsdk import (
    AuthenticationError,
    Credentials,
    RateLimitError,
    RequestTimeout,
    Retries,
    ServerError,
    Timeout,
    TransportError,
    iNatError,
)
from inatsdk.auth import TokenProvider, fetch_api_token, request_access_token
from inatsdk.errors import error_for_response
from inatsdk.session import ApiRequest, CallOptions, Transport
from inatsdk.settings import Settings

API = "https://api.example.test"
WEB = "https://www.example.test"

# --- walking everything an exception can reach ------------------------------------------------------

_ATOMS = (int, float, bool, complex, type(None))


def _walk_object(value: object, out: list[str], seen: set[int], depth: int) -> None:
    """Collect every string and bytes value reachable from ``value``: mapping keys and values,
    items, and the attributes of objects (a requests exception's request and response, their
    headers and bodies...). Functions, classes, modules and tracebacks are not entered."""
    if depth > 8 or id(value) in seen or isinstance(value, _ATOMS) or len(seen) > 50_000:
        return
    seen.add(id(value))
    if isinstance(value, str):
        out.append(value)
        return
    if isinstance(value, (bytes, bytearray, memoryview)):
        out.append(bytes(value).decode("latin-1"))
        return
    if isinstance(value, io.BytesIO):
        out.append(value.getvalue().decode("latin-1"))
        return
    if callable(value) and not hasattr(value, "__dict__"):
        return
    if isinstance(value, (type, type(time), type(_walk_object))) or hasattr(value, "tb_frame"):
        return
    if isinstance(value, dict):
        for key, item in list(value.items()):
            _walk_object(key, out, seen, depth + 1)
            _walk_object(item, out, seen, depth + 1)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in list(value):
            _walk_object(item, out, seen, depth + 1)
        return
    attributes: dict[str, object] = {}
    with contextlib.suppress(TypeError):  # no __dict__
        attributes.update(vars(value))
    for klass in inspect.getmro(type(value)):
        for slot in getattr(klass, "__slots__", ()):
            if isinstance(slot, str) and hasattr(value, slot):
                attributes[slot] = getattr(value, slot)
    for name, item in attributes.items():
        if name in ("__traceback__", "__context__", "__cause__"):
            continue
        _walk_object(item, out, seen, depth + 1)


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception chained to it (``__cause__`` and ``__context__``)."""
    chain: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if any(current is known for known in chain):
            continue
        chain.append(current)
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return chain


def exception_texts(exc: BaseException) -> list[str]:
    """Every text the caller can reach from ``exc``: for each exception of its chain, its
    ``str``, ``repr``, ``args`` and, recursively, its attributes."""
    texts: list[str] = []
    seen: set[int] = set()
    for current in exception_chain(exc):
        texts += [str(current), repr(current), repr(current.args)]
        _walk_object(current.args, texts, seen, 0)
        _walk_object(current, texts, seen, 0)
    return texts


def _variants(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def assert_no_secret(exc: BaseException, secrets: Iterable[str]) -> None:
    """No secret (as is, or URL-encoded) appears anywhere ``exc`` reaches."""
    texts = exception_texts(exc)
    for secret in secrets:
        assert len(secret) >= 8, "too short to be a meaningful check"
        for variant in _variants(secret):
            leaks = [t for t in texts if variant in t]
            assert not leaks, (
                f"a secret reached the caller through {type(exc).__name__}: {leaks[:1]!r}"
            )


def assert_clean_failure(exc: BaseException, secrets: Iterable[str]) -> None:
    """What every failure the transport raises must be: an iNatError that chains nothing,
    with no secret anywhere it reaches."""
    assert isinstance(exc, iNatError), f"{type(exc).__module__}.{type(exc).__name__} escaped"
    assert exc.__cause__ is None
    assert exc.__context__ is None, f"chained: {exc.__context__!r}"
    assert_no_secret(exc, secrets)


def test_the_walker_finds_a_token_inside_a_chained_requests_exception() -> None:
    prepared = requests.Request(
        "GET", f"{API}/v1/users/me", headers={"Authorization": "jwt-walker-secret-1"}
    ).prepare()

    def fail() -> None:
        try:
            raise requests.ConnectionError("refused", request=prepared)
        except requests.ConnectionError:
            raise TransportError("GET failed") from None  # hides, but keeps, the context

    with pytest.raises(TransportError) as info:
        fail()
    assert "jwt-walker-secret-1" not in str(info.value) + repr(info.value)
    with pytest.raises(AssertionError, match="reached the caller"):
        assert_no_secret(info.value, ["jwt-walker-secret-1"])


# --- a scripted socket -------------------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]
"""(status, headers, body) for one attempt."""


@dataclass
class FakeSocket:
    """Stands in for ``HTTPAdapter.send``: answers each attempt from ``script`` (a reply, or an
    exception to raise, built from the prepared request), and keeps what was sent."""

    script: list[Reply | Callable[[requests.PreparedRequest], BaseException]]
    sent: list[requests.PreparedRequest] = field(default_factory=list)

    def send(
        self, adapter: HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        self.sent.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if callable(step):
            raise step(request)
        status, headers, body = step
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body), headers=headers, status=status, preload_content=False
        )
        return adapter.build_response(request, raw)


@pytest.fixture
def fake_socket(monkeypatch: pytest.MonkeyPatch) -> Callable[..., FakeSocket]:
    def install(*script: Reply | Callable[[requests.PreparedRequest], BaseException]) -> FakeSocket:
        fake = FakeSocket(list(script))

        def send(
            self: HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kwargs: Any
        ) -> requests.Response:
            return fake.send(self, request, *args, **kwargs)

        monkeypatch.setattr(HTTPAdapter, "send", send)
        return fake

    return install


def _b64(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def make_jwt(user_id: int = 7, lifetime: float = 3600) -> str:
    claims = {"user_id": user_id, "exp": int(time.time() + lifetime)}
    return f"{_b64({'alg': 'HS512'})}.{_b64(claims)}.c2lnbmF0dXJlLXNlY3JldA"


OK: Reply = (200, {"Content-Type": "application/json"}, b'{"total_results": 0, "results": []}')


@dataclass
class Rig:
    transport: Transport
    sleeps: list[float]
    tokens: TokenProvider | None

    def get(self, path: str = "/v1/taxa", **params: str) -> object:
        request = ApiRequest(method="GET", url=f"{API}{path}", params=params)
        return self.transport.send(request, OPTIONS).json


OPTIONS = CallOptions(dry_run="off", user_agent="inatsdk-tests/1.0", timeout=Timeout())


@pytest.fixture
def rig() -> Iterator[Callable[..., Rig]]:
    """``rig(retries=..., credentials=...)``: a transport wired as the client wires it (a token
    provider sending its OAuth calls through the transport), with a recorded ``sleep``."""
    made: list[Transport] = []

    def make(retries: Retries | None = None, credentials: Credentials | None = None) -> Rig:
        settings = Settings(
            api_url=API,
            web_url=WEB,
            cache=None,
            rate_limit=None,
            retries=retries or Retries(total=3, backoff=0.01, max_backoff=0.05),
        )
        tokens = TokenProvider(credentials, WEB, api_url=API) if credentials else None
        sleeps: list[float] = []
        transport = Transport(settings, tokens=tokens, sleep=sleeps.append)
        if tokens is not None:

            def post_form(url: str, data: dict[str, str]) -> object:
                request = ApiRequest(
                    method="POST", url=url, data=data, auth="none", cacheable=False
                )
                return transport.send(request, OPTIONS).json

            def get_json(url: str, headers: dict[str, str]) -> object:
                request = ApiRequest(
                    method="GET", url=url, headers=headers, auth="none", cacheable=False
                )
                return transport.send(request, OPTIONS).json

            tokens.post_form, tokens.get_json = post_form, get_json
        made.append(transport)
        return Rig(transport, sleeps, tokens)

    yield make
    for transport in made:
        transport.close()


# --- Retry-After ---------------------------------------------------------------------------------------


def test_retries_settings_validate_max_retry_after() -> None:
    assert Retries().max_retry_after == 120.0
    assert Retries(max_retry_after=None).max_retry_after is None
    assert Retries(max_retry_after=0).max_retry_after == 0
    with pytest.raises(ValueError, match="max_retry_after"):
        Retries(max_retry_after=-1)


def test_a_retry_after_longer_than_max_backoff_is_waited_exactly(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake = fake_socket((429, {"Retry-After": "7"}, b"{}"), (503, {"Retry-After": "2.5"}, b""), OK)
    r = rig(Retries(total=3, backoff=0.01, max_backoff=0.05, max_retry_after=10))
    r.get()
    assert r.sleeps == [7.0, 2.5]  # the API's waits, not capped at max_backoff
    assert len(fake.sent) == 3


def test_a_retry_after_shorter_than_the_backoff_is_honoured_too(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake_socket((503, {"Retry-After": "0"}, b""), OK)
    r = rig(Retries(total=2, backoff=30, max_backoff=60))
    r.get()
    assert r.sleeps == [0.0]


def test_a_retry_after_as_an_http_date(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake_socket((429, {"Retry-After": when}, b"{}"), OK)
    r = rig(Retries(total=2, backoff=0.01, max_backoff=0.05))
    r.get()
    assert len(r.sleeps) == 1 and 27 <= r.sleeps[0] <= 31


@pytest.mark.parametrize("value", ["soon", "inf", "nan", "-5"])
def test_an_unreadable_or_odd_retry_after_falls_back_to_the_backoff(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig], value: str
) -> None:
    fake_socket((503, {"Retry-After": value}, b""), OK)
    r = rig(Retries(total=2, backoff=0.04, max_backoff=0.05))
    r.get()
    assert len(r.sleeps) == 1
    assert r.sleeps[0] <= 0.05 if value != "-5" else r.sleeps == [0.0]


def test_a_retry_after_beyond_max_retry_after_is_not_retried(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake = fake_socket((429, {"Retry-After": "3600"}, b'{"error": "Too Many Requests"}'), OK)
    r = rig(Retries(total=4, backoff=0.01, max_backoff=0.05, max_retry_after=60))
    with pytest.raises(RateLimitError) as info:
        r.get()
    assert r.sleeps == [] and len(fake.sent) == 1
    assert info.value.status == 429
    assert "asked to wait 3600 s" in str(info.value)
    assert "longer than Retries.max_retry_after (60 s)" in str(info.value)
    assert_clean_failure(info.value, [])


def test_max_retry_after_none_waits_as_long_as_asked(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake_socket((503, {"Retry-After": "86400"}, b""), OK)
    r = rig(Retries(total=1, backoff=0.01, max_backoff=0.05, max_retry_after=None))
    r.get()
    assert r.sleeps == [86400.0]


def test_when_retries_run_out_the_error_says_how_long_the_api_asked_to_wait(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake_socket((503, {"Retry-After": "1"}, b'{"error": "down for maintenance"}'))
    r = rig(Retries(total=2, backoff=0.01, max_backoff=0.05))
    with pytest.raises(ServerError) as info:
        r.get()
    assert r.sleeps == [1.0, 1.0]
    assert "down for maintenance" in str(info.value)
    assert "asked to wait 1 s before trying again (Retry-After)." in str(info.value)
    assert "not retried" not in str(info.value)


# --- every failure is an iNatError that chains nothing and carries no secret ---------------------------


def _refused(request: requests.PreparedRequest) -> BaseException:
    reason = urllib3.exceptions.NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    pool_error = urllib3.exceptions.MaxRetryError(None, request.path_url, reason)  # type: ignore[arg-type]
    return requests.ConnectionError(pool_error, request=request)


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (_refused, TransportError),
        (lambda rq: requests.ReadTimeout("read timed out", request=rq), RequestTimeout),
        (lambda rq: requests.ConnectTimeout("connect timed out", request=rq), RequestTimeout),
        (lambda rq: requests.exceptions.ChunkedEncodingError("cut", request=rq), TransportError),
        (
            lambda rq: urllib3.exceptions.ProtocolError("Connection aborted", rq.headers),
            TransportError,
        ),
        (lambda rq: http.client.IncompleteRead(rq.body or b"partial"), TransportError),
        (lambda rq: sqlite3.OperationalError("database is locked"), TransportError),
        (lambda rq: OSError(28, "No space left on device"), TransportError),
    ],
    ids=[
        "refused",
        "read-timeout",
        "connect-timeout",
        "chunked",
        "urllib3",
        "http.client",
        "sqlite",
        "oserror",
    ],
)
def test_a_failing_api_call_with_a_jwt(
    fake_socket: Callable[..., FakeSocket],
    rig: Callable[..., Rig],
    failure: Callable[[requests.PreparedRequest], BaseException],
    expected: type[TransportError],
) -> None:
    jwt = make_jwt()
    fake = fake_socket(failure)
    r = rig(Retries(total=1, backoff=0.01, max_backoff=0.05), Credentials(api_token=jwt))
    with pytest.raises(iNatError) as info:
        r.get("/v1/users/me")
    assert type(info.value) is expected
    assert fake.sent[0].headers["Authorization"] == jwt  # the token did go out
    assert_clean_failure(info.value, [jwt])


def test_a_secret_in_a_query_is_cut_out_of_the_failure(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    fake_socket(_refused)
    r = rig(Retries(total=0))
    with pytest.raises(TransportError) as info:
        r.get("/v1/taxa", access_token="query-token-secret-1")
    assert "[REDACTED]" in str(info.value)
    assert_clean_failure(info.value, ["query-token-secret-1"])


def test_a_200_that_is_not_json_is_a_transport_error_without_the_body(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    jwt = make_jwt()
    body = b'{"results": [{"id": 1, "token": "' + jwt.encode()  # cut short
    fake_socket((200, {"Content-Type": "application/json"}, body))
    r = rig(credentials=Credentials(api_token=jwt))
    with pytest.raises(TransportError, match="returned invalid JSON") as info:
        r.get("/v1/users/me")
    assert_clean_failure(info.value, [jwt])


def test_a_401_on_an_api_call_with_a_jwt(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig]
) -> None:
    jwt = make_jwt()
    fake = fake_socket((401, {"Content-Type": "application/json"}, b'{"error": "Unauthorized"}'))
    r = rig(credentials=Credentials(api_token=jwt))
    with pytest.raises(AuthenticationError) as info:
        r.get("/v1/users/me")
    assert len(fake.sent) == 2  # sent again once after forgetting the token
    assert_clean_failure(info.value, [jwt])


# --- fetching the JWT -------------------------------------------------------------------------------------

PASSWORD = "pw-Unit-Secret-1"
APP_SECRET = "app-secret-unit-1"
ACCESS = "access-token-unit-1"


def _login(request: pytest.FixtureRequest) -> Credentials:
    """A login of this test's own (fetched JWTs are cached per set of credentials)."""
    return Credentials(
        username=request.node.name, password=PASSWORD, app_id="app-1", app_secret=APP_SECRET
    )


def _json(status: int, body: object) -> Reply:
    return (status, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ([_json(400, {"error": "invalid_grant", "error_description": "wrong password"})], AuthenticationError),
        ([_json(401, {"error": "invalid_client", "error_description": "unknown client"})], AuthenticationError),
        ([(500, {}, b"<html>oops</html>")], AuthenticationError),
        ([(200, {"Content-Type": "application/json"}, b'{"access_token": "' + ACCESS.encode())], TransportError),
        ([_json(200, ["not", "an", "object"])], AuthenticationError),
        ([_refused], TransportError),
        ([_json(200, {"access_token": ACCESS}), _json(401, {"error": "Unauthorized"})], AuthenticationError),
        ([_json(200, {"access_token": ACCESS}), (500, {}, b"")], AuthenticationError),
        ([_json(200, {"access_token": ACCESS}), (200, {"Content-Type": "application/json"}, b'{"api_token": "eyJ')], TransportError),
        ([_json(200, {"access_token": ACCESS}), _refused], TransportError),
    ],
    ids=[
        "grant-400", "grant-401", "grant-500", "grant-invalid-json", "grant-not-an-object",
        "grant-refused", "api-token-401", "api-token-500", "api-token-invalid-json",
        "api-token-refused",
    ],
)  # fmt: skip
def test_fetching_the_jwt_fails_cleanly(
    fake_socket: Callable[..., FakeSocket],
    rig: Callable[..., Rig],
    script: list[Reply | Callable[[requests.PreparedRequest], BaseException]],
    expected: type[iNatError],
    request: pytest.FixtureRequest,
) -> None:
    fake = fake_socket(*script)
    r = rig(Retries(total=1, backoff=0.01, max_backoff=0.05), _login(request))
    with pytest.raises(iNatError) as info:
        r.get("/v1/users/me")
    assert type(info.value) is expected
    assert fake.sent[0].path_url == "/oauth/token"
    body = fake.sent[0].body
    assert PASSWORD in (body.decode() if isinstance(body, bytes) else body or "")  # sent
    assert_clean_failure(info.value, [PASSWORD, APP_SECRET, ACCESS])


def test_a_revoked_access_token_then_a_refused_login_chains_nothing(
    fake_socket: Callable[..., FakeSocket], rig: Callable[..., Rig], request: pytest.FixtureRequest
) -> None:
    jwt = make_jwt(lifetime=-10)  # used once as fetched, then renewed
    fake = fake_socket(
        _json(200, {"access_token": ACCESS}),
        _json(200, {"api_token": jwt}),
        OK,
        _json(401, {"error": "Unauthorized"}),  # the access token was revoked meanwhile
        _json(400, {"error": "invalid_grant"}),  # and the password changed
    )
    r = rig(credentials=_login(request))
    r.get("/v1/users/me")
    with pytest.raises(AuthenticationError, match="password") as info:
        r.get("/v1/users/me")
    assert [p.path_url for p in fake.sent][-2:] == ["/users/api_token", "/oauth/token"]
    assert_clean_failure(info.value, [PASSWORD, APP_SECRET, ACCESS, jwt])


def test_oauth_helpers_raise_outside_the_except_block() -> None:
    """``request_access_token`` and ``fetch_api_token`` turn an APIError into an
    AuthenticationError that chains nothing; anything else goes through unchanged."""

    def refuse(url: str, data: dict[str, str]) -> object:
        raise error_for_response(400, "POST", url, b'{"error": "invalid_grant"}')

    def cut(url: str, data: dict[str, str]) -> object:
        raise TransportError("GET failed: ConnectionError")

    for step in (refuse, cut):
        with pytest.raises(iNatError) as info:
            request_access_token(step, WEB, {"password": PASSWORD}, step="logging in", hint="h")
        assert_clean_failure(info.value, [PASSWORD])
        with pytest.raises(iNatError) as info:
            fetch_api_token(step, WEB, ACCESS)
        assert_clean_failure(info.value, [ACCESS])
    with pytest.raises(AuthenticationError, match="invalid_grant"):
        request_access_token(refuse, WEB, {}, step="logging in", hint="h")
