"""Typed field selections for the v2 API.

v2 answers with almost nothing unless it is told which fields to return: a search of
observations gives each record's ``uuid`` and no more. :class:`Fields` names what you want, is
checked against the model before anything is sent, and renders itself the way v2 reads it.

Build a selection from plain names, nested selections and :data:`ALL`::

    from inatsdk.fields import ALL, Fields

    Fields("id", "quality_grade", taxon=Fields("name", "rank"), user=["login"])
    Fields("id", "taxon.name", "taxon.rank")      # dotted names nest, as v2's own form does
    Fields("id") | Fields(user=["login"])          # selections merge
    Fields("id", taxon=ALL)                        # every field of the taxon
    ALL                                            # every field (``fields=all``)

Keyword values may be a :class:`Fields`, a list of names, a single name, ``ALL`` or ``True``.
Selections are immutable and hashable; equal selections render the same text (keys sorted), so
equal queries share one cache entry.

Rendering::

    >>> sel = Fields("id", "quality_grade", taxon=Fields("name", "rank"), user=["login"])
    >>> sel.to_rison()
    '(id:!t,quality_grade:!t,taxon:(name:!t,rank:!t),user:(login:!t))'
    >>> sel.to_json()["taxon"]
    {'name': True, 'rank': True}
    >>> ALL.to_rison()
    'all'

Checking, before sending (an unknown name raises
:class:`~inatsdk.errors.InvalidParameterError` naming the closest attribute)::

    >>> from inatsdk.models import Observation
    >>> Fields("id", taxon=["nme"]).validate(Observation)
    Traceback (most recent call last):
    ...
    inatsdk.errors.InvalidParameterError: Observation.taxon (a Taxon) has no field 'nme'; ...

With the client, a selection goes to a paginator's ``.fields(...)`` or to ``get(..., fields=...)``
and ``get_many(..., fields=...)``; the query then goes to the method's v2 twin::

    client.observations.search(taxon_id=3).fields("quality_grade", taxon=["name"]).first()
    client.observations.get("6444ede0-9831-47bd-8c3b-ee32e08cbfe4", fields=ALL)

What v2 returns, and how the SDK asks:

* Unrequested attributes are ``None`` on the models (the JSON had no such key).
* v2 always adds each object's required key (``uuid`` for observations, ``id`` for taxa, users,
  places and most nested objects), whatever the selection.
* Naming an object field without a sub-selection (``Fields("taxon")``) is v2's ``taxon:!t``,
  which returns only that object's required key (``{"id": ...}``); ask for ``taxon=ALL`` or
  ``taxon=[...]`` to get more.
* The SDK adds ``id`` (and ``uuid`` where the model has one) to every selection, because paging
  by id and matching looked-up records need them.
* Without a selection, a v2 query asks for :data:`DEFAULT_FIELDS` (``all``), so a model has the
  same attributes set as from v1; pass a selection to receive, and pay for, less.
* A name the model does not know is refused, even if v2 has it; mark such a selection with
  :meth:`Fields.unchecked` to send it anyway (its values land in the model's ``extra``).
* A selection is sent as RISON in the query string (``fields=(id:!t,user:(login:!t))``). When the
  whole URL would be longer than :data:`MAX_URL_LENGTH` characters, the request is sent instead
  as ``POST`` with ``X-HTTP-Method-Override: GET`` and every parameter in a JSON body
  (``{"fields": {...}, "taxon_id": "3", ...}``), which the v2 GET operations declaring that
  header take (every v2 twin in :data:`inatsdk.endpoints.ENDPOINTS` does; the others are sent
  as a GET whatever their length). Such a POST is still a read: it is retried like a GET and sent in
  ``dry_run="writes"`` mode, but the HTTP cache never stores it (requests-cache keys GETs only).
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias, Union, cast, get_args, get_origin

from inatsdk.errors import InvalidParameterError

if TYPE_CHECKING:
    from inatsdk.models.base import BaseModel

__all__ = [
    "ALL",
    "DEFAULT_FIELDS",
    "MAX_URL_LENGTH",
    "FieldSpec",
    "Fields",
    "FieldsLike",
    "always_fields",
    "coerce_fields",
]

MAX_URL_LENGTH: Final = 2000
"""Longest URL (in characters, percent-encoded) sent as a GET; longer v2 reads go as a POST with
``X-HTTP-Method-Override: GET``. 2,000 is the traditional safe limit for proxies and caches."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# RISON: characters that may not appear in an unquoted string, and may not start one
_RISON_NOT_ID = frozenset(" '!:(),*@$")
_RISON_NOT_START = frozenset("-0123456789")


