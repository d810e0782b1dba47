"""What every controller shares: building requests, paginators and batched lookups.

Routing between v1 and v2 lives here. A controller method whose registry entry has a v2 twin
(:func:`inatsdk.endpoints.endpoint` with ``version="v2"``) calls the twin when the client was made
with ``api_version="v2"``, when a ``fields`` selection is given, or when a lookup names a record
by UUID; otherwise it calls v1. v2 requests carry a field selection (:mod:`inatsdk.fields`) and
go as a GET with ``fields=<RISON>``, or, when the URL would be too long, as a POST with
``X-HTTP-Method-Override: GET`` and a JSON body.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from inatsdk.endpoints import ENDPOINTS, Endpoint, endpoint, has_endpoint
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.paginator import Fetch, Paginator, V2Twin
from inatsdk.params.encode import check_params, encode_params

if TYPE_CHECKING:
    from inatsdk.client import iNatClient
    from inatsdk.fields import Fields, FieldsLike
    from inatsdk.models.base import BaseModel
    from inatsdk.session import ApiResponse

__all__ = ["BaseController", "is_uuid"]

T = TypeVar("T")
Auth = Literal["none", "optional", "required"]

logger = logging.getLogger("inatsdk")

#: Parameters the server reads on every search although the spec leaves them out of some.
_UNDECLARED_PAGING = ("page",)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


def is_uuid(value: object) -> bool:
    """Whether ``value`` is a UUID string (``"6444ede0-9831-47bd-8c3b-ee32e08cbfe4"``)."""
    return isinstance(value, str) and _UUID.match(value.strip()) is not None


def _chunks(ids: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class BaseController:
    """A thin, stateless view of one API resource, bound to a client."""

    #: The name used in messages (``client.taxa``).
    resource = ""

    def __init__(self, client: iNatClient) -> None:
        self._client = client

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _document_v2_twins(cls)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _endpoint(self, method_name: str, version: Literal["v1", "v2"] | None = None) -> Endpoint:
        """The registry entry of ``method_name``: its v1 entry (or its only one) by default."""
        return endpoint(f"{type(self).__name__}.{method_name}", version)

    def _twin(self, method_name: str) -> Endpoint | None:
        """The v2 twin of ``method_name``, if the registry has one."""
        qualname = f"{type(self).__name__}.{method_name}"
        return endpoint(qualname, "v2") if has_endpoint(qualname, "v2") else None

    def _caller(self, method_name: str) -> str:
        return f"client.{self.resource}.{method_name}()"

    def _checker(self, ep: Endpoint, method_name: str) -> Callable[[Mapping[str, object]], None]:
        caller = self._caller(method_name)
        if ep.version == "v2":
            caller += f" on GET /v2{ep.path}"

        def check(params: Mapping[str, object]) -> None:
            check_params(
                ep.version,
                ep.method,
                ep.path,
                params,
                also_allowed=_UNDECLARED_PAGING,
                caller=caller,
            )

        return check

    # --- v1 or v2 --------------------------------------------------------------------------------

    def _use_v2(self, method_name: str, twin: Endpoint | None, fields: object, uuid: bool) -> bool:
        """Whether this call goes to v2: a selection or a UUID needs the twin, and
        ``api_version="v2"`` prefers it."""
        if twin is None:
            if fields is not None:
                raise InvalidParameterError(
                    f"{self._caller(method_name)} has no v2 twin, so it takes no fields= selection"
                )
            if uuid:
                raise InvalidParameterError(
                    f"{self._caller(method_name)} looks records up by id, not by UUID"
                )
            return False
        return fields is not None or uuid or self._client.settings.api_version == "v2"

    def _selection(
        self, fields: FieldsLike | None, parse: Callable[..., Any], model: str, where: str
    ) -> Fields:
        from inatsdk.fields import DEFAULT_FIELDS, coerce_fields

        chosen = DEFAULT_FIELDS if fields is None else coerce_fields(fields)
        return _prepare(chosen, _model_class(parse, model), where)

    def _v2_fetcher(
        self, path: str, *, dry_run: bool | None, auth: Auth
    ) -> Callable[[Fields], Fetch]:
        client = self._client

        def fetcher(selection: Fields) -> Fetch:
            def fetch(query: Mapping[str, str]) -> Any:
                return send_v2(client, path, query, selection, dry_run=dry_run, auth=auth).json

            return fetch

        return fetcher

    # --- searches --------------------------------------------------------------------------------

    def _paginate(
        self,
        method_name: str,
        parse: Callable[[Mapping[str, Any]], T],
        model: str,
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        fields: FieldsLike | None = None,
        path_values: Mapping[str, object] | None = None,
        auth: Auth = "optional",
    ) -> Paginator[T]:
        """A paginator over ``method_name``'s endpoint, or over its v2 twin (see the module
        docstring); ``path_values`` fill the path's placeholders (``{"id": 5}``)."""
        primary = self._endpoint(method_name)
        twin_ep = primary if primary.version == "v2" else self._twin(method_name)
        where = self._caller(method_name)
        twin: V2Twin | None = None
        if twin_ep is not None:
            twin_path = _fill(twin_ep.path, path_values)
            twin = V2Twin(
                endpoint=twin_ep,
                check=self._checker(twin_ep, method_name),
                fetcher=self._v2_fetcher(twin_path, dry_run=dry_run, auth=auth),
                prepare=functools.partial(
                    _prepare, model=_model_class(parse, model), where=f"{where}.fields()"
                ),
                where=where,
            )
        on_v2 = primary.version == "v2" or self._use_v2(method_name, twin_ep, fields, False)
        if on_v2 and twin is not None:
            twin.check(params)
            selection = self._selection(fields, parse, model, where)
            return Paginator(
                fetch=twin.fetcher(selection),
                parse=parse,
                endpoint=twin.endpoint,
                model=model,
                params=params,
                check=twin.check,
                v2=twin,
                selection=selection,
            )
        check = self._checker(primary, method_name)
        check(params)
        client = self._client
        path = _fill(primary.path, path_values)

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(primary.version, path, query, dry_run=dry_run, auth=auth).json

        return Paginator(
            fetch=fetch,
            parse=parse,
            endpoint=primary,
            model=model,
            params=params,
            check=check,
            v2=twin,
        )

    # --- lookups ---------------------------------------------------------------------------------

    def _get_by_ids(
        self,
        method_name: str,
        ids: Iterable[int | str],
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        fields: FieldsLike | None = None,
    ) -> list[T]:
        """Look records up by id (or UUID, on v2), in batches of the endpoint's id limit,
        keeping the order of ``ids`` (ids the API does not know are left out)."""
        wanted = list(dict.fromkeys(_as_key(i) for i in ids))
        twin = self._twin(method_name)
        any_uuid = any(isinstance(k, str) for k in wanted)
        if self._use_v2(method_name, twin, fields, any_uuid) and twin is not None:
            return self._get_by_ids_v2(method_name, twin, wanted, parse, params, dry_run, fields)
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        if not wanted:
            return []
        query = encode_params(params)
        by_id: dict[int | str, T] = {}
        for batch in _chunks(wanted, ep.id_limit or len(wanted)):
            path = ep.path.replace("{id}", ",".join(str(i) for i in batch))
            try:
                data = self._client._get(ep.version, path, query, dry_run=dry_run).json
            except NotFoundError:
                continue
            for record in (data or {}).get("results", []):
                by_id[record["id"]] = parse(record)
        return [by_id[i] for i in wanted if i in by_id]

    def _get_by_ids_v2(
        self,
        method_name: str,
        ep: Endpoint,
        wanted: list[int | str],
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        dry_run: bool | None,
        fields: FieldsLike | None,
    ) -> list[T]:
        self._checker(ep, method_name)(params)
        selection = self._selection(fields, parse, "", self._caller(method_name))
        if not wanted:
            return []
        found: dict[int | str, T] = {}
        for batch in _chunks(wanted, ep.id_limit or len(wanted)):
            path, query = _lookup_plan(ep, batch, params)
            try:
                response = send_v2(self._client, path, query, selection, dry_run=dry_run)
            except NotFoundError:
                continue
            for record in _results(response.json):
                _index(found, record, parse(record))
        return [found[k] for k in wanted if k in found]

    def _get_one(
        self,
        method_name: str,
        record_id: int | str,
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        label: str,
        fields: FieldsLike | None = None,
    ) -> T:
        """One record by id (or by UUID, on v2); raises :class:`NotFoundError` when the API
        has none."""
        key = _as_key(record_id)
        twin = self._twin(method_name)
        if self._use_v2(method_name, twin, fields, isinstance(key, str)) and twin is not None:
            return self._get_one_v2(method_name, twin, key, parse, params, dry_run, label, fields)
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        rid = _as_id(record_id)
        path = ep.path.replace("{id}", str(rid))
        response = self._client._get(ep.version, path, encode_params(params), dry_run=dry_run)
        results = (response.json or {}).get("results") or []
        if response.dry_run:
            return parse({"id": rid})
        if not results:
            raise NotFoundError(
                f"{label} {rid} does not exist",
                status=404,
                method="GET",
                url=response.url,
            )
        return parse(results[0])

    def _get_one_v2(
        self,
        method_name: str,
        ep: Endpoint,
        key: int | str,
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        dry_run: bool | None,
        label: str,
        fields: FieldsLike | None,
    ) -> T:
        self._checker(ep, method_name)(params)
        selection = self._selection(fields, parse, "", self._caller(method_name))
        path, query = _lookup_plan(ep, [key], params)
        try:
            response = send_v2(self._client, path, query, selection, dry_run=dry_run)
        except NotFoundError as exc:  # v2 answers 404 to a lookup that finds nothing
            raise NotFoundError(
                f"{label} {key} does not exist", status=404, method=exc.method, url=exc.url
            ) from None
        if response.dry_run:
            return parse({"uuid": key} if isinstance(key, str) else {"id": key})
        found: dict[int | str, T] = {}
        for record in _results(response.json):
            _index(found, record, parse(record))
        if key not in found:
            raise NotFoundError(
                f"{label} {key} does not exist", status=404, method="GET", url=response.url
            )
        return found[key]


