"""The heavy half of the transport: what needs ``requests``, ``urllib3`` and requests-cache.

:mod:`inatsdk.session` imports this module when a client sends its first request (or its cache
is first looked at), so that importing :mod:`inatsdk` and constructing an ``iNatClient`` do not
import ``requests`` (~30 ms), requests-cache (~40-100 ms, more with Redis installed) or
pyrate-limiter. Nothing here is public.
"""

from __future__ import annotations

import hashlib
import http.client
import random
import sqlite3
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from inatsdk.errors import redact_url
from inatsdk.session import (
    RATE_LIMITED,
    WRITE_METHODS,
    exceeds_retry_after_limit,
    is_read_override,
    logger,
    retry_after_seconds,
    waiter,
)
from inatsdk.settings import Retries, Settings

if TYPE_CHECKING:
    from requests_cache import AnyRequest, BaseCache, ExpirationPatterns, KeyCallback

    from inatsdk.session import AnyLimiter


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


_RETRYABLE_ERRORS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.Timeout,
)


#: How much :func:`read_whole_body` asks urllib3 for at a time (a page of 200 observations is
#: ~2.4 MB; http.client clips each read to what ``Content-Length`` says is left).
BODY_READ_SIZE = 1 << 20


def read_whole_body(response: requests.Response) -> None:
    """Read a response's body now, where ``response.content`` finds it.

    ``response.content`` reads through urllib3 10 KB at a time: ~240 reads, each through
    several Python layers, for a 2.4 MB page of 200 observations (about 1.5 ms of CPU a page,
    a tenth of what decoding it costs). This is the same ``iter_content`` read in 1 MB steps:
    the same bytes, the same content decoding and the same errors (urllib3's become requests'
    own, so a cut-off body is still a ``ChunkedEncodingError`` that the retries see).
    """
    if response.status_code == 0 or response.raw is None:  # what .content checks first
        _ = response.content
        return
    body = b"".join(response.iter_content(BODY_READ_SIZE))
    # Where .content keeps the body it has read (requests has no public setter); .content
    # then returns it, as it would after reading it itself.
    response._content = body


class GuardedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that waits for the rate limiter (unless the request being sent on
    this thread was built with ``rate_limited=False``) and retries, once per real attempt."""

    def __init__(
        self,
        limiter: AnyLimiter | None,
        retries: Retries,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(pool_connections=4, pool_maxsize=16, max_retries=0)
        self.limiter = limiter
        self._wait_for_limiter = None if limiter is None else waiter(limiter)
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
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        method = (request.method or "GET").upper()
        idempotent = method not in WRITE_METHODS or is_read_override(request.headers)
        attempt = 0
        while True:
            wait_for_limiter = self._wait_for_limiter
            if wait_for_limiter is not None and RATE_LIMITED.get():  # media files skip it
                wait_for_limiter(self._sleep)
            try:
                response = super().send(request, stream, timeout, verify, cert, proxies)
                if not stream:
                    read_whole_body(response)  # now, so a cut-off body is retried here
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
                hinted = retry_after_seconds(response)
                if hinted is not None and exceeds_retry_after_limit(hinted, self.retries):
                    # Retrying sooner than asked would only be refused again: give the answer
                    # back (the transport raises its error, saying how long to wait).
                    logger.warning(
                        "%s %s answered %d asking to wait %gs (Retry-After), longer than "
                        "Retries.max_retry_after (%gs): not retried",
                        method,
                        redact_url(request.url or ""),
                        status,
                        hinted,
                        self.retries.max_retry_after,
                    )
                    return response
                # A Retry-After replaces the backoff, even when longer than max_backoff.
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


# --- cache ---------------------------------------------------------------------------------------


def _identity_key_fn(fingerprint: Callable[[], str]) -> KeyCallback:
    """A requests-cache key function that keeps each identity's responses apart."""
    from requests_cache import create_key

    def key_fn(request: AnyRequest, **kwargs: Any) -> str:
        base = create_key(request, **kwargs)
        headers: Mapping[str, str | bytes] | None = request.headers
        raw = headers.get("Authorization") if headers else None
        auth = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        if not auth:
            return base
        # A one-way tag of the identity; the token itself is stripped from what is stored.
        tag = hashlib.sha256(fingerprint().encode() or auth.encode()).hexdigest()[:16]
        return f"{base}-{tag}"

    return key_fn


def build_http_session(settings: Settings, fingerprint: Callable[[], str]) -> requests.Session:
    cache = settings.cache
    if cache is None:
        return requests.Session()
    from requests_cache import CachedSession

    backend: str | BaseCache
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

        backend = RedisCache(namespace="inatsdk", connection=redis.from_url(cache.redis_url))
        location = "http_cache"  # unused: a backend object carries its own name
    else:
        path = cache.resolved_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        backend = cache.backend
        location = str(path)
    host = settings.api_url.split("://", 1)[-1].rstrip("/")
    from requests_cache import DO_NOT_CACHE

    urls_expire_after: ExpirationPatterns = {
        f"{host}{prefix}*": seconds or DO_NOT_CACHE for prefix, seconds in cache.expiry_by_path
    }
    return CachedSession(
        location,
        backend=backend,
        expire_after=cache.expire_after,
        urls_expire_after=urls_expire_after,
        allowable_methods=("GET", "HEAD"),
        allowable_codes=(200,),
        key_fn=_identity_key_fn(fingerprint),
        stale_if_error=False,
    )


TRANSPORT_FAILURES: tuple[type[Exception], ...] = (
    requests.exceptions.RequestException,  # connection, timeout, cut-off body, bad URL...
    urllib3.exceptions.HTTPError,  # what requests lets through unwrapped
    http.client.HTTPException,
    OSError,  # sockets, the cache's files, a shared bucket's file lock
    sqlite3.Error,  # the SQLite cache or rate-limit bucket
)
"""What a request can fail with below :meth:`Transport.send`; each becomes a TransportError."""