class Fields:
    """An immutable selection of v2 response fields (see the module docstring).

    Parameters:
        *names: field names (``"quality_grade"``), dotted paths (``"taxon.name"``), other
            selections to merge in, or ``"all"``.
        **nested: a field and what to return of it: a :class:`Fields`, a list of names, one
            name, :data:`ALL` or ``True`` (the field itself).
    """

    __slots__ = ("_all", "_checked", "_children", "_hash")

    _all: bool
    _children: Mapping[str, Fields | None]
    """Field name -> its sub-selection, or None for the field itself (``name:!t``)."""
    _hash: int | None
    _checked: bool

    def __init__(self, *names: str | Fields, **nested: FieldSpec) -> None:
        children: dict[str, Fields | None] = {}
        every = False
        checked = True
        # Checked at run time too: callers without a type checker may pass anything.
        for item in cast("tuple[object, ...]", names):
            if isinstance(item, Fields):
                every = every or item._all
                checked = checked and item._checked
                _merge_into(children, item._children)
            elif isinstance(item, str):
                if item == "all":
                    every = True
                else:
                    _set_path(children, _split(item), None)
            else:
                raise InvalidParameterError(
                    f"a field must be a name or a Fields selection, not {item!r}"
                )
        for key, value in nested.items():
            _check_name(key)
            if value is False:
                continue
            sub = None if value is True else coerce_fields(value)
            _merge_into(children, {key: sub})
        object.__setattr__(self, "_all", every)
        object.__setattr__(self, "_children", {} if every else children)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_checked", checked)

    # --- constructors ---------------------------------------------------------------------------

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | str) -> Fields:
        """A selection from v2's JSON form: ``{"id": True, "user": {"login": True}}`` or
        ``"all"`` (what a POST body's ``fields`` holds)."""
        if isinstance(value, str):
            return cls(*value.split(","))
        if value.get("all"):
            return ALL
        children: dict[str, Fields | None] = {}
        for key, sub in value.items():
            _check_name(key)
            if sub is True:
                children[key] = None
            elif sub is False or sub is None:
                continue
            elif isinstance(sub, (Mapping, str)):
                children[key] = cls.from_json(cast("Mapping[str, Any] | str", sub))
            else:
                raise InvalidParameterError(
                    f"fields: {key}={sub!r} is not true, 'all' or an object"
                )
        return _from_children(children)

    # --- what it holds ----------------------------------------------------------------------------

    @property
    def is_all(self) -> bool:
        """True for :data:`ALL`: every field."""
        return self._all

    def names(self) -> tuple[str, ...]:
        """The top-level field names, sorted (empty for :data:`ALL`)."""
        return tuple(sorted(self._children))

    def get(self, name: str) -> Fields | None:
        """The sub-selection of field ``name``; None if the field is named without one (or not
        named: see ``in``)."""
        return self._children.get(name)

    def __contains__(self, path: object) -> bool:
        """``"taxon.name" in sel``: whether that field is selected (always, for :data:`ALL`)."""
        if not isinstance(path, str):
            return False
        node: Fields | None = self
        for part in path.split("."):
            if node is None:
                return False
            if node._all:
                return True
            if part not in node._children:
                return False
            node = node._children[part]
        return True

    # --- combining --------------------------------------------------------------------------------

    def __or__(self, other: FieldsLike) -> Fields:
        return Fields(self, coerce_fields(other))

    def __ror__(self, other: FieldsLike) -> Fields:
        return Fields(coerce_fields(other), self)

    def including(self, *names: str) -> Fields:
        """This selection with ``names`` added (unchanged if it is :data:`ALL`)."""
        if self._all or all(n in self._children for n in names):
            return self
        return Fields(self, *names)

    # --- rendering --------------------------------------------------------------------------------

    def to_rison(self) -> str:
        """The ``fields`` query value: ``all`` or RISON, ``(id:!t,user:(login:!t))``."""
        if self._all:
            return "all"
        parts: list[str] = []
        for key in sorted(self._children):
            sub = self._children[key]
            parts.append(f"{_rison_key(key)}:{'!t' if sub is None else sub.to_rison()}")
        return "(" + ",".join(parts) + ")"

    def to_json(self) -> dict[str, Any] | str:
        """The JSON form v2 takes in a POST body: ``"all"`` or ``{"id": true, ...}``."""
        if self._all:
            return "all"
        out: dict[str, Any] = {}
        for key in sorted(self._children):
            sub = self._children[key]
            out[key] = True if sub is None else sub.to_json()
        return out

    def __str__(self) -> str:
        return self.to_rison()

    def __repr__(self) -> str:
        if self._all:
            return "ALL"
        keys = sorted(self._children)
        plain = [repr(k) for k in keys if self._children[k] is None]
        nested = [f"{k}={self._children[k]!r}" for k in keys if self._children[k] is not None]
        return f"Fields({', '.join(plain + nested)})"

    # --- equality ---------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fields):
            return NotImplemented
        return self._all == other._all and dict(self._children) == dict(other._children)

    def __hash__(self) -> int:
        cached: int | None = self._hash
        if cached is None:
            cached = hash((self._all, frozenset(self._children.items())))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Fields is immutable; combine selections with | instead")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Fields.from_json, (self.to_json(),))

    # --- checking against a model -------------------------------------------------------------------

    def unchecked(self) -> Fields:
        """This selection, exempt from :meth:`validate`: for fields v2 has but the model does
        not know yet (their values land in the model's ``extra``).

        Example: ``Fields("id", taxon=Fields("statuses").unchecked())``.
        """
        made = Fields(self)
        object.__setattr__(made, "_checked", False)
        return made

    def validate(self, model: type[BaseModel], *, where: str = "") -> Fields:
        """Raise :class:`~inatsdk.errors.InvalidParameterError` if a name is not an attribute of
        ``model`` (at its level of nesting), naming the closest one; returns the selection.

        Attributes are matched by their JSON key. An attribute holding a plain mapping (no model)
        takes any sub-selection; a scalar attribute takes none.
        """
        self._validate_against(model, model.__name__, where, top=True)
        return self

    def _validate_against(
        self, model: type[BaseModel], path: str, where: str, *, top: bool = False
    ) -> None:
        if self._all or not self._checked:
            return
        known = _model_fields(model)
        label = path if top else f"{path} (a {model.__name__})"
        prefix = f"{where}: " if where else ""
        for name in sorted(self._children):
            sub = self._children[name]
            kind = known.get(name)
            if kind is None:
                from inatsdk.params.spec import suggest

                guess = suggest(name, known)
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise InvalidParameterError(f"{prefix}{label} has no field {name!r}{hint}")
            if sub is None or kind == _ANY:
                continue
            if not isinstance(kind, type):
                raise InvalidParameterError(
                    f"{prefix}{path}.{name} is a plain value, not an object: it takes no "
                    f"sub-selection (name it alone: {name!r})"
                )
            sub._validate_against(kind, f"{path}.{name}", where)


