"""``POST /v1/computervision/score_image`` and ``GET /v1/computervision/score_observation/{id}``
(both undocumented upstream): computer-vision suggestions, faked deterministically.

The emulator has no vision model. Its scores are made up, but always the same for the same
input, and drawn from the seeded taxonomy:

* the SHA-256 of the image (for ``score_observation``: of the observation's first photo, or of
  its id when the photo is a seeded one) seeds a generator that picks ten active species (below
  ``taxon_id`` when it is given) and their ``vision_score`` (adding up to 100);
* with ``lat`` and ``lng`` (form fields of ``score_image``; the observation's own location for
  ``score_observation``), ``frequency_score`` is each species' share of the seeded observations
  within ``radius`` km (default 100), and ``combined_score`` is ``vision_score * (0.5 +
  share)``, scaled to add up to 100 again; without them ``combined_score`` is the vision score
  and ``frequency_score`` is 0;
* ``common_ancestor`` is the deepest taxon from genus up to order (rank level 40) whose
  suggestions add up to at least 70 of the combined score (the real service's default
  threshold), with that sum as its ``score``; left out when there is none.

Both need a signed-in user (401 otherwise), as on the real service. ``score_image`` takes a
multipart body with the picture in a part named ``image`` (a JPEG, PNG, GIF or WebP; anything
else is 422).
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from collections.abc import Mapping

from inatsdk.testing.observations.state import check_photo
from inatsdk.testing.observations.v1_writes import read_form
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, float_param
from inatsdk.testing.seed import World

__all__ = ["register", "score"]

SUGGESTIONS = 10
"""How many suggestions one answer holds (as the real service)."""
ANCESTOR_THRESHOLD = 70.0
ANCESTOR_RANK_LEVEL_CUTOFF = 40
DEFAULT_RADIUS_KM = 100.0


@functools.lru_cache(maxsize=8)
def _species(world: World) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(id, ancestor ids) of every active species, by id."""
    return tuple(
        (t.id, t.ancestor_ids)
        for t in sorted(world.taxa, key=lambda t: t.id)
        if t.rank == "species" and t.is_active
    )


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def score(
    ctx: RequestContext,
    digest: bytes,
    *,
    lat: float | None,
    lng: float | None,
    taxon_id: int | None,
    radius: float = DEFAULT_RADIUS_KM,
) -> JSON:
    """The answer for an image whose SHA-256 is ``digest`` (see the module docstring)."""
    store = ctx.store
    pool = [
        sid for sid, ancestors in _species(store.world) if taxon_id is None or taxon_id in ancestors
    ]
    if not pool:
        return {"total_results": 0, "page": 1, "per_page": SUGGESTIONS, "results": []}
    rng = random.Random(digest)
    chosen = rng.sample(pool, min(SUGGESTIONS, len(pool)))
    raw = sorted((rng.expovariate(1.0) ** 2 for _ in chosen), reverse=True)
    total = sum(raw) or 1.0
    vision = {sid: 100.0 * r / total for sid, r in zip(chosen, raw, strict=True)}

    frequency = dict.fromkeys(chosen, 0.0)
    combined = dict(vision)
    if lat is not None and lng is not None:
        wanted = set(chosen)
        counts = dict.fromkeys(chosen, 0)
        for o in store.observations_snapshot():
            if (
                o.taxon_id in wanted
                and o.lat is not None
                and o.lng is not None
                and _km(lat, lng, o.lat, o.lng) <= radius
            ):
                counts[o.taxon_id] += 1
        near = sum(counts.values())
        if near:
            frequency = {sid: 100.0 * counts[sid] / near for sid in chosen}
            mixed = {sid: vision[sid] * (0.5 + frequency[sid] / 100.0) for sid in chosen}
            scale = 100.0 / (sum(mixed.values()) or 1.0)
            combined = {sid: v * scale for sid, v in mixed.items()}

    order = sorted(chosen, key=lambda sid: combined[sid], reverse=True)
    results = [
        {
            "taxon": dict(store.renderer.taxon_search(sid)),
            "combined_score": round(combined[sid], 6),
            "vision_score": round(vision[sid], 6),
            "frequency_score": round(frequency[sid], 6),
        }
        for sid in order
    ]
    answer: JSON = {
        "total_results": len(results),
        "page": 1,
        "per_page": len(results),
        "results": results,
    }
    ancestor = _common_ancestor(ctx, {sid: combined[sid] for sid in order})
    if ancestor is not None:
        answer["common_ancestor"] = ancestor
    return answer


def _common_ancestor(ctx: RequestContext, scores: Mapping[int, float]) -> JSON | None:
    taxa = ctx.store.renderer.taxa
    sums: dict[int, float] = {}
    for sid, value in scores.items():
        for ancestor in taxa[sid].ancestor_ids[:-1]:  # above the species itself
            sums[ancestor] = sums.get(ancestor, 0.0) + value
    best: int | None = None
    for taxon_id, total in sums.items():
        row = taxa[taxon_id]
        if total < ANCESTOR_THRESHOLD or row.rank_level > ANCESTOR_RANK_LEVEL_CUTOFF:
            continue
        if row.rank_level < 20:  # below genus: never
            continue
        if best is None or row.depth > taxa[best].depth:
            best = taxon_id
    if best is None:
        return None
    return {"taxon": dict(ctx.store.renderer.taxon_search(best)), "score": round(sums[best], 6)}


def score_image(ctx: RequestContext) -> Reply:
    ctx.require_user()
    form = read_form(ctx)
    upload = form.files.get("image")
    if upload is None:
        raise ApiError(422, "No image uploaded (a multipart part named 'image')")
    check_photo(upload[1])
    taxon = float_param(form.fields, "taxon_id")
    radius = float_param(form.fields, "radius")
    return json_reply(
        score(
            ctx,
            hashlib.sha256(upload[1]).digest(),
            lat=float_param(form.fields, "lat"),
            lng=float_param(form.fields, "lng"),
            taxon_id=int(taxon) if taxon is not None else None,
            radius=radius if radius is not None else DEFAULT_RADIUS_KM,
        )
    )


def score_observation(ctx: RequestContext) -> Reply:
    ctx.require_user()
    raw = ctx.path_params["id"].strip()
    if not raw.isdigit():
        raise ApiError(422, "ID missing")
    core = ctx.store.observation_core(int(raw))
    if core is None:
        raise ApiError(422, "Unknown observation")
    record = ctx.store.render_observation(core, details=True)
    photos: list[JSON] = record.get("photos") or []
    if not photos:
        raise ApiError(422, "Observation has no scorable photos")
    first = photos[0]["id"]
    stored = ctx.store.observation_writes().files.get(first)
    digest = (
        hashlib.sha256(stored.data).digest()
        if stored is not None
        else hashlib.sha256(f"photo:{first}".encode()).digest()
    )
    return json_reply(score(ctx, digest, lat=core.lat, lng=core.lng, taxon_id=None))


def register(router: Router) -> None:
    router.add("POST", "/v1/computervision/score_image", score_image, version="v1")
    router.add(
        "GET",
        "/v1/computervision/score_observation/<id>",
        score_observation,
        version="v1",
        extra_params=frozenset({"ttl", "locale", "preferred_place_id"}),
    )
