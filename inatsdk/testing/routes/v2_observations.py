"""``GET /v2/observations`` and ``GET /v2/observations/{uuid}`` (and their
``X-HTTP-Method-Override`` POST forms): the v1 search and lookup, pruned to ``fields``."""

from __future__ import annotations

import uuid

import attrs

from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.routes.v1_observations import search as v1_search
from inatsdk.testing.routes.v1_observations import show as v1_show
from inatsdk.testing.rules import ApiError
from inatsdk.testing.v2 import add_twin, twin

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


_search = twin(v1_search, required=("uuid",), translate=_translate)
_show = twin(v1_show, required=("uuid",), lookup=True, translate=_check_uuids)


def show(ctx: RequestContext) -> Reply:
    parts = [p.strip().lower() for p in ctx.path_params["uuid"].split(",") if p.strip()]
    first = ",".join(parts[:_UUID_LOOKUP_LIMIT])
    return _show(attrs.evolve(ctx, path_params={"uuid": first, "id": first}))


def register(router: Router) -> None:
    add_twin(router, "/v2/observations", "/observations", _search)
    add_twin(router, "/v2/observations/<uuid>", "/observations/{uuid}", show)
