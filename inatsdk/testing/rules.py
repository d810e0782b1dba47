"""The rules the real API enforces, in one place: page sizes, the result window, batch limits,
error bodies, and strict parsing of query values.

Every limit here is the real service's (see ``../shared/inat-api/README.md``); handlers never
hard-code one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, TypeGuard

import attrs

__all__ = [
    "BATCH_ID_LIMITS",
    "PER_PAGE_DEFAULT",
    "PER_PAGE_MAX",
    "RESULT_WINDOW",
    "RESULT_WINDOW_MESSAGE",
    "TOO_MANY_IDS_MESSAGE",
    "ApiError",
    "Paging",
    "boolean_param",
    "date_param",
    "error_body",
    "float_param",
    "int_list_param",
    "int_param",
    "is_json_array",
    "is_json_object",
    "paging",
    "str_list_param",
    "v1_error_body",
    "v2_error_body",
]

PER_PAGE_DEFAULT = 30
"""``per_page`` when none is given, on every v1 search."""

PER_PAGE_MAX: Mapping[str, int] = {
    "observations": 200,
    "identifications": 200,
    "taxa": 500,
    "taxa_autocomplete": 30,
    "places_autocomplete": 20,
    "places_nearby": 20,
    "projects": 300,
    "users_autocomplete": 100,
    "species_counts": 500,
    "observers": 500,
    "identifiers": 500,
}
"""Largest ``per_page`` per endpoint; a larger value is silently clamped to it."""

RESULT_WINDOW = 10_000
"""``page * per_page`` may not exceed this (HTTP 403); keyset paging has no such cap."""

RESULT_WINDOW_MESSAGE = (
    "Result window is too large: page * per_page may not be more than 10000. To go further, "
    "use a sliding window approach with id_above or id_below (and order_by=id)"
)

BATCH_ID_LIMITS: Mapping[str, int] = {"observations": 200, "taxa": 30, "places": 500}
"""Most ids one ``/<resource>/1,2,3`` lookup takes; more is HTTP 422."""

TOO_MANY_IDS_MESSAGE = "Too many IDs"


class ApiError(Exception):
    """Raised by handlers and parsers; the server turns it into the version's error body."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.status = status
        self.message = message if message is not None else _reason(status)
        self.headers = headers
        super().__init__(f"{status} {self.message}")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def v1_error_body(status: int, message: str | None = None) -> dict[str, Any]:
    """``{"error": "...", "status": 422}``, the shape of every v1 error."""
    return {"error": message if message is not None else _reason(status), "status": status}


def v2_error_body(status: int, message: str | None = None) -> dict[str, Any]:
    """``{"status": "422", "errors": [{"errorCode": ..., "message": ...}]}``, v2's shape."""
    reason = _reason(status)
    return {
        "status": str(status),
        "errors": [{"errorCode": reason, "message": message if message is not None else reason}],
    }


def error_body(path: str, status: int, message: str | None = None) -> bytes:
    """The encoded error body a request to ``path`` gets (v2 shape under ``/v2``)."""
    if path == "/v2" or path.startswith("/v2/"):
        return json.dumps(v2_error_body(status, message)).encode()
    return json.dumps(v1_error_body(status, message)).encode()


# ---------------------------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(
    query: Mapping[str, str],
    *,
    maximum: int,
    default: int = PER_PAGE_DEFAULT,
    window: bool = True,
    fixed_page: int | None = None,
) -> Paging:
    """Parse ``page``/``per_page`` like the real server.

    ``per_page`` defaults to ``default``, is silently clamped to ``maximum`` and may be 0 (a count
    only). ``page * per_page`` beyond :data:`RESULT_WINDOW` is HTTP 403 when ``window``.
    ``fixed_page`` is for endpoints that have a single page (autocomplete).
    """
    per_page = int_param(query, "per_page")
    if per_page is None:
        per_page = default
    elif per_page < 0:
        raise ApiError(422, "per_page must be 0 or more")
    per_page = min(per_page, maximum)
    if fixed_page is not None:
        return Paging(page=fixed_page, per_page=per_page)
    page = int_param(query, "page")
    if page is None:
        page = 1
    elif page < 1:
        raise ApiError(422, "page must be 1 or more")
    if window and page * per_page > RESULT_WINDOW:
        raise ApiError(403, RESULT_WINDOW_MESSAGE)
    return Paging(page=page, per_page=per_page)


# ---------------------------------------------------------------------------------------------
# Query values (multi-valued parameters are comma-separated)
# ---------------------------------------------------------------------------------------------


def _raw(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def float_param(query: Mapping[str, str], name: str) -> float | None:
    """A number (coordinates, radii); absent or blank is ``None``, anything else HTTP 422."""
    raw = _raw(query, name)
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ApiError(422, f"{name} must be a number, not {raw!r}") from None


def int_param(query: Mapping[str, str], name: str) -> int | None:
    raw = _raw(query, name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        # the real server accepts "30.0"-style numbers where it does parseInt
        try:
            as_float = float(raw)
        except ValueError:
            raise ApiError(422, f"{name} must be an integer, not {raw!r}") from None
        if not as_float.is_integer():
            raise ApiError(422, f"{name} must be an integer, not {raw!r}") from None
        return int(as_float)


def str_list_param(query: Mapping[str, str], name: str) -> list[str] | None:
    raw = _raw(query, name)
    if raw is None:
        return None
    values = [v.strip() for v in raw.split(",") if v.strip()]
    return values or None


def int_list_param(query: Mapping[str, str], name: str) -> list[int] | None:
    values = str_list_param(query, name)
    if values is None:
        return None
    out: list[int] = []
    for v in values:
        try:
            out.append(int(v))
        except ValueError:
            raise ApiError(422, f"{name} must be integers separated by commas, not {v!r}") from None
    return out


_TRUE = frozenset({"true", "t", "1", "yes"})
_FALSE = frozenset({"false", "f", "0", "no"})


def boolean_param(query: Mapping[str, str], name: str, *, allow_any: bool = False) -> bool | None:
    """``true``/``false``; ``None`` when absent (or ``any`` where ``allow_any``)."""
    raw = _raw(query, name)
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if allow_any and lowered == "any":
        return None
    raise ApiError(422, f"{name} must be true or false, not {raw!r}")


def date_param(query: Mapping[str, str], name: str) -> dt.datetime | None:
    """A date (``2020-05-01``) or datetime (``2020-05-01T10:00:00Z``), as an aware UTC instant.

    A bare date means midnight UTC; callers compare days for date-only values.
    """
    raw = _raw(query, name)
    if raw is None:
        return None
    text = raw.replace(" ", "T") if len(raw) > 10 else raw
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(
            422, f"{name} must be a date (YYYY-MM-DD) or a datetime, not {raw!r}"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def is_date_only(query: Mapping[str, str], name: str) -> bool:
    raw = _raw(query, name)
    return raw is not None and len(raw) == 10


# ---------------------------------------------------------------------------------------------
# Decoded JSON
# ---------------------------------------------------------------------------------------------


def is_json_object(value: object) -> TypeGuard[dict[str, Any]]:
    """Whether ``value`` is a decoded JSON object (a ``dict``; JSON's keys are strings)."""
    return isinstance(value, dict)


def is_json_array(value: object) -> TypeGuard[list[Any]]:
    """Whether ``value`` is a decoded JSON array (a ``list``)."""
    return isinstance(value, list)
