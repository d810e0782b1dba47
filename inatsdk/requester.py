"""The requester: the one narrow seam between controllers and the transport.

The client builds one :class:`Requester` and hands it to its controllers. A controller method
names its operation (a row of :mod:`inatsdk.endpoints`) and passes what the caller gave; the
requester does the rest, the same way for every operation:

* checks the parameters against the operation (names and values, before anything is sent);
* fills the path's placeholders through :func:`fill_path`, the only place a path is built, so no
  value can change the path or the query beyond its own segment;
* sends through the transport with the operation's auth rule and cache lifetime, and the
  per-call options (dry-run, user agent, timeout, cache) merged over the client's;
* reads the answer's envelope (:func:`records_of`) and builds models, raising
  :class:`~inatsdk.errors.UnexpectedResponseError` for an answer that is not the documented
  shape;
* routes to an operation's v2 twin (``api_version="v2"``, a ``fields`` selection, a UUID), as a
  GET with ``fields=<RISON>`` or, when that URL would be too long, a POST with
  ``X-HTTP-Method-Override: GET`` and a JSON body.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload
from urllib.parse import quote

import attrs

from inatsdk.endpoints import Operation, PathKind
from inatsdk.envelope import object_of, parse_records, records_of
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.models.base import BaseModel
from inatsdk.paginator import Paginator, V2Twin
from inatsdk.params.encode import check_params, encode_params

if TYPE_CHECKING:
    from inatsdk.fields import Fields, FieldsLike
    from inatsdk.session import ApiRequest, ApiResponse, ApiStream, CallOptions, Transport
    from inatsdk.settings import ApiVersion, DryRunMode, Settings

__all__ = ["PathValue", "Requester", "fill_path", "is_uuid", "key_of", "keys_of"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound=Paginator[Any])

PathValue = int | str | Sequence[int | str]

ExtraCheck = Callable[[Mapping[str, object]], "Mapping[str, object] | None"]
"""A method's own rule for its parameters: raises for what it refuses, and may return the
parameters to check against the spec in place of the given ones (None: the same)."""
"""What fills one path placeholder: an id, a UUID, a name, or (for batch lookups) several."""

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.]{0,199}\Z")
_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
_DIGITS = re.compile(r"[0-9]{1,18}\Z")
_TILE_COORDS = frozenset({"zoom", "x", "y"})

#: Parameters the server reads on every search although the spec leaves them out of some.
_UNDECLARED_PAGING = ("page",)


def is_uuid(value: object) -> bool:
    """Whether ``value`` is a UUID string (``"6444ede0-9831-47bd-8c3b-ee32e08cbfe4"``)."""
    return isinstance(value, str) and _UUID.match(value.strip()) is not None


# --- paths -------------------------------------------------------------------------------------


def _kind(op: Operation[BaseModel], name: str) -> PathKind:
    """What placeholder ``name`` of ``op`` accepts: the row says, else the spec, else the name."""
    declared_here = op.path_kind(name)
    if declared_here is not None:
        return declared_here
    if name in _TILE_COORDS:
        return "index"
    if op.documented:
        declared = op.spec.param(name)
        if declared is not None:
            if declared.enum:
                return "choice"
            if declared.format == "uuid":
                return "uuid"
    return "uuid" if name == "uuid" else "id"


def _refuse(argument: str, value: object, wanted: str, where: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{where}: {argument} must be {wanted}, not {value!r} (nothing was sent)"
    )


def _segment(
    op: Operation[BaseModel], name: str, value: object, *, argument: str, where: str
) -> str:
    """One placeholder's value, checked against what it accepts and percent-encoded."""
    kind = _kind(op, name)
    if kind == "choice":
        allowed = op.choices(name)
        if not isinstance(value, str) or value not in allowed:
            raise _refuse(argument, value, "one of " + ", ".join(map(repr, allowed)), where)
        return quote(value, safe="")
    if isinstance(value, bool):
        raise _refuse(argument, value, _WANTED[kind], where)
    if isinstance(value, int):
        if value >= 10**18:
            raise _refuse(argument, value, _WANTED[kind], where)
        numeric = kind in ("id", "index", "id_or_uuid", "key")
        if numeric and (value > 0 or (value == 0 and kind == "index")):
            return str(value)
        raise _refuse(argument, value, _WANTED[kind], where)
    if not isinstance(value, str):
        raise _refuse(argument, value, _WANTED[kind], where)
    text = value.strip()
    if _DIGITS.match(text) and kind in ("id", "index", "id_or_uuid", "key"):
        number = int(text)
        if number > 0 or (number == 0 and kind == "index"):
            return str(number)
        raise _refuse(argument, value, _WANTED[kind], where)
    if kind in ("uuid", "id_or_uuid", "key") and _UUID.match(text):
        return text.lower()
    if kind == "key" and _NAME.match(text) and text.strip(".") and not text.isdigit():
        return quote(text, safe="")
    raise _refuse(argument, value, _WANTED[kind], where)


