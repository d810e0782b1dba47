"""The v2 reads with a v1 counterpart the emulator already computes: observation statistics,
updates and deleted ids, a record's quality metrics, subscriptions and taxon summary (by UUID),
identifiers and similar species, controlled terms, messages, places, posts, projects and their
members, site search, the taxa's iconic list, wanted list and map layers, users' autocomplete,
``/users/me`` and projects, and the map tiles. Each answers what v1 computes from the same world,
pruned to ``fields`` (each result keeps the keys v2's schema requires of it) and conformed to
v2's shape; each has its ``X-HTTP-Method-Override`` POST form, tiles excepted.

Reads v2 has and v1 lacks are in :mod:`inatsdk.testing.routes.v2_only`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import attrs

from inatsdk.testing.controlled_terms import v1 as terms
from inatsdk.testing.identifications import v1 as idents
from inatsdk.testing.messages import v1 as messages
from inatsdk.testing.observations import v1 as observations
from inatsdk.testing.observations import v1_stats as stats
from inatsdk.testing.observations.v2_writes import observation_id_of
from inatsdk.testing.places import v1 as places
from inatsdk.testing.posts import v1 as posts
from inatsdk.testing.projects import v1 as projects
from inatsdk.testing.routes import Handler, Reply, RequestContext, Router, json_reply
from inatsdk.testing.routes import v1_search as search
from inatsdk.testing.routes import v1_tiles as tiles
from inatsdk.testing.taxa import v1 as taxa
from inatsdk.testing.users import v1 as users
from inatsdk.testing.v2 import add_twin, add_v2, json_objects, twin, v2_error
from inatsdk.testing.v2_records import v2_taxon
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]

Translate = Callable[[RequestContext, dict[str, str]], dict[str, str]]


def _by_uuid(v1: Handler) -> Handler:
    """``v1`` (which reads ``path_params["id"]``) for a path that names an observation UUID."""

    def handle(ctx: RequestContext) -> Reply:
        found = observation_id_of(ctx, ctx.path_params["uuid"])
        return v1(attrs.evolve(ctx, path_params={**ctx.path_params, "id": str(found)}))

    return handle


def _path_to_query(path_name: str, query_name: str) -> Translate:
    def translate(ctx: RequestContext, query: dict[str, str]) -> dict[str, str]:
        return {**query, query_name: ctx.path_params[path_name]}

    return translate


def _add(
    router: Router,
    rule: str,
    spec_path: str,
    v1: Handler,
    *,
    translate: Translate | None = None,
    extra_params: frozenset[str] = frozenset(),
) -> None:
    handler = twin(v1, required=results_required("GET", spec_path), translate=translate)
    add_twin(router, rule, spec_path, handler, extra_params=extra_params)


def _search_v2(ctx: RequestContext) -> Reply:
    """v1's site search with v2's lower-case record types (``"taxon"``, not ``"Taxon"``)."""
    reply = search.search(ctx)
    if reply.status != 200:
        return reply
    data = json.loads(reply.body)
    for result in json_objects(data.get("results")):
        if isinstance(result.get("type"), str):
            result["type"] = result["type"].lower()
    return json_reply(data)


def _map_layers_v2(ctx: RequestContext) -> Reply:
    """v1's map layers, in an envelope, with v2's ``geomodel`` flag (a geomodel exists for the
    taxa the vision model knows)."""
    reply = taxa.map_layers(ctx)
    if reply.status != 200:
        return reply
    layer = json.loads(reply.body)
    taxon = ctx.store.renderer.taxa.get(int(layer["id"]))
    layer["geomodel"] = bool(taxon is not None and taxon.rank_level <= 10 and taxon.is_active)
    return json_reply(layer)


def _user_posts(ctx: RequestContext, query: dict[str, str]) -> dict[str, str]:
    key = ctx.path_params["id"]
    user = users.find_user(ctx, key)
    if user is None:
        raise v2_error(404, "Not Found")
    return {**query, "login": user.login}


_PAGED = frozenset({"page", "per_page"})


def register(router: Router) -> None:
    # observations: statistics, updates, deleted ids, a record's own lists
    for name, handler, extra in (
        ("histogram", stats.histogram, frozenset[str]()),
        ("observers", stats.observers, _PAGED | {"order_by"}),
        ("identifiers", stats.identifiers, _PAGED),
        ("popular_field_values", stats.popular_field_values, frozenset[str]()),
        ("quality_grades", stats.quality_grades, frozenset[str]()),
        ("iconic_taxa_counts", stats.iconic_taxa_counts, frozenset[str]()),
    ):
        spec = f"/observations/{name}"
        _add(router, f"/v2{spec}", spec, handler, extra_params=extra)
    _add(
        router,
        "/v2/observations/updates",
        "/observations/updates",
        observations.updates,
        extra_params=frozenset({"ttl"}),
    )
    _add(
        router,
        "/v2/observations/deleted",
        "/observations/deleted",
        observations.deleted,
        extra_params=frozenset({"ttl"}),
    )
    for name, handler in (
        ("quality_metrics", observations.quality_metrics),
        ("subscriptions", observations.subscriptions),
        ("taxon_summary", observations.taxon_summary),
    ):
        spec = f"/observations/{{uuid}}/{name}"
        _add(router, f"/v2/observations/<uuid>/{name}", spec, _by_uuid(handler))
    # identifications
    _add(
        router,
        "/v2/identifications/identifiers",
        "/identifications/identifiers",
        idents.identifiers,
    )
    _add(
        router,
        "/v2/identifications/similar_species",
        "/identifications/similar_species",
        idents.similar_species,
    )
    # controlled terms
    _add(router, "/v2/controlled_terms", "/controlled_terms", terms.search, extra_params=_PAGED)
    _add(
        router,
        "/v2/controlled_terms/for_taxon/<taxon_id>",
        "/controlled_terms/for_taxon/{taxon_id}",
        terms.for_taxon,
        translate=_path_to_query("taxon_id", "taxon_id"),
    )
    # messages
    _add(router, "/v2/messages", "/messages", messages.search, extra_params=_PAGED)
    _add(router, "/v2/messages/<id>", "/messages/{id}", messages.show)
    # places
    _add(router, "/v2/places", "/places", places.autocomplete, extra_params=frozenset({"page"}))
    _add(
        router,
        "/v2/places/nearby",
        "/places/nearby",
        places.nearby,
        extra_params=frozenset({"page"}),
    )
    # posts
    _add(router, "/v2/posts/for_user", "/posts/for_user", posts.for_user, extra_params=_PAGED)
    _add(
        router,
        "/v2/projects/<id>/posts",
        "/projects/{id}/posts",
        posts.search,
        translate=_path_to_query("id", "project_id"),
    )
    _add(router, "/v2/users/<id>/posts", "/users/{id}/posts", posts.search, translate=_user_posts)
    # projects
    _add(router, "/v2/projects", "/projects", projects.search)
    _add(router, "/v2/projects/<id>/members", "/projects/{id}/members", projects.members)
    _add(router, "/v2/projects/<id>/membership", "/projects/{id}/membership", projects.membership)
    # site search
    _add(router, "/v2/search", "/search", _search_v2, extra_params=frozenset({"page"}))
    # taxa
    iconic = twin(taxa.iconic, required=results_required("GET", "/taxa/iconic"), adjust=v2_taxon)
    add_twin(router, "/v2/taxa/iconic", "/taxa/iconic", iconic)
    _add(router, "/v2/taxa/<id>/wanted", "/taxa/{id}/wanted", taxa.wanted)
    _add(router, "/v2/taxa/<id>/map_layers", "/taxa/{id}/map_layers", _map_layers_v2)
    # users
    _add(router, "/v2/users/autocomplete", "/users/autocomplete", users.autocomplete)
    _add(router, "/v2/users/me", "/users/me", users.me)
    _add(router, "/v2/users/<id>/projects", "/users/{id}/projects", users.projects)
    # map tiles: the same images and grids as v1's
    for style in ("grid", "heatmap", "points"):  # colored_heatmap is v1-only
        prefix = f"/v2/{style}/<int:zoom>/<int:x>/<int:y>"
        spec_prefix = f"/{style}/{{zoom}}/{{x}}/{{y}}"
        png = functools.partial(tiles.observation_png, style=style)
        grid = functools.partial(tiles.observation_grid, style=style)
        add_v2(router, "GET", f"{prefix}.png", f"{spec_prefix}.png", png)
        add_v2(router, "GET", f"{prefix}.grid.json", f"{spec_prefix}.grid.json", grid)
    tile = "<int:zoom>/<int:x>/<int:y>.png"
    spec_tile = "{zoom}/{x}/{y}.png"
    add_v2(
        router,
        "GET",
        f"/v2/places/<place_id>/{tile}",
        f"/places/{{id}}/{spec_tile}",
        tiles.place_png,
    )
    add_v2(
        router,
        "GET",
        f"/v2/taxon_places/<taxon_id>/{tile}",
        f"/taxon_places/{{id}}/{spec_tile}",
        tiles.taxon_places_png,
    )
    add_v2(
        router,
        "GET",
        f"/v2/taxon_ranges/<taxon_id>/{tile}",
        f"/taxon_ranges/{{id}}/{spec_tile}",
        tiles.taxon_ranges_png,
    )
