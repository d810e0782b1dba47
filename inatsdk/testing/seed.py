"""The deterministic generator: places, users and observations from ``random.Random(seed)``.

The same ``(seed, observations)`` gives the same world, byte for byte. Only what searches filter
and sort on is generated up front (a compact :class:`ObservationCore` per record, cheap enough for
tens of thousands); the rest of a record (photos, identifications, comments...) is drawn from the
record's own ``detail_seed`` when it is first served (see :mod:`inatsdk.testing.records`).
"""

from __future__ import annotations

import functools
import math
import random

import attrs

from inatsdk.testing.taxa.seed import RANK_LEVELS, TaxonRow, load_taxonomy

__all__ = [
    "PLACES",
    "ObservationCore",
    "ObservationExtra",
    "PlaceRow",
    "UserRow",
    "World",
    "generate_world",
    "next_observations",
    "random_uuid4",
]

EPOCH_START = 1_451_606_400  # 2016-01-01T00:00:00Z: the first seeded record is created after it
EPOCH_END = 1_751_241_600  # 2025-06-30T00:00:00Z: ... and the last one around then
FIRST_OBSERVATION_ID = 10_000_000
USER_COUNT = 120


@attrs.frozen
class PlaceRow:
    id: int
    name: str
    display_name: str
    admin_level: int | None
    """-10 continent, 0 country, 10 state/province (as the API gives it)."""
    parent_id: int | None
    bbox: tuple[float, float, float, float]
    """swlat, swlng, nelat, nelng."""
    time_zone: str
    utc_offset: int
    """Hours; standard time all year (the emulator has no daylight saving)."""
    weight: float
    """How often seeded observations fall here (leaf places only)."""
    ancestor_place_ids: tuple[int, ...] = ()
    """From the top down to and including this place."""


def _places() -> tuple[PlaceRow, ...]:
    # North America, Europe, the US, California and Canada have the ids iNaturalist gives them;
    # the other ids are the emulator's own.
    # fmt: off
    raw = [
        PlaceRow(97394, "North America", "North America", -10, None, (7.0, -168.0, 72.0, -52.0), "America/Chicago", -6, 0.0),
        PlaceRow(97391, "Europe", "Europe", -10, None, (35.0, -11.0, 71.0, 40.0), "Europe/Paris", 1, 0.0),
        PlaceRow(97393, "Oceania", "Oceania", -10, None, (-47.0, 110.0, -10.0, 180.0), "Australia/Sydney", 10, 0.0),
        PlaceRow(1, "United States", "United States", 0, 97394, (24.5, -125.0, 49.4, -66.9), "America/New_York", -5, 0.0),
        PlaceRow(6712, "Canada", "Canada", 0, 97394, (41.7, -141.0, 70.0, -52.6), "America/Toronto", -5, 0.0),
        PlaceRow(6793, "Mexico", "Mexico", 0, 97394, (14.5, -118.4, 32.7, -86.7), "America/Mexico_City", -6, 4.0),
        PlaceRow(14, "California", "California, US", 10, 1, (32.5, -124.4, 42.0, -114.1), "America/Los_Angeles", -8, 14.0),
        PlaceRow(18, "Texas", "Texas, US", 10, 1, (25.8, -106.6, 36.5, -93.5), "America/Chicago", -6, 8.0),
        PlaceRow(48, "New York", "New York, US", 10, 1, (40.5, -79.8, 45.0, -71.9), "America/New_York", -5, 8.0),
        PlaceRow(2, "Massachusetts", "Massachusetts, US", 10, 1, (41.2, -73.5, 42.9, -69.9), "America/New_York", -5, 5.0),
        PlaceRow(46, "Washington", "Washington, US", 10, 1, (45.5, -124.8, 49.0, -116.9), "America/Los_Angeles", -8, 5.0),
        PlaceRow(6883, "Ontario", "Ontario, CA", 10, 6712, (41.7, -95.2, 56.9, -74.3), "America/Toronto", -5, 7.0),
        PlaceRow(7085, "British Columbia", "British Columbia, CA", 10, 6712, (48.3, -139.1, 60.0, -114.0), "America/Vancouver", -8, 5.0),
        PlaceRow(6857, "United Kingdom", "United Kingdom", 0, 97391, (49.9, -8.6, 60.9, 1.8), "Europe/London", 0, 8.0),
        PlaceRow(6753, "France", "France", 0, 97391, (42.3, -4.8, 51.1, 8.2), "Europe/Paris", 1, 6.0),
        PlaceRow(7207, "Germany", "Germany", 0, 97391, (47.3, 5.9, 55.1, 15.0), "Europe/Berlin", 1, 5.0),
        PlaceRow(6744, "Australia", "Australia", 0, 97393, (-43.6, 113.3, -10.7, 153.6), "Australia/Sydney", 10, 4.0),
        PlaceRow(6803, "New Zealand", "New Zealand", 0, 97393, (-47.3, 166.4, -34.4, 178.6), "Pacific/Auckland", 12, 3.0),
    ]
    # fmt: on
    by_id = {p.id: p for p in raw}

    def chain(p: PlaceRow) -> tuple[int, ...]:
        return (*chain(by_id[p.parent_id]), p.id) if p.parent_id is not None else (p.id,)

    return tuple(attrs.evolve(p, ancestor_place_ids=chain(p)) for p in raw)


