"""``client.photos`` and ``client.sounds``: photos and sounds uploaded on their own, not (yet)
attached to an observation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from inatsdk.controllers._media import upload_files
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    PHOTO_CREATE,
    PHOTO_CREATE_V2,
    PHOTO_UPDATE_V2,
    SOUND_CREATE,
    SOUND_CREATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Photo, Sound
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadResults, UploadSource

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel

__all__ = ["PhotosController", "SoundsController"]


def _photo(upload: UploadFile) -> Photo:
    return Photo(original_filename=upload.filename)


def _sound(upload: UploadFile) -> Sound:
    return Sound(original_filename=upload.filename, file_content_type=upload.content_type)


class PhotosController(BaseController):
    """Photos uploaded on their own (to attach to an observation later, or to use elsewhere).
    To add photos to an observation, use ``client.observation_photos``."""

    resource = "photos"

    def _create_op(self) -> Operation[BaseModel]:
        """Where an upload goes: v2's form on a client that prefers v2."""
        return PHOTO_CREATE_V2 if self._requester.api_version == "v2" else PHOTO_CREATE

    def _send(
        self,
        op: Operation[BaseModel],
        files: UploadSource | Iterable[UploadSource] | None,
        max_bytes: int | None,
        dry_run: bool | None,
    ) -> UploadResults[Photo]:
        return upload_files(
            self._requester,
            op,
            Photo,
            "photo",
            files,
            rehearsal=_photo,
            max_bytes=max_bytes,
            dry_run=dry_run,
        )

    def upload(
        self,
        photos: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[Photo]:
        """Upload photos, one request per file. Calls ``POST /v1/photos``; the results say,
        file by file, what became of each (one that fails does not stop the others; see
        :mod:`inatsdk.uploads` for the files taken). Never sent twice; in dry-run nothing is
        sent. With ``api_version="v2"`` it calls ``POST /v2/photos``, as :meth:`upload_v2`."""
        return self._send(self._create_op(), photos, max_bytes, dry_run)

    def create(
        self,
        photo: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> Photo:
        """Upload one photo and return the server's record of it. Calls ``POST /v1/photos``.

        Raises :class:`~inatsdk.uploads.UploadError` for a file that cannot be sent and the
        API's error when the server refuses it. With ``api_version="v2"`` it calls
        ``POST /v2/photos``.
        """
        results = self._send(self._create_op(), [photo], max_bytes, dry_run)
        return results[0].unwrap()

    # --- v2 -----------------------------------------------------------------------------------

    def upload_v2(
        self,
        photos: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[Photo]:
        """Upload photos on v2, one request per file. Calls ``POST /v2/photos`` (multipart);
        per-file results as :meth:`upload`."""
        return self._send(PHOTO_CREATE_V2, photos, max_bytes, dry_run)

    def save_v2(self, photo: Photo | int, *, dry_run: bool | None = None) -> Photo:
        """Update a photo (the spec declares no body: the server refreshes the photo's record,
        e.g. its license and attribution from the owner's settings) and return the server's
        record of it (in dry-run, or when the answer holds none, the photo given). Calls
        ``PUT /v2/photos/{id}``."""
        key = photo.id if isinstance(photo, Photo) else photo
        if key is None:
            raise InvalidParameterError("this Photo has no id (nothing was sent)")
        found = self._requester.records_v2(
            PHOTO_UPDATE_V2,
            path={"id": key},
            dry_run=dry_run,
            where=self._caller("save_v2"),
            arguments={"id": "photo"},
        )
        if found:
            return found[0]
        return photo if isinstance(photo, Photo) else Photo(id=key)


class SoundsController(BaseController):
    """Sounds uploaded on their own. To add sounds to an observation, use
    ``client.observation_sounds``."""

    resource = "sounds"

    def _create_op(self) -> Operation[BaseModel]:
        """Where an upload goes: v2's form on a client that prefers v2."""
        return SOUND_CREATE_V2 if self._requester.api_version == "v2" else SOUND_CREATE

    def _send(
        self,
        op: Operation[BaseModel],
        files: UploadSource | Iterable[UploadSource] | None,
        max_bytes: int | None,
        dry_run: bool | None,
    ) -> UploadResults[Sound]:
        return upload_files(
            self._requester,
            op,
            Sound,
            "sound",
            files,
            rehearsal=_sound,
            max_bytes=max_bytes,
            dry_run=dry_run,
        )

    def upload(
        self,
        sounds: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[Sound]:
        """Upload recordings, one request per file. Calls ``POST /v1/sounds`` (undocumented
        upstream); the results say, file by file, what became of each. Never sent twice; in
        dry-run nothing is sent. With ``api_version="v2"`` it calls ``POST /v2/sounds``, as
        :meth:`upload_v2`."""
        return self._send(self._create_op(), sounds, max_bytes, dry_run)

    def create(
        self,
        sound: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> Sound:
        """Upload one recording and return the server's record of it. Calls
        ``POST /v1/sounds`` (undocumented upstream); raises like
        :meth:`PhotosController.create`. With ``api_version="v2"`` it calls
        ``POST /v2/sounds``."""
        results = self._send(self._create_op(), [sound], max_bytes, dry_run)
        return results[0].unwrap()

    # --- v2 -----------------------------------------------------------------------------------

    def upload_v2(
        self,
        sounds: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[Sound]:
        """Upload sounds on v2, one request per file. Calls ``POST /v2/sounds`` (multipart);
        per-file results as :meth:`upload`."""
        return self._send(SOUND_CREATE_V2, sounds, max_bytes, dry_run)
