# pyright: reportUnnecessaryTypeIgnoreComment=true
"""v2 signatures, checked statically: mypy and pyright read this file in CI; pytest imports it.

A misspelt field name in a ``fields=`` selection is a type error (each method takes the field
names of its resource, ``Selection[SavedLocationFieldName]``...), and so is an unknown key in a
v2 body or query. Lines ending in ``# type: ignore[<code>]`` hold mistakes both type checkers
must report (an unneeded ignore fails both). The functions are never called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import assert_type

if TYPE_CHECKING:
    from inatsdk import iNatClient
    from inatsdk.models import Place, Relationship, SavedLocation
    from inatsdk.params.paginators import (
        PlacesSearchPaginatorV2,
        RelationshipsSearchPaginatorV2,
        SavedLocationsSearchPaginatorV2,
    )


def typed_selections(client: iNatClient) -> None:
    found = client.saved_locations.search(fields=["title", "latitude"])
    assert_type(found, SavedLocationsSearchPaginatorV2[SavedLocation])
    client.saved_locations.search(fields=["titel"])  # type: ignore[list-item]
    client.relationships.search(fields="all")
    client.relationships.search(fields="everything")  # type: ignore[arg-type]
    assert_type(client.relationships.search(), RelationshipsSearchPaginatorV2[Relationship])


def typed_parameters(client: iNatClient) -> None:
    client.places.search(q="park")
    client.places.search(qq="park")  # type: ignore[call-arg]
    client.observations.set_quality_metric_v2("6444ede0-9831-47bd-8c3b-ee32e08cbfe4", "wildd")  # type: ignore[arg-type]


def typed_v2_paginators(client: iNatClient) -> None:
    # every v2 listing returns its typed paginator: filter() takes the v2 TypedDict (no page,
    # per_page or fields) and order_by() the spec's order_by values
    places = client.places.search(q="park")
    assert_type(places, PlacesSearchPaginatorV2[Place])
    assert_type(places.filter(q="lake").order_by("area"), PlacesSearchPaginatorV2[Place])
    places.filter(qq="lake")  # type: ignore[call-arg]
    places.filter(per_page=5)  # type: ignore[call-arg]
    places.order_by("name")  # type: ignore[arg-type]
    client.saved_locations.search().filter(q="home")
    client.saved_locations.search().filter(title="home")  # type: ignore[call-arg]
    client.relationships.search().order_by("users.login", desc=False)
    client.relationships.search().order_by("users.name")  # type: ignore[arg-type]
    client.users.search(orcid="0000-0002-1825-0097").filter(following="kueda")
    client.users.search(orcid="0000-0002-1825-0097").filter(folowing="kueda")  # type: ignore[call-arg]
    client.observations.quality_grades_v2().filter(taxon_id=3)  # type: ignore[call-arg]
    client.announcements.search().order_by("id")  # type: ignore[arg-type]


def test_the_module_imports() -> None:
    assert typed_selections.__doc__ is None
