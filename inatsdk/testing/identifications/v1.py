"""``GET /v1/identifications`` and its aggregates, served from the identifications inside the
store's observations (see :mod:`inatsdk.testing.identifications.seed`).

What the handlers follow, from the server's source (``identifications_controller.js``):

* ``current`` defaults to true, also for ``/identifications/{id}``, which answers at most 30
  identifications (``per_page`` 30) and drops the rest of the ids;
* searches page by ``page``/``per_page`` (30 by default, at most 200, the 10,000-result window)
  or by ``id_above``/``id_below``, ordered by ``created_at`` or ``id``;
* ``categories`` and ``similar_species`` answer their whole list in one response;
* ``species_counts`` counts leaf taxa of the observations' taxa unless
  ``taxon_of=identification`` (whatever the spec says the default is), 500 per page at most;
* ``identifiers`` and ``observers`` rank users by matching identifications; only the top 500 are
  ever reachable, ``total_results`` is the number of distinct users;
* ``recent_taxa`` looks at current identifications of active taxa, gives each taxon of their
  species-level ancestries its earliest identification, keeps the 500 most recent of those and
  pages through them (10 per page by default); the undocumented ``recent_taxa_revisited``
  buckets by species-level taxon and credits their ancestors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from inatsdk.testing.identifications.seed import IdentificationRow
from inatsdk.testing.observations.v1 import taxon_scope, user_scope
from inatsdk.testing.records import JSON, envelope, only_ids
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import (
    PER_PAGE_MAX,
    ApiError,
    boolean_param,
    date_param,
    int_list_param,
    int_param,
    is_date_only,
    paging,
    str_list_param,
)
from inatsdk.testing.store import Store
from inatsdk.testing.taxa.seed import RANK_LEVELS, TaxonRow

__all__ = ["register"]

Pred = Callable[[IdentificationRow], bool]

#: The most ids ``/identifications/{id}`` answers (its ``per_page``); the spec says so too.
SHOW_LIMIT = 30
#: The most rows the user and taxon aggregations ever hold.
AGGREGATION_SIZE = 500
#: ``recent_taxa``'s page size when none is given.
RECENT_TAXA_DEFAULT = 10
_DAY = 86_400


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------


def _rank_range(q: Mapping[str, str], low: str, high: str) -> tuple[int, int] | None:
    lrank, hrank = q.get(low), q.get(high)
    if not lrank and not hrank:
        return None
    return RANK_LEVELS.get(lrank or "", 0), RANK_LEVELS.get(hrank or "", 100)


def _time_bounds(q: Mapping[str, str], start: str, end: str) -> tuple[float | None, float | None]:
    """Epoch bounds (inclusive) of a ``d1``/``d2`` pair; a bare date covers its whole UTC day."""
    first, last = date_param(q, start), date_param(q, end)
    lo = first.timestamp() if first is not None else None
    hi: float | None = None
    if last is not None:
        hi = last.timestamp() + (_DAY - 0.001 if is_date_only(q, end) else 0.0)
    return lo, hi


def _day_bounds(q: Mapping[str, str], start: str, end: str) -> tuple[int | None, int | None]:
    first, last = date_param(q, start), date_param(q, end)
    epoch = dt.date(1970, 1, 1)
    lo = (first.date() - epoch).days if first is not None else None
    hi = (last.date() - epoch).days if last is not None else None
    return lo, hi


def _bool_filter(q: Mapping[str, str], name: str, get: Callable[[IdentificationRow], bool]) -> Pred:
    wanted = boolean_param(q, name, allow_any=True)
    if wanted is None:
        return lambda r: True
    return lambda r: get(r) == wanted


def filters(ctx: RequestContext, query: Mapping[str, str] | None = None) -> list[Pred]:
    """The predicates the parameters of an identification search ask for."""
    q = ctx.query if query is None else query
    store = ctx.store
    taxa = store.renderer.taxa
    preds: list[Pred] = []

    current = (q.get("current") or "true").strip().lower()
    if current == "false":
        preds.append(lambda r: not r.current)
    elif current != "any":
        preds.append(lambda r: r.current)
    preds.append(_bool_filter(q, "current_taxon", lambda r: r.taxon_id == r.observation_taxon_id))
    preds.append(_bool_filter(q, "own_observation", lambda r: r.own_observation))
    preds.append(_bool_filter(q, "taxon_active", lambda r: taxa[r.taxon_id].is_active))
    preds.append(
        _bool_filter(
            q,
            "observation_taxon_active",
            lambda r: r.observation_taxon_id is not None and taxa[r.observation_taxon_id].is_active,
        )
    )
    if boolean_param(q, "is_change"):  # no seeded identification comes from a taxon change
        preds.append(lambda r: False)
    if int_list_param(q, "taxon_change_id") is not None:
        preds.append(lambda r: False)

    ids = int_list_param(q, "id")
    if ids is not None:
        wanted_ids = frozenset(ids)
        preds.append(lambda r: r.id in wanted_ids)
    id_above, id_below = int_param(q, "id_above"), int_param(q, "id_below")
    if id_above is not None:
        preds.append(lambda r: r.id > id_above)
    if id_below is not None:
        preds.append(lambda r: r.id < id_below)

    ranks = str_list_param(q, "rank")
    if ranks is not None:
        rank_set = frozenset(ranks)
        preds.append(lambda r: taxa[r.taxon_id].rank in rank_set)
    obs_ranks = str_list_param(q, "observation_rank")
    if obs_ranks is not None:
        obs_rank_set = frozenset(obs_ranks)
        preds.append(
            lambda r: (
                r.observation_taxon_id is not None
                and taxa[r.observation_taxon_id].rank in obs_rank_set
            )
        )
    levels = _rank_range(q, "lrank", "hrank")
    if levels is not None:
        low, high = levels
        preds.append(lambda r: low <= taxa[r.taxon_id].rank_level <= high)
    obs_levels = _rank_range(q, "observation_lrank", "observation_hrank")
    if obs_levels is not None:
        obs_low, obs_high = obs_levels
        preds.append(
            lambda r: (
                r.observation_taxon_id is not None
                and obs_low <= taxa[r.observation_taxon_id].rank_level <= obs_high
            )
        )

    users = str_list_param(q, "user_id")
    if users is not None:
        user_set = user_scope(store, users)
        preds.append(lambda r: r.user_id in user_set)
    logins = str_list_param(q, "user_login")
    if logins is not None:
        login_set = user_scope(store, [v for v in logins if not v.isdigit()] or ["-"])
        preds.append(lambda r: r.user_id in login_set)
    categories = str_list_param(q, "category")
    if categories is not None:
        category_set = frozenset(categories)
        preds.append(lambda r: r.category in category_set)
    grades = str_list_param(q, "quality_grade")
    if grades is not None:
        grade_set = frozenset(grades)
        preds.append(lambda r: r.quality_grade in grade_set)
    places = int_list_param(q, "place_id")
    if places is not None:
        place_set = frozenset(places)
        preds.append(lambda r: not place_set.isdisjoint(r.place_ids))

    taxon_ids = int_list_param(q, "taxon_id")
    if taxon_ids is not None:
        scope = taxon_scope(store, taxon_ids)
        preds.append(lambda r: r.taxon_id in scope)
    obs_taxon_ids = int_list_param(q, "observation_taxon_id")
    if obs_taxon_ids is not None:
        obs_scope = taxon_scope(store, obs_taxon_ids)
        preds.append(lambda r: r.observation_taxon_id in obs_scope)
    without = int_list_param(q, "without_taxon_id")
    if without is not None:
        excluded = taxon_scope(store, without)
        preds.append(lambda r: r.taxon_id not in excluded)
    obs_without = int_list_param(q, "without_observation_taxon_id")
    if obs_without is not None:
        obs_excluded = taxon_scope(store, obs_without)
        preds.append(lambda r: r.observation_taxon_id not in obs_excluded)
    iconic = int_list_param(q, "iconic_taxon_id")
    if iconic is not None:
        iconic_set = frozenset(iconic)
        preds.append(lambda r: taxa[r.taxon_id].iconic_taxon_id in iconic_set)
    obs_iconic = int_list_param(q, "observation_iconic_taxon_id")
    if obs_iconic is not None:
        obs_iconic_set = frozenset(obs_iconic)
        preds.append(
            lambda r: (
                r.observation_taxon_id is not None
                and taxa[r.observation_taxon_id].iconic_taxon_id in obs_iconic_set
            )
        )

    lo, hi = _time_bounds(q, "d1", "d2")
    if lo is not None:
        preds.append(lambda r: r.created >= lo)
    if hi is not None:
        preds.append(lambda r: r.created <= hi)
    c_lo, c_hi = _time_bounds(q, "observation_created_d1", "observation_created_d2")
    if c_lo is not None:
        preds.append(lambda r: r.observation_created >= c_lo)
    if c_hi is not None:
        preds.append(lambda r: r.observation_created <= c_hi)
    day_lo, day_hi = _day_bounds(q, "observed_d1", "observed_d2")
    if day_lo is not None:
        preds.append(lambda r: r.observed_day >= day_lo)
    if day_hi is not None:
        preds.append(lambda r: r.observed_day <= day_hi)
    return preds


def matching(
    ctx: RequestContext, query: Mapping[str, str] | None = None
) -> list[IdentificationRow]:
    """The identifications a query matches, ascending by id."""
    rows: Iterable[IdentificationRow] = ctx.store.identifications_snapshot()
    for pred in filters(ctx, query):
        rows = [r for r in rows if pred(r)]
    return list(rows)


# ---------------------------------------------------------------------------------------------
# Search and lookup
# ---------------------------------------------------------------------------------------------


def _ordered(q: Mapping[str, str], rows: list[IdentificationRow]) -> list[IdentificationRow]:
    order_by = q.get("order_by") or "created_at"
    descending = (q.get("order") or "desc").lower() != "asc"
    if order_by == "id":
        return rows[::-1] if descending else rows
    return sorted(rows, key=lambda r: (r.created, r.id), reverse=descending)


def search(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=PER_PAGE_MAX["identifications"])
    rows = _ordered(q, matching(ctx))
    if boolean_param(q, "only_id"):
        return json_reply(paged(pg, rows, lambda window: only_ids(r.id for r in window)))
    render = ctx.store.render_identification
    return json_reply(paged(pg, rows, lambda window: [render(r) for r in window]))


def show(ctx: RequestContext) -> Reply:
    ids: list[int] = []
    for part in ctx.path_params["id"].split(","):
        if not part.strip():
            continue
        try:
            ids.append(int(part))
        except ValueError:
            raise ApiError(422, f"identification ids must be integers, not {part!r}") from None
    wanted = frozenset(ids)
    store = ctx.store
    found: list[IdentificationRow] = []
    for i in wanted:
        row = store.identification_row(i)
        if row is not None and row.current:  # the real lookup keeps the search's current=true
            found.append(row)
    found.sort(key=lambda r: (r.created, r.id), reverse=True)
    results = [store.render_identification(r) for r in found[:SHOW_LIMIT]]
    return json_reply(envelope(len(found), 1, SHOW_LIMIT, results))


# ---------------------------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------------------------


def categories(ctx: RequestContext) -> Reply:
    counts: dict[str, int] = {}
    for r in matching(ctx):
        counts[r.category] = counts.get(r.category, 0) + 1
    results: list[JSON] = [
        {"category": name, "count": n}
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return json_reply(envelope(len(results), 1, len(results), results))


def _min_species(taxa: Mapping[int, TaxonRow], taxon_id: int) -> TaxonRow:
    t = taxa[taxon_id]
    if t.rank_level < RANK_LEVELS["species"] and t.parent_id is not None:
        return taxa[t.parent_id]
    return t


def leaf_counts(
    store: Store, rows: Iterable[IdentificationRow], *, of_identification: bool
) -> dict[int, int]:
    """Leaf taxa of the rows' species-level ancestries, with how many rows reach each (the
    server's ``ancestriesSpeciesCounts``)."""
    taxa = store.renderer.taxa
    reach: dict[int, int] = {}
    for r in rows:
        taxon_id = r.taxon_id if of_identification else r.observation_taxon_id
        if taxon_id is None:
            continue
        for ancestor in _min_species(taxa, taxon_id).ancestor_ids:
            reach[ancestor] = reach.get(ancestor, 0) + 1
    inner = {a for t in reach for a in taxa[t].ancestor_ids[:-1]}
    return {t: n for t, n in reach.items() if t not in inner}


