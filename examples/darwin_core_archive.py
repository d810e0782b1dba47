"""Export research-grade bird observations as a Darwin Core Archive, the format GBIF reads,
then read it back.

``prefetch("taxon")`` fills each taxon's ancestors (30 taxa a request), so the archive's
kingdom..genus columns are filled; photos go to the multimedia extension.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from _support import run

from inatsdk import iNatClient
from inatsdk.export import read, write_dwca

TAXON_ID = 3  # birds


def main(client: iNatClient) -> None:
    query = client.observations.search(taxon_id=TAXON_ID, quality_grade="research")
    target = Path(tempfile.gettempdir()) / "research_grade_birds.zip"
    written = write_dwca(query.prefetch("taxon").limit(500), target, title="Research-grade birds")
    print(f"{written:,} occurrences written to {target}")
    with zipfile.ZipFile(target) as archive:
        print("files:", ", ".join(sorted(archive.namelist())))
    families: dict[str, int] = {}
    for obs in read(target):
        family = obs.taxon.family if obs.taxon is not None else None
        if family is not None and family.name:
            families[family.name] = families.get(family.name, 0) + 1
    for name, count in sorted(families.items(), key=lambda item: -item[1])[:5]:
        print(f"{count:5} {name}")


if __name__ == "__main__":
    run(main)
