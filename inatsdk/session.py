"""The transport: every request the SDK sends passes through :class:`Transport`.

Layers, outermost first::

    Transport.send      dry-run, auth header, logging, error mapping, one re-auth on 401
    requests-cache      answers repeated reads locally (writes and auth calls are never cached)
    _GuardedAdapter     the rate limiter, then retries with backoff, for each real attempt
    requests/urllib3    the socket

The limiter and retries live in the adapter, below the cache, so a cached answer costs no
budget and each retry is counted like any other request.
"""

from __future__ import annotations

import email.utils
import fnmatch
import hashlib
import json
import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs
import requests
from requests.adapters import HTTPAdapter

from inatsdk._version import __version__
from inatsdk.errors import (
    REDACTED,
    SECRET_NAMES,
    AuthenticationError,
    RequestTimeout,
    TransportError,
    error_for_response,
    redact_url,
)
from inatsdk.settings import CacheSettings, DryRunMode, RateLimit, Retries, Settings, Timeout

if TYPE_CHECKING:
    from pyrate_limiter import Limiter

__all__ = ["ApiRequest", "ApiResponse", "CacheControl", "TokenSource", "Transport", "build_limiter"]

logger = logging.getLogger("inatsdk")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_read_override(headers: Mapping[str, str]) -> bool:
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
    params: Mapping[str, str] = attrs.field(factory=dict)
    json: Any = None
    data: Mapping[str, str] | None = None
    files: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    auth: AuthNeed = "optional"
    cacheable: bool = True
    expire_after: int | None = None
    """How long the answer keeps in the cache, in seconds (the operation's lifetime); None for
    the cache's default. A lifetime the caller set in ``CacheSettings.expiry_by_path`` wins."""

    @property
    def is_write(self) -> bool:
        """A write changes something; a v2 read sent as a POST (for a long field selection,
        with ``X-HTTP-Method-Override: GET``) is not one."""
        return self.method in WRITE_METHODS and not _is_read_override(self.headers)


@attrs.frozen(kw_only=True)
class ApiResponse:
    """A decoded answer. ``dry_run`` answers were made locally and carry ``json=None``."""

    status: int
    url: str
    json: Any
    headers: Mapping[str, str] = attrs.field(factory=dict)
    from_cache: bool = False
    dry_run: bool = False
    elapsed: float = 0.0
    content: bytes = b""


@attrs.frozen(kw_only=True)
class CallOptions:
    """Per-call settings merged over the client's (see ``iNatClient.with_options``)."""

    dry_run: DryRunMode
    user_agent: str | None
    timeout: Timeout
    use_cache: bool = True


# --- redaction ---------------------------------------------------------------------------------


def _redact_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key.lower() in SECRET_NAMES:
            out[key] = REDACTED
        elif isinstance(value, Mapping):
            out[key] = _redact_mapping(value)
        else:
            out[key] = value
    return out


def describe_body(request: ApiRequest) -> str:
    """A log-safe description of a request body."""
    if request.json is not None:
        body = request.json
        if isinstance(body, Mapping):
            body = _redact_mapping(body)
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


def build_limiter(settings: RateLimit) -> Limiter:
    """One pyrate-limiter ``Limiter`` for a client: burst, minute and day windows together."""
    from pyrate_limiter import Duration, InMemoryBucket, Limiter, Rate

    rates: list[Rate] = []
    if settings.per_minute is not None:
        per_second = settings.per_minute / 60.0
        # The burst window: at most `burst` requests in the time the sustained rate earns them.
        # Rounded down so its density is never below the minute window's (pyrate-limiter
        # requires windows ordered from dense to sparse).
        burst_ms = max(1, math.floor(settings.burst / per_second * 1000))
        rates.append(Rate(settings.burst, burst_ms))
        if settings.burst > 1:
            rates.append(Rate(*_rate(settings.per_minute, int(Duration.MINUTE))))
    if settings.per_day is not None:
        rates.append(Rate(*_rate(settings.per_day, int(Duration.DAY))))
    rates.sort(key=lambda r: r.interval)
    if not rates:
        raise ValueError("RateLimit needs per_minute or per_day; pass rate_limit=None instead")

    bucket: Any
    if settings.bucket == "memory":
        bucket = InMemoryBucket(rates)
    elif settings.bucket == "sqlite":
        from pyrate_limiter import SQLiteBucket

        path = settings.resolved_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        bucket = SQLiteBucket.init_from_file(
            rates,
            db_path=str(path),
            table=f"rl_{hashlib.sha1(settings.name.encode()).hexdigest()[:12]}",
            create_new_table=True,
            use_file_lock=True,
        )
    else:
        if not settings.redis_url:
            raise ValueError("RateLimit(bucket='redis') needs redis_url='redis://host:port/db'")
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise ImportError("the Redis bucket needs: pip install 'inatsdk[redis]'") from exc
        from pyrate_limiter import RedisBucket

        client = redis.Redis.from_url(settings.redis_url)
        bucket = RedisBucket.init(rates, client, f"inatsdk:{settings.name}")
    # buffer_ms pads every wait; 1 ms keeps configured rates exact without busy loops.
    return Limiter(bucket, buffer_ms=1)


