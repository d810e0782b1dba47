"""Reading identifications and their aggregates through ``client.identifications``, against
the emulator."""

from __future__ import annotations

import logging
from collections import Counter

import attrs
import pytest

from inatsdk import InvalidParameterError, NotFoundError, iNatClient
from inatsdk.endpoints import IDENTIFICATIONS_IDENTIFIERS
from inatsdk.models import (
    Identification,
    IdentificationCategoryCount,
    Observation,
    RecentTaxon,
    SpeciesCount,
    Taxon,
    User,
    UserCount,
)
from inatsdk.testing import Emulator


def test_search_yields_identifications_with_their_observations(client: iNatClient) -> None:
    found = client.identifications.search(taxon_id=3, category="supporting").limit(5).all()
    assert len(found) == 5
    for ident in found:
        assert isinstance(ident, Identification)
        assert ident.category == "supporting"
        assert isinstance(ident.taxon, Taxon) and ident.taxon.ancestor_ids
        assert 3 in ident.taxon.ancestor_ids
        assert isinstance(ident.user, User)
        assert isinstance(ident.observation, Observation)
        assert ident.created_at is not None and ident.created_at.tzinfo is not None


def test_iteration_pages_by_id_past_the_window(client: iNatClient, emulator: Emulator) -> None:
    ids = [i.id or 0 for i in client.identifications.search().page_size(200).limit(450)]
    assert len(ids) == len(set(ids)) == 450
    assert ids == sorted(ids, reverse=True)
    assert ids[0] == emulator.store.identifications_snapshot()[-1].id
    sent = [r.query for r in emulator.requests]
    assert [q.get("per_page") for q in sent] == ["200", "200", "50"]
    assert "id_below" not in sent[0] and sent[1]["id_below"] == str(ids[199])
    assert all(q["order_by"] == "id" and "page" not in q for q in sent)


def test_created_at_order_uses_page_numbers(client: iNatClient, emulator: Emulator) -> None:
    oldest = client.identifications.search().order_by("created_at", desc=False).limit(3).all()
    times = [i.created_at for i in oldest]
    assert times == sorted(t for t in times if t is not None)
    assert emulator.requests[0].query["page"] == "1"


def test_count_first_and_filters(client: iNatClient, emulator: Emulator) -> None:
    rows = emulator.store.identifications_snapshot()
    assert client.identifications.search().count() == len(rows)
    user = Counter(r.user_id for r in rows).most_common(1)[0][0]
    mine = client.identifications.search(user_id=user)
    assert mine.count() == sum(r.user_id == user for r in rows)
    first = mine.filter(own_observation=False).first()
    assert first is not None and first.user is not None and first.user.id == user
    assert first.own_observation is False


def test_get_and_get_many(client: iNatClient, emulator: Emulator) -> None:
    rows = emulator.store.identifications_snapshot()
    one = client.identifications.get(rows[5].id)
    assert one.id == rows[5].id
    assert one.observation is not None and one.observation.id == rows[5].observation_id
    with pytest.raises(NotFoundError):
        client.identifications.get(1)
    wanted = [r.id for r in rows[100:170]] + [1]
    emulator.clear_requests()
    many = client.identifications.get_many(wanted)
    assert [i.id for i in many] == wanted[:-1]  # the order asked, unknown ids left out
    assert len(emulator.requests) == 3  # 71 ids in batches of 30
    assert all(len(r.path.rsplit("/", 1)[-1].split(",")) <= 30 for r in emulator.requests)


def test_unknown_parameter_is_caught_before_sending(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="category"):
        client.identifications.search(categroy="improving")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError):
        client.identifications.search(category="bogus")  # type: ignore[arg-type]
    assert emulator.requests == []


def test_categories_are_one_whole_list(client: iNatClient, emulator: Emulator) -> None:
    cats = client.identifications.categories(taxon_id=3)
    found = cats.all()
    assert all(isinstance(c, IdentificationCategoryCount) for c in found)
    assert sum(c.count or 0 for c in found) == client.identifications.search(taxon_id=3).count()
    assert cats.count() == len(found)
    assert [c.category for c in cats[1:3]] == [c.category for c in found[1:3]]
    categories = [r for r in emulator.requests if r.path.endswith("/categories")]
    assert categories and all(
        "page" not in r.query and "per_page" not in r.query for r in categories
    )


def test_species_counts(client: iNatClient, emulator: Emulator) -> None:
    counts = client.identifications.species_counts(taxon_id=3, taxon_of="identification")
    top = counts.limit(3).all()
    assert all(isinstance(c, SpeciesCount) and isinstance(c.taxon, Taxon) for c in top)
    assert [c.count for c in top] == sorted((c.count or 0 for c in top), reverse=True)
    assert top[0].taxon is not None and top[0].taxon.id is not None
    assert top[0].count == client.identifications.search(taxon_id=top[0].taxon.id).count()
    emulator.clear_requests()
    assert len(counts.all()) == counts.count()
    assert emulator.requests[0].query["per_page"] == "500"


