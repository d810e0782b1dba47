"""``GET /v1/places/{id}``, ``/v1/places/autocomplete``, ``/v1/places/nearby`` and the
undocumented ``/v1/places/containing``, as the real server answers them (iNaturalistAPI's
``places_controller.js``): ids or slugs, 500 ids a request, 20 places a page on autocomplete and
nearby, at most 10 places from containing (its search asks for no size, so the index's default
of 10 applies whatever ``per_page`` says).

Places are the seeded ones plus community places (:mod:`inatsdk.testing.places.seed`); their
geometries are their bounding boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from inatsdk.testing.places.seed import PlaceDetail
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import (
    BATCH_ID_LIMITS,
    PER_PAGE_MAX,
    TOO_MANY_IDS_MESSAGE,
    ApiError,
    boolean_param,
    float_param,
    int_list_param,
    int_param,
    paging,
)

__all__ = ["check_names", "only_first_page", "register", "words", "words_match"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Admin levels ``/places/containing`` keeps unless ``include_community_places`` is given.
_CONTAINING_LEVELS = frozenset({0, 1, 2, 10, 20})
#: What ``/places/containing`` answers at most: the search index's default size.
CONTAINING_SIZE = 10


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and digits; ``_``, ``-`` and spaces split)."""
    return [w.lower() for w in _WORD.findall(text)]


def words_match(query: Iterable[str], *texts: str | None) -> bool:
    """Whether every query word starts a word of one of ``texts`` (an ``autocomplete`` match
    with operator ``and``)."""
    q = list(query)
    for text in texts:
        if not text:
            continue
        found = words(text)
        if all(any(w.startswith(part) for w in found) for part in q):
            return True
    return False


def check_names(query: Mapping[str, str], allowed: frozenset[str]) -> None:
    """Reject unknown query parameters on an undocumented route (the router validates
    documented ones against the spec)."""
    from inatsdk.params.spec import suggest

    for name in query:
        if name not in allowed:
            hint = suggest(name, allowed)
            raise ApiError(
                422, f"Unknown parameter: {name}" + (f" (did you mean {hint}?)" if hint else "")
            )


def only_first_page(query: Mapping[str, str], what: str) -> None:
    """These endpoints answer their first page whatever ``page`` says; a client asking for
    another would loop, so the emulator refuses it."""
    page = int_param(query, "page")
    if page is not None and page != 1:
        raise ApiError(422, f"{what} has a single page: page must be 1 or left out")


def _level_key(p: PlaceDetail) -> int:
    return p.admin_level if p.admin_level is not None else 1_000


# ---------------------------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------------------------


def show(ctx: RequestContext) -> Reply:
    parts = [p.strip() for p in ctx.path_params["id"].split(",") if p.strip()]
    if len(parts) > BATCH_ID_LIMITS["places"]:
        raise ApiError(422, TOO_MANY_IDS_MESSAGE)
    catalog = ctx.store.place_catalog()
    found: dict[int, PlaceDetail] = {}
    for part in parts:
        row = catalog.find(part)
        if row is not None:
            found[row.id] = row
    levels = int_list_param(ctx.query, "admin_level")
    rows = sorted(found.values(), key=lambda r: -r.id)
    if levels is not None:
        wanted = frozenset(levels)
        rows = [r for r in rows if r.admin_level in wanted]
    geometry = not boolean_param(ctx.query, "no_geom")
    results = [catalog.record(r.id, geometry=geometry) for r in rows]
    per_page = min(max(len(parts), 1), BATCH_ID_LIMITS["places"])
    return json_reply(envelope(len(results), 1, min(len(results), per_page), results))


def autocomplete(ctx: RequestContext) -> Reply:
    q = ctx.query
    only_first_page(q, "places/autocomplete")
    pg = paging(q, maximum=PER_PAGE_MAX["places_autocomplete"], default=10, fixed_page=1)
    text = (q.get("q") or "").strip()
    if not text:
        return json_reply(envelope(0, 1, 0, []))
    catalog = ctx.store.place_catalog()
    query_words = words(text)
    matched = [
        r
        for r in catalog.rows
        if (text.isdigit() and r.id == int(text))
        or (query_words and words_match(query_words, r.display_name, r.name))
    ]
    by_area = (q.get("order_by") or "") == "area"
    matched.sort(key=lambda r: (_level_key(r), -r.bbox_area if by_area else 0.0, r.id))

    def records(window: list[PlaceDetail]) -> list[JSON]:
        return [catalog.record(r.id) for r in window]

    return json_reply(paged(pg, matched, records, per_page_at_most_total=True))


