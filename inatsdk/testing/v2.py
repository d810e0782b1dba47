"""What the emulator's v2 routes share: ``fields`` parsing (RISON, JSON, ``a,b.c``, ``all``),
answering only the requested fields, the ``X-HTTP-Method-Override: GET`` POST form, and v2
error bodies.

The real v2 server hands most reads to its v1 controllers and then prunes each result to the
requested fields, so a v2 route here does the same: :func:`twin` wraps a v1 handler. Its rules,
from the server's source:

* ``fields`` may be RISON (``(id:!t,user:(login:!t))``), JSON, a comma list with dotted names
  (``id,user.login``) or ``all``; anything else is HTTP 422 "invalid fields parameter" (only
  when there are results to prune, as on the real server).
* Without ``fields``, each result keeps only its required keys (``uuid`` for observations, ``id``
  for taxa, places, users, projects); every nested object keeps its own (``id``, else ``uuid``,
  a geometry's ``type`` and ``coordinates``). Naming an object field alone (``taxon:!t``) gives
  that object's required keys only; ``all`` at any level gives everything below it.
* A lookup by id or UUID (``/observations/{uuid}``) that finds nothing answers HTTP 404.
* ``POST`` with ``X-HTTP-Method-Override: GET`` is the GET of the same path, with the JSON body's
  keys merged into the query (``fields`` may stay an object); an empty body is HTTP 422.
* Errors have v2's shape: ``{"status": "422", "errors": [{"errorCode": "422", "message": ...}]}``
  (the server fills ``errorCode`` with the status).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from inatsdk.testing.records import envelope
from inatsdk.testing.routes import Handler, Reply, RequestContext, Route, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_array, is_json_object
from inatsdk.testing.v2_schemas import conform, response_shape

__all__ = [
    "INVALID",
    "RisonError",
    "add_twin",
    "add_v2",
    "as_envelope",
    "json_objects",
    "override",
    "parse_fields",
    "plain",
    "project",
    "prune",
    "rison_decode",
    "shaped",
    "split_fields",
    "twin",
    "v2_error",
    "v2_path_id",
]

INVALID: Final = object()
""":func:`parse_fields`' answer to a ``fields`` value it cannot read."""

OVERRIDE_HEADER = "X-HTTP-Method-Override"

_COMMA_FIELDS = re.compile(r"[a-z_.]+(,[a-z_.]+)*\Z")
_NOT_ID = frozenset(" '!:(),*@$")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_DETAILS = ("date", "day", "hour", "month", "week", "year")


def v2_error(status: int, message: str) -> ApiError:
    """An error the server renders in v2's shape (every path under ``/v2`` gets it)."""
    return ApiError(status, message)


def v2_path_id(ctx: RequestContext) -> int:
    """The integer ``id`` in the path; HTTP 422 in v2's words otherwise."""
    raw = ctx.path_params["id"].strip()
    if not raw.isdigit():
        raise v2_error(422, "id must be an integer")
    return int(raw)


# --- RISON ---------------------------------------------------------------------------------------


class RisonError(ValueError):
    """Text that is not RISON."""


def rison_decode(text: str) -> Any:
    """Decode one RISON value (``(a:!t,b:(c:'x y'))`` -> ``{"a": True, "b": {"c": "x y"}}``)."""
    value, end = _rison_value(text, 0)
    if end != len(text):
        raise RisonError(f"unexpected {text[end:]!r} after the value")
    return value


