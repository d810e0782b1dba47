"""The one cattrs converter: JSON <-> models.

This module is the only place that knows how JSON values map onto model attributes. It owns one
private :class:`cattrs.Converter` (never cattrs' global one), built on first use so that importing
:mod:`inatsdk` or :mod:`inatsdk.models` does not import cattrs.

How it is put together (cattrs' own advice: primitives first, then one factory for all models):

* **Primitives** are checked, never coerced: an ``int`` attribute accepts a JSON integer only, a
  ``float`` attribute a JSON number, a ``str`` attribute a string, a ``bool`` attribute
  ``true``/``false``. ``datetime`` attributes accept ISO-8601 strings (a trailing ``Z`` too, on
  every Python version) and always hold timezone-aware values (a string without an offset is
  taken as UTC). ``date`` attributes accept ``YYYY-MM-DD``; when the API sends a full timestamp
  there instead (some ``observed_on`` values), the attribute holds that aware ``datetime`` (a
  ``date`` subclass), so nothing is lost. On the way out both become ISO-8601 strings.
* **Containers**: ``X | None``, unions of primitives, ``list[X]`` and ``dict[str, Any]`` have
  their own factories. A list whose items need no conversion (plain values, or no items) is
  taken over from the input, not copied; ``to_json`` always returns fresh containers.
* **One hook factory for every model class** (every :class:`~inatsdk.models.base.BaseModel`
  subclass), backed by a per-class codec built the first time the class is used:

  - structuring fills the known attributes and puts every key the class does not know into the
    model's ``extra`` mapping, in the order received. The hot path is a function generated and
    compiled per record *shape* (the tuple of a record's keys; see :class:`_ModelCodec`), with
    cattrs' own generated function (:func:`cattrs.gen.make_dict_structure_fn`) as the general
    path. Both call the hooks this converter resolves for every non-primitive attribute type;
  - when a known key's value does not fit the attribute's type (the recorded responses contain,
    for example, ``"non_owner_ids": "TRUNCATED"``), that one value is kept verbatim in ``extra``
    and the attribute stays ``None``; this slower per-field path runs only for records that need
    it;
  - unstructuring (cattrs' :func:`cattrs.gen.make_dict_unstructure_fn`) writes the attributes
    that are not ``None`` under their JSON key names, in declaration order, then merges ``extra``
    back (a key in ``extra`` never overrides an attribute that has a value).

An attribute's JSON key is its name, or ``metadata={"json_key": "..."}`` on its ``attrs.field``.

Public helpers: :func:`structure` and :func:`unstructure`. Models use them through
``Model.from_json`` and ``Model.to_json``.
"""

from __future__ import annotations

import linecache
import logging
import re
import sys
import threading
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar, Union, cast, get_args, get_origin

from inatsdk.models.base import BaseModel
from inatsdk.models.common import Coordinates

if TYPE_CHECKING:
    import cattrs

__all__ = ["format_datetime", "parse_date", "parse_datetime", "structure", "unstructure"]

T = TypeVar("T")
StructureHook = Callable[[Any, Any], Any]
UnstructureHook = Callable[[Any], Any]

_log = logging.getLogger("inatsdk.converter")

#: The JSON types a primitive attribute accepts, by declared type. ``float`` takes JSON integers
#: too (kept as ``int``, which is a valid ``float`` for type checkers and round-trips exactly).
_PRIMITIVES: dict[Any, tuple[type, ...]] = {
    int: (int,),
    float: (float, int),
    str: (str,),
    bool: (bool,),
}


# ---------------------------------------------------------------------------------------------
# Public helpers
# ---------------------------------------------------------------------------------------------


