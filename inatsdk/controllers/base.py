"""What every controller shares: building requests, paginators and batched lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from inatsdk.endpoints import Endpoint, endpoint
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.paginator import Paginator
from inatsdk.params.encode import check_params, encode_params

if TYPE_CHECKING:
    from inatsdk.client import iNatClient

__all__ = ["BaseController"]

T = TypeVar("T")

#: Parameters the server reads on every search although the spec leaves them out of some.
_UNDECLARED_PAGING = ("page",)


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class BaseController:
    """A thin, stateless view of one API resource, bound to a client."""

    #: The name used in messages (``client.taxa``).
    resource = ""

    def __init__(self, client: iNatClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _endpoint(self, method_name: str) -> Endpoint:
        return endpoint(f"{type(self).__name__}.{method_name}")

    def _checker(self, ep: Endpoint, method_name: str) -> Callable[[Mapping[str, object]], None]:
        caller = f"client.{self.resource}.{method_name}()"

        def check(params: Mapping[str, object]) -> None:
            check_params(
                ep.version,
                ep.method,
                ep.path,
                params,
                also_allowed=_UNDECLARED_PAGING,
                caller=caller,
            )

        return check

    def _paginate(
        self,
        method_name: str,
        parse: Callable[[Mapping[str, Any]], T],
        model: str,
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
    ) -> Paginator[T]:
        ep = self._endpoint(method_name)
        check = self._checker(ep, method_name)
        check(params)
        client = self._client

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(ep.version, ep.path, query, dry_run=dry_run).json

        return Paginator(
            fetch=fetch, parse=parse, endpoint=ep, model=model, params=params, check=check
        )

    def _get_by_ids(
        self,
        method_name: str,
        ids: Iterable[int],
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
    ) -> list[T]:
        """Look records up by id, in batches of the endpoint's id limit, keeping the order of
        ``ids`` (ids the API does not know are left out)."""
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        wanted = list(dict.fromkeys(_as_id(i) for i in ids))
        if not wanted:
            return []
        query = encode_params(params)
        by_id: dict[int, T] = {}
        for batch in _chunks(wanted, ep.id_limit or len(wanted)):
            path = ep.path.replace("{id}", ",".join(str(i) for i in batch))
            try:
                data = self._client._get(ep.version, path, query, dry_run=dry_run).json
            except NotFoundError:
                continue
            for record in (data or {}).get("results", []):
                by_id[record["id"]] = parse(record)
        return [by_id[i] for i in wanted if i in by_id]

    def _get_one(
        self,
        method_name: str,
        record_id: int,
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        label: str,
    ) -> T:
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        rid = _as_id(record_id)
        path = ep.path.replace("{id}", str(rid))
        response = self._client._get(ep.version, path, encode_params(params), dry_run=dry_run)
        results = (response.json or {}).get("results") or []
        if response.dry_run:
            return parse({"id": rid})
        if not results:
            raise NotFoundError(
                f"{label} {rid} does not exist",
                status=404,
                method="GET",
                url=response.url,
            )
        return parse(results[0])


def _as_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            return int(str(value))
        except ValueError:
            raise InvalidParameterError(f"an id must be an integer, not {value!r}") from None
    if value <= 0:
        raise InvalidParameterError(f"an id must be a positive integer, not {value}")
    return value
