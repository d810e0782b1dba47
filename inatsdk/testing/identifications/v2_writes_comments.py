"""``PUT`` and ``DELETE /v2/comments/{uuid}``: v1's comment edit and delete, the comment named
by its UUID, on the one world (a v1 read of the observation shows the change, and a comment
written on v1 can be edited here).

Both need a valid JWT (401) and the comment's author (403); an unknown UUID is HTTP 404.
``PUT`` answers v2's envelope of the comment, pruned to the body's ``fields``; ``DELETE``
answers 200 with no body.
"""

from __future__ import annotations

from inatsdk.testing.identifications import v1_writes_comments as comments
from inatsdk.testing.observations.v2_writes import answer_record, body_and_fields, with_request
from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.v2 import add_v2, v2_error

__all__ = ["comment_id_of", "register"]

_SPEC_PATH = "/comments/{uuid}"


def comment_id_of(ctx: RequestContext, key: str) -> int:
    """The id of the comment with this UUID (or id); HTTP 404 when there is none."""
    key = key.strip().lower()
    if key.isdigit():
        return int(key)
    found = ctx.store.social_writes().comment_id_of(key)
    if found is None:
        raise v2_error(404, "Not Found")
    return found


def update(ctx: RequestContext) -> Reply:
    ctx.require_user()
    body, fields = body_and_fields(ctx)
    found = comment_id_of(ctx, ctx.path_params["uuid"])
    reply = comments.update(with_request(ctx, body, id=str(found)))
    return answer_record(reply, fields, _SPEC_PATH, "PUT")


def delete(ctx: RequestContext) -> Reply:
    ctx.require_user()
    found = comment_id_of(ctx, ctx.path_params["uuid"])
    return comments.delete(with_request(ctx, id=str(found)))


def register(router: Router) -> None:
    add_v2(router, "PUT", "/v2/comments/<uuid>", _SPEC_PATH, update)
    add_v2(router, "DELETE", "/v2/comments/<uuid>", _SPEC_PATH, delete)
