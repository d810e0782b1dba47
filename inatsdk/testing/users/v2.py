"""``GET /v2/users/{id}`` (and its ``X-HTTP-Method-Override`` POST form): a user by id or
login in v2's shape (:func:`inatsdk.testing.v2_records.v2_user`), pruned to ``fields``."""

from __future__ import annotations

from inatsdk.testing.records import envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.users.v1 import find_user
from inatsdk.testing.v2 import add_twin, prune, split_fields, v2_error
from inatsdk.testing.v2_records import v2_user

__all__ = ["register"]


def show(ctx: RequestContext) -> Reply:
    _, fields = split_fields(ctx)
    user = find_user(ctx, ctx.path_params["id"])
    record = v2_user(ctx.store, user.id) if user is not None else None
    if record is None:
        raise v2_error(404, "Not Found")
    return json_reply(envelope(1, 1, 1, prune([record], fields, ("id",))))


def register(router: Router) -> None:
    add_twin(router, "/v2/users/<id>", "/users/{id}", show)
