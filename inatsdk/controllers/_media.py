"""What the photo and sound controllers share: multipart uploads, one request per file, with
per-file results (see :mod:`inatsdk.uploads` for the files they take).

This is where an upload is sent: :func:`send_upload` hands one loaded file to the requester as
a multipart form (the requester fills the path, applies the operation's auth rule and the
call's dry-run), and :func:`upload_files` sends each file of a list in turn, collecting what
became of each (:func:`inatsdk.uploads.upload_each`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from inatsdk.controllers._writes import parse_record
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation
from inatsdk.requester import key_of
from inatsdk.uploads import (
    DEFAULT_MAX_BYTES,
    MediaKind,
    UploadFile,
    UploadResults,
    UploadSource,
    as_sources,
    upload_each,
)

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel
    from inatsdk.requester import PathValue, Requester
    from inatsdk.session import ApiResponse

__all__ = ["observation_key", "send_upload", "upload_files"]

M = TypeVar("M", bound="BaseModel")

logger = logging.getLogger("inatsdk")


def observation_key(
    observation: Observation | int | str, *, dry_run: bool, where: str = "an upload"
) -> int | str:
    """How an upload names its observation: the id, else the UUID (the API takes either).
    A draft with neither (a dry-run create) is named ``"(new)"`` in a dry run. Anything but a
    positive id (also as digits) or a UUID raises
    :class:`~inatsdk.errors.InvalidParameterError` (nothing is sent)."""
    if isinstance(observation, Observation):
        if observation.id is not None:
            return key_of(observation.id, argument="observation", where=where)
        if observation.uuid is not None:
            return key_of(observation.uuid, argument="observation", where=where)
        if dry_run:
            return "(new)"
        raise InvalidParameterError(
            "this Observation has no id or uuid: create it first (nothing was sent)"
        )
    return key_of(observation, argument="observation", where=where)


def send_upload(
    requester: Requester,
    op: Operation[BaseModel],
    upload: UploadFile,
    *,
    file_field: str = "file",
    fields: Mapping[str, str] | None = None,
    path: Mapping[str, PathValue] | None = None,
    dry_run: bool | None = None,
) -> ApiResponse:
    """Send ``upload`` as the ``file_field`` part of a multipart request to ``op`` (its path
    filled from ``path``), with the form ``fields`` beside it.

    The transport logs a dry-run request (form fields, never the file's bytes); this adds a
    line naming the file, its type and size.
    """
    if requester.answers_locally(op, dry_run):
        logger.info(
            "DRY RUN: %s %s would upload %s %r (%s, %s bytes) as %r",
            op.method,
            requester.url(op, path),
            upload.kind,
            upload.filename,
            upload.content_type,
            f"{upload.size:,}",
            file_field,
        )
    form = dict(fields or {})
    if op.version == "v2":
        from inatsdk.params.v2 import BODY_TAKES_FIELDS

        if (op.method, op.path) in BODY_TAKES_FIELDS:
            # Without a selection v2 answers with the id alone; the caller wants the record
            # (its uuid above all, which v2's later writes address it by).
            form.setdefault("fields", "all")
    return requester.send(
        op,
        None,
        path=path,
        data=form,
        files={file_field: (upload.filename, upload.data, upload.content_type)},
        dry_run=dry_run,
    )


def upload_files(
    requester: Requester,
    op: Operation[BaseModel],
    model: type[M],
    kind: MediaKind,
    sources: UploadSource | Iterable[UploadSource] | None,
    *,
    fields: Mapping[str, str] | None = None,
    rehearsal: Callable[[UploadFile], M],
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    dry_run: bool | None,
) -> UploadResults[M]:
    """Upload each file to ``op`` as the ``file`` part, with ``fields``; the server's record of
    each (in dry-run: ``rehearsal(file)``)."""

    def send(upload: UploadFile) -> tuple[M, bool]:
        response = send_upload(requester, op, upload, fields=fields, dry_run=dry_run)
        if response.dry_run:
            return rehearsal(upload), True
        record = parse_record(model, response)
        return (record if record is not None else rehearsal(upload)), False

    return upload_each(as_sources(sources), kind, send, max_bytes=max_bytes)