def structure(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build a model of class ``cls`` from one JSON record.

    Never raises for values of the wrong shape inside the record (they go to ``extra``); raises
    :class:`TypeError` if ``data`` itself is not a mapping.
    """
    codec = _CODECS.get(cls)
    if codec is None:
        if not _is_model(cls):
            return _get_converter().structure(data, cls)
        codec = _codec_for(cls)
    return cast("T", codec.structure_top(data))


def unstructure(obj: object) -> dict[str, Any]:
    """Turn a model back into JSON-serialisable data (see ``BaseModel.to_json``)."""
    codec = _CODECS.get(type(obj))
    if codec is None:
        if isinstance(obj, BaseModel):
            codec = _codec_for(type(obj))
        else:
            result = _get_converter().unstructure(obj)
            if not isinstance(result, dict):
                raise TypeError(f"{type(obj).__name__} does not unstructure to a JSON object")
            return cast("dict[str, Any]", result)
    return codec.unstructure(obj)


def parse_datetime(value: str) -> datetime:
    """Parse an ISO-8601 timestamp into a timezone-aware :class:`~datetime.datetime`.

    Accepts ``T`` or a space between date and time, any number of fractional digits, and ``Z``,
    ``+HH:MM`` or ``+HHMM`` offsets, on Python 3.10 too. A timestamp without an offset is taken as
    UTC. A date-only string is rejected (it is not an instant).
    """
    if type(value) is not str:
        raise TypeError(f"expected an ISO-8601 string, got {type(value).__name__}")
    if len(value) < 16:
        raise ValueError(f"not an ISO-8601 timestamp: {value!r}")
    if not _FROMISOFORMAT_TAKES_Z and value[-1] == "Z":
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = _parse_datetime_fallback(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def parse_date(value: str) -> date:
    """Parse ``YYYY-MM-DD`` into a :class:`~datetime.date`.

    A full timestamp gives an aware :class:`~datetime.datetime` instead (see the module doc).
    """
    if type(value) is not str:
        raise TypeError(f"expected an ISO-8601 string, got {type(value).__name__}")
    if len(value) == 10:
        return date.fromisoformat(value)
    return parse_datetime(value)


def format_datetime(value: date) -> str:
    """ISO-8601 text for a date or datetime (milliseconds only when there are some)."""
    if isinstance(value, datetime):
        micro = value.microsecond
        if micro and micro % 1000 == 0:
            return value.isoformat(timespec="milliseconds")
        return value.isoformat()
    return value.isoformat()


#: Python 3.11 reads a trailing ``Z``; 3.10 needs ``+00:00`` (the common case, kept fast).
_FROMISOFORMAT_TAKES_Z = sys.version_info >= (3, 11)

_ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)


def _parse_datetime_fallback(value: str) -> datetime:
    match = _ISO_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not an ISO-8601 timestamp: {value!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz: timezone | None = None
    if offset in ("Z", "z"):
        tz = timezone.utc
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or "0"))
        tz = timezone(sign * delta)
    return datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or "0"), micro, tz
    )


# ---------------------------------------------------------------------------------------------
# Primitive hooks
# ---------------------------------------------------------------------------------------------


def _type_error(value: object, expected: object) -> TypeError:
    return TypeError(f"expected {expected}, got {type(value).__name__}: {value!r:.60}")


def _make_primitive_structure(accepted: tuple[type, ...], optional: bool) -> StructureHook:
    if len(accepted) == 1:
        only = accepted[0]
        if optional:

            def structure_optional_one(value: Any, _: Any) -> Any:
                if value is None or type(value) is only:
                    return value
                raise _type_error(value, only.__name__)

            return structure_optional_one

        def structure_one(value: Any, _: Any) -> Any:
            if type(value) is only:
                return value
            raise _type_error(value, only.__name__)

        return structure_one

    names = " | ".join(t.__name__ for t in accepted)
    if optional:

        def structure_optional_any_of(value: Any, _: Any) -> Any:
            if value is None or type(value) in accepted:
                return value
            raise _type_error(value, names)

        return structure_optional_any_of

    def structure_any_of(value: Any, _: Any) -> Any:
        if type(value) in accepted:
            return value
        raise _type_error(value, names)

    return structure_any_of


def _structure_datetime(value: Any, _: Any) -> datetime:
    return parse_datetime(value)


def _structure_date(value: Any, _: Any) -> date:
    return parse_date(value)


def _structure_optional_datetime(value: Any, _: Any) -> datetime | None:
    if value is None:
        return None
    return parse_datetime(value)


def _structure_optional_date(value: Any, _: Any) -> date | None:
    if value is None:
        return None
    if type(value) is str and len(value) == 10:
        return date.fromisoformat(value)
    return parse_date(value)


def _structure_any(value: Any, _: Any) -> Any:
    return value


def _structure_coordinates(value: Any, _: Any) -> Coordinates:
    if type(value) is not str and type(value) is not list:
        raise _type_error(value, "'lat,lng' string or [lat, lng] list")
    return Coordinates.from_json(cast("str | list[object]", value))


def _unstructure_coordinates(value: Coordinates) -> Any:
    return value.to_json()


def _copy_json(value: Any) -> Any:
    """A copy of plain JSON data, so ``to_json()`` output never aliases a model's state."""
    if type(value) is dict:
        obj = cast("dict[str, Any]", value)
        return {k: _copy_json(v) for k, v in obj.items()}
    if type(value) is list:
        items = cast("list[object]", value)
        return [_copy_json(v) for v in items]
    return value


# ---------------------------------------------------------------------------------------------
# Container hook factories (optional, union, list, dict)
# ---------------------------------------------------------------------------------------------


def _is_union(t: Any) -> bool:
    return get_origin(t) in (Union, types.UnionType)


def _is_list(t: Any) -> bool:
    return t is list or get_origin(t) is list


def _is_dict(t: Any) -> bool:
    return t is dict or get_origin(t) is dict


def _is_model(t: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _structure_hook(t: Any) -> StructureHook:
    """The structure hook of type ``t``, as the converter's factories below would give it,
    without importing cattrs (the read path never needs it: cattrs serves ``to_json`` and the
    general path); anything else is asked of the cattrs converter."""
    if t is Any:
        return _structure_any
    if t in _PRIMITIVES:
        return _make_primitive_structure(_PRIMITIVES[t], False)
    if t is datetime:
        return _structure_datetime
    if t is date:
        return _structure_date
    if t is Coordinates:
        return _structure_coordinates
    if _is_model(t):
        return _codec_for(t).structure
    if _is_union(t):
        return _union_structure_factory(t, None)
    if _is_list(t):
        return _make_list_structure(t, None, optional=False)
    if _is_dict(t):
        return _dict_structure_factory(t, None)
    hook: StructureHook = _get_converter().get_structure_hook(t)
    return hook


def _union_structure_factory(t: Any, conv: cattrs.Converter | None) -> StructureHook:
    args = get_args(t)
    optional = type(None) in args
    members = [a for a in args if a is not type(None)]
    if all(m in _PRIMITIVES for m in members):
        accepted: tuple[type, ...] = ()
        for m in members:
            accepted += tuple(a for a in _PRIMITIVES[m] if a not in accepted)
        return _make_primitive_structure(accepted, optional)
    if len(members) == 1 and optional:
        inner_type = members[0]
        # Specialised ``X | None`` hooks save a call frame per value on the hot path.
        if _is_model(inner_type):
            return _codec_for(inner_type).structure_optional
        if _is_list(inner_type):
            return _make_list_structure(inner_type, conv, optional=True)
        if inner_type is datetime:
            return _structure_optional_datetime
        if inner_type is date:
            return _structure_optional_date
        inner = _structure_hook(inner_type)

        def structure_optional(value: Any, _: Any) -> Any:
            if value is None:
                return None
            return inner(value, inner_type)

        return structure_optional
    raise TypeError(f"inatsdk.converter: unsupported union {t!r}")


def _union_unstructure_factory(t: Any, conv: cattrs.Converter) -> UnstructureHook:
    from cattrs.fns import identity

    members = [a for a in get_args(t) if a is not type(None)]
    if all(m in _PRIMITIVES or m is Any for m in members):
        return identity
    if len(members) == 1:
        inner = conv.get_unstructure_hook(members[0])
        if inner is identity:
            return identity

        def unstructure_optional(value: Any) -> Any:
            return None if value is None else inner(value)

        return unstructure_optional
    raise TypeError(f"inatsdk.converter: unsupported union {t!r}")


def _list_structure_factory(t: Any, conv: cattrs.Converter) -> StructureHook:
    return _make_list_structure(t, conv, optional=False)


def _make_list_structure(t: Any, conv: cattrs.Converter | None, optional: bool) -> StructureHook:
    """Hooks for ``list[X]`` (and ``list[X] | None`` when ``optional``).

    A list whose items need no conversion (plain values, or no items at all) is taken over from
    the input rather than copied.
    """
    args = get_args(t)
    elem_type = args[0] if args else Any
    if _is_model(elem_type):
        codec = _codec_for(elem_type)
        return codec.structure_optional_list if optional else codec.structure_list
    if elem_type is Any:
        accepted: frozenset[type] | None = None
    elif elem_type in _PRIMITIVES:
        accepted = frozenset(_PRIMITIVES[elem_type])
    else:
        inner = _structure_hook(elem_type)

        def structure_list(value: Any, _: Any) -> list[Any] | None:
            if type(value) is not list:
                if value is None and optional:
                    return None
                raise _type_error(value, "list")
            items = cast("list[object]", value)
            if not items:
                return []
            return [inner(item, elem_type) for item in items]

        return structure_list

    def structure_plain_list(value: Any, _: Any) -> list[Any] | None:
        if type(value) is not list:
            if value is None and optional:
                return None
            raise _type_error(value, "list")
        items = cast("list[object]", value)
        if accepted is not None and not accepted.issuperset(map(type, items)):
            for item in items:
                if type(item) not in accepted:
                    raise _type_error(item, " | ".join(a.__name__ for a in accepted))
        return items[:]  # a copy: the model's list must not be the input's (change tracking)

    return structure_plain_list


def _list_unstructure_factory(t: Any, conv: cattrs.Converter) -> UnstructureHook:
    from cattrs.fns import identity

    args = get_args(t)
    elem_type = args[0] if args else Any
    if elem_type is Any:
        return _copy_json
    inner = conv.get_unstructure_hook(elem_type)
    if inner is identity:
        return list

    def unstructure_list(value: list[Any]) -> list[Any]:
        return [inner(item) for item in value]

    return unstructure_list


def _dict_structure_factory(t: Any, conv: cattrs.Converter | None) -> StructureHook:
    args = get_args(t)
    if args and (args[0] is not str or args[1] is not Any):
        raise TypeError(f"inatsdk.converter: only dict[str, Any] is supported, not {t!r}")

    def structure_json_object(value: Any, _: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _type_error(value, "object")
        obj = cast("dict[str, Any]", value)
        return obj

    return structure_json_object


def _dict_unstructure_factory(t: Any, conv: cattrs.Converter) -> UnstructureHook:
    return _copy_json


# ---------------------------------------------------------------------------------------------
# Models: one codec per class, generated on first use
# ---------------------------------------------------------------------------------------------

_CODECS: dict[type, _ModelCodec] = {}
_codec_lock = threading.RLock()


#: Per class, how many record shapes get their own generated function. Records of one endpoint
#: share a few dozen shapes at most; v2 ``fields`` selections may make more, and beyond the cap
#: records take the class's general function.
_MAX_SHAPES = 128

_NoneType = type(None)

#: How the generated code reads one attribute: ("any",), ("plain", accepted types, nullable) or
#: ("hook", hook, the type it is called with, nullable).
_Plan = tuple[Any, ...]


_ONLY_DICTS = frozenset({dict})


def _copy_list(raw: list[Any]) -> list[Any]:
    return raw[:]


def _list_item_type(t: Any) -> Any:
    args = get_args(t)
    return args[0] if args else Any


def _parse_datetime_value(value: Any) -> datetime:
    """:func:`parse_datetime` for the generated code: the common forms in one C call."""
    if type(value) is str and _FROMISOFORMAT_TAKES_Z and len(value) > 15:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return parse_datetime(value)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed
    return parse_datetime(value)


def _parse_date_value(value: Any) -> date:
    if type(value) is str and len(value) == 10:
        return date.fromisoformat(value)
    return parse_date(value)


_lazy_lock = threading.Lock()

#: The slot of :class:`~inatsdk.models.base.BaseModel` holding which attributes are still raw.
_PENDING: Any = next(vars(k)["_pending"] for k in BaseModel.__mro__ if "_pending" in vars(k))
_get_pending = _PENDING.__get__
_set_pending = _PENDING.__set__


class _LazyField:
    """The descriptor of an attribute whose value is finished on first read: a nested model
    (``Model | None``), a list of them, or a list of plain values.

    The generated structure functions store the JSON value in the attribute's slot as it came
    (after checking its shape) and set the attribute's bit in the model's ``_pending`` mask. The
    first read builds the value with the converter's hook (a list of plain values is copied, so
    the model's list is never the input's), stores it, clears the bit and returns it; later
    reads return it. An assignment replaces the value and clears the bit. Equality, ``to_json``,
    copies and pickles all read through here, so the attribute behaves exactly as if it had been
    built eagerly, and stays typed as declared.
    """

    __slots__ = ("bit", "build", "field_type", "member", "name", "raw_type")

    def __init__(
        self, member: Any, name: str, bit: int, build: Callable[[Any], Any], raw_type: type
    ) -> None:
        self.member = member
        self.name = name
        self.bit = bit
        self.build = build
        self.raw_type = raw_type

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = self.member.__get__(instance, owner)
        if type(value) is self.raw_type:
            try:
                pending = _get_pending(instance)
            except AttributeError:  # unpickled or copied: nothing is pending
                return value
            if pending & self.bit:
                return self._resolve(instance, value)
        return value

    def _resolve(self, instance: Any, raw: Any) -> Any:
        built = self.build(raw)
        with _lazy_lock:  # two threads reading at once both get the one stored value
            if not _get_pending(instance) & self.bit:
                return self.member.__get__(instance, None)
            self.member.__set__(instance, built)
            _set_pending(instance, _get_pending(instance) & ~self.bit)
        return built

    def __set__(self, instance: Any, value: Any) -> None:
        try:
            pending = _get_pending(instance)
        except AttributeError:
            pending = 0
        if pending & self.bit:
            with _lazy_lock:
                self.member.__set__(instance, value)
                _set_pending(instance, _get_pending(instance) & ~self.bit)
        else:
            self.member.__set__(instance, value)

    def __delete__(self, instance: Any) -> None:
        self.member.__delete__(instance)


class _Mismatch(TypeError):
    """A value's JSON type does not fit its attribute (caught: the record takes the slow path)."""


def _accepted_types(field_type: Any) -> tuple[tuple[type, ...] | None, bool]:
    """(JSON types a primitive attribute takes as they are, or None; whether it takes null)."""
    if field_type in _PRIMITIVES:
        return _PRIMITIVES[field_type], False
    if _is_union(field_type):
        args = get_args(field_type)
        nullable = _NoneType in args
        members = [a for a in args if a is not _NoneType]
        if all(m in _PRIMITIVES for m in members):
            accepted: tuple[type, ...] = ()
            for m in members:
                accepted += tuple(t for t in _PRIMITIVES[m] if t not in accepted)
            return accepted, nullable
        return None, nullable
    return None, False


class _ModelCodec:
    """Structure/unstructure functions for one model class, generated lazily and cached.

    Structuring is specialised per record *shape*, the tuple of a record's keys. For each new
    shape a straight-line function is generated and compiled once: it creates the instance
    without going through ``__init__`` (the attrs classes here have no validators, converters or
    post-init hooks; a class that has any takes the general function instead), reads exactly the
    keys present, checks each plain value's JSON type inline (no call), calls the hook the
    converter resolves for every other attribute type (models, lists, datetimes, coordinates),
    sets the absent attributes to their defaults and the unknown keys, known for the shape, into
    ``extra``. Records of one endpoint share few shapes, so after the first page every record
    takes a cached function. A value that does not fit makes the record take the per-field path
    (:meth:`_structure_per_field`), which keeps that value verbatim in ``extra``.

    cattrs' own generated function (:func:`cattrs.gen.make_dict_structure_fn`) is the general
    path: mappings that are not dicts, shapes beyond :data:`_MAX_SHAPES`, and classes with
    attrs hooks; unstructuring always uses :func:`cattrs.gen.make_dict_unstructure_fn`. (The
    shape functions exist because cattrs' functions, built for any class, spend most of their
    time on keyword-argument calls into ``__init__`` and membership tests of absent keys: on a
    page of observations the shape functions are about twice as fast.)

    The wrappers exist before any generated function, so self-referencing and mutually
    referencing models (``Taxon.ancestors``, ``Identification.observation``) resolve without
    recursion: generating ``Taxon``'s functions only looks up ``Taxon``'s wrapper.
    """

    __slots__ = (
        "_cattrs_fn",
        "_defaults",
        "_direct",
        "_eager_plans",
        "_fast",
        "_fields",
        "_lazy_setters",
        "_overrides",
        "_plans",
        "_shapes",
        "_top_shapes",
        "_unstructure_fn",
        "cls",
        "known",
    )

    def __init__(self, cls: type[BaseModel]) -> None:
        self.cls = cls
        self.known: frozenset[str] = frozenset()
        self._fast: Callable[[Mapping[str, Any]], Any] | None = None
        self._cattrs_fn: Callable[[Mapping[str, Any]], Any] | None = None
        self._fields: dict[str, tuple[str, StructureHook, Any]] = {}
        self._plans: dict[str, tuple[str, _Plan]] = {}
        self._defaults: list[tuple[str, Any]] = []
        self._direct = False
        self._overrides: dict[str, Any] | None = None
        self._shapes: dict[tuple[str, ...], Callable[[dict[str, Any]], Any]] = {}
        self._top_shapes: dict[tuple[str, ...], Callable[[dict[str, Any]], Any]] = {}
        self._eager_plans: dict[str, tuple[str, _Plan]] = {}
        self._lazy_setters: dict[str, Any] = {}
        self._unstructure_fn: Callable[[Any], dict[str, Any]] | None = None

    def _prepare(self) -> dict[str, Any]:
        """Resolve the class's annotations once; the cattrs overrides (renames, omit ``extra``)."""
        if self._overrides is not None:
            return self._overrides
        import attrs
        from cattrs.gen import override

        from inatsdk import models

        attrs.resolve_types(self.cls, localns=models.namespace)
        overrides: dict[str, Any] = {}
        for a in attrs.fields(self.cls):
            if a.name == "_extra":
                overrides[a.name] = override(omit=True)
                continue
            key = a.metadata.get("json_key", a.name)
            if key != a.name:
                overrides[a.name] = override(rename=key)
        self._overrides = overrides
        return overrides

    def _build_structure(self) -> Callable[[Mapping[str, Any]], Any]:
        """The per-field specs and the shape plans (cattrs' general function for the class is
        made when first needed, by :meth:`_cattrs_structure`: the read path never imports
        cattrs)."""
        import attrs

        from inatsdk import models

        with _codec_lock:
            if self._fast is not None:
                return self._fast
            attrs.resolve_types(self.cls, localns=models.namespace)
            cls = self.cls
            fields: dict[str, tuple[str, StructureHook, Any]] = {}
            plans: dict[str, tuple[str, _Plan]] = {}
            eager_plans: dict[str, tuple[str, _Plan]] = {}
            lazy_setters: dict[str, Any] = {}
            defaults: list[tuple[str, Any]] = []
            # BaseModel's own pre-init (it clears the pending mask) is done by the generated code.
            direct = getattr(cls, "__attrs_pre_init__", None) in (
                None,
                BaseModel.__attrs_pre_init__,
            ) and not hasattr(cls, "__attrs_post_init__")
            for a in attrs.fields(cls):
                if a.validator is not None or a.converter is not None or not a.init:
                    direct = False
                defaults.append((a.name, a.default))
                if a.default is attrs.NOTHING:
                    direct = False
                if a.name == "_extra":
                    continue
                key = a.metadata.get("json_key", a.name)
                fields[key] = (a.alias, _structure_hook(a.type), a.type)
                lazy_plan, eager_plan = self._plan(a.name, a.type)
                plans[key] = (a.name, lazy_plan)
                eager_plans[key] = (a.name, eager_plan)
                if lazy_plan is not eager_plan:
                    lazy_setters[a.name] = lazy_plan[1].__set__
            fn = self._cattrs_structure
            self._fields = fields
            self._plans = plans
            self._eager_plans = eager_plans
            self._lazy_setters = lazy_setters
            self._defaults = defaults
            self._direct = direct
            self.known = frozenset(fields)
            self._fast = fn
            return fn

    def _plan(self, name: str, field_type: Any) -> tuple[_Plan, _Plan]:
        """How the generated code reads the attribute: (in a top-level record, in a nested
        one). Nested models and lists are left for the first read at the top level only: a
        nested model is built whole when first read, which costs less than finishing every
        level on its own read."""
        if field_type is Any:
            return ("any",), ("any",)
        accepted, nullable = _accepted_types(field_type)
        if accepted is not None:
            plan: _Plan = ("plain", accepted, nullable)
            return plan, plan
        inner = field_type
        if nullable:
            members = [a for a in get_args(field_type) if a is not _NoneType]
            if len(members) != 1:
                raise TypeError(f"inatsdk.converter: unsupported union {field_type!r}")
            inner = members[0]
        if inner is datetime:
            plan = ("call", _parse_datetime_value, nullable)
            return plan, plan
        if inner is date:
            plan = ("call", _parse_date_value, nullable)
            return plan, plan
        eager = ("hook", _structure_hook(inner), inner, nullable)
        lazy: tuple[str, Callable[[Any], Any], type] | None = None
        item_types: frozenset[type] | None = None
        if _is_model(inner):
            lazy = ("model", _codec_for(inner).structure, dict)
        elif _is_list(inner):
            item = _list_item_type(inner)
            if _is_model(item):
                codec = _codec_for(item)
                lazy = ("models", codec.structure_list, list)
            elif item is Any or item in _PRIMITIVES:
                item_types = None if item is Any else frozenset(_PRIMITIVES[item])
                lazy = ("list", _copy_list, list)
        if lazy is not None:
            kind, build, raw_type = lazy
            installed = self._install_lazy(name, build, raw_type)
            if installed is not None:
                member, bit = installed
                if kind == "list":
                    return ("list", member, bit, item_types, nullable), eager
                return (kind, member, bit, nullable), eager
        return eager, eager

    def _install_lazy(
        self, name: str, build: Callable[[Any], Any], raw_type: type
    ) -> tuple[Any, int] | None:
        """Make attribute ``name`` a :class:`_LazyField` (on the class that owns its slot);
        (the slot's own descriptor, the attribute's bit), or None when the attribute is not a
        plain slot (then it is built eagerly)."""
        import attrs

        for klass in self.cls.__mro__:
            found = klass.__dict__.get(name)
            if found is None:
                continue
            if isinstance(found, _LazyField):
                return found.member, found.bit
            if type(found) is types.MemberDescriptorType and attrs.has(klass):
                names = [a.name for a in attrs.fields(klass)]
                bit = 1 << names.index(name)
                setattr(klass, name, _LazyField(found, name, bit, build, raw_type))
                return found, bit
            return None
        return None

    def _shape_function(
        self, shape: tuple[str, ...], top: bool = False
    ) -> Callable[[dict[str, Any]], Any]:
        """The generated function for records with exactly these keys (in this order); ``top``:
        for a top-level record (nested records kept for their first read)."""
        if self._fast is None:
            self._build_structure()
        with _codec_lock:
            shapes = self._top_shapes if top else self._shapes
            fn = shapes.get(shape)
            if fn is not None:
                return fn
            if len(shapes) >= _MAX_SHAPES:
                return self._structure_general
            if self._direct:
                fn = self._generate(shape, len(shapes), top)
            else:
                fn = self._structure_general
            shapes[shape] = fn
            return fn

    def _generate(
        self, shape: tuple[str, ...], number: int, top: bool
    ) -> Callable[[dict[str, Any]], Any]:
        import attrs

        cls = self.cls
        custom_setattr = cls.__setattr__ is not object.__setattr__
        ns: dict[str, Any] = {
            "_new": object.__new__,
            "_cls": cls,
            "_Mismatch": _Mismatch,
            "_ONLY_DICTS": _ONLY_DICTS,
        }
        if custom_setattr:
            ns["_set"] = object.__setattr__

        lazy_setters = self._lazy_setters

        def store(name: str, expr: str) -> str:
            if name in lazy_setters:  # straight into the slot, past the _LazyField
                ns[f"_ms_{name}"] = lazy_setters[name]
                return f"  _ms_{name}(i, {expr})"
            # A class with its own __setattr__ (e.g. change tracking) must not see the build.
            return f"  _set(i, {name!r}, {expr})" if custom_setattr else f"  i.{name} = {expr}"

        plans = self._plans if top else self._eager_plans
        kind = "top" if top else "nested"
        lines = [f"def structure_{cls.__name__}_{kind}{number}(o):", "  i = _new(_cls)", "  p = 0"]
        present: set[str] = set()
        unknown: list[str] = []
        for index, key in enumerate(shape):
            planned = plans.get(key)
            if planned is None:
                unknown.append(key)
                continue
            name, plan = planned
            present.add(name)
            k = repr(key)
            if plan[0] == "any":
                lines.append(store(name, f"o[{k}]"))
            elif plan[0] == "model":
                # A nested record is kept as it came and built on first read (_LazyField).
                _, member, bit, nullable = plan
                ns[f"_m{index}"] = member.__set__
                lines.append(f"  v = o[{k}]")
                lines.append(f"  if type(v) is dict: _m{index}(i, v); p |= {bit}")
                if nullable:
                    lines.append(f"  elif v is None: _m{index}(i, None)")
                lines.append(f"  else: raise _Mismatch({k})")
            elif plan[0] == "models":
                _, member, bit, nullable = plan
                ns[f"_m{index}"] = member.__set__
                lines.append(f"  v = o[{k}]")
                lines.append("  if type(v) is list:")
                lines.append(
                    f"    if _ONLY_DICTS.issuperset(map(type, v)): _m{index}(i, v); p |= {bit}"
                )
                lines.append(f"    else: raise _Mismatch({k})")
                if nullable:
                    lines.append(f"  elif v is None: _m{index}(i, None)")
                lines.append(f"  else: raise _Mismatch({k})")
            elif plan[0] == "list":
                # Plain values: checked at C speed here, copied on first read.
                _, member, bit, accepted, nullable = plan
                ns[f"_m{index}"] = member.__set__
                lines.append(f"  v = o[{k}]")
                lines.append("  if type(v) is list:")
                if accepted is not None:
                    ns[f"_A{index}"] = accepted
                    lines.append(
                        f"    if _A{index}.issuperset(map(type, v)): _m{index}(i, v); p |= {bit}"
                    )
                    lines.append(f"    else: raise _Mismatch({k})")
                else:
                    lines.append(f"    _m{index}(i, v); p |= {bit}")
                if nullable:
                    lines.append(f"  elif v is None: _m{index}(i, None)")
                lines.append(f"  else: raise _Mismatch({k})")
            elif plan[0] == "call":
                _, func, nullable = plan
                ns[f"_f{index}"] = func
                if nullable:
                    lines.append(f"  v = o[{k}]")
                    lines.append(store(name, f"None if v is None else _f{index}(v)"))
                else:
                    lines.append(store(name, f"_f{index}(o[{k}])"))
            elif plan[0] == "plain":
                _, accepted, nullable = plan
                lines.append(f"  v = o[{k}]")
                if len(accepted) == 1:
                    ns[f"_T{index}"] = accepted[0]
                    test = f"type(v) is not _T{index}"
                else:
                    ns[f"_T{index}"] = frozenset(accepted)
                    test = f"type(v) not in _T{index}"
                if nullable:
                    test = f"v is not None and {test}"
                lines.append(f"  if {test}: raise _Mismatch({k})")
                lines.append(store(name, "v"))
            else:
                _, hook, inner, nullable = plan
                ns[f"_h{index}"] = hook
                ns[f"_t{index}"] = inner
                if nullable:
                    lines.append(f"  v = o[{k}]")
                    lines.append(store(name, f"None if v is None else _h{index}(v, _t{index})"))
                else:
                    lines.append(store(name, f"_h{index}(o[{k}], _t{index})"))
        for name, default in self._defaults:
            if name in present or name == "_extra":
                continue
            if default is None:
                lines.append(store(name, "None"))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                ns[f"_d_{name}"] = default.factory
                lines.append(store(name, f"_d_{name}(i)" if default.takes_self else f"_d_{name}()"))
            else:
                ns[f"_d_{name}"] = default
                lines.append(store(name, f"_d_{name}"))
        lines.append("  _set_pending(i, p)")
        ns["_set_pending"] = _set_pending
        if unknown:
            ns["_unknown"] = tuple(unknown)
            lines.append(store("_extra", "{key: o[key] for key in _unknown}"))
        else:
            lines.append(store("_extra", "None"))
        lines.append("  return i")
        source = "\n".join(lines) + "\n"
        filename = (
            f"<inatsdk generated structure {cls.__module__}.{cls.__qualname__}#{kind}{number}>"
        )
        exec(compile(source, filename, "exec"), ns)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        fn: Callable[[dict[str, Any]], Any] = ns[f"structure_{cls.__name__}_{kind}{number}"]
        return fn

    def _build_unstructure(self) -> Callable[[Any], dict[str, Any]]:
        from cattrs.gen import make_dict_unstructure_fn

        with _codec_lock:
            if self._unstructure_fn is not None:
                return self._unstructure_fn
            overrides = self._prepare()
            fn = make_dict_unstructure_fn(
                self.cls, _get_converter(), _cattrs_omit_if_default=True, **overrides
            )
            self._unstructure_fn = fn
            return fn

    def _cattrs_structure(self, data: Mapping[str, Any]) -> Any:
        """cattrs' generated function for the class (the general path), made on first use."""
        fn = self._cattrs_fn
        if fn is None:
            from cattrs.gen import make_dict_structure_fn

            with _codec_lock:
                fn = self._cattrs_fn
                if fn is None:
                    fn = self._cattrs_fn = make_dict_structure_fn(
                        self.cls,
                        _get_converter(),
                        _cattrs_forbid_extra_keys=False,
                        _cattrs_detailed_validation=False,
                        **self._prepare(),
                    )
        return fn(data)

    def _structure_general(self, data: Mapping[str, Any]) -> Any:
        """Any mapping, through cattrs' general function for the class; sets ``extra``."""
        fast = self._fast or self._build_structure()
        instance = fast(data)
        known = self.known
        if not known.issuperset(data):
            instance._extra = {key: value for key, value in data.items() if key not in known}
        return instance

    def structure(self, data: Any, _: Any = None) -> Any:
        """The structure hook of the class (``data`` must be a mapping)."""
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                raise _type_error(data, f"a JSON object for {self.cls.__name__}")
            mapping = cast("Mapping[str, Any]", data)
            try:
                return self._structure_general(mapping)
            except Exception:
                return self._structure_per_field(mapping)
        record = cast("dict[str, Any]", data)
        shape = tuple(record)
        fn = self._shapes.get(shape) or self._shape_function(shape)
        try:
            return fn(record)
        except Exception:
            return self._structure_per_field(record)

    def structure_top(self, data: Any) -> Any:
        """:meth:`structure` for a top-level record (``Model.from_json``): nested models and
        lists are checked and kept for their first read (see :class:`_LazyField`)."""
        if type(data) is not dict:
            return self.structure(data)
        record = cast("dict[str, Any]", data)
        shape = tuple(record)
        fn = self._top_shapes.get(shape) or self._shape_function(shape, top=True)
        try:
            return fn(record)
        except Exception:
            return self._structure_per_field(record)

    def structure_optional(self, data: Any, _: Any = None) -> Any:
        """The hook of ``Model | None``."""
        if data is None:
            return None
        return self.structure(data)

    def structure_optional_list(self, data: Any, _: Any = None) -> list[Any] | None:
        """The hook of ``list[Model] | None``."""
        if data is None:
            return None
        return self.structure_list(data)

    def structure_list(self, data: Any, _: Any = None) -> list[Any]:
        """The hook of ``list[Model]`` (the shape dispatch inlined: one frame fewer per item)."""
        if type(data) is not list:
            raise _type_error(data, f"a list of {self.cls.__name__}")
        items = cast("list[object]", data)
        if not items:
            return []
        shapes = self._shapes
        result: list[Any] = []
        for item in items:
            if type(item) is not dict:
                result.append(self.structure(item))
                continue
            record = cast("dict[str, Any]", item)
            shape = tuple(record)
            fn = shapes.get(shape) or self._shape_function(shape)
            try:
                result.append(fn(record))
            except Exception:
                result.append(self._structure_per_field(record))
        return result

    def _structure_per_field(self, data: Mapping[str, Any]) -> Any:
        """The slow path: structure field by field; values that do not fit go to ``extra``."""
        if self._fast is None:
            self._build_structure()
        fields = self._fields
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            spec = fields.get(key)
            if spec is None:
                extra[key] = value
                continue
            alias, hook, field_type = spec
            try:
                kwargs[alias] = hook(value, field_type)
            except Exception as exc:
                _log.debug(
                    "%s.%s: kept a %s in extra (%s)",
                    self.cls.__name__,
                    key,
                    type(value).__name__,
                    exc,
                )
                extra[key] = value
        instance = self.cls(**kwargs)
        instance.extra = extra
        return instance

    def unstructure(self, instance: Any) -> dict[str, Any]:
        fn = self._unstructure_fn or self._build_unstructure()
        result = fn(instance)
        extra = instance._extra
        if extra:
            for key, value in extra.items():
                if key not in result:
                    result[key] = _copy_json(value)
        return result


def _codec_for(cls: type[BaseModel]) -> _ModelCodec:
    codec = _CODECS.get(cls)
    if codec is None:
        with _codec_lock:
            codec = _CODECS.get(cls)
            if codec is None:
                codec = _ModelCodec(cls)
                _CODECS[cls] = codec
    return codec


def _model_structure_factory(cls: type[BaseModel]) -> StructureHook:
    return _codec_for(cls).structure


def _model_unstructure_factory(cls: type[BaseModel]) -> UnstructureHook:
    return _codec_for(cls).unstructure


# ---------------------------------------------------------------------------------------------
# The converter
# ---------------------------------------------------------------------------------------------

_converter: cattrs.Converter | None = None


def _get_converter() -> cattrs.Converter:
    """The converter, built on first use (this is when cattrs is imported)."""
    global _converter
    conv = _converter
    if conv is None:
        with _codec_lock:
            conv = _converter
            if conv is None:
                conv = _converter = _build_converter()
    return conv


def _build_converter() -> cattrs.Converter:
    import cattrs
    from cattrs.fns import identity

    conv = cattrs.Converter(detailed_validation=False, forbid_extra_keys=False)

    # Primitives first.
    for primitive, accepted in _PRIMITIVES.items():
        conv.register_structure_hook(primitive, _make_primitive_structure(accepted, False))
        conv.register_unstructure_hook(primitive, identity)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, format_datetime)
    conv.register_structure_hook_func(lambda t: t is Any, _structure_any)
    conv.register_unstructure_hook_func(lambda t: t is Any, identity)
    conv.register_structure_hook(Coordinates, _structure_coordinates)
    conv.register_unstructure_hook(Coordinates, _unstructure_coordinates)

    # Containers.
    conv.register_structure_hook_factory(_is_union, _union_structure_factory)
    conv.register_unstructure_hook_factory(_is_union, _union_unstructure_factory)
    conv.register_structure_hook_factory(_is_list, _list_structure_factory)
    conv.register_unstructure_hook_factory(_is_list, _list_unstructure_factory)
    conv.register_structure_hook_factory(_is_dict, _dict_structure_factory)
    conv.register_unstructure_hook_factory(_is_dict, _dict_unstructure_factory)

    # One factory for every model class.
    conv.register_structure_hook_factory(_is_model, _model_structure_factory)
    conv.register_unstructure_hook_factory(_is_model, _model_unstructure_factory)
    return conv
