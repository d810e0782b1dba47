"""``client.observation_fields``: find observation fields (user-defined data fields) by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import OBSERVATION_FIELDS_AUTOCOMPLETE
from inatsdk.errors import InvalidParameterError
from inatsdk.models import ObservationField
from inatsdk.params.paginators import ObservationFieldsAutocompletePaginator

if TYPE_CHECKING:
    from inatsdk.params.undocumented_places import ObservationFieldsAutocompleteParams

__all__ = ["ObservationFieldsController"]


class ObservationFieldsController(BaseController):
    """Observation fields: the data fields anyone can define and fill in on observations."""

    resource = "observation_fields"

    def autocomplete(
        self,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationFieldsAutocompleteParams],
    ) -> ObservationFieldsAutocompletePaginator[ObservationField]:
        """Observation fields whose names start with ``q``, the most used first. Calls
        ``GET /v1/observation_fields/autocomplete`` (undocumented upstream).

        The API answers one page of at most 100 fields: iteration stops there, and
        :meth:`~inatsdk.paginator.Paginator.count` says how many can be fetched (at most 100).

        Example::

            field = client.observation_fields.autocomplete(q="number of ind").first()
        """
        if not params.get("q"):
            raise InvalidParameterError(
                "client.observation_fields.autocomplete() needs q='the start of a name'"
            )
        return self._requester.paginate(
            OBSERVATION_FIELDS_AUTOCOMPLETE,
            params,
            dry_run=dry_run,
            kind=ObservationFieldsAutocompletePaginator,
        )
