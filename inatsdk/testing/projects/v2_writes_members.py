"""``PUT /v2/project_users/{id}``: a member saves their preferences for one project
(``project_user.prefers_curator_coordinate_access_for``: ``none``, ``any`` or ``taxon``;
``project_user.prefers_updates``), on the one world: v1's and v2's membership reads show them.

It needs a valid JWT (401); an unknown membership is HTTP 404 and another user's 403. It
answers the membership itself (v2's ``ProjectUser``, not an envelope), as the spec says.
"""

from __future__ import annotations

from typing import Any

from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.projects.seed import ProjectUserRow
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.v2 import add_v2, v2_error, v2_path_id

__all__ = ["register"]

_COORDINATE_ACCESS = ("none", "any", "taxon")


def _membership(ctx: RequestContext, member_id: int) -> ProjectUserRow:
    for row in ctx.store.project_catalog().rows:
        for m in row.members:
            if m.id == member_id:
                return m
    raise v2_error(404, "Not Found")


def _changes(body: dict[str, Any]) -> dict[str, Any]:
    """The preferences the body sets; HTTP 422 for a value of the wrong kind."""
    record = body.get("project_user", {})
    if not is_json_object(record):
        raise v2_error(422, "project_user must be an object")
    changes: dict[str, Any] = {}
    access = record.get("prefers_curator_coordinate_access_for")
    if access is not None:
        if access not in _COORDINATE_ACCESS:
            raise v2_error(
                422, f"prefers_curator_coordinate_access_for must be one of {_COORDINATE_ACCESS}"
            )
        changes["prefers_curator_coordinate_access_for"] = access
    updates = record.get("prefers_updates")
    if updates is not None:
        if not isinstance(updates, bool):
            raise v2_error(422, "prefers_updates must be a boolean")
        changes["prefers_updates"] = updates
    return changes


def update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    member = _membership(ctx, v2_path_id(ctx))
    if member.user_id != user_id:
        raise v2_error(403, "You don't have permission to do that")
    body, _ = body_and_fields(ctx)
    changes = _changes(body)
    store = ctx.store
    saved = store.account_writes().update_membership(
        store.shared_project_catalog(), member, changes
    )
    catalog = store.project_catalog()
    record = {
        **catalog.member_record(saved, store.renderer),
        **catalog.membership_record(saved),
    }
    return json_reply(record)


def register(router: Router) -> None:
    add_v2(router, "PUT", "/v2/project_users/<id>", "/project_users/{id}", update)
