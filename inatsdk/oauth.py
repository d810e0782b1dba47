"""OAuth logins: the password grant, and the authorization code flow with PKCE.

Both end with an OAuth access token, which never expires (until revoked) and which the client
exchanges for short-lived API tokens (JWTs) by itself::

    from inatsdk import iNatClient
    from inatsdk.oauth import login_with_browser

    credentials = login_with_browser(app_id="...")   # opens the browser, waits for the redirect
    with iNatClient(credentials=credentials) as client:
        print(client.users.me().login)

The browser flow (RFC 7636 PKCE with ``S256``, RFC 8252 loopback redirect) never needs the
application's secret: it listens once on ``http://127.0.0.1:<port>/callback``, opens the
authorization page with :mod:`webbrowser`, and takes the code from the redirect. Register that
exact redirect URI with your application at https://www.inaturalist.org/oauth/applications.
Where no browser can be opened (a server over SSH), it prints the URL instead: open it on any
machine, log in, and paste the address the browser ends on (it shows an error page, since
nothing listens there, but the address holds the code), or just the code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import secrets
import sys
import threading
import webbrowser
from collections.abc import Callable, Generator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs

from inatsdk.auth import Credentials, request_access_token
from inatsdk.errors import AuthenticationError
from inatsdk.settings import DEFAULT_API_URL, DEFAULT_WEB_URL

if TYPE_CHECKING:
    from inatsdk.client import iNatClient

__all__ = [
    "DEFAULT_REDIRECT_PORT",
    "PKCE",
    "REDIRECT_PATH",
    "AuthorizationResponse",
    "LoopbackReceiver",
    "authorization_url",
    "exchange_code",
    "login_with_browser",
    "login_with_password",
    "parse_authorization_response",
]

#: The port of the loopback redirect URI, ``http://127.0.0.1:8400/callback``.
DEFAULT_REDIRECT_PORT = 8400
#: The path of the loopback redirect URI.
REDIRECT_PATH = "/callback"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@attrs.frozen(repr=False)
class PKCE:
    """A PKCE pair (RFC 7636): the secret ``verifier`` and its ``S256`` ``challenge``."""

    verifier: str
    challenge: str
    method: Literal["S256"] = "S256"

    @classmethod
    def generate(cls) -> PKCE:
        """A fresh pair: a 86-character random verifier and ``BASE64URL(SHA256(verifier))``."""
        verifier = secrets.token_urlsafe(64)
        return cls(verifier=verifier, challenge=_b64url(hashlib.sha256(verifier.encode()).digest()))

    def __repr__(self) -> str:
        return f"PKCE(challenge={self.challenge!r}, method={self.method!r}, verifier='***')"


def redirect_uri_for(port: int, host: str = "127.0.0.1") -> str:
    """The loopback redirect URI for ``port``: ``http://127.0.0.1:<port>/callback``."""
    return f"http://{host}:{port}{REDIRECT_PATH}"


def authorization_url(
    *,
    app_id: str,
    redirect_uri: str,
    state: str,
    pkce: PKCE | None = None,
    web_url: str = DEFAULT_WEB_URL,
) -> str:
    """The page of ``{web_url}/oauth/authorize`` where the user approves the application."""
    params = {
        "client_id": app_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "state": state,
    }
    if pkce is not None:
        params["code_challenge"] = pkce.challenge
        params["code_challenge_method"] = pkce.method
    return f"{web_url.rstrip('/')}/oauth/authorize?{urlencode(params)}"


@attrs.frozen(repr=False)
class AuthorizationResponse:
    """What came back on the redirect: a ``code`` (and the ``state`` sent), or an ``error``."""

    code: str | None = None
    state: str | None = None
    error: str | None = None
    error_description: str | None = None

    def __repr__(self) -> str:
        code = None if self.code is None else "'***'"
        return f"AuthorizationResponse(code={code}, error={self.error!r})"


def parse_authorization_response(text: str) -> AuthorizationResponse:
    """Read what a user pasted: the address the browser was redirected to, its query string,
    or the bare code."""
    text = text.strip().strip("'\"<>")
    if not text:
        return AuthorizationResponse(error="invalid_request", error_description="nothing pasted")
    if "://" in text or text.startswith("?") or "code=" in text or "error=" in text:
        query = urlsplit(text).query if "://" in text else text.lstrip("?")
        values = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items() if v}
        return AuthorizationResponse(
            code=values.get("code") or None,
            state=values.get("state"),
            error=values.get("error"),
            error_description=values.get("error_description"),
        )
    return AuthorizationResponse(code=text)


# --- the loopback receiver ------------------------------------------------------------------------