FieldSpec: TypeAlias = "Fields | Iterable[str] | bool"
"""What a keyword of :class:`Fields` takes: a selection, names, one name, :data:`ALL`, True."""

FieldsLike: TypeAlias = "Fields | str | Iterable[str | Fields]"
"""What ``fields=`` and ``.fields(...)`` take: a selection, ``"all"``, one name or names."""

ALL: Final = Fields("all")
"""Every field (``fields=all``); as a keyword value, every field of that object."""

DEFAULT_FIELDS: Final = ALL
"""What a v2 query asks for when no selection is given: every field, for every model, so that
switching a client to ``api_version="v2"`` sets the same attributes as v1 does."""


def coerce_fields(value: FieldsLike | FieldSpec) -> Fields:
    """Turn what ``fields=`` accepts into a :class:`Fields`."""
    raw = cast(object, value)  # checked at run time: callers without a type checker
    if isinstance(raw, Fields):
        return raw
    if isinstance(raw, str):
        return Fields(raw)
    if isinstance(raw, bool):
        raise InvalidParameterError(f"fields cannot be {raw!r}; give names or a Fields")
    if isinstance(raw, Mapping):
        mapping = cast("Mapping[object, object]", raw)
        return Fields.from_json({str(k): v for k, v in mapping.items()})
    if isinstance(raw, Iterable):
        items: list[str | Fields] = []
        for item in cast("Iterable[object]", raw):
            if not isinstance(item, (str, Fields)):
                raise InvalidParameterError(
                    f"a field must be a name or a Fields selection, not {item!r}"
                )
            items.append(item)
        return Fields(*items)
    raise InvalidParameterError(f"cannot select fields with {raw!r}")


