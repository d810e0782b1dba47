"""Credentials, the system keyring, and the API token (JWT) lifecycle.

Where credentials come from, first match wins (sources are never mixed, so one identity's
secrets are never paired with another's):

1. the ``credentials=`` argument of :class:`~inatsdk.iNatClient` (``None``: anonymous);
2. the environment: ``INAT_API_TOKEN`` (a JWT), ``INAT_ACCESS_TOKEN`` (an OAuth access token),
   or ``INAT_USERNAME`` + ``INAT_PASSWORD`` + ``INAT_APP_ID`` + ``INAT_APP_SECRET``;
3. the system keyring (:func:`set_keyring_credentials`, or ``inat login``), read lazily, the
   first time the client needs to know, and only for the API/web URLs the entry was stored for
   (``logins.json`` in :func:`~inatsdk.settings.default_config_dir` notes which those are, so a
   process with nothing stored never loads the keyring).

API calls carry a JWT. :class:`TokenProvider` gets it from ``/users/api_token`` with an OAuth
access token (after an OAuth password grant when only a login is known) on the first call that
needs it, caches it per identity (the cache key is derived from the secrets themselves, so two
users, or a right and a wrong password for one user, never share a token), renews it before it
expires, and once more when the API answers 401.

Secrets never appear in a repr, a log line or an exception message, nor anywhere in the chain
of an exception (``__cause__``, ``__context__``): errors are raised outside the ``except``
block that caught the underlying failure.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import inspect
import json
import logging
import os
import secrets
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

import attrs

from inatsdk.errors import APIError, AuthenticationError
from inatsdk.settings import DEFAULT_API_URL, DEFAULT_WEB_URL, default_config_dir

__all__ = [
    "KEYRING_FIELDS",
    "Credentials",
    "TokenExpiredWarning",
    "TokenProvider",
    "delete_keyring_credentials",
    "get_keyring_credentials",
    "jwt_claims",
    "jwt_expiry",
    "keyring_backend_name",
    "keyring_service",
    "set_keyring_credentials",
]

logger = logging.getLogger("inatsdk")

#: Renew a JWT this many seconds before it expires (at most; a short-lived token is renewed
#: when a tenth of its lifetime is left).
REFRESH_MARGIN = 300.0

#: The keyring entries (one per field) that hold a set of credentials.
KEYRING_FIELDS = ("username", "password", "app_id", "app_secret", "access_token", "api_token")

_APPLICATIONS_HINT = "register one at {web}/oauth/applications"


class TokenExpiredWarning(UserWarning):
    """A read was sent with an API token the API saw as expired, so it answered as if the
    caller were anonymous (v1 ignores a bad token on reads): private data, such as the true
    coordinates of obscured observations, is missing from that answer."""


def _mask(value: str | None) -> str:
    return "None" if value is None else "'***'"


@attrs.frozen(kw_only=True, repr=False)
class Credentials:
    """Who the client acts for. Give one of: ``api_token`` (a JWT), ``access_token`` (OAuth),
    or ``username`` + ``password`` + ``app_id`` + ``app_secret`` (OAuth password grant).

    With several, the client uses ``api_token`` while it is valid and renews it with the
    others. The repr shows which fields are set, never their values.
    """

    username: str | None = None
    password: str | None = None
    app_id: str | None = None
    app_secret: str | None = None
    access_token: str | None = None
    api_token: str | None = None

    def __repr__(self) -> str:
        return (
            f"Credentials(username={self.username!r}, password={_mask(self.password)}, "
            f"app_id={self.app_id!r}, app_secret={_mask(self.app_secret)}, "
            f"access_token={_mask(self.access_token)}, api_token={_mask(self.api_token)})"
        )

    @classmethod
    def from_env(cls) -> Credentials | None:
        """Credentials from ``INAT_*`` environment variables, or None when they are not
        enough to log in (a warning is logged when a login is only partly configured)."""
        env = os.environ
        found = cls(
            username=env.get("INAT_USERNAME") or None,
            password=env.get("INAT_PASSWORD") or None,
            app_id=env.get("INAT_APP_ID") or None,
            app_secret=env.get("INAT_APP_SECRET") or None,
            access_token=env.get("INAT_ACCESS_TOKEN") or None,
            api_token=env.get("INAT_API_TOKEN") or None,
        )
        if found.usable():
            return found
        if found.username or found.password:
            missing = [
                name
                for name, value in (
                    ("INAT_USERNAME", found.username),
                    ("INAT_PASSWORD", found.password),
                    ("INAT_APP_ID", found.app_id),
                    ("INAT_APP_SECRET", found.app_secret),
                )
                if not value
            ]
            logger.warning(
                "INAT_USERNAME/INAT_PASSWORD are set but %s %s missing: the environment's "
                "login is ignored",
                ", ".join(missing),
                "is" if len(missing) == 1 else "are",
            )
        return None

    def usable(self) -> bool:
        """True when these credentials are enough to log in."""
        return bool(self.api_token or self.access_token or self.password_grant_ready())

    def password_grant_ready(self) -> bool:
        return bool(self.username and self.password and self.app_id and self.app_secret)

    def renewable(self) -> bool:
        """True when an API token can be (re)fetched with them (not only a given JWT)."""
        return bool(self.access_token or self.password_grant_ready())

    def identity(self) -> str:
        """A stable, non-secret label for display (a hash when only a token is known)."""
        if self.username:
            return f"user:{self.username}"
        secret = self.access_token or self.api_token or ""
        return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:16]


# --- JWTs ------------------------------------------------------------------------------------


def _strip_bearer(token: str) -> str:
    token = token.strip()
    return token[7:].strip() if token[:7].lower() == "bearer " else token


def _json_object(value: object) -> Mapping[str, object] | None:
    """``value`` as a JSON object (a mapping with string keys), or None when it is not one."""
    if not isinstance(value, Mapping):
        return None
    mapping = cast("Mapping[object, object]", value)
    if not all(isinstance(key, str) for key in mapping):
        return None
    return cast("Mapping[str, object]", mapping)


def jwt_claims(token: str) -> dict[str, object] | None:
    """The claims of a JWT (``user_id``, ``exp``), read without verifying its signature;
    None when ``token`` is not a JWT."""
    parts = _strip_bearer(token).split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims: object = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError:  # not base64, not UTF-8 (UnicodeDecodeError) or not JSON
        return None
    found = _json_object(claims)
    return dict(found) if found is not None else None


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (seconds since the epoch), read without verifying it."""
    claims = jwt_claims(token)
    exp = claims.get("exp") if claims is not None else None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


