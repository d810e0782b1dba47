"""Lazy, immutable paginators over the API's search endpoints.

A :class:`Paginator` holds only its query; nothing is sent until a result is asked for.
Refining (``filter``, ``order_by``, ``limit``, ``page_size``) returns a new paginator. Iteration
streams one page at a time at the endpoint's largest page size, and pages by id (``id_below``
descending, ``id_above`` ascending) wherever the endpoint supports it: that has no 10,000-result
window and neither skips nor repeats a record when records are added meanwhile. Where only page
numbers exist, a request past the window raises :class:`~inatsdk.errors.ResultWindowError`
before it is sent.

Where the endpoint has a v2 twin, :meth:`Paginator.fields` sends the same query to v2 asking for
a selection of fields only (see :mod:`inatsdk.fields`); a client made with ``api_version="v2"``
starts its paginators there.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs
from typing_extensions import Self

from inatsdk.endpoints import Operation
from inatsdk.envelope import parse_records, records_of, total_of
from inatsdk.errors import (
    InvalidParameterError,
    MultipleResultsError,
    NoResultsError,
    ResultWindowError,
    UnexpectedResponseError,
)
from inatsdk.params.encode import encode_params

if TYPE_CHECKING:
    from inatsdk.fields import Fields, FieldSpec
    from inatsdk.models.base import BaseModel
    from inatsdk.relations import Relation
    from inatsdk.session import ApiResponse

__all__ = ["RESULT_WINDOW", "Page", "Paginator", "V2Twin"]

T = TypeVar("T")

#: The API refuses page-number requests past this many results.
RESULT_WINDOW = 10_000

#: Parameters a paginator manages itself; passing them to ``filter`` is refused.
_PAGING_PARAMS = frozenset({"page", "per_page"})

logger = logging.getLogger("inatsdk")

Fetch = Callable[[Mapping[str, str]], "ApiResponse"]
"""Sends one request with these encoded parameters and returns the answer (made by the
requester; a fake one in unit tests)."""

Resolve = Callable[["Operation[BaseModel]", Sequence[int]], Mapping[int, "BaseModel"]]
"""Looks one batch of ids up with an operation and returns the records found, by id (made by
the requester, for :meth:`Paginator.prefetch`)."""

#: How many pages :meth:`Paginator.prefetch` reads ahead to fill a batch of ids.
PREFETCH_LOOKAHEAD = 4


@attrs.frozen(kw_only=True)
class V2Twin:
    """How a paginator sends its query to the v2 twin of its endpoint (made by controllers).

    Attributes:
        endpoint: the v2 registry entry.
        check: checks parameters against the v2 operation, before anything is sent.
        fetcher: makes the :data:`Fetch` that sends a query with one field selection (as a GET
            with ``fields=<RISON>``, or a POST with ``X-HTTP-Method-Override: GET`` when long).
        prepare: checks a selection against the model and adds what paging needs (``id``).
        where: the method, for messages (``client.observations.search()``).
    """

    endpoint: Operation[BaseModel]
    check: Callable[[Mapping[str, object]], None]
    fetcher: Callable[[Fields], Fetch]
    prepare: Callable[[Fields], Fields]
    where: str = ""


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of results.

    Attributes:
        results: the records on this page, as models.
        total_results: how many records the whole query matches (the first page's figure when
            paging by id, since the API's count shrinks as the window moves).
        page: this page's number, from 1.
        per_page: the page size that was asked for.
    """

    results: list[T]
    total_results: int
    page: int
    per_page: int

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[T]:
        return iter(self.results)


@attrs.frozen(kw_only=True)
class _Query:
    params: Mapping[str, object]
    order_by: str | None = None
    desc: bool = True
    limit: int | None = None
    page_size: int | None = None


