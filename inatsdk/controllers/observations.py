"""``client.observations``: search and look up observations."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_record,
    delete_record,
    parse_record,
    record_id,
    send_write,
    update_record,
)
from inatsdk.controllers._writes_v2 import act_v2, create_v2, delete_v2, update_v2, uuid_of
from inatsdk.controllers.base import BaseController
from inatsdk.controllers.observation_photos import ObservationPhotosController
from inatsdk.controllers.observation_sounds import ObservationSoundsController
from inatsdk.endpoints import (
    OBSERVATION_CREATE,
    OBSERVATION_CREATE_V2,
    OBSERVATION_DELETE,
    OBSERVATION_DELETE_V2,
    OBSERVATION_FAVE,
    OBSERVATION_FAVE_V2,
    OBSERVATION_QUALITY_DELETE,
    OBSERVATION_QUALITY_DELETE_V2,
    OBSERVATION_QUALITY_SET,
    OBSERVATION_QUALITY_SET_V2,
    OBSERVATION_REVIEW,
    OBSERVATION_REVIEW_V2,
    OBSERVATION_SUBSCRIBE,
    OBSERVATION_SUBSCRIPTION_V2,
    OBSERVATION_UNFAVE,
    OBSERVATION_UNFAVE_V2,
    OBSERVATION_UNREVIEW,
    OBSERVATION_UNREVIEW_V2,
    OBSERVATION_UNVOTE,
    OBSERVATION_UPDATE,
    OBSERVATION_UPDATE_V2,
    OBSERVATION_VIEWED_UPDATES,
    OBSERVATION_VIEWED_UPDATES_V2,
    OBSERVATION_VOTE,
    OBSERVATIONS_DELETED,
    OBSERVATIONS_DELETED_V2,
    OBSERVATIONS_GET,
    OBSERVATIONS_HISTOGRAM,
    OBSERVATIONS_HISTOGRAM_V2,
    OBSERVATIONS_ICONIC_TAXA_COUNTS,
    OBSERVATIONS_ICONIC_TAXA_COUNTS_V2,
    OBSERVATIONS_ICONIC_TAXA_SPECIES_COUNTS_V2,
    OBSERVATIONS_IDENTIFICATION_CATEGORIES_V2,
    OBSERVATIONS_IDENTIFIERS,
    OBSERVATIONS_OBSERVERS,
    OBSERVATIONS_POPULAR_FIELD_VALUES,
    OBSERVATIONS_POPULAR_FIELD_VALUES_V2,
    OBSERVATIONS_QUALITY_GRADES,
    OBSERVATIONS_QUALITY_GRADES_V2,
    OBSERVATIONS_QUALITY_METRICS,
    OBSERVATIONS_QUALITY_METRICS_V2,
    OBSERVATIONS_SEARCH,
    OBSERVATIONS_SEARCH_V2,
    OBSERVATIONS_SIMILAR_SPECIES,
    OBSERVATIONS_SPECIES_COUNTS,
    OBSERVATIONS_SUBSCRIPTIONS,
    OBSERVATIONS_SUBSCRIPTIONS_V2,
    OBSERVATIONS_TAXON_SUMMARY,
    OBSERVATIONS_TAXON_SUMMARY_V2,
    OBSERVATIONS_TAXONOMY,
    OBSERVATIONS_UMBRELLA_PROJECT_STATS_V2,
    OBSERVATIONS_UPDATES,
)
from inatsdk.envelope import object_of, parse_records
from inatsdk.errors import InvalidParameterError, UnexpectedResponseError, iNatError
from inatsdk.fields import ALL
from inatsdk.models import (
    Coordinates,
    Histogram,
    IdentificationCategoryCount,
    LifeList,
    Observation,
    ObservationFieldValue,
    ObservationPhoto,
    ObservationSound,
    ObservationSubscription,
    ObservationUpdate,
    PopularFieldValue,
    QualityGradeCount,
    QualityMetric,
    SpeciesCount,
    Taxon,
    TaxonSummary,
    UmbrellaProjectStats,
    UserCount,
)
from inatsdk.params.paginators import (
    ObservationsIconicTaxaCountsPaginator,
    ObservationsIconicTaxaCountsPaginatorV2,
    ObservationsIconicTaxaSpeciesCountsPaginatorV2,
    ObservationsIdentificationCategoriesPaginatorV2,
    ObservationsIdentifiersPaginator,
    ObservationsObserversPaginator,
    ObservationsPopularFieldValuesPaginator,
    ObservationsPopularFieldValuesPaginatorV2,
    ObservationsQualityGradesPaginator,
    ObservationsQualityGradesPaginatorV2,
    ObservationsQualityMetricsPaginator,
    ObservationsQualityMetricsPaginatorV2,
    ObservationsSearchPaginator,
    ObservationsSimilarSpeciesPaginator,
    ObservationsSpeciesCountsPaginator,
    ObservationsSubscriptionsPaginator,
    ObservationsSubscriptionsPaginatorV2,
    ObservationsUmbrellaProjectStatsPaginatorV2,
    ObservationsUpdatesPaginator,
)
from inatsdk.requester import key_of
from inatsdk.uploads import (
    DEFAULT_MAX_BYTES,
    PartialUploadError,
    UploadFile,
    UploadResults,
    UploadSource,
    as_sources,
)

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.fields import FieldsLike
    from inatsdk.models.base import BaseModel
    from inatsdk.params.undocumented_observations import (
        ObservationsIconicTaxaCountsParams,
        ObservationsQualityGradesParams,
        ObservationsQualityMetricsParams,
        ObservationsSimilarSpeciesParams,
        ObservationsTaxonomyParams,
    )
    from inatsdk.params.v1 import (
        ObservationsGetParams,
        ObservationsHistogramParams,
        ObservationsIdentifiersParams,
        ObservationsObserversParams,
        ObservationsPopularFieldValuesParams,
        ObservationsSearchParams,
        ObservationsSpeciesCountsParams,
        ObservationsSubscriptionsParams,
        ObservationsTaxonSummaryParams,
        ObservationsUpdatesParams,
    )
    from inatsdk.params.v2 import ObservationsHistogramParams as ObservationsHistogramParamsV2
    from inatsdk.params.v2 import (
        ObservationsIconicTaxaCountsParams as ObservationsIconicTaxaCountsParamsV2,
    )
    from inatsdk.params.v2 import (
        ObservationsIconicTaxaSpeciesCountsParams as ObservationsIconicTaxaSpeciesCountsParamsV2,
    )
    from inatsdk.params.v2 import (
        ObservationsIdentificationCategoriesParams as ObservationsIdentificationCategoriesParamsV2,
    )
    from inatsdk.params.v2 import (
        ObservationsPopularFieldValuesParams as ObservationsPopularFieldValuesParamsV2,
    )
    from inatsdk.params.v2 import (
        ObservationsQualityGradesParams as ObservationsQualityGradesParamsV2,
    )
    from inatsdk.params.v2 import (
        ObservationsUmbrellaProjectStatsParams as ObservationsUmbrellaProjectStatsParamsV2,
    )
    from inatsdk.params.v2 import QualityMetricFieldName, Selection
    from inatsdk.requester import PathValue
    from inatsdk.session import ApiResponse

__all__ = ["OBSERVATION_WRITES", "ObservationsController", "QualityMetricName"]


def _deleted_ids(response: ApiResponse) -> list[int]:
    """The ids of ``GET /observations/deleted``, an object whose ``results`` are ids; anything
    else raises :class:`~inatsdk.errors.UnexpectedResponseError`."""
    if response.dry_run:
        return []
    found: object = object_of(response).get("results", [])
    items = cast("list[object]", found) if isinstance(found, list) else [found]
    excerpt = repr(items)[:200]
    ids: list[int] = []
    for item in items:
        if isinstance(item, str) and item.isdigit():
            item = int(item)
        if not isinstance(item, int) or isinstance(item, bool) or item <= 0:
            raise UnexpectedResponseError(
                f"expected a list of observation ids, got {excerpt}",
                method="GET",
                url=response.url,
                body=excerpt,
            )
        ids.append(item)
    return ids


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _taxon_id(taxon: Taxon) -> int:
    if taxon.id is None:
        raise InvalidParameterError(
            "Observation.taxon has no id: set taxon_id or a Taxon with an id"
        )
    return taxon.id


def _lat_lng(location: Coordinates) -> dict[str, float]:
    return {"latitude": location.latitude, "longitude": location.longitude}


def _tag_list(tags: list[str]) -> str:
    return ",".join(tags)


def _license(code: str) -> str:
    return code.upper()


def _field_values(ofvs: list[ObservationFieldValue]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ofv in ofvs:
        field_id = ofv.field_id
        if field_id is None and ofv.observation_field is not None:
            field_id = ofv.observation_field.id
        if field_id is None or ofv.value is None:
            raise InvalidParameterError(
                "each of Observation.ofvs needs field_id (or observation_field) and value "
                "(nothing was sent)"
            )
        out.append({"observation_field_id": field_id, "value": ofv.value})
    return out


def _finish(body: dict[str, Any], observation: Observation, creating: bool) -> dict[str, Any]:
    if not creating:
        # Without it the API detaches every photo the body does not list (it lists none).
        body["ignore_photos"] = True
    return body


def _from_body(body: Mapping[str, Any]) -> Observation:
    """The dry-run result of a create: the observation as the body describes it."""
    record = dict(body.get("observation") or {})
    lat, lng = record.pop("latitude", None), record.pop("longitude", None)
    if lat is not None and lng is not None:
        record["location"] = f"{lat},{lng}"
    tags = record.pop("tag_list", None)
    if isinstance(tags, str):
        record["tags"] = [t for t in tags.split(",") if t]
    license_code = record.pop("license", None)
    if isinstance(license_code, str):
        record["license_code"] = license_code.lower()
    if "captive_flag" in record:
        record["captive"] = record.pop("captive_flag")
    ofvs: object = record.pop("observation_field_values_attributes", None)
    if isinstance(ofvs, list):
        given: list[Mapping[str, Any]] = ofvs  # pyright: ignore[reportUnknownVariableType]
        record["ofvs"] = [
            {"field_id": o["observation_field_id"], "value": o["value"]} for o in given
        ]
    return Observation.from_json(record)


#: How observations are written: ``{"observation": {...}}`` with the attributes below (saving
#: sends only those changed, with ``"ignore_photos": true`` so the photos stay). Everything else
#: (the taxon's details, identifications, photos, quality grade...) is read-only here: photos,
#: sounds and field values have their own controllers.
OBSERVATION_WRITES = WriteSpec(
    model=Observation,
    root="observation",
    fields=(
        Field("uuid", update=False),
        Field("species_guess"),
        Field("taxon_id"),
        Field("taxon", key="taxon_id", encode=_taxon_id),
        Field("description"),
        Field("observed_on_string"),
        Field("time_observed_at", key="observed_on_string", encode=_iso),
        Field("observed_on", key="observed_on_string", encode=_iso),
        Field("location", encode=_lat_lng, spread=True, cleared=("latitude", "longitude")),
        Field("place_guess"),
        Field("positional_accuracy"),
        Field("positioning_method"),
        Field("positioning_device"),
        Field("geoprivacy"),
        Field("captive", key="captive_flag"),
        Field("license_code", key="license", encode=_license),
        Field("tags", key="tag_list", encode=_tag_list),
        Field("owners_identification_from_vision"),
        Field(
            "ofvs", key="observation_field_values_attributes", encode=_field_values, update=False
        ),
    ),
    finish=_finish,
    from_body=_from_body,
)

QualityMetricName = Literal["wild", "location", "date", "evidence", "recent", "subject"]
"""The data-quality criteria: organism is wild, location accurate, date accurate, evidence of
an organism, recent evidence, single subject (the v1 spec lists only the first three)."""

_QUALITY_METRICS = ("wild", "location", "date", "evidence", "recent", "subject")


def _as_observation(result: Observation | None, target: Observation | int) -> Observation:
    """A write's answer, or (dry-run) the observation it was about."""
    if result is not None:
        return result
    if isinstance(target, Observation):
        return Observation.from_json(target.to_json())
    return Observation(id=target)


