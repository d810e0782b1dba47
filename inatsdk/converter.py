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
* **One hook factory for every model class** (every :class:`~inatsdk.models.base.BaseModel`
  subclass). Per class, and only the first time the class is used, it generates specialised
  structure and unstructure functions with cattrs' code generation
  (:func:`cattrs.gen.make_dict_structure_fn`, :func:`cattrs.gen.make_dict_unstructure_fn`) and
  wraps them:

  - structuring fills the known attributes and puts every key the class does not know into the
    model's ``extra`` mapping, in the order received;
  - when a known key's value does not fit the attribute's type (the recorded responses contain,
    for example, ``"non_owner_ids": "TRUNCATED"``), that one value is kept verbatim in ``extra``
    and the attribute stays ``None``; this slower per-field path runs only for records that need
    it;
  - unstructuring writes the attributes that are not ``None`` under their JSON key names, in
    declaration order, then merges ``extra`` back (a key in ``extra`` never overrides an attribute
    that has a value).

Public helpers: :func:`structure` and :func:`unstructure`. Models use them through
``Model.from_json`` and ``Model.to_json``.
"""

from __future__ import annotations

import gc
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

    While the record is converted, Python's cyclic garbage collector is paused (and switched back
    on right after, if it was on). Building models creates no reference cycles, so the pause
    frees nothing late; it only stops the burst of new objects from triggering collections that
    walk the whole heap, several of them for a large page (the same trick as Mercurial's
    ``util.nogc``). A ``gc.disable()`` issued by another thread during that window is undone.
    """
    codec = _CODECS.get(cls)
    if codec is None:
        if not _is_model(cls):
            return _get_converter().structure(data, cls)
        codec = _codec_for(cls)
    if gc.isenabled():
        gc.disable()
        try:
            return cast("T", codec.structure(data, cls))
        finally:
            gc.enable()
    return cast("T", codec.structure(data, cls))


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
            return result
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
    return Coordinates.from_json(value)


def _unstructure_coordinates(value: Coordinates) -> Any:
    return value.to_json()


