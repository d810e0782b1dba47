"""``POST /v1/annotations``, ``DELETE /v1/annotations/{id}`` and the votes on annotations
(``POST /v1/votes/vote/annotation/{id}``, ``DELETE /v1/votes/unvote/annotation/{id}``), kept by
:class:`~inatsdk.testing.identifications.state.SocialWrites` and shown in their observations'
``annotations``.

Annotations are named by UUID (those inside observations carry no id) or, for those created
here, by id. Every route needs a valid JWT (401 otherwise); only an annotation's author may
delete it (403); anyone signed in may vote. Create answers the annotation with its id, a vote
the annotation with its votes; delete and unvote answer 200 with no body.
"""

from __future__ import annotations

from inatsdk.testing.identifications.v1_writes import EMPTY_OK
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply

__all__ = ["register"]


def create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    return json_reply(ctx.store.social_writes().create_annotation(user_id, ctx.json_body()))


def delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    ctx.store.social_writes().delete_annotation(user_id, ctx.path_params["id"])
    return EMPTY_OK


def vote(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    body: object = ctx.json_body() if ctx.body.strip() else {}
    social = ctx.store.social_writes()
    return json_reply(social.vote_annotation(user_id, ctx.path_params["id"], body))


def unvote(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    ctx.store.social_writes().unvote_annotation(user_id, ctx.path_params["id"])
    return EMPTY_OK


def register(router: Router) -> None:
    router.add("POST", "/v1/annotations", create, version="v1")
    router.add("DELETE", "/v1/annotations/<id>", delete, version="v1")
    router.add("POST", "/v1/votes/vote/annotation/<id>", vote, version="v1")
    router.add("DELETE", "/v1/votes/unvote/annotation/<id>", unvote, version="v1")