def _taxon_counts(store: Store, counts: Mapping[int, int], *, ascending: bool) -> list[JSON]:
    renderer = store.renderer
    ordered = sorted(counts.items(), key=lambda kv: (kv[1] if ascending else -kv[1], kv[0]))
    return [{"count": n, "taxon": renderer.taxon_search(t)} for t, n in ordered]


def species_counts(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=PER_PAGE_MAX["species_counts"], default=PER_PAGE_MAX["species_counts"])
    of_identification = (q.get("taxon_of") or "") == "identification"
    counts = leaf_counts(ctx.store, matching(ctx), of_identification=of_identification)
    ascending = (q.get("order") or "desc").lower() == "asc"
    rows = _taxon_counts(ctx.store, counts, ascending=ascending)
    return json_reply(paged(pg, rows, list))


def _user_counts(ctx: RequestContext, key: Callable[[IdentificationRow], int]) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=PER_PAGE_MAX["identifiers"], default=AGGREGATION_SIZE)
    counts: dict[int, int] = {}
    for r in matching(ctx):
        user_id = key(r)
        counts[user_id] = counts.get(user_id, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:AGGREGATION_SIZE]
    renderer = ctx.store.renderer

    def render(window: Sequence[tuple[int, int]]) -> list[JSON]:
        return [{"user_id": u, "count": n, "user": renderer.user(u)} for u, n in window]

    return json_reply(paged(pg, top, render, total=len(counts)))