# --- v2 requests ---------------------------------------------------------------------------------


def send_v2(
    client: iNatClient,
    path: str,
    query: Mapping[str, str],
    selection: Fields,
    *,
    dry_run: bool | None,
    auth: Auth = "optional",
) -> ApiResponse:
    """One v2 read with a field selection: a GET with ``fields=<RISON>``, or, when that URL
    would be longer than :data:`~inatsdk.fields.MAX_URL_LENGTH` and the operation declares the
    header, a POST with ``X-HTTP-Method-Override: GET`` and every parameter in a JSON body.

    The POST is a read: it is answered locally only in ``dry_run="all"`` mode, retried like a
    GET (on connection errors and 5xx, with the client's backoff; 429 as any request), and never
    cached (the HTTP cache stores GETs only).
    """
    from urllib.parse import urlencode

    from inatsdk.fields import MAX_URL_LENGTH

    params = {**query, "fields": selection.to_rison()}
    url = f"{client.settings.api_url}/v2{path}"
    if len(url) + 1 + len(urlencode(params)) <= MAX_URL_LENGTH or not _takes_override(path):
        return client._get("v2", path, params, dry_run=dry_run, auth=auth)
    body: dict[str, Any] = {**query, "fields": selection.to_json()}
    from inatsdk.session import ApiRequest

    # A read on the wire as a POST: the transport sends it in dry_run="writes" mode and
    # retries it like a GET (it recognises the override header); the cache never stores it.
    request = ApiRequest(
        method="POST",
        url=url,
        json=body,
        headers={"X-HTTP-Method-Override": "GET"},
        auth=auth,
        cacheable=False,
    )
    return client._transport.send(request, client._call_options(dry_run))


