"""``GET /v1/taxa``, ``/v1/taxa/{id}``, ``/v1/taxa/autocomplete``, and the taxa routes the
server has but its spec leaves out: ``/v1/taxa/iconic``, ``/v1/taxa/lifelist_metadata``,
``/v1/taxa/{id}/wanted`` and ``/v1/taxa/{id}/map_layers``."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping

from inatsdk.testing.records import JSON, envelope, merged, only_ids
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import (
    BATCH_ID_LIMITS,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    RESULT_WINDOW,
    TOO_MANY_IDS_MESSAGE,
    ApiError,
    boolean_param,
    int_list_param,
    int_param,
    paging,
    str_list_param,
)
from inatsdk.testing.taxa.seed import ICONIC_TAXON_IDS, RANK_LEVELS, TaxonRow

__all__ = ["register"]

_WORD = re.compile(r"[\w'-]+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _names(t: TaxonRow) -> list[str]:
    return [t.name, t.common_name] if t.common_name else [t.name]


def _matched_name(t: TaxonRow, q_tokens: list[str]) -> str | None:
    """The first of the taxon's names in which every query word starts a word (the real
    search's ``name_autocomplete`` with operator ``and``)."""
    for name in _names(t):
        words = _tokens(name)
        if all(any(w.startswith(q) for w in words) for q in q_tokens):
            return name
    return None


def _filters(ctx: RequestContext) -> list[Callable[[TaxonRow], bool]]:
    q = ctx.query
    preds: list[Callable[[TaxonRow], bool]] = []
    is_active = boolean_param(q, "is_active", allow_any=True)
    if (q.get("is_active") or "").lower() != "any":
        active = True if is_active is None else is_active
        preds.append(lambda t: t.is_active == active)
    ids = int_list_param(q, "id")
    if ids is not None:
        wanted = frozenset(ids)
        preds.append(lambda t: t.id in wanted)
    taxon_ids = int_list_param(q, "taxon_id")
    if taxon_ids is not None:
        within = frozenset(taxon_ids)
        preds.append(lambda t: not within.isdisjoint(t.ancestor_ids))
    parent_id = int_param(q, "parent_id")
    if parent_id is not None:
        if parent_id == 0:
            preds.append(lambda t: t.parent_id is None)
        else:
            preds.append(lambda t: t.parent_id == parent_id)
    ranks = str_list_param(q, "rank")
    if ranks is not None:
        wanted_ranks = frozenset(ranks)
        preds.append(lambda t: t.rank in wanted_ranks)
    rank_level = q.get("rank_level")
    if rank_level:
        try:
            levels = frozenset(float(v) for v in rank_level.split(",") if v.strip())
        except ValueError:
            raise ApiError(422, f"rank_level must be a number, not {rank_level!r}") from None
        preds.append(lambda t: float(t.rank_level) in levels)
    id_above = int_param(q, "id_above")
    if id_above is not None:
        preds.append(lambda t: t.id > id_above)
    id_below = int_param(q, "id_below")
    if id_below is not None:
        preds.append(lambda t: t.id < id_below)
    if boolean_param(q, "iconic"):
        iconic = frozenset(ICONIC_TAXON_IDS.values())
        preds.append(lambda t: t.id in iconic)
    return preds


def _with_names(ctx: RequestContext, record: JSON, taxon_id: int) -> JSON:
    """Add what ``all_names`` and ``preferred_place_id`` ask for."""
    extra: JSON = {}
    if boolean_param(ctx.query, "all_names"):
        extra["names"] = ctx.store.renderer.taxon_names(taxon_id)
    place_id = int_param(ctx.query, "preferred_place_id")
    if place_id is not None:
        means = ctx.store.renderer.establishment_means(taxon_id, place_id)
        if means is not None:
            extra["establishment_means"] = means
            extra["preferred_establishment_means"] = means["establishment_means"]
    return merged(record, extra) if extra else record


def search(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=PER_PAGE_MAX["taxa"])
    renderer = ctx.store.renderer
    preds = _filters(ctx)
    matched: dict[int, str] = {}
    text = (q.get("q") or "").strip()
    if len(text) > 1000:
        raise ApiError(422, "q is too long")
    q_tokens = _tokens(text)
    candidates = list(ctx.store.world.taxa)
    for pred in preds:
        candidates = [t for t in candidates if pred(t)]
    if q_tokens:
        kept: list[TaxonRow] = []
        for t in candidates:
            name = _matched_name(t, q_tokens)
            if name is not None:
                matched[t.id] = name
                kept.append(t)
        candidates = kept

    order_by = q.get("order_by") or "observations_count"
    order = q.get("order")
    counts = renderer.observations_count
    if order_by == "id":
        candidates.sort(key=lambda t: t.id, reverse=order == "desc")
    elif order_by == "created_at":
        created = {t.id: renderer.taxon_in_observation(t.id)["created_at"] for t in candidates}
        candidates.sort(key=lambda t: (created[t.id], t.id), reverse=order == "desc")
    else:  # observations_count, descending unless asked otherwise
        descending = order != "asc"
        candidates.sort(
            key=lambda t: (counts.get(t.id, 0), -t.id if descending else t.id),
            reverse=descending,
        )
    if boolean_param(q, "only_id"):
        return json_reply(paged(pg, candidates, lambda window: only_ids(t.id for t in window)))
    details = (q.get("details") or "") == "all"

    def render(window: list[TaxonRow]) -> list[JSON]:
        results: list[JSON] = []
        for t in window:
            record = renderer.taxon_details(t.id) if details else renderer.taxon_search(t.id)
            if t.id in matched:
                record = merged(record, {"matched_term": matched[t.id]})
            results.append(_with_names(ctx, record, t.id))
        return results

    return json_reply(paged(pg, candidates, render))


