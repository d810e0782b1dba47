#!/usr/bin/env python3
"""Generate the request-parameter tables and TypedDicts in ``inatsdk/params/`` from the API specs.

Usage::

    python tools/generate_params.py [--spec-dir ../shared/inat-api/spec] [--check]

Reads ``v1_swagger.json`` (Swagger 2.0), ``v1_routes_all.tsv`` and ``v2_openapi.json``
(OpenAPI 3.0), resolves ``$ref`` parameters, and writes:

``inatsdk/params/_operations_v1.json`` and ``_operations_v2.json``
    Every operation (method, path without the ``/v1`` or ``/v2`` base, summary, tag, auth,
    parameters), one operation per line, keys sorted. v1 also lists the routes the server
    registers but the swagger does not document, with ``"documented": false`` and
    ``"parameters_known": false``.
``inatsdk/params/v1.py``
    One ``TypedDict`` per v1 GET operation (and per write with query or form parameters), a
    docstring under every key, and ``PARAMS_FOR`` mapping ``(method, path)`` to the class. The
    classes of listing operations (see :func:`listings`) leave out ``page`` and ``per_page``,
    which their paginators send; the JSON tables keep them.
``inatsdk/params/v2.py``
    Per v2 operation (every one of the spec's, published or not), where it has any: a query
    ``TypedDict`` (``<Name>Params``, no ``fields``, and no ``page``/``per_page`` for listings),
    its path placeholders (``<Name>Path``), its JSON body (``<Name>Body``, nested objects as
    classes of their own, required keys ``Required[...]``) and its multipart form
    (``<Name>Form``), a docstring (or comment) under every key, and ``PARAMS_FOR``,
    ``PATH_FOR``, ``BODY_FOR``, ``FORM_FOR`` mapping ``(method, path)`` to them.
``inatsdk/params/paginators.py``
    One ``Paginator`` subclass per listing operation's TypedDict (``TaxaSearchParams`` ->
    ``TaxaSearchPaginator``) whose ``filter()`` takes that TypedDict and whose ``order_by()``
    takes the spec's ``order_by`` values as a ``Literal``, and ``PAGINATOR_FOR`` mapping
    ``(version, method, path)`` to the class: v1 listings (see :func:`listings`) and the v2
    listings the SDK pages (:data:`_V2_PAGED`, see :func:`v2_listings`), whose classes take the
    :mod:`inatsdk.params.v2` TypedDicts and end in ``V2`` (``PlacesSearchPaginatorV2``). It
    also reads the hand-written ``inatsdk/params/undocumented_*.py`` (with ``ast``) and
    ``inatsdk/paginator.py``: where ``Paginator.filter``/``order_by`` are not annotated
    ``-> Self``, the overrides ``cast`` what ``super()`` returns (so a change there makes
    ``--check`` ask for a regeneration).

``--check`` regenerates in memory and exits 1 when a committed file differs (CI runs it).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import keyword
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "inatsdk" / "params"
LINE_LENGTH = 100

JSONDict = dict[str, Any]

_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "DELETE": 3}
_HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")

# v1 GET operations that declare ``api_token`` security but also answer anonymous callers (the
# token only adds private data). Every other v1 operation that declares security requires it.
_V1_AUTH_OPTIONAL = frozenset(
    {
        ("GET", "/observations"),
        ("GET", "/observations/{id}"),
        ("GET", "/posts"),
        ("GET", "/posts/for_user"),
    }
)
_V2_AUTH = {
    "userJwtRequired": "required",
    "appJwtRequired": "required",
    "appOrUserJwtRequired": "required",
    "appAndUserJwtRequired": "required",
    "userJwtOptional": "optional",
}

# The v1 spec declares these query parameters as plain strings although they are numbers;
# the TypedDicts type them as numbers (the JSON tables keep the spec's type).
_INT_STRINGS = frozenset({"page", "per_page", "id_above", "id_below", "ttl", "viewer_id"})
_FLOAT_STRINGS = frozenset({"acc_above", "acc_below", "acc_below_or_unknown", "radius"})
_DATEISH = re.compile(r"^(d[12]|since)$|_d[12]$|_on$|_at$|_since$|_after$|_before$")


# ---------------------------------------------------------------------------------------------
# Reading the specs
# ---------------------------------------------------------------------------------------------


def _trim(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(lines) or None


def _enum_text(value: object) -> str:
    """An enum value as it appears in a query string (``True`` -> ``"true"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _resolve(spec: JSONDict, node: JSONDict) -> JSONDict:
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            raise ValueError(f"cannot resolve $ref {ref!r}")
        seen.add(ref)
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _param_record(
    *,
    name: str,
    location: str,
    type_: str | None,
    item_type: str | None,
    required: bool,
    enum: Sequence[object] | None,
    default: object,
    minimum: object,
    maximum: object,
    description: object,
    fmt: object,
    deprecated: bool = False,
    schema: str | None = None,
) -> JSONDict:
    record: JSONDict = {
        "name": name,
        "location": location,
        "type": type_,
        "item_type": item_type,
        "required": required,
        "enum": [_enum_text(v) for v in enum] if enum else None,
        "default": default,
        "minimum": minimum,
        "maximum": maximum,
        "description": _trim(description),
        "format": fmt if isinstance(fmt, str) else None,
        "schema": schema,
    }
    if deprecated:
        record["deprecated"] = True
    return {k: v for k, v in record.items() if v is not None}


def _v1_param(spec: JSONDict, raw: JSONDict) -> JSONDict:
    p = _resolve(spec, raw)
    location = p["in"]
    schema_name: str | None = None
    if location == "body":
        schema = p.get("schema", {})
        ref = schema.get("$ref")
        schema_name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
        type_: str | None = "object"
    else:
        type_ = p.get("type")
    items = p.get("items") or {}
    item_type: str | None = None
    if type_ == "array":
        item_type = items.get("type")
        if item_type is None:
            # e.g. GET /identifications taxon_change_id: an array with a minimum but no items
            item_type = "integer" if ("minimum" in p or "maximum" in p) else "string"
    return _param_record(
        name=p["name"],
        location=location,
        type_=type_,
        item_type=item_type,
        required=bool(p.get("required", False)),
        enum=p.get("enum") or items.get("enum"),
        default=p.get("default"),
        minimum=p.get("minimum", items.get("minimum")),
        maximum=p.get("maximum", items.get("maximum")),
        description=p.get("description"),
        fmt=p.get("format") or items.get("format"),
        schema=schema_name,
    )


def _dedupe(params: Iterable[JSONDict], where: str, notes: list[str]) -> list[JSONDict]:
    out: list[JSONDict] = []
    seen: set[tuple[str, str]] = set()
    for p in params:
        key = (p["name"], p["location"])
        if key in seen:
            notes.append(f"{where}: {p['location']} parameter {p['name']!r} declared twice")
            continue
        seen.add(key)
        out.append(p)
    return out


def _v1_path_from_route(route: str) -> str:
    """``/v1/taxa/:id/wanted`` -> ``/taxa/{id}/wanted``; regex constraints are dropped."""
    path = route[3:] if route.startswith("/v1") else route
    path = re.sub(r"\([^)]*\)", "", path)
    path = re.sub(r":(\w+)", r"{\1}", path)
    return path or "/"


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def v1_operations(spec_dir: Path, notes: list[str]) -> tuple[JSONDict, list[JSONDict]]:
    spec: JSONDict = json.loads((spec_dir / "v1_swagger.json").read_text(encoding="utf-8"))
    ops: list[JSONDict] = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method_lower, op in item.items():
            if method_lower not in _HTTP_METHODS:
                continue
            method = method_lower.upper()
            raw = [*shared, *op.get("parameters", [])]
            params = _dedupe((_v1_param(spec, p) for p in raw), f"v1 {method} {path}", notes)
            security = [name for req in op.get("security") or [] for name in req]
            if not security:
                auth = "none"
            elif method == "GET" and (method, path) in _V1_AUTH_OPTIONAL:
                auth = "optional"
            else:
                auth = "required"
            record: JSONDict = {
                "version": "v1",
                "method": method,
                "path": path,
                "summary": _trim(op.get("summary")) or "",
                "tag": (op.get("tags") or [""])[0],
                "auth": auth,
                "security": security,
                "documented": True,
                "parameters_known": True,
                "parameters": params,
            }
            if op.get("deprecated"):
                record["deprecated"] = True
            ops.append(record)

    documented = {(op["method"], _shape(op["path"])) for op in ops}
    with (spec_dir / "v1_routes_all.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    seen: set[tuple[str, str]] = set()
    for row in rows:
        method = row["method"].strip().upper()
        path = _v1_path_from_route(row["path"].strip())
        if (method, _shape(path)) in documented or (method, path) in seen:
            continue
        seen.add((method, path))
        ops.append(
            {
                "version": "v1",
                "method": method,
                "path": path,
                "summary": "",
                "tag": "",
                # unknown: reads are assumed to accept an optional token, writes to need one
                "auth": "optional" if method == "GET" else "required",
                "security": [],
                "documented": False,
                "parameters_known": False,
                "parameters": [],
            }
        )
    info: JSONDict = {
        "source": "v1_swagger.json + v1_routes_all.tsv",
        "title": spec["info"].get("title"),
        "spec_version": spec["info"].get("version"),
        "base_path": spec.get("basePath"),
        "generator": "tools/generate_params.py",
    }
    return info, _sorted(ops)


def _v2_types(spec: JSONDict, schema: JSONDict) -> tuple[str, JSONDict]:
    """The JSON type of a v2 schema and the sub-schema holding its constraints."""
    schema = _resolve(spec, schema)
    if "anyOf" in schema or "oneOf" in schema:
        alts = [_resolve(spec, a) for a in schema.get("anyOf") or schema.get("oneOf") or []]
        arrays = [a for a in alts if a.get("type") == "array"]
        if arrays:
            return "array", arrays[0]
        types = {a.get("type") for a in alts}
        if len(types) == 1 and None not in types:
            return str(alts[0]["type"]), alts[0]
        return "string", {}
    type_ = schema.get("type")
    if type_ is None:
        enum = schema.get("enum")
        if enum and {str(v) for v in enum} <= {"true", "false"}:
            return "boolean", {k: v for k, v in schema.items() if k != "enum"}
        return "string", schema
    return str(type_), schema


def _v2_param(spec: JSONDict, raw: JSONDict) -> JSONDict:
    p = _resolve(spec, raw)
    schema = p.get("schema") or {}
    type_, holder = _v2_types(spec, schema)
    item_type: str | None = None
    constraints = holder
    if type_ == "array":
        item_type, constraints = _v2_types(spec, holder.get("items") or {})
    return _param_record(
        name=p["name"],
        location=p["in"],
        type_=type_,
        item_type=item_type,
        required=bool(p.get("required", False)),
        enum=constraints.get("enum"),
        default=schema.get("default", holder.get("default")),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        description=p.get("description"),
        fmt=constraints.get("format"),
        deprecated=bool(p.get("deprecated", False)),
    )


def _v2_body(body: JSONDict) -> JSONDict:
    content = body.get("content") or {}
    schema_names: list[str] = []
    for media in content.values():
        ref = (media.get("schema") or {}).get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in schema_names:
                schema_names.append(name)
    media_types = ", ".join(content)
    description = _trim(body.get("description")) or f"Request body ({media_types})"
    return _param_record(
        name="body",
        location="body",
        type_="object",
        item_type=None,
        required=bool(body.get("required", False)),
        enum=None,
        default=None,
        minimum=None,
        maximum=None,
        description=description,
        fmt=None,
        schema=" | ".join(schema_names) or None,
    )


def v2_operations(spec_dir: Path, notes: list[str]) -> tuple[JSONDict, list[JSONDict]]:
    spec: JSONDict = json.loads((spec_dir / "v2_openapi.json").read_text(encoding="utf-8"))
    ops: list[JSONDict] = []
    for raw_path, item in spec["paths"].items():
        path = raw_path[3:] if raw_path.startswith("/v2/") else raw_path
        shared = item.get("parameters", [])
        for method_lower, op in item.items():
            if method_lower not in _HTTP_METHODS:
                continue
            method = method_lower.upper()
            params = _dedupe(
                (_v2_param(spec, p) for p in [*shared, *op.get("parameters", [])]),
                f"v2 {method} {path}",
                notes,
            )
            if "requestBody" in op:
                params.append(_v2_body(_resolve(spec, op["requestBody"])))
            security = [name for req in op.get("security") or [] for name in req]
            modes = {_V2_AUTH.get(name, "required") for name in security}
            auth = "required" if "required" in modes else "optional" if modes else "none"
            record: JSONDict = {
                "version": "v2",
                "method": method,
                "path": path,
                "summary": _trim(op.get("summary")) or "",
                "tag": (op.get("tags") or [""])[0],
                "auth": auth,
                "security": security,
                "documented": True,
                "parameters_known": True,
                "parameters": params,
            }
            if op.get("deprecated"):
                record["deprecated"] = True
            if op.get("x-unpublished"):
                record["unpublished"] = True
            ops.append(record)
    servers = spec.get("servers") or [{}]
    info: JSONDict = {
        "source": "v2_openapi.json",
        "title": spec["info"].get("title"),
        "spec_version": spec["info"].get("version"),
        "base_path": "/v2",
        "server": servers[0].get("url"),
        "generator": "tools/generate_params.py",
    }
    return info, _sorted(ops)


def _sorted(ops: list[JSONDict]) -> list[JSONDict]:
    return sorted(
        ops,
        key=lambda op: (op["path"], _METHOD_ORDER.get(op["method"], 9), op["method"]),
    )


def render_table(info: JSONDict, ops: Sequence[JSONDict]) -> str:
    """One operation per line, keys sorted, so diffs show which operation changed."""
    info = {**info, "operations": len(ops)}
    lines = ["{", f'"info": {json.dumps(info, sort_keys=True, ensure_ascii=False)},']
    lines.append('"operations": [')
    for i, op in enumerate(ops):
        comma = "," if i < len(ops) - 1 else ""
        lines.append(json.dumps(op, sort_keys=True, ensure_ascii=False) + comma)
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# The TypedDict module
# ---------------------------------------------------------------------------------------------


def _camel(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", text) if word)


def class_name(method: str, path: str) -> str:
    """``GET /observations`` -> ``ObservationsSearchParams``; see the module docstring of v1.py."""
    segments = [s for s in path.strip("/").split("/") if s]
    words = [_camel(re.sub(r"\{[^}]*\}", " ", s)) for s in segments]
    stem = "".join(w for w in words if w)
    last_is_param = bool(segments) and re.fullmatch(r"\{[^}]*\}", segments[-1]) is not None
    if method == "GET":
        if last_is_param:
            suffix = "Get"
        elif len([w for w in words if w]) == 1 and not any("{" in s for s in segments):
            suffix = "Search"
        else:
            suffix = ""
    else:
        suffix = {"POST": "Create", "PUT": "Update", "DELETE": "Delete"}.get(
            method, _camel(method.lower())
        )
    return f"{stem}{suffix}Params"


def _is_dateish(p: JSONDict) -> bool:
    return p.get("format") in ("date", "date-time") or bool(_DATEISH.search(p["name"]))


def _scalar(p: JSONDict, type_: str | None) -> str:
    name = p["name"]
    if type_ == "integer":
        return "int"
    if type_ == "number":
        return "float"
    if type_ == "boolean":
        return "bool"
    if type_ == "file":
        return "IO[bytes] | bytes"
    if _is_dateish(p):
        return "str | date | datetime"
    if name in _INT_STRINGS:
        return "int"
    if name in _FLOAT_STRINGS:
        return "float"
    if name == "id" or name.endswith("_id"):
        return "int | str"
    return "str"


def _literal(values: Sequence[str], type_: str | None) -> str:
    if type_ in ("integer", "number"):
        return "Literal[" + ", ".join(values) + "]"
    return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"


class _Aliases:
    """Names for ``Literal`` types too long to write inline, one per distinct value list.

    An alias is named after the shortest parameter using it (``rank``, ``hrank`` and
    ``observation_rank`` share ``Rank``); when two value lists would get the same name, each
    is prefixed with the stem of the first class using it (``ObservationsSearchOrderBy``).
    """

    def __init__(self) -> None:
        self.uses: dict[str, list[tuple[str, str]]] = {}  # literal -> [(param, class)]
        self.names: dict[str, str] = {}  # literal -> alias name

    def want(self, param: str, literal: str, cls: str) -> None:
        self.uses.setdefault(literal, []).append((param, cls))

    def assign(self) -> None:
        base: dict[str, str] = {}
        for literal, users in self.uses.items():
            param = min((u[0] for u in users), key=lambda n: (len(n), n))
            base[literal] = _camel(param)
        counts: dict[str, int] = {}
        for name in base.values():
            counts[name] = counts.get(name, 0) + 1
        for literal, name in base.items():
            if counts[name] > 1:
                cls = sorted(c for _, c in self.uses[literal])[0]
                name = cls.removesuffix("Params") + name
            if name in self.names.values():
                raise ValueError(f"alias name clash: {name}")
            self.names[literal] = name

    def render(self) -> list[str]:
        out: list[str] = []
        for literal, name in sorted(self.names.items(), key=lambda kv: kv[1]):
            line = f"{name}: TypeAlias = {literal}"
            if len(line) <= LINE_LENGTH:
                out.append(line)
            else:
                out.append(f"{name}: TypeAlias = Literal[")
                inner = literal[len("Literal[") : -1]
                out += [f"    {v}," for v in _split_literal(inner)]
                out.append("]")
        return out


def _split_literal(inner: str) -> list[str]:
    # values are JSON strings or numbers; JSON strings never contain an unescaped '", '
    return re.findall(r'"(?:[^"\\]|\\.)*"|-?[0-9.]+', inner)


def _annotation(p: JSONDict) -> tuple[str, str | None]:
    """The annotation with ``{L}`` standing for the Literal (if any), and that Literal."""
    type_ = p.get("type")
    is_array = type_ == "array"
    value_type = p.get("item_type") if is_array else type_
    enum: list[str] | None = p.get("enum")
    literal: str | None = None
    if enum:
        bools = [v for v in enum if v in ("true", "false")]
        if value_type not in ("boolean", "string"):
            bools = []
        others = [v for v in enum if v not in bools]
        parts = ["bool"] if bools else []
        if others:
            literal = _literal(others, value_type)
            parts.append("{L}")
        base = " | ".join(parts)
    else:
        base = _scalar(p, value_type)
    if is_array:
        return f"{base} | Sequence[{base}]", literal
    return base, literal


def _docstring(text: str, indent: str = "    ") -> list[str]:
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines() or [""]
    if len(lines) == 1:
        line = lines[0]
        if line.endswith('"'):
            line = line[:-1] + '\\"'
        return [f'{indent}"""{line}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def _key_doc(p: JSONDict) -> str:
    text = p.get("description") or "No description in the spec."
    extras: list[str] = []
    if "default" in p:
        default = p["default"]
        shown = json.dumps(default) if isinstance(default, bool) else str(default)
        extras.append(f"Default: ``{shown}``.")
    if p.get("required"):
        extras.append("Required.")
    if extras:
        if "\n" in text:
            text = text + "\n\n" + " ".join(extras)
        else:
            text = (
                text
                + ("" if text.endswith((".", "!", "?", ":", ")")) else ".")
                + " "
                + " ".join(extras)
            )
    return text


def _typed_params(op: JSONDict, *, paging: bool = True) -> list[JSONDict]:
    """The keys of an operation's TypedDict; ``paging=False`` leaves out ``page`` and
    ``per_page`` (a listing operation: the paginator sends them)."""
    wanted = ("query",) if op["method"] == "GET" else ("query", "formData")
    out: list[JSONDict] = []
    seen: set[str] = set()
    for p in op["parameters"]:
        if not paging and p["name"] in PAGING_NAMES:
            continue
        if p["location"] in wanted and p["name"] not in seen:
            seen.add(p["name"])
            out.append(p)
    return out


def render_v1_module(
    ops: Sequence[JSONDict], managed: Mapping[tuple[str, str], str] | None = None
) -> str:
    """The ``v1.py`` source; ``managed`` maps ``(method, path)`` of each listing operation to
    its paginator class, whose TypedDict leaves out ``page`` and ``per_page``."""
    managed = managed or {}
    selected = [
        op for op in ops if op["documented"] and (op["method"] == "GET" or _typed_params(op))
    ]
    aliases = _Aliases()
    classes: list[tuple[JSONDict, str, list[tuple[JSONDict, str, str | None]]]] = []
    names: set[str] = set()
    for op in selected:
        name = class_name(op["method"], op["path"])
        if name in names:
            raise ValueError(f"class name clash: {name} ({op['method']} {op['path']})")
        names.add(name)
        keys: list[tuple[JSONDict, str, str | None]] = []
        for p in _typed_params(op, paging=(op["method"], op["path"]) not in managed):
            annotation, literal = _annotation(p)
            if literal is not None:
                inline = annotation.replace("{L}", literal)
                if len(f"    {p['name']}: {inline}") > LINE_LENGTH:
                    aliases.want(p["name"], literal, name)
            keys.append((p, annotation, literal))
        classes.append((op, name, keys))
    aliases.assign()

    uses_io = any(p.get("type") == "file" for op, _, keys in classes for p, _, _ in keys)
    typing_names = (
        ["IO", "Literal", "TypeAlias", "TypedDict"]
        if uses_io
        else ["Literal", "TypeAlias", "TypedDict"]
    )
    out: list[str] = [
        "# Generated by tools/generate_params.py from ../shared/inat-api/spec/v1_swagger.json.",
        "# Do not edit by hand: change the generator and run `python tools/generate_params.py`.",
        '"""Request parameters of the iNaturalist API v1, one ``TypedDict`` per operation.',
        "",
        "Each class lists the query parameters of one operation (path parameters are positional",
        "arguments of the controller methods, not keys here); every key has the spec's description",
        "as its docstring, so editors show it. Multi-valued parameters take one value or a sequence,",
        "sent comma-separated. Dates take ``str``, ``date`` or ``datetime``. The classes of listing",
        "operations leave out ``page`` and ``per_page``: their paginators send them (see",
        ":mod:`inatsdk.params.paginators`, whose classes take these TypedDicts in ``filter()``).",
        "",
        "Class names: GET on a collection (``/observations``) is ``<Resource>SearchParams``, GET on",
        "``/<resource>/{id}`` is ``<Resource>GetParams``, other GET paths join their literal",
        "segments (``/taxa/autocomplete`` -> ``TaxaAutocompleteParams``); other methods end in",
        "``Create`` (POST), ``Update`` (PUT) or ``Delete`` (DELETE). ``PARAMS_FOR`` maps",
        '``(method, path)`` to the class, the path as in the spec (``"/observations/{id}"``).',
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Sequence",
        "from datetime import date, datetime",
        f"from typing import {', '.join(typing_names)}",
        "",
    ]
    alias_lines = aliases.render()
    if alias_lines:
        out += alias_lines
        out.append("")
    for op, name, keys in classes:
        out.append("")
        described = f"``{op['method']} /v1{op['path']}``"
        summary = op.get("summary") or ""
        location = "Query" if op["method"] == "GET" else "Query and form"
        headline = f"{location} parameters of {described}" + (f" ({summary})." if summary else ".")
        paginator = managed.get((op["method"], op["path"]))
        if paginator is not None and any(p["name"] in PAGING_NAMES for p in _typed_params(op)):
            headline += (
                "\n\n``page`` and ``per_page`` are left out: the paginator"
                f"\n(:class:`~inatsdk.params.paginators.{paginator}`) sends them; use"
                "\n``.page_size(n)``, ``.limit(n)``, ``.pages()`` or slicing."
            )
        rendered = []
        identifiers = all(p["name"].isidentifier() for p, _, _ in keys)
        for p, annotation, literal in keys:
            typ = annotation
            if literal is not None:
                alias = aliases.names.get(literal)
                typ = annotation.replace("{L}", alias or literal)
            rendered.append((p, typ))
        if identifiers:
            out.append(f"class {name}(TypedDict, total=False):")
            out += _docstring(headline)
            if rendered:
                out.append("")
            for p, typ in rendered:
                out.append(f"    {p['name']}: {typ}")
                out += _docstring(_key_doc(p))
            out.append("")
        else:
            out.append(f"{name} = TypedDict(")
            out.append(f'    "{name}",')
            out.append("    {")
            for p, typ in rendered:
                for line in _key_doc(p).splitlines():
                    out.append(f"        # {line}".rstrip())
                out.append(f"        {json.dumps(p['name'])}: {typ},")
            out.append("    },")
            out.append("    total=False,")
            out.append(")")
            doc_line = f"{name}.__doc__ = {json.dumps(headline)}"
            if len(doc_line) <= LINE_LENGTH:
                out.append(doc_line)
            else:
                out += [f"{name}.__doc__ = (", f"    {json.dumps(headline)}", ")"]
            out.append("")
    out.append("")
    out.append("PARAMS_FOR: dict[tuple[str, str], type] = {")
    for op, name, _ in classes:
        out.append(f"    ({json.dumps(op['method'])}, {json.dumps(op['path'])}): {name},")
    out.append("}")
    out.append('"""``(method, path)`` of a v1 operation -> its parameter ``TypedDict``."""')
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Listing operations and their paginator classes
# ---------------------------------------------------------------------------------------------

#: The parameters a paginator sends itself; the TypedDicts of listing operations leave them out.
PAGING_NAMES = ("page", "per_page")

#: v1 GET operations that declare paging parameters but answer one object, not a list.
_NOT_LISTINGS: Mapping[tuple[str, str], str] = {
    ("GET", "/places/nearby"): "per_page is how many places each of its two lists holds",
}

#: Documented v1 GET operations the SDK hands out as paginators although their spec declares
#: neither ``page`` nor ``per_page`` (their answer is a list, paged or whole).
_EXTRA_LISTINGS: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/controlled_terms"),
        ("GET", "/controlled_terms/for_taxon"),
        ("GET", "/identifications/similar_species"),
        ("GET", "/observations/identifiers"),
        ("GET", "/observations/observers"),
        ("GET", "/observations/popular_field_values"),
        ("GET", "/observations/{id}/subscriptions"),
        ("GET", "/places/autocomplete"),
    }
)

#: Undocumented v1 GET routes the SDK hands out as paginators: path -> (module of
#: ``inatsdk.params``, TypedDict). The hand-written TypedDicts are read (not imported) from
#: ``inatsdk/params/<module>.py``.
_UNDOCUMENTED_LISTINGS: Mapping[str, tuple[str, str]] = {
    "/identifications/recent_taxa_revisited": ("v1", "IdentificationsRecentTaxaParams"),
    "/observation_fields/autocomplete": (
        "undocumented_places",
        "ObservationFieldsAutocompleteParams",
    ),
    "/observations/iconic_taxa_counts": (
        "undocumented_observations",
        "ObservationsIconicTaxaCountsParams",
    ),
    "/observations/quality_grades": (
        "undocumented_observations",
        "ObservationsQualityGradesParams",
    ),
    "/observations/similar_species": (
        "undocumented_observations",
        "ObservationsSimilarSpeciesParams",
    ),
    "/observations/{id}/quality_metrics": (
        "undocumented_observations",
        "ObservationsQualityMetricsParams",
    ),
    "/places/containing": ("undocumented_places", "PlacesContainingParams"),
    "/taxa/iconic": ("undocumented_taxa", "TaxaIconicParams"),
    "/taxa/lifelist_metadata": ("undocumented_taxa", "TaxaLifelistMetadataParams"),
    "/taxa/{id}/wanted": ("undocumented_taxa", "TaxaWantedParams"),
}


def is_paging_operation(op: JSONDict) -> bool:
    """Whether a documented v1 GET operation declares ``page`` or ``per_page`` in its query."""
    return (
        op["method"] == "GET"
        and op["documented"]
        and any(p["location"] == "query" and p["name"] in PAGING_NAMES for p in op["parameters"])
    )


def _hand_written_keys(params_dir: Path, v1_keys: Mapping[str, frozenset[str]]) -> JSONDict:
    """``{module: {TypedDict: keys}}`` of the hand-written ``undocumented_*.py`` modules, read
    with ``ast`` (so a broken ``v1.py`` cannot stop the generator); bases are followed within
    the module and into ``inatsdk.params.v1``."""
    found: JSONDict = {}
    for path in sorted(params_dir.glob("undocumented_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes: dict[str, frozenset[str]] = {}
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            keys: set[str] = set()
            for base in node.bases:
                name = ast.unparse(base)
                keys |= classes.get(name) or v1_keys.get(name) or frozenset()
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    keys.add(stmt.target.id)
            classes[node.name] = frozenset(keys)
        found[path.stem] = classes
    return found


def listings(ops: Sequence[JSONDict], params_dir: Path = OUT_DIR) -> list[JSONDict]:
    """The v1 listing operations, sorted by path, each with its TypedDict and what its paginator
    class's ``filter`` and ``order_by`` take.

    Listing operations: every documented v1 GET that declares ``page`` or ``per_page`` (but
    ``_NOT_LISTINGS``), the documented ``_EXTRA_LISTINGS`` and the undocumented
    ``_UNDOCUMENTED_LISTINGS``.
    """
    by_key = {(op["method"], op["path"]): op for op in ops}
    v1_params: dict[str, JSONDict] = {}  # TypedDict name -> the operation it describes
    for op in ops:
        if op["documented"] and op["method"] == "GET":
            v1_params[class_name(op["method"], op["path"])] = op
    for key in [*_NOT_LISTINGS, *_EXTRA_LISTINGS]:
        if key not in by_key or not by_key[key]["documented"]:
            raise ValueError(f"{key}: no such documented operation in the v1 spec")
    documented = [
        op
        for op in ops
        if (op["method"], op["path"]) not in _NOT_LISTINGS
        and (is_paging_operation(op) or (op["method"], op["path"]) in _EXTRA_LISTINGS)
    ]
    managed = {(op["method"], op["path"]) for op in documented}
    v1_keys = {
        name: frozenset(
            p["name"] for p in _typed_params(op, paging=(op["method"], op["path"]) not in managed)
        )
        for name, op in v1_params.items()
    }
    hand_written = _hand_written_keys(params_dir, v1_keys)

    out: list[JSONDict] = []
    for op in documented:
        name = class_name(op["method"], op["path"])
        out.append(_listing(op["path"], "v1", name, op, v1_keys[name], documented=True))
    for path, (module, name) in _UNDOCUMENTED_LISTINGS.items():
        route = by_key.get(("GET", path))
        if route is None or route["documented"]:
            raise ValueError(f"GET {path}: not an undocumented route of the v1 server")
        if module == "v1":
            if name not in v1_params:
                raise ValueError(f"GET {path}: inatsdk.params.v1 has no {name}")
            listing = _listing(path, module, name, v1_params[name], v1_keys[name], documented=False)
            out.append(listing)
            continue
        keys = hand_written.get(module, {}).get(name)
        if keys is None:
            raise ValueError(f"GET {path}: inatsdk/params/{module}.py has no class {name}")
        clash = sorted(keys & {*PAGING_NAMES, "order_by"})
        if clash:
            raise ValueError(
                f"{module}.{name} declares {', '.join(clash)}: the paginator sends page and "
                "per_page, and the generator knows no order_by values for a hand-written class"
            )
        out.append(
            {
                "path": path,
                "module": module,
                "params": name,
                "paginator": _paginator_name(name),
                "documented": False,
                "order_by": None,
                "order": "order" in keys,
                "keys": sorted(keys),
            }
        )
    out.sort(key=lambda listing: listing["path"])
    seen: dict[str, str] = {}
    for listing in out:
        owner = seen.setdefault(listing["paginator"], f"{listing['module']}.{listing['params']}")
        if owner != f"{listing['module']}.{listing['params']}":
            raise ValueError(f"paginator name clash: {listing['paginator']} ({owner})")
    return out


def _paginator_name(params: str) -> str:
    if not params.endswith("Params"):
        raise ValueError(f"{params}: a parameter TypedDict's name ends in 'Params'")
    return params.removesuffix("Params") + "Paginator"


def _listing(
    path: str, module: str, name: str, op: JSONDict, keys: Iterable[str], *, documented: bool
) -> JSONDict:
    """A listing whose TypedDict is the generated one of ``op``."""
    query = {p["name"]: p for p in op["parameters"] if p["location"] == "query"}
    order_by = query.get("order_by")
    return {
        "path": path,
        "module": module,
        "params": name,
        "paginator": _paginator_name(name),
        "documented": documented,
        # None: no order_by parameter; []: one without an enum (any string)
        "order_by": None if order_by is None else list(order_by.get("enum") or []),
        "order": "order" in query,
        "keys": sorted(keys),
    }


def _base_returns_self(paginator_source: str) -> dict[str, bool]:
    """Whether ``Paginator.filter`` and ``Paginator.order_by`` (in ``inatsdk/paginator.py``)
    are annotated ``-> Self``; the subclasses cast what ``super()`` returns where they are not."""
    found = {"filter": False, "order_by": False}
    for node in ast.parse(paginator_source).body:
        if isinstance(node, ast.ClassDef) and node.name == "Paginator":
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in found:
                    returns = item.returns
                    found[item.name] = returns is not None and ast.unparse(returns).strip(
                        "'\""
                    ) in ("Self", "typing_extensions.Self", "typing.Self")
    return found


def _wrap(text: str, indent: str, width: int = LINE_LENGTH) -> list[str]:
    """``text`` (words, no newlines) in lines of at most ``width`` columns with ``indent``."""
    lines: list[str] = []
    line = ""
    for word in re.findall(r"``[^`]*``\S*|\S+", text):  # never breaks inside ``...``
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def _docstring_block(paragraphs: Sequence[str], indent: str) -> list[str]:
    """A docstring of ``paragraphs`` wrapped to the line length (one line when it fits)."""
    if len(paragraphs) == 1 and len(f'{indent}"""{paragraphs[0]}"""') <= LINE_LENGTH:
        return [f'{indent}"""{paragraphs[0]}"""']
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append("")
        lines += _wrap(paragraph, indent)
    lines[0] = indent + '"""' + lines[0][len(indent) :]
    if len(lines[0]) > LINE_LENGTH:  # rewrap the first paragraph with the quotes counted
        first = _wrap('"""' + paragraphs[0], indent)
        lines = first + lines[len(_wrap(paragraphs[0], indent)) :]
    lines.append(f'{indent}"""')
    return lines


def _alias_lines(name: str, values: Sequence[str]) -> list[str]:
    literal = "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"
    line = f"{name}: TypeAlias = {literal}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"{name}: TypeAlias = Literal[", *(f"    {json.dumps(v)}," for v in values), "]"]


def render_paginators_module(found: Sequence[JSONDict], returns_self: Mapping[str, bool]) -> str:
    """The ``paginators.py`` source: one ``Paginator`` subclass per listing TypedDict."""
    classes: dict[str, list[JSONDict]] = {}  # paginator class -> its listings, in path order
    for listing in found:
        classes.setdefault(listing["paginator"], []).append(listing)
    aliases: dict[str, list[str]] = {}  # alias name -> values
    alias_of: dict[str, str] = {}  # alias name -> its paginator class
    for name, group in classes.items():
        order_by = group[0]["order_by"]
        if order_by is not None:  # [] when the spec lists no values: the alias is ``str``
            alias = _alias_name(name, group[0])
            aliases[alias] = order_by
            alias_of[alias] = name
    uses_never = any(group[0]["order_by"] is None for group in classes.values())
    one_way = any(g[0]["order_by"] is not None and not g[0]["order"] for g in classes.values())
    uses_literal = one_way or any(aliases.values())
    imports: dict[str, set[str]] = {}
    for group in classes.values():
        if group[0]["keys"]:  # an empty TypedDict is named in docstrings only
            imports.setdefault(group[0]["module"], set()).add(group[0]["params"])
    # the v2 TypedDicts share names with v1's: they are named through their module
    uses_v2 = bool(imports.pop("v2", None))
    names = sorted([*classes, *aliases])
    needs_cast = not all(returns_self.values())

    out: list[str] = [
        "# Generated by tools/generate_params.py from ../shared/inat-api/spec/v1_swagger.json,",
        "# v2_openapi.json and the hand-written inatsdk/params/undocumented_*.py. Do not edit by",
        "# hand: change the generator and run `python tools/generate_params.py`.",
        '"""Typed paginators: one :class:`~inatsdk.paginator.Paginator` subclass per listing.',
        "",
        "Each class re-declares ``filter()`` and ``order_by()`` of its operation, so type checkers",
        "and editors check and complete a refinement exactly like the controller method that made",
        "the paginator: ``filter()`` takes the operation's ``TypedDict`` (``TaxaSearchParams`` ->",
        "``TaxaSearchPaginator``), which leaves out ``page`` and ``per_page`` (the paginator sends",
        "them: use ``.page_size(n)``, ``.limit(n)``, ``.pages()`` or slicing).",
        "",
        "``order_by()`` takes a ``Literal`` of the values the spec lists for the operation's",
        "``order_by`` parameter (``TaxaSearchOrderBy``), ``str`` when it lists none, and ``Never``",
        "when the operation has no ``order_by`` parameter: the API cannot sort it, so any call is a",
        "type error (and raises :class:`~inatsdk.errors.InvalidParameterError` at run time; paging",
        "by id needs ``order_by=id``, so none of them pages by id). Where the operation takes",
        "``order_by`` but no ``order``, ``desc`` is ``Literal[True]``: it sorts one way only.",
        "",
        "Listing operations: every documented v1 GET that declares ``page`` or ``per_page`` (but",
        "``/places/nearby``, which answers one object), the documented ones the SDK pages although",
        "their spec declares neither, and the undocumented routes of ``undocumented_*.py``.",
        "",
        "v2 listings (the operations the SDK pages: its ``*_v2`` methods and the v2-only",
        "controllers) have classes of their own, named after their :mod:`inatsdk.params.v2`",
        "``TypedDict`` with a ``V2`` suffix (``PlacesSearchParams`` -> ``PlacesSearchPaginatorV2``,",
        "``order_by()`` taking ``PlacesSearchOrderByV2``). :data:`PAGINATOR_FOR` maps",
        "``(version, method, path)`` to the class. A v1 paginator moved to v2 by ``.fields()``",
        "keeps its v1 class.",
        "",
        "The classes only re-declare signatures (no ``__init__``, no state). The overrides narrow",
        "the base's ``**params: object`` and ``field: str``, so each carries",
        "``# type: ignore[override]``; pyright honours that comment too (``enableTypeIgnoreComments``",
        "is on by default), so a second ``# pyright: ignore[...]`` would be an unnecessary one.",
        "The ``TypedDict`` classes are imported for type checkers only: importing this module does",
        "not load ``inatsdk.params.v1`` or ``inatsdk.params.v2``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any, "
        + ("Literal, " if uses_literal else "")
        + ("TypeAlias, " if aliases else "")
        + "TypeVar"
        + (", cast" if needs_cast else ""),
        "",
        "from inatsdk.paginator import Paginator",
        "",
        "if TYPE_CHECKING:",
        "    from typing_extensions " + ("import Never, Unpack" if uses_never else "import Unpack"),
        "",
    ]
    if uses_v2:
        out.append("    from inatsdk.params import v2")
    for module in sorted(imports):
        members = sorted(imports[module])
        line = f"    from inatsdk.params.{module} import {', '.join(members)}"
        if len(line) <= LINE_LENGTH:
            out.append(line)
        else:
            out.append(f"    from inatsdk.params.{module} import (")
            out += [f"        {m}," for m in members]
            out.append("    )")
    out += ["", "__all__ = ["]
    out += [f"    {json.dumps(n)}," for n in ["PAGINATOR_FOR", *names]]
    out += ["]", "", 'T = TypeVar("T")', ""]
    for alias in sorted(aliases):
        values = aliases[alias]
        if values:
            out += _alias_lines(alias, values)
        else:
            out.append(f"{alias}: TypeAlias = str")
        group = classes[alias_of[alias]]
        out += _docstring_block([f"The ``order_by`` values of ``{_ops_text(group)}``."], "")
    for name, group in classes.items():
        out += ["", "", *_render_paginator_class(name, group, returns_self)]
    out += [
        "",
        "",
        "PAGINATOR_FOR: dict[tuple[str, str, str], type[Paginator[Any]]] = {",
    ]
    for listing in found:
        key = f'("{listing.get("version", "v1")}", "GET", {json.dumps(listing["path"])})'
        line = f"    {key}: {listing['paginator']},"
        if len(line) <= LINE_LENGTH:
            out.append(line)
        else:
            out += [
                f"    {key}: (",
                f"        {listing['paginator']}",
                "    ),",
            ]
    out += [
        "}",
        '"""``(version, method, path)`` of a listing operation -> its paginator class; the path as',
        'in the spec (``"/taxa/{id}/wanted"``)."""',
    ]
    return "\n".join(out) + "\n"


def _ops_text(group: Sequence[JSONDict]) -> str:
    return "`` and ``".join(
        f"GET /{listing.get('version', 'v1')}{listing['path']}" for listing in group
    )


def _qualified(listing: JSONDict) -> str:
    """How ``paginators.py`` names a listing's TypedDict (``v2.PlacesSearchParams`` for v2)."""
    return ("v2." if listing["module"] == "v2" else "") + str(listing["params"])


def _alias_name(paginator: str, listing: JSONDict) -> str:
    """The ``order_by`` alias of a paginator class (``TaxaSearchOrderBy``, ``...OrderByV2``)."""
    return str(listing.get("alias") or paginator.removesuffix("Paginator") + "OrderBy")


def _render_paginator_class(
    name: str, group: Sequence[JSONDict], returns_self: Mapping[str, bool]
) -> list[str]:
    first = group[0]
    params = first["params"]
    params_ref = f":class:`~inatsdk.params.{first['module']}.{params}`"
    where = _ops_text(group)
    order_by: list[str] | None = first["order_by"]
    if order_by is None:
        field, order_text = "Never", "no ``order_by()``: the operation cannot be sorted"
    else:
        field = _alias_name(name, first)
        order_text = f"``order_by()`` takes :data:`{field}`"
        if not first["order"]:
            order_text += " (one direction only)"
    desc = "Literal[True]" if order_by is not None and not first["order"] else "bool"
    returned = f"{name}[T]"
    out = [f"class {name}(Paginator[T]):"]
    out += _docstring_block(
        [
            f"Paginator over ``{where}``.",
            (
                f"``filter()`` takes {params_ref} (the keywords of the controller method that "
                "made it)"
                if first["keys"]
                else f"``filter()`` takes no keywords ({params_ref} is empty)"
            )
            + f"; {order_text}.",
        ],
        "    ",
    )
    out += ["", "    __slots__ = ()", ""]

    def call(method: str, args: str) -> str:
        expression = f"super().{method}({args})"
        if returns_self[method]:
            return f"        return {expression}"
        line = f'        return cast("{returned}", {expression})'
        if len(line) <= LINE_LENGTH:
            return line
        return f'        return cast(\n            "{returned}", {expression}\n        )'

    if first["keys"]:
        out += [
            "    def filter(  # type: ignore[override]",
            "        self,",
            f"        **params: Unpack[{_qualified(first)}],",
            f"    ) -> {returned}:",
        ]
        doc = f"Add or replace parameters of ``{where}``, as {params_ref} allows."
        out += _docstring_block([doc], "        ")
        out += [call("filter", "**params"), ""]
    else:  # ``Unpack`` of an empty TypedDict: pyright would see no narrowing to ignore
        out.append(f"    def filter(self) -> {returned}:  # type: ignore[override]")
        doc = f"``{where}`` takes no parameters ({params_ref} is empty): nothing to add."
        out += _docstring_block([doc], "        ")
        out += [call("filter", ""), ""]
    out += [
        "    def order_by(  # type: ignore[override]",
        "        self,",
        f"        field: {field},",
        "        *,",
        f"        desc: {desc} = True,",
        f"    ) -> {returned}:",
    ]
    if order_by is None:
        doc = (
            f"``{where}`` takes no ``order_by``: any call is a type error (and raises "
            ":class:`~inatsdk.errors.InvalidParameterError`)."
        )
    elif first["order"]:
        doc = f"Sort by ``field`` (:data:`{field}`), largest or newest first unless ``desc=False``."
    else:
        doc = f"Sort by ``field`` (:data:`{field}`); the API sorts one way only (``desc=True``)."
    out += _docstring_block([doc], "        ")
    out.append(call("order_by", "field, desc=desc"))
    return out


# ---------------------------------------------------------------------------------------------
# The v2 TypedDict module
# ---------------------------------------------------------------------------------------------

#: v2 query parameters the TypedDicts leave out: ``fields`` is the methods' ``fields=`` keyword
#: (a typed :class:`~inatsdk.fields.Fields` selection), not a free-form string.
_V2_NOT_KEYS = frozenset({"fields"})

#: v2 GET operations that declare ``per_page`` but answer one object, not a list.
_V2_NOT_LISTINGS = frozenset({("GET", "/places/nearby")})

#: The v2 GET operations the SDK hands out as paginators (its v2 listing methods), each with a
#: typed paginator class; those that declare ``page`` but no ``per_page`` (``/messages``,
#: ``/saved_locations``) or neither (a whole list in one answer) are listings too.
_V2_PAGED: frozenset[str] = frozenset(
    {
        "/announcements",
        "/authorized_applications",
        "/controlled_terms",
        "/controlled_terms/for_taxon/{taxon_id}",
        "/exemplar_identifications",
        "/identifications/identifiers",
        "/identifications/recent_taxa",
        "/identifications/similar_species",
        "/messages",
        "/observations",
        "/observations/iconic_taxa_counts",
        "/observations/iconic_taxa_species_counts",
        "/observations/identification_categories",
        "/observations/identifiers",
        "/observations/observers",
        "/observations/popular_field_values",
        "/observations/quality_grades",
        "/observations/species_counts",
        "/observations/umbrella_project_stats",
        "/observations/updates",
        "/observations/{uuid}/quality_metrics",
        "/observations/{uuid}/subscriptions",
        "/places",
        "/posts/for_user",
        "/projects",
        "/projects/{id}/members",
        "/projects/{id}/posts",
        "/provider_authorizations",
        "/relationships",
        "/saved_locations",
        "/search",
        "/sites",
        "/taxa",
        "/taxa/autocomplete",
        "/taxa/iconic",
        "/taxa/{id}/wanted",
        "/taxon_id_summaries",
        "/translations/locales",
        "/users",
        "/users/autocomplete",
        "/users/recent_observation_fields",
        "/users/{id}/posts",
        "/users/{id}/projects",
    }
)


def _v2_is_listing(op: JSONDict) -> bool:
    if op["method"] != "GET" or (op["method"], op["path"]) in _V2_NOT_LISTINGS:
        return False
    return op["path"] in _V2_PAGED or any(
        p["location"] == "query" and p["name"] == "per_page" for p in op["parameters"]
    )


def v2_listings(ops: Sequence[JSONDict]) -> list[JSONDict]:
    """The v2 listing operations of :data:`_V2_PAGED`, sorted by path, each with its generated
    ``TypedDict`` of :mod:`inatsdk.params.v2` (no ``page``, ``per_page`` or ``fields``) and
    the spec's ``order_by`` values; their classes end in ``V2`` (``PlacesSearchPaginatorV2``)."""
    by_path = {op["path"]: op for op in ops if op["method"] == "GET"}
    missing = sorted(_V2_PAGED - set(by_path))
    if missing:
        raise ValueError(f"not GET operations of the v2 spec: {', '.join(missing)}")
    out: list[JSONDict] = []
    for path in sorted(_V2_PAGED):
        op = by_path[path]
        name = class_name("GET", path)
        query = {p["name"]: p for p in op["parameters"] if p["location"] == "query"}
        order_by = query.get("order_by")
        stem = name.removesuffix("Params")
        out.append(
            {
                "path": path,
                "version": "v2",
                "module": "v2",
                "params": name,
                "paginator": stem + "PaginatorV2",
                "alias": stem + "OrderByV2",
                "documented": True,
                "order_by": None if order_by is None else list(order_by.get("enum") or []),
                "order": "order" in query,
                "keys": sorted(p["name"] for p in _v2_query_keys(op)),
            }
        )
    return out


def _one_line(text: object) -> str | None:
    """A spec description on one line (v2 bodies indent theirs over several)."""
    if not isinstance(text, str):
        return None
    return " ".join(text.split()) or None


def _v2_query_keys(op: JSONDict) -> list[JSONDict]:
    listing = _v2_is_listing(op)
    out: list[JSONDict] = []
    for p in op["parameters"]:
        if p["location"] != "query" or p["name"] in _V2_NOT_KEYS:
            continue
        if listing and p["name"] in PAGING_NAMES:
            continue
        out.append(p)
    return out


class _V2Bodies:
    """Renders JSON (and multipart) body schemas as nested ``TypedDict`` classes."""

    def __init__(self, spec: JSONDict, aliases: _Aliases) -> None:
        self.spec = spec
        self.aliases = aliases
        self.classes: list[tuple[str, str, list[tuple[str, str, str, bool]]]] = []
        self.names: set[str] = set()

    def annotation(self, schema: JSONDict, name: str, owner: str) -> str:
        schema = _resolve(self.spec, schema)
        nullable = bool(schema.get("nullable"))
        alts = schema.get("anyOf") or schema.get("oneOf")
        if alts:
            parts: list[str] = []
            for alt in alts:
                for part in self.annotation(alt, name, owner).split(" | "):
                    if part not in parts:
                        parts.append(part)
            text = " | ".join(parts)
        else:
            text = self._single(schema, name, owner)
        if nullable and "None" not in text.split(" | ") and text != "object":
            text += " | None"
        return text

    def _single(self, schema: JSONDict, name: str, owner: str) -> str:
        type_ = schema.get("type")
        enum = schema.get("enum")
        if type_ == "array":
            item = self.annotation(schema.get("items") or {}, name, owner)
            return f"list[{item}]"
        if type_ == "object" or (type_ is None and "properties" in schema):
            if not schema.get("properties"):
                return "dict[str, object]"
            nested = owner + _camel(re.sub(r"\[|\]", " ", name))
            return self.typeddict(nested, schema, f"The ``{name}`` object of :class:`{owner}`.")
        if enum:
            values = [_enum_text(v) for v in enum]
            if type_ == "boolean" or set(values) <= {"true", "false"}:
                return "bool"
            literal = _literal(values, type_)
            self.aliases.want(name, literal, owner)
            return "{L:" + literal + "}"
        if type_ == "integer":
            return "int"
        if type_ == "number":
            return "float"
        if type_ == "boolean":
            return "bool"
        if type_ == "string":
            return "IO[bytes] | bytes" if schema.get("format") == "binary" else "str"
        return "object"

    def typeddict(self, name: str, schema: JSONDict, headline: str | None) -> str:
        """Declare the TypedDict ``name`` for an object ``schema``; its name."""
        if name in self.names:
            raise ValueError(f"class name clash: {name}")
        self.names.add(name)
        required = set(schema.get("required") or ())
        keys: list[tuple[str, str, str, bool]] = []
        for key, sub in (schema.get("properties") or {}).items():
            if key in _V2_NOT_KEYS:
                continue
            resolved = _resolve(self.spec, sub)
            doc = _one_line(resolved.get("description")) or "No description in the spec."
            if "default" in resolved:
                default = resolved["default"]
                shown = json.dumps(default) if isinstance(default, bool) else str(default)
                doc = doc.rstrip(".") + f". Default: ``{shown}``."
            if key in required:
                doc = doc.rstrip(".") + ". Required."
            keys.append((key, self.annotation(sub, key, name), doc, key in required))
        text = headline or f"The ``{name}`` object of a request body."
        self.classes.append((name, text, keys))
        return name


def _finish_annotation(text: str, aliases: _Aliases) -> str:
    def swap(match: re.Match[str]) -> str:
        literal = match.group(1)
        return aliases.names.get(literal, literal)

    return re.sub(r"\{L:(Literal\[.*?\])\}", swap, text)


def _render_class(
    out: list[str],
    name: str,
    headline: str,
    keys: Sequence[tuple[str, str, str, bool]],
    aliases: _Aliases,
) -> None:
    """Append one TypedDict: class syntax when every key is an identifier, else functional."""
    out.append("")
    identifiers = all(k.isidentifier() and not keyword.iskeyword(k) for k, _, _, _ in keys)
    rendered = []
    for key, annotation, doc, required in keys:
        typ = _finish_annotation(annotation, aliases)
        rendered.append((key, f"Required[{typ}]" if required else typ, doc))
    if identifiers:
        out.append(f"class {name}(TypedDict, total=False):")
        out += _docstring(headline)
        if rendered:
            out.append("")
        for key, typ, doc in rendered:
            line = f"    {key}: {typ}"
            if len(line) > LINE_LENGTH and typ.startswith("Required["):
                line = f"    {key}: Required[\n        {typ[9:-1]}\n    ]"
            elif len(line) > LINE_LENGTH:
                line = f"    {key}: (\n        {typ}\n    )"
            out.append(line)
            out += _docstring(doc)
        out.append("")
        return
    out += [f"{name} = TypedDict(", f'    "{name}",', "    {"]
    for key, typ, doc in rendered:
        out += [f"        # {line}".rstrip() for line in _wrap(doc, "")]
        out.append(f"        {json.dumps(key)}: {typ},")
    out += ["    },", "    total=False,", ")"]
    doc_line = f"{name}.__doc__ = {json.dumps(headline)}"
    if len(doc_line) <= LINE_LENGTH:
        out.append(doc_line)
    else:
        out += [f"{name}.__doc__ = (", f"    {json.dumps(headline)}", ")"]
    out.append("")


def _body_schemas(
    spec: JSONDict, method: str, path: str
) -> tuple[JSONDict | None, JSONDict | None]:
    """The JSON and the multipart body schema of a v2 operation (either may be None)."""
    item = spec["paths"].get(path) or spec["paths"].get("/v2" + path) or {}
    op = item.get(method.lower()) or {}
    body = op.get("requestBody")
    if body is None:
        return None, None
    content = _resolve(spec, body).get("content") or {}
    json_schema = (content.get("application/json") or {}).get("schema")
    form_schema = (content.get("multipart/form-data") or {}).get("schema")
    return (
        _resolve(spec, json_schema) if json_schema else None,
        _resolve(spec, form_schema) if form_schema else None,
    )


def render_v2_module(ops: Sequence[JSONDict], spec: JSONDict) -> str:
    """The ``v2.py`` source: per v2 operation a query ``...Params``, a ``...Path`` (its path
    placeholders), a ``...Body`` (its JSON body, nested objects as their own classes) and a
    ``...Form`` (its multipart form), each where the operation has any."""
    aliases = _Aliases()
    bodies = _V2Bodies(spec, aliases)
    blocks: list[tuple[str, str, list[tuple[str, str, str, bool]]]] = []
    params_for: list[tuple[JSONDict, str]] = []
    path_for: list[tuple[JSONDict, str]] = []
    body_for: list[tuple[JSONDict, str]] = []
    form_for: list[tuple[JSONDict, str]] = []
    names: set[str] = set()
    takes_fields: list[JSONDict] = []
    for op in ops:
        name = class_name(op["method"], op["path"])
        stem = name.removesuffix("Params")
        described = f"``{op['method']} /v2{op['path']}``"
        summary = (op.get("summary") or "").rstrip(".")
        tail = f" ({summary})." if summary else "."
        query = _v2_query_keys(op)
        if op["method"] == "GET" or query:
            if name in names:
                raise ValueError(f"class name clash: {name} ({op['method']} {op['path']})")
            names.add(name)
            keys: list[tuple[str, str, str, bool]] = []
            for p in query:
                annotation, literal = _annotation(p)
                if literal is not None:
                    aliases.want(p["name"], literal, name)
                    annotation = annotation.replace("{L}", "{L:" + literal + "}")
                keys.append((p["name"], annotation, _key_doc(p), False))
            headline = f"Query parameters of {described}{tail}"
            if _v2_is_listing(op) and any(
                p["location"] == "query" and p["name"] in PAGING_NAMES for p in op["parameters"]
            ):
                headline += (
                    "\n\n``page`` and ``per_page`` are left out: the paginator sends them; use"
                    "\n``.page_size(n)``, ``.limit(n)``, ``.pages()`` or slicing."
                )
            if op["method"] == "GET" and op["path"] in _V2_PAGED:
                headline += (
                    "\n\nThe paginator's class (its ``filter()`` takes this TypedDict):"
                    f"\n:class:`~inatsdk.params.paginators.{stem}PaginatorV2`."
                )
            blocks.append((name, headline, keys))
            params_for.append((op, name))
        placeholders = [p for p in op["parameters"] if p["location"] == "path"]
        if placeholders:
            path_name = stem + "Path"
            keys = []
            for p in placeholders:
                annotation, literal = _annotation(p)
                if p.get("type") == "array":  # "A single UUID": one value or several
                    annotation = (
                        annotation.replace("{L}", "{L:" + literal + "}") if literal else annotation
                    )
                elif literal is not None:
                    annotation = annotation.replace("{L}", "{L:" + literal + "}")
                keys.append((p["name"], annotation, _key_doc(p).replace(" Required.", ""), True))
            blocks.append((path_name, f"Path placeholders of {described}.", keys))
            path_for.append((op, path_name))
        json_schema, form_schema = _body_schemas(spec, op["method"], op["path"])
        if json_schema is not None and "fields" in (json_schema.get("properties") or {}):
            takes_fields.append(op)
        if json_schema is not None:
            body_name = bodies.typeddict(
                stem + "Body", json_schema, f"The JSON body of {described}{tail}"
            )
            body_for.append((op, body_name))
        if form_schema is not None:
            form_name = bodies.typeddict(
                stem + "Form", form_schema, f"The multipart form of {described}{tail}"
            )
            form_for.append((op, form_name))
    aliases.assign()

    out: list[str] = [
        "# Generated by tools/generate_params.py from ../shared/inat-api/spec/v2_openapi.json.",
        "# Do not edit by hand: change the generator and run `python tools/generate_params.py`.",
        '"""Request parameters of the iNaturalist API v2, as ``TypedDict`` classes.',
        "",
        "Per operation, where it has any: ``<Name>Params`` its query parameters, ``<Name>Path`` its",
        "path placeholders, ``<Name>Body`` its JSON body (nested objects are classes of their own,",
        "``ObservationsCreateBodyObservation``) and ``<Name>Form`` its multipart form. Every key has",
        "the spec's description as its docstring (or comment, for keys such as ``user[name]`` that",
        "are not identifiers), so editors show it; required body keys are ``Required[...]``. Names",
        "follow :mod:`inatsdk.params.v1` (``GET /observations`` -> ``ObservationsSearchParams``).",
        "",
        "``fields`` is left out everywhere: the controller methods take a typed ``fields=``",
        "selection (:mod:`inatsdk.fields`). The query classes of listings leave out ``page`` and",
        "``per_page``: their paginators send them. ``PARAMS_FOR``, ``PATH_FOR``, ``BODY_FOR`` and",
        "``FORM_FOR`` map ``(method, path)`` to the classes, the path as in the spec without",
        '``/v2`` (``"/observations/{uuid}"``).',
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Sequence",
        "from datetime import date, datetime",
        "from typing import IO, TYPE_CHECKING, Literal, TypeAlias, TypedDict, TypeVar, Union",
        "",
        "from typing_extensions import Required",
        "",
        "if TYPE_CHECKING:",
        "    from inatsdk.fields import Fields",
        "",
    ]
    alias_lines = aliases.render()
    if alias_lines:
        out += alias_lines
        out.append("")
    # nested body classes first, so every name is defined before use (annotations are lazy
    # anyway, but readers read top-down)
    for name, headline, keys in blocks:
        _render_class(out, name, headline, keys, aliases)
    for name, headline, keys in bodies.classes:
        _render_class(out, name, headline, keys, aliases)
    for table, rows, doc in (
        ("PARAMS_FOR", params_for, "its query parameter ``TypedDict``"),
        ("PATH_FOR", path_for, "its path placeholders' ``TypedDict``"),
        ("BODY_FOR", body_for, "its JSON body's ``TypedDict``"),
        ("FORM_FOR", form_for, "its multipart form's ``TypedDict``"),
    ):
        out += ["", f"{table}: dict[tuple[str, str], type] = {{"]
        for op, name in rows:
            line = f"    ({json.dumps(op['method'])}, {json.dumps(op['path'])}): {name},"
            head = f"    ({json.dumps(op['method'])}, {json.dumps(op['path'])}): ("
            if len(line) <= LINE_LENGTH:
                out.append(line)
            elif len(head) <= LINE_LENGTH:
                out += [head, f"        {name}", "    ),"]
            else:  # as ruff formats it
                out += [
                    "    (",
                    f"        {json.dumps(op['method'])},",
                    f"        {json.dumps(op['path'])},",
                    f"    ): ({name}),",
                ]
        out += ["}", f'"""``(method, path)`` of a v2 operation -> {doc}."""']
    out += ["", "BODY_TAKES_FIELDS: frozenset[tuple[str, str]] = frozenset(", "    {"]
    out += [
        f"        ({json.dumps(op['method'])}, {json.dumps(op['path'])})," for op in takes_fields
    ]
    out += [
        "    }",
        ")",
        '"""``(method, path)`` of the v2 writes whose JSON body takes a ``fields`` selection."""',
    ]
    out += _render_field_names(spec)
    return "\n".join(out) + "\n"


#: v2 record schemas whose top-level field names become ``<Schema>FieldName`` literals, for
#: typed ``fields=`` selections (``Selection[ObservationFieldName]``).
_V2_FIELD_SCHEMAS = (
    "Announcement",
    "Annotation",
    "Comment",
    "ControlledTerm",
    "ExemplarIdentification",
    "Flag",
    "Identification",
    "Message",
    "Observation",
    "ObservationField",
    "ObservationFieldValue",
    "ObservationPhoto",
    "ObservationSound",
    "Photo",
    "Place",
    "Post",
    "Project",
    "ProjectUser",
    "ProviderAuthorization",
    "QualityMetric",
    "Relationship",
    "SavedLocation",
    "Site",
    "Sound",
    "Taxon",
    "TaxonIdSummary",
    "User",
)


def _render_field_names(spec: JSONDict) -> list[str]:
    schemas = spec["components"]["schemas"]
    out = [
        "",
        "",
        "# --- field names, for typed ``fields=`` selections ---------------------------------------",
        "",
        'T = TypeVar("T", bound=str)',
        "",
        'Selection: TypeAlias = Union["Fields", Literal["all"], Sequence[Union[T, "Fields"]]]',
        '"""What a v2 method\'s ``fields=`` takes: a :class:`~inatsdk.fields.Fields` selection,',
        '``"all"``, or top-level field names of its resource (``Selection[ObservationFieldName]``',
        'takes ``["quality_grade", "taxon"]`` and makes ``["qualty_grade"]`` a type error; a',
        'misspelt name is refused at run time too, naming the closest)."""',
    ]
    for name in _V2_FIELD_SCHEMAS:
        schema = _resolve(spec, schemas[name])
        names = sorted(schema.get("properties") or {})
        if not names:
            raise ValueError(f"v2 schema {name} has no properties")
        out.append("")
        out += _alias_lines(f"{name}FieldName", names)
        out.append(f'"""The top-level fields of a v2 ``{name}`` (from the spec\'s schema)."""')
    return out


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def generate(spec_dir: Path) -> tuple[dict[Path, str], list[str]]:
    notes: list[str] = []
    v1_info, v1_ops = v1_operations(spec_dir, notes)
    v2_info, v2_ops = v2_operations(spec_dir, notes)
    found = listings(v1_ops) + v2_listings(v2_ops)
    managed = {
        ("GET", x["path"]): x["paginator"]
        for x in found
        if x["documented"] and x.get("version", "v1") == "v1"
    }
    returns_self = _base_returns_self(
        (ROOT / "inatsdk" / "paginator.py").read_text(encoding="utf-8")
    )
    files = {
        OUT_DIR / "_operations_v1.json": render_table(v1_info, v1_ops),
        OUT_DIR / "_operations_v2.json": render_table(v2_info, v2_ops),
        OUT_DIR / "v1.py": render_v1_module(v1_ops, managed),
        OUT_DIR / "paginators.py": render_paginators_module(found, returns_self),
        OUT_DIR / "v2.py": render_v2_module(
            v2_ops, json.loads((spec_dir / "v2_openapi.json").read_text(encoding="utf-8"))
        ),
    }
    return files, notes


def _default_spec_dir() -> Path:
    env = os.environ.get("INAT_API_SAMPLES")
    if env:
        return Path(env) / "spec"
    return ROOT.parent / "shared" / "inat-api" / "spec"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec-dir", type=Path, default=_default_spec_dir())
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed files are out of date"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="print spec oddities")
    args = parser.parse_args(argv)
    spec_dir: Path = args.spec_dir
    if not (spec_dir / "v1_swagger.json").is_file():
        print(f"error: no v1_swagger.json in {spec_dir}", file=sys.stderr)
        return 2
    files, notes = generate(spec_dir)
    if args.verbose:
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    stale = [
        path
        for path, text in files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: python tools/generate_params.py", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.write_text(text := files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
