"""Export research-grade observations of a taxon to GeoJSON, ready for QGIS or geojson.io.

Obscured observations (a point moved inside a ~20 km cell to protect a rare species or the
observer's privacy) are flagged with ``coordinates_obscured`` so a map can show them apart.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _support import run

from inatsdk import iNatClient
from inatsdk.export import write_geojson

TAXON_ID = 3  # birds


def main(client: iNatClient) -> None:
    query = client.observations.search(taxon_id=TAXON_ID, quality_grade="research")
    target = Path(tempfile.gettempdir()) / "research_grade_birds.geojson"
    written = write_geojson(query.limit(2_000), target)
    print(f"{written:,} observations written to {target}")


if __name__ == "__main__":
    run(main)
