"""The operations table: every API operation inatsdk calls, declared once.

Each :class:`Operation` holds every fact about one API operation (method, path exactly as the
official spec writes it, version, who may call it, how it pages, its limits, how long its answers
keep in the cache, its parameters and its model). Everything else reads these records: the
requester (paths, checks, paging, auth, cache lifetimes), the paginator, the command line, the
coverage page of the docs and the tests that compare coverage with the spec.

Controllers name their operation by object (``requester.paginate(TAXA_SEARCH, ...)``), never by a
string. Adding a read to an existing resource is a row here plus a thin typed method.

The rows are grouped by resource, reads first; a row's v2 twin (called with
``api_version="v2"``, a ``fields=`` selection or a UUID) is the row it names in ``twin``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, Literal, TypeVar, cast, overload

import attrs

from inatsdk.models.base import BaseModel


@attrs.frozen
class ModelRef:
    """A model named by its class name, imported when :attr:`Operation.model` is first read."""

    name: str

    def resolve(self) -> type[BaseModel]:
        from inatsdk import models

        found: type[BaseModel] = getattr(models, self.name)
        return found


if TYPE_CHECKING:
    from inatsdk.models import (
        Annotation,
        Announcement,
        AuthorizedApplication,
        Comment,
        ControlledTerm,
        EmailAvailability,
        ExemplarIdentification,
        Flag,
        Histogram,
        Identification,
        IdentificationCategoryCount,
        LifeList,
        Locale,
        Message,
        MessageThread,
        NearbyPlaces,
        NotificationCounts,
        Observation,
        ObservationField,
        ObservationFieldValue,
        ObservationPhoto,
        ObservationSound,
        ObservationSubscription,
        ObservationUpdate,
        Photo,
        Place,
        PopularFieldValue,
        Post,
        Project,
        ProjectObservation,
        ProjectSubscription,
        ProjectUser,
        ProviderAuthorization,
        QualityGradeCount,
        QualityMetric,
        RecentTaxon,
        Relationship,
        SavedLocation,
        SearchResult,
        ServerStatus,
        Site,
        Sound,
        SpeciesCount,
        Taxon,
        TaxonIdSummary,
        TaxonMapLayers,
        TaxonNamePriority,
        TaxonSuggestions,
        TaxonSummary,
        UmbrellaProjectStats,
        User,
        UserCount,
        UTFGrid,
        VisionResults,
    )
    from inatsdk.paginator import Paginator
    from inatsdk.params.spec import OperationSpec
else:
    # At run time a row names its model by reference, imported when first asked for
    # (Operation.model): importing the table does not build ninety model classes (~40 ms of
    # a command's wait for its first request). Type checkers see the classes themselves.
    from inatsdk import models as _models

    globals().update({name: ModelRef(name) for name in _models.__all__ if name != "BaseModel"})

__all__ = [
    "ENDPOINTS",
    "NEVER",
    "Auth",
    "Endpoint",
    "Operation",
    "Paging",
    "PathKind",
    "endpoint",
    "has_endpoint",
]

M_co = TypeVar("M_co", bound=BaseModel, covariant=True)

Auth = Literal["none", "optional", "required"]
"""Who may call: anyone (no token is sent), anyone (a token is sent when the client has one),
signed-in users only (refused before sending without credentials)."""

Paging = Literal["keyset", "numbered", "single", "whole", "none"]
"""How a listing pages: ``keyset`` by id by default (``id_below``/``id_above``, no result window);
``numbered`` by page number; ``single`` answers its first page only; ``whole`` answers every
record in one response and ignores paging parameters; ``none`` is not a listing."""

PathKind = Literal["id", "index", "uuid", "id_or_uuid", "key", "choice"]
"""What a path placeholder accepts: ``id`` a positive integer; ``index`` a non-negative integer
(tile coordinates); ``uuid``; ``id_or_uuid``; ``key`` an id, a UUID or a name (a place's or
project's slug, a user's login); ``choice`` one of the values the spec lists."""

NEVER = 0
"""A cache lifetime: answers are never stored (private or fast-changing data)."""

#: The data-quality criteria observations are voted on (the v1 spec lists only the first three).
QUALITY_METRICS = ("wild", "location", "date", "evidence", "recent", "subject")

MINUTES_5 = 5 * 60
WEEK = 7 * 86400


@attrs.frozen(kw_only=True)
class Operation(Generic[M_co]):
    """One API operation and everything inatsdk knows about it.

    Attributes:
        method: HTTP method, e.g. ``"GET"``.
        path: the path as in the spec, without the version, e.g. ``"/observations/{id}"``.
        version: ``"v1"`` or ``"v2"``.
        qualnames: the controller methods that call it, e.g. ``("TaxaController.get",
            "TaxaController.get_many")``; the first is :attr:`qualname`.
        model: the model its records become, or None (images, counts, ids).
        auth: see :data:`Auth`; reads default to ``"optional"``, writes to ``"required"``.
        paging: see :data:`Paging`.
        id_paging: ``order_by("id")`` pages by id (``id_above``/``id_below`` work), with no
            result window; always true for ``paging="keyset"``.
        per_page_max: the most results one page can hold (the API clamps larger values).
        reachable: how many rows the API lets anyone reach at all, whatever the paging.
        totals: whether answers count the matches (``total_results``); where they do not (bare
            lists), ``count()`` walks the pages and a page's total is a lower bound.
        id_limit: the most ids one batch lookup may name (more is a 422 or dropped).
        cache: how long answers keep, in seconds; None for the client's default, :data:`NEVER`
            for never. Writes are never cached.
        path_kinds: what path placeholders accept, where the spec says too little (see
            :data:`PathKind`); the others follow the spec, or the placeholder's name.
        path_choices: the values a ``choice`` placeholder takes, where the spec lists too few.
        changes: False for a write method that changes nothing on the server (a POST that
            only computes, such as computer-vision scoring): ``dry_run="writes"`` sends it.
        documented: False for routes the server has but its spec leaves out.
        twin: the v2 operation that answers the same question, if any.
    """

    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str
    version: Literal["v1", "v2"]
    qualnames: tuple[str, ...]
    _model: type[M_co] | ModelRef | None = attrs.field(default=None, alias="model", eq=False)
    auth: Auth = "optional"
    paging: Paging = "none"
    id_paging: bool = False
    per_page_max: int | None = None
    reachable: int | None = None
    totals: bool = True
    id_limit: int | None = None
    cache: int | None = None
    path_kinds: tuple[tuple[str, PathKind], ...] = ()
    path_choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changes: bool = True
    documented: bool = True
    twin: Operation[BaseModel] | None = None

    @property
    def model(self) -> type[M_co] | None:
        """The model its records become, or None (images, counts, ids)."""
        found = self._model
        if isinstance(found, ModelRef):
            resolved = cast("type[M_co]", found.resolve())
            object.__setattr__(self, "_model", resolved)  # frozen: set once, the same class
            return resolved
        return found

    def path_kind(self, name: str) -> PathKind | None:
        """What placeholder ``name`` accepts, where this row says."""
        return dict(self.path_kinds).get(name)

    def choices(self, name: str) -> tuple[str, ...]:
        """The values placeholder ``name`` takes: this row's list, else the spec's."""
        listed = dict(self.path_choices).get(name)
        if listed is not None:
            return listed
        declared = self.spec.param(name) if self.documented else None
        return tuple(declared.enum) if declared is not None and declared.enum else ()

    @property
    def qualname(self) -> str:
        """The controller method that calls it first (``"TaxaController.search"``)."""
        return self.qualnames[0]

    @property
    def keyset(self) -> bool:
        """Whether paging by id works here (``order_by=id`` with ``id_above``/``id_below``)."""
        return self.paging == "keyset" or self.id_paging

    @property
    def keyset_by_default(self) -> bool:
        """Whether iteration pages by id when no ``order_by`` is given."""
        return self.paging == "keyset"

    @property
    def single_page(self) -> bool:
        """Whether only the first page can ever be had."""
        return self.paging in ("single", "whole")

    @property
    def is_write(self) -> bool:
        """Whether the operation changes something on the server."""
        return self.method != "GET" and self.changes

    @property
    def spec(self) -> OperationSpec:
        """The operation as the official spec (or, for undocumented routes, inatsdk) declares
        its parameters."""
        from inatsdk.params.spec import operation

        return operation(self.version, self.method, self.path)

    @property
    def params(self) -> type | None:
        """The ``TypedDict`` of its query parameters (generated from the spec, or written by
        hand for routes the spec leaves out), or None where it takes none."""
        from inatsdk.params.undocumented import SHARED_QUERY, typeddict_for

        version, method, path = SHARED_QUERY.get(
            (self.version, self.method, self.path), (self.version, self.method, self.path)
        )
        if version == "v1" and self.documented:
            from inatsdk.params.v1 import PARAMS_FOR

            return PARAMS_FOR.get((method, path))
        if version == "v1":
            found = typeddict_for(version, method, path)
            if found is None and (version, method, path) != (self.version, self.method, self.path):
                from inatsdk.params.v1 import PARAMS_FOR

                return PARAMS_FOR.get((method, path))
            return found
        from inatsdk.params.v2 import PARAMS_FOR as V2_PARAMS_FOR

        return V2_PARAMS_FOR.get((method, path))

    @property
    def body_type(self) -> type | None:
        """The ``TypedDict`` of its JSON body (v2, generated from the spec's schemas), or None."""
        if self.version != "v2":
            return None
        from inatsdk.params.v2 import BODY_FOR

        return BODY_FOR.get((self.method, self.path))

    @property
    def paginator(self) -> type[Paginator[BaseModel]] | None:
        """The typed paginator class of a listing (its ``filter()`` takes :attr:`params`)."""
        from inatsdk.params.paginators import PAGINATOR_FOR

        return PAGINATOR_FOR.get((self.version, self.method, self.path))

    def __str__(self) -> str:
        return f"{self.method} /{self.version}{self.path}"


Endpoint = Operation
"""The name this record had before the operations table (kept for existing code)."""


@overload
def _get(
    path: str,
    qualnames: str | tuple[str, ...],
    model: None = None,
    *,
    v2: bool = False,
    auth: Auth = "optional",
    paging: Paging = "none",
    id_paging: bool = False,
    per_page_max: int | None = None,
    reachable: int | None = None,
    totals: bool = True,
    id_limit: int | None = None,
    cache: int | None = None,
    path_kinds: Mapping[str, PathKind] | None = None,
    documented: bool = True,
    twin: Operation[BaseModel] | None = None,
) -> Operation[BaseModel]: ...


@overload
def _get(
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co],
    *,
    v2: bool = False,
    auth: Auth = "optional",
    paging: Paging = "none",
    id_paging: bool = False,
    per_page_max: int | None = None,
    reachable: int | None = None,
    totals: bool = True,
    id_limit: int | None = None,
    cache: int | None = None,
    path_kinds: Mapping[str, PathKind] | None = None,
    documented: bool = True,
    twin: Operation[BaseModel] | None = None,
) -> Operation[M_co]: ...