def _quality_metric(metric: str) -> str:
    if metric not in _QUALITY_METRICS:
        raise InvalidParameterError(
            f"metric={metric!r} is not a data-quality criterion: {', '.join(_QUALITY_METRICS)}"
        )
    return metric


def _with_media(
    observation: Observation, results: UploadResults[ObservationPhoto | ObservationSound]
) -> Observation:
    """``observation`` with the photos and sounds of ``results`` (dry-run, or no read-back)."""
    out = Observation.from_json(observation.to_json())
    photos = [r for r in results.records if isinstance(r, ObservationPhoto)]
    sounds = [r for r in results.records if isinstance(r, ObservationSound)]
    if photos:
        out.observation_photos = [*(out.observation_photos or []), *photos]
        out.photos = [*(out.photos or []), *(p.photo for p in photos if p.photo is not None)]
    if sounds:
        out.observation_sounds = [*(out.observation_sounds or []), *sounds]
        out.sounds = [*(out.sounds or []), *(s.sound for s in sounds if s.sound is not None)]
    return out


QualityMetricNameV2 = Literal[
    "date", "evidence", "location", "needs_id", "recent", "wild", "subject", "accurate"
]
"""The data-quality criteria v2 takes (v1's, plus ``needs_id`` and ``accurate``)."""


