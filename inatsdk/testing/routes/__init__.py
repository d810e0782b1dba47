"""Routing: each resource module registers its handlers on a :class:`Router`.

A handler takes a :class:`RequestContext` and returns a :class:`Reply` (or raises
:class:`~inatsdk.testing.rules.ApiError`). Routes of the API (``/v1/...``, ``/v2/...``) are
validated against the spec before their handler runs; ``extra_params`` lists parameters the real
server accepts although its spec leaves them out. To add an endpoint, write a handler in the
resource's module and register it in that module's ``register``; :func:`build_router` collects
the modules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from inatsdk.testing.auth import TokenIssuer, bearer_token
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.rules import ApiError, Paging
from inatsdk.testing.store import Store

__all__ = [
    "Handler",
    "Reply",
    "RequestContext",
    "Route",
    "Router",
    "build_router",
    "json_reply",
    "paged",
    "path_id",
]

Version = Literal["v1", "v2", "web"]

T = TypeVar("T")


@attrs.frozen
class Reply:
    """What a handler answers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    conformed: bool = False
    """Already in the v2 spec's shape (a v2 handler that conformed its records before encoding
    them, which spares decoding and encoding them again)."""


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(data, separators=(",", ":")).encode())


def paged(
    pg: Paging,
    rows: Sequence[T],
    render: Callable[[list[T]], list[JSON]],
    *,
    total: int | None = None,
    per_page_at_most_total: bool = False,
) -> JSON:
    """The page of ``rows`` that ``pg`` asks for, rendered by ``render`` and wrapped in the
    ``{total_results, page, per_page, results}`` envelope that v1 and v2 lists share.

    ``total`` is for rankings of which only the first rows are reachable but all are counted;
    ``per_page_at_most_total`` echoes ``per_page`` no larger than ``total_results``, as the
    real projects and users routes do."""
    count = len(rows) if total is None else total
    per_page = min(count, pg.per_page) if per_page_at_most_total else pg.per_page
    window = list(rows[pg.offset : pg.offset + pg.per_page])
    return envelope(count, pg.page, per_page, render(window))


@attrs.frozen
class RequestContext:
    """One request, as a handler sees it."""

    method: str
    path: str
    version: Version
    query: Mapping[str, str]
    """Query parameters; a repeated name's values are joined with commas."""
    path_params: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes
    store: Store
    tokens: TokenIssuer

    def viewer(self) -> int | None:
        """The user of a valid JWT in ``Authorization``; an invalid or expired one is ignored,
        as v1 does on reads (the caller quietly gets the anonymous answer)."""
        user_id = self.tokens.jwt_user(bearer_token(self.headers.get("Authorization")))
        if user_id is not None and self.store.has_user(user_id):
            return user_id
        return None

    def require_user(self) -> int:
        """The user of a valid JWT, else HTTP 401 (writes)."""
        user_id = self.viewer()
        if user_id is None:
            raise ApiError(401, "Unauthorized")
        return user_id

    def json_body(self) -> Any:
        if not self.body:
            raise ApiError(422, "a JSON body is required")
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(422, "the body is not valid JSON") from None


def path_id(ctx: RequestContext) -> int:
    """The integer ``id`` in the path; HTTP 422 otherwise."""
    raw = ctx.path_params["id"].strip()
    if not raw.isdigit():
        raise ApiError(422, f"id must be an integer, not {raw!r}")
    return int(raw)


Handler = Callable[[RequestContext], Reply]


@attrs.frozen
class Route:
    method: str
    rule: str
    """A werkzeug rule under the server root: ``/v1/taxa/<ids>``."""
    handler: Handler
    version: Version
    extra_params: frozenset[str] = frozenset()
    """Query parameters the real server accepts but the spec does not declare."""


class Router:
    """Maps ``(method, path)`` to a :class:`Route` and its path parameters."""

    def __init__(self) -> None:
        self._routes: list[Route] = []
        self._map: Map | None = None

    def add(
        self,
        method: str,
        rule: str,
        handler: Handler,
        *,
        version: Version,
        extra_params: frozenset[str] = frozenset(),
    ) -> None:
        self._routes.append(
            Route(method.upper(), rule, handler, version=version, extra_params=extra_params)
        )
        self._map = None

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(self._routes)

    def _adapter_map(self) -> Map:
        if self._map is None:
            rules = [
                Rule(r.rule, endpoint=i, methods=[r.method]) for i, r in enumerate(self._routes)
            ]
            self._map = Map(rules, strict_slashes=False, merge_slashes=False)
        return self._map

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        adapter = self._adapter_map().bind("emulator", url_scheme="http")
        try:
            endpoint, args = adapter.match(path, method=method.upper())
        except (NotFound, MethodNotAllowed):
            return None
        except Exception:  # redirects and other routing exceptions: treat as not found
            return None
        return self._routes[int(endpoint)], {k: str(v) for k, v in args.items()}