def identifiers(ctx: RequestContext) -> Reply:
    return _user_counts(ctx, lambda r: r.user_id)


def observers(ctx: RequestContext) -> Reply:
    return _user_counts(ctx, lambda r: r.observation_user_id)


def recent_taxa(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=AGGREGATION_SIZE, default=RECENT_TAXA_DEFAULT)
    forced = {**q, "current": "true", "current_taxon": "true", "taxon_active": "true"}
    forced.pop("is_change", None)  # forced to false: no seeded identification is a change
    store = ctx.store
    taxa = store.renderer.taxa
    earliest: dict[int, int] = {}
    by_id: dict[int, IdentificationRow] = {}
    for r in matching(ctx, forced):
        by_id[r.id] = r
        for ancestor in _min_species(taxa, r.taxon_id).ancestor_ids:
            if r.id < earliest.get(ancestor, r.id + 1):
                earliest[ancestor] = r.id
    buckets = sorted(earliest.items(), key=lambda kv: -kv[1])[:AGGREGATION_SIZE]
    scope = int_list_param(q, "taxon_id")
    kept = [
        (t, i)
        for t, i in buckets
        if taxa[t].is_active and (scope is None or not set(scope).isdisjoint(taxa[t].ancestor_ids))
    ]
    body = paged(pg, kept, lambda window: _recent_rows(store, window, by_id))
    body["all_results_available"] = len(earliest) < AGGREGATION_SIZE
    return json_reply(body)