@attrs.frozen(repr=False)
class _Jwt:
    token: str
    exp: float | None
    user_id: int | None
    obtained: float
    """When this process got it (fetched, or first used when given)."""

    @classmethod
    def of(cls, token: str) -> _Jwt:
        claims = jwt_claims(token) or {}
        user_id = claims.get("user_id")
        return cls(
            token=token,
            exp=jwt_expiry(token),
            user_id=user_id if isinstance(user_id, int) else None,
            obtained=time.time(),
        )

    def expired(self, now: float | None = None) -> bool:
        return self.exp is not None and self.exp <= (time.time() if now is None else now)

    def due(self) -> bool:
        """True when it should be renewed now (expired, or nearly)."""
        if self.exp is None:
            return False
        margin = min(REFRESH_MARGIN, max(0.0, self.exp - self.obtained) / 10)
        return self.exp - time.time() <= margin


# Fetched JWTs, per (web URL, secret key of the credentials). The key is an HMAC, under a key
# that lives only in this process, of every secret field: only the same secrets find the token.
_JWT_CACHE: dict[tuple[str, str], _Jwt] = {}
_JWT_LOCK = threading.Lock()
_PROCESS_KEY = secrets.token_bytes(32)


def _secret_key(creds: Credentials) -> str:
    material = "\x00".join(
        f"{name}={getattr(creds, name) or ''}" for name in KEYRING_FIELDS
    ).encode()
    return hmac.new(_PROCESS_KEY, material, hashlib.sha256).hexdigest()


# --- the keyring ------------------------------------------------------------------------------


def keyring_service(*, api_url: str = DEFAULT_API_URL, web_url: str = DEFAULT_WEB_URL) -> str:
    """The keyring service name credentials are kept under: ``"inatsdk"`` for iNaturalist
    itself, ``"inatsdk:<api_url>|<web_url>"`` for any other site (an emulator, a staging
    server), so tokens are never sent to a site they were not issued for."""
    api, web = api_url.rstrip("/"), web_url.rstrip("/")
    if (api, web) == (DEFAULT_API_URL, DEFAULT_WEB_URL):
        return "inatsdk"
    return f"inatsdk:{api}|{web}"


