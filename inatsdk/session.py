"""The transport: every request the SDK sends passes through :class:`Transport`.

Layers, outermost first::

    Transport.send      dry-run, auth header, logging, error mapping, one re-auth on 401
    requests-cache      answers repeated reads locally (writes and auth calls are never cached)
    _GuardedAdapter     the rate limiter, then retries with backoff, for each real attempt
    requests/urllib3    the socket

The limiter and retries live in the adapter, below the cache, so a cached answer costs no
budget and each retry is counted like any other request. A request built with
``rate_limited=False`` (photo and sound file downloads only: they are not API calls, and
:class:`~inatsdk.media_budget.MediaBudget` paces them) skips the limiter and keeps the rest.

Retries (:class:`~inatsdk.settings.Retries`): the client's own waits grow exponentially, with
jitter, up to ``max_backoff``. A ``Retry-After`` on a 429 or 5xx replaces that wait and is
honoured exactly, even beyond ``max_backoff``, up to ``max_retry_after``; an answer asking for a
longer wait is not retried, and its error says how long the API asked to wait.

Failures: everything the caller sees is an :class:`~inatsdk.errors.iNatError`. Connection
errors, timeouts, cut-off bodies and failures of the cache or of a shared rate-limit bucket
become :class:`~inatsdk.errors.TransportError`; an error status becomes an
:class:`~inatsdk.errors.APIError`. These are raised outside the ``except`` block that caught
the underlying exception, so they chain nothing (``__cause__`` and ``__context__`` stay empty,
and a ``requests`` exception, which holds the request with its ``Authorization`` header, is
never attached), and their messages have the request's secrets cut out.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, cast
from urllib.parse import quote, quote_plus

import attrs

from inatsdk._version import __version__
from inatsdk.errors import (
    REDACTED,
    SECRET_NAMES,
    APIError,
    AuthenticationError,
    RequestTimeout,
    TransportError,
    error_for_response,
    redact_url,
)
from inatsdk.settings import CacheSettings, DryRunMode, RateLimit, Retries, Settings, Timeout

if TYPE_CHECKING:
    import requests
    from pyrate_limiter import AbstractBucket, Limiter

    from inatsdk._ratelimit import BudgetLimiter

    AnyLimiter = Limiter | BudgetLimiter
    """pyrate-limiter's ``Limiter`` (memory and Redis buckets), or the default bucket's own."""

__all__ = [
    "ApiRequest",
    "ApiResponse",
    "ApiStream",
    "CacheControl",
    "TokenSource",
    "Transport",
    "build_limiter",
]

logger = logging.getLogger("inatsdk")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

RATE_LIMITED: ContextVar[bool] = ContextVar("inatsdk_rate_limited", default=True)
"""Whether the request being sent on this thread waits for the client's rate limiter: set by
:meth:`Transport._send_once` from :attr:`ApiRequest.rate_limited` around the one call into the
HTTP session, read by the adapter for each attempt (the adapter is shared; this is not)."""


def is_read_override(headers: Mapping[str, str]) -> bool:
    return str(headers.get("X-HTTP-Method-Override", "")).upper() == "GET"


AuthNeed = Literal["none", "optional", "required"]


class TokenSource(Protocol):
    """What the transport needs from the auth layer."""

    def has_credentials(self) -> bool: ...

    def authorization(self) -> str:
        """The ``Authorization`` header value for API calls (fetching a JWT if needed)."""
        ...

    def invalidate(self) -> None:
        """Forget the current JWT (after a 401) so the next call fetches a fresh one."""
        ...

    def fingerprint(self) -> str:
        """A stable, non-secret identity tag, used to keep cached private data apart."""
        ...

    def ignored_on_read(self, sent: str | None, server_date: str | None, url: str) -> bool:
        """After a successful read: True when the API saw the token as expired (and so
        answered anonymously) and a renewed one is ready, so the read should be sent again."""
        ...


@attrs.frozen(kw_only=True)
class ApiRequest:
    """One request, built by a controller or a paginator."""

    method: str
    url: str
    params: Mapping[str, str] = attrs.field(factory=dict[str, str])
    json: object = None
    data: Mapping[str, str] | None = None
    files: Mapping[str, tuple[str, bytes, str]] | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict[str, str])
    auth: AuthNeed = "optional"
    cacheable: bool = True
    expire_after: int | None = None
    """How long the answer keeps in the cache, in seconds (the operation's lifetime); None for
    the cache's default. A lifetime the caller set in ``CacheSettings.expiry_by_path`` wins."""

    changes: bool = True
    """False for a POST that changes nothing on the server (computer-vision scoring), so
    ``dry_run="writes"`` sends it."""

    rate_limited: bool = True
    """False sends it without waiting for the client's API rate limiter (timeouts, retries,
    errors, dry-run and User-Agent still apply). Only for media file downloads, which are not
    served by the API and are paced by the media budget instead."""

    @property
    def is_write(self) -> bool:
        """A write changes something; a v2 read sent as a POST (for a long field selection,
        with ``X-HTTP-Method-Override: GET``) is not one, nor is a POST that ``changes``
        nothing."""
        return self.changes and self.method in WRITE_METHODS and not is_read_override(self.headers)


@attrs.frozen(kw_only=True)
class ApiResponse:
    """A decoded answer. ``dry_run`` answers were made locally and carry ``json=None``."""

    status: int
    url: str
    json: object
    headers: Mapping[str, str] = attrs.field(factory=dict[str, str])
    from_cache: bool = False
    dry_run: bool = False
    elapsed: float = 0.0
    content: bytes = b""


class ApiStream:
    """An answer whose body has not been read yet (:meth:`Transport.open_stream`): its status
    and headers are here; :meth:`chunks` reads the body, :meth:`close` drops it unread. Use it
    as a context manager, or close it."""

    def __init__(
        self,
        request: ApiRequest,
        response: requests.Response | None,
        failures: tuple[type[Exception], ...],
    ) -> None:
        self._request = request
        self._response = response
        self._failures = failures
        self.status: int = response.status_code if response is not None else 200
        self.url: str = redact_url((response.url if response is not None else "") or request.url)
        self.headers: Mapping[str, str] = dict(response.headers) if response is not None else {}
        self.dry_run: bool = response is None
        """True for an answer made locally in dry-run (no headers, no body)."""

    @property
    def content_length(self) -> int | None:
        """The body's size as the ``Content-Length`` header announces it, or None."""
        for key, value in self.headers.items():
            if key.lower() == "content-length" and value.strip().isdigit():
                return int(value.strip())
        return None

    def chunks(self, size: int = 65536) -> Iterator[bytes]:
        """The body, ``size`` bytes at a time; a connection that fails or is cut off is a
        :class:`~inatsdk.errors.TransportError`."""
        response = self._response
        if response is None:
            return
        stream = response.iter_content(size)
        while True:
            failure: Exception | None = None
            chunk = b""
            try:
                chunk = next(stream)
            except StopIteration:
                return
            except self._failures as exc:
                failure = exc
            if failure is not None:
                where = f"{self._request.method} {redact_url(self._request.url)}"
                message = f"{where} failed while reading the body: {_describe(failure, ())}"
                del failure
                self.close()
                raise TransportError(message)
            yield chunk

    def close(self) -> None:
        """Close the connection; an unread body is not read."""
        if self._response is not None:
            self._response.close()

    def __enter__(self) -> ApiStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@attrs.frozen(kw_only=True)
class CallOptions:
    """Per-call settings merged over the client's (see ``iNatClient.with_options``)."""

    dry_run: DryRunMode
    user_agent: str | None
    timeout: Timeout
    use_cache: bool = True
    refresh: bool = False
    """Fetch afresh past any stored answer, and store what comes back (``use_cache`` still
    decides whether anything is stored at all)."""


# --- decoding ----------------------------------------------------------------------------------


def _loads(content: bytes) -> object:
    """Decode a JSON body: orjson (several times faster than :func:`json.loads` on the API's
    large pages), else the standard library for what orjson refuses and ``json`` reads (NaN,
    integers beyond 64 bits, UTF-16 bodies); its error if neither can. Cached bodies from
    requests-cache are the same bytes, so they decode the same way."""
    import orjson

    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        pass
    return json.loads(content)


# --- redaction ---------------------------------------------------------------------------------


def _as_mapping(value: object) -> Mapping[object, object] | None:
    return cast("Mapping[object, object]", value) if isinstance(value, Mapping) else None


def _redact_mapping(values: Mapping[Any, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in values.items():
        name = str(key)
        nested = _as_mapping(value)
        if name.lower() in SECRET_NAMES:
            out[name] = REDACTED
        elif nested is not None:
            out[name] = _redact_mapping(nested)
        else:
            out[name] = value
    return out


def _request_secrets(request: ApiRequest, headers: Mapping[str, str]) -> tuple[str, ...]:
    """The secret values a request carries (its ``Authorization`` header, and the values of
    secret-named parameters, form fields and JSON keys), longest first, as sent and
    URL-encoded: what :func:`_scrub` cuts out of any text built from a failure."""
    found: set[str] = set()
    auth = headers.get("Authorization") or request.headers.get("Authorization")
    if auth:
        found.update((auth, auth.split()[-1]))
    json_body = _as_mapping(request.json)
    for values in (request.params, request.data or {}, json_body or {}):
        for key, value in values.items():
            if str(key).lower() in SECRET_NAMES and isinstance(value, str):
                found.add(value)
    variants = {v for s in found for v in (s, quote(s, safe=""), quote_plus(s))}
    return tuple(sorted((v for v in variants if len(v) >= 4), key=len, reverse=True))


_SECRET_NAMES_PATTERN = "|".join(sorted(SECRET_NAMES, key=len, reverse=True))
_SECRET_QUERY_VALUE = re.compile(rf"(?i)([?&;](?:{_SECRET_NAMES_PATTERN})=)[^&;#\s'\")]*")


def _scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` without the given secrets, nor the values of secret query parameters."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return _SECRET_QUERY_VALUE.sub(lambda m: m.group(1) + REDACTED, text)


def describe_body(request: ApiRequest) -> str:
    """A log-safe description of a request body."""
    if request.json is not None:
        body: object = request.json
        mapping = _as_mapping(body)
        if mapping is not None:
            body = _redact_mapping(mapping)
        return json.dumps(body, default=str)[:2000]
    if request.data:
        return json.dumps(_redact_mapping(request.data), default=str)[:2000]
    if request.files:
        return f"<multipart: {', '.join(sorted(request.files))}>"
    return ""


# --- rate limiting -----------------------------------------------------------------------------


def _rate(limit_per_period: float, period_ms: int) -> tuple[int, int]:
    """Express a possibly fractional rate as (whole requests, interval in ms)."""
    if limit_per_period >= 1:
        whole = int(limit_per_period)
        return whole, max(1, math.ceil(whole * period_ms / limit_per_period))
    return 1, max(1, math.ceil(period_ms / limit_per_period))


_MINUTE_MS = 60_000
_DAY_MS = 86_400_000


class _Window(NamedTuple):
    limit: int
    interval: int  # milliseconds


def _windows(settings: RateLimit) -> list[_Window]:
    """The burst, minute and day windows of ``settings``, densest first."""
    windows: list[_Window] = []
    if settings.per_minute is not None:
        per_second = settings.per_minute / 60.0
        # The burst window: at most `burst` requests in the time the sustained rate earns them.
        # Rounded down so its density is never below the minute window's (pyrate-limiter
        # requires windows ordered from dense to sparse).
        burst_ms = max(1, math.floor(settings.burst / per_second * 1000))
        windows.append(_Window(settings.burst, burst_ms))
        if settings.burst > 1:
            windows.append(_Window(*_rate(settings.per_minute, _MINUTE_MS)))
    if settings.per_day is not None:
        windows.append(_Window(*_rate(settings.per_day, _DAY_MS)))
    windows.sort(key=lambda w: w.interval)
    if not windows:
        raise ValueError("RateLimit needs per_minute or per_day; pass rate_limit=None instead")
    return windows


def build_limiter(settings: RateLimit) -> AnyLimiter:
    """The client's limiter: burst, minute and day windows together. The default SQLite bucket
    is inatsdk's own (no pyrate-limiter import); memory and Redis are pyrate-limiter's."""
    windows = _windows(settings)
    if settings.bucket == "sqlite":
        from inatsdk._ratelimit import BudgetLimiter, SQLiteBudget

        path = settings.resolved_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return BudgetLimiter(SQLiteBudget(windows, path, settings.name))
    from pyrate_limiter import InMemoryBucket, Limiter, Rate

    rates = [Rate(w.limit, w.interval) for w in windows]
    bucket: AbstractBucket
    if settings.bucket == "memory":
        bucket = InMemoryBucket(rates)
    else:
        if not settings.redis_url:
            raise ValueError("RateLimit(bucket='redis') needs redis_url='redis://host:port/db'")
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise ImportError("the Redis bucket needs: pip install 'inatsdk[redis]'") from exc
        from pyrate_limiter import RedisBucket

        client = redis.from_url(settings.redis_url)
        bucket = RedisBucket.init(rates, client, f"inatsdk:{settings.name}")
    # buffer_ms pads every wait; 1 ms keeps configured rates exact without busy loops.
    return Limiter(bucket, buffer_ms=1)


def acquire(limiter: AnyLimiter, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait until the limiter lets one more request go (see :func:`waiter`)."""
    waiter(limiter)(sleep)


def waiter(limiter: AnyLimiter) -> Callable[[Callable[[float], None]], None]:
    """The function that waits, with a given ``sleep``, until ``limiter`` lets one more
    request go; chosen once per limiter (the adapter keeps it), since it is called for every
    request.

    The default SQLite bucket is asked directly (it has its own lock, for threads and
    processes, and says how long to wait when it refuses). Another in-process bucket blocks
    inside pyrate-limiter. Any other shared bucket (Redis) is polled: pyrate-limiter's
    blocking wait stamps the request with the time it planned to wake, not the time it did,
    and across processes that drift lets two requests go closer together than the rate allows.
    """
    from inatsdk._ratelimit import BudgetLimiter

    if isinstance(limiter, BudgetLimiter):
        take, wait_seconds = limiter.bucket.take, limiter.bucket.wait_seconds

        def wait_for_budget(sleep: Callable[[float], None]) -> None:
            while not take():
                sleep(wait_seconds())

        return wait_for_budget
    from pyrate_limiter import InMemoryBucket

    buckets = limiter.buckets()
    bucket = buckets[0] if buckets else None
    if bucket is None or isinstance(bucket, InMemoryBucket):

        def wait_in_limiter(sleep: Callable[[float], None]) -> None:
            limiter.try_acquire("inatsdk")  # blocks until the bucket lets it go

        return wait_in_limiter
    step = max(0.001, min(0.05, min(r.interval for r in bucket.rates) / 50_000))

    def poll(sleep: Callable[[float], None]) -> None:
        while True:
            # A zero timeout is a single attempt, reported as TimeoutError. (The buckets built
            # here are synchronous: try_acquire answers a bool, never an awaitable.)
            try:
                if limiter.try_acquire("inatsdk", blocking=True, timeout=0) is True:
                    return
            except TimeoutError:
                pass
            sleep(step)

    return poll


# --- the adapter: limiter + retries --------------------------------------------------------------


def retry_after_seconds(response: requests.Response) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds (seconds or an HTTP date);
    None when there is none, or it cannot be read."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    seconds: float | None = None
    try:
        seconds = float(value)
    except ValueError:
        try:
            import email.utils  # deferred: only HTTP-date Retry-After values need it

            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def exceeds_retry_after_limit(wait: float, retries: Retries) -> bool:
    """True when a ``Retry-After`` of ``wait`` seconds is longer than the client waits for."""
    return retries.max_retry_after is not None and wait > retries.max_retry_after


# --- cache -------------------------------------------------------------------------------------


class _ResponseCache(Protocol):
    """What :class:`CacheControl` uses of a requests-cache backend."""

    @property
    def responses(self) -> Sized: ...

    def clear(self) -> None: ...


class CacheControl:
    """``client.cache``: look at and clear the HTTP response cache.

    A failure of the cache's storage (a locked SQLite file, Redis gone) raises
    :class:`~inatsdk.errors.TransportError`.
    """

    def __init__(
        self,
        session: requests.Session,
        settings: CacheSettings | None,
        failures: tuple[type[Exception], ...] = (),
    ) -> None:
        from inatsdk._http import TRANSPORT_FAILURES

        self._session = session
        self.settings = settings
        self._failures = TRANSPORT_FAILURES + failures

    @property
    def _cache(self) -> _ResponseCache | None:
        # A CachedSession (ours, or one the caller passed) has a .cache; a plain Session not.
        cache: _ResponseCache | None = getattr(self._session, "cache", None)
        return cache

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def clear(self) -> None:
        """Delete every cached response."""
        cache = self._cache
        if cache is None:
            return
        failure: Exception | None = None
        try:
            cache.clear()
        except self._failures as exc:
            failure = exc
        if failure is not None:  # raised outside the except block: nothing chained
            raise TransportError(f"clearing the HTTP cache failed: {_describe(failure, ())}")

    def __len__(self) -> int:
        cache = self._cache
        if cache is None:
            return 0
        failure: Exception | None = None
        count = 0
        try:
            count = len(cache.responses)
        except self._failures as exc:
            failure = exc
        if failure is not None:
            raise TransportError(f"counting the cached responses failed: {_describe(failure, ())}")
        return count

    def __repr__(self) -> str:
        if not self.enabled or self.settings is None:
            return "<CacheControl disabled>"
        return f"<CacheControl backend={self.settings.backend!r} responses={len(self)}>"


# --- failures ----------------------------------------------------------------------------------


def _backend_failures(settings: Settings) -> tuple[type[Exception], ...]:
    """The exceptions of the optional backends in use (Redis), beyond ``TRANSPORT_FAILURES``."""
    cache, limit = settings.cache, settings.rate_limit
    if (cache is None or cache.backend != "redis") and (limit is None or limit.bucket != "redis"):
        return ()
    from redis.exceptions import RedisError

    return (RedisError,)


def _describe(exc: BaseException, secrets: Iterable[str]) -> str:
    """``ExceptionType: message`` with the secrets cut out (only the type when the message
    quotes a header)."""
    text = _scrub(str(exc), secrets)
    if "Authorization" in text:
        return type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _transport_error(
    request: ApiRequest, exc: BaseException, secrets: Iterable[str]
) -> TransportError:
    import requests

    where = f"{request.method} {redact_url(request.url)}"
    if isinstance(exc, requests.exceptions.Timeout):
        return RequestTimeout(
            f"{where} timed out ({type(exc).__name__}); "
            "raise the client's timeout= if the API is slow today"
        )
    return TransportError(f"{where} failed: {_describe(exc, secrets)}")


# --- the transport -----------------------------------------------------------------------------


class _Wiring:
    """What :class:`Transport` builds on first use: the HTTP session with its adapter, the
    rate limiter, the cache control and the exceptions that mean a transport failure."""

    __slots__ = ("cache", "failures", "http", "limiter")

    def __init__(
        self,
        settings: Settings,
        tokens: TokenSource | None,
        session: requests.Session | None,
        sleep: Callable[[float], None],
    ) -> None:
        from inatsdk._http import TRANSPORT_FAILURES, GuardedAdapter, build_http_session

        fingerprint = tokens.fingerprint if tokens is not None else (lambda: "")
        self.http = session if session is not None else build_http_session(settings, fingerprint)
        self.limiter = build_limiter(settings.rate_limit) if settings.rate_limit else None
        adapter = GuardedAdapter(self.limiter, settings.retries, sleep=sleep)
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
        backend_failures = _backend_failures(settings)
        self.failures = TRANSPORT_FAILURES + backend_failures
        self.cache = CacheControl(self.http, settings.cache, backend_failures)


def _check_settings(settings: Settings) -> None:
    """The setting errors construction reports at once (the rest of the wiring is lazy)."""
    cache, limit = settings.cache, settings.rate_limit
    if cache is not None and cache.backend == "redis" and not cache.redis_url:
        raise ValueError("CacheSettings(backend='redis') needs redis_url='redis://host:port/db'")
    if limit is not None:
        if limit.per_minute is None and limit.per_day is None:
            raise ValueError("RateLimit needs per_minute or per_day; pass rate_limit=None instead")
        if limit.bucket == "redis" and not limit.redis_url:
            raise ValueError("RateLimit(bucket='redis') needs redis_url='redis://host:port/db'")


class Transport:
    """Sends :class:`ApiRequest` objects; owned by one ``iNatClient`` and safe across threads.

    Constructing one is cheap: the HTTP session (``requests``, requests-cache and its backend),
    the rate limiter (its bucket; pyrate-limiter only for the memory and Redis buckets) and the
    adapter are built on first use, by the first request or the first look at :attr:`http`,
    :attr:`limiter` or :attr:`cache`. That first use pays for importing them (~0.1 s, mostly
    requests and requests-cache, which also imports the optional backends it finds installed,
    such as redis); every later request pays nothing for it. A ``session`` passed in is wired
    at once.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        tokens: TokenSource | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        _check_settings(settings)
        self.settings = settings
        self.tokens = tokens
        self._session = session
        self._sleep = sleep
        self._lock = threading.Lock()
        self._wiring: _Wiring | None = None
        if session is not None:
            self._wire()

    def _wire(self) -> _Wiring:
        wiring = self._wiring
        if wiring is None:
            with self._lock:
                wiring = self._wiring
                if wiring is None:
                    wiring = _Wiring(self.settings, self.tokens, self._session, self._sleep)
                    self._wiring = wiring
        return wiring

    @property
    def http(self) -> requests.Session:
        """The ``requests`` session (a requests-cache ``CachedSession`` when caching)."""
        return self._wire().http

    @property
    def limiter(self) -> AnyLimiter | None:
        """The client's rate limiter, or None without a rate limit."""
        return self._wire().limiter

    @property
    def cache(self) -> CacheControl:
        """``client.cache``."""
        return self._wire().cache

    def close(self) -> None:
        wiring = self._wiring
        if wiring is None:  # never used: nothing was opened
            return
        wiring.http.close()
        if wiring.limiter is not None:
            wiring.limiter.close()

    def user_agent(self, app_agent: str | None) -> str:
        ours = f"inatsdk/{__version__}"
        return f"{app_agent} {ours}" if app_agent else ours

    def send(self, request: ApiRequest, options: CallOptions) -> ApiResponse:
        """Send one request (or answer it locally in dry-run) and decode its JSON."""
        if options.dry_run == "all" or (options.dry_run == "writes" and request.is_write):
            return self._dry_run(request)
        use_auth = request.auth == "required" or (
            request.auth == "optional" and self.tokens is not None and self.tokens.has_credentials()
        )
        if request.auth == "required" and (
            self.tokens is None or not self.tokens.has_credentials()
        ):
            raise AuthenticationError(
                "this call needs an iNaturalist login and the client has no credentials",
                status=401,
                method=request.method,
                url=request.url,
                hint="Pass credentials=... to iNatClient, or set INAT_API_TOKEN, "
                "INAT_ACCESS_TOKEN or INAT_USERNAME/INAT_PASSWORD/INAT_APP_ID/INAT_APP_SECRET.",
                sent=False,
            )
        response = self._send_once(request, options, use_auth)
        if response.status_code == 401 and use_auth and self.tokens is not None:
            # The JWT may have expired early or been revoked: fetch a new one, try once more.
            self.tokens.invalidate()
            response = self._send_once(request, options, use_auth)
        elif (
            use_auth
            and self.tokens is not None
            and response.ok
            and not request.is_write
            and not getattr(response, "from_cache", False)
            and self.tokens.ignored_on_read(
                response.request.headers.get("Authorization") if response.request else None,
                response.headers.get("Date"),
                redact_url(request.url),
            )
        ):
            # v1 ignores an expired token on reads: the token was renewed, read once more.
            response = self._send_once(request, options, use_auth)
        return self._decode(request, response)

    def open_stream(self, request: ApiRequest, options: CallOptions) -> ApiStream:
        """Send one request without credentials (whatever ``request.auth`` says) and return as
        soon as its headers have arrived, its body unread (media files: the caller decides
        from ``Content-Length`` whether to read it). An error status is raised as for
        :meth:`send`; in dry-run nothing is sent."""
        if options.dry_run == "all" or (options.dry_run == "writes" and request.is_write):
            self._dry_run(request)
            return ApiStream(request, None, ())
        response = self._send_once(request, options, False, stream=True)
        wiring = self._wire()
        if response.status_code >= 400:
            try:
                self._decode(request, response)  # raises the error for the status
            finally:
                response.close()
        return ApiStream(request, response, wiring.failures)

    def _send_once(
        self, request: ApiRequest, options: CallOptions, use_auth: bool, *, stream: bool = False
    ) -> requests.Response:
        wiring = self._wiring or self._wire_for_request(request)
        http = wiring.http
        headers = {
            "User-Agent": self.user_agent(options.user_agent or self.settings.user_agent),
            "Accept": "application/json",
            **request.headers,
        }
        if use_auth and self.tokens is not None:
            headers["Authorization"] = self.tokens.authorization()
        kwargs: dict[str, Any] = {}
        if hasattr(http, "cache"):
            from requests_cache import DO_NOT_CACHE

            if not (request.cacheable and options.use_cache) or request.is_write:
                kwargs["expire_after"] = DO_NOT_CACHE
                # requests-cache (1.2, 1.3) skips reading for DO_NOT_CACHE but still stores the
                # answer; no-store stops that (a JWT from /users/api_token must never be stored).
                headers["Cache-Control"] = "no-store"
            else:
                if options.refresh:
                    kwargs["force_refresh"] = True
                if request.expire_after is not None and not self._caller_set_lifetime(request.url):
                    kwargs["expire_after"] = request.expire_after
        started = time.perf_counter()
        failure: Exception | None = None
        response: requests.Response | None = None
        limited = RATE_LIMITED.set(request.rate_limited)
        try:
            response = http.request(
                request.method,
                request.url,
                params=dict(request.params) or None,
                json=request.json,
                data=request.data,
                files=request.files,
                headers=headers,
                timeout=options.timeout.for_method(request.method),
                stream=stream,
                **kwargs,
            )
        except wiring.failures as exc:
            failure = exc
        finally:
            RATE_LIMITED.reset(limited)
        if failure is not None:
            # Raised outside the except block, so nothing is chained: a requests exception
            # holds the prepared request, Authorization header included.
            error = _transport_error(request, failure, _request_secrets(request, headers))
            del failure
            headers.clear()  # no token left in this frame's locals for a traceback to show
            raise error
        assert response is not None  # set when nothing failed
        elapsed = time.perf_counter() - started
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.3fs%s",
                request.method,
                redact_url(response.url),
                response.status_code,
                elapsed,
                " (cached)" if getattr(response, "from_cache", False) else "",
            )
        return response

    def _wire_for_request(self, request: ApiRequest) -> _Wiring:
        """:meth:`_wire` for the first request; a failure to open the cache or the rate-limit
        bucket (an unwritable folder, a missing optional package) is a TransportError."""
        failure: Exception | None = None
        try:
            return self._wire()
        except Exception as exc:  # whatever the backends raise while being set up
            failure = exc
        where = f"{request.method} {redact_url(request.url)}"
        message = f"{where} failed: setting up the cache or rate limiter: {_describe(failure, ())}"
        del failure
        raise TransportError(message)

    def _caller_set_lifetime(self, url: str) -> bool:
        """Whether ``CacheSettings.expiry_by_path`` names a lifetime for ``url``."""
        cache = self.settings.cache
        if cache is None or not cache.expiry_by_path:
            return False
        path = "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        return any(fnmatch.fnmatch(path, f"{prefix}*") for prefix, _ in cache.expiry_by_path)

    def _decode(self, request: ApiRequest, response: requests.Response) -> ApiResponse:
        if response.status_code >= 400:
            error = error_for_response(
                response.status_code, request.method, response.url or request.url, response.content
            )
            raise self._with_retry_after(error, response)
        content = response.content
        ctype = response.headers.get("Content-Type", "")
        payload: Any = None
        invalid: str | None = None
        if content and ("json" in ctype or content[:1] in (b"{", b"[")):
            try:
                payload = _loads(content)
            except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
                invalid = str(exc)  # the position only; the exception holds the whole body
        if invalid is not None:  # raised outside the except block: nothing chained
            raise TransportError(
                f"{request.method} {redact_url(request.url)} returned invalid JSON "
                f"({len(content)} bytes): {invalid}"
            )
        return ApiResponse(
            status=response.status_code,
            url=redact_url(response.url or request.url),
            json=payload,
            headers=dict(response.headers),
            from_cache=bool(getattr(response, "from_cache", False)),
            elapsed=response.elapsed.total_seconds() if response.elapsed else 0.0,
            content=content if payload is None else b"",
        )

    def _with_retry_after(self, error: APIError, response: requests.Response) -> APIError:
        """``error`` with a hint saying how long the API asked to wait, when it did."""
        wait = retry_after_seconds(response)
        if wait is None:
            return error
        hint = f"The API asked to wait {wait:g} s before trying again (Retry-After)"
        retries = self.settings.retries
        if exceeds_retry_after_limit(wait, retries):
            hint += (
                f"; that is longer than Retries.max_retry_after ({retries.max_retry_after:g} s), "
                "so it was not retried"
            )
        hint += "."
        return type(error)(
            error.message,
            status=error.status,
            method=error.method,
            url=error.url,
            body=error.body,
            hint=f"{error.hint}\n{hint}" if error.hint else hint,
            sent=error.sent,
        )

    def _dry_run(self, request: ApiRequest) -> ApiResponse:
        logger.info(
            "DRY RUN: %s %s params=%s body=%s",
            request.method,
            redact_url(request.url),
            json.dumps(_redact_mapping(request.params), default=str),
            describe_body(request) or "-",
        )
        return ApiResponse(status=200, url=redact_url(request.url), json=None, dry_run=True)
