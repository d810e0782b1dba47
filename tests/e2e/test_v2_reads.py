"""v2 reads end to end: ``api_version="v2"``, ``Paginator.fields()``, ``fields=`` on lookups,
UUID lookups, the long-selection POST form, and paging past 10,000 results by id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from inatsdk import iNatClient
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.fields import ALL, MAX_URL_LENGTH, Fields, _model_fields
from inatsdk.models import Observation, Taxon, User
from inatsdk.testing import Emulator
from inatsdk.testing.faults import Fault
from tests.e2e.conftest import make_client


def _uuid(emu: Emulator, observation_id: int) -> str:
    core = emu.store.observation_core(observation_id)
    assert core is not None
    return core.uuid


def _all_names(model: type[Observation] | type[Taxon] | type[User]) -> list[str]:
    return sorted(_model_fields(model))


# --- Paginator.fields() --------------------------------------------------------------------------------


def test_fields_sends_the_query_to_v2_with_that_selection(
    emulator: Emulator, client: iNatClient
) -> None:
    query = client.observations.search(taxon_id=3).fields(
        "quality_grade", taxon=["name", "rank"], user=["login"]
    )
    assert emulator.requests == []  # still lazy
    found = query.limit(5).all()
    assert len(found) == 5
    (request,) = emulator.requests
    assert request.path == "/v2/observations"
    assert request.query["taxon_id"] == "3"
    assert request.query["fields"] == (
        "(id:!t,quality_grade:!t,taxon:(name:!t,rank:!t),user:(login:!t),uuid:!t)"
    )
    for obs in found:
        assert obs.id and obs.uuid and obs.quality_grade
        assert obs.taxon is not None and obs.taxon.name and obs.taxon.rank
        assert obs.user is not None and obs.user.login
        # what was not asked for is None
        assert obs.description is None and obs.observed_on is None and obs.photos is None
        assert obs.taxon.ancestor_ids is None and obs.user.name is None
    full = client.observations.get(found[0].id or 0)
    assert full.taxon is not None and found[0].taxon is not None
    assert full.taxon.name == found[0].taxon.name


def test_a_bad_field_is_caught_before_sending(emulator: Emulator, client: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'quality_grade'"):
        client.observations.search().fields("quality_grad")
    with pytest.raises(InvalidParameterError, match=r"Observation\.user \(a User\).*'login'"):
        client.observations.search().fields(user=["logn"])
    with pytest.raises(InvalidParameterError, match="did you mean 'rank'"):
        client.taxa.get(3, fields=["rnak"])
    with pytest.raises(InvalidParameterError):
        client.observations.get_many([1, 2], fields=Fields(taxon_id=["name"]))
    # a parameter v1 takes but its v2 twin does not is caught too, when switching
    with pytest.raises(InvalidParameterError, match="order_by"):
        client.taxa.search(q="warbler", order_by="id").fields("name")
    assert emulator.requests == []


def test_count_first_and_refining_stay_on_v2(emulator: Emulator, client: iNatClient) -> None:
    base = client.observations.search(taxon_id=3)
    v2 = base.fields("species_guess")
    assert v2.count() == base.count()
    first = v2.filter(quality_grade="research").first()
    assert first is not None and first.quality_grade is None  # not selected
    refined = v2.fields(user=["login"]).order_by("id", desc=False).limit(3).all()
    assert [o.id for o in refined] == sorted(o.id or 0 for o in refined)
    assert all(o.user is not None and o.species_guess is None for o in refined)
    paths = [r.path for r in emulator.requests]
    assert paths == ["/v2/observations", "/v1/observations", "/v2/observations", "/v2/observations"]
    assert repr(v2) == (
        "<Paginator[Observation] GET /v2/observations taxon_id=3, "
        "fields=(id:!t,species_guess:!t,uuid:!t)>"
    )


# --- api_version="v2" ------------------------------------------------------------------------------


def test_a_v2_client_sends_every_twin_to_v2(emulator: Emulator) -> None:
    with make_client(emulator, api_version="v2") as v2, make_client(emulator) as v1:
        assert [o.id for o in v2.observations.search(user_id=1).limit(30)] == [
            o.id for o in v1.observations.search(user_id=1).limit(30)
        ]
        assert v2.taxa.get(3).to_json() == v1.taxa.get(3).to_json()
        assert [t.id for t in v2.taxa.get_many([9081, 3])] == [9081, 3]
        # the same taxon; v2's search results have v2's keys (provisional, no vision)
        first_v2, first_v1 = (
            v2.taxa.search(q="warbler").first(),
            v1.taxa.search(q="warbler").first(),
        )
        assert first_v2 is not None and first_v1 is not None and first_v2.id == first_v1.id
        assert v2.taxa.autocomplete(q="ave").count() == v1.taxa.autocomplete(q="ave").count()
        # a method without a v2 twin keeps calling v1
        assert v2.identifications.search().limit(2).all()
    v2_paths = {r.path.split("/")[1] for r in emulator.requests if "fields" in r.query}
    assert v2_paths == {"v2"}
    assert all(r.query["fields"] == "all" for r in emulator.requests if r.path.startswith("/v2"))
    assert any(r.path == "/v1/identifications" for r in emulator.requests)


def test_with_options_switches_one_view_only(emulator: Emulator, client: iNatClient) -> None:
    client.with_options(api_version="v2").taxa.get(3)
    client.taxa.get(3)
    assert [r.path for r in emulator.requests] == ["/v2/taxa/3", "/v1/taxa/3"]


def test_places_and_projects_lookups_on_v2(emulator: Emulator) -> None:
    place_ids = emulator.store.place_ids()[:3]
    with make_client(emulator, api_version="v2") as v2, make_client(emulator) as v1:
        on_v2 = v2.places.get_many(place_ids)
        assert [p.to_json() for p in on_v2] == [p.to_json() for p in v1.places.get_many(place_ids)]
        # a place's UUID works too, and goes to v2 whatever the client's version
        uuid = on_v2[0].uuid or ""
        by_uuid = v1.places.get_many([uuid])  # type: ignore[list-item]  # typed for ids only
        assert [p.id for p in by_uuid] == [place_ids[0]]
    assert [r.path.split("/")[1] for r in emulator.requests] == ["v2", "v1", "v2"]
    emulator.clear_requests()
    # get() has no v2 twin (only get_many does): it stays on v1, by id or by slug
    with make_client(emulator, api_version="v2") as v2:
        assert v2.places.get(place_ids[0]).id == place_ids[0]
        project = emulator.store.project_catalog().rows[0]
        assert v2.projects.get(project.slug).id == project.id
    assert [r.path for r in emulator.requests] == [
        f"/v1/places/{place_ids[0]}",
        f"/v1/projects/{project.slug}",
    ]


# --- lookups by UUID and with fields= ----------------------------------------------------------------------


def test_observation_lookups_by_uuid(emulator: Emulator, client: iNatClient) -> None:
    ids = emulator.store.observation_ids()[:3]
    uuid = _uuid(emulator, ids[0])
    by_uuid = client.observations.get(uuid)
    assert by_uuid.id == ids[0]
    # the same record in v2's shape (v1-only keys such as photo_id are not in it)
    by_id = client.observations.get(ids[0])
    assert (by_uuid.uuid, by_uuid.species_guess, by_uuid.observed_on) == (
        by_id.uuid,
        by_id.species_guess,
        by_id.observed_on,
    )
    assert [p.id for p in by_uuid.photos or []] == [p.id for p in by_id.photos or []]
    assert client.observations.get(uuid.upper()).id == ids[0]
    partial = client.observations.get(uuid, fields=["species_guess"])
    assert partial.id == ids[0] and partial.uuid == uuid and partial.taxon is None
    paths = [r.path for r in emulator.requests]
    assert paths[0] == f"/v2/observations/{uuid}"
    assert paths[1] == f"/v1/observations/{ids[0]}"
    with pytest.raises(NotFoundError, match="observation 00000000-"):
        client.observations.get("00000000-0000-4000-8000-000000000000")


def test_integer_ids_on_v2_use_the_search(emulator: Emulator) -> None:
    ids = emulator.store.observation_ids()[:3]
    with make_client(emulator, api_version="v2") as v2:
        assert v2.observations.get(ids[1]).id == ids[1]
        mixed: list[int | str] = [ids[2], _uuid(emulator, ids[0]), 999_999_999, ids[1]]
        assert [o.id for o in v2.observations.get_many(mixed)] == [ids[2], ids[0], ids[1]]
        with pytest.raises(NotFoundError):
            v2.observations.get(999_999_999)
    first, second = emulator.requests[:2]
    assert first.path == "/v2/observations" and first.query["id"] == str(ids[1])
    assert second.path == "/v2/observations"
    assert second.query["id"] == f"{ids[2]},{_uuid(emulator, ids[0])},999999999,{ids[1]}"


def test_get_many_with_fields_keeps_the_order(emulator: Emulator, client: iNatClient) -> None:
    ids = emulator.store.observation_ids()[:5][::-1]
    found = client.observations.get_many(ids, fields=Fields("quality_grade", user=["login"]))
    assert [o.id for o in found] == ids
    assert all(o.quality_grade and o.user and o.user.login and o.taxon is None for o in found)
    taxa = client.taxa.get_many([3, 9081], fields="name")
    assert [(t.id, t.name, t.rank) for t in taxa] == [
        (3, "Aves", None),
        (9081, "Setophaga petechia", None),
    ]


def test_uuids_where_the_api_takes_none(client: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="integer ids"):
        client.taxa.get("6444ede0-9831-47bd-8c3b-ee32e08cbfe4")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="not by UUID"):
        client.identifications.get("6444ede0-9831-47bd-8c3b-ee32e08cbfe4")  # type: ignore[arg-type]


def test_dry_run_on_v2(
    emulator: Emulator, client: iNatClient, caplog: pytest.LogCaptureFixture
) -> None:
    uuid = "6444ede0-9831-47bd-8c3b-ee32e08cbfe4"
    with caplog.at_level(logging.INFO, logger="inatsdk"):
        placeholder = client.observations.get(uuid, dry_run=True)
        dry = client.with_options(dry_run=True)
        assert dry.observations.search().fields("id").all() == []
    assert placeholder.uuid == uuid
    assert emulator.requests == []
    assert any("DRY RUN: GET" in m and "/v2/observations" in m for m in caplog.messages)


# --- long selections: the POST form -----------------------------------------------------------------------


def _long_selection() -> Fields:
    sel = Fields(
        *_all_names(Observation),
        taxon=Fields(*_all_names(Taxon)),
        user=Fields(*_all_names(User)),
        identifications=Fields("body", "category", taxon=Fields(*_all_names(Taxon))),
    )
    assert len(sel.to_rison()) > MAX_URL_LENGTH
    return sel


def test_a_long_selection_goes_as_a_post_override(emulator: Emulator, client: iNatClient) -> None:
    sel = _long_selection()
    found = client.observations.search(taxon_id=3).fields(sel).limit(3).all()
    (request,) = emulator.requests
    assert request.method == "POST"
    assert request.path == "/v2/observations"
    assert {k.lower(): v for k, v in request.headers.items()}["x-http-method-override"] == "GET"
    body = json.loads(request.body)
    assert body["fields"] == sel.to_json()
    assert body["taxon_id"] == "3" and body["per_page"] == "3" and body["order_by"] == "id"
    assert request.query == {}
    # the same records as a GET with a short selection
    short = client.observations.search(taxon_id=3).fields("species_guess").limit(3).all()
    assert [o.id for o in found] == [o.id for o in short]
    assert all(o.taxon is not None and o.taxon.name for o in found)


def test_a_short_selection_stays_a_get_within_the_limit(
    emulator: Emulator, client: iNatClient
) -> None:
    client.observations.search().fields("id").first()
    (request,) = emulator.requests
    assert request.method == "GET"
    url = f"{emulator.api_url}{request.path}?" + "&".join(
        f"{k}={v}" for k, v in request.query.items()
    )
    assert len(unquote(url)) < MAX_URL_LENGTH


def test_long_uuid_batches_go_as_a_post(emulator: Emulator, client: iNatClient) -> None:
    ids = emulator.store.observation_ids()[:150]
    uuids = [_uuid(emulator, i) for i in ids]
    found = client.observations.get_many(uuids, fields=["species_guess"])
    assert [o.id for o in found] == ids
    (request,) = emulator.requests
    assert request.method == "POST"
    assert json.loads(request.body)["id"] == ",".join(uuids)


def test_the_post_form_is_a_read(emulator: Emulator) -> None:
    sel = _long_selection()
    # retried like a GET on a server error
    emulator.inject(Fault("status", method="POST", path="/v2/observations", status=503, times=2))
    with make_client(emulator) as client:
        assert len(client.observations.search().fields(sel).limit(2).all()) == 2
    assert [r.status for r in emulator.requests] == [503, 503, 200]
    emulator.clear_requests()
    # dry_run="writes" still sends it; dry_run=True does not
    with make_client(emulator, dry_run="writes") as client:
        assert len(client.observations.search().fields(sel).limit(2).all()) == 2
    with make_client(emulator, dry_run=True) as client:
        assert client.observations.search().fields(sel).limit(2).all() == []
    assert len(emulator.requests) == 1


def test_the_post_form_is_never_cached(emulator: Emulator) -> None:
    with make_client(emulator, cache="memory") as client:
        client.cache.clear()
        for _ in range(2):
            client.observations.search().fields("id").first()
            client.observations.search().fields(_long_selection()).first()
    methods = [r.method for r in emulator.requests]
    assert methods == ["GET", "POST", "POST"]  # the second GET came from the cache


# --- paging past 10,000 by id -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big() -> Iterator[Emulator]:
    with Emulator(observations=10_300, seed=11) as emu:
        yield emu


def test_a_v2_search_pages_past_the_window_by_id(big: Emulator) -> None:
    big = big.scoped("v2-window")  # a log of this test's own
    with make_client(big, api_version="v2") as client:
        query = client.observations.search().fields("quality_grade")
        assert query.uses_keyset
        seen = [o.id for o in query]
    assert len(seen) == 10_300 > 10_000
    assert seen == sorted(big.store.observation_ids(), reverse=True)
    requests_ = big.requests
    assert len(requests_) == 52
    assert all(r.path == "/v2/observations" and r.status == 200 for r in requests_)
    assert all("page" not in r.query for r in requests_)
    assert all(r.query["order_by"] == "id" for r in requests_)
    assert "id_below" in requests_[-1].query


def test_all_is_the_default_selection(emulator: Emulator) -> None:
    with make_client(emulator, api_version="v2") as v2:
        assert v2.observations.search().selection == ALL
        record = v2.observations.search().first()
    assert record is not None and record.taxon is not None and record.observed_on is not None


def test_species_counts_have_a_v2_twin(emulator: Emulator, client: iNatClient) -> None:
    v1 = client.observations.species_counts(place_id=6712).limit(5).all()
    v2 = client.observations.species_counts(place_id=6712).fields(taxon=["name"]).limit(5).all()
    assert [(c.count, c.taxon and c.taxon.name) for c in v2] == [
        (c.count, c.taxon and c.taxon.name) for c in v1
    ]
    assert all(c.taxon is not None and c.taxon.rank is None for c in v2)
    assert [r.path for r in emulator.requests] == [
        "/v1/observations/species_counts",
        "/v2/observations/species_counts",
    ]
