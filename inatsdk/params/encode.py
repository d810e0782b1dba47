"""Turn Python request parameters into the API's query strings, checking names first.

The API takes multi-valued parameters comma-separated, booleans as ``true``/``false`` and
dates in ISO 8601. An unknown parameter name is caught here, before anything is sent, with the
closest valid name in the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum

from inatsdk.errors import InvalidParameterError

__all__ = ["check_params", "encode_params", "encode_value"]


def encode_value(value: object) -> str:
    """One parameter value as the API expects it in a query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return encode_value(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, Iterable):
        return ",".join(encode_value(item) for item in value)
    raise InvalidParameterError(
        f"cannot send a {type(value).__name__} as a request parameter: {value!r}"
    )


def encode_params(params: Mapping[str, object]) -> dict[str, str]:
    """Encode every value; ``None`` means "not given" and is dropped."""
    return {name: encode_value(value) for name, value in params.items() if value is not None}


def _typeddict_name(method: str, path: str) -> str:
    from inatsdk.params.v1 import PARAMS_FOR

    found = PARAMS_FOR.get((method, path))
    return found.__name__ if found is not None else "PARAMS_FOR"


def check_params(
    version: str,
    method: str,
    path: str,
    params: Mapping[str, object],
    *,
    also_allowed: Iterable[str] = (),
    caller: str = "",
) -> None:
    """Raise :class:`InvalidParameterError` for a name the operation does not declare, or a
    value outside a parameter's declared choices."""
    from inatsdk.params.spec import operation, suggest

    spec = operation(version, method, path)
    if not spec.parameters_known:
        return
    valid = spec.query_names() | frozenset(also_allowed)
    where = caller or f"{method} /{version}{path}"
    for name, value in params.items():
        if name not in valid:
            guess = suggest(name, valid)
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise InvalidParameterError(
                f"{where} has no parameter {name!r}{hint} "
                f"(its {len(valid)} parameters are listed, with their meaning, in "
                f"inatsdk.params.v1.{_typeddict_name(method, path)})"
            )
        declared = spec.param(name)
        if declared is None or not declared.enum or value is None or isinstance(value, bool):
            continue
        choices = {str(choice) for choice in declared.enum}
        given = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        for item in given:
            text = encode_value(item)
            if text not in choices:
                guess = suggest(text, choices)
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise InvalidParameterError(
                    f"{where}: {name}={text!r} is not one of {', '.join(sorted(choices))}{hint}"
                )
