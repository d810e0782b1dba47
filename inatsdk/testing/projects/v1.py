"""``GET /v1/projects``, ``/v1/projects/{id}``, ``/v1/projects/autocomplete``,
``/v1/projects/{id}/members``, and (with a valid JWT) ``/v1/projects/{id}/membership`` and
``/v1/projects/{id}/subscriptions``, as the real server answers them (iNaturalistAPI's
``projects_controller.js``): 300 projects a page on search and autocomplete, as many ids on
``/projects/{id}`` as its page size (30 unless ``per_page`` is sent), 100 members a page, most
observations first.

Projects come from :mod:`inatsdk.testing.projects.seed`. Without ``order_by``, searches list
projects by id (the real index gives them in no documented order).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from inatsdk.testing.places.v1 import only_first_page, words, words_match
from inatsdk.testing.projects.seed import ProjectCatalog, ProjectRow, ProjectUserRow
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged, path_id
from inatsdk.testing.rules import (
    PER_PAGE_MAX,
    TOO_MANY_IDS_MESSAGE,
    ApiError,
    boolean_param,
    float_param,
    int_list_param,
    int_param,
    paging,
    str_list_param,
)

__all__ = ["project_filter_by_type", "register"]

Pred = Callable[[ProjectRow], bool]


def project_filter_by_type(row: ProjectRow, kind: str) -> bool:
    """``project_type=traditional`` means neither collection nor umbrella."""
    if kind == "traditional":
        return not row.is_new_style
    return row.project_type == kind


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _site_id(ctx: RequestContext) -> int:
    site = int_param(ctx.query, "site_id")
    if site is not None:
        return site
    viewer = ctx.viewer()
    if viewer is not None:
        row = ctx.store.renderer.users.get(viewer)
        if row is not None:
            return row.site_id
    return 1


def _filters(ctx: RequestContext, catalog: ProjectCatalog) -> list[Pred]:
    q = ctx.query
    preds: list[Pred] = []
    text = (q.get("q") or "").strip()
    if text:
        q_words = words(text)
        preds.append(lambda r: r.slug == text.lower() or words_match(q_words, r.title))
    kinds = str_list_param(q, "type")
    if kinds is not None:
        wanted = frozenset(kinds)
        preds.append(lambda r: r.project_type in wanted)
    member = int_param(q, "member_id")
    if member is not None:
        preds.append(lambda r: member in r.member_ids)
    ids = int_list_param(q, "id")
    if ids is not None:
        wanted_ids = frozenset(ids)
        preds.append(lambda r: r.id in wanted_ids)
    not_ids = int_list_param(q, "not_id")
    if not_ids is not None:
        unwanted = frozenset(not_ids)
        preds.append(lambda r: r.id not in unwanted)
    places = int_list_param(q, "place_id")
    if places is not None:
        wanted_places = frozenset(places)
        preds.append(lambda r: not wanted_places.isdisjoint(catalog.associated_place_ids(r)))
    has_params = boolean_param(q, "has_params")
    if has_params is not None:
        preds.append(lambda r: r.has_params == has_params)
    has_posts = boolean_param(q, "has_posts")
    if has_posts is not None:
        preds.append(lambda r: (r.last_post_at is not None) == has_posts)
    lat, lng = float_param(ctx.query, "lat"), float_param(ctx.query, "lng")
    if lat is not None and lng is not None:
        radius = float_param(ctx.query, "radius") or 500.0
        here = (lat, lng)
        preds.append(lambda r: r.location is not None and _distance_km(here, r.location) <= radius)
        if boolean_param(q, "featured") is False:
            preds.append(lambda r: not r.site_features)
    featured = boolean_param(q, "featured") is True
    noteworthy = boolean_param(q, "noteworthy") is True
    if featured or noteworthy:
        site = _site_id(ctx)
        preds.append(
            lambda r: any(s == site and (n or not noteworthy) for s, n, _ in r.site_features)
        )
    return preds


def _ordered(ctx: RequestContext, rows: list[ProjectRow]) -> list[ProjectRow]:
    q = ctx.query
    order_by = q.get("order_by") or ""
    lat, lng = float_param(ctx.query, "lat"), float_param(ctx.query, "lng")
    if order_by == "recent_posts":
        return sorted(rows, key=lambda r: (r.last_post_at is None, -(r.last_post_at or 0), r.id))
    if order_by == "distance" and lat is not None and lng is not None:
        here = (lat, lng)
        return sorted(
            rows, key=lambda r: (_distance_km(here, r.location) if r.location else 1e9, r.id)
        )
    if order_by == "featured" and (
        boolean_param(q, "featured") is True or boolean_param(q, "noteworthy") is True
    ):
        site = _site_id(ctx)

        def featured_at(r: ProjectRow) -> float:
            return max((t for s, _, t in r.site_features if s == site), default=0.0)

        return sorted(rows, key=lambda r: (-featured_at(r), r.id))
    if order_by == "created":
        return sorted(rows, key=lambda r: (-r.created_at, r.id))
    if order_by == "updated":
        return sorted(rows, key=lambda r: (-r.updated_at, r.id))
    text = (q.get("q") or "").strip().lower()
    if text:  # an exact slug first, then titles starting with the query
        return sorted(
            rows, key=lambda r: (r.slug != text, not r.title.lower().startswith(text), r.id)
        )
    return sorted(rows, key=lambda r: r.id)


def _details(ctx: RequestContext) -> bool:
    return (ctx.query.get("rule_details") or "").lower() not in ("", "false")


def _records(ctx: RequestContext, rows: list[ProjectRow]) -> list[JSON]:
    catalog = ctx.store.project_catalog()
    details = _details(ctx)
    return [catalog.record(r, ctx.store.renderer, details=details) for r in rows]


def search(ctx: RequestContext) -> Reply:
    pg = paging(ctx.query, maximum=PER_PAGE_MAX["projects"], default=10)
    catalog = ctx.store.project_catalog()
    rows = list(catalog.rows)
    for pred in _filters(ctx, catalog):
        rows = [r for r in rows if pred(r)]
    rows = _ordered(ctx, rows)
    return json_reply(
        paged(pg, rows, lambda window: _records(ctx, window), per_page_at_most_total=True)
    )


def autocomplete(ctx: RequestContext) -> Reply:
    q = ctx.query
    only_first_page(q, "projects/autocomplete")
    pg = paging(q, maximum=PER_PAGE_MAX["projects"], default=10, fixed_page=1)
    text = (q.get("q") or "").strip()
    member = int_param(q, "member_id")
    if not text and member is None:
        return json_reply(envelope(0, 1, 0, []))
    catalog = ctx.store.project_catalog()
    rows = list(catalog.rows)
    for pred in _filters(ctx, catalog):
        rows = [r for r in rows if pred(r)]
    if not text:  # a member's projects, by title
        rows.sort(key=lambda r: (r.title.lower(), r.id))
    else:  # the most popular first
        rows.sort(key=lambda r: (r.slug != text.lower(), -len(r.members), r.id))
    return json_reply(
        paged(pg, rows, lambda window: _records(ctx, window), per_page_at_most_total=True)
    )


def show(ctx: RequestContext) -> Reply:
    parts = [p.strip() for p in ctx.path_params["id"].split(",") if p.strip()]
    per_page = int_param(ctx.query, "per_page") or 30
    per_page = 30 if per_page < 1 else min(per_page, 100)
    if len(parts) > per_page:
        raise ApiError(422, TOO_MANY_IDS_MESSAGE)
    catalog = ctx.store.project_catalog()
    found: dict[int, ProjectRow] = {}
    for part in parts:
        row = catalog.find(part)
        if row is not None:
            found[row.id] = row
    rows = sorted(found.values(), key=lambda r: -r.id)
    total = len(rows)
    return json_reply(envelope(total, 1, min(total, per_page), _records(ctx, rows)))


def _project(ctx: RequestContext) -> ProjectRow:
    row = ctx.store.project_catalog().find(ctx.path_params["id"].strip())
    if row is None:
        raise ApiError(422, "Unknown project_id")
    return row


def members(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=100, default=30)
    row = _project(ctx)
    catalog = ctx.store.project_catalog()
    rows = catalog.members(row, q.get("role") or None)

    def records(window: list[ProjectUserRow]) -> list[JSON]:
        return [catalog.member_record(m, ctx.store.renderer) for m in window]

    return json_reply(paged(pg, rows, records, per_page_at_most_total=True))


def membership(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    catalog = ctx.store.project_catalog()
    ids: list[int] = []
    for part in ctx.path_params["id"].split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ApiError(422, f"project ids must be integers, not {part!r}")
        ids.append(int(part))
    results = [
        catalog.membership_record(m)
        for i in dict.fromkeys(ids)
        if i in catalog.by_id
        for m in catalog.by_id[i].members
        if m.user_id == user_id
    ]
    return json_reply(envelope(len(results), 1, len(results), results))


def subscriptions(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    project_id = path_id(ctx)
    catalog = ctx.store.project_catalog()
    rows = catalog.subscriptions_of(user_id, [project_id])
    results = [catalog.subscription_record(s) for s in rows]
    return json_reply(envelope(len(results), 1, len(results), results))


def register(router: Router) -> None:
    # The real search and autocomplete read page too, which the spec leaves out; /projects/{id}
    # reads per_page (how many ids it takes). The search ignores order (it sorts descending),
    # which clients send beside order_by.
    router.add(
        "GET", "/v1/projects", search, version="v1", extra_params=frozenset({"page", "order"})
    )
    router.add(
        "GET",
        "/v1/projects/autocomplete",
        autocomplete,
        version="v1",
        extra_params=frozenset({"page"}),
    )
    router.add("GET", "/v1/projects/<id>/members", members, version="v1")
    router.add("GET", "/v1/projects/<id>/membership", membership, version="v1")
    router.add("GET", "/v1/projects/<id>/subscriptions", subscriptions, version="v1")
    router.add("GET", "/v1/projects/<id>", show, version="v1", extra_params=frozenset({"per_page"}))