def build_router() -> Router:
    """Every route the emulator serves, resource by resource (each resource's folder holds its
    seed, its state and its v1 and v2 routes). The order matters where two routes share a
    method and a path: the first registered answers."""
    from inatsdk.testing.announcements import v2 as announcements_v2
    from inatsdk.testing.authorizations import v2 as authorizations_v2
    from inatsdk.testing.controlled_terms import v1 as controlled_terms_v1
    from inatsdk.testing.identifications import v1 as identifications_v1
    from inatsdk.testing.identifications import v1_writes as identification_writes
    from inatsdk.testing.identifications import (
        v1_writes_annotations,
        v1_writes_comments,
        v1_writes_flags,
        v2_exemplars,
        v2_writes_comments,
    )
    from inatsdk.testing.identifications import v2 as identifications_v2
    from inatsdk.testing.messages import v1 as messages_v1
    from inatsdk.testing.messages import v1_writes as message_writes
    from inatsdk.testing.observation_fields import v1 as observation_fields_v1
    from inatsdk.testing.observations import v1 as observations_v1
    from inatsdk.testing.observations import (
        v1_stats,
        v1_writes,
        v2_writes,
        v2_writes_media,
        v2_writes_parts,
        v2_writes_photos,
    )
    from inatsdk.testing.observations import v2 as observations_v2
    from inatsdk.testing.places import v1 as places_v1
    from inatsdk.testing.places import v2 as places_v2
    from inatsdk.testing.posts import v1 as posts_v1
    from inatsdk.testing.posts import v1_writes as post_writes
    from inatsdk.testing.projects import v1 as projects_v1
    from inatsdk.testing.projects import v1_writes as project_writes
    from inatsdk.testing.projects import v2 as projects_v2
    from inatsdk.testing.projects import v2_writes_members
    from inatsdk.testing.relationships import v2 as relationships_v2
    from inatsdk.testing.routes import (
        media_files,
        v1_search,
        v1_tiles,
        v2_more,
        v2_only,
        v2_social,
        web,
    )
    from inatsdk.testing.saved_locations import v2 as saved_locations_v2
    from inatsdk.testing.taxa import v1 as taxa_v1
    from inatsdk.testing.taxa import v1_computervision, v2_suggest
    from inatsdk.testing.taxa import v2 as taxa_v2
    from inatsdk.testing.users import v1 as users_v1
    from inatsdk.testing.users import v1_writes as user_writes
    from inatsdk.testing.users import v2 as users_v2
    from inatsdk.testing.users import v2_writes_name_priorities, v2_writes_password

    router = Router()
    for module in (
        # writes to observations first: their POST /v1/observations takes over the plain create
        v1_writes,
        v1_computervision,
        taxa_v1,
        observations_v1,
        web,
        identifications_v1,
        places_v1,
        users_v1,
        projects_v1,
        observation_fields_v1,
        observations_v2,
        taxa_v2,
        places_v2,
        projects_v2,
        identifications_v2,
        users_v2,
        controlled_terms_v1,
        messages_v1,
        posts_v1,
        v1_search,
        v1_tiles,
        v1_stats,
        identification_writes,
        v1_writes_comments,
        v1_writes_annotations,
        v1_writes_flags,
        project_writes,
        message_writes,
        post_writes,
        user_writes,
        v2_writes,
        v2_social,
        v2_writes_comments,
        relationships_v2,
        saved_locations_v2,
        v2_writes_name_priorities,
        v2_suggest,
        v2_writes_photos,
        v2_writes_parts,
        v2_writes_media,
        v2_writes_members,
        v2_writes_password,
        v2_exemplars,
        announcements_v2,
        authorizations_v2,
        v2_more,
        v2_only,
        media_files,
    ):
        module.register(router)
    return router