PLACES: tuple[PlaceRow, ...] = _places()


@attrs.frozen
class UserRow:
    id: int
    login: str
    name: str | None
    created_at: float
    roles: tuple[str, ...]
    has_icon: bool
    orcid: str | None
    identifications_count: int
    journal_posts_count: int
    site_id: int
    observations_count: int = 0
    species_count: int = 0


@attrs.frozen
class ObservationExtra:
    """What a client sent when it created a record (POST); seeded records have none."""

    species_guess: str | None = None
    description: str | None = None
    place_guess: str | None = None
    observed_on_string: str | None = None
    positional_accuracy: int | None = None
    tag_list: tuple[str, ...] = ()
    license_code: str | None = None
    owners_identification_from_vision: bool = False


@attrs.frozen
class ObservationCore:
    """The searchable part of one observation; the rest is drawn from ``detail_seed``."""

    id: int
    uuid: str
    user_id: int
    taxon_id: int | None
    created: float
    """UTC epoch seconds; grows with ``id`` (records are created in id order)."""
    updated: float
    observed: float
    """UTC epoch seconds of the moment observed."""
    observed_day: int
    """Days since 1970-01-01 of the local date observed (``observed_on``)."""
    place_id: int | None
    """The smallest seeded place the record falls in (its ``place_ids`` are its ancestry)."""
    lat: float | None
    lng: float | None
    utc_offset: int
    time_zone: str
    quality_grade: str
    captive: bool
    geoprivacy: str | None
    n_photos: int
    n_faves: int
    detail_seed: int
    extra: ObservationExtra | None = None


# fmt: off
_ADJECTIVES = (
    "amber", "brisk", "cedar", "dusky", "eager", "fern", "gentle", "hazel", "indigo", "jade",
    "keen", "lunar", "mossy", "north", "olive", "prairie", "quiet", "russet", "sable", "tidal",
    "umber", "vernal", "wild", "yarrow", "zesty", "coastal", "alpine", "misty",
)
_NOUNS = (
    "heron", "lichen", "otter", "wren", "beetle", "sedge", "falcon", "newt", "moth", "aster",
    "finch", "toad", "marten", "kestrel", "orchid", "plover", "salamander", "warbler", "bracken",
    "morel", "skipper", "vole", "tern", "bluet", "fox", "sparrow", "dragonfly", "juniper",
)
_FIRST = (
    "Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kira", "Luis",
    "Maya", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tessa", "Uma", "Victor", "Wen", "Yusuf",
)
_LAST = (
    "Alvarez", "Berg", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen",
    "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka",
    "Varga", "Weber", "Young",
)
# fmt: on


