"""Results of the site-wide search (``GET /v1/search``): a taxon, place, project or user each.

Every result is a :class:`SearchResult`; :meth:`SearchResult.from_json` returns the subclass that
fits its ``type``: :class:`TaxonSearchResult`, :class:`PlaceSearchResult`,
:class:`ProjectSearchResult` or :class:`UserSearchResult`, whose record is built as a
:class:`~inatsdk.models.Taxon`, :class:`~inatsdk.models.Place`, :class:`~inatsdk.models.Project`
or :class:`~inatsdk.models.User`. Whatever the kind, :attr:`SearchResult.taxon`,
:attr:`~SearchResult.place`, :attr:`~SearchResult.project` and :attr:`~SearchResult.user` give
the record, typed, when it is of that kind and ``None`` otherwise; :attr:`SearchResult.record`
gives it whatever its kind::

    for result in client.search(q="oak"):
        if result.taxon is not None:
            print("taxon", result.taxon.name)
        elif result.place is not None:
            print("place", result.place.display_name)

A result of a kind this version does not know keeps its record, untouched, in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, cast

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.place import Place
from inatsdk.models.project import Project
from inatsdk.models.taxon import Taxon
from inatsdk.models.user import User

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "PlaceSearchResult",
    "ProjectSearchResult",
    "SearchRecord",
    "SearchResult",
    "SearchResultType",
    "TaxonSearchResult",
    "UserSearchResult",
]

SearchResultType: TypeAlias = Literal["Taxon", "Place", "Project", "User"]
"""The kinds of record the site search returns (its ``type`` values)."""

SearchRecord: TypeAlias = "Taxon | Place | Project | User"
"""Any record the site search returns."""


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class SearchResult(BaseModel):
    """One result of the site search: its kind, its relevance score and the words it matched.

    Built by :meth:`from_json` as the subclass that fits its ``type`` (see the module doc).
    """

    type: str | None = None
    """``"Taxon"``, ``"Place"``, ``"Project"`` or ``"User"`` (:data:`SearchResultType`)."""
    score: float | None = None
    """The search engine's relevance score; higher is better."""
    matches: list[str] | None = None
    """The words of the record that matched the query."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "score", "record")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Build the result, as the subclass that fits ``data["type"]`` when called on
        :class:`SearchResult` itself."""
        if cls is SearchResult:
            kind = _BY_TYPE.get(_record_type(data))
            if kind is not None:
                return cast("Self", kind.from_json(data))
        return super().from_json(data)

    @property
    def record(self) -> SearchRecord | None:
        """The record found, whatever its kind (``None`` for a kind this version does not
        know: its record stays in ``extra``)."""
        found = getattr(self, "_found", None)
        return found if isinstance(found, (Taxon, Place, Project, User)) else None

    @property
    def taxon(self) -> Taxon | None:
        """The record, if this result is a taxon."""
        return self.record if isinstance(self.record, Taxon) else None

    @property
    def place(self) -> Place | None:
        """The record, if this result is a place."""
        return self.record if isinstance(self.record, Place) else None

    @property
    def project(self) -> Project | None:
        """The record, if this result is a project."""
        return self.record if isinstance(self.record, Project) else None

    @property
    def user(self) -> User | None:
        """The record, if this result is a user."""
        return self.record if isinstance(self.record, User) else None


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonSearchResult(SearchResult):
    """A search result that is a taxon."""

    _found: Taxon | None = attrs.field(
        default=None, alias="record", metadata={"json_key": "record"}, repr=False
    )
    """The taxon found (JSON key ``record``; read it as :attr:`taxon` or :attr:`record`)."""


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class PlaceSearchResult(SearchResult):
    """A search result that is a place."""

    _found: Place | None = attrs.field(
        default=None, alias="record", metadata={"json_key": "record"}, repr=False
    )
    """The place found (JSON key ``record``; read it as :attr:`place` or :attr:`record`)."""


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectSearchResult(SearchResult):
    """A search result that is a project."""

    _found: Project | None = attrs.field(
        default=None, alias="record", metadata={"json_key": "record"}, repr=False
    )
    """The project found (JSON key ``record``; read it as :attr:`project` or :attr:`record`)."""


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UserSearchResult(SearchResult):
    """A search result that is a user."""

    _found: User | None = attrs.field(
        default=None, alias="record", metadata={"json_key": "record"}, repr=False
    )
    """The user found (JSON key ``record``; read it as :attr:`user` or :attr:`record`)."""


def _record_type(data: object) -> object:
    """``data["type"]``, or None when ``data`` is not a JSON object."""
    return cast("Mapping[str, object]", data).get("type") if isinstance(data, Mapping) else None


_BY_TYPE: dict[object, type[SearchResult]] = {
    "Taxon": TaxonSearchResult,
    "Place": PlaceSearchResult,
    "Project": ProjectSearchResult,
    "User": UserSearchResult,
}
