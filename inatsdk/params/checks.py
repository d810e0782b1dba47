"""Check request parameters before anything is sent: their names and their values.

:func:`check_params` is the one checker of every operation, documented or not. Names and value
types come from the operation tables generated from the specs (:mod:`inatsdk.params.spec`) and,
for the v1 routes the swagger leaves out, from the hand-written ``TypedDict`` classes
(:mod:`inatsdk.params.undocumented`). A problem raises
:class:`~inatsdk.errors.InvalidParameterError` naming the caller, the parameter, what was given
and what is accepted, never a server 422 for something the spec already rules out.

What each declared type accepts (``None`` always means "not given" and is not checked):

================ ==================================================================================
``integer``      ``int`` (not ``bool``), a float with no fraction (``3.0``), or a string of digits
                 (``"3"``, ``"-10"``)
``number``       ``int``, ``float`` (finite), or a numeric string (``"45.5"``, ``"1e3"``)
``boolean``      ``True``/``False``, or the strings ``"true"``, ``"false"`` and ``"any"`` (the API
                 reads ``any`` as "either" on its two-state filters); not ``1``/``0``, not
                 ``"True"``
date             a ``date``, a ``datetime``, or an ISO 8601 string: ``"2024-05-01"``,
                 ``"2024-05-01T12:00:00Z"``, ``"2024-05-01 12:00:00+02:00"`` (``format: date`` and
                 ``format: date-time`` accept the same values)
``string``       ``str``, ``int``, ``float``, ``bool``, ``date``/``datetime`` (sent as text)
enum             each value among the declared choices (compared as sent: ``True`` is ``"true"``);
                 several may be given, as a list or comma-separated, as the API splits them
array            one value, a list/tuple/set of values, or a string of comma-separated values;
                 each value checked against the item type; an empty list is refused (it would
                 send an empty filter, that is no filter)
================ ==================================================================================

Everywhere: ``Enum`` members are checked by their value; a ``dict``, ``bytes``, a nested list or
any other object is refused. Bounds (``minimum``/``maximum``) are checked on integers and numbers,
except ``per_page``, which the API clamps silently. Not checked: UUID and URI formats, strings.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from enum import Enum
from typing import Final, NoReturn, cast

import attrs

from inatsdk.errors import InvalidParameterError
from inatsdk.params.spec import ParamSpec, operation, suggest
from inatsdk.params.undocumented import SHARED_QUERY, declared_params

__all__ = ["check_params", "check_positive_int", "check_value", "value_rule"]


# ---------------------------------------------------------------------------------------------
# One value
# ---------------------------------------------------------------------------------------------


class _Refused(Exception):
    """One value (or one item of a list) is not acceptable."""

    def __init__(self, given: object, problem: str) -> None:
        super().__init__(problem)
        self.given = given
        self.problem = problem


Check = Callable[[object], None]
"""Checks one value; raises ``_Refused``."""

_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:Z|z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?"
)
_BOOLEAN_TEXT: Final = frozenset({"true", "false", "any"})
_NO_BOUNDS: Final = frozenset({"per_page"})
"""Parameters whose declared bounds the API applies by clamping, not by refusing."""


def _type_name(value: object) -> str:
    if _is_mapping(value):
        return "a dict"
    name = type(value).__name__
    return f"an {name}" if name[:1] in "aeiouAEIOU" else f"a {name}"


def _plain(item: object) -> object:
    """``item`` without ``Enum`` wrapping: a member is checked, and sent, as its value."""
    while isinstance(item, Enum):
        item = item.value
    return item


def _is_mapping(value: object) -> bool:
    return isinstance(value, Mapping)


def _is_list(value: object) -> bool:
    """Whether ``value`` holds several values (a list, tuple, set, array, ...)."""
    return isinstance(value, Collection) and not isinstance(value, (str, bytes, bytearray, Mapping))


def _refuse_type(item: object, accepted: str) -> NoReturn:
    if isinstance(item, (bytes, bytearray)):
        raise _Refused(item, f"is bytes; give {accepted}")
    if _is_mapping(item) or _is_list(item):
        raise _Refused(item, f"is {_type_name(item)} inside a list; give {accepted}")
    raise _Refused(item, f"is {_type_name(item)}, which cannot be sent; give {accepted}")


def _bounds(low: float | None, high: float | None) -> Callable[[object, float], None] | None:
    if low is None and high is None:
        return None

    def check(given: object, number: float) -> None:
        if low is not None and number < low:
            raise _Refused(given, f"is less than {_num(low)}, the smallest value it takes")
        if high is not None and number > high:
            raise _Refused(given, f"is more than {_num(high)}, the largest value it takes")

    return check


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _integer_item(low: float | None, high: float | None) -> Check:
    bounds = _bounds(low, high)
    accepted = "an int or a string of digits, e.g. 3 or '3'"

    def check(item: object) -> None:
        if type(item) is int:
            number: float = item
        elif isinstance(item, str):
            text = item.strip()
            if _INTEGER.fullmatch(text) is None:
                problem = "is empty" if not text else "is not an integer"
                raise _Refused(item, f"{problem}; give {accepted}")
            number = int(text)
        else:
            plain = _plain(item)
            if plain is not item:
                return check(plain)
            if isinstance(item, bool):
                raise _Refused(item, f"is a bool, not an integer; give {accepted}")
            if isinstance(item, numbers.Integral):
                number = int(item)
            elif isinstance(item, float):
                if not item.is_integer():
                    raise _Refused(
                        item, f"has a fraction, but an integer is needed; give {accepted}"
                    )
                number = item
            else:
                _refuse_type(item, accepted)
        if bounds is not None:
            bounds(item, number)

    return check


def _number_item(low: float | None, high: float | None) -> Check:
    bounds = _bounds(low, high)
    accepted = "an int, a float or a numeric string, e.g. 45.5 or '45.5'"

    def check(item: object) -> None:
        t = type(item)
        if t is float or t is int:
            number = float(item)  # type: ignore[arg-type]  # narrowed by the type test above
        elif isinstance(item, str):
            text = item.strip()
            if _NUMBER.fullmatch(text) is None:
                problem = "is empty" if not text else "is not a number"
                raise _Refused(item, f"{problem}; give {accepted}")
            number = float(text)
        else:
            plain = _plain(item)
            if plain is not item:
                return check(plain)
            if isinstance(item, bool):
                raise _Refused(item, f"is a bool, not a number; give {accepted}")
            if not isinstance(item, numbers.Real):
                _refuse_type(item, accepted)
            number = float(item)
        if not math.isfinite(number):
            raise _Refused(item, f"is not a finite number; give {accepted}")
        if bounds is not None:
            bounds(item, number)

    return check


_BOOLEAN_ACCEPTED = "True or False (or the strings 'true', 'false', 'any')"


def _boolean_item(item: object) -> None:
    if item is True or item is False:
        return
    if isinstance(item, str):
        if item.strip() in _BOOLEAN_TEXT:
            return
        lowered = item.strip().lower()
        hint = f" ({lowered!r}, lower case)" if lowered in _BOOLEAN_TEXT else ""
        raise _Refused(item, f"is not a boolean; give {_BOOLEAN_ACCEPTED}{hint}")
    plain = _plain(item)
    if plain is not item:
        return _boolean_item(plain)
    if isinstance(item, (int, float)):
        raise _Refused(item, f"is a number, not a boolean; give {_BOOLEAN_ACCEPTED}")
    _refuse_type(item, _BOOLEAN_ACCEPTED)


def _is_iso_date(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 date (``2024-05-01``) or date and time
    (``2024-05-01T12:00``, seconds, fraction and offset or ``Z`` optional)."""
    text = text.strip()
    if len(text) == 10:
        if _DATE.fullmatch(text) is None:
            return False
        day = text
    else:
        match = _DATETIME.fullmatch(text)
        if match is None:
            return False
        day = match.group(1)
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _date_item(fmt: str) -> Check:
    if fmt == "date":
        accepted = "a date, a datetime or an ISO 8601 string, e.g. '2024-05-01'"
    else:
        accepted = (
            "a datetime, a date or an ISO 8601 string, e.g. '2024-05-01T12:00:00Z' or '2024-05-01'"
        )

    def check(item: object) -> None:
        if isinstance(item, date):  # datetime is a date
            return
        if isinstance(item, str):
            if not _is_iso_date(item):
                problem = "is empty" if not item.strip() else "is not an ISO 8601 date"
                raise _Refused(item, f"{problem}; give {accepted}")
            return
        plain = _plain(item)
        if plain is not item:
            return check(plain)
        _refuse_type(item, accepted)

    return check


