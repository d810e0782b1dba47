"""Find species by name and show their place in the tree of life.

python examples/search_taxa.py            # offline, against the emulator
python examples/search_taxa.py --live     # against api.inaturalist.org
"""

from __future__ import annotations

from _support import run

from inatsdk import iNatClient


def main(client: iNatClient) -> None:
    species = client.taxa.search(q="a", rank="species", is_active=True)
    print(f"{species.count():,} active species match")
    for taxon in species.limit(5):
        common = taxon.preferred_common_name or "-"
        print(f"{taxon.id:>8}  {taxon.name:<32} {common}")

    best = client.taxa.autocomplete(q="Quer").first()
    if best is not None and best.id is not None:
        full = client.taxa.get(best.id)  # the full record, with ancestors
        lineage = " > ".join(a.name or "?" for a in full.ancestors or [])
        print(f"\n{full.name}: {lineage}")


if __name__ == "__main__":
    run(main)
