# pyright: reportUnnecessaryTypeIgnoreComment=true
"""Typed chaining, checked statically: mypy and pyright read this file in CI; pytest imports it.

Each line ending in ``# type: ignore[<code>]`` holds a mistake both type checkers must report.
mypy --strict fails on an ignore that is not needed (``warn_unused_ignores``), and so does pyright:
it honours ``# type: ignore`` comments and, through the comment on this file's first line
(``reportUnnecessaryTypeIgnoreComment``), reports those that silence nothing. A
``# pyright: ignore[<rule>]`` beside them would itself be reported as unnecessary (the
``# type: ignore`` already silences pyright), so the exact pyright rules are checked by
``tests/unit/test_typed_paginators.py``, which runs both tools on the issue's two lines without
any comment. ``assert_type`` lines fail both tools when a refinement loses the paginator's class.

The functions are never called: nothing here runs but the test at the bottom.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import assert_type

if TYPE_CHECKING:
    from inatsdk import iNatClient
    from inatsdk.models import Message, Observation, Project, Taxon
    from inatsdk.params.paginators import (
        MessagesSearchPaginator,
        ObservationsSearchPaginator,
        ProjectsSearchPaginator,
        TaxaIconicPaginator,
        TaxaSearchPaginator,
    )


def _observations(observations: ObservationsSearchPaginator[Observation]) -> None:
    # The examples: a misspelt keyword (place_id) and a misspelt sort field.
    observations.filter(placeid=1)  # type: ignore[call-arg]
    observations.order_by("observed_onn")  # type: ignore[arg-type]
    # A wrong type, and the parameters the paginator manages.
    observations.filter(place_id="Sweden")  # type: ignore[arg-type]
    observations.filter(per_page=50)  # type: ignore[call-arg]
    observations.filter(page=2)  # type: ignore[call-arg]
    # What is right keeps the class, so a chain stays checked.
    assert_type(observations.filter(place_id=1), ObservationsSearchPaginator[Observation])
    assert_type(
        observations.filter(quality_grade="research").order_by("observed_on", desc=False),
        ObservationsSearchPaginator[Observation],
    )
    assert_type(
        observations.filter(order_by="id", order="asc"), ObservationsSearchPaginator[Observation]
    )
    observations.order_by("id").filter(placeid=1)  # type: ignore[call-arg]
    # limit(), page_size() and fields() keep the class too (the base returns Self).
    observations.limit(10).filter(placeid=1)  # type: ignore[call-arg]
    assert_type(
        observations.page_size(50).limit(10).fields("quality_grade"),
        ObservationsSearchPaginator[Observation],
    )


def _taxa(taxa: TaxaSearchPaginator[Taxon]) -> None:
    assert_type(taxa.filter(rank="species"), TaxaSearchPaginator[Taxon])
    assert_type(taxa.order_by("observations_count"), TaxaSearchPaginator[Taxon])
    taxa.filter(rank="specie")  # type: ignore[arg-type]
    taxa.order_by("observed_on")  # type: ignore[arg-type]
    taxa.filter(per_page=500)  # type: ignore[call-arg]


def _one_direction(projects: ProjectsSearchPaginator[Project]) -> None:
    # GET /v1/projects takes order_by but no order: it sorts one way only.
    assert_type(projects.order_by("created"), ProjectsSearchPaginator[Project])
    projects.order_by("created", desc=False)  # type: ignore[arg-type]


def _unsorted(
    messages: MessagesSearchPaginator[Message], iconic: TaxaIconicPaginator[Taxon]
) -> None:
    # GET /v1/messages has no order_by parameter: any sort field is an error.
    messages.order_by("id")  # type: ignore[arg-type]
    messages.filter(page=2)  # type: ignore[call-arg]
    # GET /v1/taxa/iconic takes no parameters at all.
    iconic.filter(q="Aves")  # type: ignore[call-arg]
    assert_type(iconic.filter(), TaxaIconicPaginator[Taxon])


def _search_methods(client: iNatClient) -> None:
    # The search methods take the same TypedDicts, so page/per_page are refused there too.
    client.observations.search(per_page=50)  # type: ignore[call-arg]
    client.taxa.search(q="warbler", page=2)  # type: ignore[call-arg]
    client.taxa.search(q="warbler", order_by="id")  # sorting stays a keyword of the search


def test_pyright_reports_unneeded_ignores_in_this_file() -> None:
    """The first line switches on what makes every ``# type: ignore`` above a check."""
    first = Path(__file__).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# pyright: reportUnnecessaryTypeIgnoreComment=true"
