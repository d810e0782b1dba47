"""v2's record shapes, for the emulator's v2 answers: which keys each v2 schema declares, which
of them may be null, and what schema each nested object or list item has.

``_v2_shapes.json`` beside this module is compiled from the official v2 spec (OpenAPI 3,
``v2_openapi.json``) by ``python -m inatsdk.testing.v2_schemas SPEC``; a contract test checks
that it is up to date. It holds names only (no records): for each schema a mapping of property
-> ``[nested shape or null, nullable]``, where a nested shape is another schema's name or an
inline object's name (``"Observation.geojson"``). A list property names its items' shape.
``anyOf`` variants are merged (a key any variant declares is kept).

:func:`conform` gives a record v2's shape: keys the schema does not declare are dropped (v2's
schemas forbid additional properties), a null where the schema does not allow one is left out,
and nested objects and lists are conformed to theirs. The emulator builds its v2 records from
its world with the keys v2 has and v1 lacks (a user's ``uuid``, ``last_active``,
``monthly_supporter``, ...; see :mod:`inatsdk.testing.v2_records`), then conforms them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from inatsdk.testing.rules import is_json_array, is_json_object

__all__ = [
    "compile_shapes",
    "conform",
    "conform_answer",
    "required_keys",
    "response_shape",
    "results_required",
    "shapes",
]

_DATA = Path(__file__).with_name("_v2_shapes.json")

Shape = dict[str, tuple[str | None, bool]]
"""property -> (its nested shape's name, or None for a scalar; whether it may be null)."""


@functools.cache
def _data() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(_DATA.read_text(encoding="utf-8")))


@functools.cache
def shapes() -> Mapping[str, Shape]:
    """Every shape by name (read on first use)."""
    raw = cast(dict[str, dict[str, list[Any]]], _data()["shapes"])
    return {
        name: {
            key: (ref if isinstance(ref, str) else None, bool(nullable))
            for key, (ref, nullable) in props.items()
        }
        for name, props in raw.items()
    }


def response_shape(method: str, path: str) -> str | None:
    """The shape of a successful JSON answer of the v2 operation ``method path`` (the path as
    in the spec: ``/observations/{uuid}``), or None (not JSON, or free-form)."""
    found = cast(dict[str, Any], _data()["operations"]).get(f"{method.upper()} {path}")
    return found if isinstance(found, str) else None


def required_keys(shape: str | None) -> tuple[str, ...]:
    """The keys the shape requires (``("uuid",)`` for ``Observation``)."""
    if shape is None:
        return ()
    found = cast(dict[str, list[str]], _data()["required"]).get(shape)
    return tuple(found or ())


def results_required(method: str, path: str) -> tuple[str, ...]:
    """The keys each result of the v2 operation ``method path`` requires (``("id",)``)."""
    shape = response_shape(method, path)
    results = shapes().get(shape or "", {}).get("results")
    return required_keys(results[0] if results is not None else None)


def conform_answer(method: str, path: str, body: Any) -> Any:
    """A v2 operation's answer conformed to the spec's shape for it."""
    return conform(body, response_shape(method, path))


def conform(value: Any, shape: str | None) -> Any:
    """``value`` in the shape named ``shape`` (a new object; ``value`` is not changed)."""
    if shape is None:
        return value
    if is_json_array(value):
        return [conform(v, shape) for v in value]
    if not is_json_object(value):
        return value
    props = shapes().get(shape)
    record = value
    if props is None:  # an open object (free-form in the spec)
        return record
    out: dict[str, Any] = {}
    for key, item in record.items():
        declared = props.get(key)
        if declared is None:
            continue
        nested, nullable = declared
        if item is None:
            if nullable:
                out[key] = None
        else:
            out[key] = item if nested is None else conform(item, nested)
    return out


# --- compiling the spec -------------------------------------------------------------------------


def compile_shapes(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``{"shapes": ..., "operations": ...}``: the shapes of every closed object schema of
    ``spec`` (see the module docstring), and the shape of each operation's successful JSON
    answer (``"GET /observations": "ResultsObservations"``)."""
    schemas = cast(Mapping[str, Any], spec["components"]["schemas"])
    out: dict[str, dict[str, list[Any]]] = {}
    required: dict[str, list[str]] = {}

    def resolve(node: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            return name, cast(Mapping[str, Any], schemas[name])
        return None, node

    def shape_of(node: Mapping[str, Any], inline_name: str) -> str | None:
        """The shape name values of ``node`` take (compiling it if new), or None (a scalar
        or an open object)."""
        name, target = resolve(node)
        if target.get("type") == "array" or "items" in target:
            items = cast(Mapping[str, Any], target.get("items") or {})
            return shape_of(items, inline_name)
        variants = cast(list[Mapping[str, Any]], target.get("anyOf") or target.get("oneOf") or [])
        if variants:
            merged: dict[str, Any] = {
                "type": "object",
                "properties": {},
                "additionalProperties": False,
            }
            closed = False
            for variant in variants:
                _, v = resolve(variant)
                if v.get("type") == "array" or "items" in v:
                    return shape_of(cast(Mapping[str, Any], v.get("items") or {}), inline_name)
                if "properties" in v and v.get("additionalProperties") is False:
                    closed = True
                    merged["properties"].update(v["properties"])
            if not closed:
                return None
            target, name = merged, None
        if "properties" not in target or target.get("additionalProperties") is not False:
            return None
        key = name or inline_name
        if key in out:
            return key
        out[key] = {}  # placed first: a schema may contain itself
        required[key] = [str(r) for r in cast(list[Any], target.get("required") or [])]
        props: dict[str, list[Any]] = {}
        for prop, sub in cast(Mapping[str, Any], target["properties"]).items():
            sub_map = cast(Mapping[str, Any], sub)
            _, resolved = resolve(sub_map)
            nullable = bool(sub_map.get("nullable") or resolved.get("nullable"))
            props[prop] = [shape_of(sub_map, f"{key}.{prop}"), nullable]
        out[key] = props
        return key

    for name in schemas:
        shape_of({"$ref": f"#/components/schemas/{name}"}, name)
    operations: dict[str, str | None] = {}
    for path, item in cast(Mapping[str, Any], spec["paths"]).items():
        for method, op in cast(Mapping[str, Any], item).items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            responses = cast(Mapping[str, Any], op.get("responses") or {})
            for status in sorted(responses):
                if not status.startswith("2"):
                    continue
                content = cast(Mapping[str, Any], responses[status].get("content") or {})
                schema = cast(Mapping[str, Any], content.get("application/json") or {})
                node = cast(Mapping[str, Any], schema.get("schema") or {})
                key = f"{method.upper()} {path}"
                operations[key] = shape_of(node, key) if node else None
                break
    return {
        "shapes": dict(sorted(out.items())),
        "required": dict(sorted(required.items())),
        "operations": dict(sorted(operations.items())),
    }


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python -m inatsdk.testing.v2_schemas PATH/TO/v2_openapi.json", file=sys.stderr
        )
        return 2
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    text = json.dumps(compile_shapes(spec), indent=1, sort_keys=True) + "\n"
    _DATA.write_text(text, encoding="utf-8")
    print(f"wrote {_DATA}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main(sys.argv[1:]))