def _users(rng: random.Random) -> list[UserRow]:
    users: list[UserRow] = []
    logins: set[str] = set()
    user_id = 1_000
    for _ in range(USER_COUNT):
        user_id += rng.randint(1, 9_000)
        while True:
            login = f"{rng.choice(_ADJECTIVES)}_{rng.choice(_NOUNS)}"
            if rng.random() < 0.4:
                login += str(rng.randint(2, 99))
            if login not in logins:
                break
        logins.add(login)
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.6 else None
        users.append(
            UserRow(
                id=user_id,
                login=login,
                name=name,
                created_at=float(rng.randint(1_262_304_000, EPOCH_START)),  # 2010 .. 2016
                roles=("curator",) if rng.random() < 0.06 else (),
                has_icon=rng.random() < 0.55,
                orcid=(
                    f"0000-000{rng.randint(1, 9)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                    if rng.random() < 0.1
                    else None
                ),
                identifications_count=int(rng.paretovariate(1.2) * 20),
                journal_posts_count=rng.choice((0, 0, 0, 0, 1, 2, 5)),
                site_id=rng.choice((1, 1, 1, 1, 1, 2, 5)),
            )
        )
    return users


def _zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


@attrs.frozen
class _Pools:
    """What observations are drawn from, with cumulative weights for fast choices."""

    species: tuple[TaxonRow, ...]
    species_cum: tuple[float, ...]
    genera: tuple[TaxonRow, ...]
    users: tuple[UserRow, ...]
    users_cum: tuple[float, ...]
    places: tuple[PlaceRow, ...]
    places_cum: tuple[float, ...]


@attrs.frozen(eq=False)
class World:
    """Everything seeded: immutable and shareable between emulators of the same seed."""

    seed: int
    taxa: tuple[TaxonRow, ...]
    places: tuple[PlaceRow, ...]
    users: tuple[UserRow, ...]
    observations: tuple[ObservationCore, ...]
    """Ascending by id (and so by creation time)."""
    pools: _Pools = attrs.field(repr=False)


def _cumulative(weights: list[float]) -> tuple[float, ...]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def _pools(rng: random.Random, taxa: tuple[TaxonRow, ...], users: list[UserRow]) -> _Pools:
    species = [
        t
        for t in taxa
        if t.is_active and t.rank_level <= RANK_LEVELS["species"] and t.iconic_taxon_id
    ]
    rng.shuffle(species)
    genera = [t for t in taxa if t.is_active and t.rank == "genus"]
    order = list(users)
    rng.shuffle(order)
    leaves = [p for p in PLACES if p.weight > 0]
    return _Pools(
        species=tuple(species),
        species_cum=_cumulative(_zipf_weights(len(species), 0.9)),
        genera=tuple(genera),
        users=tuple(order),
        users_cum=_cumulative(_zipf_weights(len(order), 0.8)),
        places=tuple(leaves),
        places_cum=_cumulative([p.weight for p in leaves]),
    )


