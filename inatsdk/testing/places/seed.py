"""Places as the places API serves them: the seeded places (:data:`inatsdk.testing.seed.PLACES`)
with slugs, UUIDs, place types and geometries, plus community places (parks users drew).

Geometries are the places' bounding boxes (a one-ring ``MultiPolygon``), so "contains" and
"intersects" are box tests. The names of the community places are real parks; their boxes are
rough and the ids are the emulator's own. Built once per world, on first use.
"""

from __future__ import annotations

import functools
import math
import unicodedata
import uuid

import attrs

from inatsdk.testing.records import JSON
from inatsdk.testing.seed import World

__all__ = ["COMMUNITY_PLACES", "PlaceCatalog", "PlaceDetail", "place_catalog"]

#: ``place_type`` by admin level, as iNaturalist numbers them (29 continent, 12 country, 8 state).
_PLACE_TYPES = {-10: 29, 0: 12, 10: 8, 20: 9, 30: 7, 100: 100}

#: Short codes used in community places' display names.
_CODES = {
    1: "US",
    6712: "CA",
    6793: "MX",
    14: "CA",
    18: "TX",
    48: "NY",
    2: "MA",
    46: "WA",
    6883: "ON",
    7085: "BC",
    6857: "GB",
    6753: "FR",
    7207: "DE",
    6744: "AU",
    6803: "NZ",
}

# (id, name, parent place id, (swlat, swlng, nelat, nelng))
# fmt: off
COMMUNITY_PLACES: tuple[tuple[int, str, int, tuple[float, float, float, float]], ...] = (
    (200001, "Golden Gate Park", 14, (37.7650, -122.5110, 37.7740, -122.4530)),
    (200002, "Yosemite National Park", 14, (37.4900, -119.8900, 38.1900, -119.2000)),
    (200003, "San Francisco Bay Area", 14, (37.0000, -123.0000, 38.5000, -121.5000)),
    (200004, "Central Park", 48, (40.7640, -73.9820, 40.8000, -73.9490)),
    (200005, "Big Bend National Park", 18, (28.9700, -103.6200, 29.5800, -102.8700)),
    (200006, "Mount Rainier National Park", 46, (46.7300, -121.9300, 47.0000, -121.4500)),
    (200007, "Boston Common", 2, (42.3530, -71.0700, 42.3570, -71.0620)),
    (200008, "Point Pelee National Park", 6883, (41.9000, -82.5400, 42.0000, -82.4500)),
    (200009, "Stanley Park", 7085, (49.2900, -123.1600, 49.3150, -123.1200)),
    (200010, "Parque Nacional Desierto de los Leones", 6793, (19.2700, -99.3300, 19.3200, -99.2800)),
    (200011, "Hyde Park", 6857, (51.5020, -0.1910, 51.5130, -0.1510)),
    (200012, "Bois de Boulogne", 6753, (48.8450, 2.2100, 48.8820, 2.2700)),
    (200013, "Großer Tiergarten", 7207, (52.5090, 13.3300, 52.5200, 13.3700)),
    (200014, "Royal National Park", 6744, (-34.2100, 151.0200, -34.0500, 151.1600)),
    (200015, "Abel Tasman National Park", 6803, (-41.0000, 172.8400, -40.7800, 173.0500)),
    (200016, "Joshua Tree National Park", 14, (33.6700, -116.4600, 34.1300, -115.2600)),
    (200017, "Redwood National Park", 14, (41.1000, -124.2000, 41.8000, -123.9000)),
    (200018, "Point Reyes National Seashore", 14, (37.9000, -123.0500, 38.2500, -122.7500)),
    (200019, "Guadalupe Mountains National Park", 18, (31.8000, -104.9500, 32.0500, -104.7000)),
    (200020, "Olympic National Park", 46, (47.4500, -124.7000, 48.2000, -123.1000)),
    (200021, "North Cascades National Park", 46, (48.3500, -121.6000, 48.9500, -120.9000)),
    (200022, "Adirondack Park", 48, (43.0000, -75.4000, 44.9000, -73.3000)),
    (200023, "Prospect Park", 48, (40.6500, -73.9800, 40.6750, -73.9600)),
    (200024, "Cape Cod National Seashore", 2, (41.7500, -70.2500, 42.0800, -69.9000)),
    (200025, "Algonquin Provincial Park", 6883, (45.2000, -79.0000, 46.2000, -77.7000)),
    (200026, "Pacific Rim National Park Reserve", 7085, (48.5500, -125.9000, 49.2000, -124.9000)),
    (200027, "Peak District National Park", 6857, (53.0000, -2.0500, 53.6000, -1.5500)),
    (200028, "Parc national des Calanques", 6753, (43.1500, 5.3500, 43.2500, 5.7000)),
    (200029, "Bavarian Forest National Park", 7207, (48.8000, 13.2000, 49.1000, 13.6000)),
    (200030, "Kakadu National Park", 6744, (-14.0000, 131.9000, -12.0000, 133.0000)),
    (200031, "Fiordland National Park", 6803, (-46.3000, 166.5000, -44.3000, 168.4000)),
    (200032, "Tongariro National Park", 6803, (-39.3500, 175.4500, -38.9500, 175.8000)),
)
# fmt: on