def show(ctx: RequestContext) -> Reply:
    raw = ctx.path_params["id"]
    parts = [p for p in raw.split(",") if p.strip()]
    if len(parts) > BATCH_ID_LIMITS["taxa"]:
        raise ApiError(422, TOO_MANY_IDS_MESSAGE)
    ids: list[int] = []
    for p in parts:
        try:
            ids.append(int(p))
        except ValueError:
            raise ApiError(422, f"taxon ids must be integers, not {p!r}") from None
    renderer = ctx.store.renderer
    found = sorted(
        {i for i in ids if i in renderer.taxa},
        key=lambda i: (-renderer.observations_count.get(i, 0), i),
    )
    rank_level = int_param(ctx.query, "rank_level")
    if rank_level is not None:
        found = [i for i in found if renderer.taxa[i].rank_level == rank_level]
    results = [_with_names(ctx, renderer.taxon_details(i), i) for i in found]
    per_page = max(PER_PAGE_DEFAULT, len(ids))
    return json_reply(envelope(len(results), 1, per_page, results))


def autocomplete(ctx: RequestContext) -> Reply:
    q = ctx.query
    page = int_param(q, "page")
    if page is not None and page != 1:
        # the real one answers page 1 whatever page is asked: a client paging it would loop
        raise ApiError(422, "taxa/autocomplete has a single page: page must be 1 or left out")
    pg = paging(q, maximum=PER_PAGE_MAX["taxa_autocomplete"], fixed_page=1)
    text = (q.get("q") or "").strip()
    renderer = ctx.store.renderer
    if not text:
        return json_reply(envelope(0, 1, pg.per_page, []))
    q_tokens = _tokens(text)
    candidates = list(ctx.store.world.taxa)
    for pred in _filters(ctx):
        candidates = [t for t in candidates if pred(t)]
    matched: dict[int, str] = {}
    exact: list[TaxonRow] = []
    others: list[TaxonRow] = []
    for t in candidates:
        if text.isdigit() and t.id == int(text):
            matched[t.id] = t.name
            exact.append(t)
            continue
        name = _matched_name(t, q_tokens)
        if name is None:
            continue
        matched[t.id] = name
        if any(n.lower() == text.lower() for n in _names(t)):
            exact.append(t)
        else:
            others.append(t)
    counts = renderer.observations_count
    others.sort(key=lambda t: (-counts.get(t.id, 0), t.id))
    ordered = exact[:1] + others + exact[1:]

    def render(window: list[TaxonRow]) -> list[JSON]:
        return [
            _with_names(
                ctx, merged(renderer.taxon_search(t.id), {"matched_term": matched[t.id]}), t.id
            )
            for t in window
        ]

    return json_reply(paged(pg, ordered, render))


# ---------------------------------------------------------------------------------------------
# Undocumented routes (from the server's source: taxa_controller.js)
# ---------------------------------------------------------------------------------------------

#: What each undocumented route reads from the query; anything else is refused, as the
#: documented routes refuse what their spec does not declare.
UNDOCUMENTED_PARAMS: Mapping[str, frozenset[str]] = {
    "iconic": frozenset(),
    "lifelist_metadata": frozenset({"observed_by_user_id", "locale", "preferred_place_id"}),
    "wanted": frozenset({"page", "per_page", "locale", "preferred_place_id"}),
    "map_layers": frozenset(),
}
#: ``/taxa/{id}/wanted`` looks at this many species under the taxon, no more.
WANTED_DESCENDANTS = 1_000
#: ``/taxa/iconic`` is ``/taxa?iconic=true`` with the default page size.
ICONIC_PER_PAGE = PER_PAGE_DEFAULT


def _known_params(ctx: RequestContext, route: str) -> None:
    allowed = UNDOCUMENTED_PARAMS[route]
    for name in ctx.query:
        if name not in allowed:
            raise ApiError(422, f"Unknown parameter: {name}")


