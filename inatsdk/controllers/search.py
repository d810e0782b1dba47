"""``client.search``: the site-wide search over taxa, places, projects and users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import SEARCH
from inatsdk.errors import InvalidParameterError
from inatsdk.models import SearchResult
from inatsdk.params.paginators import SearchSearchPaginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import SearchSearchParams

__all__ = ["SearchController"]


class SearchController(BaseController):
    """The search box of the website: one query over taxa, places, projects and users.

    ``client.search(q="oak")`` is short for ``client.search.search(q="oak")``.
    """

    resource = "search"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[SearchSearchParams]
    ) -> SearchSearchPaginator[SearchResult]:
        """Taxa, places, projects and users matching ``q``, best first. Calls
        ``GET /v1/search`` (at most 100 per page).

        Each result is a :class:`~inatsdk.models.SearchResult` of the subclass that fits its
        kind; ``result.taxon``, ``.place``, ``.project`` and ``.user`` give the record, typed,
        when it is of that kind. ``sources=["taxa", "places"]`` limits the kinds searched.

        Example::

            for result in client.search(q="monarch", sources="taxa").limit(3):
                print(result.score, result.taxon.name if result.taxon else result.type)
        """
        if not str(params.get("q") or "").strip():
            raise InvalidParameterError("client.search.search() needs q='what to look for'")
        return self._requester.paginate(SEARCH, params, dry_run=dry_run, kind=SearchSearchPaginator)

    def __call__(
        self, *, dry_run: bool | None = None, **params: Unpack[SearchSearchParams]
    ) -> SearchSearchPaginator[SearchResult]:
        """The same as :meth:`search`: ``client.search(q="oak")``."""
        return self.search(dry_run=dry_run, **params)
