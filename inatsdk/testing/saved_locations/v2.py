"""``GET``/``POST /v2/saved_locations`` and ``DELETE /v2/saved_locations/{id}``: the signed-in
user's saved locations, as v2 answers them. Nothing is seeded; what is created here is listed
until the next reset.

Every route needs a valid JWT (401). ``POST`` takes ``{"saved_location": {"latitude",
"longitude", "title", "positional_accuracy", "geoprivacy"}}`` (coordinates required and in
range, ``geoprivacy`` one of ``open`` (the default), ``obscured``, ``private``, a title not already used:
HTTP 422 otherwise) and answers v2's envelope of the location, pruned to the body's
``fields``. ``DELETE`` answers 200 with no body; another user's location is HTTP 404. The list
(newest first) takes ``q``, words of the title.
"""

from __future__ import annotations

from typing import Any

from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.records import JSON, envelope, iso_time
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import is_json_object, paging
from inatsdk.testing.saved_locations.state import SavedLocation, SavedLocations
from inatsdk.testing.v2 import add_twin, add_v2, prune, split_fields, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]

_LIST = "/saved_locations"
_ONE = "/saved_locations/{id}"
_GEOPRIVACY = ("open", "obscured", "private")


def _state(ctx: RequestContext) -> SavedLocations:
    return ctx.store.states.get(SavedLocations)


def _record(row: SavedLocation) -> JSON:
    record: JSON = {
        "id": row.id,
        "user_id": row.user_id,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "title": row.title,
        "positional_accuracy": row.positional_accuracy,
        "geoprivacy": row.geoprivacy,
        "created_at": iso_time(row.created),
        "updated_at": iso_time(row.created),
    }
    return {k: v for k, v in record.items() if v is not None}  # what was not given is absent


def search(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    query, fields = split_fields(ctx)
    rows = [_record(r) for r in reversed(_state(ctx).of(me))]
    words = (query.get("q") or "").lower().split()
    if words:
        rows = [r for r in rows if all(w in str(r["title"] or "").lower() for w in words)]
    pg = paging(query, maximum=200, default=30)
    required = results_required("GET", _LIST)
    return json_reply(paged(pg, rows, lambda window: prune(window, fields, required)))


def _coordinate(record: dict[str, Any], name: str, limit: float) -> float:
    value = record.get(name)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            value = None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise v2_error(422, f"saved_location.{name} is required")
    if not -limit <= value <= limit:
        raise v2_error(422, f"saved_location.{name} must be between {-limit:g} and {limit:g}")
    return float(value)


def create(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    body, fields = body_and_fields(ctx)
    record = body.get("saved_location")
    if not is_json_object(record):
        raise v2_error(422, "saved_location is required")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise v2_error(422, "saved_location.title must be a string")
    accuracy = record.get("positional_accuracy")
    if accuracy is not None and (not isinstance(accuracy, int) or isinstance(accuracy, bool)):
        raise v2_error(422, "saved_location.positional_accuracy must be an integer")
    geoprivacy = record.get("geoprivacy")
    if geoprivacy is not None and geoprivacy not in _GEOPRIVACY:
        raise v2_error(422, f"saved_location.geoprivacy must be one of {', '.join(_GEOPRIVACY)}")
    row = _state(ctx).create(
        me,
        latitude=_coordinate(record, "latitude", 90),
        longitude=_coordinate(record, "longitude", 180),
        title=title,
        positional_accuracy=accuracy,
        geoprivacy=geoprivacy or "open",
    )
    results = prune([_record(row)], fields, results_required("POST", _LIST))
    return json_reply(envelope(1, 1, 1, results))


def delete(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    _state(ctx).delete(me, v2_path_id(ctx))
    return Reply(status=200, body=b"")


def register(router: Router) -> None:
    add_twin(router, "/v2/saved_locations", _LIST, search, post=create)
    add_v2(router, "DELETE", "/v2/saved_locations/<id>", _ONE, delete)