_WANTED: dict[PathKind, str] = {
    "id": "a positive integer id",
    "index": "a non-negative integer",
    "uuid": "a UUID such as '6444ede0-9831-47bd-8c3b-ee32e08cbfe4'",
    "id_or_uuid": "a positive integer id or a UUID",
    "key": "a positive integer id, a UUID, or a name (a login or slug: a letter or digit, then letters, digits, '-', '_' or '.')",
    "choice": "one of the listed values",
}


def fill_path(
    op: Operation[BaseModel],
    values: Mapping[str, PathValue] | None = None,
    *,
    where: str = "",
    arguments: Mapping[str, str] | None = None,
) -> str:
    """``op.path`` with each placeholder filled: the only place inatsdk builds a path.

    Each value is checked against what its placeholder accepts (see
    :data:`~inatsdk.endpoints.PathKind`): ids must be positive integers (also as strings),
    UUIDs must be UUIDs, names may hold only letters, digits, ``-``, ``_`` and ``.`` (and not
    only dots), and everything is percent-encoded; ``/``, ``?``, ``#``, ``%`` and ``..`` are
    refused. A sequence fills a batch placeholder (``/taxa/{id}`` with ``[1, 2]`` gives
    ``/taxa/1,2``); a string is never taken as a sequence. Anything refused raises
    :class:`~inatsdk.errors.InvalidParameterError` naming the argument (``arguments`` maps a
    placeholder to the caller's name for it), and nothing is sent.
    """
    where = where or str(op)
    given = dict(values or {})
    names = _PLACEHOLDER.findall(op.path)
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise InvalidParameterError(f"{where}: {op} has no path placeholder {unknown[0]!r}")
    path = op.path
    for name in names:
        argument = (arguments or {}).get(name) or name
        value: object = given.get(name)
        if value is None:
            raise InvalidParameterError(f"{where} needs {argument} (nothing was sent)")
        if isinstance(value, (str, int)):
            filled = _segment(op, name, value, argument=argument, where=where)
        elif isinstance(value, (list, tuple)):
            items = cast("Sequence[object]", value)
            if not items:
                raise InvalidParameterError(f"{where}: {argument} is empty (nothing was sent)")
            filled = ",".join(
                _segment(op, name, item, argument=argument, where=where) for item in items
            )
        else:
            raise _refuse(argument, value, _WANTED[_kind(op, name)], where)
        path = path.replace("{" + name + "}", filled, 1)
    # Belt and braces: whatever the checks above let through, the path keeps its shape.
    if path.count("/") != op.path.count("/") or "?" in path or "#" in path:
        raise InvalidParameterError(f"{where}: {path!r} would change the path (nothing was sent)")
    if any(part in (".", "..") for part in path.split("/")):
        raise InvalidParameterError(f"{where}: {path!r} would change the path (nothing was sent)")
    return path


def key_of(value: object, *, argument: str, where: str, uuids: bool = True) -> int | str:
    """An id (positive integer, also given as digits) or, with ``uuids``, a UUID (lower case),
    as batch lookups collect them; anything else raises
    :class:`~inatsdk.errors.InvalidParameterError`."""
    if isinstance(value, str):
        text = value.strip()
        if uuids and _UUID.match(text):
            return text.lower()
        if _DIGITS.match(text) and int(text) > 0:
            return int(text)
    elif isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**18:
        return value
    wanted = "a positive integer id or a UUID" if uuids else "a positive integer id"
    raise _refuse(argument, value, wanted, where)


def keys_of(values: object, *, argument: str, where: str, uuids: bool = True) -> list[int | str]:
    """The distinct ids (or UUIDs) of a batch lookup, in order. A string, ``None`` or anything
    that is not a collection is refused (``"123"`` would otherwise be ids 1, 2 and 3)."""
    if isinstance(values, (str, bytes, bytearray)) or not isinstance(values, Iterable):
        raise InvalidParameterError(
            f"{where}: {argument} must be a list of ids, not {values!r} "
            f"(for one record, call get(); nothing was sent)"
        )
    items: Iterable[object] = values  # pyright: ignore[reportUnknownVariableType]
    found = [key_of(v, argument=argument, where=where, uuids=uuids) for v in items]
    return list(dict.fromkeys(found))


# --- the requester -----------------------------------------------------------------------------


def _caller(op: Operation[BaseModel], method: str | None = None) -> str:
    """``client.taxa.search()`` for ``TaxaController.search``, for messages."""
    owner, name = op.qualname.split(".")
    resource = (
        _RESOURCE_NAMES.get(owner)
        or re.sub(r"(?<!^)(?=[A-Z])", "_", owner.removesuffix("Controller")).lower()
    )
    return f"client.{resource}.{method or name}()"


_RESOURCE_NAMES = {"ComputerVisionController": "computervision"}


