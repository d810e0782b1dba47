"""``client.computervision``: what iNaturalist's computer vision model suggests a photo shows
(routes the API has but its spec leaves out)."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import TYPE_CHECKING

from inatsdk.controllers._writes import record_id
from inatsdk.controllers.base import BaseController
from inatsdk.models import Observation, VisionResults
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadSource

if TYPE_CHECKING:
    from inatsdk.session import ApiRequest

__all__ = ["ComputerVisionController"]


@functools.cache
def _scoring_request() -> type[ApiRequest]:
    """An :class:`~inatsdk.session.ApiRequest` that is a POST on the wire but changes nothing
    on the server, so ``dry_run="writes"`` sends it. Made on first use (``inatsdk.session``
    imports requests). Like any POST it is retried only when it never reached the server."""
    import attrs

    from inatsdk.session import ApiRequest

    @attrs.frozen(kw_only=True)
    class ScoringRequest(ApiRequest):
        @property
        def is_write(self) -> bool:
            return False

    return ScoringRequest


def _results(data: object) -> VisionResults:
    if isinstance(data, dict):
        return VisionResults.from_json(data)
    return VisionResults(results=[])


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
        """
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
        ep = self._endpoint("score_image")
        client = self._client
        request = _scoring_request()(
            method="POST",
            url=f"{client.settings.api_url}/{ep.version}{ep.path}",
            data=fields,
            files={"image": (upload.filename, upload.data, upload.content_type)},
            auth="required",
            cacheable=False,
        )
        response = client._transport.send(request, client._call_options(dry_run))
        return _results(response.json)

    def score_observation(
        self, observation: Observation | int, *, dry_run: bool | None = None
    ) -> VisionResults:
        """The model's suggestions for an observation's first photo, weighed by its place
        and date. Calls ``GET /v1/computervision/score_observation/{id}`` (undocumented
        upstream). An observation without photos is an error (HTTP 422)."""
        ep = self._endpoint("score_observation")
        path = ep.path.replace("{id}", record_id(observation, "observation"))
        response = self._client._get(ep.version, path, {}, dry_run=dry_run, auth="required")
        return _results(response.json)