@attrs.frozen
class PlaceDetail:
    """One place as the places API knows it."""

    id: int
    uuid: str
    slug: str
    name: str
    display_name: str
    place_type: int | None
    admin_level: int | None
    """``None`` for community places."""
    bbox: tuple[float, float, float, float]
    """swlat, swlng, nelat, nelng."""
    ancestor_place_ids: tuple[int, ...]
    """From the top down, ending with this place; empty for continents (the API sends null)."""

    @property
    def community(self) -> bool:
        return self.admin_level is None

    @property
    def bbox_area(self) -> float:
        swlat, swlng, nelat, nelng = self.bbox
        return round((nelat - swlat) * (nelng - swlng), 10)

    @property
    def center(self) -> tuple[float, float]:
        swlat, swlng, nelat, nelng = self.bbox
        return round((swlat + nelat) / 2, 10), round((swlng + nelng) / 2, 10)

    def contains(self, lat: float, lng: float) -> bool:
        swlat, swlng, nelat, nelng = self.bbox
        return swlat <= lat <= nelat and swlng <= lng <= nelng

    def intersects(self, box: tuple[float, float, float, float]) -> bool:
        swlat, swlng, nelat, nelng = self.bbox
        bswlat, bswlng, bnelat, bnelng = box
        return not (bnelat < swlat or bswlat > nelat or bnelng < swlng or bswlng > nelng)

    def distance_km(self, lat: float, lng: float) -> float:
        """Great-circle distance from the place's centre to a point."""
        clat, clng = self.center
        p1, p2 = math.radians(clat), math.radians(lat)
        dp, dl = p2 - p1, math.radians(lng - clng)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _slug(name: str, taken: set[str]) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _uuid(place_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"inatsdk-emulator:place:{place_id}"))


def _ring(bbox: tuple[float, float, float, float]) -> list[list[float]]:
    swlat, swlng, nelat, nelng = bbox
    return [[swlng, swlat], [nelng, swlat], [nelng, nelat], [swlng, nelat], [swlng, swlat]]


class PlaceCatalog:
    """Every place one world serves, and their JSON forms (shared: treat as read-only)."""

    def __init__(self, world: World) -> None:
        taken: set[str] = set()
        rows: list[PlaceDetail] = []
        by_id = {p.id: p for p in world.places}
        for p in world.places:
            rows.append(
                PlaceDetail(
                    id=p.id,
                    uuid=_uuid(p.id),
                    slug=_slug(p.name, taken),
                    name=p.name,
                    display_name=p.display_name,
                    place_type=_PLACE_TYPES.get(p.admin_level)
                    if p.admin_level is not None
                    else None,
                    admin_level=p.admin_level,
                    bbox=p.bbox,
                    ancestor_place_ids=p.ancestor_place_ids if p.parent_id is not None else (),
                )
            )
        for place_id, name, parent_id, bbox in COMMUNITY_PLACES:
            parent = by_id[parent_id]
            codes = [_CODES[i] for i in reversed(parent.ancestor_place_ids) if i in _CODES]
            rows.append(
                PlaceDetail(
                    id=place_id,
                    uuid=_uuid(place_id),
                    slug=_slug(name, taken),
                    name=name,
                    display_name=", ".join([name, *codes]),
                    place_type=100,
                    admin_level=None,
                    bbox=bbox,
                    ancestor_place_ids=(*parent.ancestor_place_ids, place_id),
                )
            )
        self.rows: tuple[PlaceDetail, ...] = tuple(rows)
        self.by_id: dict[int, PlaceDetail] = {r.id: r for r in rows}
        self.by_slug: dict[str, PlaceDetail] = {r.slug: r for r in rows}
        self._json: dict[tuple[int, bool], JSON] = {}

    def find(self, key: str) -> PlaceDetail | None:
        """The place with this id (digits) or slug."""
        if key.isdigit():
            return self.by_id.get(int(key))
        return self.by_slug.get(key.lower())

    def record(self, place_id: int, *, geometry: bool = True) -> JSON:
        """The place as ``/places/...`` gives it (``geometry=False``: without its geometries,
        as ``no_geom`` and nested places have it)."""
        key = (place_id, geometry)
        cached = self._json.get(key)
        if cached is not None:
            return cached
        row = self.by_id[place_id]
        clat, clng = row.center
        d: JSON = {
            "id": row.id,
            "uuid": row.uuid,
            "slug": row.slug,
            "name": row.name,
            "display_name": row.display_name,
            "place_type": row.place_type,
            "admin_level": row.admin_level,
            "bbox_area": row.bbox_area,
            "ancestor_place_ids": list(row.ancestor_place_ids) or None,
        }
        if geometry:
            d["geometry_geojson"] = {"type": "MultiPolygon", "coordinates": [[_ring(row.bbox)]]}
            d["bounding_box_geojson"] = {"type": "Polygon", "coordinates": [_ring(row.bbox)]}
        d["location"] = f"{clat},{clng}"
        self._json[key] = d
        return d


@functools.lru_cache(maxsize=8)
def place_catalog(world: World) -> PlaceCatalog:
    """The places of ``world``; built on first use and shared by emulators of that world."""
    return PlaceCatalog(world)
