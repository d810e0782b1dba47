"""``GET``/``POST /v2/relationships``, ``PUT`` and ``DELETE /v2/relationships/{id}``: the
signed-in user's relationships (whom they follow, whom they trust with hidden coordinates), as
v2 answers them. Nothing is seeded; what is created here is listed until the next reset.

Every route needs a valid JWT (401). ``POST`` takes ``{"relationship": {"friend_id", "trust",
"following"}}`` (``following`` defaults to true, ``trust`` to false; an unknown friend, oneself
or a friend already related is HTTP 422); ``PUT`` takes ``{"relationship": {"trust",
"following"}}``. Both answer v2's envelope of the relationship, pruned to the body's ``fields``;
``DELETE`` answers 200 with no body. Another user's relationship is HTTP 404. The list takes
``q`` (the friend's login or name), ``user_id`` (the friend), ``trusted``/``following``
(``yes``, ``no``, ``any``), ``order_by`` (``users.login``, the default, or ``friendships.id``)
and ``order``.
"""

from __future__ import annotations

from typing import Any

from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.records import JSON, envelope, iso_time
from inatsdk.testing.relationships.state import Relationship, Relationships
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import is_json_object, paging
from inatsdk.testing.v2 import add_twin, add_v2, prune, split_fields, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]

_LIST = "/relationships"
_ONE = "/relationships/{id}"


def _state(ctx: RequestContext) -> Relationships:
    return ctx.store.states.get(Relationships)


def _record(ctx: RequestContext, row: Relationship) -> JSON:
    renderer = ctx.store.renderer
    return {
        "id": row.id,
        "created_at": iso_time(row.created),
        "updated_at": iso_time(row.updated),
        "user": renderer.user(row.user_id),
        "friend_user": renderer.user(row.friend_id),
        "following": row.following,
        "trust": row.trust,
        "reciprocal_trust": _state(ctx).trusts(row.friend_id, row.user_id),
    }


def _flag(record: dict[str, Any], name: str) -> bool | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise v2_error(422, f"relationship.{name} must be a boolean")
    return value


def _relationship(body: dict[str, Any]) -> dict[str, Any]:
    record = body.get("relationship")
    if not is_json_object(record):
        raise v2_error(422, "relationship is required")
    return record


def _answer(ctx: RequestContext, row: Relationship, fields: Any, method: str, path: str) -> Reply:
    results = prune([_record(ctx, row)], fields, results_required(method, path))
    return json_reply(envelope(1, 1, 1, results))


def search(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    query, fields = split_fields(ctx)
    rows = [_record(ctx, r) for r in _state(ctx).of(me)]
    friend = query.get("user_id")
    if friend:
        rows = [r for r in rows if str(r["friend_user"]["id"]) == friend.strip()]
    for name, key in (("trusted", "trust"), ("following", "following")):
        wanted = (query.get(name) or "any").strip()
        if wanted in ("yes", "no"):
            rows = [r for r in rows if r[key] is (wanted == "yes")]
    text = (query.get("q") or "").strip().lower()
    if text:
        rows = [
            r
            for r in rows
            if text in str(r["friend_user"].get("login") or "").lower()
            or text in str(r["friend_user"].get("name") or "").lower()
        ]
    if query.get("order_by") == "friendships.id":
        rows.sort(key=lambda r: r["id"])
    else:
        rows.sort(key=lambda r: str(r["friend_user"].get("login") or ""))
    if query.get("order") == "desc":
        rows.reverse()
    pg = paging(query, maximum=200, default=30)
    required = results_required("GET", _LIST)
    return json_reply(paged(pg, rows, lambda window: prune(window, fields, required)))


def create(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    body, fields = body_and_fields(ctx)
    record = _relationship(body)
    friend_id = record.get("friend_id")
    if isinstance(friend_id, str) and friend_id.strip().isdigit():
        friend_id = int(friend_id)
    if not isinstance(friend_id, int) or isinstance(friend_id, bool) or friend_id < 1:
        raise v2_error(422, "relationship.friend_id is required")
    if not ctx.store.has_user(friend_id):
        raise v2_error(422, "Friend does not exist")
    following = _flag(record, "following")
    trust = _flag(record, "trust")
    row = _state(ctx).create(
        me,
        friend_id,
        following=True if following is None else following,
        trust=bool(trust),
    )
    return _answer(ctx, row, fields, "POST", _LIST)


def update(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    body, fields = body_and_fields(ctx)
    record = _relationship(body)
    row = _state(ctx).update(
        me, v2_path_id(ctx), following=_flag(record, "following"), trust=_flag(record, "trust")
    )
    return _answer(ctx, row, fields, "PUT", _ONE)


def delete(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    _state(ctx).delete(me, v2_path_id(ctx))
    return Reply(status=200, body=b"")


def register(router: Router) -> None:
    add_twin(router, "/v2/relationships", _LIST, search, post=create)
    add_v2(router, "PUT", "/v2/relationships/<id>", _ONE, update)
    add_v2(router, "DELETE", "/v2/relationships/<id>", _ONE, delete)
