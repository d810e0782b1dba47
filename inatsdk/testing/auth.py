"""Tokens as iNaturalist issues them: OAuth access tokens and HS512 JWTs (API tokens).

A JWT here is the real format: ``base64url(header).base64url(claims).base64url(signature)`` with
``{"alg": "HS512", "typ": "JWT"}``, claims ``user_id`` and ``exp`` (epoch seconds), signed with a
secret that belongs to one emulator. OAuth access tokens are opaque and never expire (as on the
real site); the emulator forgets them on :meth:`TokenIssuer.reset`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time

__all__ = ["TokenIssuer", "bearer_token"]


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


class TokenIssuer:
    """Issues and checks the tokens of one emulator; thread-safe."""

    def __init__(self, *, jwt_lifetime: float, secret: bytes | None = None) -> None:
        self.jwt_lifetime = jwt_lifetime
        self._secret = secret if secret is not None else secrets.token_bytes(64)
        self._access_tokens: dict[str, int] = {}
        self._lock = threading.Lock()

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
        if not isinstance(head, dict) or head.get("alg") != "HS512":
            return None
        if not isinstance(claims, dict):
            return None
        user_id, exp = claims.get("user_id"), claims.get("exp")
        if not isinstance(user_id, int) or not isinstance(exp, (int, float)):
            return None
        if exp <= time.time():
            return None
        return user_id

    # OAuth access tokens ----------------------------------------------------------------------

    def issue_access_token(self, user_id: int) -> str:
        """An OAuth access token for ``user_id`` (never expires, like the real ones)."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._access_tokens[token] = user_id
        return token

    def access_token_user(self, token: str | None) -> int | None:
        if not token:
            return None
        with self._lock:
            return self._access_tokens.get(token)

    def reset(self) -> None:
        """Forget every OAuth access token (JWTs stay valid until they expire)."""
        with self._lock:
            self._access_tokens.clear()
