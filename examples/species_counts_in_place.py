"""The most observed species in a place, research grade only.

6712 is Canada on iNaturalist (and in the emulator's world).
"""

from __future__ import annotations

from _support import run

from inatsdk import iNatClient

PLACE_ID = 6712


def main(client: iNatClient) -> None:
    place = client.places.get(PLACE_ID)
    counts = client.observations.species_counts(place_id=PLACE_ID, quality_grade="research")
    print(f"{counts.count():,} species observed in {place.display_name or place.name}")
    for row in counts.limit(10):
        taxon = row.taxon
        name = taxon.name if taxon else "?"
        common = taxon.preferred_common_name if taxon and taxon.preferred_common_name else ""
        print(f"{row.count:>5}  {name:<32} {common}")


if __name__ == "__main__":
    run(main)
