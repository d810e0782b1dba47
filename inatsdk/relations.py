"""Relations between models, for :meth:`Paginator.prefetch <inatsdk.paginator.Paginator.prefetch>`.

A relation is an attribute of a model that holds another record the API can look up by id:
``Observation.taxon`` (``GET /v1/taxa/{id}``, 30 ids a request), ``Observation.user``
(``GET /v1/users/{id}``, one a request), ``Identification.taxon``... The lookups and their
batch sizes come from the operations table (:attr:`~inatsdk.endpoints.Operation.id_limit`).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Union

import attrs

from inatsdk.endpoints import (
    IDENTIFICATIONS_GET,
    OBSERVATIONS_GET,
    PLACES_GET,
    PROJECTS_GET,
    TAXA_GET,
    USERS_GET,
    Operation,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import BaseModel, Identification, Observation, Place, Project, Taxon, User

__all__ = ["LOOKUPS", "Relation", "relation", "relations_of"]

#: The operation that looks each kind of record up by id.
LOOKUPS: dict[type[BaseModel], Operation[BaseModel]] = {
    Taxon: TAXA_GET,
    User: USERS_GET,
    Place: PLACES_GET,
    Project: PROJECTS_GET,
    Observation: OBSERVATIONS_GET,
    Identification: IDENTIFICATIONS_GET,
}


@attrs.frozen
class Relation:
    """One prefetchable attribute of a model.

    Attributes:
        name: the attribute (``"taxon"``).
        target: the model it holds (:class:`~inatsdk.models.Taxon`).
        lookup: the operation that fetches those records by id.
        id_attribute: the model's attribute holding the id when the nested record is absent
            (``"taxon_id"``), if it has one.
    """

    name: str
    target: type[BaseModel]
    lookup: Operation[BaseModel]
    id_attribute: str | None

    @property
    def batch_size(self) -> int:
        """Ids per request: the lookup's id limit (1 where it takes one id)."""
        return self.lookup.id_limit or 1

    def id_of(self, record: object) -> int | None:
        """The id of the related record, from the nested record or the id attribute."""
        nested = getattr(record, self.name, None)
        found = getattr(nested, "id", None) if nested is not None else None
        if found is None and self.id_attribute is not None:
            found = getattr(record, self.id_attribute, None)
        return found if isinstance(found, int) and not isinstance(found, bool) else None


_CACHE: dict[type[BaseModel], dict[str, Relation]] = {}


def _single_model(hint: object) -> type[BaseModel] | None:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else None
    return hint if isinstance(hint, type) and hint in LOOKUPS else None


def relations_of(model: type[BaseModel]) -> dict[str, Relation]:
    """The prefetchable attributes of ``model``, by name."""
    found = _CACHE.get(model)
    if found is None:
        import inatsdk.models as every_model  # names some models import for type checkers only

        hints = typing.get_type_hints(model, localns=vars(every_model))
        names = {a.name for a in attrs.fields(model)}
        found = {}
        for a in attrs.fields(model):
            target = _single_model(hints.get(a.name))
            if target is not None:
                id_name = f"{a.name}_id"
                found[a.name] = Relation(
                    a.name, target, LOOKUPS[target], id_name if id_name in names else None
                )
        _CACHE[model] = found
    return found


def relation(model: type[BaseModel], name: str, *, where: str) -> Relation:
    """``model``'s relation ``name``, or an :class:`~inatsdk.errors.InvalidParameterError`
    naming the closest one."""
    known = relations_of(model)
    found = known.get(name)
    if found is None:
        close = difflib.get_close_matches(str(name), list(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InvalidParameterError(
            f"{where}: {model.__name__} has no relation {name!r} to prefetch{hint} "
            f"(it has {', '.join(sorted(known)) or 'none'})"
        )
    return found
