"""The emulator's accounts, OAuth applications and tokens, as iNaturalist issues them.

- **Accounts**: passwords of users registered with ``Emulator.add_user`` (kept as salted
  hashes).
- **Applications**: OAuth clients registered with ``Emulator.add_application``: an id, a secret
  and the redirect URIs the authorization endpoint accepts (compared exactly, as on the site).
- **Authorization codes**: single use, valid 10 minutes, bound to the application, the redirect
  URI, the user and the PKCE challenge (``S256`` or ``plain``).
- **OAuth access tokens**: opaque and never expiring (as on the real site); forgotten on
  :meth:`TokenIssuer.reset`. A ``client_credentials`` token has no user, so
  ``/users/api_token`` refuses it.
- **JWTs** (API tokens): the real format, ``base64url(header).base64url(claims).
  base64url(signature)`` with ``{"alg": "HS512", "typ": "JWT"}``, claims ``user_id`` and ``exp``
  (epoch seconds), signed with a secret that belongs to one emulator.
- **The browser session**: the user "signed in to the website" (``Emulator.authorize_as``), whom
  ``GET /oauth/authorize`` approves at once, as it does for a signed-in user who authorized the
  application before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Sequence

import attrs

from inatsdk.testing.rules import is_json_object

__all__ = ["Application", "AuthorizationGrant", "TokenIssuer", "bearer_token", "pkce_matches"]

#: How long an authorization code stays valid (Doorkeeper's default, which iNaturalist uses).
CODE_LIFETIME = 600.0


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_HEADER = _b64encode(json.dumps({"alg": "HS512", "typ": "JWT"}, separators=(",", ":")).encode())


def bearer_token(header_value: str | None) -> str | None:
    """The token in an ``Authorization`` header: ``<token>`` or ``Bearer <token>``."""
    if not header_value:
        return None
    value = header_value.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value or None


def pkce_matches(verifier: str, challenge: str, method: str) -> bool:
    """RFC 7636: does ``verifier`` answer ``challenge`` (``S256`` or ``plain``)?"""
    if method == "S256":
        computed = _b64encode(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
    elif method == "plain":
        computed = verifier
    else:
        return False
    return hmac.compare_digest(computed.encode(), challenge.encode())


@attrs.frozen(repr=False)
class Application:
    """An OAuth application (client) registered with the emulator."""

    id: str
    secret: str
    name: str
    redirect_uris: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Application(id={self.id!r}, name={self.name!r}, secret='***')"


@attrs.frozen(repr=False)
class AuthorizationGrant:
    """What an authorization code stands for."""

    client_id: str
    user_id: int
    redirect_uri: str
    code_challenge: str | None
    code_challenge_method: str | None
    expires: float

    def __repr__(self) -> str:
        return f"AuthorizationGrant(client_id={self.client_id!r}, user_id={self.user_id})"


@attrs.frozen
class _AccessToken:
    user_id: int | None
    client_id: str | None


class TokenIssuer:
    """Accounts, applications, codes and tokens of one emulator; thread-safe."""

    def __init__(self, *, jwt_lifetime: float, secret: bytes | None = None) -> None:
        self.jwt_lifetime = jwt_lifetime
        self._secret = secret if secret is not None else secrets.token_bytes(64)
        self._lock = threading.Lock()
        self._access_tokens: dict[str, _AccessToken] = {}
        self._passwords: dict[int, tuple[bytes, bytes]] = {}
        self._applications: dict[str, Application] = {}
        self._codes: dict[str, AuthorizationGrant] = {}
        self._browser_user: int | None = None

    # JWTs -------------------------------------------------------------------------------------

    def issue_jwt(self, user_id: int, lifetime: float | None = None) -> str:
        """A JWT for ``user_id`` that expires ``lifetime`` seconds from now (default: the
        emulator's ``jwt_lifetime``; 0 or less gives one that has already expired)."""
        seconds = self.jwt_lifetime if lifetime is None else lifetime
        claims = {"user_id": user_id, "exp": int(time.time() + seconds)}
        payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{_HEADER}.{payload}".encode("ascii")
        signature = hmac.new(self._secret, signing_input, hashlib.sha512).digest()
        return f"{_HEADER}.{payload}.{_b64encode(signature)}"

    def jwt_user(self, token: str | None) -> int | None:
        """The ``user_id`` of a well-signed, unexpired JWT; ``None`` for anything else."""
        if not token or token.count(".") != 2:
            return None
        header, payload, signature = token.split(".")
        expected = hmac.new(
            self._secret, f"{header}.{payload}".encode("ascii"), hashlib.sha512
        ).digest()
        try:
            if not hmac.compare_digest(_b64decode(signature), expected):
                return None
            head = json.loads(_b64decode(header))
            claims = json.loads(_b64decode(payload))
        except (ValueError, UnicodeDecodeError):
            return None
        if not is_json_object(head) or head.get("alg") != "HS512":
            return None
        if not is_json_object(claims):
            return None
        user_id, exp = claims.get("user_id"), claims.get("exp")
        if not isinstance(user_id, int) or not isinstance(exp, (int, float)):
            return None
        if exp <= time.time():
            return None
        return user_id

    # OAuth access tokens ----------------------------------------------------------------------

    def issue_access_token(self, user_id: int | None, client_id: str | None = None) -> str:
        """An OAuth access token for ``user_id`` (never expires, like the real ones);
        ``user_id=None`` gives an application-only token (``client_credentials``)."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._access_tokens[token] = _AccessToken(user_id, client_id)
        return token

    def access_token_user(self, token: str | None) -> int | None:
        """The user of an OAuth access token; ``None`` if unknown or application-only."""
        if not token:
            return None
        with self._lock:
            found = self._access_tokens.get(token)
        return found.user_id if found is not None else None

    # Accounts ---------------------------------------------------------------------------------

    def set_password(self, user_id: int, password: str) -> None:
        salt = secrets.token_bytes(16)
        digest = hashlib.sha256(salt + password.encode()).digest()
        with self._lock:
            self._passwords[user_id] = (salt, digest)

    def check_password(self, user_id: int, password: str) -> bool:
        with self._lock:
            stored = self._passwords.get(user_id)
        if stored is None:
            return False
        salt, digest = stored
        return hmac.compare_digest(hashlib.sha256(salt + password.encode()).digest(), digest)

    def sign_in_browser(self, user_id: int | None) -> None:
        """Who the emulated website sees as signed in (``None``: nobody)."""
        with self._lock:
            self._browser_user = user_id

    @property
    def browser_user(self) -> int | None:
        with self._lock:
            return self._browser_user

    # Applications and authorization codes ----------------------------------------------------

    def add_application(self, name: str, redirect_uris: Sequence[str]) -> Application:
        app = Application(
            id=secrets.token_hex(16),
            secret=secrets.token_hex(16),
            name=name,
            redirect_uris=tuple(redirect_uris),
        )
        with self._lock:
            self._applications[app.id] = app
        return app

    def application(self, client_id: str | None) -> Application | None:
        if not client_id:
            return None
        with self._lock:
            return self._applications.get(client_id)

    def issue_code(
        self,
        *,
        client_id: str,
        user_id: int,
        redirect_uri: str,
        code_challenge: str | None,
        code_challenge_method: str | None,
    ) -> str:
        code = secrets.token_urlsafe(24)
        grant = AuthorizationGrant(
            client_id=client_id,
            user_id=user_id,
            redirect_uri=redirect_uri,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            expires=time.time() + CODE_LIFETIME,
        )
        with self._lock:
            self._codes[code] = grant
        return code

    def redeem_code(self, code: str | None) -> AuthorizationGrant | None:
        """The grant of ``code``, which is used up by this call (valid or not, it cannot be
        tried twice); ``None`` if unknown, already used or expired."""
        if not code:
            return None
        with self._lock:
            grant = self._codes.pop(code, None)
        if grant is None or grant.expires <= time.time():
            return None
        return grant

    def reset(self) -> None:
        """Forget every OAuth access token, password, application, code and the browser
        session (JWTs stay valid until they expire)."""
        with self._lock:
            self._access_tokens.clear()
            self._passwords.clear()
            self._applications.clear()
            self._codes.clear()
            self._browser_user = None
