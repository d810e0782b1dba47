"""Routes of the web site (``www.inaturalist.org``): ``GET /users/api_token``.

OAuth (``/oauth/authorize``, ``/oauth/token``) lands here too when the emulator grows it.
"""

from __future__ import annotations

from inatsdk.testing.auth import bearer_token
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError

__all__ = ["register"]


def api_token(ctx: RequestContext) -> Reply:
    """A JWT for the user of the OAuth access token in ``Authorization: Bearer <token>``."""
    token = bearer_token(ctx.headers.get("Authorization"))
    user_id = ctx.tokens.access_token_user(token)
    if user_id is None or not ctx.store.has_user(user_id):
        raise ApiError(401, "Unauthorized")
    return json_reply({"api_token": ctx.tokens.issue_jwt(user_id)})


def register(router: Router) -> None:
    router.add("GET", "/users/api_token", api_token, version="web")
