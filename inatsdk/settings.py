"""Client settings: frozen attrs records, each with defaults that respect the API's rules.

``iNatClient`` accepts these (or shorthands such as ``cache="memory"`` or ``timeout=10``) as
constructor keywords and keeps one immutable :class:`Settings`; ``client.with_options(...)``
derives a new one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_WEB_URL",
    "ApiVersion",
    "CacheSettings",
    "DryRunMode",
    "RateLimit",
    "Retries",
    "Settings",
    "Timeout",
    "default_cache_dir",
    "default_config_dir",
    "dry_run_from_env",
    "normalise_dry_run",
]

DEFAULT_API_URL = "https://api.inaturalist.org"
DEFAULT_WEB_URL = "https://www.inaturalist.org"

DryRunMode = Literal["off", "all", "writes"]
"""``"off"`` sends everything; ``"all"`` sends nothing; ``"writes"`` sends reads only."""

DryRunSetting: TypeAlias = bool | Literal["all", "writes", "off"] | None

ApiVersion = Literal["v1", "v2"]
"""Which API version reads go to: ``"v1"`` (the default) or ``"v2"`` (where a method has a v2
twin; see :mod:`inatsdk.fields`)."""

_TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})


def default_cache_dir() -> Path:
    """The per-user cache folder (``$INATSDK_CACHE_DIR`` overrides it)."""
    override = os.environ.get("INATSDK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs  # deferred: only needed when a file-backed cache or bucket is used

    return Path(platformdirs.user_cache_dir("inatsdk", appauthor=False))


def default_config_dir() -> Path:
    """The per-user configuration folder (``$INATSDK_CONFIG_DIR`` overrides it). It holds
    ``logins.json``, the list of sites a login was stored for in the system keyring (see
    :func:`inatsdk.auth.set_keyring_credentials`), never a secret."""
    override = os.environ.get("INATSDK_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("inatsdk", appauthor=False))


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE_WORDS


def dry_run_from_env() -> DryRunMode:
    """Dry-run mode requested by ``DRY_RUN_ENABLED`` / ``DRY_RUN_WRITE_ONLY`` (any case)."""
    if _env_true("DRY_RUN_ENABLED"):
        return "all"
    if _env_true("DRY_RUN_WRITE_ONLY"):
        return "writes"
    return "off"


def normalise_dry_run(value: DryRunSetting) -> DryRunMode:
    """Turn the ``dry_run=`` shorthands (``True``, ``"all"``, ``"writes"``, ``False``) into a mode."""
    if value is None or value is False or value == "off":
        return "off"
    if value is True or value == "all":
        return "all"
    if value == "writes":
        return "writes"
    raise ValueError(
        f"dry_run={value!r} is not understood; use False, True (or 'all') or 'writes'."
    )


def _positive_or_none(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value <= 0:
        raise ValueError(f"{attribute.name} must be positive or None, not {value!r}")


def _non_negative_or_none(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must be 0 or more, or None, not {value!r}")


#: Lifetimes the caller sets by URL path prefix; none by default, since each operation's
#: lifetime is declared in its row of :data:`inatsdk.endpoints.ENDPOINTS` (taxa, places and
#: controlled terms keep for a week, observation reads for five minutes, private data never).
DEFAULT_EXPIRY: tuple[tuple[str, int], ...] = ()


@attrs.frozen(kw_only=True)
class CacheSettings:
    """HTTP response cache (requests-cache).

    Parameters:
        backend: ``"sqlite"`` (default, a file in the user cache folder), ``"memory"``,
            ``"filesystem"`` or ``"redis"``.
        path: the SQLite file or the filesystem folder; default in :func:`default_cache_dir`.
        redis_url: for the Redis backend, e.g. ``"redis://localhost:6379/0"``.
        expire_after: default lifetime of a cached response, in seconds.
        expiry_by_path: your own lifetimes by URL path prefix, e.g.
            ``(("/v1/taxa", 86400),)`` (0: never cached); they win over the lifetimes the
            operations declare (:attr:`inatsdk.endpoints.Operation.cache`: taxa, places and
            controlled terms a week, observation reads five minutes, private data never).
    """

    backend: Literal["sqlite", "memory", "filesystem", "redis"] = "sqlite"
    path: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))
    redis_url: str | None = None
    expire_after: int = 30 * 60
    expiry_by_path: tuple[tuple[str, int], ...] = DEFAULT_EXPIRY

    def resolved_path(self) -> Path:
        """Where a file-backed cache lives."""
        if self.path is not None:
            return self.path
        name = "http_cache.sqlite" if self.backend == "sqlite" else "http_cache"
        return default_cache_dir() / name


@attrs.frozen(kw_only=True)
class RateLimit:
    """Client-side rate limit shared by reads and writes.

    The defaults stay a little under the API's published limits (60 requests a minute, 10,000
    a day). Rates may be fractional (``per_minute=0.5`` is one request every two minutes).

    By default the budget is counted in a SQLite file in the user cache folder
    (``ratelimit.sqlite`` in :func:`default_cache_dir`, which ``$INATSDK_CACHE_DIR`` moves),
    under SQLite's own lock: every process of the user that keeps the default shares it, and it
    survives restarts, so the daily budget holds for cron jobs and scripts run one after the
    other. ``bucket="memory"`` counts for this client alone, from zero at each start.

    Parameters:
        per_minute: sustained requests per minute, or None for no minute limit.
        per_day: requests per day, or None for no daily limit.
        burst: how many requests may go back to back before the minute rate spaces them out.
        bucket: where the budget is counted: ``"sqlite"`` (the default: a file shared by
            every process that names it, kept across restarts), ``"memory"`` (this client
            only, reset when the process ends) or ``"redis"`` (shared by several machines).
        path: the SQLite file; default ``ratelimit.sqlite`` in the user cache folder.
        redis_url: for the Redis bucket.
        name: the budget's key inside a shared bucket.
    """

    per_minute: float | None = attrs.field(default=55.0, validator=_positive_or_none)
    per_day: float | None = attrs.field(default=9_500.0, validator=_positive_or_none)
    burst: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    bucket: Literal["memory", "sqlite", "redis"] = "sqlite"
    path: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))
    redis_url: str | None = None
    name: str = "inatsdk"

    def resolved_path(self) -> Path:
        return self.path if self.path is not None else default_cache_dir() / "ratelimit.sqlite"


@attrs.frozen(kw_only=True)
class Retries:
    """Retries of failed requests, with exponential backoff and jitter (each wait is drawn
    between half and all of the doubled delay, which never exceeds ``max_backoff``).

    Idempotent requests are retried on connection errors, cut-off bodies, 429 and 5xx. A write
    (POST, PUT, DELETE) is retried only when it provably never reached the server: the connection
    could not be opened, or a 429 (the API throttles before it handles the request).

    ``Retry-After``: when a 429 or 5xx answer says how long to wait, the client waits exactly
    that long instead of its own backoff, even longer than ``max_backoff`` (which bounds only
    the waits the client chooses), as long as it is at most ``max_retry_after``. An answer that
    asks for a longer wait is not retried: its error (:class:`~inatsdk.errors.RateLimitError`,
    :class:`~inatsdk.errors.ServerError`) is raised at once, and says how long the API asked to
    wait. Retrying sooner than the API allows would only be refused again.

    Parameters:
        total: attempts after the first one.
        backoff: the first wait in seconds; it doubles on each attempt, with jitter.
        max_backoff: the longest wait the client chooses between two attempts.
        max_retry_after: the longest ``Retry-After`` (seconds) the client waits for before
            trying again; ``None`` waits as long as the API asks.
        statuses: the statuses worth retrying.
    """

    total: int = attrs.field(default=4, validator=attrs.validators.ge(0))
    backoff: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_backoff: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))
    max_retry_after: float | None = attrs.field(default=120.0, validator=_non_negative_or_none)
    statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})


@attrs.frozen(kw_only=True)
class Timeout:
    """Timeouts in seconds: to connect, to read a response, and for writes (uploads are slow)."""

    connect: float = 10.0
    read: float = 30.0
    write: float = 120.0

    def for_method(self, method: str) -> tuple[float, float]:
        """The ``(connect, read)`` pair requests expects, by method."""
        return (self.connect, self.read if method in ("GET", "HEAD") else self.write)


@attrs.frozen(kw_only=True)
class Settings:
    """Everything that shapes how a client talks to the API; immutable.

    ``api_version``: where reads go. With ``"v2"``, every controller method that has a v2 twin
    (see :data:`inatsdk.endpoints.ENDPOINTS`) calls it, asking for the fields of
    :data:`inatsdk.fields.DEFAULT_FIELDS` unless given a selection; the others keep calling v1.
    """

    api_url: str = DEFAULT_API_URL
    web_url: str = DEFAULT_WEB_URL
    user_agent: str | None = None
    cache: CacheSettings | None = CacheSettings()
    rate_limit: RateLimit | None = RateLimit()
    retries: Retries = Retries()
    timeout: Timeout = Timeout()
    dry_run: DryRunMode = "off"
    api_version: ApiVersion = "v1"
    locale: str | None = None
    """Sent as ``locale`` (common names, labels: ``"fr"``, ``"es-MX"``) with every call whose
    operation takes it, unless the call sets its own."""
    preferred_place_id: int | None = None
    """Sent as ``preferred_place_id`` (common names and establishment means of that place) with
    every call whose operation takes it, unless the call sets its own."""