class Paginator(Generic[T]):
    """A lazy query over a search endpoint, yielding models of type ``T``.

    Made by controller methods such as ``client.taxa.search(...)``; see the module docstring.
    """

    __slots__ = (
        "_check",
        "_endpoint",
        "_fetch",
        "_model",
        "_parse",
        "_query",
        "_relations",
        "_resolve",
        "_selection",
        "_v2",
    )

    def __init__(
        self,
        *,
        fetch: Fetch,
        parse: Callable[[Mapping[str, object]], T],
        endpoint: Operation[BaseModel],
        model: str,
        params: Mapping[str, object],
        check: Callable[[Mapping[str, object]], None],
        v2: V2Twin | None = None,
        selection: Fields | None = None,
        resolve: Resolve | None = None,
    ) -> None:
        self._resolve = resolve
        self._relations: tuple[str, ...] = ()
        self._fetch = fetch
        self._parse = parse
        self._endpoint = endpoint
        self._model = model
        self._check = check
        self._v2 = v2
        self._selection = selection
        """The v2 field selection in force; None while the query goes to v1."""
        order_by = params.get("order_by")
        order = params.get("order")
        rest = {k: v for k, v in params.items() if k not in ("order_by", "order") and v is not None}
        self._reject_paging(rest)
        self._query = _Query(
            params=rest,
            order_by=str(order_by) if order_by is not None else None,
            desc=order != "asc",
        )

    # --- refining: each returns a new paginator ---------------------------------------------

    def _clone(self, *, relations: tuple[str, ...] | None = None, **changes: Any) -> Self:
        twin = object.__new__(type(self))
        for slot in Paginator.__slots__:
            object.__setattr__(twin, slot, getattr(self, slot))
        twin._query = attrs.evolve(self._query, **changes)
        if relations is not None:
            twin._relations = relations
        return twin

    def _reject_paging(self, params: Mapping[str, object]) -> None:
        if "fields" in params:
            raise InvalidParameterError(
                "fields is managed by the paginator; use .fields(...) to choose v2 fields"
            )
        clash = sorted(_PAGING_PARAMS & params.keys())
        if clash:
            raise InvalidParameterError(
                f"{', '.join(clash)} is managed by the paginator; use .page_size(n), .limit(n), "
                ".pages() or slicing instead"
            )

    def filter(self, **params: object) -> Self:
        """Add or replace request parameters (checked against the endpoint's spec)."""
        self._check(params)
        order_by = params.pop("order_by", None)
        order = params.pop("order", None)
        self._reject_paging(params)
        merged = {**self._query.params, **params}
        merged = {k: v for k, v in merged.items() if v is not None}
        changes: dict[str, Any] = {"params": merged}
        if order_by is not None:
            changes["order_by"] = str(order_by)
        if order is not None:
            changes["desc"] = order != "asc"
        return self._clone(**changes)

    def fields(self, *names: str | Fields, **nested: FieldSpec) -> Self:
        """The same query sent to the endpoint's v2 twin, asking only for these fields.

        Takes what :class:`~inatsdk.fields.Fields` takes: names (``"quality_grade"``, dotted
        ``"taxon.name"``), selections, ``"all"``/:data:`~inatsdk.fields.ALL`, and keywords for
        nested objects (``taxon=["name", "rank"]``). The selection is checked against the model
        before anything is sent (an unknown name raises
        :class:`~inatsdk.errors.InvalidParameterError` naming the closest attribute), and so are
        the query's parameters against the v2 operation. Called again, it replaces the selection.

        The models come back partial: attributes that were not asked for are ``None``. ``id``
        (and ``uuid`` where the model has one) is always requested, since paging by id needs it;
        v2 adds each object's required key (``uuid``, ``id``) by itself.

        Example::

            obs = client.observations.search(taxon_id=3).fields(
                "quality_grade", taxon=["name", "rank"], user=["login"]
            )
            for o in obs.limit(10):
                print(o.quality_grade, o.taxon.name, o.user.login)  # o.description is None
        """
        twin = self._v2
        if twin is None:
            where = f"GET /{self._endpoint.version}{self._endpoint.path}"
            raise InvalidParameterError(
                f"{where} has no v2 twin, so .fields() cannot select what it returns"
            )
        from inatsdk.fields import Fields

        selection = twin.prepare(Fields(*names, **nested))
        if self._selection is None:  # the query moves from v1: it must suit v2 as well
            twin.check(self._base_params())
            top = twin.endpoint.per_page_max
            if (
                self._query.page_size is not None
                and top is not None
                and self._query.page_size > top
            ):
                raise InvalidParameterError(
                    f"page_size({self._query.page_size}) is more than the v2 endpoint's maximum "
                    f"of {top}"
                )
        clone = self._clone()
        clone._endpoint = twin.endpoint
        clone._check = twin.check
        clone._fetch = twin.fetcher(selection)
        clone._selection = selection
        return clone

    @property
    def selection(self) -> Fields | None:
        """The v2 field selection this query asks for, or None when it goes to v1."""
        return self._selection

    def order_by(self, field: str, *, desc: bool = True) -> Self:
        """Sort by ``field`` (one of the endpoint's ``order_by`` values), newest/largest first
        unless ``desc=False``."""
        if not desc and not self._takes_order:
            raise InvalidParameterError(
                f"{self._where} sorts in one direction only (it has no 'order' parameter); "
                "leave desc=True"
            )
        self._check({"order_by": field})
        return self._clone(order_by=field, desc=desc)

    @property
    def _where(self) -> str:
        return f"GET /{self._endpoint.version}{self._endpoint.path}"

    @property
    def _takes_order(self) -> bool:
        """Whether the endpoint declares ``order`` (asc/desc); some only take ``order_by``."""
        from inatsdk.params.spec import operation

        ep = self._endpoint
        spec = operation(ep.version, ep.method, ep.path)
        return not spec.parameters_known or spec.param("order") is not None

    def prefetch(self, *relations: str) -> Self:
        """Replace the slim nested records named (``"taxon"``, ``"user"``, ...) with full ones,
        fetched in batches as pages arrive.

        Search results carry a short version of related records (an observation's taxon has
        no ``ancestors``, its user no profile). With ``prefetch("taxon")`` each page's taxa are
        looked up with ``GET /v1/taxa/{id}`` at the API's limit of 30 ids a request (users one
        a request, places 500: each lookup's id limit in the operations table), each id once
        for the whole iteration, and set in place; records that name the same taxon share one
        :class:`~inatsdk.models.Taxon`. To fill whole batches, iteration reads up to
        :data:`PREFETCH_LOOKAHEAD` pages ahead, so ``n`` distinct taxa cost ``ceil(n / 30)``
        extra requests. The names are checked before anything is sent; nothing is sent until
        results are asked for.

        Example::

            for obs in client.observations.search(place_id=6712).prefetch("taxon").limit(500):
                print(obs.taxon.family.name)  # ancestors are there: no request per record
        """
        model = self._endpoint.model
        where = f"{self!r}.prefetch()"
        if model is None or self._resolve is None:
            raise InvalidParameterError(f"{where}: this listing has nothing to prefetch")
        from inatsdk.relations import relation

        for name in relations:
            relation(model, name, where=where)
        return self._clone(relations=tuple(dict.fromkeys((*self._relations, *relations))))

    def limit(self, n: int) -> Self:
        """Yield at most ``n`` records (a positive integer)."""
        n = _positive("limit", n)
        reachable = self._endpoint.reachable
        if reachable is not None and n > reachable:
            raise InvalidParameterError(self._too_far(f"limit({n})"))
        return self._clone(limit=n)

    def page_size(self, n: int) -> Self:
        """Ask for ``n`` records per request (a positive integer, at most the endpoint's
        maximum)."""
        n = _positive("page_size", n)
        top = self._endpoint.per_page_max
        if top is not None and n > top:
            raise InvalidParameterError(
                f"page_size({n}) is more than {self._where}'s maximum of {top} per page"
            )
        return self._clone(page_size=n)

    def _too_far(self, asked: str) -> str:
        return (
            f"{asked}: {self._where} answers only its first {self._endpoint.reachable} rows (an "
            "API limit, whatever the paging); narrow the query (taxon, place, dates) to see the "
            "others"
        )

    # --- what the query sends --------------------------------------------------------------

    @property
    def _per_page(self) -> int:
        return self._query.page_size or self._endpoint.per_page_max or 30

    @property
    def max_results(self) -> int | None:
        """The limit set with :meth:`limit`, or None."""
        return self._query.limit

    @property
    def uses_keyset(self) -> bool:
        """True when iteration pages by id (no result window, stable under inserts)."""
        ep, order_by = self._endpoint, self._query.order_by
        return ep.keyset and (order_by == "id" or (order_by is None and ep.keyset_by_default))

    def _base_params(self) -> dict[str, object]:
        params = dict(self._query.params)
        if self._query.order_by is not None:
            params["order_by"] = self._query.order_by
            if self._takes_order:
                params["order"] = "desc" if self._query.desc else "asc"
        return params

    def _request(
        self, params: Mapping[str, object]
    ) -> tuple[list[T], int, list[Mapping[str, object]]]:
        """One request: the page's models, the total the answer counts, and the raw records."""
        if self._endpoint.paging == "whole":  # paging parameters are never sent there
            params = {k: v for k, v in params.items() if k not in _PAGING_PARAMS}
        response = self._fetch(encode_params(params))
        records = records_of(response)
        models = parse_records(self._parse, records, url=response.url)
        return models, total_of(response, records), records

    # --- terminal operations -----------------------------------------------------------------

    def pages(self) -> Iterator[Page[T]]:
        """Yield :class:`Page` objects, one request each, streaming. Where the endpoint answers
        no count (bare lists), a page's ``total_results`` is a lower bound: what has been seen,
        plus one while more may follow."""
        if self._relations:
            yield from self._prefetched(self._plain_pages())
            return
        yield from self._plain_pages()

    def _plain_pages(self) -> Iterator[Page[T]]:
        if not self._endpoint.totals:
            seen = 0
            for page in self._pages():
                seen += len(page.results)
                more = 1 if len(page.results) >= page.per_page else 0
                yield attrs.evolve(page, total_results=seen + more)
                del page  # not held while the next page is fetched (see _keyset_pages)
            return
        yield from self._pages()

    def _pages(self) -> Iterator[Page[T]]:
        reachable = self._endpoint.reachable
        if reachable is not None and self._query.limit is None:
            yield from self._reachable_pages(reachable)
        elif self._endpoint.paging == "whole":
            yield from self._whole_page()
        elif self.uses_keyset:
            yield from self._keyset_pages()
        else:
            yield from self._numbered_pages()

    # --- prefetching relations ---------------------------------------------------------------

    def _relation_specs(self) -> list[Relation]:
        from inatsdk.relations import relation

        model = self._endpoint.model
        assert model is not None  # prefetch() checked it
        return [relation(model, name, where="prefetch()") for name in self._relations]

    def _prefetched(self, pages: Iterator[Page[T]]) -> Iterator[Page[T]]:
        """``pages`` with their relations filled: ids are sent in full batches where the
        look-ahead finds enough, each id once for the whole iteration."""
        specs = self._relation_specs()
        resolve = self._resolve
        assert resolve is not None  # prefetch() checked it
        found: list[dict[int, BaseModel | None]] = [{} for _ in specs]
        pending: list[dict[int, None]] = [{} for _ in specs]
        buffer: deque[tuple[Page[T], list[set[int]]]] = deque()
        exhausted = False

        def take(page: Page[T]) -> None:
            wanted: list[set[int]] = []
            for i, spec in enumerate(specs):
                ids = {rid for r in page.results if (rid := spec.id_of(r)) is not None}
                for rid in ids:
                    if rid not in found[i]:
                        pending[i][rid] = None
                wanted.append(ids)
            buffer.append((page, wanted))

        def send(i: int, n: int) -> None:
            batch = list(pending[i])[:n]
            for rid in batch:
                del pending[i][rid]
            records = resolve(specs[i].lookup, batch)
            for rid in batch:
                found[i][rid] = records.get(rid)

        while True:
            if not buffer:
                page = next(pages, None)
                if page is None:
                    return
                take(page)
            for i, spec in enumerate(specs):
                while len(pending[i]) >= spec.batch_size:
                    send(i, spec.batch_size)
            head, wanted = buffer[0]
            open_ = [i for i in range(len(specs)) if any(r in pending[i] for r in wanted[i])]
            if open_:
                if not exhausted and len(buffer) <= PREFETCH_LOOKAHEAD:
                    page = next(pages, None)
                    if page is None:
                        exhausted = True
                    else:
                        take(page)
                    continue
                for i in open_:
                    send(i, len(pending[i]))
            self._attach(head.results, specs, found)
            buffer.popleft()
            yield head

    @staticmethod
    def _attach(
        results: Sequence[object],
        specs: Sequence[Relation],
        found: list[dict[int, BaseModel | None]],
    ) -> None:
        from inatsdk.models.base import BaseModel

        for record in results:
            changed = False
            for i, spec in enumerate(specs):
                rid = spec.id_of(record)
                full = found[i].get(rid) if rid is not None else None
                if full is not None:
                    setattr(record, spec.name, full)
                    changed = True
            # A filled relation is what was loaded, not a change to save.
            if changed and isinstance(record, BaseModel) and record.is_loaded:
                record.mark_saved()

    def _with_relations(self, results: list[T]) -> list[T]:
        """``results`` (from ``one()`` or slicing) with their relations filled."""
        if not self._relations or not results:
            return results
        page = Page(results=results, total_results=len(results), page=1, per_page=len(results))
        return next(self._prefetched(iter([page]))).results

    def _remaining(self, seen: int) -> int | None:
        return None if self._query.limit is None else self._query.limit - seen

    def _whole_page(self) -> Iterator[Page[T]]:
        results, total, _ = self._request(self._base_params())
        if self._query.limit is not None:
            results = results[: self._query.limit]
        if results:
            yield Page(results=results, total_results=total, page=1, per_page=len(results))

    def _reachable_pages(self, reachable: int) -> Iterator[Page[T]]:
        """Iteration where only the first ``reachable`` rows exist: those, then a warning when
        the API counts more."""
        total = 0
        for page in self._clone(limit=reachable)._numbered_pages():
            total = page.total_results
            yield page
        if total > reachable:
            logger.warning(
                "%s matches %d rows but answers only the first %d; the rest cannot be fetched "
                "(narrow the query to reach them)",
                self._where,
                total,
                reachable,
            )

    def _keyset_pages(self) -> Iterator[Page[T]]:
        base = self._base_params()
        desc = self._query.desc
        base["order_by"] = "id"
        base["order"] = "desc" if desc else "asc"
        cursor_name = "id_below" if desc else "id_above"
        seen, number, total = 0, 0, None
        # A bound the caller gave on the paging side (``id_below`` going down) is where the
        # cursor starts; one on the other side stays a plain filter.
        start = base.pop(cursor_name, None)
        cursor: int | None = None if start is None else int(str(start))
        while True:
            remaining = self._remaining(seen)
            if remaining is not None and remaining <= 0:
                return
            per_page = self._per_page if remaining is None else min(self._per_page, remaining)
            params = dict(base, per_page=per_page)
            if cursor is not None:
                params[cursor_name] = cursor
            response = self._fetch(encode_params(params))
            records = records_of(response)
            number += 1
            if total is None:
                total = total_of(response, records)
            if not records:
                return
            cursor = self._next_cursor(records, cursor, desc, response.url)
            results = parse_records(self._parse, records, url=response.url)
            seen += len(results)
            last = len(records) < per_page
            # Hold nothing of this page while the next one is fetched and decoded: the
            # garbage collector's passes then walk one page, not two.
            del response, records
            yield Page(results=results, total_results=total, page=number, per_page=per_page)
            del results
            if last:
                return

    @staticmethod
    def _next_cursor(
        records: list[Mapping[str, object]], cursor: int | None, desc: bool, url: str
    ) -> int:
        """The id the next page starts after; it must move past ``cursor``, or the server (or a
        proxy) ignored it and paging would loop for ever."""
        ids: list[int] = []
        for record in records:
            rid = record.get("id")
            if not isinstance(rid, int) or isinstance(rid, bool):
                raise UnexpectedResponseError(
                    f"a record without an integer id cannot be paged by id: {str(record)[:200]}",
                    method="GET",
                    url=url,
                )
            ids.append(rid)
        moved = min(ids) if desc else max(ids)
        if cursor is not None and (
            any(i >= cursor for i in ids) if desc else any(i <= cursor for i in ids)
        ):
            side = "below" if desc else "above"
            raise UnexpectedResponseError(
                f"paging by id did not move: asked for ids {side} {cursor}, got ids from "
                f"{min(ids)} to {max(ids)} (the server or a proxy ignored id_{side})",
                method="GET",
                url=url,
            )
        return moved

    def _window_error(self, offset: int) -> ResultWindowError:
        path = f"/{self._endpoint.version}{self._endpoint.path}"
        hint = (
            "call .order_by('id') so iteration pages by id, which has no window"
            if self._endpoint.keyset
            else "narrow the query (dates, place, taxon) so it matches fewer records"
        )
        return ResultWindowError(
            f"record {offset + 1:,} is past the API's {RESULT_WINDOW:,}-result window for page "
            f"numbers; {hint}",
            status=403,
            method="GET",
            url=path,
            sent=False,
        )

    def _numbered_pages(self) -> Iterator[Page[T]]:
        base = self._base_params()
        per_page = self._per_page
        if self._query.limit is not None and 0 < self._query.limit < per_page:
            per_page = self._query.limit  # one page holds it all; page numbers stay consistent
        seen, number = 0, 0
        while True:
            remaining = self._remaining(seen)
            if remaining is not None and remaining <= 0:
                return
            # No stop at ``total``: bare-list answers carry none, and a short page ends anyway.
            number += 1
            if number > 1 and self._endpoint.single_page:
                return
            if number * per_page > RESULT_WINDOW:
                raise self._window_error(seen)
            results, total, records = self._request(dict(base, page=number, per_page=per_page))
            if remaining is not None:
                results = results[:remaining]
            if not results:
                return
            seen += len(results)
            last = len(records) < per_page or self._endpoint.single_page
            del records  # nothing of this page is held while the next one is fetched
            yield Page(results=results, total_results=total, page=number, per_page=per_page)
            del results
            if last:
                return

    def __iter__(self) -> Iterator[T]:
        pages = self.pages()
        while True:
            page = next(pages, None)
            if page is None:
                return
            results = page.results
            del page  # nothing of a page outlives its records (see _keyset_pages)
            yield from results
            del results

    def all(self) -> list[T]:
        """Every record the query matches (up to ``limit``), as a list."""
        return list(self)

    # --- asyncio: the same requests, each in a worker thread ----------------------------------

    def __aiter__(self) -> AsyncIterator[T]:
        """``async for record in paginator``: pages are fetched in a worker thread
        (:func:`asyncio.to_thread`), one at a time, so the event loop keeps running. The client
        is thread-safe: several paginators may run at once over one client, sharing its
        session, cache and rate limit."""
        return self._async_records()

    async def _async_records(self) -> AsyncIterator[T]:
        import asyncio  # deferred: a synchronous program never pays for importing it

        pages = self.pages()
        while True:
            page = await asyncio.to_thread(next, pages, None)
            if page is None:
                return
            for record in page.results:
                yield record

    async def acount(self) -> int:
        """:meth:`count` in a worker thread: ``await paginator.acount()``."""
        import asyncio

        return await asyncio.to_thread(self.count)

    async def afirst(self) -> T | None:
        """:meth:`first` in a worker thread: ``await paginator.afirst()``."""
        import asyncio

        return await asyncio.to_thread(self.first)

    async def aall(self) -> list[T]:
        """:meth:`all` in a worker thread: ``await paginator.aall()``."""
        import asyncio

        return await asyncio.to_thread(self.all)

    def count(self) -> int:
        """How many records the query matches (capped by ``limit``): one request, no records."""
        ep = self._endpoint
        if not ep.totals:  # the API has no count here: walk the pages at their largest size
            top = ep.per_page_max
            walker = self if top is None else self._clone(page_size=top)
            return sum(len(page.results) for page in walker._pages())
        if ep.paging == "whole":  # what the one answer holds is what can be had
            results, claimed, _ = self._request(self._base_params())
            total = len(results)
            if claimed > total:
                logger.warning(
                    "%s counts %d records but answers %d; the rest cannot be fetched",
                    self._where,
                    claimed,
                    total,
                )
        else:
            response = self._fetch(encode_params(dict(self._base_params(), per_page=0)))
            total = total_of(response, records_of(response))
            if ep.single_page:
                total = min(total, self._per_page)  # the rest can never be fetched
        if ep.reachable is not None:
            total = min(total, ep.reachable)
        return total if self._query.limit is None else min(total, self._query.limit)

    def exists(self) -> bool:
        """Whether the query matches anything: one request, no records."""
        return self.count() > 0

    def _head(self, n: int) -> list[T]:
        if self._endpoint.paging == "whole":
            return self._range(0, n)
        return list(self._clone(limit=n, page_size=n))

    def first(self) -> T | None:
        """The first record iteration would yield, or None: one request for one record."""
        head = self._head(1)
        return head[0] if head else None

    def one(self) -> T:
        """The only record; raises if the query matches none or several (one request)."""
        params = self._base_params()
        if self._endpoint.paging != "whole":
            params["per_page"] = 2
        results, total, _ = self._request(params)
        if self._endpoint.paging == "whole":
            total = len(results)
        if self._query.limit is not None:
            total = min(total, self._query.limit)
        if total == 0 or not results:
            raise NoResultsError(f"{self!r} matched no record")
        if total > 1 or len(results) > 1:
            raise MultipleResultsError(f"{self!r} matched {total:,} records, not exactly one")
        return self._with_relations(results)[0]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        """``p[i]`` and ``p[a:b]`` fetch only the pages that hold those records."""
        reachable = self._endpoint.reachable
        if isinstance(index, slice):
            if reachable is not None:
                for bound in (index.start, index.stop):
                    if bound is not None and bound > reachable:
                        raise IndexError(self._too_far(f"[{index.start}:{index.stop}]"))
                if index.stop is None and (index.step or 1) > 0 and self._query.limit is None:
                    index = slice(index.start, reachable, index.step)
            start, stop, step = index.start or 0, index.stop, index.step or 1
            if start < 0 or (stop is not None and stop < 0) or step < 1:
                size = self.count()
                start, stop, step = index.indices(size)
                if step < 1:
                    return list(reversed(self[slice(stop + 1, start + 1, -step)]))
            if self._query.limit is not None:
                stop = self._query.limit if stop is None else min(stop, self._query.limit)
            if stop is None:
                return list(self._skip(start))[::step]
            if stop <= start:
                return []
            return self._range(start, stop)[::step]
        if reachable is not None and index >= reachable:
            raise IndexError(self._too_far(f"[{index}]"))
        if index < 0:
            index += self.count()
            if index < 0:
                raise IndexError("paginator index out of range")
        found = self._range(index, index + 1)
        if not found:
            raise IndexError(f"paginator index {index} out of range")
        return found[0]

    def _skip(self, start: int) -> Iterator[T]:
        for i, item in enumerate(self):
            if i >= start:
                yield item

    def _range(self, start: int, stop: int) -> list[T]:
        """Records ``start`` to ``stop`` (exclusive) by page number, in as few requests as
        possible: one when a single page size holds the whole range."""
        return self._with_relations(self._plain_range(start, stop))

    def _plain_range(self, start: int, stop: int) -> list[T]:
        if self._endpoint.paging == "whole":
            results, _, _ = self._request(self._base_params())
            return results[start:stop]
        if stop > RESULT_WINDOW:
            raise self._window_error(stop - 1)
        want = stop - start
        top = self._endpoint.per_page_max or 30
        base = self._base_params()
        if self.uses_keyset and self._query.order_by is None:  # keep iteration's order
            base["order_by"] = "id"
            base["order"] = "desc" if self._query.desc else "asc"
        size = next((p for p in range(want, top + 1) if start // p == (stop - 1) // p), None)
        if size is not None:
            response = self._fetch(encode_params(dict(base, page=start // size + 1, per_page=size)))
            offset = start % size
            chosen = records_of(response)[offset : offset + want]
            return parse_records(self._parse, chosen, url=response.url)
        out: list[T] = []
        first_page = start // top + 1
        last_page = (stop - 1) // top + 1
        for page in range(first_page, last_page + 1):
            response = self._fetch(encode_params(dict(base, page=page, per_page=top)))
            records = records_of(response)
            lo = max(start - (page - 1) * top, 0)
            hi = min(stop - (page - 1) * top, len(records))
            out.extend(parse_records(self._parse, records[lo:hi], url=response.url))
            if len(records) < top:
                break
        return out

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in sorted(self._query.params.items()))
        extras: list[str] = []
        if self._query.order_by:
            extras.append(f"order_by={self._query.order_by!r}{'' if self._query.desc else ' asc'}")
        if self._query.limit is not None:
            extras.append(f"limit={self._query.limit}")
        if self._query.page_size is not None:
            extras.append(f"page_size={self._query.page_size}")
        if self._selection is not None:
            extras.insert(0, f"fields={self._selection.to_rison()}")
        if self._relations:
            extras.append(f"prefetch={','.join(self._relations)}")
        tail = ", ".join(x for x in (shown, *extras) if x)
        where = f"/{self._endpoint.version}{self._endpoint.path}"
        return f"<Paginator[{self._model}] GET {where}{' ' + tail if tail else ''}>"

    def __bool__(self) -> bool:
        raise TypeError("a Paginator's truth value would need a request; use .exists() or .count()")

    def estimated_requests(self, n: int) -> int:
        """Requests iteration will make for ``n`` records (ceil of n over the page size)."""
        return max(1, math.ceil(n / self._per_page))


def _positive(name: str, n: object) -> int:
    """``n`` when it is a positive integer; else an error naming the method and the fix."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidParameterError(
            f"{name}() takes a positive integer, not {n!r} (for no records, skip the call; "
            f"for all of them, leave out .{name}())"
        )
    return n