def _rison_value(s: str, i: int) -> tuple[Any, int]:
    if i >= len(s):
        raise RisonError("a value is missing")
    c = s[i]
    if c == "(":
        return _rison_object(s, i + 1)
    if c == "'":
        return _rison_string(s, i + 1)
    if c == "!":
        nxt = s[i + 1 : i + 2]
        if nxt == "t":
            return True, i + 2
        if nxt == "f":
            return False, i + 2
        if nxt == "n":
            return None, i + 2
        if nxt == "(":
            return _rison_array(s, i + 2)
        raise RisonError(f"unknown !{nxt}")
    if c == "-" or c.isdigit():
        m = _NUMBER.match(s, i)
        if m is None:
            raise RisonError(f"bad number at {i}")
        number = m.group(0)
        return (float(number) if m.group(1) or m.group(2) else int(number)), m.end()
    j = i
    while j < len(s) and s[j] not in _NOT_ID:
        j += 1
    if j == i:
        raise RisonError(f"unexpected {c!r} at {i}")
    return s[i:j], j


def _rison_string(s: str, i: int) -> tuple[str, int]:
    out: list[str] = []
    while i < len(s):
        c = s[i]
        if c == "'":
            return "".join(out), i + 1
        if c == "!":
            if s[i + 1 : i + 2] not in ("!", "'"):
                raise RisonError(f"bad escape at {i}")
            out.append(s[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    raise RisonError("an unterminated string")


def _rison_object(s: str, i: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    if s[i : i + 1] == ")":
        return out, i + 1
    while True:
        key, i = _rison_value(s, i)
        if not isinstance(key, str) or s[i : i + 1] != ":":
            raise RisonError(f"an object key must be a string followed by ':' (at {i})")
        out[key], i = _rison_value(s, i + 1)
        c = s[i : i + 1]
        if c == ")":
            return out, i + 1
        if c != ",":
            raise RisonError(f"expected ',' or ')' at {i}")
        i += 1


def _rison_array(s: str, i: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    if s[i : i + 1] == ")":
        return out, i + 1
    while True:
        item, i = _rison_value(s, i)
        out.append(item)
        c = s[i : i + 1]
        if c == ")":
            return out, i + 1
        if c != ",":
            raise RisonError(f"expected ',' or ')' at {i}")
        i += 1


# --- fields ----------------------------------------------------------------------------------------


def parse_fields(raw: Any) -> Any:
    """What a request's ``fields`` asks for, as the real server reads it: an object (or
    ``"all"``), ``None`` when absent, :data:`INVALID` when unreadable."""
    if raw is None or raw == "":
        return None
    if is_json_object(raw) or is_json_array(raw):
        return raw
    if not isinstance(raw, str):
        return INVALID
    try:
        return json.loads(raw)
    except ValueError:
        pass
    if _COMMA_FIELDS.match(raw):
        out: dict[str, Any] = {}
        for name in raw.split(","):
            node = out
            parts = name.split(".")
            for part in parts[:-1]:
                child = node.get(part)
                if not is_json_object(child):
                    child = node[part] = {}
                node = child
            node[parts[-1]] = True
        return out
    if raw.startswith("("):
        try:
            return rison_decode(raw)
        except RisonError:
            return INVALID
    return INVALID


def _is_all(fields: Any) -> bool:
    return fields == "all" or (is_json_object(fields) and bool(fields.get("all")))


def _required(value: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys v2's schemas require of a nested object, judged by its shape."""
    if "id" in value:
        return ("id",)
    if "uuid" in value:
        return ("uuid",)
    if "type" in value and "coordinates" in value:
        return ("type", "coordinates")
    if "date" in value and "year" in value:
        return tuple(k for k in _DETAILS if k in value)
    return ()


def project(item: Any, fields: Any, required: tuple[str, ...] | None = None) -> Any:
    """``item`` pruned to ``fields`` (see the module docstring); ``required`` are the keys kept
    whatever is asked (by default, judged from the object's shape)."""
    if is_json_array(item):
        return [project(x, fields, required) for x in item]
    if not is_json_object(item):
        return item
    if _is_all(fields):
        return item
    keep: dict[str, Any] = {
        k: True for k in (required if required is not None else _required(item)) if k in item
    }
    if is_json_object(fields):
        keep.update(fields)
    elif is_json_array(fields):
        keep.update({str(f): f for f in fields})
    elif isinstance(fields, str):
        keep[fields] = fields
    if _is_all(keep):
        return item
    return {k: project(item[k], sub, None) for k, sub in keep.items() if k in item}


# --- routes ----------------------------------------------------------------------------------------


def _header(ctx: RequestContext, name: str) -> str | None:
    lowered = name.lower()
    for key, value in ctx.headers.items():
        if key.lower() == lowered:
            return value
    return None


def _stringify(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_json_array(value):
        return ",".join(_stringify(v) for v in value)
    if value is None:
        return ""
    return str(value)


def split_fields(ctx: RequestContext) -> tuple[dict[str, str], Any]:
    """The request's query without ``fields``, and what ``fields`` asks for (see
    :func:`parse_fields`); a POST override's ``fields`` may be an object."""
    query = dict(ctx.query)
    raw = query.pop("fields", None)
    if isinstance(ctx, _V2Context):
        raw = ctx.fields
    return query, parse_fields(raw)


def prune(results: list[Any], fields: Any, required: tuple[str, ...]) -> list[Any]:
    """Each result pruned to ``fields``, keeping ``required``; HTTP 422 for unreadable
    ``fields`` when there is something to prune (as the real server)."""
    if results and fields is INVALID:
        raise v2_error(422, "invalid fields parameter")
    return [project(r, fields, required) for r in results]


def twin(
    v1: Handler,
    *,
    required: tuple[str, ...],
    lookup: bool = False,
    translate: Callable[[RequestContext, dict[str, str]], dict[str, str]] | None = None,
    adjust: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Handler:
    """A v2 handler made of a v1 one: the query without ``fields`` (``translate`` may rewrite
    it further, e.g. UUIDs to ids) goes to ``v1``, and its results are pruned to the requested
    fields, each keeping ``required``. ``lookup``: a fetch by id or UUID, answered with 404 when
    nothing is found. ``adjust`` turns each v1 result into its v2 record before pruning."""

    def handle(ctx: RequestContext) -> Reply:
        query, fields = split_fields(ctx)
        if translate is not None:
            query = translate(ctx, query)
        reply = v1(plain(ctx, query))
        if reply.status != 200:
            return reply
        data = as_envelope(json.loads(reply.body))
        results = data.get("results")
        if not is_json_array(results):
            return reply
        if lookup and not results:
            raise v2_error(404, "Not Found")
        if adjust is not None:
            results = [adjust(r) if is_json_object(r) else r for r in results]
        data["results"] = prune(results, fields, required)
        return json_reply(data)

    return handle


def json_objects(value: object) -> list[dict[str, Any]]:
    """The JSON objects in ``value`` if it is a JSON array (anything else: none)."""
    if not is_json_array(value):
        return []
    return [v for v in value if is_json_object(v)]


def as_envelope(data: Any) -> dict[str, Any]:
    """A v1 answer in v2's envelope: v2 wraps what some v1 routes answer bare (a list of
    posts, a taxon's map layers) and always names the totals (a message thread)."""
    if is_json_array(data):
        return envelope(len(data), 1, len(data), data)
    if not is_json_object(data):
        return envelope(0, 1, 0, [])
    if "results" not in data:
        return envelope(1, 1, 1, [data])
    results = data["results"]
    count = len(results) if is_json_array(results) else 1
    return {"total_results": count, "page": 1, "per_page": count, **data}


@attrs.frozen
class _V2Context(RequestContext):
    """A request whose ``fields`` came in a POST body (it may be an object, not a string)."""

    fields: Any = None


def plain(ctx: RequestContext, query: Mapping[str, str]) -> RequestContext:
    """``ctx`` as a GET with this query (what a v1 handler expects)."""
    return RequestContext(
        method="GET",
        path=ctx.path,
        version=ctx.version,
        query=query,
        path_params=ctx.path_params,
        headers=ctx.headers,
        body=b"",
        store=ctx.store,
        tokens=ctx.tokens,
    )


def override(get: Route, post: Handler | None = None) -> Handler:
    """The ``POST`` form of a v2 GET route: with ``X-HTTP-Method-Override: GET`` and a JSON
    body, it is that GET with the body's keys merged into the query (checked against the GET
    operation like any query). Without the header it is ``post`` (the path's own ``POST``
    operation, such as creating an observation), if there is one."""

    def handle(ctx: RequestContext) -> Reply:
        if (_header(ctx, OVERRIDE_HEADER) or "").upper() != "GET":
            if post is not None:
                return post(ctx)
            raise ApiError(404, f"POST {ctx.path} is not implemented by the emulator")
        body: Any = None
        if ctx.body.strip():
            try:
                body = json.loads(ctx.body)
            except (ValueError, UnicodeDecodeError):
                raise v2_error(422, "the body is not valid JSON") from None
        if not body:
            raise v2_error(
                422,
                "X-HTTP-Method-Override requires a request body. For requests with no "
                "parameters, use GET",
            )
        if not is_json_object(body):
            raise v2_error(422, "the body must be a JSON object")
        query = dict(ctx.query)
        query.update({k: _stringify(v) for k, v in body.items() if k != "fields"})
        fields = body.get("fields", query.get("fields"))
        if "fields" in body:
            query["fields"] = fields if isinstance(fields, str) else json.dumps(fields)
        from inatsdk.testing.validation import validate_query

        validate_query(get, "GET", ctx.path, query)
        query.pop("fields", None)
        made = _V2Context(**attrs.asdict(plain(ctx, query), recurse=False), fields=fields)
        return get.handler(made)

    return handle


def add_twin(
    router: Router,
    rule: str,
    spec_path: str,
    handler: Handler,
    *,
    extra_params: frozenset[str] = frozenset(),
    post: Handler | None = None,
) -> None:
    """Register a v2 GET route and its ``X-HTTP-Method-Override`` POST form (``spec_path`` is
    the GET operation's path in the spec, ``/observations/{uuid}``); ``post`` answers a POST
    without the header (conformed to the POST operation's shape)."""
    from inatsdk.params.spec import operation

    router.add(
        "GET", rule, shaped(handler, "GET", spec_path), version="v2", extra_params=extra_params
    )
    get_route = router.routes[-1]
    # the POST form may also carry the GET's parameters in its URL
    in_url = operation("v2", "GET", spec_path).query_names() | extra_params
    plain_post = shaped(post, "POST", spec_path) if post is not None else None
    router.add("POST", rule, override(get_route, plain_post), version="v2", extra_params=in_url)


def shaped(handler: Handler, method: str, spec_path: str) -> Handler:
    """``handler`` whose successful JSON answers are conformed to the v2 spec's shape for
    ``method spec_path`` (see :mod:`inatsdk.testing.v2_schemas`): keys v2 does not declare
    are dropped at every level."""
    shape = response_shape(method, spec_path)
    if shape is None:
        return handler

    def handle(ctx: RequestContext) -> Reply:
        reply = handler(ctx)
        if reply.conformed or reply.status >= 300:
            return reply
        if not reply.content_type.startswith("application/json"):
            return reply
        data = conform(json.loads(reply.body), shape)
        return attrs.evolve(reply, body=json.dumps(data, separators=(",", ":")).encode())

    return handle


def add_v2(
    router: Router,
    method: str,
    rule: str,
    spec_path: str,
    handler: Handler,
    *,
    extra_params: frozenset[str] = frozenset(),
) -> None:
    """Register a v2 route (a write, or a GET with no POST form) whose answers are conformed to
    the spec's shape for ``method spec_path``."""
    router.add(
        method,
        rule,
        shaped(handler, method, spec_path),
        version="v2",
        extra_params=extra_params,
    )
