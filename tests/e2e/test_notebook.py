"""The notebook in ``docs/`` runs (nbclient, a real kernel) and shows each display as HTML:
an observation card, tables of lists and pages, a histogram chart, a life-list tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.ipynb"
REPR = re.compile(r"\b[A-Z][A-Za-z]+\([a-z_]+=")


def test_the_notebook_runs_and_renders_every_display() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    html: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            page = output.get("data", {}).get("text/html")
            if page:
                html.append(page)
    card, observations, taxa_page, species, histogram, life, tree, terminal = html
    assert "<img src='http://127.0.0.1:" in card and "<details>" in card
    assert "Red-winged Blackbird" in card or "<span>(" in card  # a taxon with its common name
    assert "&lt;" not in card  # no escaped markup shown as text
    assert observations.startswith("<table>") and observations.count("<tr>") == 9
    assert taxa_page.startswith("<table>") and "<th>common name</th>" in taxa_page
    assert species.startswith("<table>") and "<th>count</th>" in species
    assert "observations by month of year" in histogram and histogram.count("<tr>") == 13
    assert life.startswith("<div>life list:") and "<details open>" in life
    assert "Life" in tree and "├──" in tree
    assert "10010097" in terminal or "observed" in terminal
    for page in html:
        assert not REPR.search(page), page[:200]
