"""Controllers: one per API resource, reached through ``iNatClient`` attributes."""

from inatsdk.controllers.base import BaseController
from inatsdk.controllers.observations import ObservationsController
from inatsdk.controllers.taxa import TaxaController

__all__ = ["BaseController", "ObservationsController", "TaxaController"]
