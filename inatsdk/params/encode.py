"""Turn Python request parameters into the API's query strings, checking them first.

The API takes multi-valued parameters comma-separated, booleans as ``true``/``false`` and
dates in ISO 8601. :func:`check_params` (from :mod:`inatsdk.params.checks`) catches an unknown
parameter name, with the closest valid name in the message, and a value the spec rules out,
before anything is sent; :func:`check_positive_int` checks counts such as ``Paginator.limit(n)``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import cast

from inatsdk.errors import InvalidParameterError
from inatsdk.params.checks import check_params, check_positive_int

__all__ = ["check_params", "check_positive_int", "encode_params", "encode_value"]

_EXACT_FLOAT = 2.0**53
"""Floats below this with no fraction are whole numbers exactly, sent as ``3``, not ``3.0``."""


def encode_value(value: object) -> str:
    """One parameter value as the API expects it in a query string.

    ``True``/``False`` become ``true``/``false``, dates ISO 8601, an ``Enum`` member its value,
    a float with no fraction an integer (``3.0`` is sent as ``3``, which integer parameters
    need), a list or other iterable its items comma-separated.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_FLOAT:
            return str(int(value))
        return str(value)
    if isinstance(value, Enum):
        return encode_value(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, numbers.Integral):  # numpy integers and the like
        return str(int(value))
    if isinstance(value, numbers.Real):
        return encode_value(float(value))
    if _is_sequence(value):
        return ",".join(encode_value(item) for item in cast("Iterable[object]", value))
    raise InvalidParameterError(
        f"cannot send a {type(value).__name__} as a request parameter: {value!r}"
    )


def _is_sequence(value: object) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray, Mapping))


def encode_params(params: Mapping[str, object]) -> dict[str, str]:
    """Encode every value; ``None`` means "not given" and is dropped."""
    return {name: encode_value(value) for name, value in params.items() if value is not None}
