"""``GET /v2/observations``, ``/v2/observations/{uuid}`` and
``/v2/observations/species_counts`` (and their ``X-HTTP-Method-Override`` POST forms): the v1
search, lookup and counts, pruned to ``fields``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import attrs

from inatsdk.testing.observations.v1 import matching, served_record, sorted_records
from inatsdk.testing.observations.v1 import show as v1_show
from inatsdk.testing.observations.v1_stats import species_counts as v1_species_counts
from inatsdk.testing.records import JSON, only_ids
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import PER_PAGE_MAX, ApiError, boolean_param, paging
from inatsdk.testing.seed import ObservationCore
from inatsdk.testing.v2 import add_twin, plain, prune, split_fields, twin
from inatsdk.testing.v2_records import v2_observation
from inatsdk.testing.v2_schemas import conform

__all__ = ["register"]

_UUID_LOOKUP_LIMIT = 200
"""The real v2 lookup reads the first 200 UUIDs and ignores the rest."""


def _ids_of(ctx: RequestContext, raw: str) -> str:
    """A v2 list of ids and UUIDs as v1 ids (unknown UUIDs match nothing)."""
    out: list[str] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        if part.isdigit():
            out.append(part)
            continue
        core = ctx.store.observation_core(part.lower())
        out.append(str(core.id) if core is not None else "0")
    return ",".join(out) or "0"


def _translate(ctx: RequestContext, query: dict[str, str]) -> dict[str, str]:
    for name in ("id", "not_id"):
        if query.get(name):
            query[name] = _ids_of(ctx, query[name])
    return query


def _check_uuids(ctx: RequestContext, query: dict[str, str]) -> dict[str, str]:
    for part in ctx.path_params["uuid"].split(","):
        if part and not _looks_like_uuid(part):
            raise ApiError(422, f'uuid: {part!r} should match format "uuid"')
    return query


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def search(ctx: RequestContext) -> Reply:
    """The v1 search, pruned (written out rather than wrapped: pruning the records before they
    are encoded keeps paging through 10,000 of them quick)."""
    query, fields = split_fields(ctx)
    v1 = plain(ctx, _translate(ctx, query))
    pg = paging(v1.query, maximum=PER_PAGE_MAX["observations"])
    ordered = sorted_records(v1, matching(v1))
    only_id = boolean_param(v1.query, "only_id")

    def render(window: Sequence[ObservationCore]) -> list[JSON]:
        if only_id:
            return only_ids(o.id for o in window)
        viewer = ctx.viewer()
        records = [
            v2_observation(served_record(v1, o, details=False, viewer=viewer)) for o in window
        ]
        return prune(records, fields, ("uuid",))

    data = conform(paged(pg, ordered, render), "ResultsObservations")
    return attrs.evolve(json_reply(data), conformed=True)


_show = twin(
    v1_show, required=("uuid",), lookup=True, translate=_check_uuids, adjust=v2_observation
)


def show(ctx: RequestContext) -> Reply:
    parts = [p.strip().lower() for p in ctx.path_params["uuid"].split(",") if p.strip()]
    first = ",".join(parts[:_UUID_LOOKUP_LIMIT])
    return _show(attrs.evolve(ctx, path_params={"uuid": first, "id": first}))


def register(router: Router) -> None:
    from inatsdk.testing.observations.v2_writes import observation_create

    add_twin(router, "/v2/observations", "/observations", search, post=observation_create)
    add_twin(router, "/v2/observations/<uuid>", "/observations/{uuid}", show)
    add_twin(
        router,
        "/v2/observations/species_counts",
        "/observations/species_counts",
        twin(v1_species_counts, required=("count", "taxon"), translate=_translate),
    )
