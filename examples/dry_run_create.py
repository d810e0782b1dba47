"""Rehearse a write with dry-run: the request is logged, nothing is sent.

Set ``DRY_RUN_WRITE_ONLY=true`` in the environment to do the same for a whole program.
"""

from __future__ import annotations

import logging

from _support import run

from inatsdk import iNatClient
from inatsdk.models import Coordinates, Observation


def main(client: iNatClient) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rehearsal = client.with_options(dry_run="writes")
    draft = Observation(
        species_guess="Common raven",
        description="Two birds calling over the ridge",
        location=Coordinates(latitude=46.52, longitude=6.63),
    )
    result = rehearsal.observations.create(draft)
    print(f"would create: {result!r} (nothing was sent)")


if __name__ == "__main__":
    run(main)
