"""Reading taxa and observations through the client, against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from inatsdk import (
    InvalidParameterError,
    MultipleResultsError,
    NoResultsError,
    NotFoundError,
    iNatClient,
)
from inatsdk.models import Observation, Taxon
from inatsdk.testing import Emulator


def test_paginator_is_lazy_and_repr_sends_nothing(client: iNatClient, emulator: Emulator) -> None:
    taxa = client.taxa.search(q="a", rank="species").limit(5)
    text = repr(taxa)
    assert "GET /v1/taxa" in text
    assert "q='a'" in text
    assert emulator.requests == []


def test_search_yields_typed_models(client: iNatClient) -> None:
    taxa = client.taxa.search(rank="species").limit(12).all()
    assert len(taxa) == 12
    assert all(isinstance(t, Taxon) for t in taxa)
    assert all(t.rank == "species" for t in taxa)


def test_count_is_one_request_without_records(client: iNatClient, emulator: Emulator) -> None:
    n = client.observations.search(quality_grade="research").count()
    assert n > 0
    assert len(emulator.requests) == 1
    assert emulator.requests[0].query["per_page"] == "0"


def test_first_costs_one_request_for_one_record(client: iNatClient, emulator: Emulator) -> None:
    obs = client.observations.search().first()
    assert isinstance(obs, Observation)
    assert len(emulator.requests) == 1
    assert emulator.requests[0].query["per_page"] == "1"
    newest = max(emulator.store.observation_ids())
    assert obs.id == newest


def test_slice_and_index_fetch_only_what_they_need(client: iNatClient, emulator: Emulator) -> None:
    everything = client.observations.search().limit(60).all()
    emulator.clear_requests()
    assert [o.id for o in client.observations.search()[10:20]] == [o.id for o in everything[10:20]]
    assert len(emulator.requests) == 1
    emulator.clear_requests()
    assert client.observations.search()[37].id == everything[37].id
    assert len(emulator.requests) == 1


def test_one_and_exists(client: iNatClient) -> None:
    target = client.observations.search().first()
    assert target is not None and target.id is not None
    assert client.observations.search(id=[target.id]).one().id == target.id
    with pytest.raises(MultipleResultsError):
        client.observations.search().one()
    with pytest.raises(NoResultsError):
        client.observations.search(user_login="nobody-has-this-login").one()
    assert client.observations.search().exists()


def test_filter_and_order_return_new_paginators(client: iNatClient) -> None:
    base = client.observations.search()
    research = base.filter(quality_grade="research")
    assert research is not base
    assert "quality_grade" not in repr(base)
    oldest = base.order_by("id", desc=False).first()
    newest = base.first()
    assert oldest is not None
    assert newest is not None
    assert (oldest.id or 0) < (newest.id or 0)
    assert all(o.quality_grade == "research" for o in research.limit(50))


def test_get_and_not_found(client: iNatClient, emulator: Emulator) -> None:
    some_id = emulator.store.observation_ids()[0]
    obs = client.observations.get(some_id)
    assert obs.id == some_id
    with pytest.raises(NotFoundError) as info:
        client.observations.get(999_999_999)
    assert info.value.status == 404


def test_get_many_batches_to_the_id_limit(client: iNatClient, emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()[:450]
    found = client.observations.get_many(ids)
    assert [o.id for o in found] == ids
    assert len(emulator.requests) == 3  # 200 + 200 + 50

    taxa = client.taxa.search(rank="species").limit(65).all()
    emulator.clear_requests()
    wanted = [t.id for t in taxa if t.id is not None]
    got = client.taxa.get_many(wanted)
    assert [t.id for t in got] == wanted
    assert len(emulator.requests) == 3  # 30 + 30 + 5


def test_unsafe_observation_ids_are_refused_before_sending(
    client: iNatClient, emulator: Emulator
) -> None:
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError):
        client.observations.get(1.5)  # type: ignore[arg-type]
    unsafe: list[Any] = [0, -5, "0", "-5", "abc", "1/../2", "1?x=2", "1,2", True]
    for bad in unsafe:
        with pytest.raises(InvalidParameterError, match="observation_id"):
            client.observations.get(bad)
        with pytest.raises(InvalidParameterError, match="observation_id"):
            client.observations.taxon_summary(bad)
        with pytest.raises(InvalidParameterError, match="observation_id"):
            client.observations.quality_metrics(bad)
        with pytest.raises(InvalidParameterError, match="observation_ids"):
            client.observations.get_many([1, bad])
    not_ids: list[Any] = [1.5, None]
    for bad in not_ids:
        with pytest.raises(InvalidParameterError, match="observation_id"):
            client.observations.taxon_summary(bad)
    for not_a_list in ("123", None, 123):
        with pytest.raises(InvalidParameterError, match="observation_ids"):
            client.observations.get_many(not_a_list)  # type: ignore[arg-type]
    assert emulator.requests == []
    some_id = emulator.store.observation_ids()[0]
    assert client.observations.get(f" {some_id} ").id == some_id  # digits are an id
    assert client.observations.get_many([]) == []


def test_unknown_parameter_fails_before_sending(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        client.observations.search(taxon_idd=3)  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match="quality_grade"):
        client.observations.search().filter(quality_grad="research")  # type: ignore[call-arg]
    assert emulator.requests == []


def test_autocomplete_is_capped_at_its_page_size(client: iNatClient, emulator: Emulator) -> None:
    results = client.taxa.autocomplete(q="a").limit(40).all()
    assert 0 < len(results) <= 40
    assert all(int(r.query["per_page"]) <= 30 for r in emulator.requests)


def test_user_agent_names_the_app_and_the_sdk(client: iNatClient, emulator: Emulator) -> None:
    client.taxa.search().first()
    agent = emulator.requests[0].headers["User-Agent"]
    assert agent.startswith("inatsdk-tests/1.0 inatsdk/")


def test_a_client_with_every_default_works(emulator: Emulator) -> None:
    # Default cache (SQLite in INATSDK_CACHE_DIR), default rate limit, default retries.
    with iNatClient(api_url=emulator.api_url, web_url=emulator.web_url) as default_client:
        assert default_client.taxa.search().first() is not None
        default_client.cache.clear()


def test_bad_order_fails_before_sending(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'observed_on'"):
        client.observations.search().order_by("observed_onn")  # type: ignore[arg-type]
    assert emulator.requests == []


def test_taxa_search_keeps_the_apis_ranking_unless_ordered_by_id(
    client: iNatClient, emulator: Emulator
) -> None:
    ranked = client.taxa.search(rank="species").limit(5).all()
    counts = [t.observations_count or 0 for t in ranked]
    assert counts == sorted(counts, reverse=True)
    assert "order_by" not in emulator.requests[0].query
    by_id = client.taxa.search(rank="species").order_by("id").limit(5).all()
    assert [t.id for t in by_id] == sorted((t.id or 0 for t in by_id), reverse=True)
    assert emulator.requests[-1].query["order_by"] == "id"


def test_autocomplete_count_is_what_can_be_fetched(client: iNatClient) -> None:
    matches = client.taxa.autocomplete(q="a")
    assert matches.count() == len(matches.all()) <= 30


def test_id_bounds_given_by_the_caller_combine_with_paging(
    client: iNatClient, emulator: Emulator
) -> None:
    ids = sorted(emulator.store.observation_ids())
    low, high = ids[100], ids[700]
    newer = client.observations.search().filter(id_above=high).order_by("id", desc=False)
    assert [o.id for o in newer] == ids[701:]
    window = client.observations.search(id_above=low, id_below=high).page_size(200)
    assert [o.id for o in window] == sorted(ids[101:700], reverse=True)
    assert all(r.query["id_above"] == str(low) for r in emulator.requests[-3:])
