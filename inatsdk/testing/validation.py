"""Request validation, in one place: every API request is checked against the official spec
(v1's swagger, v2's OpenAPI) before its handler runs, as the real server's validators do, and
refused with HTTP 422 (in the version's error shape) when the spec does not allow it: an unknown
parameter (naming the closest one), a value outside an enum, a non-number where a number is
declared, a non-boolean where a boolean is. A route may accept more than its operation declares
(``Route.extra_params``: parameters the real server reads although its spec leaves them out).
The v2 ``X-HTTP-Method-Override`` form passes its body's parameters here too.
"""

from __future__ import annotations

from collections.abc import Mapping

from inatsdk.testing.routes import Route
from inatsdk.testing.rules import ApiError

__all__ = ["validate_query"]


def validate_query(route: Route, method: str, path: str, query: Mapping[str, str]) -> None:
    """Reject what the spec does not allow (HTTP 422): unknown parameters, values outside an
    enum, non-numbers where numbers are declared. Every API request passes here before its
    handler; the v2 ``POST`` form passes its body's parameters too."""
    if route.version not in ("v1", "v2"):
        return
    from inatsdk.params.spec import match_route, suggest

    matched = match_route(route.version, method, path)
    if matched is None:
        return
    op, _ = matched
    if not op.parameters_known:
        return
    allowed = op.query_names() | route.extra_params
    for name in query:
        if name not in allowed:
            hint = suggest(name, allowed)
            raise ApiError(
                422,
                f"Unknown parameter: {name}" + (f" (did you mean {hint}?)" if hint else ""),
            )
    for name, raw in query.items():
        param = op.param(name)
        if param is None or param.location != "query" or not raw.strip():
            continue
        values = (
            [v.strip() for v in raw.split(",")] if (param.is_multi or param.enum) else [raw.strip()]
        )
        kind = param.item_type if param.is_multi else param.type
        for value in values:
            if not value:
                continue
            if param.enum and value not in param.enum:
                raise ApiError(
                    422,
                    f"Invalid value for {name}: {value!r} (expected one of "
                    f"{', '.join(param.enum)})",
                )
            _check_type(name, kind, value)


def _check_type(name: str, kind: str | None, value: str) -> None:
    if kind == "integer":
        try:
            int(value)
        except ValueError:
            raise ApiError(422, f"{name} must be an integer, not {value!r}") from None
    elif kind == "number":
        try:
            float(value)
        except ValueError:
            raise ApiError(422, f"{name} must be a number, not {value!r}") from None
    elif kind == "boolean" and value.lower() not in ("true", "false", "any"):
        raise ApiError(422, f"{name} must be true or false, not {value!r}")
