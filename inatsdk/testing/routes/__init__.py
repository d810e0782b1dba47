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
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from inatsdk.testing.auth import TokenIssuer, bearer_token
from inatsdk.testing.rules import ApiError
from inatsdk.testing.store import Store

__all__ = [
    "Handler",
    "Reply",
    "RequestContext",
    "Route",
    "Router",
    "build_router",
    "json_reply",
]

Version = Literal["v1", "v2", "web"]


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
    """Every route the emulator serves."""
    from inatsdk.testing.routes.v1_identifications import register as register_identifications
    from inatsdk.testing.routes.v1_observation_fields import register as register_obs_fields
    from inatsdk.testing.routes.v1_observations import register as register_observations
    from inatsdk.testing.routes.v1_places import register as register_places
    from inatsdk.testing.routes.v1_projects import register as register_projects
    from inatsdk.testing.routes.v1_taxa import register as register_taxa
    from inatsdk.testing.routes.v1_users import register as register_users
    from inatsdk.testing.routes.web import register as register_web

    router = Router()
    # Writes to observations go first: their POST /v1/observations takes over the plain create.
    from inatsdk.testing.routes import v1_computervision, v1_writes_observations

    v1_writes_observations.register(router)
    v1_computervision.register(router)
    for register in (register_taxa, register_observations, register_web):
        register(router)
    register_identifications(router)
    for register in (register_places, register_users, register_projects, register_obs_fields):
        register(router)
    from inatsdk.testing.routes import (
        v2_identifications,
        v2_observations,
        v2_places,
        v2_projects,
        v2_taxa,
        v2_users,
    )

    for v2 in (v2_observations, v2_taxa, v2_places, v2_projects, v2_identifications, v2_users):
        v2.register(router)
    from inatsdk.testing.routes import (
        v1_controlled_terms,
        v1_messages,
        v1_posts,
        v1_search,
        v1_tiles,
    )

    for module in (v1_controlled_terms, v1_messages, v1_posts, v1_search, v1_tiles):
        module.register(router)
    from inatsdk.testing.routes.v1_observation_stats import register as register_obs_stats

    register_obs_stats(router)
    from inatsdk.testing.routes import (
        v1_writes_annotations,
        v1_writes_comments,
        v1_writes_flags,
        v1_writes_identifications,
    )

    for writes in (
        v1_writes_identifications,
        v1_writes_comments,
        v1_writes_annotations,
        v1_writes_flags,
    ):
        writes.register(router)
    # --- writes: projects, messages, posts, users ---
    from inatsdk.testing.routes import (
        v1_writes_messages,
        v1_writes_posts,
        v1_writes_projects,
        v1_writes_users,
    )

    for accounts in (v1_writes_projects, v1_writes_messages, v1_writes_posts, v1_writes_users):
        accounts.register(router)
    from inatsdk.testing.routes import media_files, v2_more, v2_only, v2_writes

    v2_writes.register(router)
    v2_more.register(router)
    v2_only.register(router)
    media_files.register(router)
    return router
