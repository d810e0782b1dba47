"""``client.computervision``: what iNaturalist's computer vision model suggests a photo shows
(routes the API has but its spec leaves out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from inatsdk.controllers._writes import record_id
from inatsdk.controllers._writes_v2 import uuid_of
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    COMPUTERVISION_SCORE_IMAGE,
    COMPUTERVISION_SCORE_IMAGE_V2,
    COMPUTERVISION_SCORE_OBSERVATION,
    COMPUTERVISION_SCORE_OBSERVATION_V2,
)
from inatsdk.envelope import object_of, parse_records
from inatsdk.models import Observation, VisionResults
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadSource

if TYPE_CHECKING:
    from inatsdk.session import ApiResponse

__all__ = ["ComputerVisionController"]


def _results(response: ApiResponse) -> VisionResults:
    """The suggestions of an answer (none in a dry run); an answer that is not one object
    raises :class:`~inatsdk.errors.UnexpectedResponseError`."""
    if response.dry_run:
        return VisionResults(results=[])
    return parse_records(VisionResults.from_json, [object_of(response)], url=response.url)[0]


class ComputerVisionController(BaseController):
    """Computer-vision suggestions: for a picture (before or without uploading it) or for one
    of the observations' photos. Both need credentials (the service answers 401 otherwise)."""

    # No ``resource``: the ``inat`` command builds a subcommand for each resource with reads,
    # and these need an image or a login; messages name ``client.computervision`` instead.
    resource = ""

    def _caller(self, method_name: str) -> str:
        return f"client.computervision.{method_name}()"

    def score_image(
        self,
        image: UploadSource,
        *,
        lat: float | None = None,
        lng: float | None = None,
        observed_on: date | datetime | str | None = None,
        taxon_id: int | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> VisionResults:
        """Ask what a picture shows: the model's suggestions, best first, with their scores.
        Calls ``POST /v1/computervision/score_image`` (undocumented upstream), sending the
        image as a multipart upload.

        ``lat``/``lng`` (and ``observed_on``) weigh the suggestions by what is seen near
        there (then); ``taxon_id`` keeps only suggestions within that taxon. The image is a
        path, bytes or a binary file object (see :mod:`inatsdk.uploads`); it is checked
        before sending. Nothing is stored on the server, so ``dry_run="writes"`` still sends
        it; a dry run of everything returns no suggestions.

        Example::

            answer = client.computervision.score_image("bird.jpg", lat=46.5, lng=6.6)
            best = answer.best()
            print(best.taxon.name if best and best.taxon else None, best and best.combined_score)

        With ``api_version="v2"`` and none of ``lat``, ``lng``, ``observed_on``, ``taxon_id``
        (v2's form takes the image alone) it calls :meth:`score_image_v2`.
        """
        plain = lat is None and lng is None and observed_on is None and taxon_id is None
        if plain and self._requester.api_version == "v2":
            return self.score_image_v2(image, max_bytes=max_bytes, dry_run=dry_run)
        upload = UploadFile.load(image, "photo", max_bytes=max_bytes)
        fields: dict[str, str] = {}
        if lat is not None:
            fields["lat"] = str(float(lat))
        if lng is not None:
            fields["lng"] = str(float(lng))
        if observed_on is not None:
            fields["observed_on"] = (
                observed_on if isinstance(observed_on, str) else observed_on.isoformat()
            )
        if taxon_id is not None:
            fields["taxon_id"] = str(int(taxon_id))
        response = self._requester.send(
            COMPUTERVISION_SCORE_IMAGE,
            data=fields,
            files={"image": (upload.filename, upload.data, upload.content_type)},
            dry_run=dry_run,
            where=self._caller("score_image"),
        )
        return _results(response)

    def score_observation(
        self, observation: Observation | int, *, dry_run: bool | None = None
    ) -> VisionResults:
        """The model's suggestions for an observation's first photo, weighed by its place
        and date. Calls ``GET /v1/computervision/score_observation/{id}`` (undocumented
        upstream). An observation without photos is an error (HTTP 422).

        With ``api_version="v2"`` it calls :meth:`score_observation_v2`, naming the
        observation by UUID (its own, or the one a small v2 read finds for its id)."""
        if (key := self._observation_on_v2(observation, dry_run, "score_observation")) is not None:
            return self.score_observation_v2(key, dry_run=dry_run)
        response = self._requester.get(
            COMPUTERVISION_SCORE_OBSERVATION,
            {},
            path={"id": record_id(observation, "observation")},
            dry_run=dry_run,
            where=self._caller("score_observation"),
            arguments={"id": "observation"},
        )
        return _results(response)

    # --- v2 (unpublished routes) ----------------------------------------------------------------

    def score_image_v2(
        self,
        image: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> VisionResults:
        """What a picture shows, on v2. Calls ``POST /v2/computervision/score_image`` (an
        unpublished route: the spec's form holds the image only); computes, changes nothing."""
        upload = UploadFile.load(image, "photo", max_bytes=max_bytes)
        response = self._requester.call_v2(
            COMPUTERVISION_SCORE_IMAGE_V2,
            files={"image": (upload.filename, upload.data, upload.content_type)},
            dry_run=dry_run,
            where=self._caller("score_image_v2"),
        )
        return _results(response)

    def score_observation_v2(
        self, observation: Observation | str, *, dry_run: bool | None = None
    ) -> VisionResults:
        """What an observation's photos show, the observation named by UUID. Calls
        ``GET /v2/computervision/score_observation/{uuid}`` (an unpublished route)."""
        response = self._requester.call_v2(
            COMPUTERVISION_SCORE_OBSERVATION_V2,
            path={"uuid": uuid_of(observation, "observation")},
            dry_run=dry_run,
            where=self._caller("score_observation_v2"),
            arguments={"uuid": "observation"},
        )
        return _results(response)
