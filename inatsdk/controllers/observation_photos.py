"""``client.observation_photos``: photos on your observations: upload, reorder, delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from inatsdk.controllers._media import observation_key, upload_files
from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    delete_record,
    record_id,
    update_body,
    update_record,
)
from inatsdk.controllers._writes_v2 import delete_v2, update_v2, uuid_of
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    OBSERVATION_PHOTO_CREATE,
    OBSERVATION_PHOTO_CREATE_V2,
    OBSERVATION_PHOTO_DELETE,
    OBSERVATION_PHOTO_DELETE_V2,
    OBSERVATION_PHOTO_UPDATE,
    OBSERVATION_PHOTO_UPDATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation, ObservationPhoto, Photo
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadResults, UploadSource

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel

__all__ = ["OBSERVATION_PHOTO_WRITES", "ObservationPhotosController"]

#: Saving an observation photo sends ``{"observation_photo": {"position": n}}``: its place
#: among the observation's photos is all that can change (upload another photo to replace it).
OBSERVATION_PHOTO_WRITES = WriteSpec(
    model=ObservationPhoto, root="observation_photo", fields=(Field("position"),)
)


class ObservationPhotosController(BaseController):
    """Photos on your observations: upload (one or many, with per-file results), reorder,
    delete. Photos are read with their observations (``obs.observation_photos``)."""

    resource = "observation_photos"

    def upload(
        self,
        observation: Observation | int | str,
        photos: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[ObservationPhoto]:
        """Upload photos to one of your observations (a model, an id or a UUID), one request
        per file. Calls ``POST /v1/observation_photos``; the results say, file by file, what
        became of each (see :class:`~inatsdk.uploads.UploadResults`).

        Files are paths, bytes or binary file objects (see :mod:`inatsdk.uploads`). One that
        is missing, unreadable, not an image, too large or refused by the server fails alone:
        the others are uploaded. An upload is never sent twice. In dry-run nothing is sent:
        each request is logged with the file's name, type and size, and each result holds an
        :class:`~inatsdk.models.ObservationPhoto` built from what would have been sent.

        Example::

            results = client.observation_photos.upload(obs, ["a.jpg", "b.jpg", open("c.png", "rb")])
            print(results)                        # <UploadResults 3 ok, 0 failed>
            photo_ids = [op.photo_id for op in results.records]

        With ``api_version="v2"`` it calls :meth:`upload_v2`, naming the observation by UUID
        (its own, or the one a small v2 read finds for its id; see :ref:`v2-routing`).
        """
        if (named := self._observation_on_v2(observation, dry_run, "upload")) is not None:
            return self.upload_v2(named, photos, max_bytes=max_bytes, dry_run=dry_run)
        key = self._observation_key(observation, dry_run, "upload")
        return self._send(OBSERVATION_PHOTO_CREATE, key, photos, None, max_bytes, dry_run)

    def create(
        self,
        observation: Observation | int | str,
        photo: UploadSource,
        *,
        position: int | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> ObservationPhoto:
        """Upload one photo to one of your observations and return the server's record of it
        (with its :class:`~inatsdk.models.Photo`). Calls ``POST /v1/observation_photos``.

        ``position`` places it among the observation's photos (0 is first; default: last).
        Raises :class:`~inatsdk.uploads.UploadError` for a file that cannot be sent (nothing
        is sent) and the API's error when the server refuses it. With ``api_version="v2"``
        it calls :meth:`create_v2` (see :ref:`v2-routing`).
        """
        if (named := self._observation_on_v2(observation, dry_run, "create")) is not None:
            return self.create_v2(
                named, photo, position=position, max_bytes=max_bytes, dry_run=dry_run
            )
        key = self._observation_key(observation, dry_run, "create")
        sent = self._send(OBSERVATION_PHOTO_CREATE, key, [photo], position, max_bytes, dry_run)
        return sent[0].unwrap()

    def save(
        self, observation_photo: ObservationPhoto, *, dry_run: bool | None = None
    ) -> ObservationPhoto:
        """Save an observation photo's new ``position`` and return the server's record. Calls
        ``PUT /v1/observation_photos/{id}``.

        Sends nothing when the position did not change; other changes raise
        :class:`~inatsdk.errors.InvalidParameterError` (upload another photo to replace one).

        Example::

            last = obs.observation_photos[-1]
            last.position = 0
            client.observation_photos.save(last)     # now the observation's first photo
        """
        if observation_photo.id is None:
            raise InvalidParameterError(
                "this ObservationPhoto has no id: upload photos with upload() or create() "
                "(nothing was sent)"
            )
        return update_record(
            self._requester,
            OBSERVATION_PHOTO_UPDATE,
            OBSERVATION_PHOTO_WRITES,
            observation_photo,
            dry_run=dry_run,
        )

    def delete(
        self, observation_photo: ObservationPhoto | int, *, dry_run: bool | None = None
    ) -> None:
        """Take a photo off one of your observations (given as the observation photo or its
        id, not the photo's id). Calls ``DELETE /v1/observation_photos/{id}``; with
        ``api_version="v2"``, one with a ``uuid`` goes to :meth:`delete_v2`."""
        if (key := self._uuid_on_v2(observation_photo)) is not None:
            return self.delete_v2(key, dry_run=dry_run)
        delete_record(
            self._requester,
            OBSERVATION_PHOTO_DELETE,
            record_id(observation_photo, "observation photo"),
            dry_run=dry_run,
            argument="observation_photo",
        )

    def _send(
        self,
        op: Operation[BaseModel],
        key: int | str,
        photos: UploadSource | Iterable[UploadSource] | None,
        position: int | None,
        max_bytes: int | None,
        dry_run: bool | None,
    ) -> UploadResults[ObservationPhoto]:
        """Each file to ``op`` (v1's create or v2's) for the observation named ``key`` (an id
        or a UUID), placed at ``position`` when given."""
        fields = {"observation_photo[observation_id]": str(key)}
        if position is not None:
            fields["observation_photo[position]"] = str(int(position))
        observation_id = key if isinstance(key, int) else None

        def rehearsal(upload: UploadFile) -> ObservationPhoto:
            return ObservationPhoto(
                observation_id=observation_id,
                position=position,
                photo=Photo(original_filename=upload.filename),
            )

        return upload_files(
            self._requester,
            op,
            ObservationPhoto,
            "photo",
            photos,
            fields=fields,
            rehearsal=rehearsal,
            max_bytes=max_bytes,
            dry_run=dry_run,
        )

    def _observation_key(
        self, observation: Observation | int | str, dry_run: bool | None, method_name: str
    ) -> int | str:
        rehearsed = self._requester.answers_locally(OBSERVATION_PHOTO_CREATE, dry_run)
        return observation_key(observation, dry_run=rehearsed, where=self._caller(method_name))

    # --- v2 -----------------------------------------------------------------------------------

    def upload_v2(
        self,
        observation: Observation | str,
        photos: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[ObservationPhoto]:
        """Upload photos to one of your observations, named by UUID (a model with one, or the
        UUID), one request per file. Calls ``POST /v2/observation_photos`` (multipart); the
        results say file by file what became of each, as :meth:`upload`."""
        key = uuid_of(observation, "observation")
        return self._send(OBSERVATION_PHOTO_CREATE_V2, key, photos, None, max_bytes, dry_run)

    def create_v2(
        self,
        observation: Observation | str,
        photo: UploadSource,
        *,
        position: int | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> ObservationPhoto:
        """Upload one photo to an observation named by UUID; the server's record. Calls
        ``POST /v2/observation_photos`` (multipart, with ``position`` when given)."""
        key = uuid_of(observation, "observation")
        sent = self._send(OBSERVATION_PHOTO_CREATE_V2, key, [photo], position, max_bytes, dry_run)
        return sent[0].unwrap()

    def save_v2(
        self,
        observation_photo: ObservationPhoto,
        *,
        observation: Observation | str | None = None,
        dry_run: bool | None = None,
    ) -> ObservationPhoto:
        """Save an observation photo's new ``position``, by UUID. Calls
        ``PUT /v2/observation_photos/{uuid}`` (v2 wants the observation's UUID too);
        sends nothing when the position did not change."""
        body = update_body(OBSERVATION_PHOTO_WRITES, observation_photo)
        key = uuid_of(observation_photo, "observation photo")
        if observation is None:
            raise InvalidParameterError(
                "save_v2() needs observation= (the observation's UUID: v2 names it in the "
                "body; nothing was sent)"
            )
        if body is not None:
            body["observation_photo"]["observation_id"] = uuid_of(observation, "observation")
        return (
            update_v2(
                self._requester,
                OBSERVATION_PHOTO_UPDATE_V2,
                OBSERVATION_PHOTO_WRITES,
                observation_photo,
                key,
                dry_run=dry_run,
                body=body,
            )
            if body is not None
            else observation_photo
        )

    def delete_v2(
        self, observation_photo: ObservationPhoto | str, *, dry_run: bool | None = None
    ) -> None:
        """Take a photo off one of your observations (the observation photo or its UUID).
        Calls ``DELETE /v2/observation_photos/{uuid}``."""
        delete_v2(
            self._requester,
            OBSERVATION_PHOTO_DELETE_V2,
            uuid_of(observation_photo, "observation photo"),
            argument="observation_photo",
            dry_run=dry_run,
        )