@attrs.frozen
class Requester:
    """What controllers use to call the API: one per client (and per ``with_options`` view).

    Every method takes the operation it calls and ``dry_run`` (None: the client's setting;
    True/False: this call only). See the module docstring for what each call does.
    """

    transport: Transport
    settings: Settings
    options: CallOptions

    # --- options -------------------------------------------------------------------------------

    def evolve(
        self, *, options: CallOptions | None = None, api_version: ApiVersion | None = None
    ) -> Requester:
        """A requester sharing this one's transport, with other call options or API version."""
        settings = self.settings
        if api_version is not None:
            settings = attrs.evolve(settings, api_version=api_version)
        return Requester(self.transport, settings, options or self.options)

    def without_cache(self) -> Requester:
        """This requester, reading past the HTTP cache (for private, changing data)."""
        return self.evolve(options=attrs.evolve(self.options, use_cache=False))

    def call_options(self, dry_run: bool | None) -> CallOptions:
        """The options of one call: the client's, with ``dry_run`` when given."""
        if dry_run is None:
            return self.options
        return attrs.evolve(self.options, dry_run="all" if dry_run else "off")

    def answers_locally(self, op: Operation[BaseModel], dry_run: bool | None) -> bool:
        """Whether a call of ``op`` with ``dry_run`` would be answered locally (dry-run)."""
        mode: DryRunMode = self.call_options(dry_run).dry_run
        return mode == "all" or (mode == "writes" and op.is_write)

    @property
    def api_version(self) -> str:
        """``"v1"`` or ``"v2"``: where methods with a v2 twin go by default."""
        return self.settings.api_version

    # --- sending -------------------------------------------------------------------------------

    def url(
        self,
        op: Operation[BaseModel],
        path: Mapping[str, PathValue] | None = None,
        *,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
    ) -> str:
        """The full URL of ``op`` with its placeholders filled (see :func:`fill_path`)."""
        filled = fill_path(op, path, where=where or _caller(op), arguments=arguments)
        return f"{self.settings.api_url}/{op.version}{filled}"

    def check(
        self, op: Operation[BaseModel], params: Mapping[str, object], *, where: str = ""
    ) -> None:
        """Check ``params`` against ``op`` (names and values) before anything is sent."""
        caller = where or _caller(op)
        if op.version == "v2":
            caller += f" on {op}"
        also = _UNDECLARED_PAGING if op.paging != "none" else ()
        check_params(op.version, op.method, op.path, params, also_allowed=also, caller=caller)

    def checker(
        self, op: Operation[BaseModel], where: str = ""
    ) -> Callable[[Mapping[str, object]], None]:
        """:meth:`check` bound to ``op``, for paginators' ``filter``."""
        return functools.partial(self.check, op, where=where)

    def send_request(self, request: ApiRequest, dry_run: bool | None = None) -> ApiResponse:
        """Send a request built by hand (the auth flows' token calls)."""
        return self.transport.send(request, self.call_options(dry_run))

    def open_stream(self, request: ApiRequest, dry_run: bool | None = None) -> ApiStream:
        """Send an anonymous GET built by hand, its body left unread (media file downloads)."""
        return self.transport.open_stream(request, self.call_options(dry_run))

    def get(
        self,
        op: Operation[BaseModel],
        params: Mapping[str, object] | None = None,
        *,
        path: Mapping[str, PathValue] | None = None,
        dry_run: bool | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
        checked: bool = False,
    ) -> ApiResponse:
        """One GET of ``op``: parameters checked (unless ``checked``), path filled, sent."""
        query = dict(params or {})
        if not checked:
            self.check(op, query, where=where)
        filled = fill_path(op, path, where=where or _caller(op), arguments=arguments)
        return self._send_get(op, filled, encode_params(query), dry_run)

    def send(
        self,
        op: Operation[BaseModel],
        body: Mapping[str, object] | None = None,
        *,
        path: Mapping[str, PathValue] | None = None,
        dry_run: bool | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> ApiResponse:
        """One write of ``op``: a JSON ``body`` (or none), or a multipart form (``data`` and
        ``files``). Never cached; without credentials refused before sending."""
        from inatsdk.session import ApiRequest

        request = ApiRequest(
            method=op.method,
            url=self.url(op, path, where=where, arguments=arguments),
            json=body,
            data=data,
            files=files,
            auth=op.auth,
            cacheable=False,
            changes=op.changes,
        )
        return self.transport.send(request, self.call_options(dry_run))

    def read_v2(
        self,
        op: Operation[BaseModel],
        query: Mapping[str, str],
        selection: Fields,
        *,
        path: str,
        dry_run: bool | None = None,
    ) -> ApiResponse:
        """One v2 read with a field selection: a GET with ``fields=<RISON>``, or, when that URL
        would be longer than :data:`~inatsdk.fields.MAX_URL_LENGTH` and the operation declares
        the header, a POST with ``X-HTTP-Method-Override: GET`` and every parameter in a JSON
        body. ``path`` is already filled (by :func:`fill_path`).

        The POST is a read: it is answered locally only in ``dry_run="all"`` mode, retried like
        a GET, and never cached (the HTTP cache stores GETs only).
        """
        from urllib.parse import urlencode

        from inatsdk.fields import MAX_URL_LENGTH
        from inatsdk.session import ApiRequest

        if op.spec.param("fields") is None:  # tiles, taxa/wanted...: nothing to select
            return self._send_get(op, path, query, dry_run)
        params = {**query, "fields": selection.to_rison()}
        url = f"{self.settings.api_url}/v2{path}"
        if len(url) + 1 + len(urlencode(params)) <= MAX_URL_LENGTH or not _takes_override(op):
            return self._send_get(op, path, params, dry_run)
        request = ApiRequest(
            method="POST",
            url=url,
            json={**query, "fields": selection.to_json()},
            headers={"X-HTTP-Method-Override": "GET"},
            auth=op.auth,
            cacheable=False,
        )
        return self.transport.send(request, self.call_options(dry_run))

    # --- v2 operations -------------------------------------------------------------------------

    def call_v2(
        self,
        op: Operation[BaseModel],
        params: Mapping[str, object] | None = None,
        *,
        path: Mapping[str, PathValue] | None = None,
        body: Mapping[str, object] | None = None,
        fields: FieldsLike | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        dry_run: bool | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        """One call of the v2 operation ``op``, checked before anything is sent.

        A GET: ``params`` checked against the spec, the path filled by :func:`fill_path`, and,
        where the operation takes ``fields``, the selection (``fields``, else every field)
        sent as RISON or, for a long URL, as a method-override POST (:meth:`read_v2`). A write:
        the JSON ``body`` checked against the spec's body schema (:func:`check_body_v2`), with
        the selection added where the schema takes ``fields``, so the answer holds the record;
        or a multipart form (``data``/``files``). Dry-run, retries, auth and the cache are the
        transport's, as for v1.
        """
        where = where or _caller(op)
        if op.version != "v2":
            raise TypeError(f"{op} is not a v2 operation")
        takes_fields = op.spec.param("fields") is not None
        if fields is not None and not takes_fields and not _body_takes_fields(op):
            raise InvalidParameterError(f"{where}: {op} takes no fields= selection")
        query = dict(params or {})
        self.check(op, query, where=where)
        filled = fill_path(op, path, where=where, arguments=arguments)
        if op.method == "GET":
            if not takes_fields:
                return self._send_get(op, filled, encode_params(query), dry_run)
            selection = self._selection(fields, op.model, where)
            return self.read_v2(op, encode_params(query), selection, path=filled, dry_run=dry_run)
        from inatsdk.session import ApiRequest

        json_body: dict[str, object] | None = None
        if body is not None:
            check_body_v2(op, body, where=where)
            json_body = dict(body)
            if _body_takes_fields(op) and op.model is not None:
                json_body["fields"] = self._selection(fields, op.model, where).to_json()
        request = ApiRequest(
            method=op.method,
            url=f"{self.settings.api_url}/v2{filled}",
            params=encode_params(query),
            json=json_body,
            data=data,
            files=files,
            auth=op.auth,
            cacheable=False,
            changes=op.changes,
        )
        return self.transport.send(request, self.call_options(dry_run))

    def records_v2(
        self,
        op: Operation[M],
        params: Mapping[str, object] | None = None,
        *,
        path: Mapping[str, PathValue] | None = None,
        body: Mapping[str, object] | None = None,
        fields: FieldsLike | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        dry_run: bool | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
    ) -> list[M]:
        """:meth:`call_v2`, its records as models (none in dry-run)."""
        response = self.call_v2(
            op,
            params,
            path=path,
            body=body,
            fields=fields,
            data=data,
            files=files,
            dry_run=dry_run,
            where=where,
            arguments=arguments,
        )
        if response.dry_run or response.status == 204 or response.json is None:
            return []
        model = _model(op)
        records = records_of(response, method=op.method)
        return parse_records(model.from_json, records, method=op.method, url=response.url)

    def object_v2(
        self,
        op: Operation[M],
        params: Mapping[str, object] | None = None,
        *,
        path: Mapping[str, PathValue] | None = None,
        dry_run: bool | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
    ) -> M:
        """:meth:`call_v2` of a GET answering one object (not a list), as a model; in
        dry-run an empty one."""
        model = _model(op)
        response = self.call_v2(
            op, params, path=path, dry_run=dry_run, where=where, arguments=arguments
        )
        if response.dry_run:
            return model.from_json({})
        found = object_of(response)
        return parse_records(model.from_json, [found], url=response.url)[0]

    # --- v1 or v2 ------------------------------------------------------------------------------

    def _on_v2(
        self,
        op: Operation[BaseModel],
        twin: Operation[BaseModel] | None,
        *,
        fields: object,
        uuid: bool,
        where: str,
    ) -> bool:
        """Whether this call goes to v2: a selection or a UUID needs the twin, and
        ``api_version="v2"`` prefers it."""
        if op.version == "v2":
            return True
        if twin is None:
            if fields is not None:
                raise InvalidParameterError(
                    f"{where} has no v2 twin, so it takes no fields= selection"
                )
            if uuid:
                raise InvalidParameterError(f"{where} looks records up by id, not by UUID")
            return False
        return fields is not None or uuid or self.settings.api_version == "v2"

    def _selection(
        self, fields: FieldsLike | None, model: type[BaseModel] | None, where: str
    ) -> Fields:
        from inatsdk.fields import DEFAULT_FIELDS, coerce_fields

        chosen = DEFAULT_FIELDS if fields is None else coerce_fields(fields)
        return _prepare(chosen, model, where)

    # --- listings ------------------------------------------------------------------------------

    @overload
    def paginate(
        self,
        op: Operation[M],
        params: Mapping[str, object],
        *,
        dry_run: bool | None = ...,
        path: Mapping[str, PathValue] | None = ...,
        fields: FieldsLike | None = ...,
        where: str = ...,
        arguments: Mapping[str, str] | None = ...,
        extra_check: ExtraCheck | None = ...,
    ) -> Paginator[M]: ...

    @overload
    def paginate(
        self,
        op: Operation[M],
        params: Mapping[str, object],
        *,
        kind: Callable[..., P],
        dry_run: bool | None = ...,
        path: Mapping[str, PathValue] | None = ...,
        fields: FieldsLike | None = ...,
        where: str = ...,
        arguments: Mapping[str, str] | None = ...,
        extra_check: ExtraCheck | None = ...,
    ) -> P: ...

    def paginate(
        self,
        op: Operation[M],
        params: Mapping[str, object],
        *,
        kind: Callable[..., Paginator[Any]] = Paginator,
        dry_run: bool | None = None,
        path: Mapping[str, PathValue] | None = None,
        fields: FieldsLike | None = None,
        where: str = "",
        arguments: Mapping[str, str] | None = None,
        extra_check: ExtraCheck | None = None,
    ) -> Paginator[Any]:
        """A lazy paginator over ``op`` (or its v2 twin), of class ``kind`` (a typed subclass
        from :mod:`inatsdk.params.paginators`); ``path`` fills the path's placeholders and
        ``extra_check`` adds a method's own rules to every ``filter()``. Nothing is sent."""
        where = where or _caller(op)
        model = op.model
        if model is None:
            raise TypeError(f"{op} has no model to page over")
        parse = model.from_json
        twin_op = op if op.version == "v2" else op.twin
        twin: V2Twin | None = None
        twin_path = ""
        if twin_op is not None:
            try:
                twin_path = fill_path(
                    twin_op, _for_twin(twin_op, path), where=where, arguments=arguments
                )
            except InvalidParameterError:
                # a value only v1 takes (a project's slug where v2 takes ids): no twin, unless
                # this call must go to v2
                if op.version == "v2" or self._on_v2(
                    op, twin_op, fields=fields, uuid=False, where=where
                ):
                    raise
                twin_op = None
        if twin_op is not None:
            twin = V2Twin(
                endpoint=twin_op,
                check=self._with_extra(self.checker(twin_op, where), extra_check),
                fetcher=self._v2_fetcher(twin_op, twin_path, dry_run),
                prepare=functools.partial(_prepare, model=model, where=f"{where}.fields()"),
                where=where,
            )
        if twin is not None and self._on_v2(op, twin_op, fields=fields, uuid=False, where=where):
            twin.check(params)
            selection = self._selection(fields, model, where)
            return kind(
                fetch=twin.fetcher(selection),
                parse=parse,
                endpoint=twin.endpoint,
                model=model.__name__,
                params=params,
                check=twin.check,
                v2=twin,
                selection=selection,
                resolve=functools.partial(self.resolve_batch, dry_run=dry_run),
            )
        if fields is not None:
            self._on_v2(op, None, fields=fields, uuid=False, where=where)
        check = self._with_extra(self.checker(op, where), extra_check)
        check(params)
        filled = fill_path(op, path, where=where, arguments=arguments)
        drop = ("page", "per_page") if op.paging == "whole" else ()
        requester = self

        def fetch(query: Mapping[str, str]) -> ApiResponse:
            sent = {k: v for k, v in query.items() if k not in drop} if drop else query
            return requester._send_get(op, filled, sent, dry_run)

        return kind(
            fetch=fetch,
            parse=parse,
            endpoint=op if filled == op.path else attrs.evolve(op, path=filled),
            model=model.__name__,
            params=params,
            check=check,
            v2=twin,
            resolve=functools.partial(self.resolve_batch, dry_run=dry_run),
        )

    @staticmethod
    @staticmethod
    def _with_extra(
        check: Callable[[Mapping[str, object]], None], extra: ExtraCheck | None
    ) -> Callable[[Mapping[str, object]], None]:
        if extra is None:
            return check

        def both(params: Mapping[str, object]) -> None:
            rest = extra(params)
            check(params if rest is None else rest)

        return both

    def _send_get(
        self, op: Operation[BaseModel], path: str, query: Mapping[str, str], dry_run: bool | None
    ) -> ApiResponse:
        """A GET of an already filled path with already checked, encoded parameters."""
        from inatsdk.session import ApiRequest

        query = self._with_defaults(op, query)
        request = ApiRequest(
            method="GET",
            url=f"{self.settings.api_url}/{op.version}{path}",
            params=query,
            auth=op.auth,
            cacheable=op.cache != 0,
            expire_after=op.cache,
        )
        return self.transport.send(request, self.call_options(dry_run))

    def _with_defaults(
        self, op: Operation[BaseModel], query: Mapping[str, str]
    ) -> Mapping[str, str]:
        """``query`` plus the client's ``locale`` and ``preferred_place_id``, where ``op``
        declares them and the call did not set them itself."""
        settings = self.settings
        defaults = (
            ("locale", settings.locale),
            ("preferred_place_id", settings.preferred_place_id),
        )
        added = {
            name: str(value)
            for name, value in defaults
            if value is not None and name not in query and _declares(op, name)
        }
        return {**query, **added} if added else query

    def _v2_fetcher(
        self, op: Operation[BaseModel], path: str, dry_run: bool | None
    ) -> Callable[[Fields], Callable[[Mapping[str, str]], ApiResponse]]:
        def fetcher(selection: Fields) -> Callable[[Mapping[str, str]], ApiResponse]:
            def fetch(query: Mapping[str, str]) -> ApiResponse:
                return self.read_v2(op, query, selection, path=path, dry_run=dry_run)

            return fetch

        return fetcher

    # --- lookups -------------------------------------------------------------------------------

    def lookup(
        self,
        op: Operation[M],
        key: object,
        params: Mapping[str, object] | None = None,
        *,
        dry_run: bool | None = None,
        fields: FieldsLike | None = None,
        label: str = "record",
        argument: str = "id",
        where: str = "",
        twin: Operation[BaseModel] | None = None,
        use_twin: bool = True,
    ) -> M:
        """One record by id (or UUID, on v2; or name, where the path takes one); raises
        :class:`~inatsdk.errors.NotFoundError` when the API has none. In dry-run, a model
        holding only the key."""
        where = where or _caller(op)
        model = _model(op)
        query = dict(params or {})
        twin = (twin or op.twin) if use_twin else None
        placeholder = _PLACEHOLDER.findall(op.path)[0]
        kind = _kind(op, placeholder)
        wants_uuid = is_uuid(key) and kind not in ("key", "id_or_uuid")
        on_v2 = self._on_v2(op, twin, fields=fields, uuid=wants_uuid, where=where)
        key = _checked_key(
            op, placeholder, key, argument=argument, where=where, uuid_ok=twin is not None
        )
        if on_v2 and twin is not None:
            found = self._lookup_v2(
                twin,
                [key],
                query,
                dry_run=dry_run,
                fields=fields,
                model=model,
                argument=argument,
                where=where,
            )
            if found is None:
                return _placeholder(model, key)
            ident = _normal_key(key)
            if ident not in found:
                raise NotFoundError(
                    f"{label} {key} does not exist",
                    status=404,
                    method="GET",
                    url=f"{self.settings.api_url}/v2{twin.path}",
                )
            return found[ident]
        response = self.get(
            op,
            query,
            path={placeholder: key},
            dry_run=dry_run,
            where=where,
            arguments={placeholder: argument},
        )
        if response.dry_run:
            return _placeholder(model, key)
        records = records_of(response)
        if not records:
            raise NotFoundError(
                f"{label} {key} does not exist", status=404, method="GET", url=response.url
            )
        return parse_records(model.from_json, records[:1], url=response.url)[0]

    def lookup_many(
        self,
        op: Operation[M],
        keys: object,
        params: Mapping[str, object] | None = None,
        *,
        dry_run: bool | None = None,
        fields: FieldsLike | None = None,
        argument: str = "ids",
        where: str = "",
        twin: Operation[BaseModel] | None = None,
        use_twin: bool = True,
        names: bool = False,
    ) -> list[M]:
        """Records by id (or UUID on v2; or name where ``names``), in batches of the
        operation's id limit, in the order given; ids the API does not know are left out.
        A string or None is refused, not iterated."""
        where = where or _caller(op)
        model = _model(op)
        query = dict(params or {})
        twin = (twin or op.twin) if use_twin else None
        if names:
            if isinstance(keys, (str, bytes)) or not isinstance(keys, Iterable):
                raise InvalidParameterError(
                    f"{where}: {argument} must be a list of ids or names, not {keys!r} "
                    "(nothing was sent)"
                )
            given: Iterable[object] = keys  # pyright: ignore[reportUnknownVariableType]
            placeholder = _PLACEHOLDER.findall(op.path)[0]
            wanted: list[int | str] = list(
                dict.fromkeys(
                    _as_name_or_id(
                        _checked_key(
                            op, placeholder, k, argument=argument, where=where, uuid_ok=True
                        )
                    )
                    for k in given
                )
            )
        else:
            wanted = keys_of(keys, argument=argument, where=where)
        any_uuid = any(isinstance(k, str) and is_uuid(k) for k in wanted) and not names
        if self._on_v2(op, twin, fields=fields, uuid=any_uuid, where=where) and twin is not None:
            found = self._lookup_v2(
                twin,
                wanted,
                query,
                dry_run=dry_run,
                fields=fields,
                model=model,
                argument=argument,
                where=where,
            )
            if found is None:
                return []
            return [found[_normal_key(k)] for k in wanted if _normal_key(k) in found]
        self.check(op, query, where=where)
        if not wanted:
            return []
        placeholder = _PLACEHOLDER.findall(op.path)[0]
        by_key: dict[int | str, M] = {}
        for batch in _chunks(wanted, op.id_limit or len(wanted)):
            try:
                response = self.get(
                    op,
                    query,
                    path={placeholder: batch},
                    dry_run=dry_run,
                    where=where,
                    arguments={placeholder: argument},
                    checked=True,
                )
            except NotFoundError:
                continue
            records = records_of(response)
            for record, item in zip(
                records, parse_records(model.from_json, records, url=response.url), strict=True
            ):
                _index(by_key, record, item)
        return [by_key[_normal_key(k)] for k in wanted if _normal_key(k) in by_key]

    def resolve_batch(
        self, op: Operation[BaseModel], ids: Sequence[int], *, dry_run: bool | None = None
    ) -> dict[int, BaseModel]:
        """One request looking up ``ids`` (at most ``op``'s id limit) with ``op``, for
        :meth:`Paginator.prefetch <inatsdk.paginator.Paginator.prefetch>`: the records found,
        by id (none in dry-run, or when the API answers 404)."""
        if not ids:
            return {}
        model = _model(op)
        placeholder = _PLACEHOLDER.findall(op.path)[0]
        try:
            response = self.get(
                op, {}, path={placeholder: list(ids)}, dry_run=dry_run, checked=True
            )
        except NotFoundError:
            return {}
        if response.dry_run:
            return {}
        records = records_of(response)
        found: dict[int | str, BaseModel] = {}
        for record, item in zip(
            records, parse_records(model.from_json, records, url=response.url), strict=True
        ):
            _index(found, record, item)
        return {k: v for k, v in found.items() if isinstance(k, int)}

    def _lookup_v2(
        self,
        op: Operation[BaseModel],
        keys: Sequence[object],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        fields: FieldsLike | None,
        model: type[M],
        argument: str,
        where: str,
    ) -> dict[int | str, M] | None:
        """Look ``keys`` up on v2, in batches; None in dry-run."""
        self.check(op, params, where=where)
        selection = self._selection(fields, model, where)
        found: dict[int | str, M] = {}
        for batch in _chunks(list(keys), op.id_limit or max(1, len(keys))):
            path, query = self._lookup_plan(op, batch, params, argument=argument, where=where)
            try:
                response = self.read_v2(op, query, selection, path=path, dry_run=dry_run)
            except NotFoundError:  # v2 answers 404 to a lookup that finds nothing
                continue
            if response.dry_run:
                return None
            records = records_of(response)
            for record, item in zip(
                records, parse_records(model.from_json, records, url=response.url), strict=True
            ):
                _index(found, record, item)
        return found

    def _lookup_plan(
        self,
        op: Operation[BaseModel],
        keys: Sequence[object],
        params: Mapping[str, object],
        *,
        argument: str,
        where: str,
    ) -> tuple[str, dict[str, str]]:
        """Where a v2 lookup of ``keys`` goes: the path with the keys in it, or, where the
        path takes UUIDs only and an id is among the keys, or where the operation is a
        search, that search with ``id=`` (which takes ids and UUIDs)."""
        query = encode_params(params)
        names = _PLACEHOLDER.findall(op.path)
        if names:
            name = names[0]
            kind = _kind(op, name)
            declared = op.spec.param(name)
            takes = declared and (declared.item_type or declared.type)
            if (
                takes == "integer"
                and kind == "id"
                and any(isinstance(k, str) and is_uuid(k) for k in keys)
            ):
                bad = next(k for k in keys if isinstance(k, str) and is_uuid(k))
                raise InvalidParameterError(f"{op} takes integer ids, not UUIDs: {bad!r}")
            ints = any(not (isinstance(k, str) and is_uuid(k)) for k in keys)
            if not (kind == "uuid" and ints):
                given: list[int | str] = [k if isinstance(k, (int, str)) else str(k) for k in keys]
                path = fill_path(op, {name: given}, where=where, arguments={name: argument})
                return path, query
            search = op.path.rsplit("/", 1)[0]
        else:
            search = op.path
        joined = ",".join(str(_normal_key(k)) for k in keys)
        query.update(id=joined, per_page=str(len(keys)))
        return search, query


# --- helpers -------------------------------------------------------------------------------------


def _model(op: Operation[M]) -> type[M]:
    if op.model is None:
        raise TypeError(f"{op} has no model")
    return op.model


def _checked_key(
    op: Operation[BaseModel],
    placeholder: str,
    key: object,
    *,
    argument: str,
    where: str,
    uuid_ok: bool,
) -> int | str:
    """``key`` when ``op``'s placeholder takes it (or, with ``uuid_ok``, it is a UUID for the
    v2 twin); else :class:`~inatsdk.errors.InvalidParameterError`, before anything is sent."""
    if uuid_ok and isinstance(key, str) and _UUID.match(key.strip()):
        return key.strip().lower()
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise _refuse(argument, key, _WANTED[_kind(op, placeholder)], where)
    _segment(op, placeholder, key, argument=argument, where=where)
    return key


def _normal_key(key: object) -> int | str:
    """How a looked-up record is filed: ids as ints, UUIDs and names in lower case."""
    if isinstance(key, str):
        text = key.strip()
        if _DIGITS.match(text):
            return int(text)
        return text.lower()
    if isinstance(key, int):
        return key
    return str(key)


def _as_name_or_id(key: object) -> int | str:
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise InvalidParameterError(f"an id or a name, not {key!r} (nothing was sent)")
    return _normal_key(key) if isinstance(key, int) or _DIGITS.match(key.strip()) else key.strip()


def _placeholder(model: type[M], key: object) -> M:
    """What a dry-run lookup returns: a model holding only the key."""
    normal = _normal_key(key)
    if isinstance(normal, int):
        return model.from_json({"id": normal})
    if is_uuid(normal):
        return model.from_json({"uuid": normal})
    name_key = "login" if model.__name__ == "User" else "slug"
    return model.from_json({name_key: key})


def _index(found: dict[int | str, T], record: Mapping[str, object], model: T) -> None:
    """File a looked-up record under its id, its UUID and its name (slug, login)."""
    rid = record.get("id")
    if isinstance(rid, int):
        found[rid] = model
    for key in ("uuid", "slug", "login"):
        value = record.get(key)
        if isinstance(value, str):
            found.setdefault(value.lower(), model)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _for_twin(
    twin: Operation[BaseModel], values: Mapping[str, PathValue] | None
) -> Mapping[str, PathValue] | None:
    """Path values for the twin, whose one placeholder may be named differently (the v2 twin
    of ``/places/{id}`` is ``/places/{uuid}``)."""
    if not values:
        return values
    names = _PLACEHOLDER.findall(twin.path)
    if len(names) == 1 and len(values) == 1 and names[0] not in values:
        return {names[0]: next(iter(values.values()))}
    return values


def _prepare(selection: Fields, model: type[BaseModel] | None, where: str) -> Fields:
    """Check ``selection`` against the model and add what paging and lookups need."""
    from inatsdk.fields import always_fields

    if model is None:
        return selection.including("id")
    selection.validate(model, where=where)
    return selection.including(*always_fields(model))


@functools.lru_cache(maxsize=512)
def _declares(op: Operation[BaseModel], name: str) -> bool:
    """Whether ``op`` takes the query parameter ``name`` (its spec, or inatsdk's own
    declaration for undocumented routes, says so)."""
    spec = op.spec
    return spec.parameters_known and spec.param(name) is not None


@functools.lru_cache(maxsize=256)
def _takes_override(op: Operation[BaseModel]) -> bool:
    """Whether the v2 GET operation declares ``X-HTTP-Method-Override`` (the server takes the
    POST form only there)."""
    return op.spec.param("X-HTTP-Method-Override") is not None


@functools.lru_cache(maxsize=256)
def _body_takes_fields(op: Operation[BaseModel]) -> bool:
    """Whether the v2 write ``op``'s JSON body takes a ``fields`` selection (the answer then
    holds what it names; without one, v2 answers a write with the record's UUID only)."""
    from inatsdk.params.v2 import BODY_TAKES_FIELDS

    return (op.method, op.path) in BODY_TAKES_FIELDS


def check_body_v2(op: Operation[BaseModel], body: Mapping[str, object], *, where: str = "") -> None:
    """Check a v2 JSON ``body``'s keys against the spec's schema (its generated
    ``TypedDict``, nested objects too), and that required keys are there; raises
    :class:`~inatsdk.errors.InvalidParameterError` naming the closest key, before sending."""
    from inatsdk.params.v2 import BODY_FOR

    cls = BODY_FOR.get((op.method, op.path))
    if cls is None:
        return
    _check_keys(cls, body, where or str(op), "body")


def _check_keys(cls: type, value: Mapping[str, object], where: str, at: str) -> None:
    import typing

    from inatsdk.params.spec import suggest

    hints = typing.get_type_hints(cls)
    required: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
    for key, item in value.items():
        if key == "fields":
            continue
        if key not in hints:
            hint = suggest(key, hints)
            also = f"; did you mean {hint!r}?" if hint else ""
            raise InvalidParameterError(
                f"{where}: {at} has no key {key!r}{also} (nothing was sent)"
            )
        nested = _typeddict_in(hints[key])
        if nested is not None and isinstance(item, Mapping):
            _check_keys(nested, cast("Mapping[str, object]", item), where, f"{at}.{key}")
    missing = sorted(k for k in required if k not in value)
    if missing:
        raise InvalidParameterError(f"{where}: {at} needs {', '.join(missing)} (nothing was sent)")


def _typeddict_in(hint: object) -> type | None:
    """The TypedDict class in an annotation (``X``, ``Required[X]``, ``X | None``), if any."""
    import typing

    if isinstance(hint, type) and hasattr(hint, "__required_keys__"):
        return hint
    for arg in typing.get_args(hint):
        found = _typeddict_in(arg)
        if found is not None:
            return found
    return None
