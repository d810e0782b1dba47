"""The undocumented ``GET /v1/observation_fields/autocomplete``, as the real server answers it
(iNaturalistAPI's ``observation_fields_controller.js``): fields whose names start with ``q``,
the most used first, 100 a page at most (5 by default), one page only.
"""

from __future__ import annotations

from inatsdk.testing.observation_fields.seed import ObservationFieldRow
from inatsdk.testing.places.v1 import check_names, only_first_page, words, words_match
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import int_list_param, paging

__all__ = ["register"]

_PARAMS = frozenset({"q", "not_id", "page", "per_page"})


def autocomplete(ctx: RequestContext) -> Reply:
    q = ctx.query
    check_names(q, _PARAMS)
    only_first_page(q, "observation_fields/autocomplete")
    pg = paging(q, maximum=100, default=5, fixed_page=1)
    text = (q.get("q") or "").strip()
    if not text:
        return json_reply(envelope(0, 1, 0, []))
    catalog = ctx.store.observation_field_catalog()
    unwanted = frozenset(int_list_param(q, "not_id") or ())
    query_words = words(text)
    rows = [r for r in catalog.rows if r.id not in unwanted and words_match(query_words, r.name)]
    rows.sort(key=lambda r: (r.name.lower() != text.lower(), -r.values_count, r.id))

    def records(window: list[ObservationFieldRow]) -> list[JSON]:
        return [catalog.autocomplete_record(r.id) for r in window]

    return json_reply(paged(pg, rows, records, per_page_at_most_total=True))


def register(router: Router) -> None:
    router.add("GET", "/v1/observation_fields/autocomplete", autocomplete, version="v1")
