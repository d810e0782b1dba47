"""``GET /v2/projects/{id}`` (and its ``X-HTTP-Method-Override`` POST form): the v1 lookup,
pruned to ``fields``."""

from __future__ import annotations

from inatsdk.testing.projects.v1 import show as v1_show
from inatsdk.testing.routes import Router
from inatsdk.testing.v2 import add_twin, twin

__all__ = ["register"]


def register(router: Router) -> None:
    add_twin(
        router, "/v2/projects/<id>", "/projects/{id}", twin(v1_show, required=("id",), lookup=True)
    )