@functools.lru_cache(maxsize=256)
def _takes_override(path: str) -> bool:
    """Whether the v2 GET operation at ``path`` declares ``X-HTTP-Method-Override`` (the server
    takes the POST form only there)."""
    from inatsdk.params.spec import match_route

    found = match_route("v2", "GET", path)
    return found is not None and found[0].param("X-HTTP-Method-Override") is not None


# --- helpers -------------------------------------------------------------------------------------


def _prepare(selection: Fields, model: type[BaseModel] | None, where: str) -> Fields:
    """Check ``selection`` against the model and add what paging and lookups need."""
    from inatsdk.fields import always_fields

    if model is None:
        return selection.including("id")
    selection.validate(model, where=where)
    return selection.including(*always_fields(model))


def _model_class(parse: Callable[..., Any], model: str) -> type[BaseModel] | None:
    """The model a parse function builds (``Observation.from_json`` -> ``Observation``)."""
    from inatsdk.models.base import BaseModel

    owner = getattr(parse, "__self__", None)
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        return owner
    if model:
        from inatsdk import models

        found = getattr(models, model, None)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return None


def _fill(path: str, values: Mapping[str, object] | None) -> str:
    """``path`` with its placeholders replaced; a single value fills any one placeholder (the
    v2 twin of ``/places/{id}`` is ``/places/{uuid}``)."""
    if not values:
        return path
    names = _PLACEHOLDER.findall(path)
    for name in names:
        value = values.get(name)
        if value is None and len(values) == 1 and len(names) == 1:
            value = next(iter(values.values()))
        if value is not None:
            path = path.replace("{" + name + "}", str(value))
    return path


