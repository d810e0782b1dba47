"""Paginators for endpoints whose lists do not page like a search.

* :class:`WholeListPaginator`: the endpoint answers its whole list in one response and ignores
  ``page``/``per_page`` (``/identifications/categories``, ``/identifications/similar_species``,
  ``/taxa/iconic``, ``/taxa/lifelist_metadata``). Paging parameters are never sent; counting,
  slicing and ``limit`` work on that one answer.
* :class:`FirstRowsPaginator`: the endpoint pages normally, but only its first rows can be
  reached at all (``/identifications/identifiers`` and ``/observers``: the first 500). Iteration
  stops there, logging a warning when more rows match; asking past them (``.limit(n)``, an
  index, a slice) raises before anything is sent.

:func:`list_paginator` builds either (or a plain :class:`~inatsdk.paginator.Paginator`) for a
controller method, with the controller's parameter check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

import attrs

from inatsdk.errors import InvalidParameterError
from inatsdk.paginator import Page, Paginator

if TYPE_CHECKING:
    from collections.abc import Iterator

    from inatsdk.controllers.base import BaseController

__all__ = ["FirstRowsPaginator", "WholeListPaginator", "list_paginator"]

T = TypeVar("T")

logger = logging.getLogger("inatsdk")

#: Query parameters a whole-list endpoint ignores; they are left out of its requests.
_PAGING = frozenset({"page", "per_page"})


class WholeListPaginator(Paginator[T]):
    """A paginator over an endpoint that answers every record in one response.

    ``count()`` is the response's ``total_results`` (not capped by a page size, since there is
    none); slices and indexes are cut from that one response.
    """

    __slots__ = ()

    def count(self) -> int:
        """How many records the endpoint answers (capped by ``limit``): one request."""
        _, total = self._request(self._base_params())
        return total if self._query.limit is None else min(total, self._query.limit)

    def _range(self, start: int, stop: int) -> list[T]:
        records, _ = self._request(self._base_params())
        return [self._parse(r) for r in records[start:stop]]


class FirstRowsPaginator(Paginator[T]):
    """A paginator over an endpoint of which only the first :attr:`reachable` rows exist.

    Iterating without a limit yields those rows and stops (with a warning on the ``inatsdk``
    logger when the API counts more); ``count()`` is what can be fetched; ``limit(n)``, indexes
    and slices past the reachable rows raise instead of silently returning less.
    """

    __slots__ = ()

    #: How many rows the API lets a client reach, whatever the paging.
    reachable: ClassVar[int] = 500

    def _too_far(self, asked: str) -> str:
        where = f"GET /{self._endpoint.version}{self._endpoint.path}"
        return (
            f"{asked}: {where} answers only its first {self.reachable} rows (an API limit, "
            f"whatever the paging); narrow the query (taxon, place, dates) to see the others"
        )

    def limit(self, n: int) -> Paginator[T]:
        """Yield at most ``n`` records; ``n`` may not exceed :attr:`reachable`."""
        if n > self.reachable:
            raise InvalidParameterError(self._too_far(f"limit({n})"))
        return super().limit(n)

    def pages(self) -> Iterator[Page[T]]:
        """Yield :class:`~inatsdk.paginator.Page` objects up to the reachable rows."""
        capped = self if self._query.limit is not None else self._clone(limit=self.reachable)
        total = 0
        for page in Paginator.pages(capped):
            total = page.total_results
            yield page
        if self._query.limit is None and total > self.reachable:
            where = f"/{self._endpoint.version}{self._endpoint.path}"
            logger.warning(
                "%s matches %d rows but answers only the first %d; the rest cannot be fetched "
                "(narrow the query to reach them)",
                where,
                total,
                self.reachable,
            )

    def count(self) -> int:
        """How many rows can be fetched: the API's count, at most :attr:`reachable`."""
        return min(super().count(), self.reachable)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        """``p[i]`` and ``p[a:b]`` within the reachable rows; past them raises ``IndexError``."""
        if isinstance(index, slice):
            for bound in (index.start, index.stop):
                if bound is not None and bound > self.reachable:
                    raise IndexError(self._too_far(f"[{index.start}:{index.stop}]"))
            if index.stop is None and (index.step or 1) > 0 and self._query.limit is None:
                index = slice(index.start, self.reachable, index.step)
            return super().__getitem__(index)
        if index >= self.reachable:
            raise IndexError(self._too_far(f"[{index}]"))
        return super().__getitem__(index)


def list_paginator(
    controller: BaseController,
    method_name: str,
    parse: Callable[[Mapping[str, Any]], T],
    model: str,
    params: Mapping[str, object],
    *,
    dry_run: bool | None,
    kind: type[Paginator[Any]] = Paginator,
    check: Callable[[Mapping[str, object]], None] | None = None,
    path_id: int | None = None,
) -> Paginator[T]:
    """A paginator of class ``kind`` over ``controller``'s ``method_name`` endpoint.

    ``check`` replaces the controller's spec check (undocumented routes); ``path_id`` fills the
    path's ``{id}``. A :class:`WholeListPaginator` never sends ``page`` or ``per_page``.
    """
    ep = controller._endpoint(method_name)
    checker = check if check is not None else controller._checker(ep, method_name)
    checker(params)
    client = controller._client
    path = ep.path if path_id is None else ep.path.replace("{id}", str(path_id))
    drop = _PAGING if issubclass(kind, WholeListPaginator) else frozenset()

    def fetch(query: Mapping[str, str]) -> Any:
        sent = {k: v for k, v in query.items() if k not in drop} if drop else query
        return client._get(ep.version, path, sent, dry_run=dry_run).json

    shown = ep if path == ep.path else attrs.evolve(ep, path=path)  # repr names the taxon
    paginator: Paginator[T] = kind(
        fetch=fetch, parse=parse, endpoint=shown, model=model, params=params, check=checker
    )
    return paginator
