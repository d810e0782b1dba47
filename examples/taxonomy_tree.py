"""Draw the branch of the tree of life that holds a handful of species."""

from __future__ import annotations

from _support import run
from rich.console import Console

from inatsdk import iNatClient
from inatsdk.display import taxonomy_tree


def main(client: iNatClient) -> None:
    species = client.taxa.search(rank="species", is_active=True).limit(8).all()
    # get_many returns full records, each with its ancestors.
    full = client.taxa.get_many([t.id for t in species if t.id is not None])
    Console().print(taxonomy_tree(full, title="Life"))


if __name__ == "__main__":
    run(main)
