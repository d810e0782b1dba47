"""``GET /v2/identifications/recent_taxa`` (and its ``X-HTTP-Method-Override`` POST form): the
v1 handler, pruned to ``fields`` (each row keeps its ``taxon`` and ``identification``, as v2's
schema requires)."""

from __future__ import annotations

from inatsdk.testing.identifications.v1 import recent_taxa as v1_recent_taxa
from inatsdk.testing.routes import Router
from inatsdk.testing.v2 import add_twin, twin

__all__ = ["register"]


def register(router: Router) -> None:
    add_twin(
        router,
        "/v2/identifications/recent_taxa",
        "/identifications/recent_taxa",
        twin(v1_recent_taxa, required=("taxon", "identification")),
    )
