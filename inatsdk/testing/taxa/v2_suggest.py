"""``GET /v2/taxa/suggest`` (and its ``X-HTTP-Method-Override`` POST form) and ``POST
/v2/taxa/suggest``, the multipart form with an ``image``: taxa suggested from the emulator's
world. Both need a valid JWT (401).

``source=observations`` (the default without an image; also ``rg_observations``,
``captive_observations``, ``misidentifications``, ``checklist``, answered alike)
    The taxa of the observations matching ``place_id``/``lat``+``lng``/``taxon_id``, most
    observed first, as ``source_type: "observations"`` suggestions.
``source=visual`` (the default with an image)
    What ``POST /v1/computervision/score_image`` answers for the same bytes (the same taxa,
    in the same order, near ``lat``/``lng``, within ``taxon_id``), as ``source_type:
    "visual"`` suggestions scored by their combined score, with v1's scores in
    ``source_details`` and the ``common_ancestor``. Without an image it is HTTP 422.

Results are pruned to ``fields`` (a form field on the POST); without it each keeps
``source_type``, ``score`` and ``taxon`` (its ``id``), as v2 answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from inatsdk.testing.observations.state import check_photo
from inatsdk.testing.observations.v1 import matching
from inatsdk.testing.observations.v1_writes import read_form
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import float_param, int_param
from inatsdk.testing.taxa import v1_computervision as vision
from inatsdk.testing.v2 import add_twin, parse_fields, plain, prune, split_fields, v2_error

__all__ = ["register"]

_REQUIRED = ("source_type", "score", "taxon")
_SOURCES = frozenset(
    {
        "captive_observations",
        "checklist",
        "misidentifications",
        "observations",
        "rg_observations",
        "visual",
    }
)


def _from_observations(ctx: RequestContext, query: Mapping[str, str]) -> list[JSON]:
    search: dict[str, str] = {}
    for name in ("place_id", "taxon_id"):
        if query.get(name):
            search[name] = query[name]
    lat, lng = query.get("lat"), query.get("lng")
    if lat and lng:
        search.update({"lat": lat, "lng": lng, "radius": "200"})
    counts: dict[int, int] = {}
    for core in matching(plain(ctx, search)):
        if core.taxon_id is not None:
            counts[core.taxon_id] = counts.get(core.taxon_id, 0) + 1
    limit = int_param(query, "limit") or 30
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    most = top[0][1] if top else 1
    return [
        {
            "source_type": "observations",
            "score": round(n / most, 4),
            "source_details": {"observations_count": n, "frequency_score": round(n / most, 4)},
            "taxon": dict(ctx.store.renderer.taxon_brief(t)),
        }
        for t, n in top
    ]


def _visual(ctx: RequestContext, query: Mapping[str, str], image: bytes) -> JSON:
    check_photo(image)
    taxon = float_param(query, "taxon_id")
    scored = vision.score(
        ctx,
        hashlib.sha256(image).digest(),
        lat=float_param(query, "lat"),
        lng=float_param(query, "lng"),
        taxon_id=int(taxon) if taxon is not None else None,
    )
    limit = int_param(query, "limit")
    rows = scored["results"][:limit] if limit else scored["results"]
    answer: JSON = {
        "results": [
            {
                "source_type": "visual",
                "score": r["combined_score"],
                "source_details": {
                    k: r[k] for k in ("combined_score", "vision_score", "frequency_score")
                },
                "taxon": r["taxon"],
            }
            for r in rows
        ],
        "query": {},
    }
    if "common_ancestor" in scored:
        answer["common_ancestor"] = scored["common_ancestor"]
    return answer


def _answer(data: JSON, fields: Any) -> Reply:
    data["results"] = prune(data["results"], fields, _REQUIRED)
    return json_reply(data)


def _source(query: Mapping[str, str], default: str) -> str:
    source = (query.get("source") or default).strip()
    if source not in _SOURCES:
        raise v2_error(422, f"source must be one of {', '.join(sorted(_SOURCES))}")
    return source


def suggest(ctx: RequestContext) -> Reply:
    ctx.require_user()
    query, fields = split_fields(ctx)
    if _source(query, "observations") == "visual":
        raise v2_error(422, "source=visual needs an image: POST it as a multipart form")
    return _answer({"results": _from_observations(ctx, query), "query": {}}, fields)


def suggest_from_image(ctx: RequestContext) -> Reply:
    ctx.require_user()
    form = read_form(ctx)
    query = {k: v for k, v in form.fields.items() if k != "fields"}
    fields = parse_fields(form.fields.get("fields"))
    upload = form.files.get("image")
    if _source(query, "visual" if upload is not None else "observations") != "visual":
        return _answer({"results": _from_observations(ctx, query), "query": {}}, fields)
    if upload is None:
        raise v2_error(422, "No image uploaded (a multipart part named 'image')")
    return _answer(_visual(ctx, query, upload[1]), fields)


def register(router: Router) -> None:
    add_twin(router, "/v2/taxa/suggest", "/taxa/suggest", suggest, post=suggest_from_image)