# Which sites have a stored login. The first question a process asks the keyring costs 50-80 ms
# (it finds, imports and probes its backends: D-Bus, cryptography, entry points), more than the
# request it would sign. So storing a login also notes its service name (never a secret) in
# logins.json, and a client reads the keyring only for a noted site: an anonymous process
# never loads it. The note is a hint that errs towards reading: a file that cannot be read means
# "ask the keyring".

LOGINS_FILE = "logins.json"


def _logins_path() -> Path:
    return default_config_dir() / LOGINS_FILE


def _noted_logins() -> frozenset[str] | None:
    """The keyring services a login was stored for, or None when that cannot be told."""
    try:
        raw = _logins_path().read_bytes()
    except FileNotFoundError:
        return frozenset()
    except OSError:
        return None
    try:
        data: object = json.loads(raw)
    except ValueError:
        return None
    listed = cast("dict[str, object]", data).get("keyring") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return None
    names = cast("list[object]", listed)
    return frozenset(n for n in names if isinstance(n, str))


def _note_login(service: str, *, stored: bool) -> None:
    """Add ``service`` to (or remove it from) ``logins.json``, replacing the file whole."""
    path = _logins_path()
    noted = _noted_logins()
    known = noted if noted is not None else frozenset[str]()
    updated = known | {service} if stored else known - {service}
    if updated == known:
        return
    if noted is None:
        logger.warning("%s could not be read and is written anew", path)
    text = json.dumps({"keyring": sorted(updated)}, indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise OSError(
            f"cannot write {path} ({exc.strerror or type(exc).__name__}), which notes the sites "
            "with a stored login: set INATSDK_CONFIG_DIR to a folder you can write"
        ) from None


def set_keyring_credentials(
    credentials: Credentials,
    *,
    api_url: str = DEFAULT_API_URL,
    web_url: str = DEFAULT_WEB_URL,
) -> None:
    """Store ``credentials`` in the system keyring, one entry per field set (fields left
    ``None`` are removed, so what is stored is exactly ``credentials``).

    Clients built without ``credentials=`` and without ``INAT_*`` variables use them: the site
    is noted in ``logins.json`` in :func:`~inatsdk.settings.default_config_dir` (clients read
    the keyring only for a noted site; entries written to the keyring by other means are not
    seen). Raises ``keyring.errors.KeyringError`` (for instance ``NoKeyringError``) when no
    keyring is available, ``OSError`` when the note cannot be written.
    """
    if not credentials.usable():
        raise ValueError(
            "these credentials are not enough to log in: give an api_token, an access_token, "
            "or username, password, app_id and app_secret"
        )
    import keyring
    from keyring.errors import PasswordDeleteError

    service = keyring_service(api_url=api_url, web_url=web_url)
    _note_login(service, stored=True)  # first: a folder that cannot be written fails early
    for name in KEYRING_FIELDS:
        value = getattr(credentials, name)
        if value:
            keyring.set_password(service, name, value)
        else:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(service, name)
    logger.info("stored credentials for %s in the keyring", service)


def get_keyring_credentials(
    *, api_url: str = DEFAULT_API_URL, web_url: str = DEFAULT_WEB_URL
) -> Credentials | None:
    """The credentials stored in the system keyring for this site, or None.

    Raises ``keyring.errors.KeyringError`` when the keyring cannot be read.
    """
    import keyring

    service = keyring_service(api_url=api_url, web_url=web_url)
    values = {name: keyring.get_password(service, name) or None for name in KEYRING_FIELDS}
    if not any(values.values()):
        return None
    return Credentials(**values)


def delete_keyring_credentials(
    *, api_url: str = DEFAULT_API_URL, web_url: str = DEFAULT_WEB_URL
) -> bool:
    """Remove the credentials stored for this site (and its note in ``logins.json``); True if
    there were any."""
    import keyring
    from keyring.errors import PasswordDeleteError

    service = keyring_service(api_url=api_url, web_url=web_url)
    removed = False
    for name in KEYRING_FIELDS:
        try:
            keyring.delete_password(service, name)
        except PasswordDeleteError:
            continue
        removed = True
    _note_login(service, stored=False)
    return removed


def keyring_backend_name() -> str:
    """The name of the keyring backend in use (``PYTHON_KEYRING_BACKEND`` chooses one)."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}"
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


# --- OAuth requests (shared with inatsdk.oauth) ---------------------------------------------

PostForm = Callable[[str, dict[str, str]], object]
"""``post_form(url, data)``: POST a form, return the decoded JSON answer."""
GetJson = Callable[[str, dict[str, str]], object]
"""``get_json(url, headers)``: GET, return the decoded JSON answer."""


def _oauth_error_code(exc: APIError) -> str | None:
    """The ``error`` of a Doorkeeper error body (``invalid_grant``, ``invalid_client``)."""
    body = _json_object(exc.body)
    error = body.get("error") if body is not None else None
    return error if isinstance(error, str) else None


def oauth_error_text(exc: APIError) -> str:
    """``error: description`` from a Doorkeeper error body, else the error's message."""
    error = _oauth_error_code(exc)
    if error is None:
        return exc.message
    body = _json_object(exc.body)
    description = body.get("error_description") if body is not None else None
    if isinstance(description, str) and description:
        return f"{error}: {description}"
    return error


def _string_field(body: object, name: str) -> str | None:
    """``body[name]`` when ``body`` is a JSON object and that is a non-empty string."""
    found = _json_object(body)
    value = found.get(name) if found is not None else None
    return value if isinstance(value, str) and value else None


def request_access_token(
    post_form: PostForm, web_url: str, data: dict[str, str], *, step: str, hint: str
) -> str:
    """POST ``data`` to ``{web_url}/oauth/token`` and return the access token, or raise an
    :class:`AuthenticationError` naming ``step``.

    A :class:`~inatsdk.errors.TransportError` from ``post_form`` (connection, timeout, a body
    that is not JSON) goes through unchanged.
    """
    url = f"{web_url}/oauth/token"
    refused: APIError | None = None
    body: object = None
    try:
        body = post_form(url, data)
    except APIError as exc:
        refused = exc
    # Raised here, outside the except block, so that nothing is chained to it.
    if refused is not None:
        if _oauth_error_code(refused) == "invalid_client":
            hint = (
                "Check the application's id and secret (INAT_APP_ID/INAT_APP_SECRET); "
                + _APPLICATIONS_HINT.format(web=web_url)
                + "."
            )
        raise AuthenticationError(
            f"{step} was refused: {oauth_error_text(refused)}",
            status=refused.status,
            method="POST",
            url=url,
            body=refused.body,
            hint=hint,
        )
    token = _string_field(body, "access_token")
    if token is None:
        raise AuthenticationError(
            f"{step}: /oauth/token answered without an access_token",
            status=401, method="POST", url=url, hint=hint,
        )  # fmt: skip
    return token


def fetch_api_token(get_json: GetJson, web_url: str, access_token: str) -> str:
    """Exchange an OAuth access token for a JWT at ``{web_url}/users/api_token``.

    Raises :class:`AuthenticationError` when the API refuses; a
    :class:`~inatsdk.errors.TransportError` from ``get_json`` goes through unchanged.
    """
    url = f"{web_url}/users/api_token"
    refused: APIError | None = None
    body: object = None
    try:
        body = get_json(url, {"Authorization": f"Bearer {access_token}"})
    except APIError as exc:
        refused = exc
    # Raised here, outside the except block, so that nothing is chained to it.
    if refused is not None:
        raise AuthenticationError(
            "getting an API token (JWT) with the OAuth access token was refused: "
            + refused.message,
            status=refused.status,
            method="GET",
            url=url,
            body=refused.body,
            hint="The access token is unknown or was revoked: log in again (inat login, or "
            "a username and password), or give a new INAT_ACCESS_TOKEN.",
        )
    token = _string_field(body, "api_token")
    if token is None:
        raise AuthenticationError(
            "/users/api_token answered without an api_token",
            status=401, method="GET", url=url,
        )  # fmt: skip
    return token


# --- the token provider -------------------------------------------------------------------------


def _caller_stacklevel() -> int:
    """The stacklevel of the first frame outside inatsdk, for ``warnings.warn``."""
    package_dir = os.path.dirname(os.path.abspath(__file__)) + os.sep
    here = inspect.currentframe()
    frame = here.f_back if here is not None else None  # what calls warnings.warn: stacklevel 1
    del here
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package_dir):
        frame = frame.f_back
        level += 1
    return level


