"""Download the photos of research-grade observations, within iNaturalist's media limits,
with their licenses and attribution written beside them (``attribution.csv``).

Run it again and nothing is fetched twice: files already there are skipped, and files the
media budget deferred are fetched once it has room.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _support import run

from inatsdk import iNatClient

TAXON_ID = 3  # birds


def main(client: iNatClient) -> None:
    folder = Path(tempfile.mkdtemp(prefix="inatsdk-photos-"))
    query = client.observations.search(taxon_id=TAXON_ID, quality_grade="research", photos=True)
    observations = query.limit(20).all()
    report = client.photos.download(observations, folder, size="small")
    print(report)
    again = client.photos.download(observations, folder, size="small")
    print(f"again: {len(again.skipped)} already there, {len(again.downloaded)} fetched")
    print(f"files and attribution.csv in {folder}")
    licenses: dict[str, int] = {}
    for photo in report.downloaded:
        key = photo.license_code or "all rights reserved"
        licenses[key] = licenses.get(key, 0) + 1
    for code, count in sorted(licenses.items(), key=lambda kv: -kv[1]):
        print(f"{count:4}  {code}")


if __name__ == "__main__":
    run(main)
