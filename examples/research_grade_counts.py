"""Count research-grade observations per iconic group, then stream the newest ones.

Streaming pages by id, so it works past the API's 10,000-result window.
"""

from __future__ import annotations

from collections import Counter

from _support import run

from inatsdk import iNatClient


def main(client: iNatClient) -> None:
    research = client.observations.search(quality_grade="research")
    print(f"{research.count():,} research-grade observations")

    groups: Counter[str] = Counter()
    for obs in research.limit(1_000):
        groups[(obs.taxon.iconic_taxon_name if obs.taxon else None) or "unknown"] += 1
    for name, n in groups.most_common():
        print(f"{name:<12} {n:>5}")


if __name__ == "__main__":
    run(main)
