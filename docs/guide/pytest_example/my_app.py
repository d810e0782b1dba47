"""A tiny application to test: the share of a taxon's observations that are research grade."""

from __future__ import annotations

from inatsdk import iNatClient


def research_share(client: iNatClient, taxon_id: int) -> float:
    """Research-grade observations of ``taxon_id`` as a share of all of them (0 when none)."""
    everything = client.observations.search(taxon_id=taxon_id)
    total = everything.count()
    if total == 0:
        return 0.0
    return everything.filter(quality_grade="research").count() / total
