"""``GET /v1/search``: the site search over taxa, places, projects and users.

Like the real one: every word of ``q`` must start a word of a record's name (taxa: scientific
or common name; places: name; projects: title; users: login or name); results are ranked by a
score that favours exact names and records with many observations
(``match + log2(2 + observations_count)``); an empty ``q`` answers no results with
``per_page`` 0; ``per_page`` above 100 falls back to 30 (the real one resets it rather than
clamping); ``place_id`` keeps taxa observed there, places inside it and projects associated
with it (users have no places, so none are left). ``sources`` restricts the kinds. Records have
the shape each resource's own endpoint gives, plus ``matched_term``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import attrs

from inatsdk.testing.records import JSON, envelope, merged
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import PER_PAGE_DEFAULT, boolean_param, int_list_param, paging
from inatsdk.testing.store import Store

__all__ = ["register"]

SEARCH_PER_PAGE_MAX = 100
_SOURCES = ("taxa", "places", "projects", "users")
_WORD = re.compile(r"[\w'-]+", re.UNICODE)
#: Ties are broken by kind, in the order the real indexes are listed.
_KIND_ORDER = {"Taxon": 0, "Place": 1, "Project": 2, "User": 3}


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@attrs.frozen
class _Hit:
    score: float
    kind: str
    record_id: int
    matched: str
    matches: tuple[str, ...]


def _match(
    names: Iterable[str | None], query: list[str], text: str
) -> tuple[float, str, tuple[str, ...]] | None:
    """(boost, the name matched, the words of it that matched), for the best matching name."""
    best: tuple[float, str, tuple[str, ...]] | None = None
    for name in names:
        if not name:
            continue
        words = _words(name)
        hits = [w for w in words if any(w.startswith(q) for q in query)]
        if not all(any(w.startswith(q) for w in words) for q in query):
            continue
        boost = 3.0 if name.lower() == text else 1.0
        if best is None or boost > best[0]:
            best = (boost, name, tuple(dict.fromkeys(hits)))
    return best


def _score(boost: float, observations: int | None) -> float:
    return round(boost + math.log2(2 + (3 if observations is None else observations)), 6)


def _hits(
    store: Store, query: list[str], text: str, sources: set[str], place_id: int | None
) -> list[_Hit]:
    renderer = store.renderer
    places = store.place_catalog()
    hits: list[_Hit] = []

    def within(place: int) -> bool:
        row = places.by_id.get(place)
        return row is not None and (place == place_id or place_id in row.ancestor_place_ids)

    if "taxa" in sources:
        observed: set[int] | None = None
        if place_id is not None:
            observed = set()
            for taxon_id, where in renderer.taxon_places.items():
                if any(within(p) for p in where):
                    observed.update(renderer.taxa[taxon_id].ancestor_ids)
        for t in store.world.taxa:
            if not t.is_active or (observed is not None and t.id not in observed):
                continue
            found = _match((t.name, t.common_name), query, text)
            if found is not None:
                boost, name, words = found
                count = renderer.observations_count.get(t.id, 0)
                hits.append(_Hit(_score(boost + 1.0, count), "Taxon", t.id, name, words))
    if "places" in sources:
        for p in places.rows:
            if place_id is not None and not within(p.id):
                continue
            found = _match((p.name, p.display_name), query, text)
            if found is not None:
                boost, name, words = found
                hits.append(_Hit(_score(boost, None), "Place", p.id, name, words))
    if "projects" in sources:
        catalog = store.project_catalog()
        for row in catalog.rows:
            if place_id is not None and place_id not in catalog.associated_place_ids(row):
                continue
            found = _match((row.title,), query, text)
            if found is not None:
                boost, name, words = found
                hits.append(_Hit(_score(boost, None), "Project", row.id, name, words))
    if "users" in sources and place_id is None:
        for u in store.world.users:
            found = _match((u.login, u.name), query, text)
            if found is not None:
                boost, name, words = found
                hits.append(_Hit(_score(boost, u.observations_count), "User", u.id, name, words))
    hits.sort(key=lambda h: (-h.score, _KIND_ORDER[h.kind], h.record_id))
    return hits


def _record(ctx: RequestContext, hit: _Hit, ancestors: bool) -> JSON:
    store = ctx.store
    renderer = store.renderer
    record: JSON
    if hit.kind == "Taxon":
        record = renderer.taxon_search(hit.record_id)
        if ancestors:
            lineage = renderer.taxa[hit.record_id].ancestor_ids[1:-1]
            record = merged(record, {"ancestors": [renderer.taxon_brief(a) for a in lineage]})
    elif hit.kind == "Place":
        record = store.place_catalog().record(hit.record_id)
    elif hit.kind == "Project":
        catalog = store.project_catalog()
        record = catalog.record(catalog.by_id[hit.record_id], renderer)
    else:
        record = renderer.user(hit.record_id)
    return {
        "score": hit.score,
        "type": hit.kind,
        "matches": list(hit.matches),
        "record": merged(record, {"matched_term": hit.matched}),
    }


def search(ctx: RequestContext) -> Reply:
    q = ctx.query
    raw = dict(q)
    per_page_raw = raw.get("per_page", "").strip()
    if per_page_raw.isdigit() and int(per_page_raw) > SEARCH_PER_PAGE_MAX:
        raw["per_page"] = str(PER_PAGE_DEFAULT)  # the real one resets, it does not clamp
    pg = paging(raw, maximum=SEARCH_PER_PAGE_MAX)
    text = (q.get("q") or "").strip()
    query = _words(text)
    if not query:
        return json_reply(envelope(0, pg.page, 0, []))
    wanted = {s.strip() for s in (q.get("sources") or "").split(",") if s.strip()}
    known: set[str] = set(_SOURCES)
    sources = wanted & known if wanted else known
    place_ids = int_list_param(q, "place_id")
    place_id = place_ids[0] if place_ids else None
    hits = _hits(ctx.store, query, text.lower(), sources, place_id)
    ancestors = bool(boolean_param(q, "include_taxon_ancestors"))
    return json_reply(paged(pg, hits, lambda window: [_record(ctx, h, ancestors) for h in window]))


def register(router: Router) -> None:
    # page: the real search reads it, though the spec leaves it out
    router.add("GET", "/v1/search", search, version="v1", extra_params=frozenset({"page"}))
