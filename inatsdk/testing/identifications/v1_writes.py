"""``POST /v1/identifications``, ``PUT`` and ``DELETE /v1/identifications/{id}``: the signed-in
user's identifications, kept by :class:`~inatsdk.testing.identifications.state.SocialWrites`.

Every route needs a valid JWT (401 otherwise); only an identification's author may change or
delete it (403). Create and update answer the identification as ``GET /v1/identifications``
lists it (withdrawn ones too); delete answers 200 with no body.
"""

from __future__ import annotations

from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError

__all__ = ["path_int", "register"]

EMPTY_OK = Reply(status=200, body=b"")
"""What the API answers a delete with."""


def path_int(ctx: RequestContext, name: str = "id") -> int:
    """An integer path parameter (422 otherwise, as the spec declares ``integer``)."""
    raw = ctx.path_params[name].strip()
    if not raw.isdigit():
        raise ApiError(422, f"{name} must be an integer, not {raw!r}")
    return int(raw)


def _answer(ctx: RequestContext, identification_id: int) -> Reply:
    row = ctx.store.identification_row(identification_id)
    if row is None:  # pragma: no cover - the write just indexed it
        raise ApiError(500, "the identification was not indexed")
    return json_reply(ctx.store.render_identification(row))


def create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    new_id = ctx.store.social_writes().create_identification(user_id, ctx.json_body())
    return _answer(ctx, new_id)


def update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    identification_id = path_int(ctx)
    ctx.store.social_writes().update_identification(user_id, identification_id, ctx.json_body())
    return _answer(ctx, identification_id)


def delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    ctx.store.social_writes().delete_identification(user_id, path_int(ctx))
    return EMPTY_OK


def register(router: Router) -> None:
    router.add("POST", "/v1/identifications", create, version="v1")
    router.add("PUT", "/v1/identifications/<id>", update, version="v1")
    router.add("DELETE", "/v1/identifications/<id>", delete, version="v1")
