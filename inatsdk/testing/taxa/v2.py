"""``GET /v2/taxa``, ``/v2/taxa/{id}`` and ``/v2/taxa/autocomplete`` (and their
``X-HTTP-Method-Override`` POST forms): the v1 handlers, pruned to ``fields``."""

from __future__ import annotations

from inatsdk.testing.routes import Router
from inatsdk.testing.taxa.v1 import autocomplete as v1_autocomplete
from inatsdk.testing.taxa.v1 import search as v1_search
from inatsdk.testing.taxa.v1 import show as v1_show
from inatsdk.testing.v2 import add_twin, twin
from inatsdk.testing.v2_records import v2_taxon

__all__ = ["register"]

# The v2 server passes these searches to its v1 controllers, which read `page` although the
# v2 spec does not declare it (as v1's spec does not either).
_PAGE = frozenset({"page"})


def register(router: Router) -> None:
    add_twin(
        router,
        "/v2/taxa",
        "/taxa",
        twin(v1_search, required=("id",), adjust=v2_taxon),
        extra_params=_PAGE,
    )
    add_twin(
        router,
        "/v2/taxa/autocomplete",
        "/taxa/autocomplete",
        twin(v1_autocomplete, required=("id",), adjust=v2_taxon),
        extra_params=_PAGE,
    )
    add_twin(router, "/v2/taxa/<id>", "/taxa/{id}", twin(v1_show, required=("id",), lookup=True))
