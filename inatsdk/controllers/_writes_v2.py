"""What v2 writes share: the v1 write helpers' bodies, dry-run and change tracking, sent to v2.

v2 writes take the same ``{"<root>": {...}}`` bodies as v1 (see :mod:`._writes`), checked here
against the v2 spec's body schema (:func:`inatsdk.requester.check_body_v2`) before sending, and
name records by UUID where the v2 path does (``/observations/{uuid}``). Where the body takes a
``fields`` selection, every field is asked for, so the answer is the whole record (v2 answers
a write with the record's UUID alone otherwise). Dry-run, retries (a write is never sent twice)
and credentials are the transport's, as for v1.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from inatsdk.controllers._writes import WriteSpec, create_body, parse_record, update_body
from inatsdk.endpoints import OBSERVATIONS_SEARCH_V2
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.models.base import BaseModel
from inatsdk.requester import fill_path, is_uuid, key_of

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.requester import PathValue, Requester
    from inatsdk.session import ApiResponse

__all__ = ["act_v2", "create_v2", "delete_v2", "observation_uuid", "update_v2", "uuid_of"]

M = TypeVar("M", bound=BaseModel)

logger = logging.getLogger("inatsdk")


def uuid_of(target: object, label: str) -> str:
    """The UUID that names ``target`` (a model with a ``uuid``, or a UUID string) in a v2 path;
    anything else raises :class:`~inatsdk.errors.InvalidParameterError` before sending."""
    value = getattr(target, "uuid", None) if isinstance(target, BaseModel) else target
    if isinstance(value, str) and is_uuid(value):
        return value.strip().lower()
    if isinstance(target, BaseModel):
        raise InvalidParameterError(
            f"this {type(target).__name__} has no uuid: v2 names a {label} by UUID "
            "(nothing was sent)"
        )
    raise InvalidParameterError(
        f"{label} must be a UUID (or a model with one) on v2, not {target!r} (nothing was sent)"
    )


def observation_uuid(
    requester: Requester, target: object, *, dry_run: bool | None, where: str
) -> str | None:
    """The UUID v2 names an observation by, for a client on ``api_version="v2"``: a model's
    ``uuid``, a UUID as given or, for an integer id (or a model with only an id), the answer to
    one small v2 read (``GET /v2/observations?id=N&fields=uuid``, cached like any read).

    ``None`` when it cannot be known without sending (reads are rehearsed too) or nothing names
    an observation: the caller then keeps to v1, which checks what is missing. An id that names
    no observation raises :class:`~inatsdk.errors.NotFoundError`; anything else that is not an
    id or a UUID raises :class:`~inatsdk.errors.InvalidParameterError` (nothing was sent).
    """
    if target is None:
        return None
    if isinstance(target, BaseModel):
        value = getattr(target, "uuid", None)
        if isinstance(value, str) and is_uuid(value):
            return value.strip().lower()
        target = getattr(target, "id", None)
        if target is None:
            return None
    key = key_of(target, argument="observation", where=where)
    if isinstance(key, str):
        return key
    if requester.answers_locally(OBSERVATIONS_SEARCH_V2, dry_run):
        return None
    found = requester.records_v2(
        OBSERVATIONS_SEARCH_V2, {"id": key}, fields=("uuid",), dry_run=dry_run, where=where
    )
    uuid = found[0].uuid if found else None
    if uuid is None:
        raise NotFoundError(
            f"{where}: observation {key} does not exist (nothing was written)",
            status=404,
            method="GET",
            url=requester.url(OBSERVATIONS_SEARCH_V2),
        )
    return uuid


def _send(
    requester: Requester,
    op: Operation[BaseModel],
    body: Mapping[str, Any] | None,
    *,
    path: Mapping[str, PathValue] | None,
    params: Mapping[str, object] | None = None,
    dry_run: bool | None,
    argument: str,
) -> ApiResponse:
    arguments = dict.fromkeys(path or {}, argument)
    return requester.call_v2(
        op, params, path=path, body=body, dry_run=dry_run, arguments=arguments or None
    )


def create_v2(
    requester: Requester,
    op: Operation[BaseModel],
    spec: WriteSpec[M],
    model: M,
    *,
    dry_run: bool | None = None,
    body: Mapping[str, Any] | None = None,
) -> M:
    """Create ``model`` with the v2 ``POST`` ``op`` (or send ``body``); the server's version
    (in dry-run: the model built from the body that would have been sent)."""
    if body is None:
        body = create_body(spec, model)
    response = _send(requester, op, body, path=None, dry_run=dry_run, argument="body")
    created = parse_record(spec.model, response)
    if created is not None:
        return created
    if spec.from_body is not None:
        return spec.from_body(body)
    return spec.model.from_json(spec.record(body))


def update_v2(
    requester: Requester,
    op: Operation[BaseModel],
    spec: WriteSpec[M],
    model: M,
    key: int | str,
    *,
    placeholder: str = "uuid",
    dry_run: bool | None = None,
    body: Mapping[str, Any] | None = None,
) -> M:
    """Save ``model``'s changes with the v2 ``PUT`` ``op`` at ``{placeholder}`` = ``key``
    (only the attributes changed since it was loaded); sends nothing and returns ``model``
    when nothing changed (the key is checked all the same)."""
    argument = spec.label.lower()
    fill_path(op, {placeholder: key}, arguments={placeholder: argument})
    if body is None:
        body = update_body(spec, model)
        if body is None:
            logger.debug("%s %s: nothing changed, nothing sent", spec.label, key)
            return model
    response = _send(
        requester, op, body, path={placeholder: key}, dry_run=dry_run, argument=argument
    )
    saved = parse_record(spec.model, response)
    known = {a.metadata.get("json_key", a.name) for a in attrs.fields(spec.model)}
    sent = {k: v for k, v in spec.record(body).items() if k in known}
    if saved is not None and set(answer := saved.to_json()) - {"id", "uuid"}:
        # the server's record; where its schema is silent on what was saved, what was sent
        missing = {k: v for k, v in sent.items() if k not in answer}
        return spec.model.from_json({**missing, **answer}) if missing else saved
    expected = model.to_json()
    expected.update(sent)
    return spec.model.from_json(expected)


def delete_v2(
    requester: Requester,
    op: Operation[BaseModel],
    key: int | str,
    *,
    placeholder: str = "uuid",
    argument: str = "uuid",
    dry_run: bool | None = None,
) -> None:
    """Send the v2 ``DELETE`` ``op`` for ``key`` (no body)."""
    _send(requester, op, None, path={placeholder: key}, dry_run=dry_run, argument=argument)


def act_v2(
    requester: Requester,
    op: Operation[BaseModel],
    path: Mapping[str, PathValue] | None = None,
    *,
    params: Mapping[str, object] | None = None,
    body: Mapping[str, Any] | None = None,
    argument: str = "uuid",
    dry_run: bool | None = None,
) -> ApiResponse:
    """Send a v2 action with no record to build (a vote, a fave, a dismissal...)."""
    return _send(requester, op, body, path=path, params=params, dry_run=dry_run, argument=argument)
