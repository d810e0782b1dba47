"""Credentials and tokens.

Credentials come from the ``credentials=`` argument, then the environment (``INAT_ACCESS_TOKEN``,
or ``INAT_USERNAME``/``INAT_PASSWORD``/``INAT_APP_ID``/``INAT_APP_SECRET``). API calls carry a
JWT, which :class:`TokenProvider` gets lazily from ``/users/api_token`` (after an OAuth password
grant when only a login is known), caches per identity, and refreshes before it expires.

Secrets never appear in a repr, a log line or an exception message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import attrs

from inatsdk.errors import APIError, AuthenticationError

__all__ = ["Credentials", "TokenProvider", "jwt_expiry"]

logger = logging.getLogger("inatsdk")

#: Refresh a JWT this many seconds before it expires.
REFRESH_MARGIN = 300.0


def _mask(value: str | None) -> str:
    return "None" if value is None else "'***'"


@attrs.frozen(kw_only=True, repr=False)
class Credentials:
    """Who the client acts for. Give one of: ``api_token`` (a JWT), ``access_token`` (OAuth),
    or ``username`` + ``password`` + ``app_id`` + ``app_secret`` (OAuth password grant).

    The repr shows which fields are set, never their values.
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
        """Credentials from ``INAT_*`` environment variables, or None when none are set."""
        env = os.environ
        found = cls(
            username=env.get("INAT_USERNAME") or None,
            password=env.get("INAT_PASSWORD") or None,
            app_id=env.get("INAT_APP_ID") or None,
            app_secret=env.get("INAT_APP_SECRET") or None,
            access_token=env.get("INAT_ACCESS_TOKEN") or None,
            api_token=env.get("INAT_API_TOKEN") or None,
        )
        return found if found.usable() else None

    def usable(self) -> bool:
        return bool(self.api_token or self.access_token or self.password_grant_ready())

    def password_grant_ready(self) -> bool:
        return bool(self.username and self.password and self.app_id and self.app_secret)

    def identity(self) -> str:
        """A stable, non-secret tag for this identity (a hash when only a token is known)."""
        if self.username:
            return f"user:{self.username}"
        secret = self.access_token or self.api_token or ""
        return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:16]


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (seconds since the epoch), read without verifying it."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError:
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, (int, float)) else None


# Fetched JWTs, per (web URL, identity): one identity's token is never handed to another.
_JWT_CACHE: dict[tuple[str, str], str] = {}
_JWT_LOCK = threading.Lock()

PostForm = Callable[[str, dict[str, str]], Any]
GetJson = Callable[[str, dict[str, str]], Any]


class TokenProvider:
    """Turns :class:`Credentials` into ``Authorization`` headers; thread-safe.

    ``post_form(url, data)`` and ``get_json(url, headers)`` are given by the client and send
    through its transport (never cached, never retried once sent).
    """

    def __init__(self, credentials: Credentials | None, web_url: str) -> None:
        self.credentials = credentials
        self.web_url = web_url.rstrip("/")
        self.post_form: PostForm | None = None
        self.get_json: GetJson | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        who = self.credentials.identity() if self.credentials else "anonymous"
        return f"<TokenProvider {who}>"

    def has_credentials(self) -> bool:
        return self.credentials is not None and self.credentials.usable()

    def fingerprint(self) -> str:
        return self.credentials.identity() if self.credentials else ""

    def _key(self) -> tuple[str, str]:
        return (self.web_url, self.fingerprint())

    def invalidate(self) -> None:
        with _JWT_LOCK:
            _JWT_CACHE.pop(self._key(), None)

    def authorization(self) -> str:
        creds = self.credentials
        if creds is None or not creds.usable():
            raise AuthenticationError(
                "no credentials", status=401, method="GET", url=self.web_url, sent=False,
                hint="Pass credentials=Credentials(...) to iNatClient.",
            )  # fmt: skip
        with self._lock:
            with _JWT_LOCK:
                cached = _JWT_CACHE.get(self._key())
            if cached and not self._expiring(cached):
                return cached
            token = self._fetch_jwt(creds)
            with _JWT_LOCK:
                _JWT_CACHE[self._key()] = token
            return token

    @staticmethod
    def _expiring(token: str) -> bool:
        exp = jwt_expiry(token)
        return exp is not None and exp - time.time() < REFRESH_MARGIN

    def _fetch_jwt(self, creds: Credentials) -> str:
        if creds.api_token and not (creds.access_token or creds.password_grant_ready()):
            exp = jwt_expiry(creds.api_token)
            if exp is not None and exp <= time.time():
                raise AuthenticationError(
                    "the api_token (JWT) given to the client has expired",
                    status=401,
                    method="GET",
                    url=f"{self.web_url}/users/api_token",
                    sent=False,
                    hint="JWTs last 24 hours: get a new one at "
                    f"{self.web_url}/users/api_token, or give an OAuth access_token or a "
                    "username/password/app_id/app_secret so the client can renew it itself.",
                )
            return creds.api_token
        access_token = creds.access_token or self._password_grant(creds)
        if self.get_json is None:
            raise RuntimeError("TokenProvider is not attached to a transport")
        try:
            body = self.get_json(
                f"{self.web_url}/users/api_token", {"Authorization": f"Bearer {access_token}"}
            )
        except APIError as exc:
            raise AuthenticationError(
                f"fetching a JWT from /users/api_token failed: {exc.message}",
                status=exc.status,
                method="GET",
                url=f"{self.web_url}/users/api_token",
                hint="The OAuth access token was refused; log in again to get a new one.",
            ) from None
        token = body.get("api_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise AuthenticationError(
                "/users/api_token answered without an api_token",
                status=401, method="GET", url=f"{self.web_url}/users/api_token",
            )  # fmt: skip
        logger.debug("fetched a new JWT for %s", creds.identity())
        return token

    def _password_grant(self, creds: Credentials) -> str:
        if not creds.password_grant_ready():
            raise AuthenticationError(
                "the credentials are incomplete for a password login",
                status=401,
                method="POST",
                url=f"{self.web_url}/oauth/token",
                hint="A password login needs username, password, app_id and app_secret "
                "(register an application at https://www.inaturalist.org/oauth/applications).",
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
        try:
            body = self.post_form(f"{self.web_url}/oauth/token", data)
        except APIError as exc:
            raise AuthenticationError(
                f"the password login was refused: {exc.message}",
                status=exc.status,
                method="POST",
                url=f"{self.web_url}/oauth/token",
                hint="Check INAT_USERNAME/INAT_PASSWORD and the application's id and secret.",
            ) from None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise AuthenticationError(
                "/oauth/token answered without an access_token",
                status=401, method="POST", url=f"{self.web_url}/oauth/token",
            )  # fmt: skip
        return token
