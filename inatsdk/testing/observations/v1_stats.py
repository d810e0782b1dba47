"""The observation aggregates: ``GET /v1/observations/histogram``, ``/species_counts``,
``/observers``, ``/identifiers``, ``/popular_field_values``, and the undocumented
``/quality_grades``, ``/iconic_taxa_counts``, ``/taxonomy`` and ``/similar_species``.

Each filters the store's observations with the search's own filters
(:func:`~inatsdk.testing.observations.v1.observation_filters`) and aggregates them the
way the real server does (iNaturalistAPI ``observations_controller.js``):

* ``species_counts`` counts the leaves of the observations' species-level ancestries (a taxon
  no other matching observation is below), most first, 500 per page at most;
* ``observers`` and ``identifiers`` rank users; only the top 500 rows exist, whatever the
  paging (``total_results`` still counts every user);
* ``histogram`` buckets by local observation date (``date_field=observed``) or UTC upload time
  (``created``), fills empty buckets with 0 between the first and last (all 12 months or 53
  weeks for the ``_of_year`` intervals) and, without ``d1``/``created_d1``, starts the dated
  intervals 100 years (years, months), 10 years (weeks), 1 year (days) or 1 week (hours) ago;
* the whole-list aggregates answer everything in one envelope (``iconic_taxa_counts`` the top
  10 iconic taxa, ``popular_field_values`` the top 100 annotations, ``similar_species`` 24).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from inatsdk.testing.observations.v1 import matching
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import (
    PER_PAGE_MAX,
    ApiError,
    date_param,
    int_param,
    paging,
    str_list_param,
)
from inatsdk.testing.seed import ObservationCore
from inatsdk.testing.taxa.seed import RANK_LEVELS, TaxonRow

__all__ = [
    "TOP_ROWS",
    "histogram_counts",
    "life_list",
    "register",
    "species_leaves",
    "top_rows",
]

TOP_ROWS = 500
"""``/observations/observers`` and ``/identifiers`` rank only their top this many users."""

_SPECIES = RANK_LEVELS["species"]
_DAY = 86_400
_UTC = dt.timezone.utc


def _whole(results: list[JSON]) -> Reply:
    return json_reply(envelope(len(results), 1, len(results), results))


def _taxon_record(ctx: RequestContext, taxon_id: int) -> JSON:
    """A taxon as the aggregates give it (a search result without ``vision``)."""
    return {k: v for k, v in ctx.store.renderer.taxon_search(taxon_id).items() if k != "vision"}


def _min_species(taxa: Mapping[int, TaxonRow], taxon_id: int) -> TaxonRow:
    t = taxa[taxon_id]
    if t.rank_level < _SPECIES and t.parent_id is not None:
        return taxa[t.parent_id]
    return t


def _local_date(core: ObservationCore) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=core.observed_day)


# ---------------------------------------------------------------------------------------------
# Histogram
# ---------------------------------------------------------------------------------------------

_DEFAULT_SPAN = {"year": 100 * 365, "month": 100 * 365, "week": 10 * 365, "day": 365}


def _truncate(day: dt.date, interval: str) -> dt.date:
    if interval == "year":
        return dt.date(day.year, 1, 1)
    if interval == "month":
        return day.replace(day=1)
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def _next(day: dt.date, interval: str) -> dt.date:
    if interval == "year":
        return dt.date(day.year + 1, 1, 1)
    if interval == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + dt.timedelta(days=7 if interval == "week" else 1)


def histogram_counts(
    cores: Iterable[ObservationCore], interval: str, date_field: str
) -> dict[str, int]:
    """The histogram object of one interval, keyed as the API keys it."""
    created = date_field == "created"
    if interval in ("month_of_year", "week_of_year"):
        size = 12 if interval == "month_of_year" else 53
        grouped = dict.fromkeys(range(1, size + 1), 0)
        for c in cores:
            day = (
                dt.datetime.fromtimestamp(c.created + c.utc_offset * 3600, _UTC).date()
                if created
                else _local_date(c)
            )
            part = day.month if interval == "month_of_year" else day.isocalendar()[1]
            grouped[part] = grouped.get(part, 0) + 1
        return {str(k): v for k, v in sorted(grouped.items())}
    if interval == "hour":
        hours: dict[int, int] = {}
        for c in cores:
            hour = int((c.created if created else c.observed) // 3600)
            hours[hour] = hours.get(hour, 0) + 1
        if not hours:
            return {}
        return {
            dt.datetime.fromtimestamp(h * 3600, _UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): hours.get(
                h, 0
            )
            for h in range(min(hours), max(hours) + 1)
        }
    buckets: dict[dt.date, int] = {}
    for c in cores:
        day = dt.datetime.fromtimestamp(c.created, _UTC).date() if created else _local_date(c)
        key = _truncate(day, interval)
        buckets[key] = buckets.get(key, 0) + 1
    if not buckets:
        return {}
    out: dict[str, int] = {}
    day, last = min(buckets), max(buckets)
    while day <= last:
        out[day.isoformat()] = buckets.get(day, 0)
        day = _next(day, interval)
    return out


def histogram(ctx: RequestContext) -> Reply:
    q = ctx.query
    date_field = q.get("date_field") or "observed"
    interval = q.get("interval") or "month_of_year"
    cores = matching(ctx)
    start_param = "created_d1" if date_field == "created" else "d1"
    dated = interval in _DEFAULT_SPAN or interval == "hour"
    if dated and date_param(q, start_param) is None:
        span = 7 * _DAY if interval == "hour" else _DEFAULT_SPAN[interval] * _DAY
        start = time.time() - span
        if date_field == "created":
            cores = [c for c in cores if c.created >= start]
        elif interval == "hour":
            cores = [c for c in cores if c.observed >= start]
        else:
            first = int(start // _DAY)
            cores = [c for c in cores if c.observed_day >= first]
    counts = histogram_counts(cores, interval, date_field)
    return json_reply(
        {
            "total_results": len(counts),
            "page": 1,
            "per_page": len(counts),
            "results": {interval: counts},
        }
    )


# ---------------------------------------------------------------------------------------------
# Species counts, observers, identifiers
# ---------------------------------------------------------------------------------------------


def species_leaves(taxa: Mapping[int, TaxonRow], taxon_ids: Iterable[int | None]) -> dict[int, int]:
    """Leaf taxa of the species-level ancestries of ``taxon_ids`` (one per observation), with
    how many observations each has."""
    direct: dict[int, int] = {}
    for taxon_id in taxon_ids:
        if taxon_id is None:
            continue
        leaf = _min_species(taxa, taxon_id).id
        direct[leaf] = direct.get(leaf, 0) + 1
    inner = {a for t in direct for a in taxa[t].ancestor_ids[:-1]}
    return {t: n for t, n in direct.items() if t not in inner}


def species_counts(ctx: RequestContext) -> Reply:
    q = ctx.query
    top = PER_PAGE_MAX["species_counts"]
    pg = paging(q, maximum=top, default=top)
    taxa = ctx.store.renderer.taxa
    leaves = species_leaves(taxa, (c.taxon_id for c in matching(ctx)))
    ordered = sorted(leaves.items(), key=lambda kv: (-kv[1], kv[0]))

    def render(window: Sequence[tuple[int, int]]) -> list[JSON]:
        return [{"count": n, "taxon": _taxon_record(ctx, t)} for t, n in window]

    return json_reply(paged(pg, ordered, render))


def top_rows(rows: list[Any], page: int, per_page: int) -> list[Any]:
    """The rows of one page of a ranking of which only the first :data:`TOP_ROWS` exist."""
    offset = (page - 1) * per_page
    return rows[:TOP_ROWS][offset : offset + per_page]


def _user_paging(ctx: RequestContext) -> tuple[int, int]:
    pg = paging(ctx.query, maximum=TOP_ROWS, default=TOP_ROWS, window=False)
    return pg.page, pg.per_page


def observers(ctx: RequestContext) -> Reply:
    page, per_page = _user_paging(ctx)
    taxa = ctx.store.renderer.taxa
    observations: dict[int, int] = {}
    species: dict[int, set[int]] = {}
    for c in matching(ctx):
        observations[c.user_id] = observations.get(c.user_id, 0) + 1
        if c.taxon_id is not None and taxa[c.taxon_id].rank_level <= _SPECIES:
            species.setdefault(c.user_id, set()).add(_min_species(taxa, c.taxon_id).id)
    by_species = (ctx.query.get("order_by") or "") == "species_count"

    def rank(user_id: int) -> tuple[int, int]:
        n_species = len(species.get(user_id, ()))
        main = n_species if by_species else observations[user_id]
        return (-main, user_id)

    ranked = sorted(observations, key=rank)
    renderer = ctx.store.renderer
    results = [
        {
            "user_id": u,
            "observation_count": observations[u],
            "species_count": len(species.get(u, ())),
            "user": renderer.user(u),
        }
        for u in top_rows(ranked, page, per_page)
    ]
    return json_reply(envelope(len(observations), page, per_page, results))


def identifiers(ctx: RequestContext) -> Reply:
    page, per_page = _user_paging(ctx)
    by_observation = ctx.store.observation_identifiers()
    counts: dict[int, int] = {}
    for c in matching(ctx):
        for user_id in by_observation.get(c.id, ()):
            counts[user_id] = counts.get(user_id, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    renderer = ctx.store.renderer
    results = [
        {"user_id": u, "count": n, "user": renderer.user(u)}
        for u, n in top_rows(ranked, page, per_page)
    ]
    return json_reply(envelope(len(counts), page, per_page, results))


# ---------------------------------------------------------------------------------------------
# Whole-list aggregates
# ---------------------------------------------------------------------------------------------

POPULAR_FIELD_VALUES = 100
"""``/observations/popular_field_values`` answers at most this many annotations."""
ICONIC_TAXA = 10
"""``/observations/iconic_taxa_counts`` answers at most this many iconic taxa."""
SIMILAR_SPECIES = 24
"""``/observations/similar_species`` answers at most this many taxa."""


def _term_value(value: Mapping[str, Any]) -> JSON:
    """A value of an attribute, as ``popular_field_values`` lists them (label flattened)."""
    labels: list[JSON] = value.get("labels") or []
    out: JSON = {
        k: value[k] for k in ("id", "ontology_uri", "uri", "blocking", "uuid", "taxon_ids")
    }
    if value.get("excepted_taxon_ids"):
        out["excepted_taxon_ids"] = value["excepted_taxon_ids"]
    out["label"] = labels[0]["label"] if labels else value.get("label")
    return out


def popular_field_values(ctx: RequestContext) -> Reply:
    store = ctx.store
    found: dict[tuple[int, int], tuple[JSON, JSON, dict[int, int]]] = {}
    for c in matching(ctx):
        record = store.render_observation(c)
        seen: set[tuple[int, int]] = set()
        for a in record.get("annotations") or ():
            key = (a["controlled_attribute_id"], a["controlled_value_id"])
            if key in seen:
                continue
            seen.add(key)
            if key not in found:
                found[key] = (a["controlled_attribute"], a["controlled_value"], {})
            months = found[key][2]
            month = _local_date(c).month
            months[month] = months.get(month, 0) + 1
    rows: list[JSON] = []
    for attribute, value, months in found.values():
        attribute_record = {k: v for k, v in attribute.items() if k != "values"}
        attribute_record["values"] = [_term_value(v) for v in attribute.get("values") or ()]
        value_record: JSON = {**value, "values": []}
        rows.append(
            {
                "count": sum(months.values()),
                "month_of_year": {str(m): months.get(m, 0) for m in range(1, 13)},
                "controlled_attribute": attribute_record,
                "controlled_value": value_record,
            }
        )
    rows.sort(key=lambda r: (-r["count"], r["controlled_value"]["id"]))
    return _whole(rows[:POPULAR_FIELD_VALUES])


def quality_grades(ctx: RequestContext) -> Reply:
    counts: dict[str, int] = {}
    for c in matching(ctx):
        counts[c.quality_grade] = counts.get(c.quality_grade, 0) + 1
    rows: list[JSON] = [
        {"quality_grade": g, "count": n}
        for g, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return _whole(rows)


def iconic_taxa_counts(ctx: RequestContext) -> Reply:
    taxa = ctx.store.renderer.taxa
    counts: dict[int, int] = {}
    for c in matching(ctx):
        if c.taxon_id is None:
            continue
        iconic = taxa[c.taxon_id].iconic_taxon_id
        if iconic is not None:
            counts[iconic] = counts.get(iconic, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:ICONIC_TAXA]
    return _whole([{"count": n, "taxon": _taxon_record(ctx, t)} for t, n in top])


def life_list(
    taxa: Mapping[int, TaxonRow], taxon_ids: Iterable[int | None], *, count_without_taxon: bool
) -> JSON:
    """The ``/observations/taxonomy`` answer for observations of these taxa (one id, or
    ``None``, per observation)."""
    direct: dict[int, int] = {}
    without = 0
    for taxon_id in taxon_ids:
        if taxon_id is None:
            without += 1
            continue
        leaf = _min_species(taxa, taxon_id).id
        direct[leaf] = direct.get(leaf, 0) + 1
    below: dict[int, int] = {}
    for taxon_id, n in direct.items():
        for a in taxa[taxon_id].ancestor_ids:
            below[a] = below.get(a, 0) + n
    results: list[JSON] = []
    for taxon_id in sorted(below, key=lambda t: (taxa[t].depth, taxa[t].name, t)):
        t = taxa[taxon_id]
        row: JSON = {"id": t.id}
        if direct.get(t.id):
            row["count"] = direct[t.id]
        row.update({"name": t.name, "rank": t.rank, "rank_level": t.rank_level})
        row["is_active"] = t.is_active
        if t.parent_id is not None:
            row["parent_id"] = t.parent_id
        row["descendant_obs_count"] = below[t.id]
        row["direct_obs_count"] = direct.get(t.id, 0)
        results.append(row)
    return {
        "count_without_taxon": without if count_without_taxon else 0,
        "size": len(results),
        "results": results,
    }


def taxonomy(ctx: RequestContext) -> Reply:
    taxa = ctx.store.renderer.taxa
    cores = matching(ctx)
    by_taxon = str_list_param(ctx.query, "taxon_id") is not None
    body = life_list(taxa, (c.taxon_id for c in cores), count_without_taxon=not by_taxon)
    return json_reply(body)


def similar_taxa(
    taxa: Mapping[int, TaxonRow], taxon: TaxonRow, ident_taxon_ids: Iterable[Iterable[int]]
) -> dict[int, int]:
    """Taxa of ``taxon``'s rank and iconic taxon found beside it among the identification
    taxa of observations (one iterable of ``ident_taxon_ids`` per observation), with how many
    observations each shares with it."""
    excluded = set(taxon.ancestor_ids)
    counts: dict[int, int] = {}
    for idents in ident_taxon_ids:
        present = set(idents)
        if taxon.id not in present:
            continue
        for other in present - excluded:
            row = taxa.get(other)
            if (
                row is not None
                and row.rank_level == taxon.rank_level
                and row.iconic_taxon_id == taxon.iconic_taxon_id
                and row.is_active
            ):
                counts[other] = counts.get(other, 0) + 1
    return counts


def similar_species(ctx: RequestContext) -> Reply:
    taxon_id = int_param(ctx.query, "taxon_id")
    if taxon_id is None:
        raise ApiError(422, "Missing required parameter `taxon_id`")
    taxa = ctx.store.renderer.taxa
    taxon = taxa.get(taxon_id)
    if taxon is None:
        raise ApiError(422, f"Unknown taxon {taxon_id}")
    if taxon.rank_level > RANK_LEVELS["genus"]:
        raise ApiError(422, f"Taxon {taxon_id} is not genus or finer")
    others = attrs.evolve(ctx, query={k: v for k, v in ctx.query.items() if k != "taxon_id"})
    store = ctx.store
    idents = (store.render_observation(c).get("ident_taxon_ids") or () for c in matching(others))
    counts = similar_taxa(taxa, taxon, idents)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SIMILAR_SPECIES]
    return _whole([{"taxon": _taxon_record(ctx, t), "count": n} for t, n in top])


def register(router: Router) -> None:
    paged = frozenset({"page", "per_page"})
    handlers: list[tuple[str, Callable[[RequestContext], Reply], frozenset[str]]] = [
        ("histogram", histogram, frozenset()),
        ("species_counts", species_counts, frozenset()),
        ("observers", observers, paged | {"order_by"}),
        ("identifiers", identifiers, paged),
        ("popular_field_values", popular_field_values, frozenset()),
        ("quality_grades", quality_grades, frozenset()),
        ("iconic_taxa_counts", iconic_taxa_counts, frozenset()),
        ("taxonomy", taxonomy, frozenset()),
        ("similar_species", similar_species, frozenset()),
    ]
    for name, handler, extra in handlers:
        router.add("GET", f"/v1/observations/{name}", handler, version="v1", extra_params=extra)
