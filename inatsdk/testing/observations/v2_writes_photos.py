"""``PUT`` and ``DELETE /v2/observation_photos/{uuid}``: v1's observation photo update
(its ``position``) and delete, the observation photo named by its UUID, on the one world (a v1
or v2 read of the observation shows the change; a photo attached on v1 is moved here).

Both need a valid JWT (401) and the observation's owner (403); an unknown UUID is HTTP 404, as
is a ``PUT`` whose ``observation_photo.observation_id`` (the observation's UUID, which v2's
body requires) is not the photo's observation. ``PUT`` answers v2's envelope of the observation
photo, pruned to the body's ``fields``; ``DELETE`` answers 200 with no body.
"""

from __future__ import annotations

from inatsdk.testing.observations import v1_writes as observations
from inatsdk.testing.observations.v2_writes import (
    answer_record,
    body_and_fields,
    observation_id_of,
    part_id_of,
    with_request,
)
from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.v2 import add_v2, v2_error

__all__ = ["register"]

_SPEC_PATH = "/observation_photos/{uuid}"
_PART = "observation_photos"


def update(ctx: RequestContext) -> Reply:
    ctx.require_user()
    body, fields = body_and_fields(ctx)
    record = body.get("observation_photo")
    if not is_json_object(record) or not isinstance(record.get("observation_id"), str):
        raise v2_error(422, "observation_photo.observation_id (the observation's UUID) is required")
    observation_id = observation_id_of(ctx, record["observation_id"])
    found = part_id_of(ctx, ctx.path_params["uuid"], _PART, observation_id=observation_id, ids=True)
    reply = observations.observation_photo_update(with_request(ctx, body, id=str(found)))
    return answer_record(reply, fields, _SPEC_PATH, "PUT")


def delete(ctx: RequestContext) -> Reply:
    ctx.require_user()
    found = part_id_of(ctx, ctx.path_params["uuid"], _PART, ids=True)
    return observations.observation_photo_delete(with_request(ctx, id=str(found)))


def register(router: Router) -> None:
    add_v2(router, "PUT", "/v2/observation_photos/<uuid>", _SPEC_PATH, update)
    add_v2(router, "DELETE", "/v2/observation_photos/<uuid>", _SPEC_PATH, delete)
