"""The registry of API operations inatsdk covers, and the rules each one follows.

``ENDPOINTS`` lists every operation a controller method calls, with the path exactly as the
official spec writes it, so a test can compare coverage with the spec. Controllers and
paginators read their per-endpoint limits (``per_page`` maximum, ids per batch, keyset paging)
from here, so those numbers live in one place.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["ENDPOINTS", "Endpoint", "endpoint"]


@attrs.frozen(kw_only=True)
class Endpoint:
    """One API operation and the controller method that calls it.

    Attributes:
        method: HTTP method, e.g. ``"GET"``.
        path: the path as in the spec, without the version, e.g. ``"/observations/{id}"``.
        version: ``"v1"`` or ``"v2"``.
        qualname: the controller method, e.g. ``"ObservationsController.get"``.
        per_page_max: the most results one page can hold (the API clamps larger values).
        id_limit: the most ids one batch lookup may name (more is a 422).
        keyset: whether ``order_by=id`` with ``id_above``/``id_below`` works (no result window).
        keyset_by_default: whether iteration pages by id when no ``order_by`` is given; true
            where the API's default order already follows creation (observations), false where
            it ranks by relevance (taxa), so the best match stays first.
        documented: False for routes the server has but its spec omits.
        single_page: the endpoint answers only its first page, whatever ``page`` says.
    """

    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str
    version: Literal["v1", "v2"]
    qualname: str
    per_page_max: int | None = None
    id_limit: int | None = None
    keyset: bool = False
    keyset_by_default: bool = False
    documented: bool = True
    single_page: bool = False


#: Every operation a controller method calls, with its per-endpoint limits.
ENDPOINTS: tuple[Endpoint, ...] = (
    # --- taxa ------------------------------------------------------------------------------
    Endpoint(
        method="GET",
        path="/taxa",
        version="v1",
        qualname="TaxaController.search",
        per_page_max=500,
        keyset=True,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}",
        version="v1",
        qualname="TaxaController.get",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}",
        version="v1",
        qualname="TaxaController.get_many",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/taxa/autocomplete",
        version="v1",
        qualname="TaxaController.autocomplete",
        per_page_max=30,
        single_page=True,
    ),
    # --- observations ----------------------------------------------------------------------
    Endpoint(
        method="GET",
        path="/observations",
        version="v1",
        qualname="ObservationsController.search",
        per_page_max=200,
        keyset=True,
        keyset_by_default=True,
    ),
    Endpoint(
        method="GET",
        path="/observations/{id}",
        version="v1",
        qualname="ObservationsController.get",
        id_limit=200,
    ),
    Endpoint(
        method="GET",
        path="/observations/{id}",
        version="v1",
        qualname="ObservationsController.get_many",
        id_limit=200,
    ),
    Endpoint(
        method="POST",
        path="/observations",
        version="v1",
        qualname="ObservationsController.create",
    ),
    # --- identifications -------------------------------------------------------------------
    # --- places, users, projects, observation fields ----------------------------------------
    # --- controlled terms, messages, posts, search, map tiles -------------------------------
)

_BY_QUALNAME = {e.qualname: e for e in ENDPOINTS}


def endpoint(qualname: str) -> Endpoint:
    """The registry entry for a controller method (``"TaxaController.search"``)."""
    return _BY_QUALNAME[qualname]
