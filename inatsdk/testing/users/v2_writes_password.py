"""``POST /v2/users/reset_password`` (``{"user": {"email": ...}}``): asks for a password-reset
e-mail, kept in :class:`~inatsdk.testing.users.password_resets.PasswordResets`.

It needs a valid JWT (401; the spec asks for an application's, the emulator takes any it
issued) and an e-mail address (422). It answers 204 whether or not an account has that address
(the spec: "success implies reset request was received"), so the answer never tells who has an
account. An emulated user's address is ``<login>@example.org``.
"""

from __future__ import annotations

from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.users.password_resets import PasswordResets
from inatsdk.testing.v2 import add_v2, v2_error

__all__ = ["register"]

_DOMAIN = "@example.org"


def reset_password(ctx: RequestContext) -> Reply:
    ctx.require_user()
    body, _ = body_and_fields(ctx)
    user = body.get("user")
    email = user.get("email") if is_json_object(user) else None
    if not isinstance(email, str) or "@" not in email.strip():
        raise v2_error(422, "user.email is required")
    email = email.strip().lower()
    user_id = ctx.store.user_id(email[: -len(_DOMAIN)]) if email.endswith(_DOMAIN) else None
    ctx.store.states.get(PasswordResets).request(email, user_id)
    return Reply(204, b"")


def register(router: Router) -> None:
    add_v2(router, "POST", "/v2/users/reset_password", "/users/reset_password", reset_password)