def _lookup_plan(
    ep: Endpoint, keys: Sequence[int | str], params: Mapping[str, object]
) -> tuple[str, dict[str, str]]:
    """Where a v2 lookup of ``keys`` goes: the path with the keys in it, or, where the path
    takes UUIDs only (``/observations/{uuid}``) and an id is among the keys, or where the
    registry names a search, that search with ``id=`` (which takes ids and UUIDs)."""
    from inatsdk.params.spec import operation

    query = encode_params(params)
    joined = ",".join(str(k) for k in keys)
    names = _PLACEHOLDER.findall(ep.path)
    search = ep.path
    if names:
        declared = operation(ep.version, ep.method, ep.path).param(names[0])
        kind = declared and (declared.item_type or declared.type)
        if kind == "integer" and any(isinstance(k, str) for k in keys):
            raise InvalidParameterError(
                f"GET /v2{ep.path} takes integer ids, not UUIDs: "
                f"{next(k for k in keys if isinstance(k, str))!r}"
            )
        uuids_only = declared is not None and declared.format == "uuid"
        if not (uuids_only and any(isinstance(k, int) for k in keys)):
            return ep.path.replace("{" + names[0] + "}", joined), query
        search = ep.path.rsplit("/", 1)[0]
    query.update(id=joined, per_page=str(len(keys)))
    return search, query


def _results(data: Any) -> list[Mapping[str, Any]]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        results = data.get("results")
        if isinstance(results, list):
            return results
    return []


def _index(found: dict[int | str, T], record: Mapping[str, Any], model: T) -> None:
    """File a looked-up record under its id and its UUID."""
    rid = record.get("id")
    if isinstance(rid, int):
        found[rid] = model
    uuid = record.get("uuid")
    if isinstance(uuid, str):
        found[uuid.lower()] = model


def _as_key(value: object) -> int | str:
    """An id, or a UUID (lower case)."""
    if isinstance(value, str) and is_uuid(value):
        return value.strip().lower()
    return _as_id(value)


def _as_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            return int(str(value))
        except ValueError:
            raise InvalidParameterError(f"an id must be an integer, not {value!r}") from None
    if value <= 0:
        raise InvalidParameterError(f"an id must be a positive integer, not {value}")
    return value


def _document_v2_twins(cls: type[BaseController]) -> None:
    """Say in each method's docstring which v2 endpoint it calls, where it has a twin (the
    registry is the single source; a test checks every entry is named in its docstring)."""
    prefix = f"{cls.__name__}."
    for ep in ENDPOINTS:
        if ep.version != "v2" or not ep.qualname.startswith(prefix):
            continue
        func = cls.__dict__.get(ep.qualname[len(prefix) :])
        doc = getattr(func, "__doc__", None)
        named = f"{ep.method} /v2{ep.path}"
        if func is None or doc is None or named in doc:
            continue
        lines = doc.expandtabs().splitlines()
        indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
        pad = " " * (min(indents) if indents else 0)
        note = (
            f'On v2 (a client made with ``api_version="v2"``) it calls ``{named}``, asking for '
            "every field (see :mod:`inatsdk.fields`)."
        )
        func.__doc__ = doc.rstrip() + f"\n\n{pad}{note}\n"