def test_identifiers_and_observers(client: iNatClient, emulator: Emulator) -> None:
    rows = emulator.store.identifications_snapshot()
    identifiers = client.identifications.identifiers(taxon_id=3).all()
    assert all(isinstance(u, UserCount) and isinstance(u.user, User) for u in identifiers)
    expected = Counter(r.user_id for r in rows if 3 in _ancestors(emulator, r.taxon_id))
    assert {u.user_id: u.count for u in identifiers} == dict(expected)
    observers = client.identifications.observers().limit(5).all()
    top = Counter(r.observation_user_id for r in rows).most_common(1)[0]
    assert (observers[0].user_id, observers[0].count) == top


def _ancestors(emulator: Emulator, taxon_id: int) -> tuple[int, ...]:
    ancestors: tuple[int, ...] = emulator.store.renderer.taxa[taxon_id].ancestor_ids
    return ancestors


def test_only_the_first_500_identifiers_can_be_asked_for(
    client: iNatClient, emulator: Emulator
) -> None:
    identifiers = client.identifications.identifiers()
    with pytest.raises(InvalidParameterError, match="first 500"):
        identifiers.limit(501)
    with pytest.raises(IndexError, match="first 500"):
        identifiers[500]
    with pytest.raises(IndexError, match="first 500"):
        identifiers[400:600]
    with pytest.raises(InvalidParameterError):
        client.identifications.observers().limit(1000)
    assert emulator.requests == []
    assert identifiers.limit(500).count() == identifiers.count() <= 500
    assert len(identifiers[10:]) == identifiers.count() - 10


def test_iteration_stops_at_the_reachable_rows_and_says_so(
    client: iNatClient, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    # The same mechanism with a cap the seeded world can exceed (it has 120 users): the row's
    # ``reachable`` is all the paginator reads.
    first_twenty = attrs.evolve(IDENTIFICATIONS_IDENTIFIERS, reachable=20)
    capped = client._requester.paginate(first_twenty, {}).page_size(8)
    with caplog.at_level(logging.WARNING, logger="inatsdk"):
        rows = capped.all()
    assert len(rows) == 20
    assert [r.query["page"] for r in emulator.requests] == ["1", "2", "3"]  # and no 4th
    assert any("only the first 20" in m for m in caplog.messages)
    assert capped.count() == 20
    with pytest.raises(InvalidParameterError):
        capped.limit(21)
    caplog.clear()
    assert len(capped.limit(5).all()) == 5
    assert caplog.messages == []


def test_recent_taxa(client: iNatClient) -> None:
    recent = client.identifications.recent_taxa(taxon_id=3).limit(5).all()
    assert recent and all(isinstance(r, RecentTaxon) for r in recent)
    for r in recent:
        assert isinstance(r.taxon, Taxon) and isinstance(r.identification, Identification)
        assert r.identification.id == r.identification_id
        assert r.taxon.ancestor_ids is not None and 3 in r.taxon.ancestor_ids
    firsts = [r.identification_id or 0 for r in recent]
    assert firsts == sorted(firsts, reverse=True)


def test_similar_species(client: iNatClient, emulator: Emulator) -> None:
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        client.identifications.similar_species()
    rows = emulator.store.identifications_snapshot()
    taxa = emulator.store.renderer.taxa
    species = Counter(
        r.observation_taxon_id
        for r in rows
        if r.observation_taxon_id is not None
        and taxa[r.taxon_id].rank == "genus"
        and taxa[r.observation_taxon_id].rank == "species"
    ).most_common(1)[0][0]
    similar = client.identifications.similar_species(taxon_id=species)
    found = similar.all()
    assert all(isinstance(s, SpeciesCount) for s in found)
    assert taxa[species].parent_id in {s.taxon.id for s in found if s.taxon is not None}
    assert similar.count() == len(found)
    sent = [r.query for r in emulator.requests]
    assert all("per_page" not in q and "page" not in q for q in sent)


def test_dry_run_sends_nothing(client: iNatClient, emulator: Emulator) -> None:
    assert client.identifications.search(taxon_id=3, dry_run=True).all() == []
    assert client.identifications.identifiers(dry_run=True).count() == 0
    assert client.identifications.get(12, dry_run=True).id == 12
    assert emulator.requests == []


def test_recent_taxa_revisited(client: iNatClient, emulator: Emulator) -> None:
    revisited = client.identifications.recent_taxa_revisited(taxon_id=3)
    found = revisited.all()
    assert found and all(isinstance(r, RecentTaxon) for r in found)
    assert all(r.taxon_id != 3 for r in found)
    assert revisited.count() == len(found)
    with pytest.raises(InvalidParameterError, match="taxon_id"):
        client.identifications.recent_taxa_revisited(taxon_idd=3)  # type: ignore[call-arg]
    assert emulator.requests[0].path == "/v1/identifications/recent_taxa_revisited"
