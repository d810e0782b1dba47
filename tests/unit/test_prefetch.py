"""Paginator.prefetch's batching, with a fake fetch and a fake lookup (pure logic): whole
batches wherever the look-ahead finds enough ids, each id once."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from inatsdk.endpoints import OBSERVATIONS_SEARCH, Operation
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation, Taxon
from inatsdk.models.base import BaseModel
from inatsdk.paginator import Paginator
from inatsdk.session import ApiResponse


def _observations(taxa_of: list[int]) -> list[dict[str, Any]]:
    n = len(taxa_of)
    return [
        {"id": n - i, "taxon": {"id": t, "name": f"t{t}"}, "taxon_id": t}
        for i, t in enumerate(taxa_of)
    ]


class Server:
    """Answers keyset pages of ``rows`` (ids descending) and taxon lookups."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.pages = 0
        self.lookups: list[list[int]] = []

    def fetch(self, query: Mapping[str, str]) -> ApiResponse:
        self.pages += 1
        below = int(query.get("id_below", 10**9))
        per_page = int(query["per_page"])
        window = [r for r in self.rows if r["id"] < below][:per_page]
        body = {"total_results": len(self.rows), "per_page": per_page, "results": window}
        return ApiResponse(status=200, url="https://x.test/v1/observations", json=body)

    def resolve(self, op: Operation[BaseModel], ids: Sequence[int]) -> Mapping[int, BaseModel]:
        assert len(ids) <= (op.id_limit or 1)
        self.lookups.append(list(ids))
        return {i: Taxon(id=i, name=f"t{i}", ancestors=[]) for i in ids}


def _paginator(server: Server) -> Paginator[Observation]:
    return Paginator(
        fetch=server.fetch,
        parse=Observation.from_json,
        endpoint=OBSERVATIONS_SEARCH,
        model="Observation",
        params={},
        check=lambda p: None,
        resolve=server.resolve,
    )


@pytest.mark.parametrize("new_per_page", [1, 7, 31, 59, 200])
def test_batches_stay_full_across_pages(new_per_page: int) -> None:
    # Five pages of 200; each page brings ``new_per_page`` taxa not seen before.
    taxa: list[int] = []
    for page in range(5):
        fresh = [1000 * page + k for k in range(new_per_page)]
        taxa += [fresh[i % len(fresh)] for i in range(200)]
    server = Server(_observations(taxa))
    found = list(_paginator(server).prefetch("taxon"))
    assert len(found) == 1000
    distinct = len(set(taxa))
    assert len(server.lookups) <= math.ceil(distinct / 30)
    asked = [i for batch in server.lookups for i in batch]
    assert sorted(asked) == sorted(set(taxa))  # each id once
    assert all(o.taxon is not None and o.taxon.ancestors == [] for o in found)
    plain = Server(_observations(taxa))
    list(_paginator(plain))
    assert server.pages == plain.pages  # the look-ahead adds no page request


def test_prefetch_is_lazy_immutable_and_checked() -> None:
    server = Server(_observations([1, 2, 3]))
    plain = _paginator(server)
    with_taxa = plain.prefetch("taxon")
    assert with_taxa is not plain
    assert "prefetch" not in repr(plain) and "prefetch=taxon" in repr(with_taxa)
    assert server.pages == 0 and server.lookups == []
    list(plain)
    assert server.lookups == []  # the original does not prefetch
    with pytest.raises(InvalidParameterError, match="did you mean 'taxon'"):
        plain.prefetch("taxa")
    assert "prefetch=taxon,user" in repr(with_taxa.prefetch("taxon", "user"))


def test_unknown_ids_are_asked_once() -> None:
    server = Server(_observations([5] * 300))

    def nothing(op: Operation[BaseModel], ids: Sequence[int]) -> Mapping[int, BaseModel]:
        server.lookups.append(list(ids))
        return {}

    server.resolve = nothing  # type: ignore[method-assign]
    found = list(_paginator(server).prefetch("taxon"))
    assert server.lookups == [[5]]
    assert all(o.taxon is not None and o.taxon.ancestors is None for o in found)