def _get(
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co] | None = None,
    *,
    v2: bool = False,
    auth: Auth = "optional",
    paging: Paging = "none",
    id_paging: bool = False,
    per_page_max: int | None = None,
    reachable: int | None = None,
    totals: bool = True,
    id_limit: int | None = None,
    cache: int | None = None,
    path_kinds: Mapping[str, PathKind] | None = None,
    documented: bool = True,
    twin: Operation[BaseModel] | None = None,
) -> Operation[M_co]:
    """A read's row."""
    return Operation(
        method="GET",
        path=path,
        version="v2" if v2 else "v1",
        qualnames=(qualnames,) if isinstance(qualnames, str) else qualnames,
        model=model,
        auth=auth,
        paging=paging,
        id_paging=id_paging,
        per_page_max=per_page_max,
        reachable=reachable,
        totals=totals,
        id_limit=id_limit,
        cache=cache,
        path_kinds=tuple((path_kinds or {}).items()),
        documented=documented,
        twin=twin,
    )


@overload
def _write(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: None = None,
    *,
    path_kinds: Mapping[str, PathKind] | None = None,
    path_choices: Mapping[str, tuple[str, ...]] | None = None,
    changes: bool = True,
    documented: bool = True,
) -> Operation[BaseModel]: ...


@overload
def _write(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co],
    *,
    path_kinds: Mapping[str, PathKind] | None = None,
    path_choices: Mapping[str, tuple[str, ...]] | None = None,
    changes: bool = True,
    documented: bool = True,
) -> Operation[M_co]: ...


def _write(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co] | None = None,
    *,
    path_kinds: Mapping[str, PathKind] | None = None,
    path_choices: Mapping[str, tuple[str, ...]] | None = None,
    changes: bool = True,
    documented: bool = True,
) -> Operation[M_co]:
    """A write's row: signed-in users only, never cached."""
    return Operation(
        method=method,
        path=path,
        version="v1",
        qualnames=(qualnames,) if isinstance(qualnames, str) else qualnames,
        model=model,
        auth="required",
        cache=NEVER,
        path_kinds=tuple((path_kinds or {}).items()),
        path_choices=tuple((path_choices or {}).items()),
        changes=changes,
        documented=documented,
    )


@overload
def _write_v2(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: None = None,
    *,
    changes: bool = True,
) -> Operation[BaseModel]: ...


@overload
def _write_v2(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co],
    *,
    changes: bool = True,
) -> Operation[M_co]: ...


def _write_v2(
    method: Literal["POST", "PUT", "DELETE"],
    path: str,
    qualnames: str | tuple[str, ...],
    model: type[M_co] | None = None,
    *,
    changes: bool = True,
) -> Operation[M_co]:
    """A v2 write's row: signed-in users only, never cached. UUID placeholders take UUIDs
    (the spec's ``format: uuid``), ``{id}`` placeholders positive integer ids."""
    return Operation(
        method=method,
        path=path,
        version="v2",
        qualnames=(qualnames,) if isinstance(qualnames, str) else qualnames,
        model=model,
        auth="required",
        cache=NEVER,
        changes=changes,
    )