def always_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """What the SDK adds to every selection for ``model``: ``id``, and ``uuid`` where the model
    has one (paging by id and matching looked-up records need them)."""
    known = _model_fields(model)
    return tuple(name for name in ("id", "uuid") if name in known)


# --- internals -------------------------------------------------------------------------------------


def _check_name(name: str) -> None:
    if name == "all":
        raise InvalidParameterError("'all' is not a field name: use ALL (or 'all' alone)")
    if not _NAME.match(name):
        raise InvalidParameterError(f"{name!r} is not a field name (letters, digits and _)")


def _split(path: str) -> list[str]:
    parts = path.split(".")
    for index, part in enumerate(parts):
        if part == "all" and index == len(parts) - 1 and index > 0:
            continue  # "taxon.all": every field of the taxon
        _check_name(part)
    return parts


def _from_children(children: dict[str, Fields | None]) -> Fields:
    made = object.__new__(Fields)
    object.__setattr__(made, "_all", False)
    object.__setattr__(made, "_children", children)
    object.__setattr__(made, "_hash", None)
    object.__setattr__(made, "_checked", True)
    return made


def _set_path(children: dict[str, Fields | None], parts: list[str], leaf: Fields | None) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        _merge_into(children, {head: leaf})
    elif rest == ["all"]:
        _merge_into(children, {head: ALL})
    else:
        inner: dict[str, Fields | None] = {}
        _set_path(inner, rest, leaf)
        _merge_into(children, {head: _from_children(inner)})


def _merge_into(children: dict[str, Fields | None], more: Mapping[str, Fields | None]) -> None:
    """Merge ``more`` into ``children``: a sub-selection beats naming the field alone (which v2
    answers with the object's required key only), and ALL beats any sub-selection."""
    for key, sub in more.items():
        if key not in children or sub is None:
            children.setdefault(key, sub)
            continue
        mine = children[key]
        children[key] = sub if mine is None else Fields(mine, sub)


def _rison_key(name: str) -> str:
    if name and name[0] not in _RISON_NOT_START and not (set(name) & _RISON_NOT_ID):
        return name
    return "'" + name.replace("!", "!!").replace("'", "!'") + "'"


_SCALAR = "scalar"
_ANY = "any"


_MODEL_FIELDS: dict[str, Mapping[str, type[BaseModel] | str]] = {}


def _model_fields(model: type[BaseModel]) -> Mapping[str, type[BaseModel] | str]:
    """JSON key -> the nested model class, ``"any"`` (a free mapping) or ``"scalar"``."""
    key = f"{model.__module__}.{model.__qualname__}"
    found = _MODEL_FIELDS.get(key)
    if found is None:
        found = _MODEL_FIELDS[key] = _read_model_fields(model)
    return found


def _read_model_fields(model: type[BaseModel]) -> Mapping[str, type[BaseModel] | str]:
    import attrs

    from inatsdk import models
    from inatsdk.models.base import BaseModel

    attrs.resolve_types(model, localns=models.namespace)
    out: dict[str, type[BaseModel] | str] = {}
    for a in attrs.fields(model):
        if a.name == "_extra":
            continue
        key = a.metadata.get("json_key", a.name)
        out[key] = _kind(a.type, BaseModel)
    return out


def _kind(annotation: Any, base: type[BaseModel]) -> type[BaseModel] | str:
    if annotation is Any:
        return _ANY
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        kinds = {_kind(arg, base) for arg in get_args(annotation) if arg is not type(None)}
        models = [k for k in kinds if isinstance(k, type)]
        if models:
            return models[0]
        return _ANY if _ANY in kinds else _SCALAR
    if origin in (list, tuple, set, frozenset):
        args = get_args(annotation)
        return _kind(args[0], base) if args else _ANY
    if origin is dict or annotation is dict:
        return _ANY
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    return _SCALAR
