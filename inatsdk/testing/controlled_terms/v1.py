"""``GET /v1/controlled_terms`` and ``/v1/controlled_terms/for_taxon``.

Like the real ones, both answer their first 30 attributes in one page and ignore ``page`` and
``per_page``; ``for_taxon`` needs a ``taxon_id`` the API knows (else 422) and keeps the
attributes, and the values, that apply to that taxon.
"""

from __future__ import annotations

from inatsdk.testing.controlled_terms.seed import term_applies, term_json
from inatsdk.testing.records import envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import PER_PAGE_DEFAULT, ApiError, int_param

__all__ = ["register"]

#: Query parameters the real routes read (and ignore) although the spec leaves them out.
_PAGING = frozenset({"page", "per_page"})


def search(ctx: RequestContext) -> Reply:
    terms = ctx.store.controlled_terms()
    results = [term_json(t) for t in terms[:PER_PAGE_DEFAULT]]
    return json_reply(envelope(len(terms), 1, PER_PAGE_DEFAULT, results))


def for_taxon(ctx: RequestContext) -> Reply:
    taxon_id = int_param(ctx.query, "taxon_id")
    if taxon_id is None:
        raise ApiError(422, "Missing required parameter `taxon_id`")
    taxon = ctx.store.renderer.taxa.get(taxon_id)
    if taxon is None:
        raise ApiError(422, f"Unknown taxon_id {taxon_id}")
    lineage = taxon.ancestor_ids
    kept = [t for t in ctx.store.controlled_terms() if term_applies(t, lineage)]
    results = [term_json(t, lineage) for t in kept[:PER_PAGE_DEFAULT]]
    return json_reply(envelope(len(kept), 1, PER_PAGE_DEFAULT, results))


def register(router: Router) -> None:
    router.add("GET", "/v1/controlled_terms", search, version="v1", extra_params=_PAGING)
    router.add(
        "GET", "/v1/controlled_terms/for_taxon", for_taxon, version="v1", extra_params=_PAGING
    )
