"""``POST /v2/taxon_name_priorities``, ``PUT`` and ``DELETE /v2/taxon_name_priorities/{id}``:
the signed-in user's ordered name lexicons (:mod:`inatsdk.testing.users.name_priorities`),
read back as ``taxon_name_priorities`` in ``/v1/users/me`` and ``/v2/users/me``.

Every route needs a valid JWT (401). ``POST`` takes ``{"taxon_name_priority": {"lexicon",
"place_id"}}`` (a lexicon is required, once per place; an unknown place is HTTP 422); ``PUT``
takes ``{"taxon_name_priority": {"position"}}``. Both answer v2's envelope of the priority,
pruned to the body's ``fields``; ``DELETE`` answers 200 with no body. Another user's priority
is HTTP 404.
"""

from __future__ import annotations

from typing import Any

from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.store import Store
from inatsdk.testing.users.name_priorities import NamePriorities, NamePriority
from inatsdk.testing.v2 import add_v2, prune, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["name_priority_records", "register"]

_LIST = "/taxon_name_priorities"
_ONE = "/taxon_name_priorities/{id}"


def _record(store: Store, row: NamePriority) -> JSON:
    record: JSON = {
        "id": row.id,
        "user_id": row.user_id,
        "place_id": row.place_id,
        "lexicon": row.lexicon,
        "position": row.position,
    }
    if row.place_id is not None:
        place = store.place_catalog().record(row.place_id, geometry=False)
        record["place"] = {
            k: place[k] for k in ("id", "uuid", "display_name", "name") if k in place
        }
    return record


def name_priority_records(store: Store, user_id: int) -> list[JSON]:
    """The user's priorities as ``/users/me`` lists them (by position)."""
    state = store.states.peek(NamePriorities)
    return [] if state is None else [_record(store, r) for r in state.of(user_id)]


def _body(ctx: RequestContext) -> tuple[dict[str, Any], Any]:
    body, fields = body_and_fields(ctx)
    record = body.get("taxon_name_priority")
    if not is_json_object(record):
        raise v2_error(422, "taxon_name_priority is required")
    return record, fields


def _answer(ctx: RequestContext, row: NamePriority, fields: Any, method: str, path: str) -> Reply:
    results = prune([_record(ctx.store, row)], fields, results_required(method, path))
    return json_reply(envelope(1, 1, 1, results))


def create(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    record, fields = _body(ctx)
    lexicon = record.get("lexicon")
    if not isinstance(lexicon, str) or not lexicon.strip():
        raise v2_error(422, "taxon_name_priority.lexicon is required")
    place_id = record.get("place_id")
    if place_id is not None:
        if not isinstance(place_id, int) or isinstance(place_id, bool):
            raise v2_error(422, "taxon_name_priority.place_id must be an integer")
        if ctx.store.place_catalog().find(str(place_id)) is None:
            raise v2_error(422, "Place does not exist")
    row = ctx.store.states.get(NamePriorities).create(me, lexicon.strip(), place_id)
    return _answer(ctx, row, fields, "POST", _LIST)


def update(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    record, fields = _body(ctx)
    position = record.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise v2_error(422, "taxon_name_priority.position must be a non-negative integer")
    row = ctx.store.states.get(NamePriorities).move(me, v2_path_id(ctx), position)
    return _answer(ctx, row, fields, "PUT", _ONE)


def delete(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    ctx.store.states.get(NamePriorities).delete(me, v2_path_id(ctx))
    return Reply(status=200, body=b"")


def register(router: Router) -> None:
    add_v2(router, "POST", "/v2/taxon_name_priorities", _LIST, create)
    add_v2(router, "PUT", "/v2/taxon_name_priorities/<id>", _ONE, update)
    add_v2(router, "DELETE", "/v2/taxon_name_priorities/<id>", _ONE, delete)
