"""A taxon's top observers and identifiers.

The API serves only the first 500 rows of these leaderboards; the paginator stops there.
"""

from __future__ import annotations

from _support import run

from inatsdk import iNatClient

TAXON_ID = 47126  # plants


def main(client: iNatClient) -> None:
    taxon = client.taxa.get(TAXON_ID)
    print(f"Top observers of {taxon.name} ({taxon.preferred_common_name})")
    for rank, row in enumerate(client.observations.observers(taxon_id=TAXON_ID).limit(10), 1):
        login = row.user.login if row.user else row.user_id
        print(
            f"{rank:>3}. {login:<24} {row.observation_count or 0:>5} obs  "
            f"{row.species_count or 0:>4} species"
        )
    print("\nTop identifiers")
    for rank, row in enumerate(client.observations.identifiers(taxon_id=TAXON_ID).limit(5), 1):
        login = row.user.login if row.user else row.user_id
        print(f"{rank:>3}. {login:<24} {row.count or 0:>5} identifications")


if __name__ == "__main__":
    run(main)
