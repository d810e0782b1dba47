"""Relations and conveniences end to end: prefetch, refresh, rank shortcuts, taxa.lookup,
annotations by label, locale defaults and asyncio over paginators."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import pytest

from inatsdk import Credentials, iNatClient
from inatsdk.errors import (
    AmbiguousNameError,
    InvalidParameterError,
    MissingAncestorsError,
    NotFoundError,
)
from inatsdk.models import Message, Observation, Taxon, User
from inatsdk.testing import Emulator
from tests.e2e.conftest import make_client
from tests.e2e.test_writes_social import _animal_observation


def _paths(emulator: Emulator, prefix: str) -> list[str]:
    return [r.path for r in emulator.requests if r.path.startswith(prefix)]


def test_prefetch_taxa_of_1000_observations_in_full_batches(
    client: iNatClient, emulator: Emulator
) -> None:
    query = client.observations.search().limit(1_000).prefetch("taxon")
    assert emulator.requests == []  # lazy: nothing sent, and repr() sends nothing either
    assert "prefetch=taxon" in repr(query)
    observations = query.all()
    assert len(observations) == 1_000
    distinct = {o.taxon.id for o in observations if o.taxon is not None}
    lookups = _paths(emulator, "/v1/taxa/")
    assert len(lookups) <= math.ceil(len(distinct) / 30)
    asked = [int(i) for path in lookups for i in path.removeprefix("/v1/taxa/").split(",")]
    assert len(asked) == len(set(asked)) == len(distinct)  # each id once
    assert all(len(p.split(",")) <= 30 for p in lookups)
    assert len(_paths(emulator, "/v1/observations")) == 5
    for o in observations:
        assert o.taxon is None or o.taxon.ancestors is not None
        assert o.changes() == {}  # a filled relation is not a change to save
    first_id = observations[0].taxon.id if observations[0].taxon else None
    same = [o.taxon for o in observations if o.taxon and o.taxon.id == first_id]
    assert all(t is same[0] for t in same)  # one Taxon per id


def test_prefetch_users_one_per_request_and_first(client: iNatClient, emulator: Emulator) -> None:
    first = client.observations.search().prefetch("user", "taxon").first()
    assert first is not None and first.user is not None
    assert first.user.created_at is not None  # the full profile
    assert len(_paths(emulator, "/v1/users/")) == 1
    with pytest.raises(InvalidParameterError, match="did you mean 'taxon'"):
        client.observations.search().prefetch("taxn")


def test_rank_shortcuts(client: iNatClient) -> None:
    slim = client.observations.search(rank="species").first()
    assert slim is not None and slim.taxon is not None
    with pytest.raises(MissingAncestorsError, match=r'prefetch\("taxon"\)'):
        _ = slim.taxon.family
    full = client.observations.search(rank="species").prefetch("taxon").first()
    assert full is not None and full.taxon is not None
    taxon = full.taxon
    assert taxon.species is taxon
    for rank, shortcut in (
        ("kingdom", taxon.kingdom),
        ("phylum", taxon.phylum),
        ("class", taxon.class_),
        ("order", taxon.order),
        ("family", taxon.family),
        ("genus", taxon.genus),
    ):
        assert shortcut is not None and shortcut.rank == rank
        assert shortcut.id in (taxon.ancestor_ids or [])
    assert taxon.ancestor("genus") is taxon.genus
    kingdom = taxon.kingdom
    assert kingdom is not None and kingdom.ancestor("family") is None
    with pytest.raises(InvalidParameterError, match="did you mean 'family'"):
        taxon.ancestor("famly")


def test_refresh_reloads_in_place_with_one_request(client: iNatClient, emulator: Emulator) -> None:
    taxon = client.taxa.search(rank="species").first()
    assert taxon is not None and taxon.ancestors is None
    emulator.clear_requests()
    same = client.taxa.refresh(taxon)
    assert same is taxon
    assert same.ancestors and same.genus is not None
    assert len(emulator.requests) == 1
    obs = client.observations.search().first()
    assert obs is not None
    obs.description = "changed locally"
    emulator.clear_requests()
    client.observations.refresh(obs)
    description: object = obs.description
    assert description != "changed locally"
    assert obs.changes() == {}
    assert len(emulator.requests) == 1
    user = obs.user
    assert user is not None
    client.users.refresh(user)
    assert user.created_at is not None
    with pytest.raises(InvalidParameterError, match="no id"):
        client.taxa.refresh(Taxon(name="draft"))
    dry = client.with_options(dry_run=True)
    before = len(emulator.requests)
    assert dry.taxa.refresh(taxon) is taxon and len(emulator.requests) == before


def test_refresh_a_message_thread(emulator: Emulator) -> None:
    ids = emulator.store.user_ids()
    alice, bob = ids[3], ids[4]
    with (
        make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(alice))) as a,
        make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(bob))) as b,
    ):
        sent = a.messages.create(Message(to_user=User(id=bob), subject="Heron", body="Look"))
        thread = a.messages.get(sent.id or 0)
        assert len(thread.messages) == 1
        received = b.messages.search().first()
        assert received is not None
        b.messages.reply(received, "Where?")
        emulator.clear_requests()
        assert a.messages.refresh(thread) is thread
        assert [m.body for m in thread.messages] == ["Look", "Where?"]
        assert len(emulator.requests) == 1


def test_lookup_by_scientific_and_common_name(client: iNatClient, emulator: Emulator) -> None:
    some = client.taxa.search(rank="species").order_by("id").limit(50).all()
    named = next(t for t in some if t.preferred_common_name)
    assert named.name is not None and named.preferred_common_name is not None
    assert client.taxa.lookup(named.name).id == named.id
    assert client.taxa.lookup(named.preferred_common_name.upper()).id == named.id
    with pytest.raises(NotFoundError, match="named exactly"):
        client.taxa.lookup("Nonexistentia imaginaria")
    with pytest.raises(InvalidParameterError):
        client.taxa.lookup("  ")


def test_lookup_of_a_shared_name_lists_the_candidates(
    client: iNatClient, emulator: Emulator
) -> None:
    by_name: dict[str, list[Any]] = {}
    for t in client.taxa.search(is_active=True).order_by("id").limit(2_000):
        if t.preferred_common_name:
            by_name.setdefault(t.preferred_common_name.casefold(), []).append(t)
    shared = next((name for name, taxa in by_name.items() if len(taxa) > 1), None)
    if shared is None:
        pytest.skip("the seeded taxonomy has no shared common name")
    with pytest.raises(AmbiguousNameError) as caught:
        client.taxa.lookup(shared)
    assert len(caught.value.candidates) >= 2


def test_annotation_by_label(emulator: Emulator) -> None:
    observation = _animal_observation(emulator)
    author = next(u for u in emulator.store.user_ids() if u != observation["user"]["id"])
    token = Credentials(api_token=emulator.issue_jwt(author))
    with make_client(emulator, credentials=token) as client:
        created = client.annotations.create(
            Observation(id=observation["id"]), term="alive or dead", value="Alive"
        )
        assert (created.controlled_attribute_id, created.controlled_value_id) == (17, 18)
        second = client.annotations.create(observation["id"], term=17, value="dead", dry_run=True)
        assert second.controlled_value_id == 19
        terms_requests = _paths(emulator, "/v1/controlled_terms")
        assert len(terms_requests) == 1  # the vocabulary is fetched once
        sent = len(emulator.requests)
        with pytest.raises(InvalidParameterError, match="'Alive'"):
            client.annotations.create(observation["id"], term="Alive or Dead", value="Maybe")
        with pytest.raises(InvalidParameterError, match="no controlled attribute"):
            client.annotations.create(observation["id"], term="Colour", value="Red")
        assert len(emulator.requests) == sent


def test_locale_and_preferred_place_apply_where_taken(emulator: Emulator) -> None:
    with make_client(emulator, locale="fr", preferred_place_id=6712) as client:
        client.taxa.search(q="a").first()
        client.observations.search().first()
        client.controlled_terms.all().first()
        client.taxa.search(q="a", locale="de").first()
    by_path = [(r.path, r.query) for r in emulator.requests]
    taxa = [q for p, q in by_path if p == "/v1/taxa"]
    assert taxa[0]["locale"] == "fr" and taxa[0]["preferred_place_id"] == "6712"
    assert taxa[1]["locale"] == "de"  # a call's own value wins
    observations = next(q for p, q in by_path if p == "/v1/observations")
    assert observations["locale"] == "fr"
    terms = next(q for p, q in by_path if p == "/v1/controlled_terms")
    assert "locale" not in terms  # the operation does not take it
    assert all(r.status == 200 for r in emulator.requests)
    with pytest.raises(InvalidParameterError, match="locale"):
        make_client(emulator, locale="not a locale!")
    with pytest.raises(InvalidParameterError, match="preferred_place_id"):
        make_client(emulator, preferred_place_id=0)


def test_async_iteration_count_first_all(client: iNatClient) -> None:
    query = client.observations.search().limit(450)

    async def run() -> tuple[list[int], int, int | None, int, list[int]]:
        seen = [o.id or 0 async for o in query]
        count, first, everything = await asyncio.gather(
            query.acount(), query.afirst(), query.aall()
        )
        # Several paginators over one client at once: the client is thread-safe.
        both = await asyncio.gather(*(q.aall() for q in (query.limit(100), query.limit(120))))
        return seen, count, first.id if first else None, len(everything), [len(b) for b in both]

    seen, count, first, total, sizes = asyncio.run(run())
    assert seen == [o.id for o in query]
    assert count == 450 and first == seen[0] and total == 450
    assert sizes == [100, 120]
