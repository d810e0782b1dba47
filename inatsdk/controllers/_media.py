"""What the photo and sound controllers share: multipart uploads, one request per file, with
per-file results (see :mod:`inatsdk.uploads` for the files they take)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from inatsdk.controllers._writes import parse_record
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation
from inatsdk.uploads import (
    DEFAULT_MAX_BYTES,
    MediaKind,
    UploadFile,
    UploadResults,
    UploadSource,
    as_sources,
    send_upload,
    upload_each,
)

if TYPE_CHECKING:
    from inatsdk.controllers.base import BaseController
    from inatsdk.models.base import BaseModel

__all__ = ["observation_key", "upload_files"]

M = TypeVar("M", bound="BaseModel")


def observation_key(observation: Observation | int | str, *, dry_run: bool) -> str:
    """How an upload names its observation: the id, else the UUID (the API takes either).
    A draft with neither (a dry-run create) is named ``"(new)"`` in a dry run."""
    if isinstance(observation, Observation):
        if observation.id is not None:
            return str(observation.id)
        if observation.uuid is not None:
            return observation.uuid
        if dry_run:
            return "(new)"
        raise InvalidParameterError(
            "this Observation has no id or uuid: create it first (nothing was sent)"
        )
    if isinstance(observation, bool) or not isinstance(observation, (int, str)):
        raise InvalidParameterError(
            f"an observation must be a model, an id or a UUID, not {observation!r}"
        )
    text = str(observation).strip()
    if not text or (isinstance(observation, int) and observation <= 0):
        raise InvalidParameterError(f"not an observation id: {observation!r}")
    return text


def upload_files(
    controller: BaseController,
    method_name: str,
    model: type[M],
    kind: MediaKind,
    sources: UploadSource | Iterable[UploadSource] | None,
    *,
    fields: dict[str, str] | None = None,
    rehearsal: Callable[[UploadFile], M],
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    dry_run: bool | None,
) -> UploadResults[M]:
    """Upload each file to ``method_name``'s endpoint as the ``file`` part, with ``fields``;
    the server's record of each (in dry-run: ``rehearsal(file)``)."""

    def send(upload: UploadFile) -> tuple[M, bool]:
        response = send_upload(controller, method_name, upload, fields=fields, dry_run=dry_run)
        if response.dry_run:
            return rehearsal(upload), True
        record = parse_record(model, response)
        return (record if record is not None else rehearsal(upload)), False

    return upload_each(as_sources(sources), kind, send, max_bytes=max_bytes)


def is_dry_run(controller: BaseController, dry_run: bool | None) -> bool:
    """Whether a write from ``controller`` with this per-call setting would be rehearsed."""
    return controller._client._call_options(dry_run).dry_run in ("all", "writes")
