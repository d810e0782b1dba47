"""Controllers: one per API resource, reached through ``iNatClient`` attributes.

Each is imported on first use (``client.taxa`` imports the taxa controller alone, and so does
``from inatsdk.controllers import TaxaController``): importing all of them costs a command that
needs one about 50 ms before its first request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inatsdk._lazy import lazy_exports

if TYPE_CHECKING:
    from inatsdk.controllers.account import (
        AccountController,
        AnnouncementsController,
        SitesController,
    )
    from inatsdk.controllers.annotations import AnnotationsController
    from inatsdk.controllers.base import BaseController
    from inatsdk.controllers.comments import CommentsController
    from inatsdk.controllers.computervision import ComputerVisionController
    from inatsdk.controllers.controlled_terms import ControlledTermsController
    from inatsdk.controllers.exemplar_identifications import ExemplarIdentificationsController
    from inatsdk.controllers.flags import FlagsController
    from inatsdk.controllers.identifications import IdentificationsController
    from inatsdk.controllers.maps import MapsController
    from inatsdk.controllers.media import SoundsController
    from inatsdk.controllers.messages import MessagesController
    from inatsdk.controllers.observation_field_values import ObservationFieldValuesController
    from inatsdk.controllers.observation_fields import ObservationFieldsController
    from inatsdk.controllers.observation_photos import ObservationPhotosController
    from inatsdk.controllers.observation_sounds import ObservationSoundsController
    from inatsdk.controllers.observations import ObservationsController
    from inatsdk.controllers.photos import PhotosController
    from inatsdk.controllers.places import PlacesController
    from inatsdk.controllers.posts import PostsController
    from inatsdk.controllers.project_observations import ProjectObservationsController
    from inatsdk.controllers.projects import ProjectsController
    from inatsdk.controllers.search import SearchController
    from inatsdk.controllers.social import (
        RelationshipsController,
        SavedLocationsController,
        TaxonNamePrioritiesController,
    )
    from inatsdk.controllers.taxa import TaxaController
    from inatsdk.controllers.taxon_suggestions import GeomodelController, TaxonSuggestionsController
    from inatsdk.controllers.users import UsersController

#: Where each controller lives (its module, relative to ``inatsdk.controllers``).
_MODULE_OF: dict[str, str] = {
    "AccountController": ".account",
    "AnnotationsController": ".annotations",
    "AnnouncementsController": ".account",
    "BaseController": ".base",
    "CommentsController": ".comments",
    "ComputerVisionController": ".computervision",
    "ControlledTermsController": ".controlled_terms",
    "ExemplarIdentificationsController": ".exemplar_identifications",
    "FlagsController": ".flags",
    "GeomodelController": ".taxon_suggestions",
    "IdentificationsController": ".identifications",
    "MapsController": ".maps",
    "MessagesController": ".messages",
    "ObservationFieldValuesController": ".observation_field_values",
    "ObservationFieldsController": ".observation_fields",
    "ObservationPhotosController": ".observation_photos",
    "ObservationSoundsController": ".observation_sounds",
    "ObservationsController": ".observations",
    "PhotosController": ".photos",
    "PlacesController": ".places",
    "PostsController": ".posts",
    "ProjectObservationsController": ".project_observations",
    "ProjectsController": ".projects",
    "RelationshipsController": ".social",
    "SavedLocationsController": ".social",
    "SearchController": ".search",
    "SitesController": ".account",
    "SoundsController": ".media",
    "TaxaController": ".taxa",
    "TaxonNamePrioritiesController": ".social",
    "TaxonSuggestionsController": ".taxon_suggestions",
    "UsersController": ".users",
}


__getattr__, __dir__ = lazy_exports(globals(), _MODULE_OF)


__all__ = [
    "AccountController",
    "AnnotationsController",
    "AnnouncementsController",
    "BaseController",
    "CommentsController",
    "ComputerVisionController",
    "ControlledTermsController",
    "ExemplarIdentificationsController",
    "FlagsController",
    "GeomodelController",
    "IdentificationsController",
    "MapsController",
    "MessagesController",
    "ObservationFieldValuesController",
    "ObservationFieldsController",
    "ObservationPhotosController",
    "ObservationSoundsController",
    "ObservationsController",
    "PhotosController",
    "PlacesController",
    "PostsController",
    "ProjectObservationsController",
    "ProjectsController",
    "RelationshipsController",
    "SavedLocationsController",
    "SearchController",
    "SitesController",
    "SoundsController",
    "TaxaController",
    "TaxonNamePrioritiesController",
    "TaxonSuggestionsController",
    "UsersController",
]