def acquire(limiter: Limiter, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait until the limiter lets one more request go.

    An in-process bucket blocks inside pyrate-limiter. A shared bucket (SQLite, Redis) is
    polled instead: pyrate-limiter's blocking wait stamps the request with the time it
    planned to wake, not the time it did, and across processes that drift lets two requests
    go closer together than the rate allows.
    """
    from pyrate_limiter import InMemoryBucket

    buckets = limiter.buckets()
    if not buckets or isinstance(buckets[0], InMemoryBucket):
        limiter.try_acquire("inatsdk")
        return
    step = max(0.001, min(0.05, min(r.interval for r in buckets[0].rates) / 50_000))
    while True:
        # blocking=False would hand FileLock.acquire a bool as its timeout; a zero timeout
        # is the same single attempt, reported as TimeoutError.
        try:
            if limiter.try_acquire("inatsdk", blocking=True, timeout=0):
                return
        except TimeoutError:
            pass
        sleep(step)


# --- the adapter: limiter + retries --------------------------------------------------------------


def _never_reached_server(exc: BaseException) -> bool:
    """True when the request provably never left this machine (safe to retry even a POST)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

        reason: object = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        return isinstance(reason, (NewConnectionError, NameResolutionError))
    return False


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


_RETRYABLE_ERRORS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.Timeout,
)


class _GuardedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that waits for the rate limiter and retries, once per real attempt."""

    def __init__(
        self,
        limiter: Limiter | None,
        retries: Retries,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(pool_connections=4, pool_maxsize=16, max_retries=0)
        self.limiter = limiter
        self.retries = retries
        self._sleep = sleep
        self._random = random.Random()

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.retries.max_backoff, self.retries.backoff * (2**attempt))
        return self._random.uniform(ceiling / 2, ceiling)  # jitter, never below half

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        method = (request.method or "GET").upper()
        idempotent = method not in WRITE_METHODS or _is_read_override(request.headers)
        attempt = 0
        while True:
            if self.limiter is not None:
                acquire(self.limiter, self._sleep)
            try:
                response = super().send(request, stream, timeout, verify, cert, proxies)
                if not stream:
                    _ = response.content  # read now, so a cut-off body is retried here
            except _RETRYABLE_ERRORS as exc:
                safe = idempotent or _never_reached_server(exc)
                if safe and attempt < self.retries.total:
                    wait = self._backoff(attempt)
                    logger.warning(
                        "%s %s failed (%s); retry %d of %d in %.2fs",
                        method,
                        redact_url(request.url or ""),
                        type(exc).__name__,
                        attempt + 1,
                        self.retries.total,
                        wait,
                    )
                    self._sleep(wait)
                    attempt += 1
                    continue
                raise
            status = response.status_code
            # A 429 comes from the API's throttling proxy before the request is handled,
            # so even a write is safe to send again.
            retry_allowed = idempotent or status == 429
            if status in self.retries.statuses and retry_allowed and attempt < self.retries.total:
                hinted = _retry_after(response)
                wait = self._backoff(attempt) if hinted is None else hinted
                logger.warning(
                    "%s %s answered %d; retry %d of %d in %.2fs",
                    method,
                    redact_url(request.url or ""),
                    status,
                    attempt + 1,
                    self.retries.total,
                    wait,
                )
                response.close()
                self._sleep(wait)
                attempt += 1
                continue
            return response


# --- cache -------------------------------------------------------------------------------------


def _identity_key_fn(fingerprint: Callable[[], str]) -> Callable[..., str]:
    """A requests-cache key function that keeps each identity's responses apart."""
    from requests_cache import create_key

    def key_fn(request: Any, **kwargs: Any) -> str:
        base: str = create_key(request, **kwargs)
        auth = request.headers.get("Authorization") if request.headers else None
        if not auth:
            return base
        # A one-way tag of the identity; the token itself is stripped from what is stored.
        tag = hashlib.sha256(fingerprint().encode() or auth.encode()).hexdigest()[:16]
        return f"{base}-{tag}"

    return key_fn


def _build_http_session(settings: Settings, fingerprint: Callable[[], str]) -> requests.Session:
    cache = settings.cache
    if cache is None:
        return requests.Session()
    from requests_cache import CachedSession

    backend: Any
    if cache.backend == "memory":
        backend = "memory"
        location = "inatsdk"
    elif cache.backend == "redis":
        from requests_cache.backends.redis import RedisCache

        if not cache.redis_url:
            raise ValueError(
                "CacheSettings(backend='redis') needs redis_url='redis://host:port/db'"
            )
        import redis

        backend = RedisCache(namespace="inatsdk", connection=redis.Redis.from_url(cache.redis_url))
        location = ""
    else:
        path = cache.resolved_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        backend = cache.backend
        location = str(path)
    host = settings.api_url.split("://", 1)[-1].rstrip("/")
    from requests_cache import DO_NOT_CACHE

    urls_expire_after = {
        f"{host}{prefix}*": seconds or DO_NOT_CACHE for prefix, seconds in cache.expiry_by_path
    }
    options: dict[str, Any] = {
        "backend": backend,
        "expire_after": cache.expire_after,
        "urls_expire_after": urls_expire_after,
        "allowable_methods": ("GET", "HEAD"),
        "allowable_codes": (200,),
        "key_fn": _identity_key_fn(fingerprint),
        "stale_if_error": False,
    }
    if isinstance(backend, str):
        options["cache_name"] = location  # a backend object carries its own name
    return CachedSession(**options)