def _taxon_in_path(ctx: RequestContext) -> TaxonRow:
    raw = ctx.path_params["id"]
    try:
        taxon_id = int(raw)
    except ValueError:
        raise ApiError(422, f"taxon id must be an integer, not {raw!r}") from None
    row = ctx.store.renderer.taxa.get(taxon_id)
    if row is None:
        raise ApiError(404, "Not Found")
    return row


def iconic(ctx: RequestContext) -> Reply:
    _known_params(ctx, "iconic")
    renderer = ctx.store.renderer
    wanted = frozenset(ICONIC_TAXON_IDS.values())
    found = [t for t in ctx.store.world.taxa if t.id in wanted and t.is_active]
    counts = renderer.observations_count
    found.sort(key=lambda t: (-counts.get(t.id, 0), t.id))
    results = [renderer.taxon_search(t.id) for t in found[:ICONIC_PER_PAGE]]
    return json_reply(envelope(len(found), 1, ICONIC_PER_PAGE, results))


def lifelist_metadata(ctx: RequestContext) -> Reply:
    _known_params(ctx, "lifelist_metadata")
    raw = (ctx.query.get("observed_by_user_id") or "").strip()
    store = ctx.store
    user_id = int(raw) if raw.isdigit() else store.user_id(raw) if raw else None
    if user_id is None or not store.has_user(user_id):
        raise ApiError(422, "Unprocessable Entity")
    taxa = store.renderer.taxa
    seen: set[int] = set()
    for o in store.observations_snapshot():
        if o.user_id == user_id and o.taxon_id is not None:
            seen.update(taxa[o.taxon_id].ancestor_ids)
    if not seen:  # the real server fails this way for a user who has observed nothing
        raise ApiError(500, "Internal Server Error")
    results: list[JSON] = []
    for t in store.world.taxa:  # taxonomic order: parents before children
        if t.id not in seen:
            continue
        base = store.renderer.taxon_search(t.id)
        record: JSON = {
            "name": t.name,
            "id": t.id,
            "default_photo": {"medium_url": base["default_photo"]["medium_url"]},
        }
        if t.common_name:
            record["preferred_common_name"] = t.common_name
        results.append(record)
    return json_reply({"total_results": len(results), "results": results})


def wanted(ctx: RequestContext) -> Reply:
    _known_params(ctx, "wanted")
    taxon = _taxon_in_path(ctx)
    pg = paging(ctx.query, maximum=RESULT_WINDOW)  # the server clamps nothing
    store = ctx.store
    taxa = store.renderer.taxa
    species = [
        t.id
        for t in store.world.taxa
        if taxon.id in t.ancestor_ids and t.rank == "species" and t.is_active
    ][:WANTED_DESCENDANTS]
    observed: set[int] = set()
    for o in store.observations_snapshot():
        if o.taxon_id is None or o.quality_grade not in ("research", "needs_id"):
            continue
        t = taxa[o.taxon_id]
        if t.rank_level < RANK_LEVELS["species"] and t.parent_id is not None:
            t = taxa[t.parent_id]
        observed.add(t.id)
    counts = store.renderer.observations_count
    missing = sorted(
        (i for i in species if i not in observed), key=lambda i: (-counts.get(i, 0), i)
    )
    return json_reply(
        paged(
            pg,
            missing,
            lambda window: [_with_names(ctx, store.renderer.taxon_details(i), i) for i in window],
        )
    )


def map_layers(ctx: RequestContext) -> Reply:
    _known_params(ctx, "map_layers")
    taxon = _taxon_in_path(ctx)
    rng = random.Random(f"map_layers:{taxon.id}")
    gbif_id = 2_000_000 + (taxon.id * 7919) % 8_000_000 if rng.random() < 0.9 else None
    ranges = taxon.rank == "species" and rng.random() < 0.4
    listed = bool(ctx.store.renderer.taxon_places.get(taxon.id))
    # a bare object, no envelope (v2's answer has one)
    return json_reply(
        {"id": taxon.id, "ranges": ranges, "gbif_id": gbif_id, "listed_places": listed}
    )


def register(router: Router) -> None:
    # The real /taxa also takes these, though the v1 spec leaves them out.
    search_extras = frozenset({"page", "taxon_id", "iconic", "details"})
    show_extras = frozenset({"locale", "preferred_place_id", "all_names"})
    router.add("GET", "/v1/taxa", search, version="v1", extra_params=search_extras)
    # page: the real autocomplete reads it and forces it to 1; page=1 is harmless, others are 422
    router.add(
        "GET", "/v1/taxa/autocomplete", autocomplete, version="v1", extra_params=frozenset({"page"})
    )
    router.add("GET", "/v1/taxa/<id>", show, version="v1", extra_params=show_extras)
    router.add("GET", "/v1/taxa/iconic", iconic, version="v1")
    router.add("GET", "/v1/taxa/lifelist_metadata", lifelist_metadata, version="v1")
    router.add("GET", "/v1/taxa/<id>/wanted", wanted, version="v1")
    router.add("GET", "/v1/taxa/<id>/map_layers", map_layers, version="v1")