# One row per operation, one line per row: the table reads as a table.
# fmt: off
# The v2 twins come first so that their v1 rows can name them. The v2 server hands these to
# its v1 controllers, so the caps and windows are v1's.
OBSERVATIONS_SEARCH_V2 = _get("/observations", ("ObservationsController.search", "ObservationsController.get_many"), Observation, v2=True, paging="keyset", per_page_max=200, id_limit=200, cache=MINUTES_5)
# /observations/{uuid} takes UUIDs only; an integer id is looked up with /observations?id=
OBSERVATIONS_GET_V2 = _get("/observations/{uuid}", "ObservationsController.get", Observation, v2=True, id_limit=200, cache=MINUTES_5)
OBSERVATIONS_SPECIES_COUNTS_V2 = _get("/observations/species_counts", "ObservationsController.species_counts", SpeciesCount, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
# v2 /taxa declares id_above/id_below but no order_by, so paging by id is not offered
TAXA_SEARCH_V2 = _get("/taxa", "TaxaController.search", Taxon, v2=True, paging="numbered", per_page_max=500, cache=WEEK)
TAXA_GET_V2 = _get("/taxa/{id}", ("TaxaController.get", "TaxaController.get_many"), Taxon, v2=True, id_limit=30, cache=WEEK)
TAXA_AUTOCOMPLETE_V2 = _get("/taxa/autocomplete", "TaxaController.autocomplete", Taxon, v2=True, paging="single", per_page_max=30, cache=WEEK)
# /places/{uuid} takes ids, slugs and UUIDs, and reads only the first 200
PLACES_GET_V2 = _get("/places/{uuid}", "PlacesController.get_many", Place, v2=True, id_limit=200, cache=WEEK, path_kinds={"uuid": "key"})
PROJECTS_GET_V2 = _get("/projects/{id}", "ProjectsController.get_many", Project, v2=True, id_limit=30)
IDENTIFICATIONS_RECENT_TAXA_V2 = _get("/identifications/recent_taxa", "IdentificationsController.recent_taxa", RecentTaxon, v2=True, paging="numbered", per_page_max=500)
USERS_GET_V2 = _get("/users/{id}", "UsersController.get", User, v2=True, path_kinds={"id": "key"})

# --- v2 operations of their own: v2 forms of v1 resources and v2-only resources -------------
# Each has its own controller method (v2 forms of v1 writes end in ``_v2`` and address records
# by UUID where v2 does); listings a v1 method also pages are its twins (named in ``twin``).
# Listings without per_page answer their whole list ("whole": no paging parameters are sent).
# observations
OBSERVATIONS_DELETED_V2 = _get("/observations/deleted", "ObservationsController.deleted_v2", auth="required", cache=NEVER, v2=True)
OBSERVATIONS_HISTOGRAM_V2 = _get("/observations/histogram", "ObservationsController.histogram_v2", Histogram, v2=True, cache=MINUTES_5)
OBSERVATIONS_ICONIC_TAXA_COUNTS_V2 = _get("/observations/iconic_taxa_counts", ("ObservationsController.iconic_taxa_counts", "ObservationsController.iconic_taxa_counts_v2"), SpeciesCount, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
OBSERVATIONS_ICONIC_TAXA_SPECIES_COUNTS_V2 = _get("/observations/iconic_taxa_species_counts", "ObservationsController.iconic_taxa_species_counts", SpeciesCount, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
OBSERVATIONS_IDENTIFICATION_CATEGORIES_V2 = _get("/observations/identification_categories", "ObservationsController.identification_categories", IdentificationCategoryCount, v2=True, paging="whole", cache=MINUTES_5)
OBSERVATIONS_IDENTIFIERS_V2 = _get("/observations/identifiers", "ObservationsController.identifiers", UserCount, v2=True, paging="numbered", per_page_max=500, reachable=500, cache=MINUTES_5)
OBSERVATIONS_OBSERVERS_V2 = _get("/observations/observers", "ObservationsController.observers", UserCount, v2=True, paging="numbered", per_page_max=500, reachable=500, cache=MINUTES_5)
OBSERVATIONS_POPULAR_FIELD_VALUES_V2 = _get("/observations/popular_field_values", ("ObservationsController.popular_field_values", "ObservationsController.popular_field_values_v2"), PopularFieldValue, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
OBSERVATIONS_QUALITY_GRADES_V2 = _get("/observations/quality_grades", ("ObservationsController.quality_grades", "ObservationsController.quality_grades_v2"), QualityGradeCount, v2=True, paging="whole", cache=MINUTES_5)
OBSERVATIONS_UMBRELLA_PROJECT_STATS_V2 = _get("/observations/umbrella_project_stats", "ObservationsController.umbrella_project_stats", UmbrellaProjectStats, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
OBSERVATIONS_UPDATES_V2 = _get("/observations/updates", "ObservationsController.updates", ObservationUpdate, v2=True, auth="required", paging="numbered", per_page_max=200, cache=NEVER)
OBSERVATIONS_QUALITY_METRICS_V2 = _get("/observations/{uuid}/quality_metrics", "ObservationsController.quality_metrics_v2", QualityMetric, v2=True, paging="whole", cache=MINUTES_5)
OBSERVATIONS_SUBSCRIPTIONS_V2 = _get("/observations/{uuid}/subscriptions", "ObservationsController.subscriptions_v2", ObservationSubscription, v2=True, auth="required", paging="whole", cache=NEVER)
OBSERVATIONS_TAXON_SUMMARY_V2 = _get("/observations/{uuid}/taxon_summary", "ObservationsController.taxon_summary_v2", TaxonSummary, v2=True, cache=MINUTES_5)
OBSERVATION_CREATE_V2 = _write_v2("POST", "/observations", "ObservationsController.create_v2", Observation)
OBSERVATION_UPDATE_V2 = _write_v2("PUT", "/observations/{uuid}", "ObservationsController.save_v2", Observation)
OBSERVATION_DELETE_V2 = _write_v2("DELETE", "/observations/{uuid}", "ObservationsController.delete_v2")
OBSERVATION_FAVE_V2 = _write_v2("POST", "/observations/{uuid}/fave", "ObservationsController.fave_v2")
OBSERVATION_UNFAVE_V2 = _write_v2("DELETE", "/observations/{uuid}/fave", "ObservationsController.unfave_v2")
OBSERVATION_QUALITY_SET_V2 = _write_v2("POST", "/observations/{uuid}/quality/{metric}", "ObservationsController.set_quality_metric_v2")
OBSERVATION_QUALITY_DELETE_V2 = _write_v2("DELETE", "/observations/{uuid}/quality/{metric}", "ObservationsController.delete_quality_metric_v2")
OBSERVATION_REVIEW_V2 = _write_v2("POST", "/observations/{uuid}/review", "ObservationsController.review_v2")
OBSERVATION_UNREVIEW_V2 = _write_v2("DELETE", "/observations/{uuid}/review", "ObservationsController.unreview_v2")
OBSERVATION_SUBSCRIPTION_V2 = _write_v2("PUT", "/observations/{uuid}/subscription", ("ObservationsController.subscribe_v2", "ObservationsController.unsubscribe_v2"))
OBSERVATION_VIEWED_UPDATES_V2 = _write_v2("PUT", "/observations/{uuid}/viewed_updates", "ObservationsController.mark_updates_viewed_v2")
# observation media and field values
OBSERVATION_PHOTO_CREATE_V2 = _write_v2("POST", "/observation_photos", ("ObservationPhotosController.upload_v2", "ObservationPhotosController.create_v2"), ObservationPhoto)
OBSERVATION_PHOTO_UPDATE_V2 = _write_v2("PUT", "/observation_photos/{uuid}", "ObservationPhotosController.save_v2", ObservationPhoto)
OBSERVATION_PHOTO_DELETE_V2 = _write_v2("DELETE", "/observation_photos/{uuid}", "ObservationPhotosController.delete_v2")
OBSERVATION_SOUND_CREATE_V2 = _write_v2("POST", "/observation_sounds", ("ObservationSoundsController.upload_v2", "ObservationSoundsController.create_v2"), ObservationSound)
OBSERVATION_SOUND_UPDATE_V2 = _write_v2("PUT", "/observation_sounds/{uuid}", "ObservationSoundsController.save_v2", ObservationSound)
OBSERVATION_SOUND_DELETE_V2 = _write_v2("DELETE", "/observation_sounds/{uuid}", "ObservationSoundsController.delete_v2")
PHOTO_CREATE_V2 = _write_v2("POST", "/photos", "PhotosController.upload_v2", Photo)
PHOTO_UPDATE_V2 = _write_v2("PUT", "/photos/{id}", "PhotosController.save_v2", Photo)
SOUND_CREATE_V2 = _write_v2("POST", "/sounds", "SoundsController.upload_v2", Sound)
OBSERVATION_FIELD_VALUE_CREATE_V2 = _write_v2("POST", "/observation_field_values", "ObservationFieldValuesController.create_v2", ObservationFieldValue)
OBSERVATION_FIELD_VALUE_UPDATE_V2 = _write_v2("PUT", "/observation_field_values/{uuid}", "ObservationFieldValuesController.save_v2", ObservationFieldValue)
OBSERVATION_FIELD_VALUE_DELETE_V2 = _write_v2("DELETE", "/observation_field_values/{uuid}", "ObservationFieldValuesController.delete_v2")
# identifications, comments, annotations, flags
IDENTIFICATIONS_IDENTIFIERS_V2 = _get("/identifications/identifiers", "IdentificationsController.identifiers", UserCount, v2=True, paging="numbered", per_page_max=500, reachable=500)
IDENTIFICATIONS_SIMILAR_SPECIES_V2 = _get("/identifications/similar_species", ("IdentificationsController.similar_species", "IdentificationsController.similar_species_v2"), SpeciesCount, v2=True, paging="numbered", per_page_max=500)
IDENTIFICATION_CREATE_V2 = _write_v2("POST", "/identifications", "IdentificationsController.create_v2", Identification)
IDENTIFICATION_UPDATE_V2 = _write_v2("PUT", "/identifications/{uuid}", "IdentificationsController.save_v2", Identification)
IDENTIFICATION_DELETE_V2 = _write_v2("DELETE", "/identifications/{uuid}", "IdentificationsController.delete_v2")
COMMENT_CREATE_V2 = _write_v2("POST", "/comments", "CommentsController.create_v2", Comment)
COMMENT_UPDATE_V2 = _write_v2("PUT", "/comments/{uuid}", "CommentsController.save_v2", Comment)
COMMENT_DELETE_V2 = _write_v2("DELETE", "/comments/{uuid}", "CommentsController.delete_v2")
ANNOTATION_CREATE_V2 = _write_v2("POST", "/annotations", "AnnotationsController.create_v2", Annotation)
ANNOTATION_DELETE_V2 = _write_v2("DELETE", "/annotations/{uuid}", "AnnotationsController.delete_v2")
ANNOTATION_VOTE_V2 = _write_v2("POST", "/annotations/{uuid}/vote", "AnnotationsController.vote_v2")
ANNOTATION_UNVOTE_V2 = _write_v2("DELETE", "/annotations/{uuid}/vote", "AnnotationsController.unvote_v2")
FLAG_CREATE_V2 = _write_v2("POST", "/flags", "FlagsController.create_v2", Flag)
FLAG_UPDATE_V2 = _write_v2("PUT", "/flags/{id}", "FlagsController.save_v2", Flag)
FLAG_DELETE_V2 = _write_v2("DELETE", "/flags/{id}", "FlagsController.delete_v2")
# taxa
TAXA_ICONIC_V2 = _get("/taxa/iconic", ("TaxaController.iconic", "TaxaController.iconic_v2"), Taxon, v2=True, paging="whole", cache=WEEK)
TAXA_MAP_LAYERS_V2 = _get("/taxa/{id}/map_layers", "TaxaController.map_layers_v2", TaxonMapLayers, v2=True, cache=WEEK)
TAXA_WANTED_V2 = _get("/taxa/{id}/wanted", "TaxaController.wanted_v2", Taxon, v2=True, paging="numbered", per_page_max=500, cache=MINUTES_5)
TAXA_SUGGEST_V2 = _get("/taxa/suggest", "TaxonSuggestionsController.suggest", TaxonSuggestions, v2=True, auth="required", cache=NEVER)
TAXA_SUGGEST_IMAGE_V2 = _write_v2("POST", "/taxa/suggest", "TaxonSuggestionsController.suggest_from_image", TaxonSuggestions, changes=False)
TAXON_NAME_PRIORITY_CREATE_V2 = _write_v2("POST", "/taxon_name_priorities", "TaxonNamePrioritiesController.create", TaxonNamePriority)
TAXON_NAME_PRIORITY_UPDATE_V2 = _write_v2("PUT", "/taxon_name_priorities/{id}", "TaxonNamePrioritiesController.save", TaxonNamePriority)
TAXON_NAME_PRIORITY_DELETE_V2 = _write_v2("DELETE", "/taxon_name_priorities/{id}", "TaxonNamePrioritiesController.delete")
CONTROLLED_TERMS_V2 = _get("/controlled_terms", ("ControlledTermsController.all", "ControlledTermsController.all_v2"), ControlledTerm, v2=True, paging="whole", cache=WEEK)
CONTROLLED_TERMS_FOR_TAXON_V2 = _get("/controlled_terms/for_taxon/{taxon_id}", "ControlledTermsController.for_taxon_v2", ControlledTerm, v2=True, paging="whole", cache=WEEK)
# unpublished: exemplar identifications and taxon ID summaries (reads)
EXEMPLAR_IDENTIFICATIONS_V2 = _get("/exemplar_identifications", "ExemplarIdentificationsController.search", ExemplarIdentification, v2=True, paging="numbered", per_page_max=200, cache=MINUTES_5)
EXEMPLAR_IDENTIFICATION_VOTE_V2 = _write_v2("POST", "/exemplar_identifications/{id}/vote", "ExemplarIdentificationsController.vote")
EXEMPLAR_IDENTIFICATION_UNVOTE_V2 = _write_v2("DELETE", "/exemplar_identifications/{id}/vote", "ExemplarIdentificationsController.unvote")
TAXON_ID_SUMMARIES_V2 = _get("/taxon_id_summaries", "ExemplarIdentificationsController.summaries", TaxonIdSummary, v2=True, paging="numbered", per_page_max=200, cache=WEEK)
TAXON_ID_SUMMARY_V2 = _get("/taxon_id_summaries/{uuid}", "ExemplarIdentificationsController.summary", TaxonIdSummary, v2=True, cache=WEEK)
# computer vision (unpublished on v2)
COMPUTERVISION_SCORE_IMAGE_V2 = _write_v2("POST", "/computervision/score_image", "ComputerVisionController.score_image_v2", VisionResults, changes=False)
COMPUTERVISION_SCORE_OBSERVATION_V2 = _get("/computervision/score_observation/{uuid}", "ComputerVisionController.score_observation_v2", VisionResults, v2=True, auth="required", cache=NEVER)
# places, projects, posts, search, sites
PLACES_SEARCH_V2 = _get("/places", "PlacesController.search", Place, v2=True, paging="numbered", per_page_max=500, cache=WEEK)
PLACES_NEARBY_V2 = _get("/places/nearby", "PlacesController.nearby_v2", NearbyPlaces, v2=True, cache=WEEK)
PROJECTS_SEARCH_V2 = _get("/projects", "ProjectsController.search", Project, v2=True, paging="numbered", per_page_max=300)
PROJECTS_MEMBERS_V2 = _get("/projects/{id}/members", "ProjectsController.members", ProjectUser, v2=True, paging="numbered", per_page_max=100)
PROJECTS_MEMBERSHIP_V2 = _get("/projects/{id}/membership", "ProjectsController.membership_v2", ProjectUser, v2=True, auth="required", paging="whole", cache=NEVER)
PROJECTS_POSTS_V2 = _get("/projects/{id}/posts", "ProjectsController.posts", Post, v2=True, paging="numbered", per_page_max=200, path_kinds={"id": "key"})
PROJECT_JOIN_V2 = _write_v2("POST", "/projects/{id}/membership", "ProjectsController.join_v2", ProjectUser)
PROJECT_LEAVE_V2 = _write_v2("DELETE", "/projects/{id}/membership", "ProjectsController.leave_v2")
PROJECT_USER_UPDATE_V2 = _write_v2("PUT", "/project_users/{id}", "ProjectsController.save_membership", ProjectUser)
PROJECT_OBSERVATION_CREATE_V2 = _write_v2("POST", "/project_observations", "ProjectObservationsController.create_v2", ProjectObservation)
PROJECT_OBSERVATION_UPDATE_V2 = _write_v2("PUT", "/project_observations/{uuid}", "ProjectObservationsController.save_v2", ProjectObservation)
PROJECT_OBSERVATION_DELETE_V2 = _write_v2("DELETE", "/project_observations/{uuid}", "ProjectObservationsController.delete_v2")
POSTS_FOR_USER_V2 = _get("/posts/for_user", "PostsController.for_user", Post, v2=True, paging="numbered", per_page_max=200, totals=False)
SEARCH_V2 = _get("/search", "SearchController.search", SearchResult, v2=True, paging="numbered", per_page_max=100)
SITES_V2 = _get("/sites", "SitesController.all", Site, v2=True, auth="none", paging="whole", cache=WEEK)
# users and the signed-in account
USERS_SEARCH_V2 = _get("/users", "UsersController.search", User, v2=True, paging="numbered", per_page_max=200)
USERS_AUTOCOMPLETE_V2 = _get("/users/autocomplete", "UsersController.autocomplete", User, v2=True, paging="single", per_page_max=100)
USERS_EMAIL_AVAILABLE_V2 = _get("/users/email_available", "UsersController.email_available", EmailAvailability, v2=True, auth="required", cache=NEVER)
USERS_ME_V2 = _get("/users/me", "UsersController.me_v2", User, v2=True, auth="required", cache=NEVER)
USERS_NOTIFICATION_COUNTS_V2 = _get("/users/notification_counts", "UsersController.notification_counts", NotificationCounts, v2=True, auth="required", cache=NEVER)
USERS_RECENT_OBSERVATION_FIELDS_V2 = _get("/users/recent_observation_fields", "UsersController.recent_observation_fields", ObservationField, v2=True, auth="required", paging="whole", cache=NEVER)
USERS_POSTS_V2 = _get("/users/{id}/posts", "UsersController.posts", Post, v2=True, paging="numbered", per_page_max=200, path_kinds={"id": "key"})
USERS_PROJECTS_V2 = _get("/users/{id}/projects", "UsersController.projects_v2", Project, v2=True, paging="whole", path_kinds={"id": "key"})
USER_UPDATE_V2 = _write_v2("PUT", "/users/{id}", "UsersController.save_v2", User)
USER_BLOCK_V2 = _write_v2("POST", "/users/{id}/block", "UsersController.block_v2")
USER_UNBLOCK_V2 = _write_v2("DELETE", "/users/{id}/block", "UsersController.unblock_v2")
USER_MUTE_V2 = _write_v2("POST", "/users/{id}/mute", "UsersController.mute_v2")
USER_UNMUTE_V2 = _write_v2("DELETE", "/users/{id}/mute", "UsersController.unmute_v2")
USER_RESEND_CONFIRMATION_V2 = _write_v2("POST", "/users/resend_confirmation", "UsersController.resend_confirmation_v2")
USER_RESET_PASSWORD_V2 = _write_v2("POST", "/users/reset_password", "UsersController.reset_password")
USER_UPDATE_SESSION_V2 = _write_v2("PUT", "/users/update_session", "UsersController.update_session_v2")
RELATIONSHIPS_V2 = _get("/relationships", "RelationshipsController.search", Relationship, v2=True, auth="required", paging="whole", cache=NEVER)
RELATIONSHIP_CREATE_V2 = _write_v2("POST", "/relationships", "RelationshipsController.create", Relationship)
RELATIONSHIP_UPDATE_V2 = _write_v2("PUT", "/relationships/{id}", "RelationshipsController.save", Relationship)
RELATIONSHIP_DELETE_V2 = _write_v2("DELETE", "/relationships/{id}", "RelationshipsController.delete")
SAVED_LOCATIONS_V2 = _get("/saved_locations", "SavedLocationsController.search", SavedLocation, v2=True, auth="required", paging="whole", cache=NEVER)
SAVED_LOCATION_CREATE_V2 = _write_v2("POST", "/saved_locations", "SavedLocationsController.create", SavedLocation)
SAVED_LOCATION_DELETE_V2 = _write_v2("DELETE", "/saved_locations/{id}", "SavedLocationsController.delete")
ANNOUNCEMENTS_V2 = _get("/announcements", "AnnouncementsController.search", Announcement, v2=True, paging="whole", cache=NEVER)
ANNOUNCEMENT_DISMISS_V2 = _write_v2("PUT", "/announcements/{id}/dismiss", "AnnouncementsController.dismiss")
AUTHORIZED_APPLICATIONS_V2 = _get("/authorized_applications", "AccountController.authorized_applications", AuthorizedApplication, v2=True, auth="required", paging="whole", cache=NEVER)
AUTHORIZED_APPLICATION_DELETE_V2 = _write_v2("DELETE", "/authorized_applications/{id}", "AccountController.revoke_application")
PROVIDER_AUTHORIZATIONS_V2 = _get("/provider_authorizations", "AccountController.provider_authorizations", ProviderAuthorization, v2=True, auth="required", paging="whole", cache=NEVER)
PROVIDER_AUTHORIZATION_DELETE_V2 = _write_v2("DELETE", "/provider_authorizations/{id}", "AccountController.unlink_provider")
TRANSLATIONS_LOCALES_V2 = _get("/translations/locales", "AccountController.locales", Locale, v2=True, auth="none", paging="whole", cache=WEEK)
PING_V2 = _get("/ping", "AccountController.ping", ServerStatus, v2=True, auth="none", cache=NEVER)
# messages
MESSAGES_SEARCH_V2 = _get("/messages", ("MessagesController.search", "MessagesController.search_v2"), Message, v2=True, auth="required", paging="whole", cache=NEVER)
MESSAGES_GET_V2 = _get("/messages/{id}", "MessagesController.get_v2", Message, v2=True, auth="required", paging="whole", cache=NEVER)
MESSAGE_CREATE_V2 = _write_v2("POST", "/messages", "MessagesController.create_v2", Message)
# map tiles (v2 names the id placeholder {id}); geomodel tiles are v2 only
TILE_GRID_V2 = _get("/grid/{zoom}/{x}/{y}.png", "MapsController.tile_v2", auth="none", v2=True)
TILE_HEATMAP_V2 = _get("/heatmap/{zoom}/{x}/{y}.png", "MapsController.tile_v2", auth="none", v2=True)
TILE_POINTS_V2 = _get("/points/{zoom}/{x}/{y}.png", "MapsController.tile_v2", auth="none", v2=True)
UTFGRID_GRID_V2 = _get("/grid/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid_v2", UTFGrid, auth="none", v2=True)
UTFGRID_HEATMAP_V2 = _get("/heatmap/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid_v2", UTFGrid, auth="none", v2=True)
UTFGRID_POINTS_V2 = _get("/points/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid_v2", UTFGrid, auth="none", v2=True)
TILE_PLACE_V2 = _get("/places/{id}/{zoom}/{x}/{y}.png", "MapsController.place_tile_v2", auth="none", v2=True, cache=WEEK)
TILE_TAXON_PLACES_V2 = _get("/taxon_places/{id}/{zoom}/{x}/{y}.png", "MapsController.taxon_places_tile_v2", auth="none", v2=True)
TILE_TAXON_RANGE_V2 = _get("/taxon_ranges/{id}/{zoom}/{x}/{y}.png", "MapsController.taxon_range_tile_v2", auth="none", v2=True)
TILE_GEOMODEL_V2 = _get("/geomodel/{id}/{zoom}/{x}/{y}.png", "GeomodelController.tile", auth="none", v2=True, cache=WEEK)
TILE_GEOMODEL_COMPARISON_V2 = _get("/geomodel_comparison/{id}/{zoom}/{x}/{y}.png", "GeomodelController.comparison_tile", auth="none", v2=True, cache=WEEK)
TILE_GEOMODEL_TAXON_RANGE_V2 = _get("/geomodel_taxon_range/{id}/{zoom}/{x}/{y}.png", "GeomodelController.taxon_range_tile", auth="none", v2=True, cache=WEEK)

# --- taxa ------------------------------------------------------------------------------------
TAXA_SEARCH = _get("/taxa", "TaxaController.search", Taxon, paging="numbered", id_paging=True, per_page_max=500, cache=WEEK, twin=TAXA_SEARCH_V2)
TAXA_GET = _get("/taxa/{id}", ("TaxaController.get", "TaxaController.get_many"), Taxon, id_limit=30, cache=WEEK, twin=TAXA_GET_V2)
TAXA_AUTOCOMPLETE = _get("/taxa/autocomplete", "TaxaController.autocomplete", Taxon, paging="single", per_page_max=30, cache=WEEK, twin=TAXA_AUTOCOMPLETE_V2)
# taxa routes the server has but its spec leaves out
TAXA_ICONIC = _get("/taxa/iconic", "TaxaController.iconic", Taxon, paging="whole", cache=WEEK, documented=False, twin=TAXA_ICONIC_V2)
TAXA_LIFELIST_METADATA = _get("/taxa/lifelist_metadata", "TaxaController.lifelist_metadata", Taxon, paging="whole", cache=MINUTES_5, documented=False)
# the server clamps nothing; 500 as /taxa (the list holds <= 1,000)
TAXA_WANTED = _get("/taxa/{id}/wanted", "TaxaController.wanted", Taxon, paging="numbered", per_page_max=500, cache=MINUTES_5, documented=False, twin=TAXA_WANTED_V2)
TAXA_MAP_LAYERS = _get("/taxa/{id}/map_layers", "TaxaController.map_layers", TaxonMapLayers, cache=WEEK, documented=False)

# --- observations ----------------------------------------------------------------------------
OBSERVATIONS_SEARCH = _get("/observations", "ObservationsController.search", Observation, paging="keyset", per_page_max=200, cache=MINUTES_5, twin=OBSERVATIONS_SEARCH_V2)
OBSERVATIONS_GET = _get("/observations/{id}", ("ObservationsController.get", "ObservationsController.get_many"), Observation, id_limit=200, cache=MINUTES_5, twin=OBSERVATIONS_GET_V2)
OBSERVATIONS_HISTOGRAM = _get("/observations/histogram", "ObservationsController.histogram", Histogram, cache=MINUTES_5)
OBSERVATIONS_SPECIES_COUNTS = _get("/observations/species_counts", "ObservationsController.species_counts", SpeciesCount, paging="numbered", per_page_max=500, cache=MINUTES_5, twin=OBSERVATIONS_SPECIES_COUNTS_V2)
OBSERVATIONS_OBSERVERS = _get("/observations/observers", "ObservationsController.observers", UserCount, paging="numbered", per_page_max=500, reachable=500, cache=MINUTES_5, twin=OBSERVATIONS_OBSERVERS_V2)
OBSERVATIONS_IDENTIFIERS = _get("/observations/identifiers", "ObservationsController.identifiers", UserCount, paging="numbered", per_page_max=500, reachable=500, cache=MINUTES_5, twin=OBSERVATIONS_IDENTIFIERS_V2)
OBSERVATIONS_POPULAR_FIELD_VALUES = _get("/observations/popular_field_values", "ObservationsController.popular_field_values", PopularFieldValue, paging="whole", cache=MINUTES_5, twin=OBSERVATIONS_POPULAR_FIELD_VALUES_V2)
OBSERVATIONS_QUALITY_GRADES = _get("/observations/quality_grades", "ObservationsController.quality_grades", QualityGradeCount, paging="whole", cache=MINUTES_5, documented=False, twin=OBSERVATIONS_QUALITY_GRADES_V2)
OBSERVATIONS_ICONIC_TAXA_COUNTS = _get("/observations/iconic_taxa_counts", "ObservationsController.iconic_taxa_counts", SpeciesCount, paging="whole", cache=MINUTES_5, documented=False, twin=OBSERVATIONS_ICONIC_TAXA_COUNTS_V2)
OBSERVATIONS_TAXONOMY = _get("/observations/taxonomy", "ObservationsController.life_list", LifeList, cache=MINUTES_5, documented=False)
OBSERVATIONS_SIMILAR_SPECIES = _get("/observations/similar_species", "ObservationsController.similar_species", SpeciesCount, paging="whole", cache=MINUTES_5, documented=False)
OBSERVATIONS_TAXON_SUMMARY = _get("/observations/{id}/taxon_summary", "ObservationsController.taxon_summary", TaxonSummary, cache=MINUTES_5)
OBSERVATIONS_QUALITY_METRICS = _get("/observations/{id}/quality_metrics", "ObservationsController.quality_metrics", QualityMetric, paging="whole", cache=MINUTES_5, documented=False)
OBSERVATIONS_SUBSCRIPTIONS = _get("/observations/{id}/subscriptions", "ObservationsController.subscriptions", ObservationSubscription, auth="required", paging="whole", cache=MINUTES_5)
# the signed-in user's notifications and deletions: private, changing, never cached
OBSERVATIONS_UPDATES = _get("/observations/updates", "ObservationsController.updates", ObservationUpdate, auth="required", paging="numbered", per_page_max=200, cache=NEVER, twin=OBSERVATIONS_UPDATES_V2)
OBSERVATIONS_DELETED = _get("/observations/deleted", "ObservationsController.deleted", auth="required", cache=NEVER)

# --- identifications -------------------------------------------------------------------------
IDENTIFICATIONS_SEARCH = _get("/identifications", "IdentificationsController.search", Identification, paging="keyset", per_page_max=200)
# the spec: "A maximum of 30 results will be returned" (more are dropped)
IDENTIFICATIONS_GET = _get("/identifications/{id}", ("IdentificationsController.get", "IdentificationsController.get_many"), Identification, id_limit=30)
IDENTIFICATIONS_CATEGORIES = _get("/identifications/categories", "IdentificationsController.categories", IdentificationCategoryCount, paging="whole")
IDENTIFICATIONS_SPECIES_COUNTS = _get("/identifications/species_counts", "IdentificationsController.species_counts", SpeciesCount, paging="numbered", per_page_max=500)
IDENTIFICATIONS_IDENTIFIERS = _get("/identifications/identifiers", "IdentificationsController.identifiers", UserCount, paging="numbered", per_page_max=500, reachable=500, twin=IDENTIFICATIONS_IDENTIFIERS_V2)
IDENTIFICATIONS_OBSERVERS = _get("/identifications/observers", "IdentificationsController.observers", UserCount, paging="numbered", per_page_max=500, reachable=500)
IDENTIFICATIONS_RECENT_TAXA = _get("/identifications/recent_taxa", "IdentificationsController.recent_taxa", RecentTaxon, paging="numbered", per_page_max=500, twin=IDENTIFICATIONS_RECENT_TAXA_V2)
IDENTIFICATIONS_RECENT_TAXA_REVISITED = _get("/identifications/recent_taxa_revisited", "IdentificationsController.recent_taxa_revisited", RecentTaxon, paging="numbered", per_page_max=500, documented=False)
IDENTIFICATIONS_SIMILAR_SPECIES = _get("/identifications/similar_species", "IdentificationsController.similar_species", SpeciesCount, paging="whole", twin=IDENTIFICATIONS_SIMILAR_SPECIES_V2)

# --- places ----------------------------------------------------------------------------------
PLACES_GET = _get("/places/{id}", ("PlacesController.get", "PlacesController.get_many"), Place, id_limit=500, cache=WEEK, path_kinds={"id": "key"}, twin=PLACES_GET_V2)
PLACES_AUTOCOMPLETE = _get("/places/autocomplete", "PlacesController.autocomplete", Place, paging="single", per_page_max=20, cache=WEEK)
PLACES_NEARBY = _get("/places/nearby", "PlacesController.nearby", NearbyPlaces, per_page_max=20, cache=WEEK)
# The server asks its search index for no size, so it answers at most 10 places (the index's
# default) whatever per_page says.
PLACES_CONTAINING = _get("/places/containing", "PlacesController.containing", Place, paging="single", per_page_max=10, cache=WEEK, documented=False)

# --- users -----------------------------------------------------------------------------------
USERS_GET = _get("/users/{id}", "UsersController.get", User, path_kinds={"id": "key"}, twin=USERS_GET_V2)
USERS_AUTOCOMPLETE = _get("/users/autocomplete", "UsersController.autocomplete", User, paging="single", per_page_max=100, twin=USERS_AUTOCOMPLETE_V2)
USERS_PROJECTS = _get("/users/{id}/projects", "UsersController.projects", Project, paging="numbered", per_page_max=100, path_kinds={"id": "key"})
USERS_ME = _get("/users/me", "UsersController.me", User, auth="required", cache=NEVER)

# --- projects --------------------------------------------------------------------------------
PROJECTS_SEARCH = _get("/projects", "ProjectsController.search", Project, paging="numbered", per_page_max=300, twin=PROJECTS_SEARCH_V2)
# /projects/{id} takes as many ids as per_page allows (default 30); the spec declares no
# per_page there, so batches hold 30.
PROJECTS_GET = _get("/projects/{id}", ("ProjectsController.get", "ProjectsController.get_many"), Project, id_limit=30, path_kinds={"id": "key"}, twin=PROJECTS_GET_V2)
PROJECTS_AUTOCOMPLETE = _get("/projects/autocomplete", "ProjectsController.autocomplete", Project, paging="single", per_page_max=300)
PROJECTS_MEMBERS = _get("/projects/{id}/members", "ProjectsController.members", ProjectUser, paging="numbered", per_page_max=100, path_kinds={"id": "key"}, twin=PROJECTS_MEMBERS_V2)
PROJECTS_MEMBERSHIP = _get("/projects/{id}/membership", "ProjectsController.membership", ProjectUser, auth="required", paging="whole", cache=NEVER)
PROJECTS_SUBSCRIPTIONS = _get("/projects/{id}/subscriptions", "ProjectsController.subscriptions", ProjectSubscription, auth="required", paging="whole", cache=NEVER)

# --- observation fields, controlled terms ------------------------------------------------------
OBSERVATION_FIELDS_AUTOCOMPLETE = _get("/observation_fields/autocomplete", "ObservationFieldsController.autocomplete", ObservationField, paging="single", per_page_max=100, documented=False)
# Both answer their whole list (at most 30 terms) whatever page/per_page say.
CONTROLLED_TERMS = _get("/controlled_terms", "ControlledTermsController.all", ControlledTerm, auth="none", paging="whole", cache=WEEK, twin=CONTROLLED_TERMS_V2)
CONTROLLED_TERMS_FOR_TAXON = _get("/controlled_terms/for_taxon", "ControlledTermsController.for_taxon", ControlledTerm, auth="none", paging="whole", cache=WEEK)

# --- messages, posts, search -------------------------------------------------------------------
# Messages: private and changing, never cached; 30 a page (the spec declares no per_page; 30 is
# what the API answers).
MESSAGES_SEARCH = _get("/messages", "MessagesController.search", Message, auth="required", paging="numbered", per_page_max=30, cache=NEVER, twin=MESSAGES_SEARCH_V2)
MESSAGES_GET = _get("/messages/{id}", "MessagesController.get", MessageThread, auth="required", cache=NEVER)
MESSAGES_UNREAD = _get("/messages/unread", "MessagesController.unread", auth="required", cache=NEVER)
# Posts: bare lists, no total. for_user declares no per_page: 10, its default size.
POSTS_SEARCH = _get("/posts", "PostsController.search", Post, paging="numbered", per_page_max=200, totals=False)
POSTS_FOR_USER = _get("/posts/for_user", "PostsController.for_user", Post, paging="numbered", per_page_max=10, totals=False, twin=POSTS_FOR_USER_V2)
# Site search: per_page above 100 is not clamped but reset to 30 by the API.
SEARCH = _get("/search", "SearchController.search", SearchResult, paging="numbered", per_page_max=100, twin=SEARCH_V2)

# --- map tiles: one method per kind, one row per style ------------------------------------------
TILE_COLORED_HEATMAP = _get("/colored_heatmap/{zoom}/{x}/{y}.png", "MapsController.tile", auth="none")
TILE_GRID = _get("/grid/{zoom}/{x}/{y}.png", "MapsController.tile", auth="none")
TILE_HEATMAP = _get("/heatmap/{zoom}/{x}/{y}.png", "MapsController.tile", auth="none")
TILE_POINTS = _get("/points/{zoom}/{x}/{y}.png", "MapsController.tile", auth="none")
UTFGRID_COLORED_HEATMAP = _get("/colored_heatmap/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid", UTFGrid, auth="none")
UTFGRID_GRID = _get("/grid/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid", UTFGrid, auth="none")
UTFGRID_HEATMAP = _get("/heatmap/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid", UTFGrid, auth="none")
UTFGRID_POINTS = _get("/points/{zoom}/{x}/{y}.grid.json", "MapsController.utfgrid", UTFGrid, auth="none")
TILE_PLACE = _get("/places/{place_id}/{zoom}/{x}/{y}.png", "MapsController.place_tile", auth="none", cache=WEEK)
TILE_TAXON_PLACES = _get("/taxon_places/{taxon_id}/{zoom}/{x}/{y}.png", "MapsController.taxon_places_tile", auth="none")
TILE_TAXON_RANGE = _get("/taxon_ranges/{taxon_id}/{zoom}/{x}/{y}.png", "MapsController.taxon_range_tile", auth="none")

# --- writes: identifications, comments, annotations, flags ---------------------------------------
# Writes are never cached and never retried once they may have reached the server.
IDENTIFICATION_CREATE = _write("POST", "/identifications", "IdentificationsController.create", Identification)
IDENTIFICATION_UPDATE = _write("PUT", "/identifications/{id}", ("IdentificationsController.save", "IdentificationsController.withdraw", "IdentificationsController.restore"), Identification)
IDENTIFICATION_DELETE = _write("DELETE", "/identifications/{id}", "IdentificationsController.delete")
COMMENT_CREATE = _write("POST", "/comments", "CommentsController.create", Comment)
COMMENT_UPDATE = _write("PUT", "/comments/{id}", "CommentsController.save", Comment)
COMMENT_DELETE = _write("DELETE", "/comments/{id}", "CommentsController.delete")
ANNOTATION_CREATE = _write("POST", "/annotations", "AnnotationsController.create", Annotation)
# annotations are named by UUID (those inside observations carry no id), or by id
ANNOTATION_DELETE = _write("DELETE", "/annotations/{id}", "AnnotationsController.delete", path_kinds={"id": "id_or_uuid"})
ANNOTATION_VOTE = _write("POST", "/votes/vote/annotation/{id}", "AnnotationsController.vote", Annotation, path_kinds={"id": "id_or_uuid"})
ANNOTATION_UNVOTE = _write("DELETE", "/votes/unvote/annotation/{id}", "AnnotationsController.unvote", path_kinds={"id": "id_or_uuid"})
FLAG_CREATE = _write("POST", "/flags", "FlagsController.create", Flag)
FLAG_UPDATE = _write("PUT", "/flags/{id}", "FlagsController.save", Flag)
FLAG_DELETE = _write("DELETE", "/flags/{id}", "FlagsController.delete")

# --- writes: projects, messages, posts, users ---------------------------------------------------
# Project create/save/delete and user block/unblock are undocumented upstream; the API toggles a
# subscription, so subscribe and unsubscribe share one route.
PROJECT_JOIN = _write("POST", "/projects/{id}/join", "ProjectsController.join", ProjectUser)
PROJECT_LEAVE = _write("DELETE", "/projects/{id}/leave", "ProjectsController.leave")
PROJECT_ADD_OBSERVATION = _write("POST", "/projects/{id}/add", "ProjectsController.add_observation", ProjectObservation)
PROJECT_REMOVE_OBSERVATION = _write("DELETE", "/projects/{id}/remove", "ProjectsController.remove_observation")
PROJECT_SUBSCRIBE = _write("POST", "/subscriptions/project/{id}/subscribe", ("ProjectsController.subscribe", "ProjectsController.unsubscribe"))
PROJECT_CREATE = _write("POST", "/projects", "ProjectsController.create", Project, documented=False)
PROJECT_UPDATE = _write("PUT", "/projects/{id}", "ProjectsController.save", Project, documented=False)
PROJECT_DELETE = _write("DELETE", "/projects/{id}", "ProjectsController.delete", documented=False)
PROJECT_OBSERVATION_CREATE = _write("POST", "/project_observations", "ProjectObservationsController.create", ProjectObservation)
PROJECT_OBSERVATION_UPDATE = _write("PUT", "/project_observations/{id}", "ProjectObservationsController.save", ProjectObservation)
PROJECT_OBSERVATION_DELETE = _write("DELETE", "/project_observations/{id}", "ProjectObservationsController.delete")
MESSAGE_CREATE = _write("POST", "/messages", ("MessagesController.create", "MessagesController.reply"), Message)
MESSAGE_DELETE = _write("DELETE", "/messages/{id}", "MessagesController.delete")
POST_CREATE = _write("POST", "/posts", "PostsController.create", Post)
POST_UPDATE = _write("PUT", "/posts/{id}", "PostsController.save", Post)
POST_DELETE = _write("DELETE", "/posts/{id}", "PostsController.delete")
USER_UPDATE = _write("PUT", "/users/{id}", "UsersController.save", User)
USER_MUTE = _write("POST", "/users/{id}/mute", "UsersController.mute")
USER_UNMUTE = _write("DELETE", "/users/{id}/mute", "UsersController.unmute")
USER_BLOCK = _write("POST", "/users/{id}/block", "UsersController.block", documented=False)
USER_UNBLOCK = _write("DELETE", "/users/{id}/block", "UsersController.unblock", documented=False)
USER_RESEND_CONFIRMATION = _write("POST", "/users/resend_confirmation", "UsersController.resend_confirmation")
USER_UPDATE_SESSION = _write("PUT", "/users/update_session", "UsersController.update_session")

# --- writes: observations, photos, sounds, field values, computer vision -------------------------
OBSERVATION_CREATE = _write("POST", "/observations", "ObservationsController.create", Observation)
OBSERVATION_UPDATE = _write("PUT", "/observations/{id}", "ObservationsController.save", Observation)
OBSERVATION_DELETE = _write("DELETE", "/observations/{id}", "ObservationsController.delete")
OBSERVATION_FAVE = _write("POST", "/observations/{id}/fave", "ObservationsController.fave", Observation)
OBSERVATION_UNFAVE = _write("DELETE", "/observations/{id}/unfave", "ObservationsController.unfave", Observation)
OBSERVATION_REVIEW = _write("POST", "/observations/{id}/review", "ObservationsController.review")
OBSERVATION_UNREVIEW = _write("DELETE", "/observations/{id}/review", "ObservationsController.unreview")
OBSERVATION_QUALITY_SET = _write("POST", "/observations/{id}/quality/{metric}", "ObservationsController.set_quality_metric", QualityMetric, path_kinds={"metric": "choice"}, path_choices={"metric": QUALITY_METRICS})
OBSERVATION_QUALITY_DELETE = _write("DELETE", "/observations/{id}/quality/{metric}", "ObservationsController.delete_quality_metric", path_kinds={"metric": "choice"}, path_choices={"metric": QUALITY_METRICS})
OBSERVATION_SUBSCRIBE = _write("POST", "/subscriptions/observation/{id}/subscribe", ("ObservationsController.subscribe", "ObservationsController.unsubscribe"))
OBSERVATION_VOTE = _write("POST", "/votes/vote/observation/{id}", "ObservationsController.vote", Observation)
OBSERVATION_UNVOTE = _write("DELETE", "/votes/unvote/observation/{id}", "ObservationsController.unvote", Observation)
OBSERVATION_VIEWED_UPDATES = _write("PUT", "/observations/{id}/viewed_updates", "ObservationsController.mark_updates_viewed")
OBSERVATION_FIELD_VALUE_CREATE = _write("POST", "/observation_field_values", ("ObservationFieldValuesController.create", "ObservationFieldValuesController.set"), ObservationFieldValue)
OBSERVATION_FIELD_VALUE_UPDATE = _write("PUT", "/observation_field_values/{id}", "ObservationFieldValuesController.save", ObservationFieldValue)
OBSERVATION_FIELD_VALUE_DELETE = _write("DELETE", "/observation_field_values/{id}", "ObservationFieldValuesController.delete")
OBSERVATION_PHOTO_CREATE = _write("POST", "/observation_photos", ("ObservationPhotosController.upload", "ObservationPhotosController.create"), ObservationPhoto)
OBSERVATION_PHOTO_UPDATE = _write("PUT", "/observation_photos/{id}", "ObservationPhotosController.save", ObservationPhoto)
OBSERVATION_PHOTO_DELETE = _write("DELETE", "/observation_photos/{id}", "ObservationPhotosController.delete")
PHOTO_CREATE = _write("POST", "/photos", ("PhotosController.upload", "PhotosController.create"), Photo)
OBSERVATION_SOUND_CREATE = _write("POST", "/observation_sounds", ("ObservationSoundsController.upload", "ObservationSoundsController.create"), ObservationSound, documented=False)
OBSERVATION_SOUND_DELETE = _write("DELETE", "/observation_sounds/{id}", "ObservationSoundsController.delete", documented=False)
SOUND_CREATE = _write("POST", "/sounds", ("SoundsController.upload", "SoundsController.create"), Sound, documented=False)
# computer vision: an image upload that is a read; scores are never cached
COMPUTERVISION_SCORE_IMAGE = _write("POST", "/computervision/score_image", "ComputerVisionController.score_image", VisionResults, changes=False, documented=False)
COMPUTERVISION_SCORE_OBSERVATION = _get("/computervision/score_observation/{id}", "ComputerVisionController.score_observation", VisionResults, auth="required", cache=NEVER, documented=False)
# fmt: on


def _collect() -> tuple[Operation[BaseModel], ...]:
    found: list[Operation[BaseModel]] = [
        value for value in globals().values() if isinstance(value, Operation)
    ]
    # v1 first, then v2; within a version, in the order of this file
    return tuple(sorted(found, key=lambda op: op.version))


def _by_qualname(
    rows: tuple[Operation[BaseModel], ...],
) -> dict[tuple[str, str], Operation[BaseModel]]:
    found: dict[tuple[str, str], Operation[BaseModel]] = {}
    for op in rows:
        for name in op.qualnames:
            found.setdefault((name, op.version), op)
    return found


#: Every operation a controller method calls, one record each.
ENDPOINTS: tuple[Operation[BaseModel], ...] = _collect()

_BY_QUALNAME = _by_qualname(ENDPOINTS)


def endpoint(qualname: str, version: Literal["v1", "v2"] | None = None) -> Operation[BaseModel]:
    """The operation a controller method calls (``"TaxaController.search"``).

    A method may call a v1 and a v2 operation (its v2 twin). ``version=None`` gives the v1 one,
    or the only one there is. Raises ``KeyError`` when there is none.
    """
    if version is not None:
        return _BY_QUALNAME[(qualname, version)]
    found = _BY_QUALNAME.get((qualname, "v1")) or _BY_QUALNAME.get((qualname, "v2"))
    if found is None:
        raise KeyError(qualname)
    return found


def has_endpoint(qualname: str, version: Literal["v1", "v2"]) -> bool:
    """Whether a controller method calls an operation of ``version``."""
    return (qualname, version) in _BY_QUALNAME
