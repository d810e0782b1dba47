"""The base class of every model: JSON in and out, unknown keys kept, a short repr, and the
change tracking that writes rely on.

Models never touch the network and never import cattrs themselves: :meth:`BaseModel.from_json`
and :meth:`BaseModel.to_json` call :mod:`inatsdk.converter`, which builds its converter on first
use, so ``import inatsdk.models`` stays cheap.

Change tracking (dirty tracking): :meth:`BaseModel.from_json` keeps a shallow copy of the record
it was given (one C-level ``dict`` copy; the model's own lists are never the record's, so nothing
deeper needs copying), and :meth:`BaseModel.changes` compares the model's attributes with a model
built afresh from that record. Nothing is compared or built until :meth:`BaseModel.changes` is
called, so tracking costs well under a microsecond per record. The record lives in a slot of its
own, outside the attrs attributes, so equality, ``to_json`` and the converter never see it.

Nested models are built when first read: ``from_json`` checks the shape of each nested record
and keeps it as it came; ``obs.taxon`` builds the :class:`Taxon` on first access and keeps it
(see ``inatsdk.converter``). The attributes stay typed as declared; only the work moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import attrs

if TYPE_CHECKING:
    from rich.table import Table
    from typing_extensions import Self

__all__ = ["BaseModel"]

_REPR_TEXT_LIMIT = 40

_structure: Any = None
"""``inatsdk.converter.structure`` once loaded (see :func:`_load_converter`)."""


def _load_converter() -> Any:
    """``inatsdk.converter.structure``, imported on first use (it imports cattrs lazily too)."""
    global _structure
    from inatsdk.converter import structure

    _structure = structure
    return structure


class _Tracked:
    """Holds a model's loaded state in a slot that is not an attrs attribute: the converter,
    equality and ``to_json`` never see it (and building a model never sets it).

    ``_pending`` is the converter's bookkeeping of attributes not built yet (a bit per
    attribute; see ``inatsdk.converter._LazyField``): 0 for a model made by hand.
    """

    __slots__ = ("_loaded", "_pending")

    _loaded: dict[str, Any] | None
    _pending: int

    def _set_loaded(self, state: dict[str, Any] | None) -> None:
        # past any __setattr__ of a subclass (change hooks must not see the bookkeeping)
        object.__setattr__(self, "_loaded", state)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class BaseModel(_Tracked):
    """Base of all inatsdk models.

    Every model is a mutable, slotted attrs class whose attributes are all optional: an attribute
    is ``None`` exactly when its key is absent from (or null in) the JSON it was built from, and an
    empty list stays an empty list. Build one from a JSON record with :meth:`from_json`, turn it
    back into JSON with :meth:`to_json`. Keys the model does not know are kept in :attr:`extra` and
    written back by :meth:`to_json`, so a round trip loses nothing.

    A model remembers the state it was loaded in, so that a write can send only what changed:
    :meth:`changes` lists the attributes changed since :meth:`from_json` (or since
    :meth:`mark_saved`), and :attr:`is_new` tells a draft from a record the server has::

        ident = client.identifications.get(5)
        ident.body = "Look at the wing bars"
        ident.changes()                       # {'body': 'Look at the wing bars'}
        client.identifications.save(ident)    # PUT with {"identification": {"body": ...}}
    """

    _extra: dict[str, Any] | None = attrs.field(default=None, alias="extra", repr=False)

    #: Attributes shown by repr; "a|b" shows the first of the two that is set.
    _repr_fields: ClassVar[tuple[str, ...]] = ("id",)

    def __attrs_pre_init__(self) -> None:
        # nothing is pending in a model built by its constructor
        object.__setattr__(self, "_pending", 0)

    @property
    def extra(self) -> dict[str, Any]:
        """JSON keys this model does not know, with their values exactly as received.

        A value whose JSON type does not fit the attribute's declared type (for example the
        string ``"TRUNCATED"`` where a list is expected) is also kept here, under its own key,
        and the attribute stays ``None``. :meth:`to_json` writes these keys back, except where
        the attribute of the same name has a value. Pass ``extra={...}`` to the constructor to
        set it; the mapping is created on first access.
        """
        extra = self._extra
        if extra is None:
            extra = self._extra = {}
        return extra

    @extra.setter
    def extra(self, value: dict[str, Any]) -> None:
        self._extra = value

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Build a model from one JSON record (a ``dict`` as parsed by :func:`json.loads`).

        Nested records (``taxon``, ``photos``, ...) are checked here and built into models when
        first read, from ``data``'s own nested dicts and lists: change those afterwards and a
        nested model not read yet sees the change (pass a copy if you must keep editing
        ``data``). The model's own lists are never ``data``'s.
        """
        structure = _structure or _load_converter()
        model: Self = structure(data, cls)
        object.__setattr__(model, "_loaded", dict(data))
        return model

    # --- change tracking ------------------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        """True for a draft: a model that stands for no server record yet, because it has
        neither an ``id`` nor a ``uuid`` (records the API returns always carry one of them).

        ``save()`` creates a new model and updates any other. A draft given a ``uuid`` of your
        choosing is not new; create it with ``create()``.
        """
        return getattr(self, "id", None) is None and getattr(self, "uuid", None) is None

    @property
    def is_loaded(self) -> bool:
        """Whether this model remembers a loaded state (it came from :meth:`from_json`, or
        :meth:`mark_saved` was called), so that :meth:`changes` can tell what changed.

        Models nested in a loaded one (``observation.identifications[0]``) and models built by
        hand do not: for them every attribute that is set counts as changed.
        """
        return getattr(self, "_loaded", None) is not None

    def changes(self) -> dict[str, object]:
        """The attributes changed since the model was loaded (or last marked saved), by
        attribute name, with their current values; a cleared attribute maps to ``None``.

        Changes inside nested models and lists count (``obs.tags.append("x")`` changes
        ``tags``); :attr:`extra` is not compared. A model with no loaded state (see
        :attr:`is_loaded`) reports every attribute that is not ``None``.
        """
        loaded: dict[str, Any] | None = getattr(self, "_loaded", None)
        baseline = None if loaded is None else type(self).from_json(loaded)
        changed: dict[str, object] = {}
        for a in attrs.fields(self.__class__):
            name = a.name
            if name == "_extra":
                continue
            value = getattr(self, name)
            if baseline is None:
                if value is not None:
                    changed[name] = value
            elif value != getattr(baseline, name):
                changed[name] = value
        return changed

    def mark_saved(self) -> None:
        """Take the model's current state as its loaded state: :meth:`changes` is empty until
        the model is changed again. Writes do this for the models they return."""
        self._set_loaded(self.to_json())

    def forget_changes(self) -> None:
        """Put back every attribute changed since the model was loaded (see :meth:`changes`).

        Raises :class:`ValueError` for a model with no loaded state (see :attr:`is_loaded`).
        """
        loaded: dict[str, Any] | None = getattr(self, "_loaded", None)
        if loaded is None:
            raise ValueError(f"this {type(self).__name__} has no loaded state to go back to")
        baseline = type(self).from_json(loaded)
        for a in attrs.fields(self.__class__):
            setattr(self, a.name, getattr(baseline, a.name))

    def to_json(self) -> dict[str, Any]:
        """This model as JSON-serialisable data, under the API's own key names.

        Attributes that are ``None`` are left out; datetimes and dates are ISO-8601 strings; the
        keys in :attr:`extra` are merged back in. The key order is deterministic: attributes in
        declaration order, then :attr:`extra` in the order received.
        """
        from inatsdk.converter import unstructure

        return unstructure(self)

    # Equality is written once here rather than generated per class by attrs (``eq=False`` on
    # every model): it keeps ``import inatsdk.models`` fast. Same rule as attrs': same class and
    # equal attributes, where no ``extra`` and an empty one are equal. Mutable, so unhashable.
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel) or other.__class__ is not self.__class__:
            return NotImplemented
        for a in attrs.fields(self.__class__):
            name = a.name
            if name == "_extra":
                if (self._extra or None) != (other._extra or None):
                    return False
            elif getattr(self, name) != getattr(other, name):
                return False
        return True

    def __rich__(self) -> Table:
        """Rich renders a record as a table of the attributes it holds (no request is sent)."""
        from inatsdk.display import model_table

        return model_table(self)

    def _repr_html_(self) -> str:
        """Jupyter renders a record as an HTML table of the attributes it holds."""
        from inatsdk.display import model_html

        return model_html(self)

    def __repr__(self) -> str:
        parts: list[str] = []
        for entry in self._repr_fields:
            # "a|b" shows the first of a, b that is set (e.g. the taxon, else the guess).
            for name in entry.split("|"):
                value = getattr(self, name, None)
                if value is not None:
                    parts.append(f"{name}={_short(value)}")
                    break
        return f"{type(self).__name__}({', '.join(parts)})"


def _short(value: object) -> str:
    """A one-line, bounded rendering of an attribute value for reprs."""
    if isinstance(value, str):
        if len(value) > _REPR_TEXT_LIMIT:
            value = value[: _REPR_TEXT_LIMIT - 3] + "..."
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return f"[{len(cast('Sized', value))} items]"
    if isinstance(value, dict):
        return f"{{{len(cast('Sized', value))} keys}}"
    text = repr(value)
    if len(text) > 2 * _REPR_TEXT_LIMIT:
        text = text[: 2 * _REPR_TEXT_LIMIT - 3] + "..."
    return text
