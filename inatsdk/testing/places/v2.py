"""``GET /v2/places/{uuid}`` (and its ``X-HTTP-Method-Override`` POST form): the v1 lookup,
taking ids, slugs and UUIDs, pruned to ``fields``."""

from __future__ import annotations

import attrs

from inatsdk.testing.places.v1 import show as v1_show
from inatsdk.testing.routes import Reply, RequestContext, Router
from inatsdk.testing.v2 import add_twin, twin

__all__ = ["register"]

_LOOKUP_LIMIT = 200
"""The real v2 lookup reads the first 200 ids or UUIDs and ignores the rest."""

_show = twin(v1_show, required=("id",), lookup=True)


def _place_id(ctx: RequestContext, key: str) -> str:
    if len(key) != 36 or key.count("-") != 4:
        return key  # an id or a slug: v1 reads it
    catalog = ctx.store.place_catalog()
    for place_id in catalog.by_id:
        if catalog.record(place_id, geometry=False).get("uuid") == key.lower():
            return str(place_id)
    return "0"


def show(ctx: RequestContext) -> Reply:
    keys = [k.strip() for k in ctx.path_params["uuid"].split(",") if k.strip()]
    ids = ",".join(_place_id(ctx, k) for k in keys[:_LOOKUP_LIMIT])
    return _show(attrs.evolve(ctx, path_params={"id": ids}))


def register(router: Router) -> None:
    add_twin(router, "/v2/places/<uuid>", "/places/{uuid}", show)
