"""What every write shares: request bodies from models, dry-run, typed results.

Writes are data-mapper style, as in an ORM session: a controller method takes a model and returns
the server's version of it as a new model; the model passed in is never changed.

The pattern, for a resource ``things`` whose API takes ``{"thing": {...}}`` bodies:

1. Describe the resource once, at module level, with a :class:`WriteSpec`: the model class, the
   body's root key, and one :class:`Field` per attribute a user may send (``create=False`` or
   ``update=False`` where the API takes it on one side only; ``key`` when the body names it
   differently; ``encode`` when the value needs turning into JSON; ``spread=True`` when one
   attribute becomes several keys). Everything else is read-only: it is never sent, and saving a
   loaded model in which it changed raises :class:`~inatsdk.errors.InvalidParameterError`
   before anything is sent (nothing is dropped silently).
2. Add a row per operation to :mod:`inatsdk.endpoints` (``_write("PUT", "/things/{id}",
   "ThingsController.save", Thing)``).
3. Write thin methods that call the helpers here with that row; each docstring names its
   endpoint ("Calls ``PUT /v1/things/{id}``"), as for reads::

       THING = WriteSpec(
           model=Thing,
           root="thing",
           fields=(Field("parent_id", update=False), Field("body")),
           required=("parent_id", "body"),
       )

       class ThingsController(BaseController):
           resource = "things"

           def create(self, thing: Thing, *, dry_run: bool | None = None) -> Thing:
               \"\"\"Create a thing. Calls ``POST /v1/things``.\"\"\"
               return create_record(self._requester, THING_CREATE, THING, thing, dry_run=dry_run)

           def save(self, thing: Thing, *, dry_run: bool | None = None) -> Thing:
               \"\"\"Save a thing. Calls ``PUT /v1/things/{id}`` (``POST`` when it is new).\"\"\"
               if thing.is_new:
                   return self.create(thing, dry_run=dry_run)
               return update_record(self._requester, THING_UPDATE, THING, thing, dry_run=dry_run)

           def delete(self, thing: Thing | int, *, dry_run: bool | None = None) -> None:
               \"\"\"Delete a thing. Calls ``DELETE /v1/things/{id}``.\"\"\"
               delete_record(self._requester, THING_DELETE, record_id(thing, "thing"), dry_run=dry_run)

4. Serve the routes in the emulator (``inatsdk/testing/routes/v1_writes_<name>.py``): each
   handler calls ``ctx.require_user()`` first (401 without a valid JWT), answers 404 for an
   unknown record and 403 when the signed-in user is not its author, and keeps what it wrote
   where the reads of that resource look, so a test can create, read back, and check with
   ``emulator.requests`` that a save sent only the changed keys (see
   :mod:`inatsdk.testing.writes_social` for identifications, comments, annotations, flags).

What the helpers guarantee:

* **Only changes are sent.** :func:`update_body` sends the attributes
  :meth:`~inatsdk.models.base.BaseModel.changes` reports; for a model with no loaded state
  (built by hand with an id, or nested in another record) it sends every updatable attribute
  that is set. When nothing changed, :func:`update_record` sends nothing and returns the model.
* **Dry-run** (client, per call, or ``DRY_RUN_ENABLED`` / ``DRY_RUN_WRITE_ONLY``): nothing
  reaches the server; the transport logs the request (credentials redacted) and the helper
  returns a typed model built from what would have been sent (a create: from the body; an
  update: the model as it would be after saving).
* **Never sent twice.** Writes go through the transport, which retries a ``POST``, ``PUT`` or
  ``DELETE`` only when it provably never reached the server; a connection lost after sending
  raises :class:`~inatsdk.errors.TransportError` and is not repeated.
* **Credentials first.** Every write needs a login; without credentials
  :class:`~inatsdk.errors.AuthenticationError` is raised before anything is sent.
* **Typed results.** The server's answer (a bare record or a ``{"results": [...]}`` envelope)
  becomes a model of the spec's class, with its loaded state taken, so it can be changed and
  saved again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from inatsdk.envelope import json_list, json_object, parse_records
from inatsdk.errors import InvalidParameterError
from inatsdk.models.base import BaseModel
from inatsdk.requester import fill_path

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.requester import PathValue, Requester
    from inatsdk.session import ApiResponse

__all__ = [
    "Field",
    "WriteSpec",
    "checked_record_id",
    "create_body",
    "create_record",
    "delete_record",
    "parse_record",
    "record_id",
    "send_write",
    "update_body",
    "update_record",
]

M = TypeVar("M", bound=BaseModel)

logger = logging.getLogger("inatsdk")


@attrs.frozen
class Field:
    """One attribute a write may send.

    Attributes:
        attr: the model attribute.
        key: the body key (default: the attribute's name).
        encode: turns the attribute's value into the body value (default: as is); with
            ``spread``, into a mapping of several body keys.
        spread: ``encode`` returns several keys to merge into the body.
        cleared: with ``spread``, the body keys sent as ``null`` when the attribute is cleared
            (without them, clearing it would send nothing).
        create: sent when creating.
        update: sent when saving changes.
    """

    attr: str
    key: str | None = None
    encode: Callable[[Any], Any] | None = None
    spread: bool = False
    cleared: tuple[str, ...] = ()
    create: bool = True
    update: bool = True

    def body_items(self, value: Any) -> dict[str, Any]:
        """The body keys this field contributes for ``value`` (``None`` stays ``None``)."""
        if value is not None and self.encode is not None:
            value = self.encode(value)
        if self.spread:
            if value is None:
                return dict.fromkeys(self.cleared, None)
            spread = json_object(value)
            if spread is None:
                raise TypeError(f"Field({self.attr!r}, spread=True) must encode to a mapping")
            return dict(spread)
        return {self.key or self.attr: value}


@attrs.frozen
class WriteSpec(Generic[M]):
    """How one resource's models become request bodies, and answers become models.

    Attributes:
        model: the model class of the resource.
        root: the key the API wraps the record in (``"comment"`` for
            ``{"comment": {...}}``); ``None`` for a body that is the record itself.
        fields: the attributes a user may send (see :class:`Field`); when two fields give the
            same body key, the first one set wins (``taxon_id``, else ``taxon.id``).
        required: body keys a create must have; missing ones raise before sending.
        finish: the last touch on a body before it is sent, ``finish(body, model, creating)``
            (for keys outside the root, or values that depend on each other).
        from_body: the dry-run result of a create, from the body that would have been sent
            (default: the model built from the record under ``root``).
    """

    model: type[M]
    root: str | None
    fields: tuple[Field, ...]
    required: tuple[str, ...] = ()
    finish: Callable[[dict[str, Any], M, bool], dict[str, Any]] | None = None
    from_body: Callable[[Mapping[str, Any]], M] | None = None

    @property
    def label(self) -> str:
        """The record's name in messages (``"Comment"``)."""
        return self.model.__name__

    def record(self, body: Mapping[str, Any]) -> Mapping[str, Any]:
        """The record part of a body (under ``root``)."""
        if self.root is None:
            return body
        inner = json_object(body.get(self.root))
        return {} if inner is None else inner


# --- bodies ----------------------------------------------------------------------------------


def _wrap(spec: WriteSpec[M], record: dict[str, Any]) -> dict[str, Any]:
    return record if spec.root is None else {spec.root: record}


def create_body(spec: WriteSpec[M], model: M) -> dict[str, Any]:
    """The body that creates ``model``: every creatable attribute that is set.

    Raises :class:`~inatsdk.errors.InvalidParameterError` when a required key is missing.
    """
    record: dict[str, Any] = {}
    for field in spec.fields:
        if not field.create:
            continue
        value = getattr(model, field.attr)
        if value is None:
            continue
        for key, item in field.body_items(value).items():
            if item is not None:
                record.setdefault(key, item)
    missing = [key for key in spec.required if record.get(key) in (None, "")]
    if missing:
        raise InvalidParameterError(
            f"creating a {spec.label} needs {', '.join(missing)} (nothing was sent)"
        )
    body = _wrap(spec, record)
    return spec.finish(body, model, True) if spec.finish is not None else body


def update_body(spec: WriteSpec[M], model: M) -> dict[str, Any] | None:
    """The body that saves ``model``'s changes, or ``None`` when nothing changed.

    For a loaded model, the attributes :meth:`~inatsdk.models.base.BaseModel.changes` reports
    (a cleared one is sent as ``null``); a change the API cannot save raises
    :class:`~inatsdk.errors.InvalidParameterError`. For a model with no loaded state, every
    updatable attribute that is set.
    """
    changed = model.changes()
    updatable = [f for f in spec.fields if f.update]
    if model.is_loaded:
        sendable = {f.attr for f in updatable}
        refused = [name for name in changed if name not in sendable and name not in ("id", "uuid")]
        if refused:
            create_only = {f.attr for f in spec.fields if f.create and not f.update}
            reasons = [
                f"{name} (only set when creating)" if name in create_only else f"{name} (read-only)"
                for name in refused
            ]
            allowed = ", ".join(sorted(sendable)) or "nothing"
            raise InvalidParameterError(
                f"cannot save these changes to {spec.label} {_identity(model)}: "
                f"{'; '.join(reasons)}. Attributes that can be saved: {allowed}. "
                "Undo them with forget_changes() or set them back (nothing was sent)"
            )
    record: dict[str, Any] = {}
    for field in updatable:
        if field.attr not in changed:
            continue
        for key, item in field.body_items(changed[field.attr]).items():
            record.setdefault(key, item)
    if not record:
        return None
    body = _wrap(spec, record)
    return spec.finish(body, model, False) if spec.finish is not None else body


def _identity(model: BaseModel) -> str:
    ident = getattr(model, "id", None)
    if ident is None:
        ident = getattr(model, "uuid", None)
    return "(new)" if ident is None else str(ident)


def record_id(target: BaseModel | int | str, label: str, *, uuid: bool = False) -> int | str:
    """What names ``target`` in a path: a model's ``id`` (or, with ``uuid``, its ``uuid``
    first), or an id (or UUID) given as is. Raises :class:`~inatsdk.errors.InvalidParameterError`
    for a model that is not on the server yet; the value itself is checked where the path is
    filled (:func:`inatsdk.requester.fill_path`)."""
    if isinstance(target, BaseModel):
        value = getattr(target, "uuid", None) if uuid else None
        if value is None:
            value = getattr(target, "id", None)
        if value is None:
            wanted = "id or uuid" if uuid else "id"
            raise InvalidParameterError(
                f"this {type(target).__name__} has no {wanted}: it is not on the server yet "
                "(nothing was sent)"
            )
        if isinstance(value, (int, str)):
            return value
    elif isinstance(target, (int, str)) and not isinstance(target, bool):  # pyright: ignore[reportUnnecessaryIsInstance]  # callers pass anything
        return target
    wanted = "an integer or a UUID" if uuid else "an integer"
    raise InvalidParameterError(f"a {label} id must be {wanted}, not {target!r} (nothing was sent)")


def checked_record_id(op: Operation[BaseModel], spec: WriteSpec[M], model: M) -> int | str:
    """The id that names ``model`` in ``op``'s path, checked even when nothing will be sent
    (a save with no changes): a bad id is always refused."""
    path_id = record_id(model, spec.label.lower())
    fill_path(op, {"id": path_id}, arguments={"id": spec.label.lower()})
    return path_id


# --- sending ---------------------------------------------------------------------------------


def send_write(
    requester: Requester,
    op: Operation[BaseModel],
    body: Mapping[str, Any] | None,
    *,
    path: Mapping[str, PathValue] | None = None,
    dry_run: bool | None = None,
    argument: str = "id",
) -> ApiResponse:
    """Send the write ``op`` with a JSON body (or none), its path filled from ``path``
    (``argument`` names the caller's argument in errors). Dry-run answers locally
    (``response.dry_run``)."""
    arguments = dict.fromkeys(path or {}, argument) if argument != "id" else None
    return requester.send(op, body, path=path, dry_run=dry_run, arguments=arguments)


def parse_record(model: type[M], response: ApiResponse) -> M | None:
    """The record in a write's answer (bare, or the first of ``results``), as a model; ``None``
    for a dry-run or an answer with no record."""
    if response.dry_run:
        return None
    data: object = response.json
    fields = json_object(data)
    if fields is not None and json_list(fields.get("results")) is not None:
        data = fields.get("results")
    items = json_list(data)
    if items is not None:
        data = items[0] if items else None
    record = json_object(data)
    if not record:
        return None
    return parse_records(model.from_json, [record], method="POST", url=response.url)[0]


def create_record(
    requester: Requester,
    op: Operation[BaseModel],
    spec: WriteSpec[M],
    model: M,
    *,
    dry_run: bool | None = None,
    body: Mapping[str, Any] | None = None,
) -> M:
    """Create ``model`` with the ``POST`` ``op`` (or send ``body`` instead); the server's
    version (in dry-run: the model built from the body that would have been sent)."""
    if body is None:
        body = create_body(spec, model)
    response = send_write(requester, op, body, dry_run=dry_run)
    created = parse_record(spec.model, response)
    if created is not None:
        return created
    if spec.from_body is not None:
        return spec.from_body(body)
    return spec.model.from_json(spec.record(body))


def update_record(
    requester: Requester,
    op: Operation[BaseModel],
    spec: WriteSpec[M],
    model: M,
    *,
    dry_run: bool | None = None,
    body: Mapping[str, Any] | None = None,
) -> M:
    """Save ``model``'s changes with the ``PUT`` ``op`` (or send ``body`` instead); the
    server's version (in dry-run, or when it answers no record: the model as it would be after
    the update). Sends nothing and returns ``model`` when nothing changed."""
    path_id = checked_record_id(op, spec, model)
    if body is None:
        body = update_body(spec, model)
        if body is None:
            logger.debug("%s %s: nothing changed, nothing sent", spec.label, path_id)
            return model
    response = send_write(
        requester, op, body, path={"id": path_id}, dry_run=dry_run, argument=spec.label.lower()
    )
    saved = parse_record(spec.model, response)
    if saved is not None:
        return saved
    expected = model.to_json()
    known = _json_keys(spec.model)
    expected.update((k, v) for k, v in spec.record(body).items() if k in known)
    return spec.model.from_json(expected)


def _json_keys(model: type[BaseModel]) -> frozenset[str]:
    """The JSON keys a model class reads into attributes."""
    return frozenset(
        a.metadata.get("json_key", a.name) for a in attrs.fields(model) if a.name != "_extra"
    )


def delete_record(
    requester: Requester,
    op: Operation[BaseModel],
    path_id: int | str,
    *,
    dry_run: bool | None = None,
    argument: str = "id",
) -> None:
    """Send the ``DELETE`` ``op`` for ``path_id`` (no body)."""
    send_write(requester, op, None, path={"id": path_id}, dry_run=dry_run, argument=argument)
