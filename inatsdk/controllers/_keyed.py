"""Helpers for controllers whose endpoints take a record's id *or* its name in the path
(``/places/{id}`` takes a slug, ``/users/{id}`` a login), page a sub-resource of one record
(``/projects/{id}/members``), or are undocumented upstream (their parameters are checked
against hand-written TypedDicts, not the spec)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from inatsdk.controllers.base import BaseController, _as_id
from inatsdk.endpoints import Endpoint
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.paginator import Paginator
from inatsdk.params.encode import encode_params

__all__ = ["KeyedController", "path_key"]

T = TypeVar("T")
Auth = Literal["none", "optional", "required"]

_NAME = re.compile(r"[A-Za-z0-9_\-.]+\Z")


def path_key(value: object, *, what: str) -> int | str:
    """An id (a positive integer, or digits) or a name (slug, login) to put in a path."""
    if isinstance(value, str) and not value.strip().isdigit():
        name = value.strip()
        if not _NAME.match(name):
            raise InvalidParameterError(
                f"{what} must be an id or a name of letters, digits, '-', '_' or '.', not {value!r}"
            )
        return name
    return _as_id(value)


class KeyedController(BaseController):
    """A controller with lookups by id or name and paginators over sub-resources."""

    def _check_names(
        self, method_name: str, params: Mapping[str, object], allowed: frozenset[str], typed: str
    ) -> None:
        from inatsdk.params.spec import suggest

        for name in params:
            if name not in allowed:
                guess = suggest(name, allowed)
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise InvalidParameterError(
                    f"client.{self.resource}.{method_name}() has no parameter {name!r}{hint} "
                    f"(its parameters are listed, with their meaning, in "
                    f"inatsdk.params.undocumented_places.{typed})"
                )

    def _check_for(
        self,
        ep: Endpoint,
        method_name: str,
        undocumented: tuple[frozenset[str], str] | None,
    ) -> Callable[[Mapping[str, object]], None]:
        if undocumented is None:
            return self._checker(ep, method_name)
        allowed, typed = undocumented

        def check(params: Mapping[str, object]) -> None:
            self._check_names(method_name, params, allowed, typed)

        return check

    def _descending_only(
        self, check: Callable[[Mapping[str, object]], None], method_name: str
    ) -> Callable[[Mapping[str, object]], None]:
        def wrapped(params: Mapping[str, object]) -> None:
            order = params.get("order")
            if order is not None and order != "desc":
                raise InvalidParameterError(
                    f"client.{self.resource}.{method_name}() sorts in one direction only (the "
                    f"API has no 'order' parameter here): order={order!r} cannot be honoured"
                )
            check({k: v for k, v in params.items() if k != "order"})

        return wrapped

    def _lookup(
        self,
        method_name: str,
        key: int | str,
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        label: str,
        name_key: str,
    ) -> T:
        """One record by id or name (``name_key`` is the JSON key a name matches, for the
        placeholder a dry run returns); on v2 where the method has a twin."""
        twin = self._twin(method_name)
        if twin is not None and self._use_v2(method_name, twin, None, False):
            value = path_key(key, what=f"a {label}")
            return self._get_one_v2(method_name, twin, value, parse, params, dry_run, label, None)
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        value = path_key(key, what=f"a {label}")
        path = ep.path.replace("{id}", str(value))
        response = self._client._get(ep.version, path, encode_params(params), dry_run=dry_run)
        if response.dry_run:
            return parse({"id": value} if isinstance(value, int) else {name_key: value})
        results = (response.json or {}).get("results") or []
        if not results:
            raise NotFoundError(
                f"{label} {value} does not exist", status=404, method="GET", url=response.url
            )
        return parse(results[0])

    def _list_at(
        self,
        method_name: str,
        ids: Iterable[int],
        parse: Callable[[Mapping[str, Any]], T],
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        auth: Auth = "optional",
    ) -> list[T]:
        """Every result of one request to an endpoint that answers everything at once."""
        ep = self._endpoint(method_name)
        self._checker(ep, method_name)(params)
        wanted = list(dict.fromkeys(_as_id(i) for i in ids))
        if not wanted:
            return []
        path = ep.path.replace("{id}", ",".join(str(i) for i in wanted))
        response = self._client._get(
            ep.version, path, encode_params(params), dry_run=dry_run, auth=auth
        )
        data = response.json
        records = data if isinstance(data, list) else (data or {}).get("results") or []
        return [parse(r) for r in records]

    def _paginate_at(
        self,
        method_name: str,
        parse: Callable[[Mapping[str, Any]], T],
        model: str,
        params: Mapping[str, object],
        *,
        dry_run: bool | None,
        key: int | str | None = None,
        what: str = "an id",
        auth: Auth = "optional",
        undocumented: tuple[frozenset[str], str] | None = None,
        descending_only: bool = False,
    ) -> Paginator[T]:
        """A paginator over ``method_name``'s endpoint, with ``{id}`` in its path set to
        ``key``; ``undocumented`` gives the allowed names and their TypedDict's name for routes
        the spec leaves out. ``descending_only``: the endpoint has ``order_by`` but no
        ``order`` (it always sorts descending); the paginator's ``order=desc`` is let through
        (the server ignores it) and ``asc`` is refused before sending."""
        ep = self._endpoint(method_name)
        check = self._check_for(ep, method_name, undocumented)
        if descending_only:
            check = self._descending_only(check, method_name)
        check(params)
        path = ep.path
        if key is not None:
            path = path.replace("{id}", str(path_key(key, what=what)))
        client = self._client

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(ep.version, path, query, dry_run=dry_run, auth=auth).json

        return Paginator(
            fetch=fetch, parse=parse, endpoint=ep, model=model, params=params, check=check
        )