_DONE_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>inatsdk</title></head><body>"
    "<h1>{title}</h1><p>{text}</p></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        assert isinstance(server, _OneShotServer)
        parts = urlsplit(self.path)
        result = parse_authorization_response("?" + parts.query) if parts.query else None
        if (
            parts.path != server.path
            or result is None
            or (result.code is None and result.error is None)
        ):
            self._answer(404, "Not found", "This address only receives an iNaturalist login.")
            return
        if result.error is not None:
            self._answer(400, "Login refused", "Go back to the terminal for the details.")
        else:
            self._answer(200, "Logged in", "You can close this tab and go back to the terminal.")
        server.deliver(result)

    def _answer(self, status: int, title: str, text: str) -> None:
        body = _DONE_PAGE.format(title=title, text=text).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # the query holds the code
        return None


class _OneShotServer(http.server.HTTPServer):
    def __init__(self, address: tuple[str, int], path: str) -> None:
        super().__init__(address, _Handler)
        self.path = path
        self.result: AuthorizationResponse | None = None
        self.done = threading.Event()

    def deliver(self, result: AuthorizationResponse) -> None:
        if not self.done.is_set():
            self.result = result
            self.done.set()


class LoopbackReceiver:
    """A one-shot HTTP server on the loopback interface that catches the OAuth redirect.

    ``with LoopbackReceiver(port) as receiver:`` listens (port 0 picks a free one) on
    :attr:`redirect_uri`; :meth:`wait` returns the first authorization response that arrives.
    Binding a port that is taken raises ``OSError``.
    """

    def __init__(
        self,
        port: int = DEFAULT_REDIRECT_PORT,
        *,
        host: str = "127.0.0.1",
        path: str = REDIRECT_PATH,
    ) -> None:
        self._server = _OneShotServer((host, port), path)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="inatsdk-oauth-redirect",
            daemon=True,
        )
        self._thread.start()
        self.host = host
        self.port = int(self._server.server_address[1])
        self.path = path

    @property
    def redirect_uri(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"

    def wait(self, timeout: float | None = None) -> AuthorizationResponse | None:
        """The authorization response, or None if none came within ``timeout`` seconds."""
        if not self._server.done.wait(timeout):
            return None
        return self._server.result

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackReceiver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --- the flows ------------------------------------------------------------------------------------


@contextmanager
def _client_for(client: iNatClient | None, web_url: str) -> Generator[iNatClient, None, None]:
    if client is not None:
        yield client
        return
    from inatsdk.client import iNatClient

    api_url = DEFAULT_API_URL if web_url == DEFAULT_WEB_URL else web_url
    with iNatClient(api_url=api_url, web_url=web_url, cache=None, credentials=None) as own:
        yield own


def login_with_password(
    *,
    username: str,
    password: str,
    app_id: str,
    app_secret: str,
    web_url: str = DEFAULT_WEB_URL,
    client: iNatClient | None = None,
) -> Credentials:
    """Log in with the OAuth password grant (``POST {web_url}/oauth/token``).

    Returns ``Credentials(username=..., access_token=..., app_id=...)``: the password is not
    kept. ``client`` (default: a temporary one) sends the request, with its user agent and
    timeouts; its ``web_url`` is used then. Raises
    :class:`~inatsdk.errors.AuthenticationError` saying which part was refused.
    """
    with _client_for(client, web_url) as sender:
        web = sender.settings.web_url
        token = request_access_token(
            # The client lends its form poster (sent through its transport, never cached).
            sender.post_form,
            web,
            {
                "client_id": app_id,
                "client_secret": app_secret,
                "grant_type": "password",
                "username": username,
                "password": password,
            },
            step="logging in with a password (OAuth password grant)",
            hint="Check the username and password, and the application's id and secret.",
        )
    return Credentials(username=username, access_token=token, app_id=app_id)


def exchange_code(
    *,
    code: str,
    app_id: str,
    redirect_uri: str,
    code_verifier: str | None = None,
    app_secret: str | None = None,
    web_url: str = DEFAULT_WEB_URL,
    client: iNatClient | None = None,
) -> str:
    """Exchange an authorization code for an OAuth access token (``POST /oauth/token``,
    ``grant_type=authorization_code``); with PKCE, ``code_verifier`` replaces the secret."""
    data = {
        "client_id": app_id,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
    }
    if code_verifier is not None:
        data["code_verifier"] = code_verifier
    if app_secret is not None:
        data["client_secret"] = app_secret
    with _client_for(client, web_url) as sender:
        return request_access_token(
            sender.post_form,
            sender.settings.web_url,
            data,
            step="exchanging the authorization code for an access token",
            hint="Codes are single-use and expire after 10 minutes: log in again. The redirect "
            "URI must be the one registered with the application.",
        )


def _default_announce(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def login_with_browser(
    *,
    app_id: str,
    app_secret: str | None = None,
    web_url: str = DEFAULT_WEB_URL,
    port: int = DEFAULT_REDIRECT_PORT,
    open_browser: Callable[[str], object] | None = None,
    manual: bool = False,
    prompt: Callable[[str], str] = input,
    announce: Callable[[str], object] = _default_announce,
    timeout: float = 300.0,
    client: iNatClient | None = None,
) -> Credentials:
    """Log in through the browser: the authorization code flow with PKCE (``S256``).

    Listens on ``http://127.0.0.1:<port>/callback`` (the redirect URI to register with the
    application; ``port=0`` picks a free port, for servers that accept any loopback port),
    opens ``{web_url}/oauth/authorize`` with ``open_browser`` (default :func:`webbrowser.open`),
    waits up to ``timeout`` seconds for the redirect, checks its ``state`` and exchanges the
    code with the PKCE verifier. When the browser cannot be opened (``open_browser`` raises or
    returns False), or with ``manual=True``, it ``announce``\\ s the URL and ``prompt``\\ s for
    the address the browser ended on (or the code).

    Returns ``Credentials(access_token=..., app_id=...)``. Raises
    :class:`~inatsdk.errors.AuthenticationError` saying which step failed.
    """
    pkce = PKCE.generate()
    state = secrets.token_urlsafe(24)
    with _client_for(client, web_url) as sender:
        web = sender.settings.web_url
        receiver: LoopbackReceiver | None = None
        try:
            if manual:
                redirect_uri = redirect_uri_for(port)
            else:
                bind_error: str | None = None
                try:
                    receiver = LoopbackReceiver(port)
                except OSError as exc:
                    bind_error = exc.strerror or type(exc).__name__
                if receiver is None:  # raised outside the except block: nothing chained
                    raise AuthenticationError(
                        f"could not listen on 127.0.0.1:{port} for the login redirect "
                        f"({bind_error})",
                        status=401,
                        method="GET",
                        url=f"{web}/oauth/authorize",
                        sent=False,
                        hint="Another program uses that port: close it, or choose another "
                        "port (and register its redirect URI with the application).",
                    )
                redirect_uri = receiver.redirect_uri
            url = authorization_url(
                app_id=app_id, redirect_uri=redirect_uri, state=state, pkce=pkce, web_url=web
            )
            result: AuthorizationResponse | None = None
            if receiver is not None:
                announce(
                    "Opening the iNaturalist login page in your browser (if it does not open, "
                    f"visit this address):\n{url}"
                )
            if receiver is not None and _open(open_browser, url):
                result = receiver.wait(timeout)
                if result is None:
                    raise AuthenticationError(
                        f"no login came back to {redirect_uri} within {timeout:g} s",
                        status=401,
                        method="GET",
                        url=f"{web}/oauth/authorize",
                        sent=False,
                        hint="Finish the login in the browser sooner, or log in by hand "
                        "(inat login --browser --manual).",
                    )
            else:
                if receiver is not None:
                    receiver.close()
                    receiver = None
                announce(
                    "Open this address in a browser, log in and approve the application:\n"
                    f"{url}\nThe browser then goes to {redirect_uri}... (an error page if "
                    "nothing listens there): copy that whole address."
                )
                result = parse_authorization_response(prompt("Address (or code): "))
        finally:
            if receiver is not None:
                receiver.close()
        if result.error is not None:
            raise AuthenticationError(
                f"the authorization was refused: {result.error}"
                + (f": {result.error_description}" if result.error_description else ""),
                status=401,
                method="GET",
                url=f"{web}/oauth/authorize",
                hint="Approve the application on the iNaturalist page; check that its "
                "redirect URI is " + redirect_uri + ".",
            )
        if result.code is None:
            raise AuthenticationError(
                "no authorization code in what came back",
                status=401, method="GET", url=f"{web}/oauth/authorize", sent=False,
                hint="Paste the whole address the browser ended on, or the code alone.",
            )  # fmt: skip
        if result.state is not None and not hmac.compare_digest(result.state, state):
            raise AuthenticationError(
                "the redirect's state does not match this login (a stale or forged redirect)",
                status=401, method="GET", url=f"{web}/oauth/authorize", sent=False,
                hint="Start the login again and use the address it prints.",
            )  # fmt: skip
        token = exchange_code(
            code=result.code,
            app_id=app_id,
            redirect_uri=redirect_uri,
            code_verifier=pkce.verifier,
            app_secret=app_secret,
            client=sender,
        )
    return Credentials(access_token=token, app_id=app_id)


def _open(open_browser: Callable[[str], object] | None, url: str) -> bool:
    opener = open_browser if open_browser is not None else webbrowser.open
    try:
        return opener(url) is not False
    except Exception:  # webbrowser.Error, a missing display...: fall back to pasting
        return False