def random_uuid4(rng: random.Random) -> str:
    """A version 4 UUID drawn from ``rng``: the text ``str(uuid.UUID(int=rng.getrandbits(128),
    version=4))`` gives, at a fraction of its cost."""
    n = rng.getrandbits(128)
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)
    n = (n & ~(0xF000 << 64)) | (4 << 76)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _make_observation(
    rng: random.Random, pools: _Pools, obs_id: int, created: float
) -> ObservationCore:
    # A fixed number of draws per record keeps the stream aligned whatever the branches.
    (r_taxon, r_rank, r_user, r_place, r_lat, r_lng, r_delay, r_upd, r_qg, r_capt, r_geo,
     r_photos, r_faves) = (rng.random() for _ in range(13))  # fmt: skip
    record_uuid = random_uuid4(rng)
    detail_seed = rng.getrandbits(48)

    taxon: TaxonRow | None
    if r_rank < 0.02:
        taxon = None
    else:
        taxon = pools.species[_pick(pools.species_cum, r_taxon)]
        if r_rank < 0.10 and taxon.parent_id is not None and taxon.rank == "species":
            # identified to genus only
            taxon = next((g for g in pools.genera if g.id == taxon.parent_id), taxon)
    user = pools.users[_pick(pools.users_cum, r_user)]
    place = pools.places[_pick(pools.places_cum, r_place)]
    swlat, swlng, nelat, nelng = place.bbox
    lat = round(swlat + (nelat - swlat) * r_lat, 6)
    lng = round(swlng + (nelng - swlng) * r_lng, 6)
    # observed minutes to weeks before it was uploaded
    observed = created - 300.0 - (r_delay**4) * 30 * 86_400
    updated = created + (r_upd**3) * 200 * 86_400
    observed_day = math.floor((observed + place.utc_offset * 3600) / 86_400)

    captive = r_capt < 0.03
    n_photos = 0 if r_photos < 0.04 else 1 + int(r_photos * 10) % 4
    if taxon is None:
        quality = "needs_id" if n_photos else "casual"
    elif captive or n_photos == 0:
        quality = "casual"
    elif taxon.rank_level <= RANK_LEVELS["species"] and r_qg < 0.65:
        quality = "research"
    else:
        quality = "needs_id"
    geoprivacy = "private" if r_geo < 0.01 else "obscured" if r_geo < 0.06 else None
    return ObservationCore(
        id=obs_id,
        uuid=record_uuid,
        user_id=user.id,
        taxon_id=taxon.id if taxon else None,
        created=float(int(created)),
        updated=float(int(updated)),
        observed=float(int(observed)),
        observed_day=observed_day,
        place_id=place.id,
        lat=lat,
        lng=lng,
        utc_offset=place.utc_offset,
        time_zone=place.time_zone,
        quality_grade=quality,
        captive=captive,
        geoprivacy=geoprivacy,
        n_photos=n_photos,
        n_faves=int(r_faves**6 * 6),
        detail_seed=detail_seed,
    )


def _pick(cumulative: tuple[float, ...], r: float) -> int:
    import bisect

    i = bisect.bisect_left(cumulative, r * cumulative[-1])
    return min(i, len(cumulative) - 1)


@functools.lru_cache(maxsize=8)
def generate_world(seed: int, observations: int) -> World:
    """The seeded world; cached, so emulators of the same seed and size share one."""
    if observations < 0:
        raise ValueError("observations must be 0 or more")
    master = random.Random(seed)
    users_rng = random.Random(master.getrandbits(64))
    obs_rng = random.Random(master.getrandbits(64))
    taxa = load_taxonomy()
    users = _users(users_rng)
    pools = _pools(users_rng, taxa, users)

    records: list[ObservationCore] = []
    step = (EPOCH_END - EPOCH_START) / max(observations, 1)
    created = float(EPOCH_START)
    obs_id = FIRST_OBSERVATION_ID
    for _ in range(observations):
        created += step * (0.2 + 1.6 * obs_rng.random())
        obs_id += obs_rng.randint(1, 9)
        records.append(_make_observation(obs_rng, pools, obs_id, created))

    # per-user counts as the seeded records say
    obs_count: dict[int, int] = {}
    species: dict[int, set[int]] = {}
    for r in records:
        obs_count[r.user_id] = obs_count.get(r.user_id, 0) + 1
        if r.taxon_id is not None:
            species.setdefault(r.user_id, set()).add(r.taxon_id)
    users = [
        attrs.evolve(
            u, observations_count=obs_count.get(u.id, 0), species_count=len(species.get(u.id, ()))
        )
        for u in users
    ]
    return World(
        seed=seed,
        taxa=taxa,
        places=PLACES,
        users=tuple(users),
        observations=tuple(records),
        pools=pools,
    )


def next_observations(
    world: World,
    rng: random.Random,
    *,
    after_id: int,
    after_created: float,
    count: int,
    user_id: int | None = None,
    taxon_id: int | None = None,
) -> list[ObservationCore]:
    """``count`` more records, with higher ids and later creation times than the last ones."""
    pools = world.pools
    out: list[ObservationCore] = []
    obs_id, created = after_id, after_created
    for _ in range(count):
        obs_id += rng.randint(1, 9)
        created += rng.uniform(30.0, 900.0)
        core = _make_observation(rng, pools, obs_id, created)
        if user_id is not None:
            core = attrs.evolve(core, user_id=user_id)
        if taxon_id is not None:
            core = attrs.evolve(core, taxon_id=taxon_id)
        out.append(core)
    return out
