"""v2's writes of an observation's parts named by UUID, on the one world v1 reads too:
``POST /v2/observation_field_values`` (``observation_field_value.observation_id`` the
observation's UUID), ``PUT`` and ``DELETE /v2/observation_field_values/{uuid}``;
``DELETE /v2/observation_sounds/{uuid}``; ``POST /v2/project_observations``
(``project_observation.observation_id`` a UUID), ``PUT`` and
``DELETE /v2/project_observations/{uuid}``; ``PUT /v2/observations/{uuid}/subscription`` (a
toggle, as v1's); ``POST /v2/computervision/score_image`` (v1's scores, as v2 gives them).

Each hands the request to v1's handler with the UUIDs turned into ids, so the rules (who may,
what a value must be) are v1's; the answers are v2's envelope of the written record, pruned to
the body's ``fields``, and errors have v2's shape. An unknown UUID is HTTP 404.
"""

from __future__ import annotations

from typing import Any

from inatsdk.testing.observations import v1_writes as observations
from inatsdk.testing.observations.v2_writes import (
    answer_record,
    body_and_fields,
    observation_id_of,
    part_id_of,
    with_request,
)
from inatsdk.testing.projects import v1_writes as projects
from inatsdk.testing.routes import Handler, Reply, RequestContext, Router
from inatsdk.testing.routes.v2_only import vision_answer
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.taxa import v1_computervision as vision
from inatsdk.testing.v2 import add_v2, parse_fields, v2_error

__all__ = ["register"]


def _with_observation_id(ctx: RequestContext, root: str) -> tuple[dict[str, Any], Any]:
    """The body with ``<root>.observation_id`` (a UUID on v2) turned into the observation's id,
    and the ``fields`` it asks for."""
    body, fields = body_and_fields(ctx)
    record = body.get(root)
    if is_json_object(record) and isinstance(record.get("observation_id"), str):
        record = {**record, "observation_id": observation_id_of(ctx, record["observation_id"])}
        body = {**body, root: record}
    return body, fields


# --- observation field values ----------------------------------------------------------------


def ofv_create(ctx: RequestContext) -> Reply:
    body, fields = _with_observation_id(ctx, "observation_field_value")
    reply = observations.ofv_create(with_request(ctx, body))
    return answer_record(reply, fields, "/observation_field_values", "POST")


def ofv_update(ctx: RequestContext) -> Reply:
    ctx.require_user()
    body, fields = _with_observation_id(ctx, "observation_field_value")
    found = part_id_of(ctx, ctx.path_params["uuid"], "ofvs")
    reply = observations.ofv_update(with_request(ctx, body, id=str(found)))
    return answer_record(reply, fields, "/observation_field_values/{uuid}", "PUT")


def _by_uuid(v1: Handler, part: str) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        ctx.require_user()
        found = part_id_of(ctx, ctx.path_params["uuid"], part)
        return v1(with_request(ctx, id=str(found)))

    return handle


# --- project observations --------------------------------------------------------------------


def _project_observation_id(ctx: RequestContext) -> int:
    key = ctx.path_params["uuid"].strip().lower()
    for row in list(ctx.store.account_writes().project_observations.values()):
        if row.uuid == key:
            return row.id
    raise v2_error(404, "Not Found")


def project_observation_create(ctx: RequestContext) -> Reply:
    body, fields = _with_observation_id(ctx, "project_observation")
    reply = projects.create_project_observation(with_request(ctx, body))
    return answer_record(reply, fields, "/project_observations", "POST")


def project_observation_update(ctx: RequestContext) -> Reply:
    ctx.require_user()
    body, fields = body_and_fields(ctx)
    found = _project_observation_id(ctx)
    reply = projects.update_project_observation(with_request(ctx, body, id=str(found)))
    return answer_record(reply, fields, "/project_observations/{uuid}", "PUT")


def project_observation_delete(ctx: RequestContext) -> Reply:
    ctx.require_user()
    found = _project_observation_id(ctx)
    return projects.delete_project_observation(with_request(ctx, id=str(found)))


# --- subscriptions and computer vision -----------------------------------------------------


def subscription_toggle(ctx: RequestContext) -> Reply:
    uuid = ctx.path_params["uuid"]
    found = observation_id_of(ctx, uuid)
    reply = observations.subscribe(with_request(ctx, id=str(found)))
    return reply if reply.status >= 300 else Reply(204, b"")


def score_image(ctx: RequestContext) -> Reply:
    fields = parse_fields(observations.read_form(ctx).fields.get("fields"))
    return vision_answer(vision.score_image(ctx), fields)


def register(router: Router) -> None:
    ofvs = "/observation_field_values"
    add_v2(router, "POST", "/v2" + ofvs, ofvs, ofv_create)
    add_v2(router, "PUT", f"/v2{ofvs}/<uuid>", ofvs + "/{uuid}", ofv_update)
    add_v2(
        router,
        "DELETE",
        f"/v2{ofvs}/<uuid>",
        ofvs + "/{uuid}",
        _by_uuid(observations.ofv_delete, "ofvs"),
    )
    add_v2(
        router,
        "DELETE",
        "/v2/observation_sounds/<uuid>",
        "/observation_sounds/{uuid}",
        _by_uuid(observations.observation_sound_delete, "observation_sounds"),
    )
    add_v2(
        router,
        "PUT",
        "/v2/observations/<uuid>/subscription",
        "/observations/{uuid}/subscription",
        subscription_toggle,
    )
    add_v2(
        router,
        "POST",
        "/v2/computervision/score_image",
        "/computervision/score_image",
        score_image,
    )
    pos = "/project_observations"
    add_v2(router, "POST", "/v2" + pos, pos, project_observation_create)
    add_v2(router, "PUT", f"/v2{pos}/<uuid>", pos + "/{uuid}", project_observation_update)
    add_v2(router, "DELETE", f"/v2{pos}/<uuid>", pos + "/{uuid}", project_observation_delete)