def _copy_json(value: Any) -> Any:
    """A copy of plain JSON data, so ``to_json()`` output never aliases a model's state."""
    if type(value) is dict:
        return {k: _copy_json(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy_json(v) for v in value]
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


def _union_structure_factory(t: Any, conv: cattrs.Converter) -> StructureHook:
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
            codec = _codec_for(inner_type)
            if codec.small:
                return codec.structure_optional_small
            return codec.structure_optional
        if _is_list(inner_type):
            return _make_list_structure(inner_type, conv, optional=True)
        if inner_type is datetime:
            return _structure_optional_datetime
        if inner_type is date:
            return _structure_optional_date
        inner = conv.get_structure_hook(inner_type)

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


def _make_list_structure(t: Any, conv: cattrs.Converter, optional: bool) -> StructureHook:
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
        accepted: tuple[type, ...] | None = None
    elif elem_type in _PRIMITIVES:
        accepted = _PRIMITIVES[elem_type]
    else:
        inner = conv.get_structure_hook(elem_type)

        def structure_list(value: Any, _: Any) -> list[Any] | None:
            if type(value) is not list:
                if value is None and optional:
                    return None
                raise _type_error(value, "list")
            if not value:
                return value
            return [inner(item, elem_type) for item in value]

        return structure_list

    def structure_plain_list(value: Any, _: Any) -> list[Any] | None:
        if type(value) is not list:
            if value is None and optional:
                return None
            raise _type_error(value, "list")
        if accepted is not None:
            for item in value:
                if type(item) not in accepted:
                    raise _type_error(item, " | ".join(a.__name__ for a in accepted))
        return value

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


def _dict_structure_factory(t: Any, conv: cattrs.Converter) -> StructureHook:
    args = get_args(t)
    if args and (args[0] is not str or args[1] is not Any):
        raise TypeError(f"inatsdk.converter: only dict[str, Any] is supported, not {t!r}")

    def structure_json_object(value: Any, _: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _type_error(value, "object")
        return value

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
#: records take the class's general generated function.
_MAX_SHAPES = 128

#: Classes with at most this many attributes (``extra`` included) skip shape specialisation.
_SMALL_CLASS_FIELDS = 7

_ShapeEntry = tuple[Callable[[Mapping[str, Any]], Any], tuple[str, ...]]
_NoneType = type(None)


def _passthrough_marker(value: Any) -> Any:
    """Never called: marks, for cattrs' code generation only, a field read without a hook."""
    return value  # pragma: no cover


def _accepted_types(field_type: Any) -> tuple[frozenset[type] | None, bool]:
    """(JSON types a primitive attribute takes as they are, or None; whether it takes null)."""
    if field_type is Any:
        return None, True
    if field_type in _PRIMITIVES:
        return frozenset(_PRIMITIVES[field_type]), False
    if _is_union(field_type):
        args = get_args(field_type)
        nullable = _NoneType in args
        members = [a for a in args if a is not _NoneType]
        if all(m in _PRIMITIVES for m in members):
            return frozenset(t for m in members for t in _PRIMITIVES[m]), nullable
        return None, nullable
    return None, False


class _ModelCodec:
    """Structure/unstructure functions for one model class, generated lazily and cached.

    Structuring is specialised per record *shape*: the record's keys followed by the JSON types
    of their values (one flat tuple, cheap to build and hash). For each new shape, cattrs
    generates a function (:func:`cattrs.gen.make_dict_structure_fn_from_attrs`) that reads
    exactly the keys present, without testing absent ones. Because the value types are part of
    the shape, they are checked once, when the shape is first seen: plain values that fit their
    attribute (and nulls) are then read with no hook call at all, a shape where a plain value
    does not fit goes straight to the per-field path, and the keys the class does not know are
    known in advance. Records of one endpoint have few shapes, so after the first page every
    record takes a cached, straight-line function. The general function
    (:func:`cattrs.gen.make_dict_structure_fn`) serves non-dict mappings and shapes beyond
    :data:`_MAX_SHAPES`.

    The wrappers exist before any generated function, so self-referencing and mutually
    referencing models (``Taxon.ancestors``, ``Identification.observation``) resolve without
    recursion: generating ``Taxon``'s function only looks up ``Taxon``'s wrapper.
    """

    __slots__ = (
        "_accepts",
        "_by_key",
        "_fast",
        "_fields",
        "_overrides",
        "_shapes",
        "_unstructure_fn",
        "cls",
        "conv",
        "known",
        "small",
    )

    def __init__(self, cls: type[BaseModel], conv: cattrs.Converter) -> None:
        import attrs

        self.cls = cls
        self.conv = conv
        #: Few attributes: nested records take the general function, not shapes.
        self.small = len(attrs.fields(cls)) <= _SMALL_CLASS_FIELDS
        self.known: frozenset[str] = frozenset()
        self._fast: Callable[[Mapping[str, Any]], Any] | None = None
        self._fields: dict[str, tuple[str, StructureHook, Any]] = {}
        self._by_key: dict[str, Any] = {}
        self._accepts: dict[str, tuple[frozenset[type] | None, bool]] = {}
        self._overrides: dict[str, Any] | None = None
        self._shapes: dict[tuple[Any, ...], _ShapeEntry] = {}
        self._unstructure_fn: Callable[[Any], dict[str, Any]] | None = None

    def _prepare(self) -> dict[str, Any]:
        """Resolve the class's annotations once; the cattrs overrides (renames, omit ``extra``)."""
        if self._overrides is not None:
            return self._overrides
        import attrs
        from cattrs.gen import override

        from inatsdk import models

        namespace = {name: getattr(models, name) for name in models.__all__}
        attrs.resolve_types(self.cls, localns=namespace)
        overrides: dict[str, Any] = {}
        by_key: dict[str, Any] = {}
        for a in attrs.fields(self.cls):
            if a.name == "_extra":
                overrides[a.name] = override(omit=True)
                continue
            key = a.metadata.get("json_key", a.name)
            if key != a.name:
                overrides[a.name] = override(rename=key)
            by_key[key] = a
        self._accepts = {key: _accepted_types(a.type) for key, a in by_key.items()}
        self._by_key = by_key
        self._overrides = overrides
        return overrides

    def _build_structure(self) -> Callable[[Mapping[str, Any]], Any]:
        from cattrs.gen import make_dict_structure_fn

        with _codec_lock:
            if self._fast is not None:
                return self._fast
            overrides = self._prepare()
            fields = {
                key: (a.alias, self.conv.get_structure_hook(a.type), a.type)
                for key, a in self._by_key.items()
            }
            fn = make_dict_structure_fn(
                self.cls,
                self.conv,
                _cattrs_forbid_extra_keys=False,
                _cattrs_detailed_validation=False,
                **overrides,
            )
            self._fields = fields
            self.known = frozenset(fields)
            self._fast = fn
            return fn

    def _shape_entry(self, shape: tuple[Any, ...]) -> _ShapeEntry:
        """The generated function for records of this shape (keys, then their value types)."""
        import attrs
        from cattrs.gen import make_dict_structure_fn_from_attrs

        self._fast or self._build_structure()
        with _codec_lock:
            entry = self._shapes.get(shape)
            if entry is not None:
                return entry
            if len(self._shapes) >= _MAX_SHAPES:
                return (self._structure_general, ())
            half = len(shape) // 2
            keys: tuple[str, ...] = shape[:half]
            value_types: tuple[type, ...] = shape[half:]
            by_key = self._by_key
            accepts = self._accepts
            overrides = self._overrides or {}
            fields = []
            for key, value_type in zip(keys, value_types, strict=True):
                a = by_key.get(key)
                if a is None:
                    continue
                accepted, nullable = accepts[key]
                if value_type is _NoneType:
                    if not nullable:
                        return self._remember(shape, (self._structure_per_field, ()))
                    plain = True
                elif accepted is not None:
                    if value_type not in accepted:
                        return self._remember(shape, (self._structure_per_field, ()))
                    plain = True
                else:
                    plain = a.type is Any
                # Every present key becomes a required argument: no membership tests. A plain
                # value (a null, or a primitive of an accepted type) carries a marker converter
                # so that, with _cattrs_prefer_attrib_converters, cattrs reads it without a hook;
                # the class itself has no converters, so the value is stored as it is.
                if plain:
                    fields.append(a.evolve(default=attrs.NOTHING, converter=_passthrough_marker))
                else:
                    fields.append(a.evolve(default=attrs.NOTHING))
            fn = make_dict_structure_fn_from_attrs(
                fields,
                self.cls,
                self.conv,
                _cattrs_forbid_extra_keys=False,
                _cattrs_detailed_validation=False,
                _cattrs_prefer_attrib_converters=True,
                _cattrs_use_linecache=False,
                **{a.name: overrides[a.name] for a in fields if a.name in overrides},
            )
            unknown = tuple(key for key in keys if key not in by_key)
            return self._remember(shape, (fn, unknown))

    def _remember(self, shape: tuple[Any, ...], entry: _ShapeEntry) -> _ShapeEntry:
        self._shapes[shape] = entry
        return entry

    def _build_unstructure(self) -> Callable[[Any], dict[str, Any]]:
        from cattrs.gen import make_dict_unstructure_fn

        with _codec_lock:
            if self._unstructure_fn is not None:
                return self._unstructure_fn
            overrides = self._prepare()
            fn = make_dict_unstructure_fn(
                self.cls, self.conv, _cattrs_omit_if_default=True, **overrides
            )
            self._unstructure_fn = fn
            return fn

    def _structure_general(self, data: Mapping[str, Any]) -> Any:
        """Any mapping, through the class's general generated function; sets ``extra``."""
        fast = self._fast or self._build_structure()
        instance = fast(data)
        known = self.known
        if not known.issuperset(data):
            instance._extra = {key: value for key, value in data.items() if key not in known}
        return instance

    def structure(self, data: Any, _: Any = None) -> Any:
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                raise _type_error(data, f"a JSON object for {self.cls.__name__}")
            try:
                return self._structure_general(data)
            except Exception:
                return self._structure_per_field(data)
        shape = (*data, *map(type, data.values()))
        fn, unknown = self._shapes.get(shape) or self._shape_entry(shape)
        try:
            instance = fn(data)
        except Exception:
            return self._structure_per_field(data)
        if unknown:
            instance._extra = {key: data[key] for key in unknown}
        return instance

    def structure_optional(self, data: Any, _: Any = None) -> Any:
        """:meth:`structure` for ``Model | None`` attributes (the same code, one frame fewer)."""
        if data is None:
            return None
        if type(data) is not dict:
            return self.structure(data)
        shape = (*data, *map(type, data.values()))
        fn, unknown = self._shapes.get(shape) or self._shape_entry(shape)
        try:
            instance = fn(data)
        except Exception:
            return self._structure_per_field(data)
        if unknown:
            instance._extra = {key: data[key] for key in unknown}
        return instance

    def structure_optional_small(self, data: Any, _: Any = None) -> Any:
        """:meth:`structure_optional` for classes of a few attributes (``FlagCounts``...): the
        general function, whose few membership tests cost less than building a shape key."""
        if data is None:
            return None
        if type(data) is not dict:
            return self.structure(data)
        try:
            return self._structure_general(data)
        except Exception:
            return self._structure_per_field(data)

    def structure_optional_list(self, data: Any, _: Any = None) -> list[Any] | None:
        """:meth:`structure_list` for ``list[Model] | None`` attributes."""
        if data is None:
            return None
        if not data and type(data) is list:
            return data
        return self.structure_list(data)

    def structure_list(self, data: Any, _: Any = None) -> list[Any]:
        """:meth:`structure` for ``list[Model]`` attributes (one call frame fewer per item)."""
        if type(data) is not list:
            raise _type_error(data, f"a list of {self.cls.__name__}")
        if not data:
            return data
        shapes = self._shapes
        result = []
        for item in data:
            if type(item) is not dict:
                result.append(self.structure(item))
                continue
            shape = (*item, *map(type, item.values()))
            fn, unknown = shapes.get(shape) or self._shape_entry(shape)
            try:
                instance = fn(item)
            except Exception:
                instance = self._structure_per_field(item)
            else:
                if unknown:
                    instance._extra = {key: item[key] for key in unknown}
            result.append(instance)
        return result

    def _structure_per_field(self, data: Mapping[str, Any]) -> Any:
        """The slow path: structure field by field; values that do not fit go to ``extra``."""
        if not self._fields:
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
                _log.debug("%s.%s: kept %r in extra (%s)", self.cls.__name__, key, type(value), exc)
                extra[key] = value
        instance = self.cls(**kwargs)
        instance._extra = extra
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
        conv = _get_converter()
        with _codec_lock:
            codec = _CODECS.get(cls)
            if codec is None:
                codec = _ModelCodec(cls, conv)
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