class TokenProvider:
    """Turns credentials into ``Authorization`` headers; thread-safe.

    ``post_form(url, data)`` and ``get_json(url, headers)`` are given by the client and send
    through its transport (never cached, never retried once sent).

    Parameters:
        credentials: the credentials, or None.
        web_url: the site that issues tokens.
        api_url: the API they are for (with ``web_url``, it picks the keyring entry).
        keyring: when ``credentials`` is None, look in the system keyring the first time
            credentials are needed.
    """

    def __init__(
        self,
        credentials: Credentials | None,
        web_url: str,
        *,
        api_url: str = DEFAULT_API_URL,
        keyring: bool = False,
    ) -> None:
        self.web_url = web_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self.post_form: PostForm | None = None
        self.get_json: GetJson | None = None
        self._credentials = credentials
        self._keyring_pending = keyring and credentials is None
        self._lock = threading.RLock()
        self._current: _Jwt | None = None
        self._access_token: str | None = None
        """An access token this provider got with a password grant (they never expire)."""

    def __repr__(self) -> str:
        if self._keyring_pending:
            return "<TokenProvider keyring (not read yet)>"
        creds = self._credentials
        who = creds.identity() if creds is not None and creds.usable() else "anonymous"
        return f"<TokenProvider {who}>"

    # --- credentials ----------------------------------------------------------------------------

    @property
    def credentials(self) -> Credentials | None:
        """The credentials in use (reading the keyring first if it has not been read)."""
        if self._keyring_pending:
            with self._lock:
                if self._keyring_pending:
                    self._credentials = self._from_keyring()
                    self._keyring_pending = False
        return self._credentials

    def _from_keyring(self) -> Credentials | None:
        service = keyring_service(api_url=self.api_url, web_url=self.web_url)
        noted = _noted_logins()
        if noted is not None and service not in noted:
            logger.debug("no login noted for %s in %s", service, _logins_path())
            return None
        try:
            found = get_keyring_credentials(api_url=self.api_url, web_url=self.web_url)
        except Exception as exc:  # no backend, a locked or broken one: stay anonymous
            logger.debug("no credentials from the keyring (%s)", type(exc).__name__)
            return None
        if found is None:
            return None
        if not found.usable():
            logger.warning(
                "the keyring entry %s is incomplete and is ignored; run `inat login` again",
                service,
            )
            return None
        logger.debug("using credentials from the keyring (%s)", found.identity())
        return found

    def has_credentials(self) -> bool:
        creds = self.credentials
        return creds is not None and creds.usable()

    def _renewable(self) -> bool:
        creds = self.credentials
        return creds is not None and creds.renewable()

    def fingerprint(self) -> str:
        """A stable, non-secret tag of the identity, to keep cached responses apart: the
        user id of the current JWT when known (stable across renewals and processes)."""
        current = self._current
        if current is not None and current.user_id is not None:
            return f"{self.web_url}|user:{current.user_id}"
        creds = self._credentials
        if creds is None:
            return ""
        return f"{self.web_url}|{creds.identity()}"

    def _key(self, creds: Credentials) -> tuple[str, str]:
        return (self.web_url, _secret_key(creds))

    def invalidate(self) -> None:
        """Forget the current JWT (after a 401) so the next call gets a fresh one."""
        creds = self._credentials
        with self._lock:
            self._current = None
            if creds is not None:
                with _JWT_LOCK:
                    _JWT_CACHE.pop(self._key(creds), None)

    # --- the Authorization header -------------------------------------------------------------

    def authorization(self) -> str:
        """The ``Authorization`` value for an API call, fetching or renewing the JWT first
        when needed."""
        creds = self.credentials
        if creds is None or not creds.usable():
            raise AuthenticationError(
                "no credentials", status=401, method="GET", url=self.web_url, sent=False,
                hint="Pass credentials=Credentials(...) to iNatClient, set INAT_* variables, "
                "or run `inat login`.",
            )  # fmt: skip
        key = self._key(creds)
        with self._lock:
            with _JWT_LOCK:
                cached = _JWT_CACHE.get(key)
            if cached is None and creds.api_token:
                cached = _Jwt.of(creds.api_token)
            if cached is not None and not cached.due():
                self._remember(key, cached)
                return cached.token
            if cached is not None and not creds.renewable():
                if not cached.expired():
                    self._remember(key, cached)
                    return cached.token  # nearly expired, but nothing to renew it with
                raise self._expired_error()
            jwt = _Jwt.of(self._fetch_jwt(creds))
            self._remember(key, jwt)
            return jwt.token

    def _remember(self, key: tuple[str, str], jwt: _Jwt) -> None:
        self._current = jwt
        with _JWT_LOCK:
            _JWT_CACHE[key] = jwt

    def _expired_error(self) -> AuthenticationError:
        return AuthenticationError(
            "the api_token (JWT) given to the client has expired",
            status=401,
            method="GET",
            url=f"{self.web_url}/users/api_token",
            sent=False,
            hint="JWTs last 24 hours: get a new one at "
            f"{self.web_url}/users/api_token, or give an OAuth access_token or a "
            "username/password/app_id/app_secret so the client can renew it itself "
            "(`inat login` stores an access token in the keyring).",
        )

    def _fetch_jwt(self, creds: Credentials) -> str:
        if self.get_json is None:
            raise RuntimeError("TokenProvider is not attached to a transport")
        access_token = creds.access_token or self._access_token
        earlier_grant = access_token is not None and not creds.access_token
        if access_token is None:
            access_token = self._password_grant(creds)
        if not earlier_grant:
            token = fetch_api_token(self.get_json, self.web_url, access_token)
        else:
            renewed: str | None = None
            with contextlib.suppress(AuthenticationError):
                renewed = fetch_api_token(self.get_json, self.web_url, access_token)
            if renewed is None:
                # The access token of an earlier password grant was revoked: log in again,
                # once (outside the except block, so a second failure carries no chain).
                self._access_token = None
                renewed = fetch_api_token(self.get_json, self.web_url, self._password_grant(creds))
            token = renewed
        logger.debug("fetched a new API token (JWT) for %s", creds.identity())
        return token

    def _password_grant(self, creds: Credentials) -> str:
        if not creds.password_grant_ready():
            raise AuthenticationError(
                "the credentials are incomplete for a password login",
                status=401,
                method="POST",
                url=f"{self.web_url}/oauth/token",
                sent=False,
                hint="A password login needs username, password, app_id and app_secret ("
                + _APPLICATIONS_HINT.format(web=self.web_url)
                + ").",
            )
        if self.post_form is None:
            raise RuntimeError("TokenProvider is not attached to a transport")
        data = {
            "client_id": creds.app_id or "",
            "client_secret": creds.app_secret or "",
            "grant_type": "password",
            "username": creds.username or "",
            "password": creds.password or "",
        }
        token = request_access_token(
            self.post_form,
            self.web_url,
            data,
            step="logging in with a password (OAuth password grant)",
            hint="Check the username and password (INAT_USERNAME/INAT_PASSWORD, or "
            "`inat login` again).",
        )
        self._access_token = token
        return token

    # --- after a read ---------------------------------------------------------------------------

    def ignored_on_read(self, sent: str | None, server_date: str | None, url: str) -> bool:
        """Check a successful read for a token the API saw as expired (v1 then answers as
        if the caller were anonymous, without an error). Returns True when the token was
        renewed and the read should be sent again; warns (log and ``warnings.warn``) when it
        cannot be renewed."""
        if not sent or not server_date:
            return False
        exp = jwt_expiry(sent)
        if exp is None:
            return False
        import email.utils

        try:
            server_now = email.utils.parsedate_to_datetime(server_date).timestamp()
        except (TypeError, ValueError):
            return False
        if exp > server_now:
            return False
        if self._renewable():
            logger.info("the API token expired in flight; renewing it and reading again")
            self.invalidate()
            return True
        message = (
            f"the API token (JWT) had expired when the API received GET {url}; v1 ignores an "
            "expired token on reads, so this answer holds only public data. Give the client "
            "credentials it can renew (an OAuth access token or a login; `inat login` stores "
            "one), or a fresh api_token."
        )
        logger.warning(message)
        warnings.warn(message, TokenExpiredWarning, stacklevel=_caller_stacklevel())
        return False
