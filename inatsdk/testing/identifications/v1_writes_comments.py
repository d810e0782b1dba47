"""``POST /v1/comments``, ``PUT`` and ``DELETE /v1/comments/{id}``: the signed-in user's
comments, kept by :class:`~inatsdk.testing.identifications.state.SocialWrites` and shown in their
observations' ``comments``.

Every route needs a valid JWT (401 otherwise); only a comment's author may edit or delete it
(403). Create and update answer the comment; delete answers 200 with no body.
"""

from __future__ import annotations

from inatsdk.testing.identifications.v1_writes import EMPTY_OK, path_int
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply

__all__ = ["register"]


def create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    return json_reply(ctx.store.social_writes().create_comment(user_id, ctx.json_body()))


def update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    social = ctx.store.social_writes()
    return json_reply(social.update_comment(user_id, path_int(ctx), ctx.json_body()))


def delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    ctx.store.social_writes().delete_comment(user_id, path_int(ctx))
    return EMPTY_OK


def register(router: Router) -> None:
    router.add("POST", "/v1/comments", create, version="v1")
    router.add("PUT", "/v1/comments/<id>", update, version="v1")
    router.add("DELETE", "/v1/comments/<id>", delete, version="v1")
