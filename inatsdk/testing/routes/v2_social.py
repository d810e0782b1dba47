"""More v2 writes, on the one world v1 reads too: comments and flags, messages, project
membership, and the signed-in user's account (profile, session, mutes and blocks).

``POST /v2/comments`` (``comment.parent_id`` an observation's UUID, or an id),
``POST /v2/flags``, ``PUT`` and ``DELETE /v2/flags/{id}``, ``POST /v2/messages``,
``POST``/``DELETE /v2/projects/{id}/membership`` (204, as v2 answers them),
``PUT /v2/users/{id}`` (answering the user itself, as v2 does), ``PUT /v2/users/update_session``, ``POST /v2/users/resend_confirmation``,
``POST``/``DELETE /v2/users/{id}/mute`` and ``.../block``.

Each is v1's write; an answer with a record is v2's envelope of it, pruned to the body's
``fields``. Editing or deleting a comment by its UUID (``PUT``/``DELETE /v2/comments/{uuid}``)
is :mod:`inatsdk.testing.identifications.v2_writes_comments`.
"""

from __future__ import annotations

import json

import attrs

from inatsdk.testing.identifications import v1_writes_comments as comments
from inatsdk.testing.identifications import v1_writes_flags as flags
from inatsdk.testing.messages import v1_writes as messages
from inatsdk.testing.observations.v2_writes import (
    answer_record,
    body_and_fields,
    observation_id_of,
    with_request,
)
from inatsdk.testing.projects import v1_writes as projects
from inatsdk.testing.routes import Handler, Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.users import v1_writes as users
from inatsdk.testing.v2 import add_v2, prune

__all__ = ["register"]


def comment_create(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    comment = body.get("comment")
    if is_json_object(comment) and isinstance(comment.get("parent_id"), str):
        parent = observation_id_of(ctx, comment["parent_id"])
        body = {**body, "comment": {**comment, "parent_id": parent}}
    return answer_record(comments.create(with_request(ctx, body)), fields, "/comments", "POST")


def _recorded(v1: Handler, spec_path: str, method: str) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        if ctx.headers.get("Content-Type", "").startswith("multipart/"):
            return answer_record(v1(ctx), None, spec_path, method)
        body, fields = body_and_fields(ctx)
        return answer_record(v1(with_request(ctx, body)), fields, spec_path, method)

    return handle


def user_update(ctx: RequestContext) -> Reply:
    """v1's profile update; v2 answers the user itself (no envelope), pruned to ``fields``."""
    if ctx.headers.get("Content-Type", "").startswith("multipart/"):
        reply, fields = users.update(ctx), None
    else:
        body, fields = body_and_fields(ctx)
        reply = users.update(with_request(ctx, body))
    if reply.status != 200:
        return reply
    record = json.loads(reply.body)
    return json_reply(prune([record], fields, ("id",))[0])


def _no_content(v1: Handler) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        reply = v1(ctx)
        return attrs.evolve(reply, status=204, body=b"") if reply.status == 200 else reply

    return handle


def _update_session(ctx: RequestContext) -> Reply:
    """v2 takes its one session setting in the query (``"true"``/``"false"``), not a body."""
    me = ctx.require_user()
    raw = ctx.query.get("prefers_hide_obs_show_identifiers")
    values = {} if raw is None else {"prefers_hide_obs_show_identifiers": raw == "true"}
    ctx.store.account_writes().update_session(me, values)
    return Reply(204, b"")


def register(router: Router) -> None:
    add_v2(router, "POST", "/v2/comments", "/comments", comment_create)
    add_v2(router, "POST", "/v2/flags", "/flags", _recorded(flags.create, "/flags", "POST"))
    add_v2(
        router,
        "PUT",
        "/v2/flags/<id>",
        "/flags/{id}",
        _recorded(flags.update, "/flags/{id}", "PUT"),
    )
    add_v2(router, "DELETE", "/v2/flags/<id>", "/flags/{id}", flags.delete)
    add_v2(
        router, "POST", "/v2/messages", "/messages", _recorded(messages.create, "/messages", "POST")
    )
    membership = "/projects/{id}/membership"
    add_v2(router, "POST", "/v2/projects/<id>/membership", membership, _no_content(projects.join))
    add_v2(
        router, "DELETE", "/v2/projects/<id>/membership", membership, _no_content(projects.leave)
    )
    add_v2(router, "PUT", "/v2/users/update_session", "/users/update_session", _update_session)
    add_v2(
        router,
        "POST",
        "/v2/users/resend_confirmation",
        "/users/resend_confirmation",
        users.resend_confirmation,
    )
    add_v2(
        router,
        "PUT",
        "/v2/users/<id>",
        "/users/{id}",
        user_update,
    )
    for kind in ("mute", "block"):
        for method, on in (("POST", True), ("DELETE", False)):
            relation = users.relation("muted" if kind == "mute" else "blocked", on)
            add_v2(router, method, f"/v2/users/<id>/{kind}", f"/users/{{id}}/{kind}", relation)