class ObservationsController(BaseController):
    """Observations: who saw what, where and when."""

    resource = "observations"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsSearchParams]
    ) -> ObservationsSearchPaginator[Observation]:
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
        return self._requester.paginate(
            OBSERVATIONS_SEARCH, params, dry_run=dry_run, kind=ObservationsSearchPaginator
        )

    def get(
        self,
        observation_id: int | str,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsGetParams],
    ) -> Observation:
        """One observation by id or UUID. Calls ``GET /v1/observations/{id}``; a UUID, a
        ``fields`` selection or ``api_version="v2"`` calls ``GET /v2/observations/{uuid}``
        instead (an integer id then goes to ``GET /v2/observations`` with ``id=``, since v2
        paths take UUIDs only).

        ``fields`` chooses what v2 returns (see :mod:`inatsdk.fields`; by default every
        field); attributes that were not selected are ``None``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such observation.
        """
        return self._requester.lookup(
            OBSERVATIONS_GET,
            observation_id,
            params,
            dry_run=dry_run,
            fields=fields,
            label="observation",
            argument="observation_id",
            where=self._caller("get"),
        )

    def refresh(self, observation: Observation, *, dry_run: bool | None = None) -> Observation:
        """Reload ``observation`` in place from the server (one ``GET /v1/observations/{id}``,
        or by UUID on v2) and return it; :meth:`~inatsdk.models.BaseModel.changes` is then
        empty. In dry-run nothing is sent and the observation is left as it is.

        Raises :class:`~inatsdk.errors.NotFoundError` when the observation was deleted.
        """
        return self._refresh(
            observation,
            Observation,
            OBSERVATIONS_GET,
            lambda key: self.get(key, dry_run=dry_run),
            dry_run=dry_run,
            keys=("id", "uuid"),
        )

    def get_many(
        self,
        observation_ids: Iterable[int | str],
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsGetParams],
    ) -> list[Observation]:
        """Several observations by id or UUID, in the order given; unknown ones are left out.

        Calls ``GET /v1/observations/{id}`` with up to 200 ids per request (the API's limit).
        UUIDs, a ``fields`` selection or ``api_version="v2"`` call ``GET /v2/observations``
        with ``id=`` instead (200 a request, sent as a POST with ``X-HTTP-Method-Override``
        when the URL would be too long); see :meth:`get` for ``fields``.
        """
        return self._requester.lookup_many(
            OBSERVATIONS_GET,
            observation_ids,
            params,
            dry_run=dry_run,
            fields=fields,
            argument="observation_ids",
            where=self._caller("get_many"),
            twin=OBSERVATIONS_SEARCH_V2,
        )

    # --- writes ---------------------------------------------------------------------------

    def create(
        self,
        observation: Observation,
        *,
        photos: UploadSource | Iterable[UploadSource] | None = None,
        sounds: UploadSource | Iterable[UploadSource] | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> Observation:
        """Create an observation from a model and return the server's version of it. Calls
        ``POST /v1/observations`` (needs credentials), then uploads ``photos`` and ``sounds``
        to it, if given (see :meth:`upload`).

        What is sent: ``species_guess``, ``taxon_id`` (or ``taxon.id``), ``description``,
        ``observed_on_string`` (or ``time_observed_at``/``observed_on``), ``location``,
        ``place_guess``, ``positional_accuracy``, ``geoprivacy``, ``captive``,
        ``license_code``, ``tags``, ``ofvs`` (field values), ``uuid`` and a few more; the
        other attributes are the server's.

        Safe to repeat: a draft without a ``uuid`` is given one (``str(uuid.uuid4())``, in
        lower case; the only change made to the model passed in), and the API updates the
        observation it already has with that UUID rather than making a second one. So a create
        that got no answer (a timeout, a dropped connection: a
        :class:`~inatsdk.errors.TransportError`) can be sent again with the same draft and
        still makes one observation. The observation returned (in dry-run too) carries that
        ``uuid``.

        Every photo and sound is read and checked before anything is sent (an
        :class:`~inatsdk.uploads.UploadError` then, and nothing is created). With media, the
        observation returned is read back once all of it is uploaded; a file the server
        refuses raises :class:`~inatsdk.uploads.PartialUploadError`, whose ``observation``
        is the one created and ``results`` say what became of each file.

        In dry-run nothing is sent: the requests are logged and the result is built from what
        would have been sent. inatsdk never repeats a create by itself once it may have reached
        the server; repeating it yourself with the same draft is safe (see above).

        Example::

            draft = Observation(species_guess="Common raven", description="on the roof")
            created = client.observations.create(draft, photos=["raven1.jpg", "raven2.jpg"])

        With ``api_version="v2"`` it calls :meth:`create_v2` (``POST /v2/observations``).
        """
        if self._requester.api_version == "v2":
            return self.create_v2(
                observation, photos=photos, sounds=sounds, max_bytes=max_bytes, dry_run=dry_run
            )
        photo_files = [
            UploadFile.load(src, "photo", max_bytes=max_bytes, index=i)
            for i, src in enumerate(as_sources(photos))
        ]
        sound_files = [
            UploadFile.load(src, "sound", max_bytes=max_bytes, index=i)
            for i, src in enumerate(as_sources(sounds))
        ]
        if observation.uuid is None:
            # The API upserts by uuid: with one, sending this create again makes no duplicate.
            observation.uuid = str(uuid_module.uuid4())
        created = create_record(
            self._requester, OBSERVATION_CREATE, OBSERVATION_WRITES, observation, dry_run=dry_run
        )
        if not photo_files and not sound_files:
            return created
        results = self.upload(created, photo_files, sound_files, dry_run=dry_run)
        if any(r.dry_run for r in results):
            return _with_media(created, results)
        final = created
        if created.id is not None:
            fresh = ObservationsController(self._requester.without_cache())
            try:
                final = fresh.get(created.id)
            except iNatError:  # it was created: answer what is known rather than fail
                final = _with_media(created, results)
        if not results.ok:
            raise PartialUploadError(results, observation=final)
        return final

    def save(self, observation: Observation, *, dry_run: bool | None = None) -> Observation:
        """Save an observation's changes and return the server's version. Calls
        ``PUT /v1/observations/{id}`` with only the attributes changed since it was loaded (a
        new observation, with no id or uuid, is created instead, and so is a draft built by
        hand with a ``uuid`` but no id, such as one :meth:`create` gave a uuid before its
        answer was lost: the API updates the observation with that uuid, if it has one).

        Nothing is sent when nothing changed. Changing an attribute that cannot be saved (the
        quality grade, identifications, photos...) raises
        :class:`~inatsdk.errors.InvalidParameterError` before anything is sent: photos, sounds
        and field values have their own controllers (``client.observation_photos``...). The
        photos stay: the body says ``"ignore_photos": true``. Only the observer may save it
        (:class:`~inatsdk.errors.ForbiddenError`).

        Example::

            obs = client.observations.get(1234)
            obs.description = "Two of them, actually"
            obs = client.observations.save(obs)   # PUT {"observation": {"description": ...}}

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`save_v2`
        (``PUT /v2/observations/{uuid}``).
        """
        if self._requester.api_version == "v2" and observation.uuid is not None:
            return self.save_v2(observation, dry_run=dry_run)
        if observation.is_new or (observation.id is None and not observation.is_loaded):
            return self.create(observation, dry_run=dry_run)
        return update_record(
            self._requester, OBSERVATION_UPDATE, OBSERVATION_WRITES, observation, dry_run=dry_run
        )

    def delete(self, observation: Observation | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your observations, given as a model or an id. Calls
        ``DELETE /v1/observations/{id}``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`delete_v2`
        (``DELETE /v2/observations/{uuid}``).
        """
        if self._uuid_on_v2(observation) is not None:
            return self.delete_v2(cast("Observation | str", observation), dry_run=dry_run)
        delete_record(
            self._requester,
            OBSERVATION_DELETE,
            record_id(observation, "observation"),
            dry_run=dry_run,
            argument="observation",
        )

    def upload(
        self,
        observation: Observation | int,
        photos: UploadSource | Iterable[UploadSource] | None = None,
        sounds: UploadSource | Iterable[UploadSource] | None = None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[ObservationPhoto | ObservationSound]:
        """Upload photos and sounds to an observation, one request per file, and say what
        became of each (photos first, then sounds). Uses ``client.observation_photos`` and
        ``client.observation_sounds``.

        A file that is missing, unreadable, not a photo (or sound) or refused by the server
        fails alone: the others are uploaded, and its :class:`~inatsdk.uploads.UploadResult`
        says why. Files are paths, bytes or binary file objects (see :mod:`inatsdk.uploads`).

        Example::

            results = client.observations.upload(1234, photos=["a.jpg", "b.jpg"])
            if not results.ok:
                for failure in results.failed:
                    print(failure.source, failure.error)
        """
        photo_results = ObservationPhotosController(self._requester).upload(
            observation, photos, max_bytes=max_bytes, dry_run=dry_run
        )
        sound_results = ObservationSoundsController(self._requester).upload(
            observation, sounds, max_bytes=max_bytes, dry_run=dry_run
        )
        return UploadResults((*photo_results.results, *sound_results.results))

    def fave(self, observation: Observation | int, *, dry_run: bool | None = None) -> Observation:
        """Fave an observation (add it to your favourites); the observation as it is now.
        Calls ``POST /v1/observations/{id}/fave``. Faving twice changes nothing.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`fave_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.fave_v2(key, dry_run=dry_run)
            return _as_observation(None, observation)
        response = self._send(OBSERVATION_FAVE, observation, None, dry_run)
        return _as_observation(parse_record(Observation, response), observation)

    def unfave(self, observation: Observation | int, *, dry_run: bool | None = None) -> Observation:
        """Withdraw your fave of an observation; the observation as it is now. Calls
        ``DELETE /v1/observations/{id}/unfave``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`unfave_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.unfave_v2(key, dry_run=dry_run)
            return _as_observation(None, observation)
        response = self._send(OBSERVATION_UNFAVE, observation, None, dry_run)
        return _as_observation(parse_record(Observation, response), observation)

    def review(self, observation: Observation | int, *, dry_run: bool | None = None) -> None:
        """Mark an observation as reviewed by you (it leaves your Identify queue; your id
        joins its ``reviewed_by``). Calls ``POST /v1/observations/{id}/review``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`review_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.review_v2(key, dry_run=dry_run)
            return
        self._send(OBSERVATION_REVIEW, observation, None, dry_run)

    def unreview(self, observation: Observation | int, *, dry_run: bool | None = None) -> None:
        """Mark an observation as not reviewed by you. Calls
        ``DELETE /v1/observations/{id}/review``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`unreview_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.unreview_v2(key, dry_run=dry_run)
            return
        self._send(OBSERVATION_UNREVIEW, observation, None, dry_run)

    def set_quality_metric(
        self,
        observation: Observation | int,
        metric: QualityMetricName,
        *,
        agree: bool = True,
        dry_run: bool | None = None,
    ) -> QualityMetric:
        """Vote on one data-quality criterion of an observation (``agree=False``: vote that
        it is not met, e.g. not wild); your vote. Calls
        ``POST /v1/observations/{id}/quality/{metric}``.

        A new vote replaces your earlier one on that criterion. The votes are read with
        :meth:`quality_metrics`.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`set_quality_metric_v2`
        (which answers no record: the vote returned is the one sent).
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.set_quality_metric_v2(key, metric, agree=agree, dry_run=dry_run)
            return QualityMetric(metric=metric, agree=agree)
        name = _quality_metric(metric)
        response = self._requester.send(
            OBSERVATION_QUALITY_SET,
            {"agree": agree},
            path={"id": record_id(observation, "observation"), "metric": name},
            dry_run=dry_run,
            where=self._caller("set_quality_metric"),
            arguments={"id": "observation", "metric": "metric"},
        )
        return parse_record(QualityMetric, response) or QualityMetric(metric=name, agree=agree)

    def delete_quality_metric(
        self,
        observation: Observation | int,
        metric: QualityMetricName,
        *,
        dry_run: bool | None = None,
    ) -> None:
        """Withdraw your vote on one data-quality criterion of an observation. Calls
        ``DELETE /v1/observations/{id}/quality/{metric}``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to
        :meth:`delete_quality_metric_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.delete_quality_metric_v2(key, metric, dry_run=dry_run)
            return
        self._requester.send(
            OBSERVATION_QUALITY_DELETE,
            None,
            path={"id": record_id(observation, "observation"), "metric": _quality_metric(metric)},
            dry_run=dry_run,
            where=self._caller("delete_quality_metric"),
            arguments={"id": "observation", "metric": "metric"},
        )

    def vote(
        self,
        observation: Observation | int,
        vote: Literal["up", "down"] = "up",
        *,
        scope: Literal["needs_id"] | None = None,
        dry_run: bool | None = None,
    ) -> Observation:
        """Vote on an observation; the observation as it is now. Calls
        ``POST /v1/votes/vote/observation/{id}``.

        With ``scope="needs_id"`` this answers the data-quality question "can the community
        taxon still be confirmed or improved?" (``"up"``: yes, ``"down"``: no, it is as good
        as it can be). Without a scope an up vote is a fave (see :meth:`fave`).
        """
        body: dict[str, Any] = {"vote": vote}
        if scope is not None:
            body["scope"] = scope
        response = self._send(OBSERVATION_VOTE, observation, body, dry_run)
        return _as_observation(parse_record(Observation, response), observation)

    def unvote(
        self,
        observation: Observation | int,
        *,
        scope: Literal["needs_id"] | None = None,
        dry_run: bool | None = None,
    ) -> Observation:
        """Withdraw your vote on an observation (``scope="needs_id"``: your answer to "can
        the community taxon still be improved?"; no scope: your fave). Calls
        ``DELETE /v1/votes/unvote/observation/{id}``."""
        body = {"scope": scope} if scope is not None else None
        response = self._send(OBSERVATION_UNVOTE, observation, body, dry_run)
        return _as_observation(parse_record(Observation, response), observation)

    def subscribe(self, observation: Observation | int, *, dry_run: bool | None = None) -> None:
        """Follow an observation: its new identifications and comments reach your updates.
        Calls ``POST /v1/subscriptions/observation/{id}/subscribe``.

        The API toggles the subscription, so the current one is read first (``GET
        /v1/observations/{id}/subscriptions``, uncached) and nothing is sent when you already
        follow it. In ``dry_run=True`` (everything) that read is not sent either, and the
        toggle is logged as if it were needed.

        With ``api_version="v2"`` both the read and the toggle go to v2
        (:meth:`subscriptions_v2`, :meth:`subscribe_v2`), the observation named by UUID.
        """
        self._set_subscribed(observation, True, dry_run)

    def unsubscribe(self, observation: Observation | int, *, dry_run: bool | None = None) -> None:
        """Stop following an observation. Calls
        ``POST /v1/subscriptions/observation/{id}/subscribe`` (the API toggles), only when
        you follow it now (read first, as :meth:`subscribe` does)."""
        self._set_subscribed(observation, False, dry_run)

    def _set_subscribed(
        self, observation: Observation | int, want: bool, dry_run: bool | None
    ) -> None:
        """Toggle the subscription when it is not ``want`` already (read first, uncached):
        on v2 by UUID on a client that prefers v2, else on v1 by id."""
        method_name = "subscribe" if want else "unsubscribe"
        key = self._observation_on_v2(observation, dry_run, method_name)
        read: Operation[ObservationSubscription]
        path: dict[str, PathValue]
        if key is not None:
            read, path = OBSERVATIONS_SUBSCRIPTIONS_V2, {"uuid": key}
        else:
            read, path = OBSERVATIONS_SUBSCRIPTIONS, {"id": record_id(observation, "observation")}
        if not self._requester.answers_locally(read, dry_run):
            rows = (
                self._requester.without_cache()
                .paginate(
                    read,
                    {},
                    dry_run=dry_run,
                    path=path,
                    where=self._caller(method_name),
                    arguments=dict.fromkeys(path, "observation"),
                )
                .all()
            )
            if any(r.resource_type == "Observation" for r in rows) == want:
                return
        if key is not None:
            self.subscribe_v2(key, dry_run=dry_run)
        else:
            self._send(OBSERVATION_SUBSCRIBE, observation, None, dry_run)

    def mark_updates_viewed(
        self, observation: Observation | int, *, dry_run: bool | None = None
    ) -> None:
        """Mark your updates (new identifications and comments) on an observation as seen.
        Calls ``PUT /v1/observations/{id}/viewed_updates``.

        With ``api_version="v2"``, an observation with a ``uuid`` goes to :meth:`mark_updates_viewed_v2`.
        """
        if (key := self._uuid_on_v2(observation)) is not None:
            self.mark_updates_viewed_v2(key, dry_run=dry_run)
            return
        self._send(OBSERVATION_VIEWED_UPDATES, observation, None, dry_run)

    def _send(
        self,
        op: Operation[BaseModel],
        observation: Observation | int | str,
        body: Mapping[str, Any] | None,
        dry_run: bool | None,
    ) -> ApiResponse:
        """Send the write ``op`` about one observation (``{id}`` in its path)."""
        return send_write(
            self._requester,
            op,
            body,
            path={"id": record_id(observation, "observation")},
            dry_run=dry_run,
            argument="observation",
        )

    # --- aggregates over a search -------------------------------------------------------------

    def histogram(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsHistogramParams]
    ) -> Histogram:
        """How many observations match, by period. Calls ``GET /v1/observations/histogram``.

        ``interval`` picks the periods (``"month_of_year"`` by default; ``"year"``,
        ``"month"``, ``"week"``, ``"day"``, ``"hour"``, ``"week_of_year"``) and so which
        attribute of the :class:`~inatsdk.models.Histogram` is set, typed by its keys;
        ``date_field="created"`` counts by upload time instead of observation time. Without
        ``d1`` (or ``created_d1``), the API starts the dated intervals 100 years back for years
        and months, 10 years for weeks, 1 year for days and 1 week for hours.

        Example::

            hist = client.observations.histogram(taxon_id=3, interval="week_of_year")
            busiest = max(hist.week_of_year or {}, key=lambda w: hist.counts[w])

        With ``api_version="v2"`` it calls :meth:`histogram_v2` (the same parameters).
        """
        if self._requester.api_version == "v2":
            return self.histogram_v2(dry_run=dry_run, **cast("Any", params))
        response = self._requester.get(OBSERVATIONS_HISTOGRAM, params, dry_run=dry_run)
        if response.dry_run:
            return Histogram.from_json({str(params.get("interval") or "month_of_year"): {}})
        results = object_of(response).get("results")
        if not isinstance(results, Mapping):
            raise UnexpectedResponseError(
                f"expected a histogram object in 'results', got {str(results)[:200]}",
                method="GET",
                url=response.url,
                body=str(results)[:200],
            )
        counts: Mapping[str, Any] = results  # pyright: ignore[reportUnknownVariableType]
        return parse_records(Histogram.from_json, [counts], url=response.url)[0]

    def species_counts(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsSpeciesCountsParams]
    ) -> ObservationsSpeciesCountsPaginator[SpeciesCount]:
        """The leaf taxa of the matching observations, each with how many observations it has,
        most first. Calls ``GET /v1/observations/species_counts`` (up to 500 per request).

        A taxon counts as a leaf when no other matching observation is of a taxon below it (a
        genus observed only at genus level is a leaf; one whose species were seen is not), so
        the counts add up to the observations identified to species or coarser, never twice.

        Example::

            for row in client.observations.species_counts(user_id="jkcook").limit(10):
                print(row.count, row.taxon.name if row.taxon else None)
        """
        return self._requester.paginate(
            OBSERVATIONS_SPECIES_COUNTS,
            params,
            dry_run=dry_run,
            kind=ObservationsSpeciesCountsPaginator,
        )

    def observers(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsObserversParams]
    ) -> ObservationsObserversPaginator[UserCount]:
        """The people who made the matching observations, with how many observations and
        species each has, most observations first. Calls ``GET /v1/observations/observers``
        (up to 500 per request).

        Only the first 500 observers can be reached at all (an API limit, whatever the paging):
        iteration stops there, logging a warning when more match, and ``count()`` is at most
        500; ``.limit(n)`` with ``n`` over 500, an index or a slice past row 500 raise before
        anything is sent. ``.pages()`` shows the API's full ``total_results``. Narrow the query
        (place, taxon, dates) to reach the others.
        """
        return self._requester.paginate(
            OBSERVATIONS_OBSERVERS, params, dry_run=dry_run, kind=ObservationsObserversPaginator
        )

    def identifiers(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsIdentifiersParams]
    ) -> ObservationsIdentifiersPaginator[UserCount]:
        """The people who identified the matching observations (not their own), with how many
        of them each identified, most first. Calls ``GET /v1/observations/identifiers`` (up to
        500 per request).

        Only the first 500 identifiers can be reached at all (an API limit, whatever the
        paging): iteration stops there, logging a warning when more match, and ``count()`` is
        at most 500; ``.limit(n)`` with ``n`` over 500, an index or a slice past row 500 raise
        before anything is sent. ``.pages()`` shows the API's full ``total_results``.
        """
        return self._requester.paginate(
            OBSERVATIONS_IDENTIFIERS, params, dry_run=dry_run, kind=ObservationsIdentifiersPaginator
        )

    def popular_field_values(
        self,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsPopularFieldValuesParams],
    ) -> ObservationsPopularFieldValuesPaginator[PopularFieldValue]:
        """The annotations (Life Stage: Adult, Sex: Female, ...) on the matching observations,
        each with how many observations carry it and in which months, most common first.
        Calls ``GET /v1/observations/popular_field_values``.

        The API answers every annotation in one response; paging parameters do not apply.
        """
        return self._requester.paginate(
            OBSERVATIONS_POPULAR_FIELD_VALUES,
            params,
            dry_run=dry_run,
            kind=ObservationsPopularFieldValuesPaginator,
        )

    def quality_grades(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsQualityGradesParams]
    ) -> ObservationsQualityGradesPaginator[QualityGradeCount]:
        """How many matching observations have each quality grade (research, needs_id,
        casual), most first. Calls ``GET /v1/observations/quality_grades`` (undocumented
        upstream).

        The API answers every grade in one response; grades no observation has are left out.
        """
        return self._requester.paginate(
            OBSERVATIONS_QUALITY_GRADES,
            params,
            dry_run=dry_run,
            kind=ObservationsQualityGradesPaginator,
        )

    def iconic_taxa_counts(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsIconicTaxaCountsParams]
    ) -> ObservationsIconicTaxaCountsPaginator[SpeciesCount]:
        """How many matching observations fall in each iconic taxon (Aves, Plantae, Insecta,
        ...), most first. Calls ``GET /v1/observations/iconic_taxa_counts`` (undocumented
        upstream).

        Each row's ``taxon`` is the iconic taxon and ``count`` its observations; observations
        without a taxon, or outside every iconic taxon, are not counted. One response holds
        them all.
        """
        return self._requester.paginate(
            OBSERVATIONS_ICONIC_TAXA_COUNTS,
            params,
            dry_run=dry_run,
            kind=ObservationsIconicTaxaCountsPaginator,
        )

    def life_list(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsTaxonomyParams]
    ) -> LifeList:
        """The taxonomic tree of the matching observations, usually a user's life list (pass
        ``user_id``). Calls ``GET /v1/observations/taxonomy`` (undocumented upstream).

        The :class:`~inatsdk.models.LifeList` holds every observed taxon with all its ancestors
        up to Life, each with ``descendant_obs_count`` and ``direct_obs_count``, in one
        response (no paging). At least one filter is required: without one the API would build
        the tree of every observation there is.

        Example::

            life = client.observations.life_list(user_id="jkcook", iconic_taxa="Aves")
            print(len(life.species()), "bird species")
        """
        if not params:
            raise InvalidParameterError(
                "client.observations.life_list() needs a filter, usually user_id=<id or login>"
            )
        response = self._requester.get(OBSERVATIONS_TAXONOMY, params, dry_run=dry_run)
        if response.dry_run:
            return LifeList.from_json({"results": []})
        return parse_records(LifeList.from_json, [object_of(response)], url=response.url)[0]

    def similar_species(
        self,
        taxon_id: int,
        /,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsSimilarSpeciesParams],
    ) -> ObservationsSimilarSpeciesPaginator[SpeciesCount]:
        """Taxa often confused with ``taxon_id`` (a genus or finer), most confused first.
        Calls ``GET /v1/observations/similar_species`` (undocumented upstream).

        ``count`` is the number of observations where an identification of ``taxon_id`` met
        one of the other taxon (same rank and iconic taxon, not an ancestor). The filters
        narrow which observations are compared; the API answers at most 24 taxa, in one
        response. A taxon coarser than genus is refused by the API (422).

        Example::

            client.observations.similar_species(9081, place_id=1).limit(5).all()
        """
        where = self._caller("similar_species")
        if "taxon_id" in params:
            raise InvalidParameterError(
                f"{where} takes the taxon as its first argument, not taxon_id="
            )
        taxon = key_of(taxon_id, argument="taxon_id", where=where, uuids=False)

        def own_taxon(more: Mapping[str, object]) -> Mapping[str, object]:
            # The taxon is this method's argument, not one of the route's checked parameters
            # (so filter() cannot change it): handed on to the spec check without it.
            if "taxon_id" not in more:
                return more
            if more["taxon_id"] != taxon:
                raise InvalidParameterError(
                    f"{where} takes the taxon as its first argument: call it again for another "
                    "taxon rather than filter(taxon_id=...)"
                )
            return {k: v for k, v in more.items() if k != "taxon_id"}

        return self._requester.paginate(
            OBSERVATIONS_SIMILAR_SPECIES,
            {"taxon_id": taxon, **params},
            dry_run=dry_run,
            where=where,
            extra_check=own_taxon,
            kind=ObservationsSimilarSpeciesPaginator,
        )

    # --- one observation ----------------------------------------------------------------------

    def taxon_summary(
        self,
        observation_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsTaxonSummaryParams],
    ) -> TaxonSummary:
        """What is known about an observation's taxon where it was seen: its conservation
        status, its check-list entry (native, introduced...) and a Wikipedia summary. Calls
        ``GET /v1/observations/{id}/taxon_summary``.

        Each part is ``None`` when the API has none (all of them for an observation without a
        taxon). Raises :class:`~inatsdk.errors.NotFoundError` when there is no such
        observation.
        """
        response = self._requester.get(
            OBSERVATIONS_TAXON_SUMMARY,
            params,
            path={"id": observation_id},
            dry_run=dry_run,
            where=self._caller("taxon_summary"),
            arguments={"id": "observation_id"},
        )
        if response.dry_run:
            return TaxonSummary()
        return parse_records(TaxonSummary.from_json, [object_of(response)], url=response.url)[0]

    def quality_metrics(
        self,
        observation_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsQualityMetricsParams],
    ) -> ObservationsQualityMetricsPaginator[QualityMetric]:
        """The data-quality votes on an observation (wild, location, date, evidence, ...), each
        with its voter. Calls ``GET /v1/observations/{id}/quality_metrics`` (undocumented
        upstream).

        One response holds them all; an unknown observation simply has none.
        """
        return self._requester.paginate(
            OBSERVATIONS_QUALITY_METRICS,
            params,
            dry_run=dry_run,
            path={"id": observation_id},
            arguments={"id": "observation_id"},
            kind=ObservationsQualityMetricsPaginator,
        )

    def subscriptions(
        self,
        observation_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsSubscriptionsParams],
    ) -> ObservationsSubscriptionsPaginator[ObservationSubscription]:
        """The signed-in user's subscriptions that cover an observation: to the observation
        itself (``resource_type="Observation"``) and to its observer (``"User"``). Calls
        ``GET /v1/observations/{id}/subscriptions``.

        Needs credentials (:class:`~inatsdk.errors.AuthenticationError` before anything is sent
        without them). Empty when the user follows neither; one response holds them all.
        """
        return self._requester.paginate(
            OBSERVATIONS_SUBSCRIPTIONS,
            params,
            dry_run=dry_run,
            path={"id": observation_id},
            arguments={"id": "observation_id"},
            kind=ObservationsSubscriptionsPaginator,
        )

    # --- the signed-in user's observations ----------------------------------------------------

    def updates(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsUpdatesParams]
    ) -> ObservationsUpdatesPaginator[ObservationUpdate]:
        """The signed-in user's notifications: identifications and comments others added to
        observations they made or follow, newest first. Calls
        ``GET /v1/observations/updates`` (up to 200 per request).

        ``viewed=False`` keeps the unseen ones; ``observations_by="owner"`` those on the user's
        own observations, ``"following"`` the others; ``created_after`` a start time. Needs
        credentials. The answers are private and change: they are never cached, so polling
        sees what is new.
        """
        return self._requester.paginate(
            OBSERVATIONS_UPDATES, params, dry_run=dry_run, kind=ObservationsUpdatesPaginator
        )

    def deleted(self, since: date | datetime | str, *, dry_run: bool | None = None) -> list[int]:
        """Ids of the signed-in user's observations deleted since ``since``, highest first.
        Calls ``GET /v1/observations/deleted``.

        For keeping a local copy in step. The API answers at most 500 ids, in one response,
        and no more past that: call again with a later ``since`` (for example the time of your
        last sync) rather than a wide window. Needs credentials.

        With ``api_version="v2"`` it calls :meth:`deleted_v2`.
        """
        if self._requester.api_version == "v2":
            return self.deleted_v2(since, dry_run=dry_run)
        response = self._requester.get(OBSERVATIONS_DELETED, {"since": since}, dry_run=dry_run)
        return _deleted_ids(response)

    # --- v2 -----------------------------------------------------------------------------------

    def deleted_v2(self, since: date | datetime | str, *, dry_run: bool | None = None) -> list[int]:
        """Ids of the signed-in user's observations deleted since ``since``. Calls
        ``GET /v2/observations/deleted`` (needs credentials; never cached)."""
        response = self._requester.call_v2(
            OBSERVATIONS_DELETED_V2,
            {"since": since},
            dry_run=dry_run,
            where=self._caller("deleted_v2"),
        )
        return _deleted_ids(response)

    def histogram_v2(
        self, *, dry_run: bool | None = None, **params: Unpack[ObservationsHistogramParamsV2]
    ) -> Histogram:
        """How many observations match, per ``interval``. Calls
        ``GET /v2/observations/histogram``; in dry-run an empty histogram."""
        response = self._requester.call_v2(
            OBSERVATIONS_HISTOGRAM_V2, params, dry_run=dry_run, where=self._caller("histogram_v2")
        )
        if response.dry_run:
            return Histogram.from_json({str(params.get("interval") or "month_of_year"): {}})
        results = object_of(response).get("results")
        if not isinstance(results, Mapping):
            raise UnexpectedResponseError(
                f"expected a histogram object in 'results', got {str(results)[:200]}",
                method="GET",
                url=response.url,
                body=str(results)[:200],
            )
        counts: Mapping[str, Any] = results  # pyright: ignore[reportUnknownVariableType]
        return parse_records(Histogram.from_json, [counts], url=response.url)[0]

    def iconic_taxa_counts_v2(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsIconicTaxaCountsParamsV2],
    ) -> ObservationsIconicTaxaCountsPaginatorV2[SpeciesCount]:
        """Matching observations per iconic taxon. Calls
        ``GET /v2/observations/iconic_taxa_counts``."""
        return self._requester.paginate(
            OBSERVATIONS_ICONIC_TAXA_COUNTS_V2,
            params,
            fields=fields,
            kind=ObservationsIconicTaxaCountsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("iconic_taxa_counts_v2"),
        )

    def iconic_taxa_species_counts(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsIconicTaxaSpeciesCountsParamsV2],
    ) -> ObservationsIconicTaxaSpeciesCountsPaginatorV2[SpeciesCount]:
        """Species observed per iconic taxon. Calls
        ``GET /v2/observations/iconic_taxa_species_counts`` (v2 only)."""
        return self._requester.paginate(
            OBSERVATIONS_ICONIC_TAXA_SPECIES_COUNTS_V2,
            params,
            fields=fields,
            kind=ObservationsIconicTaxaSpeciesCountsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("iconic_taxa_species_counts"),
        )

    def identification_categories(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsIdentificationCategoriesParamsV2],
    ) -> ObservationsIdentificationCategoriesPaginatorV2[IdentificationCategoryCount]:
        """How the matching observations' identifications split into categories (improving,
        supporting, leading, maverick). Calls ``GET /v2/observations/identification_categories``
        (v2 only)."""
        return self._requester.paginate(
            OBSERVATIONS_IDENTIFICATION_CATEGORIES_V2,
            params,
            fields=fields,
            kind=ObservationsIdentificationCategoriesPaginatorV2,
            dry_run=dry_run,
            where=self._caller("identification_categories"),
        )

    def popular_field_values_v2(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsPopularFieldValuesParamsV2],
    ) -> ObservationsPopularFieldValuesPaginatorV2[PopularFieldValue]:
        """The most used annotation values of matching observations. Calls
        ``GET /v2/observations/popular_field_values``."""
        return self._requester.paginate(
            OBSERVATIONS_POPULAR_FIELD_VALUES_V2,
            params,
            fields=fields,
            kind=ObservationsPopularFieldValuesPaginatorV2,
            dry_run=dry_run,
            where=self._caller("popular_field_values_v2"),
        )

    def quality_grades_v2(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsQualityGradesParamsV2],
    ) -> ObservationsQualityGradesPaginatorV2[QualityGradeCount]:
        """Matching observations per quality grade. Calls
        ``GET /v2/observations/quality_grades``."""
        return self._requester.paginate(
            OBSERVATIONS_QUALITY_GRADES_V2,
            params,
            fields=fields,
            kind=ObservationsQualityGradesPaginatorV2,
            dry_run=dry_run,
            where=self._caller("quality_grades_v2"),
        )

    def umbrella_project_stats(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ObservationsUmbrellaProjectStatsParamsV2],
    ) -> ObservationsUmbrellaProjectStatsPaginatorV2[UmbrellaProjectStats]:
        """Counts per project of an umbrella project (``project_id=``). Calls
        ``GET /v2/observations/umbrella_project_stats`` (v2 only)."""
        return self._requester.paginate(
            OBSERVATIONS_UMBRELLA_PROJECT_STATS_V2,
            params,
            fields=fields,
            kind=ObservationsUmbrellaProjectStatsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("umbrella_project_stats"),
        )

    def quality_metrics_v2(
        self,
        observation: Observation | str,
        *,
        fields: Selection[QualityMetricFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> ObservationsQualityMetricsPaginatorV2[QualityMetric]:
        """The data-quality votes on an observation (a model or its UUID). Calls
        ``GET /v2/observations/{uuid}/quality_metrics``."""
        return self._requester.paginate(
            OBSERVATIONS_QUALITY_METRICS_V2,
            {},
            path={"uuid": uuid_of(observation, "observation")},
            fields=fields,
            kind=ObservationsQualityMetricsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("quality_metrics_v2"),
            arguments={"uuid": "observation"},
        )

    def subscriptions_v2(
        self,
        observation: Observation | str,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
    ) -> ObservationsSubscriptionsPaginatorV2[ObservationSubscription]:
        """The signed-in user's subscriptions to an observation (a model or its UUID). Calls
        ``GET /v2/observations/{uuid}/subscriptions``."""
        return self._requester.paginate(
            OBSERVATIONS_SUBSCRIPTIONS_V2,
            {},
            path={"uuid": uuid_of(observation, "observation")},
            fields=fields,
            kind=ObservationsSubscriptionsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("subscriptions_v2"),
            arguments={"uuid": "observation"},
        )

    def taxon_summary_v2(
        self, observation: Observation | str, *, dry_run: bool | None = None
    ) -> TaxonSummary:
        """The observation's taxon in its place (listing, conservation status, Wikipedia
        summary). Calls ``GET /v2/observations/{uuid}/taxon_summary``."""
        return self._requester.object_v2(
            OBSERVATIONS_TAXON_SUMMARY_V2,
            path={"uuid": uuid_of(observation, "observation")},
            dry_run=dry_run,
            where=self._caller("taxon_summary_v2"),
            arguments={"uuid": "observation"},
        )

    def create_v2(
        self,
        observation: Observation,
        *,
        photos: UploadSource | Iterable[UploadSource] | None = None,
        sounds: UploadSource | Iterable[UploadSource] | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> Observation:
        """Create an observation on v2, then upload ``photos`` and ``sounds`` to it by UUID.
        Calls ``POST /v2/observations``, then ``POST /v2/observation_photos`` and
        ``POST /v2/observation_sounds`` once per file.

        As :meth:`create`: the body holds the same attributes, a draft without a ``uuid`` is
        given one (repeating the create is safe), every file is checked before anything is
        sent, the observation is read back (by UUID, on v2) once its media are uploaded, and
        a refused file raises :class:`~inatsdk.uploads.PartialUploadError`. In dry-run
        nothing is sent.

        Example::

            created = client.observations.create_v2(
                Observation(species_guess="Common raven"), photos=["a.jpg", "b.jpg"]
            )
        """
        photo_files = [
            UploadFile.load(src, "photo", max_bytes=max_bytes, index=i)
            for i, src in enumerate(as_sources(photos))
        ]
        sound_files = [
            UploadFile.load(src, "sound", max_bytes=max_bytes, index=i)
            for i, src in enumerate(as_sources(sounds))
        ]
        if observation.uuid is None:
            observation.uuid = str(uuid_module.uuid4())
        created = create_v2(
            self._requester,
            OBSERVATION_CREATE_V2,
            OBSERVATION_WRITES,
            observation,
            dry_run=dry_run,
        )
        if created.uuid is None:
            created.uuid = observation.uuid
        if not photo_files and not sound_files:
            return created
        photo_results = ObservationPhotosController(self._requester).upload_v2(
            created, photo_files, max_bytes=max_bytes, dry_run=dry_run
        )
        sound_results = ObservationSoundsController(self._requester).upload_v2(
            created, sound_files, max_bytes=max_bytes, dry_run=dry_run
        )
        results: UploadResults[ObservationPhoto | ObservationSound] = UploadResults(
            (*photo_results.results, *sound_results.results)
        )
        if any(r.dry_run for r in results):
            rehearsed = _with_media(created, results)
            rehearsed.mark_saved()  # as the server would have it: ready to change and save
            return rehearsed
        final = created
        try:
            final = ObservationsController(self._requester.without_cache()).get(
                observation.uuid, fields=ALL
            )
        except iNatError:  # it was created: answer what is known rather than fail
            final = _with_media(created, results)
        if not results.ok:
            raise PartialUploadError(results, observation=final)
        return final

    def save_v2(self, observation: Observation, *, dry_run: bool | None = None) -> Observation:
        """Save an observation's changes on v2, by UUID. Calls
        ``PUT /v2/observations/{uuid}`` with only the attributes changed since it was loaded
        (and ``"ignore_photos": true``, so its photos stay); nothing is sent when nothing
        changed. A new observation (no uuid, no id) is created instead (:meth:`create_v2`);
        one with an id but no uuid is refused (v2 names observations by UUID)."""
        if observation.uuid is None and observation.id is None:
            return self.create_v2(observation, dry_run=dry_run)
        return update_v2(
            self._requester,
            OBSERVATION_UPDATE_V2,
            OBSERVATION_WRITES,
            observation,
            uuid_of(observation, "observation"),
            dry_run=dry_run,
        )

    def delete_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Delete one of your observations (a model or its UUID). Calls
        ``DELETE /v2/observations/{uuid}``."""
        delete_v2(
            self._requester,
            OBSERVATION_DELETE_V2,
            uuid_of(observation, "observation"),
            argument="observation",
            dry_run=dry_run,
        )

    def _act_v2(
        self,
        op: Operation[BaseModel],
        observation: Observation | str,
        dry_run: bool | None,
        **path: str,
    ) -> None:
        act_v2(
            self._requester,
            op,
            {"uuid": uuid_of(observation, "observation"), **path},
            argument="observation",
            dry_run=dry_run,
        )

    def fave_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Fave an observation. Calls ``POST /v2/observations/{uuid}/fave``."""
        self._act_v2(OBSERVATION_FAVE_V2, observation, dry_run)

    def unfave_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Take back a fave. Calls ``DELETE /v2/observations/{uuid}/fave``."""
        self._act_v2(OBSERVATION_UNFAVE_V2, observation, dry_run)

    def set_quality_metric_v2(
        self,
        observation: Observation | str,
        metric: QualityMetricNameV2,
        *,
        agree: bool = True,
        dry_run: bool | None = None,
    ) -> None:
        """Vote on a data-quality criterion (``agree=False`` votes against). Calls
        ``POST /v2/observations/{uuid}/quality/{metric}``."""
        act_v2(
            self._requester,
            OBSERVATION_QUALITY_SET_V2,
            {"uuid": uuid_of(observation, "observation"), "metric": metric},
            params={"agree": agree},
            argument="observation",
            dry_run=dry_run,
        )

    def delete_quality_metric_v2(
        self,
        observation: Observation | str,
        metric: QualityMetricNameV2,
        *,
        dry_run: bool | None = None,
    ) -> None:
        """Take back a data-quality vote. Calls
        ``DELETE /v2/observations/{uuid}/quality/{metric}``."""
        self._act_v2(OBSERVATION_QUALITY_DELETE_V2, observation, dry_run, metric=metric)

    def review_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Mark an observation reviewed. Calls ``POST /v2/observations/{uuid}/review``."""
        self._act_v2(OBSERVATION_REVIEW_V2, observation, dry_run)

    def unreview_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Mark an observation unreviewed. Calls ``DELETE /v2/observations/{uuid}/review``."""
        self._act_v2(OBSERVATION_UNREVIEW_V2, observation, dry_run)

    def subscribe_v2(self, observation: Observation | str, *, dry_run: bool | None = None) -> None:
        """Toggle the signed-in user's subscription to an observation's updates (the API
        toggles: call it again to unsubscribe). Calls
        ``PUT /v2/observations/{uuid}/subscription``."""
        self._act_v2(OBSERVATION_SUBSCRIPTION_V2, observation, dry_run)

    def unsubscribe_v2(
        self, observation: Observation | str, *, dry_run: bool | None = None
    ) -> None:
        """Toggle the subscription off (the same toggle as :meth:`subscribe_v2`). Calls
        ``PUT /v2/observations/{uuid}/subscription``."""
        self._act_v2(OBSERVATION_SUBSCRIPTION_V2, observation, dry_run)

    def mark_updates_viewed_v2(
        self, observation: Observation | str, *, dry_run: bool | None = None
    ) -> None:
        """Mark an observation's updates viewed. Calls
        ``PUT /v2/observations/{uuid}/viewed_updates``."""
        self._act_v2(OBSERVATION_VIEWED_UPDATES_V2, observation, dry_run)
