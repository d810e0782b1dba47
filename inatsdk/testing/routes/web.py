"""Routes of the web site (``www.inaturalist.org``): OAuth and ``GET /users/api_token``.

``POST /oauth/token``
    Grants ``password`` (application id and secret, a user's login and password),
    ``authorization_code`` (with PKCE: the ``code_verifier`` must answer the ``S256`` or
    ``plain`` challenge given to ``/oauth/authorize``; with PKCE the application secret may be
    left out, as iNaturalist allows for apps that cannot keep one) and ``client_credentials``
    (an application-only token, which ``/users/api_token`` refuses). Parameters come as a form,
    a JSON body or the query string; the application may also authenticate with HTTP Basic.
    Errors have Doorkeeper's shape, ``{"error": "invalid_grant", "error_description": ...}``,
    with status 401 for ``invalid_client`` and 400 for the others.
``GET /oauth/authorize``
    Checks the application and the redirect URI (exactly one of those registered), then, for
    the user signed in to the emulated website (``Emulator.authorize_as(login)``), redirects at
    once to ``redirect_uri?code=...&state=...``, as the site does for a user who authorized the
    application before. With nobody signed in it answers a small HTML form (login, password,
    Authorize or Deny) that posts to ``POST /oauth/authorize``, so a test can drive it like a
    browser. Bad requests with a valid redirect URI are redirected with ``error=...``; an
    unknown application or redirect URI gets an HTML error page instead (never a redirect).
``GET /users/api_token``
    ``{"api_token": <JWT>}`` for the user of the OAuth access token in ``Authorization: Bearer``.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from inatsdk.testing.auth import bearer_token, pkce_matches
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_object

__all__ = ["register"]

# Doorkeeper's own wording (its en.yml), which iNaturalist serves.
_DESCRIPTIONS = {
    "invalid_request": "The request is missing a required parameter, includes an unsupported "
    "parameter value, or is otherwise malformed.",
    "invalid_client": "Client authentication failed due to unknown client, no client "
    "authentication included, or unsupported authentication method.",
    "invalid_grant": "The provided authorization grant is invalid, expired, revoked, does not "
    "match the redirection URI used in the authorization request, or was issued to another "
    "client.",
    "unsupported_grant_type": "The authorization grant type is not supported by the "
    "authorization server.",
    "unsupported_response_type": "The authorization server does not support this response type.",
    "invalid_redirect_uri": "The requested redirect uri is malformed or doesn't match client "
    "redirect URI.",
    "access_denied": "The resource owner or authorization server denied the request.",
}
_NO_STORE = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))


def _oauth_error(error: str, detail: str | None = None) -> Reply:
    description = _DESCRIPTIONS[error] + (f" {detail}" if detail else "")
    status = 401 if error == "invalid_client" else 400
    body = json.dumps({"error": error, "error_description": description}).encode()
    return Reply(status, body, headers=_NO_STORE)


def _params(ctx: RequestContext) -> dict[str, str]:
    """Query string, then a form or JSON body over it (as Rails merges them)."""
    params = dict(ctx.query)
    if not ctx.body:
        return params
    ctype = ctx.headers.get("Content-Type", "")
    if "json" in ctype:
        try:
            data = json.loads(ctx.body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "the body is not valid JSON") from None
        if is_json_object(data):
            params.update({str(k): str(v) for k, v in data.items() if v is not None})
    else:
        text = ctx.body.decode("utf-8", "replace")
        params.update(parse_qsl(text, keep_blank_values=True))
    return params


def _client_auth(ctx: RequestContext, params: Mapping[str, str]) -> tuple[str | None, str | None]:
    """``(client_id, client_secret)`` from HTTP Basic or the parameters."""
    header = ctx.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        client_id, _, secret = decoded.partition(":")
        return unquote(client_id), unquote(secret)
    return params.get("client_id") or None, params.get("client_secret") or None


def _token_reply(ctx: RequestContext, user_id: int | None, client_id: str) -> Reply:
    token = ctx.tokens.issue_access_token(user_id, client_id)
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "scope": "login write",
        "created_at": int(time.time()),
    }
    return Reply(200, json.dumps(body).encode(), headers=_NO_STORE)


def oauth_token(ctx: RequestContext) -> Reply:
    """``POST /oauth/token``: an OAuth access token for a grant."""
    params = _params(ctx)
    client_id, client_secret = _client_auth(ctx, params)
    grant_type = params.get("grant_type")
    if not grant_type:
        return _oauth_error("invalid_request", "Missing param: grant_type.")
    if grant_type not in ("password", "authorization_code", "client_credentials"):
        return _oauth_error("unsupported_grant_type")
    app = ctx.tokens.application(client_id)
    if app is None:
        return _oauth_error("invalid_client")
    if client_secret is not None and client_secret != app.secret:
        return _oauth_error("invalid_client")

    if grant_type == "authorization_code":
        code, redirect_uri = params.get("code"), params.get("redirect_uri")
        verifier = params.get("code_verifier")
        if not code:
            return _oauth_error("invalid_request", "Missing param: code.")
        grant = ctx.tokens.redeem_code(code)
        if grant is None or grant.client_id != app.id:
            return _oauth_error("invalid_grant")
        if redirect_uri != grant.redirect_uri:
            return _oauth_error("invalid_grant")
        if grant.code_challenge is None:
            if client_secret is None:  # without PKCE the application must prove itself
                return _oauth_error("invalid_client")
        elif not verifier or not pkce_matches(
            verifier, grant.code_challenge, grant.code_challenge_method or "plain"
        ):
            return _oauth_error("invalid_grant")
        if not ctx.store.has_user(grant.user_id):
            return _oauth_error("invalid_grant")
        return _token_reply(ctx, grant.user_id, app.id)

    if client_secret is None:  # password and client_credentials need the secret
        return _oauth_error("invalid_client")
    if grant_type == "client_credentials":
        return _token_reply(ctx, None, app.id)
    username, password = params.get("username"), params.get("password")
    if not username or not password:
        return _oauth_error("invalid_request", "Missing param: username or password.")
    user_id = ctx.store.user_id(username)
    if user_id is None or not ctx.tokens.check_password(user_id, password):
        return _oauth_error("invalid_grant")
    return _token_reply(ctx, user_id, app.id)


# --- /oauth/authorize ---------------------------------------------------------------------------

_AUTHORIZE_PARAMS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "scope",
    "code_challenge",
    "code_challenge_method",
)


def _page(title: str, body: str, status: int = 200) -> Reply:
    text = (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f"{body}\n</body></html>\n"
    )
    return Reply(status, text.encode(), content_type="text/html; charset=utf-8")


def _redirect(redirect_uri: str, **values: str | None) -> Reply:
    parts = urlsplit(redirect_uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, v) for k, v in values.items() if v is not None]
    location = urlunsplit(parts._replace(query=urlencode(query)))
    return Reply(302, b"", content_type="text/plain", headers=(("Location", location),))


def _login_form(params: Mapping[str, str], app_name: str, message: str | None) -> Reply:
    hidden = "\n".join(
        f"<input type='hidden' name='{name}' value='{html.escape(params[name], quote=True)}'>"
        for name in _AUTHORIZE_PARAMS
        if params.get(name) is not None
    )
    note = f"<p class='error'>{html.escape(message)}</p>\n" if message else ""
    body = (
        f"<p>{html.escape(app_name)} would like to access your iNaturalist account.</p>\n{note}"
        "<form method='post' action='/oauth/authorize'>\n"
        f"{hidden}\n"
        "<label>Username <input name='login' autocomplete='username'></label>\n"
        "<label>Password <input type='password' name='password' "
        "autocomplete='current-password'></label>\n"
        "<button type='submit' name='commit' value='Authorize'>Authorize</button>\n"
        "<button type='submit' name='deny' value='Deny'>Deny</button>\n"
        "</form>"
    )
    return _page("Sign in to authorize", body)


def _authorize(ctx: RequestContext, params: Mapping[str, str], *, posted: bool) -> Reply:
    app = ctx.tokens.application(params.get("client_id"))
    if app is None:
        return _page("invalid_client", f"<p>{_DESCRIPTIONS['invalid_client']}</p>", 401)
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri and len(app.redirect_uris) == 1:
        redirect_uri = app.redirect_uris[0]
    if not redirect_uri or redirect_uri not in app.redirect_uris:
        return _page("invalid_redirect_uri", f"<p>{_DESCRIPTIONS['invalid_redirect_uri']}</p>", 400)
    state = params.get("state")

    def refuse(error: str) -> Reply:
        return _redirect(
            redirect_uri, error=error, error_description=_DESCRIPTIONS[error], state=state
        )

    if params.get("response_type") != "code":
        return refuse("unsupported_response_type")
    challenge = params.get("code_challenge") or None
    method = params.get("code_challenge_method") or None
    if challenge is None and method is not None:
        return refuse("invalid_request")
    if challenge is not None:
        method = method or "plain"
        if method not in ("S256", "plain"):
            return refuse("invalid_request")

    if posted:
        if params.get("deny"):
            return refuse("access_denied")
        user_id = ctx.store.user_id(params.get("login") or "")
        if user_id is None or not ctx.tokens.check_password(user_id, params.get("password", "")):
            return _login_form(params, app.name, "Invalid login or password.")
    else:
        browser_user = ctx.tokens.browser_user
        if browser_user is None or not ctx.store.has_user(browser_user):
            return _login_form(params, app.name, None)
        user_id = browser_user
    code = ctx.tokens.issue_code(
        client_id=app.id,
        user_id=user_id,
        redirect_uri=redirect_uri,
        code_challenge=challenge,
        code_challenge_method=method if challenge is not None else None,
    )
    return _redirect(redirect_uri, code=code, state=state)


def oauth_authorize(ctx: RequestContext) -> Reply:
    """``GET /oauth/authorize``: approve for the signed-in user, or show the login form."""
    return _authorize(ctx, dict(ctx.query), posted=False)


def oauth_authorize_form(ctx: RequestContext) -> Reply:
    """``POST /oauth/authorize``: the login form, submitted."""
    return _authorize(ctx, _params(ctx), posted=True)


def api_token(ctx: RequestContext) -> Reply:
    """A JWT for the user of the OAuth access token in ``Authorization: Bearer <token>``."""
    token = bearer_token(ctx.headers.get("Authorization"))
    user_id = ctx.tokens.access_token_user(token)
    if user_id is None or not ctx.store.has_user(user_id):
        raise ApiError(401, "Unauthorized")
    return json_reply({"api_token": ctx.tokens.issue_jwt(user_id)})


def register(router: Router) -> None:
    router.add("GET", "/users/api_token", api_token, version="web")
    router.add("POST", "/oauth/token", oauth_token, version="web")
    router.add("GET", "/oauth/authorize", oauth_authorize, version="web")
    router.add("POST", "/oauth/authorize", oauth_authorize_form, version="web")
