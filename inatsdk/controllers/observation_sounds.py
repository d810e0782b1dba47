"""``client.observation_sounds``: sounds on your observations: upload, delete (routes the API
has but its spec leaves out)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from inatsdk.controllers._media import observation_key, upload_files
from inatsdk.controllers._writes import Field, WriteSpec, delete_record, record_id
from inatsdk.controllers._writes_v2 import delete_v2, update_v2, uuid_of
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    OBSERVATION_SOUND_CREATE,
    OBSERVATION_SOUND_CREATE_V2,
    OBSERVATION_SOUND_DELETE,
    OBSERVATION_SOUND_DELETE_V2,
    OBSERVATION_SOUND_UPDATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation, ObservationSound, Sound
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadResults, UploadSource

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel

__all__ = ["ObservationSoundsController"]


#: A v2 save of an observation sound: ``{"observation_sound": {"observation_id": <uuid>}}``.
OBSERVATION_SOUND_WRITES_V2 = WriteSpec(
    model=ObservationSound, root="observation_sound", fields=(Field("observation_id"),)
)


class ObservationSoundsController(BaseController):
    """Sounds on your observations: upload (one or many, with per-file results), delete.
    Sounds are read with their observations (``obs.observation_sounds``)."""

    resource = "observation_sounds"

    def upload(
        self,
        observation: Observation | int | str,
        sounds: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[ObservationSound]:
        """Upload recordings to one of your observations (a model, an id or a UUID), one
        request per file. Calls ``POST /v1/observation_sounds`` (undocumented upstream); the
        results say, file by file, what became of each.

        Files are paths, bytes or binary file objects of WAV, MP3, M4A, Ogg, FLAC or AMR
        audio (see :mod:`inatsdk.uploads`); one that fails does not stop the others. An
        upload is never sent twice; in dry-run nothing is sent. With ``api_version="v2"`` it
        calls :meth:`upload_v2`, naming the observation by UUID (see :ref:`v2-routing`).
        """
        if (named := self._observation_on_v2(observation, dry_run, "upload")) is not None:
            return self.upload_v2(named, sounds, max_bytes=max_bytes, dry_run=dry_run)
        key = self._observation_key(observation, dry_run, "upload")
        return self._send(OBSERVATION_SOUND_CREATE, key, sounds, max_bytes, dry_run)

    def _send(
        self,
        op: Operation[BaseModel],
        key: int | str,
        sounds: UploadSource | Iterable[UploadSource] | None,
        max_bytes: int | None,
        dry_run: bool | None,
    ) -> UploadResults[ObservationSound]:
        """Each file to ``op`` (v1's create or v2's) for the observation named ``key`` (an id
        or a UUID)."""
        observation_id = key if isinstance(key, int) else None

        def rehearsal(upload: UploadFile) -> ObservationSound:
            return ObservationSound(
                observation_id=observation_id,
                sound=Sound(
                    original_filename=upload.filename, file_content_type=upload.content_type
                ),
            )

        return upload_files(
            self._requester,
            op,
            ObservationSound,
            "sound",
            sounds,
            fields={"observation_sound[observation_id]": str(key)},
            rehearsal=rehearsal,
            max_bytes=max_bytes,
            dry_run=dry_run,
        )

    def _observation_key(
        self, observation: Observation | int | str, dry_run: bool | None, method_name: str
    ) -> int | str:
        rehearsed = self._requester.answers_locally(OBSERVATION_SOUND_CREATE, dry_run)
        return observation_key(observation, dry_run=rehearsed, where=self._caller(method_name))

    def create(
        self,
        observation: Observation | int | str,
        sound: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> ObservationSound:
        """Upload one recording to one of your observations and return the server's record
        of it. Calls ``POST /v1/observation_sounds`` (undocumented upstream).

        Raises :class:`~inatsdk.uploads.UploadError` for a file that cannot be sent (nothing
        is sent) and the API's error when the server refuses it. With ``api_version="v2"``
        it calls :meth:`create_v2` (see :ref:`v2-routing`).
        """
        if (named := self._observation_on_v2(observation, dry_run, "create")) is not None:
            return self.create_v2(named, sound, max_bytes=max_bytes, dry_run=dry_run)
        key = self._observation_key(observation, dry_run, "create")
        return self._send(OBSERVATION_SOUND_CREATE, key, [sound], max_bytes, dry_run)[0].unwrap()

    def delete(
        self, observation_sound: ObservationSound | int, *, dry_run: bool | None = None
    ) -> None:
        """Take a sound off one of your observations (given as the observation sound or its
        id). Calls ``DELETE /v1/observation_sounds/{id}`` (undocumented upstream); with
        ``api_version="v2"``, one with a ``uuid`` goes to :meth:`delete_v2`."""
        if (key := self._uuid_on_v2(observation_sound)) is not None:
            return self.delete_v2(key, dry_run=dry_run)
        delete_record(
            self._requester,
            OBSERVATION_SOUND_DELETE,
            record_id(observation_sound, "observation sound"),
            dry_run=dry_run,
            argument="observation_sound",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def upload_v2(
        self,
        observation: Observation | str,
        sounds: UploadSource | Iterable[UploadSource] | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> UploadResults[ObservationSound]:
        """Upload sounds to one of your observations, named by UUID (a model with one, or the
        UUID), one request per file. Calls ``POST /v2/observation_sounds`` (multipart); the
        results say file by file what became of each, as :meth:`upload`."""
        key = uuid_of(observation, "observation")
        return self._send(OBSERVATION_SOUND_CREATE_V2, key, sounds, max_bytes, dry_run)

    def create_v2(
        self,
        observation: Observation | str,
        sound: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
    ) -> ObservationSound:
        """Upload one sound to an observation named by UUID; the server's record. Calls
        ``POST /v2/observation_sounds`` (multipart)."""
        key = uuid_of(observation, "observation")
        sent = self._send(OBSERVATION_SOUND_CREATE_V2, key, [sound], max_bytes, dry_run)
        return sent[0].unwrap()

    def save_v2(
        self,
        observation_sound: ObservationSound,
        *,
        observation: Observation | str | None = None,
        dry_run: bool | None = None,
    ) -> ObservationSound:
        """Attach a sound to an observation (by UUID): all v2 lets a sound's record change.
        Calls ``PUT /v2/observation_sounds/{uuid}``."""
        key = uuid_of(observation_sound, "observation sound")
        if observation is None:
            raise InvalidParameterError(
                "save_v2() needs observation= (the observation's UUID: v2 names it in the "
                "body; nothing was sent)"
            )
        body = {"observation_sound": {"observation_id": uuid_of(observation, "observation")}}
        return update_v2(
            self._requester,
            OBSERVATION_SOUND_UPDATE_V2,
            OBSERVATION_SOUND_WRITES_V2,
            observation_sound,
            key,
            dry_run=dry_run,
            body=body,
        )

    def delete_v2(
        self, observation_sound: ObservationSound | str, *, dry_run: bool | None = None
    ) -> None:
        """Take a sound off one of your observations (the observation sound or its UUID).
        Calls ``DELETE /v2/observation_sounds/{uuid}``."""
        delete_v2(
            self._requester,
            OBSERVATION_SOUND_DELETE_V2,
            uuid_of(observation_sound, "observation sound"),
            argument="observation_sound",
            dry_run=dry_run,
        )
