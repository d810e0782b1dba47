"""Controllers: one per API resource, reached through ``iNatClient`` attributes."""

from inatsdk.controllers.annotations import AnnotationsController
from inatsdk.controllers.base import BaseController
from inatsdk.controllers.comments import CommentsController
from inatsdk.controllers.controlled_terms import ControlledTermsController
from inatsdk.controllers.flags import FlagsController
from inatsdk.controllers.identifications import IdentificationsController
from inatsdk.controllers.maps import MapsController
from inatsdk.controllers.messages import MessagesController
from inatsdk.controllers.observation_fields import ObservationFieldsController
from inatsdk.controllers.observations import ObservationsController
from inatsdk.controllers.places import PlacesController
from inatsdk.controllers.posts import PostsController
from inatsdk.controllers.project_observations import ProjectObservationsController
from inatsdk.controllers.projects import ProjectsController
from inatsdk.controllers.search import SearchController
from inatsdk.controllers.taxa import TaxaController
from inatsdk.controllers.users import UsersController

__all__ = [
    "AnnotationsController",
    "BaseController",
    "CommentsController",
    "ControlledTermsController",
    "FlagsController",
    "IdentificationsController",
    "MapsController",
    "MessagesController",
    "ObservationFieldsController",
    "ObservationsController",
    "PlacesController",
    "PostsController",
    "ProjectObservationsController",
    "ProjectsController",
    "SearchController",
    "TaxaController",
    "UsersController",
]
