"""Rich and HTML rendering of models: tables of records, a record's attributes, and taxonomy
trees. Used by models' ``__rich__`` / ``_repr_html_`` and by the ``inat`` command.

Nothing here sends a request: it renders what the models already hold.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

import attrs

if TYPE_CHECKING:
    from rich.table import Table
    from rich.tree import Tree

    from inatsdk.models import BaseModel, Observation, Taxon

__all__ = [
    "model_html",
    "model_table",
    "observations_table",
    "taxa_table",
    "taxonomy_tree",
]


def _plain(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, list):
        return f"[{len(cast('list[object]', value))} items]"
    text = str(value) if not hasattr(value, "_repr_fields") else repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _attributes(model: BaseModel) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for field in attrs.fields(type(model)):
        if field.name.startswith("_"):
            continue
        value = getattr(model, field.name)
        if value is not None:
            rows.append((field.name, _plain(value)))
    return rows


def model_table(model: BaseModel) -> Table:
    """A two-column table of a record's attributes that are set."""
    from rich.table import Table

    table = Table(title=repr(model), show_header=False, title_justify="left")
    table.add_column("attribute", style="bold cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in _attributes(model):
        table.add_row(name, value)
    return table


def model_html(model: BaseModel) -> str:
    """An HTML table of a record's attributes that are set (for Jupyter)."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
        f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
        for name, value in _attributes(model)
    )
    return f"<table><caption>{html.escape(repr(model))}</caption>{rows}</table>"


def taxa_table(taxa: Iterable[Taxon], *, title: str | None = None) -> Table:
    """A table of taxa: id, rank, scientific and common name, observation count."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("id", justify="right")
    table.add_column("rank")
    table.add_column("name", style="italic")
    table.add_column("common name")
    table.add_column("observations", justify="right")
    for t in taxa:
        count = t.observations_count
        table.add_row(
            "" if t.id is None else str(t.id),
            t.rank or "",
            t.name or "",
            t.preferred_common_name or "",
            "" if count is None else f"{count:,}",
        )
    return table


def observations_table(observations: Iterable[Observation], *, title: str | None = None) -> Table:
    """A table of observations: id, date, taxon, observer, place and quality grade."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("id", justify="right")
    table.add_column("observed on")
    table.add_column("taxon", style="italic")
    table.add_column("observer")
    table.add_column("place")
    table.add_column("grade")
    for o in observations:
        taxon = o.taxon.name if o.taxon and o.taxon.name else o.species_guess or ""
        table.add_row(
            "" if o.id is None else str(o.id),
            o.observed_on.isoformat() if o.observed_on else "",
            taxon,
            o.user.login or "" if o.user else "",
            o.place_guess or "",
            o.quality_grade or "",
        )
    return table


def _label(taxon: Taxon) -> str:
    name = taxon.name or "?"
    if taxon.rank in ("genus", "species", "subspecies", "variety", "form", "hybrid"):
        name = f"[italic]{name}[/italic]"
    common = f" ({taxon.preferred_common_name})" if taxon.preferred_common_name else ""
    return f"[dim]{taxon.rank or ''}[/dim] {name}{common}"


def taxonomy_tree(taxa: Sequence[Taxon], *, title: str = "Life") -> Tree:
    """A tree of taxa, each under its parent, built from what the records carry.

    Every taxon's ``ancestors`` (when present) fill in the levels between the root and it; a
    taxon whose parent is not known hangs from the root. Children are sorted by name.
    """
    from rich.tree import Tree

    known: dict[int, Taxon] = {}
    parent_of: dict[int, int | None] = {}
    for taxon in taxa:
        chain = [*(taxon.ancestors or []), taxon]
        previous: int | None = None
        for node in chain:
            if node.id is None:
                continue
            known.setdefault(node.id, node)
            if node.id not in parent_of or parent_of[node.id] is None:
                parent_of[node.id] = previous if previous is not None else node.parent_id
            previous = node.id
    children: dict[int | None, list[int]] = {}
    for taxon_id, parent in parent_of.items():
        children.setdefault(parent if parent in known else None, []).append(taxon_id)

    root = Tree(f"[bold]{title}[/bold]")

    def grow(branch: Tree, parent: int | None) -> None:
        for child in sorted(children.get(parent, []), key=lambda i: known[i].name or ""):
            if child == parent:
                continue
            grow(branch.add(_label(known[child])), child)

    grow(root, None)
    return root
