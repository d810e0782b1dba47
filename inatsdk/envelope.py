"""Reading answers: the one place that knows the API's envelopes.

The API answers a listing as a bare list or as an object whose ``results`` hold the records
(with ``total_results`` where it counts them), and a summary as one object. Anything else is not
the documented shape and raises :class:`~inatsdk.errors.UnexpectedResponseError` with the method
and URL, never a raw ``KeyError``, ``TypeError`` or ``AttributeError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from inatsdk.errors import UnexpectedResponseError, iNatError

if TYPE_CHECKING:
    from inatsdk.session import ApiResponse

__all__ = ["json_list", "json_object", "object_of", "parse_records", "records_of", "total_of"]

T = TypeVar("T")


def json_object(data: object) -> Mapping[str, object] | None:
    """``data`` as a JSON object (its keys are strings), or None when it is not one."""
    return cast("Mapping[str, object]", data) if isinstance(data, Mapping) else None


def json_list(data: object) -> list[object] | None:
    """``data`` as a JSON array, or None when it is not one."""
    return cast("list[object]", data) if isinstance(data, list) else None


def _excerpt(data: object) -> str:
    text = repr(data)
    return text if len(text) <= 200 else text[:200] + "..."


def records_of(response: ApiResponse, *, method: str = "GET") -> list[Mapping[str, object]]:
    """The records of an answer: a bare list, or an object's ``results`` list (every item an
    object). A dry-run answer has none. Anything else raises
    :class:`~inatsdk.errors.UnexpectedResponseError`."""
    data: object = response.json
    if response.dry_run:
        return []
    if data is None:  # a 200 with no JSON at all: a proxy's page, an empty body
        raise UnexpectedResponseError(
            "expected a list of records, got no JSON"
            + (f" ({len(response.content)} bytes)" if response.content else " (an empty body)"),
            method=method,
            url=response.url,
            body=response.content[:200].decode("utf-8", "replace") or None,
        )
    fields = json_object(data)
    found: object = data if fields is None else fields.get("results", [])
    if found is None:
        found = []
    items = json_list(found)
    if items is None or not all(isinstance(r, Mapping) for r in items):
        raise UnexpectedResponseError(
            f"expected a list of records (or an object with 'results'), got {_excerpt(data)}",
            method=method,
            url=response.url,
            body=_excerpt(data),
        )
    return cast("list[Mapping[str, object]]", items)


def total_of(response: ApiResponse, records: Sequence[object]) -> int:
    """The answer's ``total_results`` where it has one, else how many records it holds."""
    fields = json_object(response.json)
    total = None if fields is None else fields.get("total_results")
    if isinstance(total, int) and not isinstance(total, bool):
        return total
    return len(records)


def object_of(response: ApiResponse, *, method: str = "GET") -> Mapping[str, object]:
    """An answer that is one object (a summary, a histogram); raises
    :class:`~inatsdk.errors.UnexpectedResponseError` for anything else."""
    data: object = response.json
    fields = json_object(data)
    if fields is None:
        raise UnexpectedResponseError(
            f"expected an object, got {_excerpt(data)}",
            method=method,
            url=response.url,
            body=_excerpt(data),
        )
    return fields


def parse_records(
    parse: Callable[[Mapping[str, object]], T],
    records: Iterable[Mapping[str, object]],
    *,
    method: str = "GET",
    url: str = "",
) -> list[T]:
    """Models from records; a record the models cannot read raises
    :class:`~inatsdk.errors.UnexpectedResponseError`, never a raw ``KeyError``/``TypeError``."""
    out: list[T] = []
    for record in records:
        try:
            out.append(parse(record))
        except iNatError:
            raise
        except Exception as exc:  # the converter's failures on malformed data, whatever they are
            raise UnexpectedResponseError(
                f"a record does not have the documented shape ({type(exc).__name__}: "
                f"{str(exc)[:200]}): {_excerpt(record)}",
                method=method,
                url=url,
                body=_excerpt(record),
            ) from None
    return out
