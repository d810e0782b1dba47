"""Keep a local SQLite copy of a search current: the first run fetches everything, later runs
only what changed (and drop what was deleted). Run it twice: the second run costs a couple of
requests.

The mirror is a plain SQLite file (``observations``, ``taxa``, ``users``, ``photos`` tables);
``open_observations`` reads it back as ``Observation`` models.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from _support import run

from inatsdk import iNatClient
from inatsdk.sync import open_observations, sync_observations

TAXON_ID = 3  # birds
PLACE_ID = 6712  # Canada


def main(client: iNatClient) -> None:
    db = Path(tempfile.gettempdir()) / "inatsdk_birds_mirror.db"
    db.unlink(missing_ok=True)  # the example starts afresh; yours would keep the file
    for run_number in (1, 2):
        report = sync_observations(
            client, db, taxon_id=TAXON_ID, place_id=PLACE_ID, quality_grade="research"
        )
        print(
            f"run {run_number} ({report.mode}): {report.added:,} added, {report.updated:,} "
            f"updated, {report.deleted:,} deleted, {report.requests:,} requests; "
            f"{report.total:,} in {db}"
        )
    species = Counter(o.taxon.name for o in open_observations(db) if o.taxon and o.taxon.name)
    for name, count in species.most_common(5):
        print(f"{count:5,}  {name}")


if __name__ == "__main__":
    run(main)
