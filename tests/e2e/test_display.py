"""Rendering models in a terminal and in Jupyter, without sending requests."""

from __future__ import annotations

from rich.console import Console

from inatsdk import iNatClient
from inatsdk.display import observations_table, taxa_table, taxonomy_tree
from inatsdk.testing import Emulator


def _render(renderable: object) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_models_render_without_requests(client: iNatClient, emulator: Emulator) -> None:
    obs = client.observations.search().first()
    assert obs is not None
    sent = len(emulator.requests)
    text = _render(obs)
    assert str(obs.id) in text and "quality grade" in text
    assert "Observation(" not in text and "Taxon(" not in text  # labels, not reprs
    page = obs._repr_html_()
    assert page.startswith("<div") and "quality_grade" in page and "<details>" in page
    assert "<script" not in page
    assert len(emulator.requests) == sent


def test_tables_of_taxa_and_observations(client: iNatClient) -> None:
    taxa = client.taxa.search(rank="species").limit(5).all()
    text = _render(taxa_table(taxa, title="species"))
    assert all((t.name or "") in text for t in taxa)
    observations = client.observations.search().limit(5).all()
    text = _render(observations_table(observations))
    assert all(str(o.id) in text for o in observations)


def test_taxonomy_tree_nests_each_taxon_under_its_ancestors(client: iNatClient) -> None:
    species = client.taxa.search(rank="species").limit(3).all()
    full = client.taxa.get_many([t.id for t in species if t.id is not None])
    text = _render(taxonomy_tree(full))
    lines = text.splitlines()
    for taxon in full:
        assert taxon.ancestors, "get_many returns ancestors"
        kingdom = next(a for a in taxon.ancestors if a.rank == "kingdom")
        row_kingdom = next(i for i, line in enumerate(lines) if f" {kingdom.name}" in line)
        row_species = next(i for i, line in enumerate(lines) if f" {taxon.name}" in line)
        assert row_kingdom < row_species
        indent = len(lines[row_species]) - len(lines[row_species].lstrip(" │├└─"))
        assert indent > len(lines[row_kingdom]) - len(lines[row_kingdom].lstrip(" │├└─"))