def recent_taxa_revisited(ctx: RequestContext) -> Reply:
    """The undocumented variant: buckets by species-level taxon (500 at most), each crediting
    its ancestors below ``taxon_id`` (all of them without one) with its earliest
    identification."""
    q = ctx.query
    pg = paging(q, maximum=AGGREGATION_SIZE, default=RECENT_TAXA_DEFAULT)
    forced = {**q, "current": "true", "current_taxon": "true", "taxon_active": "true"}
    forced.pop("is_change", None)
    store = ctx.store
    taxa = store.renderer.taxa
    leaves: dict[int, int] = {}
    by_id: dict[int, IdentificationRow] = {}
    for r in matching(ctx, forced):
        by_id[r.id] = r
        leaf = _min_species(taxa, r.taxon_id).id
        leaves[leaf] = min(leaves.get(leaf, r.id), r.id)
    buckets = sorted(leaves.items(), key=lambda kv: -kv[1])[:AGGREGATION_SIZE]
    earliest = dict(buckets)
    scope = int_list_param(q, "taxon_id")
    branch_top = taxa[scope[0]] if scope and scope[0] in taxa else None
    for leaf, _ in buckets:  # most recent first, so the earliest is written last
        ancestry = taxa[leaf].ancestor_ids[:-1]
        if branch_top is not None:
            if branch_top.id not in taxa[leaf].ancestor_ids:
                continue
            ancestry = ancestry[ancestry.index(branch_top.id) + 1 :]
        for ancestor in ancestry:  # a genus bucket is also an ancestor: it may be rewritten
            earliest[ancestor] = earliest[leaf]
    ordered = sorted(earliest.items(), key=lambda kv: (-kv[1], kv[0]))
    body = paged(pg, ordered, lambda window: _recent_rows(store, window, by_id))
    body["all_results_available"] = len(leaves) < AGGREGATION_SIZE
    return json_reply(body)


def _recent_rows(
    store: Store, window: Sequence[tuple[int, int]], by_id: Mapping[int, IdentificationRow]
) -> list[JSON]:
    """The ``results`` of a ``recent_taxa`` page: each taxon with its earliest identification."""
    return [
        {
            "taxon_id": taxon_id,
            "identification_id": ident_id,
            "taxon": store.renderer.taxon_search(taxon_id),
            "identification": _recent_identification(store, by_id[ident_id]),
        }
        for taxon_id, ident_id in window
    ]


