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
    from inatsdk.models import Relationship, SavedLocation
    from inatsdk.paginator import Paginator


def typed_selections(client: iNatClient) -> None:
    found = client.saved_locations.search(fields=["title", "latitude"])
    assert_type(found, Paginator[SavedLocation])
    client.saved_locations.search(fields=["titel"])  # type: ignore[list-item]
    client.relationships.search(fields="all")
    client.relationships.search(fields="everything")  # type: ignore[arg-type]
    assert_type(client.relationships.search(), Paginator[Relationship])


def typed_parameters(client: iNatClient) -> None:
    client.places.search(q="park")
    client.places.search(qq="park")  # type: ignore[call-arg]
    client.observations.set_quality_metric_v2("6444ede0-9831-47bd-8c3b-ee32e08cbfe4", "wildd")  # type: ignore[arg-type]


def test_the_module_imports() -> None:
    assert typed_selections.__doc__ is None
