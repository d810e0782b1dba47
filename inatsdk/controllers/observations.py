"""``client.observations``: search and look up observations."""

from __future__ import annotations

from collections.abc import Iterable

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.models import Observation
from inatsdk.paginator import Paginator
from inatsdk.params.v1 import ObservationsGetParams, ObservationsSearchParams

__all__ = ["ObservationsController"]


class ObservationsController(BaseController):
    """Observations: who saw what, where and when."""

    resource = "observations"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsSearchParams]
    ) -> Paginator[Observation]:
        """Search observations. Calls ``GET /v1/observations``; nothing is sent until results
        are asked for.

        Unless another ``order_by`` is given, iteration goes newest first by id and pages with
        ``id_below``: it can stream past the API's 10,000-result window and neither skips nor
        repeats a record while new ones are added.

        Example::

            research = client.observations.search(taxon_id=3, place_id=6712).filter(
                quality_grade="research"
            )
            print(research.count())
        """
        return self._paginate(
            "search", Observation.from_json, "Observation", params, dry_run=dry_run
        )

    def get(
        self,
        observation_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsGetParams],
    ) -> Observation:
        """One observation by id. Calls ``GET /v1/observations/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such observation.
        """
        return self._get_one(
            "get",
            observation_id,
            Observation.from_json,
            params,
            dry_run=dry_run,
            label="observation",
        )

    def get_many(
        self,
        observation_ids: Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsGetParams],
    ) -> list[Observation]:
        """Several observations by id, in the order given; unknown ids are left out.

        Calls ``GET /v1/observations/{id}`` with up to 200 ids per request (the API's limit).
        """
        return self._get_by_ids(
            "get_many", observation_ids, Observation.from_json, params, dry_run=dry_run
        )