class CacheControl:
    """``client.cache``: look at and clear the HTTP response cache."""

    def __init__(self, session: requests.Session, settings: CacheSettings | None) -> None:
        self._session = session
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return hasattr(self._session, "cache")

    def clear(self) -> None:
        """Delete every cached response."""
        cache = getattr(self._session, "cache", None)
        if cache is not None:
            cache.clear()

    def __len__(self) -> int:
        cache = getattr(self._session, "cache", None)
        return 0 if cache is None else len(cache.responses)

    def __repr__(self) -> str:
        if not self.enabled or self.settings is None:
            return "<CacheControl disabled>"
        return f"<CacheControl backend={self.settings.backend!r} responses={len(self)}>"


# --- the transport -----------------------------------------------------------------------------


class Transport:
    """Sends :class:`ApiRequest` objects; owned by one ``iNatClient`` and safe across threads."""

    def __init__(
        self,
        settings: Settings,
        *,
        tokens: TokenSource | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        fingerprint = tokens.fingerprint if tokens is not None else (lambda: "")
        self.http = session if session is not None else _build_http_session(settings, fingerprint)
        self.limiter = build_limiter(settings.rate_limit) if settings.rate_limit else None
        adapter = _GuardedAdapter(self.limiter, settings.retries, sleep=sleep)
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
        self.cache = CacheControl(self.http, settings.cache)

    def close(self) -> None:
        self.http.close()
        if self.limiter is not None:
            self.limiter.close()

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

    def _send_once(
        self, request: ApiRequest, options: CallOptions, use_auth: bool
    ) -> requests.Response:
        headers = {
            "User-Agent": self.user_agent(options.user_agent or self.settings.user_agent),
            "Accept": "application/json",
            **request.headers,
        }
        if use_auth and self.tokens is not None:
            headers["Authorization"] = self.tokens.authorization()
        kwargs: dict[str, Any] = {}
        if hasattr(self.http, "cache"):
            from requests_cache import DO_NOT_CACHE

            if not (request.cacheable and options.use_cache) or request.is_write:
                kwargs["expire_after"] = DO_NOT_CACHE
                # requests-cache (1.2, 1.3) skips reading for DO_NOT_CACHE but still stores the
                # answer; no-store stops that (a JWT from /users/api_token must never be stored).
                headers["Cache-Control"] = "no-store"
            elif request.expire_after is not None and not self._caller_set_lifetime(request.url):
                kwargs["expire_after"] = request.expire_after
        started = time.perf_counter()
        try:
            response = self.http.request(
                request.method,
                request.url,
                params=dict(request.params) or None,
                json=request.json,
                data=request.data,
                files=request.files,
                headers=headers,
                timeout=options.timeout.for_method(request.method),
                **kwargs,
            )
        except requests.exceptions.Timeout as exc:
            raise RequestTimeout(
                f"{request.method} {redact_url(request.url)} timed out ({type(exc).__name__}); "
                "raise the client's timeout= if the API is slow today"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise TransportError(
                f"{request.method} {redact_url(request.url)} failed: {type(exc).__name__}: "
                f"{_safe_reason(exc)}"
            ) from None
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

    def _caller_set_lifetime(self, url: str) -> bool:
        """Whether ``CacheSettings.expiry_by_path`` names a lifetime for ``url``."""
        cache = self.settings.cache
        if cache is None or not cache.expiry_by_path:
            return False
        path = "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        return any(fnmatch.fnmatch(path, f"{prefix}*") for prefix, _ in cache.expiry_by_path)

    def _decode(self, request: ApiRequest, response: requests.Response) -> ApiResponse:
        if response.status_code >= 400:
            raise error_for_response(
                response.status_code, request.method, response.url or request.url, response.content
            )
        content = response.content
        ctype = response.headers.get("Content-Type", "")
        payload: Any = None
        if content and ("json" in ctype or content[:1] in (b"{", b"[")):
            try:
                payload = json.loads(content)
            except ValueError as exc:
                raise TransportError(
                    f"{request.method} {redact_url(request.url)} returned invalid JSON "
                    f"({len(content)} bytes): {exc}"
                ) from None
        return ApiResponse(
            status=response.status_code,
            url=redact_url(response.url or request.url),
            json=payload,
            headers=dict(response.headers),
            from_cache=bool(getattr(response, "from_cache", False)),
            elapsed=response.elapsed.total_seconds() if response.elapsed else 0.0,
            content=content if payload is None else b"",
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


def _safe_reason(exc: BaseException) -> str:
    """An exception's text without anything that may quote a header."""
    text = str(exc)
    return text if "Authorization" not in text else type(exc).__name__
