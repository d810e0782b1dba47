"""Typed, lazy access to the operation tables generated from the API specs.

``_operations_v1.json`` and ``_operations_v2.json`` (written by ``tools/generate_params.py``)
describe every operation: method, path exactly as in the spec without the ``/v1`` or ``/v2``
base (``"/observations/{id}"``), auth, and each parameter's location, type, enum and limits.
v1 also lists routes the server registers but its swagger does not document
(``documented=False``, ``parameters_known=False``).

A table is read on first use and kept; importing this module reads nothing.

>>> op = operation("v1", "GET", "/observations")
>>> op.is_multi("taxon_id"), op.param("order_by").default
(True, 'created_at')
>>> match_route("v1", "GET", "/taxa/autocomplete")[0].path
'/taxa/autocomplete'
>>> suggest("taxon_idd", op.query_names())
'taxon_id'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias, cast

import attrs

__all__ = [
    "AuthMode",
    "Location",
    "OperationSpec",
    "ParamSpec",
    "match_route",
    "operation",
    "operations",
    "suggest",
]

AuthMode: TypeAlias = Literal["required", "optional", "none"]
"""``required``: a user token must be sent; ``optional``: it changes the answer (private data,
localisation); ``none``: the spec declares no security."""

Location: TypeAlias = Literal["query", "path", "body", "formData", "header"]

DefaultValue: TypeAlias = str | int | float | bool | None

VERSIONS = ("v1", "v2")


@attrs.frozen
class ParamSpec:
    """One request parameter of one operation, as the spec declares it."""

    name: str
    location: Location
    """``query``, ``path``, ``body`` (a JSON body), ``formData`` (multipart) or ``header``."""
    type: str | None
    """JSON-schema type: ``string``, ``integer``, ``number``, ``boolean``, ``array``,
    ``object`` (a body) or ``file``."""
    item_type: str | None = None
    """Type of the elements when :attr:`type` is ``array`` (sent comma-separated)."""
    required: bool = False
    enum: tuple[str, ...] | None = None
    """Allowed values as they appear in a query string (``True`` in the spec is ``"true"``);
    for arrays, the allowed values of each element."""
    default: DefaultValue = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""
    format: str | None = None
    """``date``, ``date-time``, ``uuid``, ``double``... when the spec gives one."""
    deprecated: bool = False
    schema: str | None = None
    """For a body: the name of the schema it follows (``PostObservation``)."""

    @property
    def is_multi(self) -> bool:
        """Whether several values may be given (comma-separated)."""
        return self.type == "array"


def _param_lookup(params: tuple[ParamSpec, ...]) -> Mapping[str, ParamSpec]:
    by_name: dict[str, ParamSpec] = {}
    # a query parameter wins over a path/body one of the same name
    for p in sorted(params, key=lambda p: p.location != "query"):
        by_name.setdefault(p.name, p)
    return by_name


@attrs.frozen
class OperationSpec:
    """One API operation: ``version``, ``method`` and ``path`` identify it."""

    version: str
    """``"v1"`` or ``"v2"``."""
    method: str
    """Upper case: ``GET``, ``POST``, ``PUT``, ``DELETE``."""
    path: str
    """As in the spec, without the version base: ``/observations/{id}``."""
    summary: str
    tag: str
    auth: AuthMode
    documented: bool
    """False for v1 routes the server registers but the swagger leaves out."""
    parameters_known: bool
    """False when nothing is known about the parameters (undocumented routes)."""
    parameters: tuple[ParamSpec, ...]
    security: tuple[str, ...] = ()
    """The security schemes the spec names (``api_token``, ``userJwtRequired``...)."""
    deprecated: bool = False
    unpublished: bool = False
    """v2: the operation carries ``x-unpublished`` (a real route missing from public docs)."""
    _by_name: Mapping[str, ParamSpec] = attrs.field(init=False, repr=False, eq=False)
    _query_names: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", _param_lookup(self.parameters))
        names = frozenset(p.name for p in self.parameters if p.location == "query")
        object.__setattr__(self, "_query_names", names)

    def query_names(self) -> frozenset[str]:
        """Names of the query parameters."""
        return self._query_names

    def path_names(self) -> tuple[str, ...]:
        """Names of the ``{param}`` placeholders in :attr:`path`, in order."""
        return tuple(_PLACEHOLDER.findall(self.path))

    def param(self, name: str) -> ParamSpec | None:
        """The parameter called ``name`` (a query parameter first), or ``None``."""
        return self._by_name.get(name)

    def is_multi(self, name: str) -> bool:
        """Whether parameter ``name`` takes several values (comma-separated)."""
        p = self._by_name.get(name)
        return p is not None and p.type == "array"

    def __str__(self) -> str:
        return f"{self.method} /{self.version}{self.path}"


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _check_version(version: str) -> str:
    if version not in VERSIONS:
        raise ValueError(f"unknown API version {version!r}; expected 'v1' or 'v2'")
    return version


def _opt_float(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


def _param_from_json(data: Mapping[str, Any]) -> ParamSpec:
    enum = data.get("enum")
    default = data.get("default")
    if not isinstance(default, (str, int, float, bool)):
        default = None
    return ParamSpec(
        name=str(data["name"]),
        location=cast("Location", data["location"]),
        type=data.get("type"),
        item_type=data.get("item_type"),
        required=bool(data.get("required", False)),
        enum=tuple(str(v) for v in enum) if enum else None,
        default=default,
        minimum=_opt_float(data.get("minimum")),
        maximum=_opt_float(data.get("maximum")),
        description=str(data.get("description") or ""),
        format=data.get("format"),
        deprecated=bool(data.get("deprecated", False)),
        schema=data.get("schema"),
    )


@functools.cache
def _table(version: str) -> tuple[OperationSpec, ...]:
    from importlib import resources  # deferred: costs ~15 ms at import

    text = (
        resources.files("inatsdk.params").joinpath(f"_operations_{version}.json").read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    # Many operations share identical parameters (v1: 222 distinct of 1,947), so each is built
    # once. The file is written with its keys sorted, so equal parameters have equal reprs (a
    # third of the cost of json.dumps(sort_keys=True) here).
    interned: dict[str, ParamSpec] = {}
    ops: list[OperationSpec] = []
    for raw in data["operations"]:
        params: list[ParamSpec] = []
        for p in raw["parameters"]:
            key = repr(p)
            spec = interned.get(key)
            if spec is None:
                spec = interned[key] = _param_from_json(p)
            params.append(spec)
        ops.append(
            OperationSpec(
                version=str(raw["version"]),
                method=str(raw["method"]).upper(),
                path=str(raw["path"]),
                summary=str(raw.get("summary") or ""),
                tag=str(raw.get("tag") or ""),
                auth=cast("AuthMode", raw["auth"]),
                documented=bool(raw["documented"]),
                parameters_known=bool(raw["parameters_known"]),
                parameters=tuple(params),
                security=tuple(raw.get("security") or ()),
                deprecated=bool(raw.get("deprecated", False)),
                unpublished=bool(raw.get("unpublished", False)),
            )
        )
    return tuple(ops)


@functools.cache
def _index(version: str) -> Mapping[tuple[str, str], OperationSpec]:
    return {(op.method, op.path): op for op in _table(version)}


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------


def operations(version: str | None = None) -> tuple[OperationSpec, ...]:
    """Every operation of ``version`` (``"v1"``/``"v2"``), or of both (v1 first) when ``None``.

    v1 includes the undocumented routes; filter on :attr:`OperationSpec.documented`.
    """
    if version is None:
        return _table("v1") + _table("v2")
    return _table(_check_version(version))


def operation(version: str, method: str, path: str) -> OperationSpec:
    """The operation at ``method path`` (``path`` as in the spec: ``/observations/{id}``).

    Raises ``KeyError`` naming the closest known path when there is none.
    """
    key = (method.upper(), path)
    try:
        return _index(_check_version(version))[key]
    except KeyError:
        paths = {p for m, p in _index(version) if m == key[0]}
        hint = suggest(path, paths)
        msg = f"no {version} operation {key[0]} {path}"
        raise KeyError(msg + (f"; did you mean {key[0]} {hint}?" if hint else "")) from None


_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


@attrs.frozen
class _Route:
    op: OperationSpec
    pattern: re.Pattern[str]
    rank: tuple[int, ...]
    """Per segment: 0 literal, 1 literal with placeholders (``{y}.png``), 2 placeholder only."""


def _compile(op: OperationSpec) -> _Route:
    segments = [s for s in op.path.split("/") if s]
    parts: list[str] = []
    rank: list[int] = []
    for segment in segments:
        pieces = _PLACEHOLDER.split(segment)  # literal, name, literal, name, ..., literal
        if len(pieces) == 1:
            parts.append(re.escape(segment))
            rank.append(0)
            continue
        regex = ""
        for i, piece in enumerate(pieces):
            if i % 2:
                regex += f"(?P<{piece}>[^/]+?)"
            else:
                regex += re.escape(piece)
        parts.append(regex)
        rank.append(1 if any(pieces[0::2]) else 2)
    pattern = re.compile("/" + "/".join(parts) + r"\Z")
    return _Route(op=op, pattern=pattern, rank=tuple(rank))


@functools.cache
def _routes(version: str, method: str) -> tuple[_Route, ...]:
    routes = [_compile(op) for op in _table(version) if op.method == method]
    # most specific first: literal segments beat placeholders, documented beats undocumented
    routes.sort(key=lambda r: (r.rank, not r.op.documented, r.op.path))
    return tuple(routes)


def match_route(
    version: str, method: str, concrete_path: str
) -> tuple[OperationSpec, dict[str, str]] | None:
    """The operation a request path belongs to, and the values of its path parameters.

    ``concrete_path`` is a decoded URL path without query string, with or without the version
    prefix: ``/observations/1,2,3`` or ``/v1/observations/1,2,3`` give
    ``(GET /observations/{id}, {"id": "1,2,3"})``. Literal segments win over placeholders
    (``/taxa/autocomplete`` is not ``/taxa/{id}``), documented operations over undocumented
    routes. ``None`` when no operation of that method matches.
    """
    _check_version(version)
    path = concrete_path.split("?", 1)[0]
    prefix = f"/{version}"
    if path == prefix or path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    for route in _routes(version, method.upper()):
        m = route.pattern.match(path)
        if m is not None:
            return route.op, {k: v for k, v in m.groupdict().items() if v is not None}
    return None


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name`` (for "did you mean" messages), or ``None``."""
    import difflib  # deferred: only needed on a typo

    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None
