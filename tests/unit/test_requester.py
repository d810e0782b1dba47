"""The request pipeline's pure parts, with no server: path filling (:func:`fill_path`), batch
keys (:func:`key_of`, :func:`keys_of`), the envelope readers of :mod:`inatsdk.envelope`, and the
:class:`~inatsdk.paginator.Paginator` over a fake ``fetch`` (keyset paging, whole lists,
reachable rows, counts). Each test runs in microseconds."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from inatsdk.endpoints import (
    ANNOTATION_DELETE,
    CONTROLLED_TERMS,
    OBSERVATION_QUALITY_SET,
    OBSERVATIONS_GET_V2,
    OBSERVATIONS_OBSERVERS,
    OBSERVATIONS_SEARCH,
    PLACES_GET,
    TAXA_GET,
    TAXA_SEARCH,
    TILE_PLACE,
    TILE_POINTS,
    Operation,
)
from inatsdk.envelope import object_of, parse_records, records_of, total_of
from inatsdk.errors import InvalidParameterError, NotFoundError, UnexpectedResponseError
from inatsdk.models import Taxon
from inatsdk.models.base import BaseModel
from inatsdk.paginator import Paginator
from inatsdk.requester import fill_path, key_of, keys_of
from inatsdk.session import ApiResponse

URL = "https://api.example.test/v1/things"
UUID = "6444ede0-9831-47bd-8c3b-ee32e08cbfe4"


def _answer(json: Any, *, dry_run: bool = False, url: str = URL) -> ApiResponse:
    return ApiResponse(status=200, url=url, json=json, dry_run=dry_run)


# --- fill_path -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "values", "expected"),
    [
        (TAXA_GET, {"id": 5}, "/taxa/5"),
        (TAXA_GET, {"id": "5"}, "/taxa/5"),
        (TAXA_GET, {"id": " 7 "}, "/taxa/7"),
        (TAXA_GET, {"id": "007"}, "/taxa/7"),
        (TAXA_GET, {"id": [1, "2", 30]}, "/taxa/1,2,30"),
        (TAXA_GET, {"id": (4,)}, "/taxa/4"),
        (PLACES_GET, {"id": "new-york"}, "/places/new-york"),
        (PLACES_GET, {"id": "a.b_c-d"}, "/places/a.b_c-d"),
        (PLACES_GET, {"id": 14}, "/places/14"),
        (PLACES_GET, {"id": UUID.upper()}, f"/places/{UUID}"),
        (ANNOTATION_DELETE, {"id": UUID}, f"/annotations/{UUID}"),
        (ANNOTATION_DELETE, {"id": 9}, "/annotations/9"),
        (OBSERVATIONS_GET_V2, {"uuid": UUID.upper()}, f"/observations/{UUID}"),
        (TILE_POINTS, {"zoom": 0, "x": 0, "y": "0"}, "/points/0/0/0.png"),
        (TILE_POINTS, {"zoom": 3, "x": 1, "y": 3}, "/points/3/1/3.png"),
        (TILE_PLACE, {"place_id": 14, "zoom": 2, "x": 1, "y": 0}, "/places/14/2/1/0.png"),
        (OBSERVATION_QUALITY_SET, {"id": 5, "metric": "wild"}, "/observations/5/quality/wild"),
    ],
)
def test_fill_path_fills_and_normalises(
    op: Operation[BaseModel], values: Mapping[str, Any], expected: str
) -> None:
    assert fill_path(op, values) == expected


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        True,
        False,
        1.5,
        "",
        "  ",
        "0",
        "-3",
        "abc",
        "1/2",
        "1?x=2",
        "1#x",
        "1%2F2",
        "..",
        "5 6",
        "٣",  # a digit, but not an ASCII one
        b"5",
        None,
        [],
        [1, 0],
        [1, "x"],
        {"id": 1},
    ],
)
def test_fill_path_refuses_what_is_not_a_positive_id(value: object) -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        fill_path(TAXA_GET, {"id": value}, arguments={"id": "taxon_id"})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "name", ["..", "...", ".", "a/b", "a%2fb", "a b", "café", "a?b", "a#b", "-x", "x" * 201]
)
def test_fill_path_refuses_unsafe_names(name: str) -> None:
    with pytest.raises(InvalidParameterError, match="nothing was sent"):
        fill_path(PLACES_GET, {"id": name})


def test_fill_path_kinds() -> None:
    with pytest.raises(InvalidParameterError, match="UUID"):
        fill_path(OBSERVATIONS_GET_V2, {"uuid": 5})
    with pytest.raises(InvalidParameterError, match="UUID"):
        fill_path(ANNOTATION_DELETE, {"id": "a-name"})
    with pytest.raises(InvalidParameterError, match="non-negative"):
        fill_path(TILE_POINTS, {"zoom": -1, "x": 0, "y": 0})
    with pytest.raises(InvalidParameterError, match="place_id"):
        fill_path(TILE_PLACE, {"place_id": 0, "zoom": 0, "x": 0, "y": 0})
    with pytest.raises(InvalidParameterError, match="'wild', 'location', 'date', 'evidence'"):
        fill_path(OBSERVATION_QUALITY_SET, {"id": 5, "metric": "bogus"})


def test_fill_path_needs_every_placeholder_and_no_other() -> None:
    with pytest.raises(InvalidParameterError, match="needs taxon_id"):
        fill_path(TAXA_GET, {}, arguments={"id": "taxon_id"})
    with pytest.raises(InvalidParameterError, match="needs id"):
        fill_path(TAXA_GET, None)
    with pytest.raises(InvalidParameterError, match="no path placeholder 'x'"):
        fill_path(TAXA_GET, {"id": 1, "x": 2})
    with pytest.raises(InvalidParameterError, match="empty"):
        fill_path(TAXA_GET, {"id": []})
    assert fill_path(CONTROLLED_TERMS) == "/controlled_terms"


def test_fill_path_names_the_caller() -> None:
    with pytest.raises(InvalidParameterError, match=r"client\.taxa\.get\(\): taxon_id"):
        fill_path(TAXA_GET, {"id": "x"}, where="client.taxa.get()", arguments={"id": "taxon_id"})


# --- key_of, keys_of -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), ("5", 5), (" 12 ", 12), ("0042", 42), (UUID.upper(), UUID), (f" {UUID} ", UUID)],
)
def test_key_of(value: object, expected: int | str) -> None:
    assert key_of(value, argument="ids", where="here") == expected


@pytest.mark.parametrize(
    "value", [0, -3, True, False, 1.5, None, "", "abc", "0", "-1", "1,2", [1], b"1", "٣"]
)
def test_key_of_refuses(value: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"here: ids must be"):
        key_of(value, argument="ids", where="here")


def test_key_of_without_uuids() -> None:
    assert key_of("9", argument="ids", where="here", uuids=False) == 9
    with pytest.raises(InvalidParameterError, match="positive integer id, not"):
        key_of(UUID, argument="ids", where="here", uuids=False)


def test_keys_of_keeps_order_and_drops_repeats() -> None:
    assert keys_of([3, "1", 3, " 2 ", 1], argument="ids", where="w") == [3, 1, 2]
    assert keys_of((i for i in (5, 6)), argument="ids", where="w") == [5, 6]
    assert keys_of([UUID, UUID.upper(), 7], argument="ids", where="w") == [UUID, 7]
    assert keys_of([], argument="ids", where="w") == []


@pytest.mark.parametrize("values", ["123", b"12", None, 5, 1.5, [1, "x"], [1, None], [0]])
def test_keys_of_refuses_what_is_not_a_collection_of_ids(values: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"w: ids must be"):
        keys_of(values, argument="ids", where="w")


# --- the envelope ----------------------------------------------------------------------------


def test_records_of_reads_both_envelopes() -> None:
    rows = [{"id": 1}, {"id": 2}]
    assert records_of(_answer(rows)) == rows
    assert records_of(_answer({"total_results": 9, "results": rows})) == rows
    assert records_of(_answer({"results": None})) == []
    assert records_of(_answer({})) == []
    assert records_of(_answer([])) == []
    assert records_of(_answer("ignored", dry_run=True)) == []
    assert records_of(_answer(None, dry_run=True)) == []


def test_a_success_with_no_json_is_not_an_empty_listing() -> None:
    """A 200 whose body was empty or not JSON (a proxy's page) raises, rather than passing for
    a query that matched nothing."""
    with pytest.raises(UnexpectedResponseError, match="no JSON"):
        records_of(_answer(None))


@pytest.mark.parametrize(
    "json",
    [
        "<html>gateway timeout</html>",
        42,
        True,
        [1, 2],
        [{"id": 1}, "two"],
        [[{"id": 1}]],
        {"results": "x"},
        {"results": {"id": 1}},
        {"results": [{"id": 1}, None]},
    ],
)
def test_records_of_refuses_malformed_answers(json: object) -> None:
    with pytest.raises(UnexpectedResponseError) as caught:
        records_of(_answer(json), method="POST")
    error = caught.value
    assert error.method == "POST" and error.url == URL and error.status == 200
    assert "expected a list of records" in str(error)
    assert error.body is not None


def test_records_of_excerpts_long_bodies() -> None:
    with pytest.raises(UnexpectedResponseError) as caught:
        records_of(_answer("x" * 10_000))
    assert len(str(caught.value)) < 1_000


def test_total_of() -> None:
    rows: list[object] = [{"id": 1}, {"id": 2}]
    assert total_of(_answer({"total_results": 42, "results": rows}), rows) == 42
    assert total_of(_answer({"total_results": 0, "results": []}), []) == 0
    assert total_of(_answer(rows), rows) == 2
    assert total_of(_answer({"results": rows}), rows) == 2
    assert total_of(_answer({"total_results": True, "results": rows}), rows) == 2
    assert total_of(_answer({"total_results": "42", "results": rows}), rows) == 2


def test_object_of() -> None:
    assert object_of(_answer({"count": 3})) == {"count": 3}
    assert object_of(_answer({})) == {}
    for json in ([{"count": 3}], "count", 3, None):
        with pytest.raises(UnexpectedResponseError, match="expected an object") as caught:
            object_of(_answer(json), method="GET")
        assert caught.value.method == "GET" and caught.value.url == URL


def test_parse_records_builds_models() -> None:
    taxa = parse_records(Taxon.from_json, [{"id": 1, "name": "Life"}, {"id": 2}], url=URL)
    assert [t.id for t in taxa] == [1, 2] and taxa[0].name == "Life"
    assert parse_records(Taxon.from_json, [], url=URL) == []


@pytest.mark.parametrize("record", ["x", 5, [1], None])
def test_parse_records_refuses_what_the_model_cannot_read(record: Any) -> None:
    with pytest.raises(UnexpectedResponseError, match="documented shape") as caught:
        parse_records(Taxon.from_json, [{"id": 1}, record], method="PUT", url=URL)
    assert caught.value.method == "PUT" and caught.value.url == URL


@pytest.mark.parametrize("failure", [KeyError("name"), TypeError("no"), ValueError("bad date")])
def test_parse_records_turns_parse_failures_into_typed_errors(failure: Exception) -> None:
    def parse(record: Mapping[str, Any]) -> object:
        raise failure

    with pytest.raises(UnexpectedResponseError, match=type(failure).__name__) as caught:
        parse_records(parse, [{"id": 1}], url=URL)
    assert caught.value.method == "GET" and caught.value.url == URL
    assert caught.value.__cause__ is None  # no raw traceback chained for the caller


def test_parse_records_lets_the_sdks_own_errors_through() -> None:
    def parse(record: Mapping[str, Any]) -> object:
        raise NotFoundError("gone", status=404, method="GET", url=URL)

    with pytest.raises(NotFoundError):
        parse_records(parse, [{"id": 1}], url=URL)


# --- the paginator over a fake fetch --------------------------------------------------------


class FakeServer:
    """Answers paging requests from a list of records, and remembers what it was sent.

    ``ignore_cursor``: answer the first page whatever ``id_below``/``id_above`` say (a broken
    proxy). ``bare``: answer bare lists, with no ``total_results``.
    """

    def __init__(
        self,
        records: Sequence[Mapping[str, Any]],
        *,
        total: int | None = None,
        ignore_cursor: bool = False,
        bare: bool = False,
        per_page_default: int = 30,
    ) -> None:
        self.records = list(records)
        self.total = total
        self.ignore_cursor = ignore_cursor
        self.bare = bare
        self.per_page_default = per_page_default
        self.sent: list[dict[str, str]] = []

    def __call__(self, query: Mapping[str, str]) -> ApiResponse:
        self.sent.append(dict(query))
        if len(self.sent) > 100:  # a paginator that loops would otherwise hang the test
            raise AssertionError("more than 100 requests")
        rows = list(self.records)
        if query.get("order_by") == "id":
            rows.sort(key=lambda r: r["id"], reverse=query.get("order", "desc") == "desc")
            if not self.ignore_cursor:
                if "id_below" in query:
                    rows = [r for r in rows if r["id"] < int(query["id_below"])]
                if "id_above" in query:
                    rows = [r for r in rows if r["id"] > int(query["id_above"])]
        total = len(rows) if self.total is None else self.total
        per_page = int(query.get("per_page", self.per_page_default))
        page = int(query.get("page", 1))
        window = rows[(page - 1) * per_page : page * per_page] if per_page else []
        if self.bare:
            return _answer(window)
        return _answer(
            {"total_results": total, "page": page, "per_page": per_page, "results": window}
        )


def _paginator(
    op: Operation[BaseModel], fetch: Callable[[Mapping[str, str]], ApiResponse]
) -> Paginator[Taxon]:
    return Paginator(
        fetch=fetch,
        parse=Taxon.from_json,
        endpoint=op,
        model="X",
        params={},
        check=lambda p: None,
    )


def _ids(n: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"t{i}"} for i in range(1, n + 1)]


def test_keyset_paging_moves_the_cursor() -> None:
    server = FakeServer(_ids(450))
    found = [t.id for t in _paginator(OBSERVATIONS_SEARCH, server)]
    assert found == list(range(450, 0, -1))
    assert [q.get("id_below") for q in server.sent] == [None, "251", "51"]
    assert all(q["order_by"] == "id" and q["order"] == "desc" for q in server.sent)
    assert all(q["per_page"] == "200" and "page" not in q for q in server.sent)


def test_keyset_paging_ascending_moves_id_above() -> None:
    server = FakeServer(_ids(5))
    paginator = _paginator(OBSERVATIONS_SEARCH, server).order_by("id", desc=False).page_size(2)
    assert [t.id for t in paginator] == [1, 2, 3, 4, 5]
    assert [q.get("id_above") for q in server.sent] == [None, "2", "4"]


def test_keyset_paging_stops_at_the_limit() -> None:
    server = FakeServer(_ids(450))
    assert len(_paginator(OBSERVATIONS_SEARCH, server).limit(250).all()) == 250
    assert [q["per_page"] for q in server.sent] == ["200", "50"]


def test_keyset_paging_refuses_a_server_that_ignores_the_cursor() -> None:
    server = FakeServer(_ids(450), ignore_cursor=True)
    with pytest.raises(UnexpectedResponseError, match="did not move") as caught:
        _paginator(OBSERVATIONS_SEARCH, server).all()
    assert "id_below" in str(caught.value) and caught.value.url == URL
    assert len(server.sent) == 2  # the same page twice, then the error: no loop


def test_keyset_paging_refuses_a_server_that_ignores_id_above() -> None:
    server = FakeServer(_ids(10), ignore_cursor=True)
    paginator = _paginator(OBSERVATIONS_SEARCH, server).order_by("id", desc=False).page_size(3)
    with pytest.raises(UnexpectedResponseError, match="id_above"):
        paginator.all()
    assert len(server.sent) == 2


@pytest.mark.parametrize("bad_id", [None, "7", 7.0, True, [7]])
def test_keyset_paging_needs_integer_ids(bad_id: object) -> None:
    second: dict[str, Any] = {"name": "no id"} if bad_id is None else {"id": bad_id}
    records = [{"id": 9}, second]
    sent: list[Mapping[str, str]] = []

    def fetch(query: Mapping[str, str]) -> ApiResponse:
        sent.append(query)
        return _answer({"total_results": 2, "results": records})

    with pytest.raises(UnexpectedResponseError, match="integer id") as caught:
        _paginator(OBSERVATIONS_SEARCH, fetch).all()
    assert caught.value.url == URL
    assert len(sent) == 1


@pytest.mark.parametrize("bad", [0, -1, True, False, 1.5, "3", None])
def test_limit_and_page_size_take_positive_integers_only(bad: Any) -> None:
    server = FakeServer(_ids(3))
    paginator = _paginator(OBSERVATIONS_SEARCH, server)
    with pytest.raises(InvalidParameterError, match=r"limit\(\) takes a positive integer"):
        paginator.limit(bad)
    with pytest.raises(InvalidParameterError, match=r"page_size\(\) takes a positive integer"):
        paginator.page_size(bad)
    assert server.sent == []


def test_page_size_is_capped_by_the_operation() -> None:
    paginator = _paginator(OBSERVATIONS_SEARCH, FakeServer([]))
    paginator.page_size(200)
    with pytest.raises(InvalidParameterError, match="maximum of 200"):
        paginator.page_size(201)


def test_whole_lists_never_send_paging_parameters() -> None:
    server = FakeServer(_ids(7))
    paginator = _paginator(CONTROLLED_TERMS, server)
    assert len(paginator.all()) == 7
    assert paginator.count() == 7
    assert paginator.first() is not None
    assert len(paginator[2:5]) == 3
    assert paginator[6].id is not None
    assert len(paginator.limit(3).all()) == 3
    assert paginator.limit(3).count() == 3
    assert sum(len(p) for p in paginator.pages()) == 7
    assert paginator.exists()
    with pytest.raises(Exception, match="7 records"):
        paginator.one()
    assert len(paginator.page_size(2).all()) == 7
    assert server.sent
    assert all("page" not in q and "per_page" not in q for q in server.sent)


def test_whole_lists_keep_their_filters() -> None:
    server = FakeServer(_ids(2))
    paginator = Paginator(
        fetch=server,
        parse=Taxon.from_json,
        endpoint=CONTROLLED_TERMS,
        model="X",
        params={"taxon_id": 3},
        check=lambda p: None,
    )
    paginator.all()
    assert server.sent == [{"taxon_id": "3"}]


def test_reachable_rows_cap_iteration(caplog: pytest.LogCaptureFixture) -> None:
    server = FakeServer(_ids(1_200), per_page_default=500)
    paginator = _paginator(OBSERVATIONS_OBSERVERS, server)
    with caplog.at_level(logging.WARNING, logger="inatsdk"):
        found = paginator.all()
    assert len(found) == 500
    assert all(int(q["page"]) * int(q["per_page"]) <= 500 for q in server.sent)
    assert "answers only the first 500" in caplog.text
    assert paginator.count() == 500
    assert len(paginator.page_size(100).all()) == 500


def test_reachable_rows_refuse_asking_past_them() -> None:
    server = FakeServer(_ids(1_200), per_page_default=500)
    paginator = _paginator(OBSERVATIONS_OBSERVERS, server)
    paginator.limit(500)
    with pytest.raises(InvalidParameterError, match="first 500 rows"):
        paginator.limit(501)
    with pytest.raises(IndexError, match="first 500 rows"):
        paginator[500]
    with pytest.raises(IndexError, match="first 500 rows"):
        paginator[499:501]
    assert server.sent == []
    assert paginator[499].id is not None
    assert len(paginator[450:]) == 50


def test_reachable_rows_without_more_rows_say_nothing(caplog: pytest.LogCaptureFixture) -> None:
    server = FakeServer(_ids(20), per_page_default=500)
    with caplog.at_level(logging.WARNING, logger="inatsdk"):
        assert len(_paginator(OBSERVATIONS_OBSERVERS, server).all()) == 20
    assert caplog.text == ""
    assert len(server.sent) == 1


@pytest.mark.parametrize("op", [OBSERVATIONS_SEARCH, TAXA_SEARCH, OBSERVATIONS_OBSERVERS])
def test_count_sends_per_page_zero(op: Operation[BaseModel]) -> None:
    server = FakeServer(_ids(3), total=12_345)
    paginator = _paginator(op, server)
    expected = min(12_345, op.reachable or 12_345)
    assert paginator.count() == expected
    assert [q["per_page"] for q in server.sent] == ["0"]
    assert paginator.limit(10).count() == 10
    assert [q["per_page"] for q in server.sent] == ["0", "0"]


def test_numbered_paging_uses_page_numbers() -> None:
    server = FakeServer(_ids(1_100))
    found = _paginator(TAXA_SEARCH, server).all()
    assert len(found) == 1_100
    assert [(q["page"], q["per_page"]) for q in server.sent] == [
        ("1", "500"),
        ("2", "500"),
        ("3", "500"),
    ]
    assert all("id_below" not in q for q in server.sent)


def test_malformed_pages_raise_typed_errors() -> None:
    for json in ("oops", [1, 2], {"results": "x"}):

        def fetch(query: Mapping[str, str], json: object = json) -> ApiResponse:
            return _answer(json)

        paginator = _paginator(TAXA_SEARCH, fetch)
        with pytest.raises(UnexpectedResponseError):
            paginator.all()
        with pytest.raises(UnexpectedResponseError):
            paginator.first()
        with pytest.raises(UnexpectedResponseError):
            paginator.count()


def test_nothing_is_sent_until_results_are_asked_for() -> None:
    server = FakeServer(_ids(3))
    paginator = _paginator(OBSERVATIONS_SEARCH, server).limit(2).page_size(2)
    repr(paginator)
    paginator.filter(q="x").order_by("id")
    assert server.sent == []
