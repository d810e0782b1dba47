"""The public names are a promise: this test pins them."""

from __future__ import annotations

import subprocess
import sys

import inatsdk
import inatsdk.controllers
import inatsdk.errors
import inatsdk.models

EXPECTED = {
    "NOT_GIVEN",
    "APIError",
    "AuthenticationError",
    "CacheSettings",
    "Credentials",
    "ForbiddenError",
    "InvalidParameterError",
    "MultipleResultsError",
    "NoResultsError",
    "NotFoundError",
    "Page",
    "Paginator",
    "RateLimit",
    "RateLimitError",
    "RequestTimeout",
    "ResultWindowError",
    "Retries",
    "ServerError",
    "Timeout",
    "TransportError",
    "UnexpectedResponseError",
    "ValidationError",
    "__version__",
    "enable_logging",
    "iNatClient",
    "iNatError",
}


def test_top_level_names_are_pinned() -> None:
    assert set(inatsdk.__all__) == EXPECTED
    for name in inatsdk.__all__:
        assert hasattr(inatsdk, name), name


def test_models_export_the_core_resources() -> None:
    for name in ("Taxon", "Observation", "Photo", "Sound", "User", "Identification", "Comment"):
        assert name in inatsdk.models.__all__


def test_error_tree() -> None:
    e = inatsdk.errors
    assert issubclass(e.ResultWindowError, e.ForbiddenError)
    for cls in (
        e.AuthenticationError,
        e.ForbiddenError,
        e.NotFoundError,
        e.ValidationError,
        e.RateLimitError,
        e.ServerError,
        e.UnexpectedResponseError,
    ):
        assert issubclass(cls, e.APIError)
    assert issubclass(e.APIError, e.iNatError)
    assert issubclass(e.RequestTimeout, e.TransportError)
    assert issubclass(e.InvalidParameterError, TypeError)


def test_import_stays_light() -> None:
    """Importing the package must not pull in requests, the cache, the limiter or cattrs."""
    code = (
        "import sys, inatsdk; from inatsdk import iNatClient; from inatsdk.models import Taxon;"
        "heavy = [m for m in ('requests', 'requests_cache', 'pyrate_limiter', 'cattrs', "
        "'keyring', 'rich', 'werkzeug') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_sync_and_media_names_are_pinned() -> None:
    import inatsdk.controllers.photos
    import inatsdk.media_budget
    import inatsdk.sync
    from inatsdk.models import Photo

    assert set(inatsdk.sync.__all__) == {
        "DEFAULT_MARGIN",
        "DEFAULT_MAX_SCAN",
        "SCHEMA_VERSION",
        "ObservationMirror",
        "SyncProgress",
        "SyncReport",
        "open_observations",
        "sync_observations",
    }
    assert set(inatsdk.media_budget.__all__) == {
        "DEFAULT_MEDIA_PER_DAY",
        "DEFAULT_MEDIA_PER_HOUR",
        "BudgetUsage",
        "MediaBudget",
    }
    assert set(inatsdk.controllers.photos.__all__) == {
        "ATTRIBUTION_FILE",
        "DownloadFailure",
        "DownloadReport",
        "PhotoSize",
        "PhotosController",
    }
    for module in (inatsdk.sync, inatsdk.media_budget, inatsdk.controllers.photos):
        for name in module.__all__:
            assert hasattr(module, name), name
    assert callable(Photo.url_for)


#: The models and controllers of the v2-only resources (issue 9).
V2_MODELS = {
    "Announcement",
    "AuthorizedApplication",
    "CommonAncestor",
    "EmailAvailability",
    "ExemplarIdentification",
    "Locale",
    "NotificationCounts",
    "ProviderAuthorization",
    "Relationship",
    "SavedLocation",
    "ServerStatus",
    "TaxonIdSummary",
    "TaxonNamePriority",
    "TaxonSuggestion",
    "TaxonSuggestions",
    "UmbrellaProjectStats",
}
V2_CONTROLLERS = {
    "account": "AccountController",
    "announcements": "AnnouncementsController",
    "exemplar_identifications": "ExemplarIdentificationsController",
    "geomodel": "GeomodelController",
    "relationships": "RelationshipsController",
    "saved_locations": "SavedLocationsController",
    "sites": "SitesController",
    "taxon_name_priorities": "TaxonNamePrioritiesController",
    "taxon_suggestions": "TaxonSuggestionsController",
}


def test_v2_models_and_controllers_are_exported_and_wired() -> None:
    assert set(inatsdk.models.__all__) >= V2_MODELS
    assert set(V2_CONTROLLERS.values()) <= set(inatsdk.controllers.__all__)
    with inatsdk.iNatClient(cache=None, rate_limit=None, credentials=None) as client:
        for attribute, cls in V2_CONTROLLERS.items():
            assert type(getattr(client, attribute)).__name__ == cls
            assert getattr(client, attribute) is getattr(client, attribute)  # cached


def test_formats_and_relations_names_are_pinned() -> None:
    from inatsdk import errors as e
    from inatsdk import export
    from inatsdk.models import Taxon
    from inatsdk.paginator import Paginator

    assert {
        "write_parquet",
        "write_dwca",
        "read",
        "MissingExtraError",
        "write_csv",
        "write_jsonl",
        "write_geojson",
        "to_dataframe",
        "flatten",
    } <= set(export.__all__)
    assert issubclass(e.AmbiguousNameError, e.iNatError)
    assert issubclass(e.AmbiguousNameError, LookupError)
    assert issubclass(e.MissingAncestorsError, e.iNatError)
    assert issubclass(export.MissingExtraError, ImportError)
    assert issubclass(export.MissingExtraError, e.iNatError)
    for name in ("prefetch", "acount", "afirst", "aall", "__aiter__"):
        assert callable(getattr(Paginator, name)), name
    for name in ("kingdom", "phylum", "class_", "order", "family", "genus", "species"):
        assert isinstance(getattr(Taxon, name), property), name
    assert callable(Taxon.ancestor)
    from inatsdk.controllers.taxa import TaxaController

    assert callable(TaxaController.lookup)
    for module, cls in (
        ("taxa", "TaxaController"),
        ("observations", "ObservationsController"),
        ("identifications", "IdentificationsController"),
        ("places", "PlacesController"),
        ("projects", "ProjectsController"),
        ("users", "UsersController"),
        ("messages", "MessagesController"),
    ):
        controller = getattr(__import__(f"inatsdk.controllers.{module}", fromlist=[cls]), cls)
        assert callable(controller.refresh), cls
