"""The registry of API operations inatsdk covers, and the rules each one follows.

``ENDPOINTS`` lists every operation a controller method calls, with the path exactly as the
official spec writes it, so a test can compare coverage with the spec. Controllers and
paginators read their per-endpoint limits (``per_page`` maximum, ids per batch, keyset paging)
from here, so those numbers live in one place.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["ENDPOINTS", "Endpoint", "endpoint", "has_endpoint"]


@attrs.frozen(kw_only=True)
class Endpoint:
    """One API operation and the controller method that calls it.

    Attributes:
        method: HTTP method, e.g. ``"GET"``.
        path: the path as in the spec, without the version, e.g. ``"/observations/{id}"``.
        version: ``"v1"`` or ``"v2"``. A method may have one entry per version: the v2 one is
            its twin, called on v2 (see :mod:`inatsdk.fields`).
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
    # taxa routes the server has but its spec leaves out
    Endpoint(
        method="GET",
        path="/taxa/iconic",
        version="v1",
        qualname="TaxaController.iconic",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/taxa/lifelist_metadata",
        version="v1",
        qualname="TaxaController.lifelist_metadata",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}/wanted",
        version="v1",
        qualname="TaxaController.wanted",
        per_page_max=500,  # the server clamps nothing; 500 as /taxa (the list holds <= 1,000)
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}/map_layers",
        version="v1",
        qualname="TaxaController.map_layers",
        documented=False,
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
    Endpoint(
        method="GET",
        path="/observations/histogram",
        version="v1",
        qualname="ObservationsController.histogram",
    ),
    Endpoint(
        method="GET",
        path="/observations/species_counts",
        version="v1",
        qualname="ObservationsController.species_counts",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/observations/observers",
        version="v1",
        qualname="ObservationsController.observers",
        per_page_max=500,  # and only the first 500 rows are reachable at all
    ),
    Endpoint(
        method="GET",
        path="/observations/identifiers",
        version="v1",
        qualname="ObservationsController.identifiers",
        per_page_max=500,  # and only the first 500 rows are reachable at all
    ),
    Endpoint(
        method="GET",
        path="/observations/popular_field_values",
        version="v1",
        qualname="ObservationsController.popular_field_values",
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/observations/quality_grades",
        version="v1",
        qualname="ObservationsController.quality_grades",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/observations/iconic_taxa_counts",
        version="v1",
        qualname="ObservationsController.iconic_taxa_counts",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/observations/taxonomy",
        version="v1",
        qualname="ObservationsController.life_list",
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/observations/similar_species",
        version="v1",
        qualname="ObservationsController.similar_species",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/observations/{id}/taxon_summary",
        version="v1",
        qualname="ObservationsController.taxon_summary",
    ),
    Endpoint(
        method="GET",
        path="/observations/{id}/quality_metrics",
        version="v1",
        qualname="ObservationsController.quality_metrics",
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/observations/{id}/subscriptions",
        version="v1",
        qualname="ObservationsController.subscriptions",
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/observations/updates",
        version="v1",
        qualname="ObservationsController.updates",
        per_page_max=200,
    ),
    Endpoint(
        method="GET",
        path="/observations/deleted",
        version="v1",
        qualname="ObservationsController.deleted",
        single_page=True,
    ),
    # --- identifications -------------------------------------------------------------------
    Endpoint(
        method="GET",
        path="/identifications",
        version="v1",
        qualname="IdentificationsController.search",
        per_page_max=200,
        keyset=True,
        keyset_by_default=True,
    ),
    Endpoint(
        method="GET",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.get",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.get_many",
        id_limit=30,  # the spec: "A maximum of 30 results will be returned" (more are dropped)
    ),
    Endpoint(
        method="GET",
        path="/identifications/categories",
        version="v1",
        qualname="IdentificationsController.categories",
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/identifications/species_counts",
        version="v1",
        qualname="IdentificationsController.species_counts",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/identifications/identifiers",
        version="v1",
        qualname="IdentificationsController.identifiers",
        per_page_max=500,  # and only the first 500 rows are reachable at all
    ),
    Endpoint(
        method="GET",
        path="/identifications/observers",
        version="v1",
        qualname="IdentificationsController.observers",
        per_page_max=500,  # and only the first 500 rows are reachable at all
    ),
    Endpoint(
        method="GET",
        path="/identifications/recent_taxa",
        version="v1",
        qualname="IdentificationsController.recent_taxa",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/identifications/recent_taxa_revisited",
        version="v1",
        qualname="IdentificationsController.recent_taxa_revisited",
        per_page_max=500,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/identifications/similar_species",
        version="v1",
        qualname="IdentificationsController.similar_species",
        single_page=True,
    ),
    # --- places, users, projects, observation fields ----------------------------------------
    Endpoint(
        method="GET",
        path="/places/{id}",
        version="v1",
        qualname="PlacesController.get",
        id_limit=500,
    ),
    Endpoint(
        method="GET",
        path="/places/{id}",
        version="v1",
        qualname="PlacesController.get_many",
        id_limit=500,
    ),
    Endpoint(
        method="GET",
        path="/places/autocomplete",
        version="v1",
        qualname="PlacesController.autocomplete",
        per_page_max=20,
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/places/nearby",
        version="v1",
        qualname="PlacesController.nearby",
        per_page_max=20,
        single_page=True,
    ),
    # The server asks its search index for no size, so it answers at most 10 places (the
    # index's default) whatever per_page says.
    Endpoint(
        method="GET",
        path="/places/containing",
        version="v1",
        qualname="PlacesController.containing",
        per_page_max=10,
        single_page=True,
        documented=False,
    ),
    Endpoint(
        method="GET",
        path="/users/{id}",
        version="v1",
        qualname="UsersController.get",
    ),
    Endpoint(
        method="GET",
        path="/users/autocomplete",
        version="v1",
        qualname="UsersController.autocomplete",
        per_page_max=100,
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/users/{id}/projects",
        version="v1",
        qualname="UsersController.projects",
        per_page_max=100,
    ),
    Endpoint(
        method="GET",
        path="/users/me",
        version="v1",
        qualname="UsersController.me",
    ),
    Endpoint(
        method="GET",
        path="/projects",
        version="v1",
        qualname="ProjectsController.search",
        per_page_max=300,
    ),
    # /projects/{id} takes as many ids as per_page allows (default 30); the spec declares no
    # per_page there, so batches hold 30.
    Endpoint(
        method="GET",
        path="/projects/{id}",
        version="v1",
        qualname="ProjectsController.get",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/projects/{id}",
        version="v1",
        qualname="ProjectsController.get_many",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/projects/autocomplete",
        version="v1",
        qualname="ProjectsController.autocomplete",
        per_page_max=300,
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/projects/{id}/members",
        version="v1",
        qualname="ProjectsController.members",
        per_page_max=100,
    ),
    Endpoint(
        method="GET",
        path="/projects/{id}/membership",
        version="v1",
        qualname="ProjectsController.membership",
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/projects/{id}/subscriptions",
        version="v1",
        qualname="ProjectsController.subscriptions",
        single_page=True,
    ),
    Endpoint(
        method="GET",
        path="/observation_fields/autocomplete",
        version="v1",
        qualname="ObservationFieldsController.autocomplete",
        per_page_max=100,
        single_page=True,
        documented=False,
    ),
    # --- controlled terms, messages, posts, search, map tiles -------------------------------
    # Both answer their whole list (at most 30 terms) whatever page/per_page say.
    Endpoint(
        method="GET",
        path="/controlled_terms",
        version="v1",
        qualname="ControlledTermsController.all",
        per_page_max=30,
    ),
    Endpoint(
        method="GET",
        path="/controlled_terms/for_taxon",
        version="v1",
        qualname="ControlledTermsController.for_taxon",
        per_page_max=30,
    ),
    # Messages: 30 a page (the spec declares no per_page; 30 is what the API answers).
    Endpoint(
        method="GET",
        path="/messages",
        version="v1",
        qualname="MessagesController.search",
        per_page_max=30,
    ),
    Endpoint(
        method="GET",
        path="/messages/{id}",
        version="v1",
        qualname="MessagesController.get",
    ),
    Endpoint(
        method="GET",
        path="/messages/unread",
        version="v1",
        qualname="MessagesController.unread",
    ),
    # Posts: bare lists, no total. for_user declares no per_page: 10, its default size.
    Endpoint(
        method="GET",
        path="/posts",
        version="v1",
        qualname="PostsController.search",
        per_page_max=200,
    ),
    Endpoint(
        method="GET",
        path="/posts/for_user",
        version="v1",
        qualname="PostsController.for_user",
        per_page_max=10,
    ),
    # Site search: per_page above 100 is not clamped but reset to 30 by the API.
    Endpoint(
        method="GET",
        path="/search",
        version="v1",
        qualname="SearchController.search",
        per_page_max=100,
    ),
    # Map tiles: one method per kind, one entry per style.
    Endpoint(
        method="GET",
        path="/colored_heatmap/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.tile",
    ),
    Endpoint(
        method="GET",
        path="/grid/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.tile",
    ),
    Endpoint(
        method="GET",
        path="/heatmap/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.tile",
    ),
    Endpoint(
        method="GET",
        path="/points/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.tile",
    ),
    Endpoint(
        method="GET",
        path="/colored_heatmap/{zoom}/{x}/{y}.grid.json",
        version="v1",
        qualname="MapsController.utfgrid",
    ),
    Endpoint(
        method="GET",
        path="/grid/{zoom}/{x}/{y}.grid.json",
        version="v1",
        qualname="MapsController.utfgrid",
    ),
    Endpoint(
        method="GET",
        path="/heatmap/{zoom}/{x}/{y}.grid.json",
        version="v1",
        qualname="MapsController.utfgrid",
    ),
    Endpoint(
        method="GET",
        path="/points/{zoom}/{x}/{y}.grid.json",
        version="v1",
        qualname="MapsController.utfgrid",
    ),
    Endpoint(
        method="GET",
        path="/places/{place_id}/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.place_tile",
    ),
    Endpoint(
        method="GET",
        path="/taxon_places/{taxon_id}/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.taxon_places_tile",
    ),
    Endpoint(
        method="GET",
        path="/taxon_ranges/{taxon_id}/{zoom}/{x}/{y}.png",
        version="v1",
        qualname="MapsController.taxon_range_tile",
    ),
    # --- writes: identifications, comments, annotations, flags ---
    # Writes are never cached and never retried once they may have reached the server.
    Endpoint(
        method="POST",
        path="/identifications",
        version="v1",
        qualname="IdentificationsController.create",
    ),
    Endpoint(
        method="PUT",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.save",
    ),
    Endpoint(
        method="PUT",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.withdraw",
    ),
    Endpoint(
        method="PUT",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.restore",
    ),
    Endpoint(
        method="DELETE",
        path="/identifications/{id}",
        version="v1",
        qualname="IdentificationsController.delete",
    ),
    Endpoint(
        method="POST",
        path="/comments",
        version="v1",
        qualname="CommentsController.create",
    ),
    Endpoint(
        method="PUT",
        path="/comments/{id}",
        version="v1",
        qualname="CommentsController.save",
    ),
    Endpoint(
        method="DELETE",
        path="/comments/{id}",
        version="v1",
        qualname="CommentsController.delete",
    ),
    Endpoint(
        method="POST",
        path="/annotations",
        version="v1",
        qualname="AnnotationsController.create",
    ),
    Endpoint(
        method="DELETE",
        path="/annotations/{id}",
        version="v1",
        qualname="AnnotationsController.delete",
    ),
    Endpoint(
        method="POST",
        path="/votes/vote/annotation/{id}",
        version="v1",
        qualname="AnnotationsController.vote",
    ),
    Endpoint(
        method="DELETE",
        path="/votes/unvote/annotation/{id}",
        version="v1",
        qualname="AnnotationsController.unvote",
    ),
    Endpoint(
        method="POST",
        path="/flags",
        version="v1",
        qualname="FlagsController.create",
    ),
    Endpoint(
        method="PUT",
        path="/flags/{id}",
        version="v1",
        qualname="FlagsController.save",
    ),
    Endpoint(
        method="DELETE",
        path="/flags/{id}",
        version="v1",
        qualname="FlagsController.delete",
    ),
    # --- writes: projects, messages, posts, users ---
    # Project create/save/delete and user block/unblock are undocumented upstream.
    Endpoint(
        method="POST",
        path="/projects/{id}/join",
        version="v1",
        qualname="ProjectsController.join",
    ),
    Endpoint(
        method="DELETE",
        path="/projects/{id}/leave",
        version="v1",
        qualname="ProjectsController.leave",
    ),
    Endpoint(
        method="POST",
        path="/projects/{id}/add",
        version="v1",
        qualname="ProjectsController.add_observation",
    ),
    Endpoint(
        method="DELETE",
        path="/projects/{id}/remove",
        version="v1",
        qualname="ProjectsController.remove_observation",
    ),
    Endpoint(
        method="POST",
        path="/subscriptions/project/{id}/subscribe",
        version="v1",
        qualname="ProjectsController.subscribe",
    ),
    Endpoint(
        method="POST",
        path="/subscriptions/project/{id}/subscribe",
        version="v1",
        qualname="ProjectsController.unsubscribe",
    ),
    Endpoint(
        method="POST",
        path="/projects",
        version="v1",
        qualname="ProjectsController.create",
        documented=False,
    ),
    Endpoint(
        method="PUT",
        path="/projects/{id}",
        version="v1",
        qualname="ProjectsController.save",
        documented=False,
    ),
    Endpoint(
        method="DELETE",
        path="/projects/{id}",
        version="v1",
        qualname="ProjectsController.delete",
        documented=False,
    ),
    Endpoint(
        method="POST",
        path="/project_observations",
        version="v1",
        qualname="ProjectObservationsController.create",
    ),
    Endpoint(
        method="PUT",
        path="/project_observations/{id}",
        version="v1",
        qualname="ProjectObservationsController.save",
    ),
    Endpoint(
        method="DELETE",
        path="/project_observations/{id}",
        version="v1",
        qualname="ProjectObservationsController.delete",
    ),
    Endpoint(
        method="POST",
        path="/messages",
        version="v1",
        qualname="MessagesController.create",
    ),
    Endpoint(
        method="POST",
        path="/messages",
        version="v1",
        qualname="MessagesController.reply",
    ),
    Endpoint(
        method="DELETE",
        path="/messages/{id}",
        version="v1",
        qualname="MessagesController.delete",
    ),
    Endpoint(
        method="POST",
        path="/posts",
        version="v1",
        qualname="PostsController.create",
    ),
    Endpoint(
        method="PUT",
        path="/posts/{id}",
        version="v1",
        qualname="PostsController.save",
    ),
    Endpoint(
        method="DELETE",
        path="/posts/{id}",
        version="v1",
        qualname="PostsController.delete",
    ),
    Endpoint(
        method="PUT",
        path="/users/{id}",
        version="v1",
        qualname="UsersController.save",
    ),
    Endpoint(
        method="POST",
        path="/users/{id}/mute",
        version="v1",
        qualname="UsersController.mute",
    ),
    Endpoint(
        method="DELETE",
        path="/users/{id}/mute",
        version="v1",
        qualname="UsersController.unmute",
    ),
    Endpoint(
        method="POST",
        path="/users/{id}/block",
        version="v1",
        qualname="UsersController.block",
        documented=False,
    ),
    Endpoint(
        method="DELETE",
        path="/users/{id}/block",
        version="v1",
        qualname="UsersController.unblock",
        documented=False,
    ),
    Endpoint(
        method="POST",
        path="/users/resend_confirmation",
        version="v1",
        qualname="UsersController.resend_confirmation",
    ),
    Endpoint(
        method="PUT",
        path="/users/update_session",
        version="v1",
        qualname="UsersController.update_session",
    ),
    # --- v2 --------------------------------------------------------------------------------
    # The v2 twins of v1 methods: called with api_version="v2", a fields= selection or a UUID.
    # The v2 server hands these to its v1 controllers, so the caps and windows are v1's.
    Endpoint(
        method="GET",
        path="/observations",
        version="v2",
        qualname="ObservationsController.search",
        per_page_max=200,
        keyset=True,
        keyset_by_default=True,
    ),
    # /observations/{uuid} takes UUIDs only; an integer id is looked up with /observations?id=
    Endpoint(
        method="GET",
        path="/observations/{uuid}",
        version="v2",
        qualname="ObservationsController.get",
        id_limit=200,
    ),
    # a batch of UUIDs in the path would pass any sane URL length: the search's id= takes
    # ids and UUIDs, 200 a page, and moves to a POST body when long
    Endpoint(
        method="GET",
        path="/observations",
        version="v2",
        qualname="ObservationsController.get_many",
        id_limit=200,
    ),
    # v2 /taxa declares id_above/id_below but no order_by, so paging by id is not offered
    Endpoint(
        method="GET",
        path="/taxa",
        version="v2",
        qualname="TaxaController.search",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}",
        version="v2",
        qualname="TaxaController.get",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/taxa/{id}",
        version="v2",
        qualname="TaxaController.get_many",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/taxa/autocomplete",
        version="v2",
        qualname="TaxaController.autocomplete",
        per_page_max=30,
        single_page=True,
    ),
    # /places/{uuid} takes ids, slugs and UUIDs, and reads only the first 200
    Endpoint(
        method="GET",
        path="/places/{uuid}",
        version="v2",
        qualname="PlacesController.get_many",
        id_limit=200,
    ),
    Endpoint(
        method="GET",
        path="/projects/{id}",
        version="v2",
        qualname="ProjectsController.get_many",
        id_limit=30,
    ),
    Endpoint(
        method="GET",
        path="/identifications/recent_taxa",
        version="v2",
        qualname="IdentificationsController.recent_taxa",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/observations/species_counts",
        version="v2",
        qualname="ObservationsController.species_counts",
        per_page_max=500,
    ),
    Endpoint(
        method="GET",
        path="/users/{id}",
        version="v2",
        qualname="UsersController.get",
    ),
)

_BY_QUALNAME: dict[tuple[str, str], Endpoint] = {(e.qualname, e.version): e for e in ENDPOINTS}


def endpoint(qualname: str, version: Literal["v1", "v2"] | None = None) -> Endpoint:
    """The registry entry for a controller method (``"TaxaController.search"``).

    A method may have a v1 and a v2 entry (its v2 twin, used with ``api_version="v2"`` or a
    ``fields`` selection). ``version=None`` gives the v1 entry, or the only one there is.
    Raises ``KeyError`` when there is none.
    """
    if version is not None:
        return _BY_QUALNAME[(qualname, version)]
    found = _BY_QUALNAME.get((qualname, "v1")) or _BY_QUALNAME.get((qualname, "v2"))
    if found is None:
        raise KeyError(qualname)
    return found


def has_endpoint(qualname: str, version: Literal["v1", "v2"]) -> bool:
    """Whether the registry has an entry for ``qualname`` in ``version``."""
    return (qualname, version) in _BY_QUALNAME