def _recent_identification(store: Store, row: IdentificationRow) -> JSON:
    """The identification of a ``recent_taxa`` row: its observation cut to id, taxon, photos
    and user, as the server fetches it."""
    full = store.render_identification(row)
    observation: Mapping[str, Any] = full["observation"]
    record = {k: v for k, v in full.items() if k != "observation"}
    record["observation"] = {
        k: observation[k] for k in ("id", "taxon", "photos", "user") if k in observation
    }
    return record


def similar_species(ctx: RequestContext) -> Reply:
    q = ctx.query
    taxon_id = int_param(q, "taxon_id")
    if taxon_id is None:
        raise ApiError(422, "Missing required parameter `taxon_id`")
    store = ctx.store
    taxa = store.renderer.taxa
    taxon = taxa.get(taxon_id)
    if taxon is None:
        raise ApiError(422, f"Unknown taxon {taxon_id}")
    if taxon.rank_level > RANK_LEVELS["genus"]:
        raise ApiError(422, f"Taxon {taxon_id} is not genus or finer")
    shared = {"current": "any", "current_taxon": "false"}
    if q.get("place_id"):
        shared["place_id"] = q["place_id"]
    iconic = str(taxon.iconic_taxon_id)
    # identifications of this taxon on observations of other taxa, counted by observation taxon
    mistaken_for = {
        **shared,
        "taxon_id": str(taxon_id),
        "observation_iconic_taxon_id": iconic,
        "without_observation_taxon_id": str(taxon_id),
        "observation_taxon_active": "true",
    }
    # identifications of other taxa on observations of this taxon, counted by identification
    mistaken_as = {
        **shared,
        "observation_taxon_id": str(taxon_id),
        "iconic_taxon_id": iconic,
        "without_taxon_id": str(taxon_id),
        "taxon_active": "true",
    }
    combined = dict(leaf_counts(store, matching(ctx, mistaken_for), of_identification=False))
    for t, n in leaf_counts(store, matching(ctx, mistaken_as), of_identification=True).items():
        combined[t] = combined.get(t, 0) + n
    # fold each taxon into its ancestor at the requested taxon's rank, where it has one
    by_rank: dict[int, int] = {}
    for t, n in combined.items():
        matched = t
        if taxa[t].rank != taxon.rank:
            for a in taxa[t].ancestor_ids:
                if taxa[a].rank == taxon.rank:
                    matched = a
        by_rank[matched] = by_rank.get(matched, 0) + n
    renderer = store.renderer
    results: list[JSON] = []
    for t, n in sorted(by_rank.items(), key=lambda kv: (-kv[1], kv[0])):
        record = dict(renderer.taxon_search(t))
        record["ancestors"] = [renderer.taxon_brief(a) for a in taxa[t].ancestor_ids[1:-1]]
        results.append({"count": n, "taxon": record})
    return json_reply(envelope(len(results), 1, len(results), results))


def _checked_revisited(ctx: RequestContext) -> Reply:
    from inatsdk.params.spec import operation

    allowed = operation("v1", "GET", "/identifications/recent_taxa").query_names()
    for name in ctx.query:
        if name not in allowed:
            raise ApiError(422, f"Unknown parameter: {name}")
    return recent_taxa_revisited(ctx)


def register(router: Router) -> None:
    router.add("GET", "/v1/identifications", search, version="v1")
    router.add("GET", "/v1/identifications/categories", categories, version="v1")
    router.add("GET", "/v1/identifications/species_counts", species_counts, version="v1")
    router.add("GET", "/v1/identifications/identifiers", identifiers, version="v1")
    router.add("GET", "/v1/identifications/observers", observers, version="v1")
    router.add("GET", "/v1/identifications/recent_taxa", recent_taxa, version="v1")
    # undocumented: no spec to check against, so the handler checks what the server reads
    router.add("GET", "/v1/identifications/recent_taxa_revisited", _checked_revisited, version="v1")
    # the real one ignores page and per_page here, as the other parameters it has no use for
    router.add(
        "GET",
        "/v1/identifications/similar_species",
        similar_species,
        version="v1",
        extra_params=frozenset({"page", "per_page", "locale", "preferred_place_id"}),
    )
    router.add(
        "GET",
        "/v1/identifications/<id>",
        show,
        version="v1",
        extra_params=frozenset({"locale", "preferred_place_id"}),
    )