_STRING_ACCEPTED = "a str (or an int, float, bool or date, sent as text)"


def _string_item(item: object) -> None:
    if isinstance(item, (str, int, float, date)):  # bool is an int
        if isinstance(item, float) and not math.isfinite(item):
            raise _Refused(item, f"is not a finite number; give {_STRING_ACCEPTED}")
        return
    plain = _plain(item)
    if plain is not item:
        return _string_item(plain)
    if isinstance(item, numbers.Real):
        return
    _refuse_type(item, _STRING_ACCEPTED)


def _text(item: object) -> str:
    """An item as the API receives it, for comparing with declared choices."""
    item = _plain(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    if isinstance(item, numbers.Integral):
        return str(int(item))
    if isinstance(item, date):
        return item.isoformat()
    return str(item)


def _enum_item(base: Check, choices: tuple[str, ...]) -> Check:
    allowed = frozenset(choices)
    shown = ", ".join(choices)

    def check(item: object) -> None:
        base(item)
        text = _text(item)
        if text not in allowed:
            guess = suggest(text, choices)
            hint = f"; did you mean {guess!r}?" if guess else ""
            given = text if isinstance(item, (str, Enum)) else item
            raise _Refused(given, f"is not one of {shown}{hint}")

    return check


def _item_check(kind: str | None, fmt: str | None, spec: ParamSpec, bounded: bool) -> Check:
    low = spec.minimum if bounded else None
    high = spec.maximum if bounded else None
    if kind == "integer":
        base = _integer_item(low, high)
    elif kind == "number":
        base = _number_item(low, high)
    elif kind == "boolean" or (spec.enum and _is_boolean_enum(spec.enum)):
        # a boolean's declared enum is true/false/any; a string whose only choices are those
        # (featured: ["true"]) is a flag, typed ``bool`` in the TypedDicts
        return _boolean_item
    elif kind == "string" and fmt in ("date", "date-time"):
        base = _date_item(fmt)
    else:
        base = _string_item
    if spec.enum and not _is_boolean_enum(spec.enum):
        return _enum_item(base, spec.enum)
    return base


def _is_boolean_enum(choices: tuple[str, ...]) -> bool:
    return bool(choices) and frozenset(choices) <= _BOOLEAN_TEXT


def _several(item: Check, what: str) -> Check:
    """A value that may hold several items: a list, or a string of comma-separated ones."""

    def check_text(text: str) -> None:
        if "," in text:
            for part in text.split(","):
                item(part)
        else:
            item(text)

    def check(value: object) -> None:
        if isinstance(value, str):
            check_text(value)
        elif _is_list(value):
            count = 0
            for element in cast("Collection[object]", value):
                count += 1
                if element is None:
                    raise _Refused(value, f"holds None; leave it out of the list ({what})")
                if isinstance(element, str):
                    check_text(element)
                else:
                    item(element)
            if count == 0:
                raise _Refused(
                    value,
                    "is empty, which would send no value, that is no filter at all; give "
                    f"None to leave the parameter out ({what})",
                )
        elif _is_mapping(value):
            raise _Refused(value, f"is a dict, which cannot be sent; give {what}")
        else:
            item(value)

    return check


def _single(item: Check, what: str) -> Check:
    def check(value: object) -> None:
        if _is_list(value):
            raise _Refused(value, f"is {_type_name(value)}, but it takes one value: {what}")
        if _is_mapping(value):
            raise _Refused(value, f"is a dict, which cannot be sent; give {what}")
        item(value)

    return check


_EXAMPLES: Final[Mapping[str, str]] = {
    "integer": "an integer, e.g. 3 or '3'",
    "number": "a number, e.g. 45.5",
    "boolean": "True or False",
    "date": "a date, e.g. '2024-05-01'",
    "date-time": "a datetime, e.g. '2024-05-01T12:00:00Z'",
    "string": "a string",
}
_LIST_EXAMPLES: Final[Mapping[str, str]] = {
    "integer": "one or more integers, e.g. 3, [3, 7] or '3,7'",
    "number": "one or more numbers, e.g. 4.5 or [4.5, 7]",
    "date": "one or more dates",
    "date-time": "one or more datetimes",
    "string": "one or more strings, e.g. 'a', ['a', 'b'] or 'a,b'",
}


@functools.cache
def value_rule(spec: ParamSpec) -> Check:
    """The check of one parameter's values, built from its declaration (and kept).

    The returned function raises an internal exception; use :func:`check_value` or
    :func:`check_params` for :class:`~inatsdk.errors.InvalidParameterError`.
    """
    bounded = spec.name not in _NO_BOUNDS
    if spec.type == "array":
        kind = spec.item_type
        item = _item_check(kind, spec.format, spec, bounded)
        key = spec.format if spec.format in ("date", "date-time") else (kind or "string")
        what = _choices_text(spec) or _LIST_EXAMPLES.get(key, _LIST_EXAMPLES["string"])
        return _several(item, what)
    item = _item_check(spec.type, spec.format, spec, bounded)
    if spec.enum and not _is_boolean_enum(spec.enum):
        # the API splits these on commas (quality_grade=research,needs_id), so several may be
        # given even where the spec declares a single value
        return _several(item, _choices_text(spec))
    key = spec.format if spec.format in ("date", "date-time") else (spec.type or "string")
    if spec.type == "boolean" or (spec.enum and _is_boolean_enum(spec.enum)):
        key = "boolean"
    return _single(item, _EXAMPLES.get(key, _EXAMPLES["string"]))


def _choices_text(spec: ParamSpec) -> str:
    if not spec.enum or _is_boolean_enum(spec.enum):
        return ""
    return f"one or more of {', '.join(spec.enum)}"


_GENERIC_RULE: Final = value_rule(
    ParamSpec(name="", location="query", type="array", item_type="string")
)
"""What an undeclared name (``also_allowed``) may take: text values, one or several."""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _message(where: str, name: str, value: object, refused: _Refused) -> str:
    shown = f"{name}={_short(refused.given)}"
    if refused.given is not value and not (
        isinstance(value, str) and refused.given == value.strip()
    ):
        shown += f" (in {name}={_short(value)})"
    return f"{where}: {shown} {refused.problem}"


def check_value(spec: ParamSpec, value: object, *, where: str = "") -> None:
    """Raise :class:`~inatsdk.errors.InvalidParameterError` when ``value`` does not suit the
    parameter ``spec`` declares (``None``, "not given", always does).

    >>> check_value(ParamSpec("per_page", "query", "integer"), "3")
    >>> check_value(ParamSpec("per_page", "query", "integer"), "3x", where="f()")
    Traceback (most recent call last):
    ...
    inatsdk.errors.InvalidParameterError: f(): per_page='3x' is not an integer; give an int or a \
string of digits, e.g. 3 or '3'
    """
    if value is None:
        return
    try:
        value_rule(spec)(value)
    except _Refused as refused:
        raise InvalidParameterError(
            _message(where or "a request", spec.name, value, refused)
        ) from None


# ---------------------------------------------------------------------------------------------
# One operation
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class _Operation:
    """What :func:`check_params` needs of one operation, built once."""

    rules: Mapping[str, Check]
    """Every declared name and the check of its values."""
    key: tuple[str, str, str]
    """``(version, method, path)`` of the operation whose declaration this is."""
    listed_in: str | None = None
    """Where the names are listed, when known without importing anything; else see
    :func:`_listed_in`."""


_SHORT_LIST = 12
"""Up to this many names are spelled out in a message."""


@functools.cache
def _operation(version: str, method: str, path: str) -> _Operation | None:
    declared = declared_params(version, method, path)
    if declared is not None:
        return _Operation(
            rules={p.name: value_rule(p) for p in declared.parameters},
            key=(version, method, path),
            listed_in=declared.listed_in,
        )
    shared = SHARED_QUERY.get((version, method, path))
    if shared is not None:
        return _operation(*shared)
    try:
        spec = operation(version, method, path)
    except (KeyError, ValueError):
        return None  # not an operation of the tables: nothing to check against
    if not spec.parameters_known:
        return None
    rules: dict[str, Check] = {}
    for name in sorted(spec.query_names()):
        param = spec.param(name)
        if param is not None:
            rules[name] = value_rule(param)
    return _Operation(rules=rules, key=(version, method, path))


def _listed_in(op: _Operation) -> str:
    """Where a reader finds the names (imports the TypedDicts: only for a message)."""
    if op.listed_in is not None:
        return op.listed_in
    version, method, path = op.key
    if version == "v1":
        from inatsdk.params.v1 import PARAMS_FOR

        found = PARAMS_FOR.get((method, path))
        if found is not None:
            return f"inatsdk.params.v1.{found.__name__}"
    return f"inatsdk.params.operation({version!r}, {method!r}, {path!r}).query_names()"


def _unknown_name(where: str, name: str, op: _Operation, extra: Iterable[str]) -> NoReturn:
    declared = list(op.rules)
    valid = [*declared, *(n for n in extra if n not in op.rules)]
    guess = suggest(name, valid) if valid else None
    hint = f"; did you mean {guess!r}?" if guess else ""
    listed_in = _listed_in(op)
    if not declared:
        listing = "it takes no query parameters"
        if not listed_in.startswith("inatsdk.params.operation("):
            listing += f"; see {listed_in}"
    elif len(declared) <= _SHORT_LIST:
        listing = f"it takes: {', '.join(sorted(declared))}; see {listed_in}"
    else:
        listing = f"its {len(declared)} parameters are listed, with their meaning, in {listed_in}"
    raise InvalidParameterError(f"{where} has no parameter {name!r}{hint} ({listing})")


def check_params(
    version: str,
    method: str,
    path: str,
    params: Mapping[str, object],
    *,
    also_allowed: Iterable[str] = (),
    caller: str = "",
) -> None:
    """Raise :class:`~inatsdk.errors.InvalidParameterError` for a name the operation does not
    declare or a value its declaration rules out; return ``None`` when all is well.

    ``version``/``method``/``path`` name the operation as in the tables (``"v1"``, ``"GET"``,
    ``"/observations/{id}"``); ``params`` are the query parameters (a ``None`` value means "not
    given" and is not checked). ``also_allowed`` adds names the server reads although the
    declaration leaves them out (their values must be text, numbers, dates or lists of them).
    ``caller`` starts every message (``"client.taxa.search()"``); by default the operation.

    Documented operations are checked against the spec; undocumented v1 routes against their
    hand-written ``TypedDict`` (:mod:`inatsdk.params.undocumented`); an operation with no query
    parameters refuses every name. An undocumented route with no declaration, or an operation
    missing from the tables, is not checked.
    """
    op = _operation(version, method.upper(), path)
    if op is None:
        return
    rules = op.rules
    extra: Collection[str] | None = None
    for name, value in params.items():
        rule = rules.get(name)
        if rule is None:
            if extra is None:
                extra = (
                    also_allowed if isinstance(also_allowed, Collection) else tuple(also_allowed)
                )
            if name not in extra:
                _unknown_name(caller or f"{method.upper()} /{version}{path}", name, op, extra)
            rule = _GENERIC_RULE
        if value is None:
            continue
        try:
            rule(value)
        except _Refused as refused:
            where = caller or f"{method.upper()} /{version}{path}"
            raise InvalidParameterError(_message(where, name, value, refused)) from None


# ---------------------------------------------------------------------------------------------
# Paginator arguments
# ---------------------------------------------------------------------------------------------


def check_positive_int(value: object, *, name: str, where: str = "") -> int:
    """``value`` as an ``int`` when it is a positive integer (1 or more); otherwise raise
    :class:`~inatsdk.errors.InvalidParameterError` naming ``name`` (and ``where``, the caller).

    Refused: ``bool``, floats (even ``3.0``), strings, zero and negative numbers.

    >>> check_positive_int(50, name="n", where="Paginator.limit()")
    50
    >>> check_positive_int(0, name="n", where="Paginator.limit()")
    Traceback (most recent call last):
    ...
    inatsdk.errors.InvalidParameterError: Paginator.limit(): n must be a positive integer \
(1 or more), not 0
    """
    prefix = f"{where}: " if where else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidParameterError(
            f"{prefix}{name} must be a positive integer (1 or more), not {_short(value)} "
            f"({_type_name(value)})"
        )
    number = int(value)
    if number < 1:
        raise InvalidParameterError(
            f"{prefix}{name} must be a positive integer (1 or more), not {number}"
        )
    return number
