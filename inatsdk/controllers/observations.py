"""``client.observations``: search and look up observations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.models import Observation
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import ObservationsGetParams, ObservationsSearchParams

__all__ = ["ObservationsController", "observation_write_body"]


def observation_write_body(observation: Observation) -> dict[str, Any]:
    """The ``{"observation": {...}}`` body the API takes to create or update an observation,
    built from the attributes a user can set."""
    fields: dict[str, Any] = {}
    simple = (
        "species_guess",
        "taxon_id",
        "description",
        "place_guess",
        "positional_accuracy",
        "geoprivacy",
        "license_code",
        "observed_on_string",
        "owners_identification_from_vision",
    )
    for name in simple:
        value = getattr(observation, name)
        if value is not None:
            fields[name] = value
    if observation.taxon_id is None and observation.taxon is not None and observation.taxon.id:
        fields["taxon_id"] = observation.taxon.id
    if "observed_on_string" not in fields:
        when: date | datetime | None = observation.time_observed_at or observation.observed_on
        if when is not None:
            fields["observed_on_string"] = when.isoformat()
    if observation.location is not None:
        fields["latitude"] = observation.location.latitude
        fields["longitude"] = observation.location.longitude
    if observation.captive is not None:
        fields["captive_flag"] = observation.captive
    if observation.tags:
        fields["tag_list"] = ",".join(observation.tags)
    return {"observation": fields}


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

    def create(self, observation: Observation, *, dry_run: bool | None = None) -> Observation:
        """Create an observation from a model and return the server's version of it.

        Calls ``POST /v1/observations`` (needs credentials). In dry-run nothing is sent: the
        request is logged and the result is built from what would have been sent. A create is
        never retried once it may have reached the server, so it cannot happen twice.

        Example::

            draft = Observation(species_guess="Common raven", description="on the roof")
            created = client.observations.create(draft)
        """
        ep = self._endpoint("create")
        body = observation_write_body(observation)
        response = self._client._send_json(ep.method, ep.version, ep.path, body, dry_run=dry_run)
        if response.dry_run or not isinstance(response.json, dict):
            return Observation.from_json(body["observation"])
        data = response.json
        if isinstance(data.get("results"), list) and data["results"]:
            data = data["results"][0]
        return Observation.from_json(data)
