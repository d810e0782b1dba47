"""v2's writes, addressed by UUID, on the one world v1 reads too: what a v2 write changes, a v1
read shows, and the reverse.

``POST /v2/observations`` (a JSON ``{"observation": {...}}``, ``uuid`` given by the client),
``PUT`` and ``DELETE /v2/observations/{uuid}`` (``ignore_photos`` defaults to true on v2: only
``"ignore_photos": false`` detaches the photos); ``POST``/``DELETE .../fave``,
``.../quality/{metric}`` and ``.../review``; ``PUT .../viewed_updates``.
``POST /v2/observation_photos`` (multipart: ``observation_photo[observation_id]`` a UUID and
``file``), ``POST /v2/photos``, ``POST /v2/observation_sounds``, ``POST /v2/sounds``.
``POST /v2/identifications`` (``identification.observation_id`` a UUID), ``PUT`` and ``DELETE
/v2/identifications/{uuid}``.
``POST /v2/annotations``, ``DELETE /v2/annotations/{uuid}``, ``POST``/``DELETE
/v2/annotations/{uuid}/vote``.

Each answers v2's envelope of the written records, pruned to the body's ``fields`` (each keeping
the keys v2 requires of it; without ``fields``, only those, as on reads) and conformed to v2's
shape; errors have v2's shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs

from inatsdk.testing.identifications import v1_writes as identifications
from inatsdk.testing.identifications import v1_writes_annotations as annotation_writes
from inatsdk.testing.observations import v1_writes as observations
from inatsdk.testing.observations.state import QUALITY_METRICS
from inatsdk.testing.observations.v2 import show as v2_show
from inatsdk.testing.records import envelope
from inatsdk.testing.routes import Handler, Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.seed import ObservationCore
from inatsdk.testing.v2 import add_v2, parse_fields, prune, v2_error
from inatsdk.testing.v2_records import v2_observation
from inatsdk.testing.v2_schemas import results_required

__all__ = [
    "answer_record",
    "body_and_fields",
    "identification_id_of",
    "observation_create",
    "observation_id_of",
    "part_id_of",
    "register",
    "with_request",
]


def body_and_fields(ctx: RequestContext) -> tuple[dict[str, Any], Any]:
    """The JSON body without ``fields``, and what ``fields`` asks for."""
    if not ctx.body.strip():
        return {}, None
    try:
        body = json.loads(ctx.body)
    except (ValueError, UnicodeDecodeError):
        raise v2_error(422, "the body is not valid JSON") from None
    if not is_json_object(body):
        raise v2_error(422, "the body must be a JSON object")
    fields = body.pop("fields", None)
    return body, parse_fields(fields)


def _form_fields(ctx: RequestContext) -> Any:
    if not ctx.headers.get("Content-Type", "").startswith("multipart/"):
        return body_and_fields(ctx)[1]
    form = observations.read_form(ctx)
    return parse_fields(form.fields.get("fields"))


def with_request(
    ctx: RequestContext, body: dict[str, Any] | None = None, **path: str
) -> RequestContext:
    changes: dict[str, Any] = {"path_params": {**ctx.path_params, **path}}
    if body is not None:
        changes["body"] = json.dumps(body).encode()
    return attrs.evolve(ctx, **changes)


def answer_record(
    reply: Reply, fields: Any, spec_path: str, method: str, adjust: Callable[[Any], Any] = dict
) -> Reply:
    """A v1 write's answer (one record) as v2's envelope of it."""
    if reply.status >= 300:
        return reply
    record: Any = json.loads(reply.body) if reply.body.strip() else None
    if not is_json_object(record) or not record:
        return reply
    results = prune([adjust(record)], fields, results_required(method, spec_path))
    return json_reply(envelope(1, 1, 1, results))


def observation_id_of(ctx: RequestContext, key: str) -> int:
    """The id of the observation with this UUID (or id); HTTP 404 when there is none."""
    key = key.strip().lower()
    core = ctx.store.observation_core(int(key) if key.isdigit() else key)
    if core is None:
        raise v2_error(404, "Not Found")
    return core.id


def part_id_of(
    ctx: RequestContext,
    key: str,
    part: str,
    *,
    observation_id: int | None = None,
    ids: bool = False,
) -> int:
    """The id of the observation's part with this UUID (``part``: the key of the observation's
    record listing them, such as ``"observation_photos"`` or ``"ofvs"``), on that observation
    when one is given; with ``ids``, digits are taken as the id itself. HTTP 404 when there is
    none."""
    key = key.strip().lower()
    if ids and key.isdigit():
        return int(key)
    store = ctx.store
    cores: tuple[ObservationCore, ...] = store.observations_snapshot()
    if observation_id is not None:
        core = store.observation_core(observation_id)
        cores = (core,) if core is not None else ()
    for core in reversed(cores):  # the newest are the likeliest
        for item in store.render_observation(core, details=True).get(part) or ():
            if item.get("uuid") == key and isinstance(item.get("id"), int):
                return int(item["id"])
    raise v2_error(404, "Not Found")


def identification_id_of(ctx: RequestContext, key: str) -> int:
    """The id of the identification with this UUID (or id); HTTP 404 when there is none."""
    key = key.strip().lower()
    if key.isdigit():
        return int(key)
    store = ctx.store
    for row in reversed(store.identifications_snapshot()):  # the newest are the likeliest
        if store.render_identification(row).get("uuid") == key:
            return row.id
    raise v2_error(404, "Not Found")


# --- observations --------------------------------------------------------------------------------


def observation_create(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    reply = observations.create(with_request(ctx, body))
    return answer_record(reply, fields, "/observations", "POST", v2_observation)


def observation_update(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    body.setdefault("ignore_photos", True)  # v2's default, unlike v1's
    uuid = ctx.path_params["uuid"]
    observation_id_of(ctx, uuid)
    reply = observations.update(with_request(ctx, body, id=uuid))
    return answer_record(reply, fields, "/observations/{uuid}", "PUT", v2_observation)


def _on_observation(v1: Handler) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        uuid = ctx.path_params["uuid"]
        observation_id_of(ctx, uuid)
        return v1(with_request(ctx, id=uuid))

    return handle


#: v2 also takes votes on whether an observation still needs an ID and is accurate.
V2_QUALITY_METRICS = (*QUALITY_METRICS, "needs_id", "accurate")


def _quality(ctx: RequestContext) -> Reply:
    """v1's vote, its ``agree`` taken from v2's query (v1 reads a body); 204 as v2 answers."""
    agree = ctx.query.get("agree")
    made = ctx if agree is None else with_request(ctx, {"agree": agree != "false"})
    reply = observations.quality(made, V2_QUALITY_METRICS)
    return reply if reply.status >= 300 else Reply(204, b"")


def _fave(ctx: RequestContext) -> Reply:
    handler = observations.fave if ctx.method == "POST" else observations.unfave
    return handler(ctx)


# --- media ---------------------------------------------------------------------------------------


def _media(v1: Handler, spec_path: str) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        fields = _form_fields(ctx)
        return answer_record(v1(ctx), fields, spec_path, "POST")

    return handle


# --- identifications and annotations -------------------------------------------------------------


def identification_create(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    ident = body.get("identification")
    if is_json_object(ident) and isinstance(ident.get("observation_id"), str):
        ident = {**ident, "observation_id": observation_id_of(ctx, ident["observation_id"])}
        body = {**body, "identification": ident}
    reply = identifications.create(with_request(ctx, body))
    return answer_record(reply, fields, "/identifications", "POST")


def identification_update(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    found = identification_id_of(ctx, ctx.path_params["uuid"])
    reply = identifications.update(with_request(ctx, body, id=str(found)))
    if reply.status >= 300:
        return reply
    # v2 answers the identification's observation
    observation_id = json.loads(reply.body).get("observation_id")
    core = ctx.store.observation_core(int(observation_id)) if observation_id else None
    if core is None:
        return reply
    made = with_request(ctx, uuid=core.uuid)
    shown = v2_show(attrs.evolve(made, method="GET", query={}, body=b""))
    data = json.loads(shown.body)
    data["results"] = prune(data["results"], fields, ("uuid",))
    return json_reply(data)


def identification_delete(ctx: RequestContext) -> Reply:
    found = identification_id_of(ctx, ctx.path_params["uuid"])
    return identifications.delete(with_request(ctx, id=str(found)))


def annotation_create(ctx: RequestContext) -> Reply:
    body, fields = body_and_fields(ctx)
    if "annotation" not in body:  # v2's body is flat; v1's is {"annotation": {...}}
        if isinstance(body.get("resource_id"), str):
            body["resource_id"] = observation_id_of(ctx, body["resource_id"])
        body = {"annotation": body}
    reply = annotation_writes.create(with_request(ctx, body))
    return answer_record(reply, fields, "/annotations", "POST")


def _annotation(v1: Handler) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        return v1(with_request(ctx, id=ctx.path_params["uuid"]))

    return handle


def _vote(ctx: RequestContext) -> Reply:
    handler = annotation_writes.vote if ctx.method == "POST" else annotation_writes.unvote
    return handler(with_request(ctx, id=ctx.path_params["uuid"]))


def register(router: Router) -> None:
    # POST /v2/observations (the create) is registered with the search it shares its path
    # with (inatsdk.testing.observations.v2)
    add_v2(router, "PUT", "/v2/observations/<uuid>", "/observations/{uuid}", observation_update)
    add_v2(
        router,
        "DELETE",
        "/v2/observations/<uuid>",
        "/observations/{uuid}",
        _on_observation(observations.delete),
    )
    for method in ("POST", "DELETE"):
        add_v2(
            router,
            method,
            "/v2/observations/<uuid>/fave",
            "/observations/{uuid}/fave",
            _on_observation(_fave),
        )
        add_v2(
            router,
            method,
            "/v2/observations/<uuid>/quality/<metric>",
            "/observations/{uuid}/quality/{metric}",
            _on_observation(_quality),
        )
        add_v2(
            router,
            method,
            "/v2/observations/<uuid>/review",
            "/observations/{uuid}/review",
            _on_observation(observations.review),
        )
        add_v2(
            router,
            method,
            "/v2/annotations/<uuid>/vote",
            "/annotations/{uuid}/vote",
            _vote,
        )
    add_v2(
        router,
        "PUT",
        "/v2/observations/<uuid>/viewed_updates",
        "/observations/{uuid}/viewed_updates",
        _on_observation(observations.viewed_updates),
    )
    for rule, spec_path, v1 in (
        ("/v2/observation_photos", "/observation_photos", observations.observation_photo_create),
        ("/v2/photos", "/photos", observations.photo_create),
        ("/v2/observation_sounds", "/observation_sounds", observations.observation_sound_create),
        ("/v2/sounds", "/sounds", observations.sound_create),
    ):
        add_v2(router, "POST", rule, spec_path, _media(v1, spec_path))
    add_v2(router, "POST", "/v2/identifications", "/identifications", identification_create)
    add_v2(
        router,
        "PUT",
        "/v2/identifications/<uuid>",
        "/identifications/{uuid}",
        identification_update,
    )
    add_v2(
        router,
        "DELETE",
        "/v2/identifications/<uuid>",
        "/identifications/{uuid}",
        identification_delete,
    )
    add_v2(router, "POST", "/v2/annotations", "/annotations", annotation_create)
    add_v2(
        router,
        "DELETE",
        "/v2/annotations/<uuid>",
        "/annotations/{uuid}",
        _annotation(annotation_writes.delete),
    )