def nearby(ctx: RequestContext) -> Reply:
    q = ctx.query
    only_first_page(q, "places/nearby")
    pg = paging(q, maximum=PER_PAGE_MAX["places_nearby"], default=10, fixed_page=1)
    box = [float_param(q, name) for name in ("swlat", "swlng", "nelat", "nelng")]
    if any(v is None for v in box):
        raise ApiError(422, "swlat, swlng, nelat and nelng are required")
    swlat, swlng, nelat, nelng = (float(v) for v in box if v is not None)
    # as the server: the box shrinks by a tenth of its size on every side
    lat_diff = abs(abs(nelat) - abs(swlat))
    lng_diff = abs(abs(nelng) - abs(swlng))
    query_area = max(lat_diff * lng_diff, 1.5)
    inner = (
        max(-90.0, min(90.0, swlat + lat_diff * 0.1)),
        ((180 + swlng + lng_diff * 0.1) % 360) - 180,
        max(-90.0, min(90.0, nelat - lat_diff * 0.1)),
        ((180 + nelng - lng_diff * 0.1) % 360) - 180,
    )
    name = (q.get("name") or "").strip()
    name_words = words(name)
    catalog = ctx.store.place_catalog()
    candidates = [
        r
        for r in catalog.rows
        if r.intersects(inner) and (not name_words or words_match(name_words, r.display_name))
    ]
    standard = [r for r in candidates if r.admin_level is not None and r.admin_level >= -10]
    community = [r for r in candidates if r.community and 0 < r.bbox_area <= query_area]

    def key(r: PlaceDetail) -> tuple[int, float, int]:
        return (_level_key(r), -r.bbox_area, r.id)

    standard = sorted(standard, key=key)[: pg.per_page]
    community = sorted(community, key=key)[: pg.per_page]
    count = len(standard) + len(community)
    results: JSON = {
        "standard": [catalog.record(r.id) for r in standard],
        "community": [catalog.record(r.id) for r in community],
    }
    return json_reply({"total_results": count, "page": 1, "per_page": count, "results": results})


_CONTAINING_PARAMS = frozenset({"lat", "lng", "include_community_places", "page", "per_page"})


def containing(ctx: RequestContext) -> Reply:
    q = ctx.query
    check_names(q, _CONTAINING_PARAMS)
    only_first_page(q, "places/containing")
    pg = paging(q, maximum=100, default=20, fixed_page=1)
    lat, lng = float_param(q, "lat"), float_param(q, "lng")
    if lat is None or lng is None:
        raise ApiError(422, "Must provide `lat` and `lng`")
    community = boolean_param(q, "include_community_places")
    catalog = ctx.store.place_catalog()
    rows = [
        r
        for r in catalog.rows
        if r.bbox_area > 0
        and r.contains(lat, lng)
        and (community or r.admin_level in _CONTAINING_LEVELS)
    ]
    rows.sort(key=lambda r: (_level_key(r), r.distance_km(lat, lng), r.id))
    total = len(rows)
    results = [catalog.record(r.id) for r in rows[:CONTAINING_SIZE]]
    return json_reply(envelope(total, 1, min(total, pg.per_page), results))


def register(router: Router) -> None:
    # The real autocomplete also reads per_page, page and geo, which the spec leaves out.
    router.add(
        "GET",
        "/v1/places/autocomplete",
        autocomplete,
        version="v1",
        extra_params=frozenset({"per_page", "page", "geo"}),
    )
    router.add("GET", "/v1/places/nearby", nearby, version="v1", extra_params=frozenset({"page"}))
    router.add("GET", "/v1/places/containing", containing, version="v1")
    router.add("GET", "/v1/places/<id>", show, version="v1", extra_params=frozenset({"no_geom"}))
