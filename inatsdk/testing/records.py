"""JSON-ready records with the shape of the real v1 responses (keys and value types).

:class:`Renderer` turns the seeded world into the dicts the API serves: taxa in their several
forms (search result, autocomplete, ``/taxa/{id}`` details, nested in an observation or an
identification), users, and observations (search and ``/observations/{id}`` forms). Taxa and users
are built once; observations are built on first use from their ``detail_seed`` (about 0.1 ms
each) and the last 4,000 are kept (about 40 MB), so serving a page again is mostly
``json.dumps`` of dicts that already exist.

Rendered dicts are shared: treat them as read-only, and copy before changing one.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from inatsdk.testing.seed import ObservationCore, PlaceRow, UserRow, World, random_uuid4
from inatsdk.testing.taxa.seed import IUCN_STATUSES, RANK_LEVELS, TaxonRow

__all__ = ["JSON", "ORIGIN", "Renderer", "envelope", "iso_time", "merged", "only_ids"]

JSON = dict[str, Any]

ORIGIN = "http://emulator.inatsdk.invalid"
"""Stands for the emulator's own origin in the media URLs of stored records: every answer has it
replaced with the URL the request was sent to (``http://127.0.0.1:PORT``, or a scoped view's
``.../_scope/<name>``), so photo, sound and icon URLs point at the emulator, which serves their
bytes (see :mod:`inatsdk.testing.routes.media_files`)."""
PHOTO_BASE = f"{ORIGIN}/photos"
ICON_BASE = f"{ORIGIN}/attachments/users/icons"
SITE_URL = "https://www.inaturalist.org"

_LICENSES = ("cc-by-nc", "cc-by-nc", "cc-by-nc", "cc-by", "cc0", "cc-by-sa", "cc-by-nc-sa", None)
_LICENSE_LABEL = {
    "cc-by": "CC BY",
    "cc-by-nc": "CC BY-NC",
    "cc-by-sa": "CC BY-SA",
    "cc-by-nc-sa": "CC BY-NC-SA",
    "cc-by-nd": "CC BY-ND",
    "cc-by-nc-nd": "CC BY-NC-ND",
}
_DIMENSIONS = ((2048, 1536), (1536, 2048), (2048, 1365), (1600, 1200), (1024, 768), (2048, 2048))
_COMMENTS = (
    "Nice find!",
    "Great photos, thanks for sharing.",
    "Could you add a photo of the underside?",
    "Is this the same individual as your last observation?",
    "Welcome to iNaturalist!",
    "The pattern on the wings is diagnostic here.",
    "Location looks a bit off, can you check the map?",
)
_DESCRIPTIONS = (
    "Seen near the trail head.",
    "In the garden, late afternoon.",
    "Several individuals nearby.",
    "Along the river bank.",
    "Found under a log.",
    "On the edge of the parking lot.",
)
_IDENT_BODIES = ("", "", "", "Agree, clear features in photo 2.", "Based on range and markings.")
_TAGS = ("garden", "hike", "bioblitz", "backyard", "roadside", "school-project")
_AUTHORS = ("Jordan Vale", "Sam Okoro", "R. Lindholm", "Mei Tan", "P. Duarte", "K. Nowak")


@functools.cache
def _tz(offset_hours: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=offset_hours))


def iso_time(ts: float, offset_hours: int = 0) -> str:
    """``2020-08-27T08:57:22-06:00``, as the API writes times."""
    return dt.datetime.fromtimestamp(ts, _tz(offset_hours)).isoformat(timespec="seconds")


def time_details(ts: float, offset_hours: int) -> JSON:
    d = dt.datetime.fromtimestamp(ts, _tz(offset_hours))
    return {
        "date": d.date().isoformat(),
        "week": d.isocalendar()[1],
        "month": d.month,
        "hour": d.hour,
        "year": d.year,
        "day": d.day,
    }


def _attribution(author: str, license_code: str | None) -> str:
    if license_code is None:
        return f"(c) {author}, all rights reserved"
    if license_code == "cc0":
        return f"no rights reserved, uploaded by {author}"
    return f"(c) {author}, some rights reserved ({_LICENSE_LABEL[license_code]})"


def _photo_urls(photo_id: int) -> tuple[str, str]:
    return f"{PHOTO_BASE}/{photo_id}/square.jpg", f"{PHOTO_BASE}/{photo_id}/medium.jpg"


def _uuid(rng: random.Random) -> str:
    return random_uuid4(rng)


def term_uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"inatsdk-emulator:term:{name}"))


# Controlled terms (annotations): attribute id -> (label, taxa it applies to, {value id: label})
TERMS: dict[int, tuple[str, tuple[int, ...], dict[int, str]]] = {
    1: (
        "Life Stage",
        (1,),
        {2: "Adult", 4: "Pupa", 5: "Nymph", 6: "Larva", 7: "Egg", 8: "Juvenile"},
    ),
    9: ("Sex", (1,), {10: "Female", 11: "Male"}),
    12: ("Plant Phenology", (47126,), {13: "Flowering", 14: "Fruiting", 15: "Flower Budding"}),
    17: ("Alive or Dead", (1, 47126, 47170), {18: "Alive", 19: "Dead", 20: "Cannot Be Determined"}),
}


# taxa a term or value does not apply to, within the taxa it applies to
TERM_EXCEPTIONS: dict[int, list[int]] = {9: [47115], 7: [40151]}  # Sex: mollusks; Egg: mammals


def _term_value(value_id: int, label: str, taxon_ids: tuple[int, ...]) -> JSON:
    return {
        "id": value_id,
        "ontology_uri": "",
        "uri": "",
        "is_value": True,
        "blocking": False,
        "uuid": term_uuid(label),
        "taxon_ids": list(taxon_ids),
        "label": label,
    }


def _term_attribute(attr_id: int) -> JSON:
    label, taxon_ids, values = TERMS[attr_id]
    return {
        "id": attr_id,
        "ontology_uri": "",
        "uri": "",
        "is_value": False,
        "multivalued": False,
        "uuid": term_uuid(label),
        "values": [
            {
                "id": vid,
                "ontology_uri": "",
                "uri": "",
                "blocking": False,
                "uuid": term_uuid(vlabel),
                "labels": [
                    {
                        "id": vid,
                        "locale": "en",
                        "valid_within_clade": None,
                        "label": vlabel,
                        "definition": "",
                    }
                ],
                "taxon_ids": list(taxon_ids),
                "excepted_taxon_ids": list(TERM_EXCEPTIONS.get(vid, [])),
            }
            for vid, vlabel in values.items()
        ],
        "label": label,
        "taxon_ids": list(taxon_ids),
        "excepted_taxon_ids": list(TERM_EXCEPTIONS.get(attr_id, [])),
    }


TERM_ATTRIBUTES: dict[int, JSON] = {aid: _term_attribute(aid) for aid in TERMS}
TERM_VALUES: dict[int, JSON] = {
    vid: _term_value(vid, vlabel, taxon_ids)
    for _aid, (_label, taxon_ids, values) in TERMS.items()
    for vid, vlabel in values.items()
}


class _LRU:
    """A small thread-safe LRU cache of rendered records."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[Any, JSON] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> JSON | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Any, value: JSON) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def discard(self, key: Any) -> None:
        with self._lock:
            self._data.pop(key, None)


class Renderer:
    """Builds (and caches) the JSON form of the world's records.

    One renderer serves one :class:`World`; its caches hold only what the world fixes, so
    emulators of the same seed share it. Records added later are rendered by the same code and
    cached under their own keys until the store drops them.
    """

    def __init__(self, world: World, *, cache_size: int = 4_000) -> None:
        self.world = world
        self.taxa: dict[int, TaxonRow] = {t.id: t for t in world.taxa}
        self.taxa_by_name: dict[str, TaxonRow] = {t.name.lower(): t for t in world.taxa}
        self.users: dict[int, UserRow] = {u.id: u for u in world.users}
        self.users_by_login: dict[str, UserRow] = {u.login.lower(): u for u in world.users}
        self.places: dict[int, PlaceRow] = {p.id: p for p in world.places}
        self.children: dict[int, list[int]] = {}
        for t in world.taxa:
            if t.parent_id is not None and t.is_active:
                self.children.setdefault(t.parent_id, []).append(t.id)
        self.observations_count: dict[int, int] = dict.fromkeys(self.taxa, 0)
        self.taxon_places: dict[int, set[int]] = {}
        for o in world.observations:
            if o.taxon_id is None:
                continue
            for aid in self.taxa[o.taxon_id].ancestor_ids:
                self.observations_count[aid] += 1
            if o.place_id is not None:
                self.taxon_places.setdefault(o.taxon_id, set()).add(o.place_id)
        self._taxon_cache: dict[tuple[str, int], JSON] = {}
        self._user_cache: dict[tuple[str, int], JSON] = {}
        self._observations = _LRU(cache_size)

    # -----------------------------------------------------------------------------------------
    # Taxa
    # -----------------------------------------------------------------------------------------

    def _taxon_rng(self, t: TaxonRow) -> random.Random:
        return random.Random(f"taxon:{t.id}")

    def _default_photo(self, t: TaxonRow) -> JSON:
        rng = self._taxon_rng(t)
        photo_id = 700_000_000 + t.id
        license_code = rng.choice(_LICENSES)
        width, height = rng.choice(_DIMENSIONS)
        square, medium = _photo_urls(photo_id)
        author = rng.choice(_AUTHORS)
        return {
            "id": photo_id,
            "license_code": license_code,
            "attribution": _attribution(author, license_code),
            "url": square,
            "original_dimensions": {"height": height, "width": width},
            "flags": [],
            "attribution_name": author,
            "square_url": square,
            "medium_url": medium,
        }

    def _taxon_base(self, t: TaxonRow) -> JSON:
        key = ("base", t.id)
        cached = self._taxon_cache.get(key)
        if cached is not None:
            return cached
        rng = self._taxon_rng(t)
        parents = t.ancestor_ids[:-1]
        d: JSON = {
            "id": t.id,
            "rank": t.rank,
            "rank_level": t.rank_level,
            "iconic_taxon_id": t.iconic_taxon_id,
            "ancestor_ids": list(t.ancestor_ids),
            "is_active": t.is_active,
            "name": t.name,
            "parent_id": t.parent_id,
            "ancestry": "/".join(str(i) for i in parents) if parents else None,
            "extinct": False,
            "default_photo": self._default_photo(t),
            "taxon_changes_count": rng.choice((0, 0, 0, 1, 2)),
            "taxon_schemes_count": rng.choice((0, 1, 1, 2, 3)),
            "observations_count": self.observations_count.get(t.id, 0),
            "flag_counts": {"resolved": rng.choice((0, 0, 1, 3)), "unresolved": 0},
            "current_synonymous_taxon_ids": (
                list(t.current_synonymous_taxon_ids) if t.current_synonymous_taxon_ids else None
            ),
            "atlas_id": 10_000 + t.id % 90_000
            if t.rank == "species" and rng.random() < 0.3
            else None,
            "complete_species_count": None,
            "wikipedia_url": (
                f"https://en.wikipedia.org/wiki/{t.name.replace(' ', '_')}"
                if rng.random() < 0.8
                else None
            ),
            "iconic_taxon_name": t.iconic_taxon_name,
        }
        if t.common_name:
            d["preferred_common_name"] = t.common_name
        if t.rank in ("genus", "family") and t.iconic_taxon_name in ("Aves", "Mammalia"):
            d["complete_rank"] = "species"
        self._taxon_cache[key] = d
        return d

    def _min_species(self, t: TaxonRow) -> TaxonRow:
        if t.rank_level < RANK_LEVELS["species"] and t.parent_id is not None:
            return self.taxa[t.parent_id]
        return t

    def _conservation_status(self, t: TaxonRow) -> JSON | None:
        if t.iucn is None:
            return None
        iucn, status_name = IUCN_STATUSES[t.iucn]
        return {
            "user_id": None,
            "status_name": status_name,
            "iucn": iucn,
            "authority": "IUCN Red List",
            "geoprivacy": "obscured" if iucn >= 40 else None,
            "source_id": None,
            "place_id": None,
            "status": t.iucn,
        }

    def _taxon_nested_fields(self, t: TaxonRow) -> JSON:
        base = self._taxon_base(t)
        msp = self._min_species(t)
        d = dict(base)
        d["created_at"] = iso_time(1_199_145_600 + (t.id * 7919) % 400_000_000)
        d["min_species_ancestry"] = ",".join(str(i) for i in msp.ancestor_ids)
        d["min_species_taxon_id"] = msp.id
        d["photos_locked"] = False
        d["provisional"] = False
        d["universal_search_rank"] = base["observations_count"]
        status = self._conservation_status(t)
        if status is not None:
            d["conservation_status"] = status
        return d

    def taxon_search(self, taxon_id: int) -> JSON:
        """A taxon as ``GET /taxa`` lists it."""
        key = ("search", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            t = self.taxa[taxon_id]
            cached = dict(self._taxon_base(t))
            cached["vision"] = t.rank_level <= RANK_LEVELS["genus"] and t.is_active
            self._taxon_cache[key] = cached
        return cached

    def taxon_brief(self, taxon_id: int) -> JSON:
        """A taxon as an ancestor or child in ``GET /taxa/{id}``."""
        key = ("brief", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            cached = dict(self._taxon_base(self.taxa[taxon_id]))
            cached["provisional"] = False
            self._taxon_cache[key] = cached
        return cached

    def taxon_in_photo(self, taxon_id: int) -> JSON:
        """``taxon_photos[].taxon`` in ``GET /taxa/{id}``."""
        key = ("photo", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            t = self.taxa[taxon_id]
            cached = dict(self.taxon_brief(taxon_id))
            cached["photos_locked"] = False
            status = self._conservation_status(t)
            if status is not None:
                cached["conservation_status"] = {"id": 500_000 + t.id, **status}
            self._taxon_cache[key] = cached
        return cached

    def establishment_means(self, taxon_id: int, place_id: int) -> JSON | None:
        """``establishment_means`` of a taxon in a place (``preferred_place_id``), if listed."""
        place = self.places.get(place_id)
        if place is None:
            return None
        listed = [
            p
            for p in self.taxon_places.get(taxon_id, ())
            if place_id in self.places[p].ancestor_place_ids
        ]
        if not listed:
            return None
        means = "introduced" if self.taxa[taxon_id].name in _INTRODUCED else "native"
        return {
            "establishment_means": means,
            "id": 5_000_000 + taxon_id % 1_000_000 * 40 + place_id % 40,
            "place": {
                "id": place.id,
                "name": place.name,
                "display_name": place.display_name,
                "ancestry": "/".join(str(i) for i in place.ancestor_place_ids[:-1]) or None,
            },
        }

    def taxon_in_observation(self, taxon_id: int) -> JSON:
        """``observation.taxon``."""
        key = ("obs", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            t = self.taxa[taxon_id]
            cached = self._taxon_nested_fields(t)
            status = cached.get("conservation_status")
            cached["endemic"] = False
            cached["threatened"] = status is not None and status["iucn"] >= 30
            cached["introduced"] = t.name in _INTRODUCED
            cached["native"] = not cached["introduced"]
            self._taxon_cache[key] = cached
        return cached

    def taxon_in_identification(self, taxon_id: int, *, ancestors: bool) -> JSON:
        """``identification.taxon``; with ``ancestors`` as ``/observations/{id}`` gives it."""
        key = ("ident+" if ancestors else "ident", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            t = self.taxa[taxon_id]
            cached = self._taxon_nested_fields(t)
            if ancestors:
                cached["ancestors"] = [self.taxon_brief(a) for a in t.ancestor_ids[1:-1]]
            self._taxon_cache[key] = cached
        return cached

    def taxon_names(self, taxon_id: int) -> list[JSON]:
        """``names`` (``all_names=true``)."""
        t = self.taxa[taxon_id]
        names: list[JSON] = [
            {"is_valid": t.is_active, "name": t.name, "position": 0, "locale": "sci"}
        ]
        if t.common_name:
            names.append({"is_valid": True, "name": t.common_name, "position": 0, "locale": "en"})
        return names

    def taxon_details(self, taxon_id: int) -> JSON:
        """A taxon as ``GET /taxa/{id}`` gives it: ancestors, children, photos, statuses."""
        key = ("show", taxon_id)
        cached = self._taxon_cache.get(key)
        if cached is not None:
            return cached
        t = self.taxa[taxon_id]
        rng = self._taxon_rng(t)
        d = dict(self._taxon_base(t))
        d["ancestor_ids"] = list(t.ancestor_ids[:-1])
        d["provisional"] = False
        d["photos_locked"] = False
        d["vision"] = t.rank_level <= RANK_LEVELS["genus"] and t.is_active
        photo = self._default_photo(t)
        d["taxon_photos"] = [
            {
                "taxon_id": t.id,
                "photo": {
                    **photo,
                    "native_page_url": None,
                    "native_photo_id": None,
                    "type": "LocalPhoto",
                    "small_url": photo["url"].replace("square", "small"),
                    "large_url": photo["url"].replace("square", "large"),
                    "original_url": photo["url"].replace("square", "original"),
                },
                "taxon": self.taxon_in_photo(t.id),
            }
        ]
        d["ancestors"] = [self.taxon_brief(a) for a in t.ancestor_ids[1:-1]]
        d["children"] = [self.taxon_brief(c) for c in self.children.get(t.id, [])]
        statuses: list[JSON] = []
        if t.iucn is not None:
            iucn, status_name = IUCN_STATUSES[t.iucn]
            editor = {"id": 1, "login": "iucn_bot", "icon_url": None, "orcid": None}
            base_status: JSON = {
                "id": 500_000 + t.id,
                "taxon_id": t.id,
                "taxon_name": t.name,
                "taxon_rank": t.rank,
                "status": t.iucn,
                "iucn": iucn,
                "authority": "IUCN Red List",
                "url": f"https://www.iucnredlist.org/search?query={t.name.replace(' ', '%20')}",
                "description": f"{status_name.capitalize()} globally.",
                "geoprivacy": "obscured" if iucn >= 40 else None,
                "place": None,
                "source_id": None,
                "user": editor,
                "updater": editor,
                "updater_id": 1,
                "created_at": iso_time(1_420_070_400 + t.id % 10_000_000),
                "updated_at": iso_time(1_577_836_800 + t.id % 10_000_000),
            }
            statuses.append(base_status)
            regional = sorted(self.taxon_places.get(t.id, ())) or [1]
            if regional[0] in self.places:
                statuses.append(
                    {
                        **base_status,
                        "id": 600_000 + t.id,
                        "status": "S3",
                        "iucn": 30,
                        "authority": "NatureServe",
                        "url": "https://explorer.natureserve.org/",
                        "description": None,
                        "geoprivacy": None,
                        "place": self.place_brief(regional[0]),
                        "updater_id": None,
                    }
                )
        d["conservation_statuses"] = statuses
        d["conservation_status"] = statuses[0] if statuses else None
        listed: list[JSON] = []
        for place_id in sorted(self.taxon_places.get(t.id, ())):
            place = self.places[place_id]
            listed.append(
                {
                    "id": 9_000_000 + t.id % 100_000 * 50 + place_id % 50,
                    "taxon_id": t.id,
                    "establishment_means": "introduced" if t.name in _INTRODUCED else "native",
                    "place": self.place_brief(place_id),
                    "list": {"id": 300_000 + place_id, "title": f"{place.name} Check List"},
                }
            )
        d["listed_taxa"] = listed
        d["listed_taxa_count"] = len(listed)
        parent = self.taxa[t.parent_id].name if t.parent_id is not None else "life"
        d["wikipedia_summary"] = (
            f"<i><b>{t.name}</b></i> is a {t.rank} in the {parent} group."
            if rng.random() < 0.9
            else ""
        )
        self._taxon_cache[key] = d
        return d

    def place_brief(self, place_id: int) -> JSON:
        place = self.places[place_id]
        return {
            "id": place.id,
            "name": place.name,
            "display_name": place.display_name,
            "admin_level": place.admin_level,
            "ancestor_place_ids": list(place.ancestor_place_ids),
        }

    # -----------------------------------------------------------------------------------------
    # Users
    # -----------------------------------------------------------------------------------------

    def with_own_users(self) -> Renderer:
        """A copy whose user tables are its own (and start with no cached user JSON: a store's
        added users get ids that differ per store), for a store that adds or changes users."""
        mine = copy.copy(self)
        mine.users = dict(self.users)
        mine.users_by_login = dict(self.users_by_login)
        mine._user_cache = {}
        return mine

    def replace_user(self, old: UserRow, new: UserRow) -> None:
        """Put ``new`` in place of ``old`` (the same id) and forget the JSON cached for it; only
        on a renderer of a store's own (:meth:`with_own_users`)."""
        self.users[new.id] = new
        if old.login.lower() != new.login.lower():
            self.users_by_login.pop(old.login.lower(), None)
        self.users_by_login[new.login.lower()] = new
        for key in (("plain", new.id), ("prefs", new.id)):
            self._user_cache.pop(key, None)

    def user(self, user_id: int, *, preferences: bool = False) -> JSON:
        """A user as nested in records (``observation.user`` carries ``preferences``)."""
        key = ("prefs" if preferences else "plain", user_id)
        cached = self._user_cache.get(key)
        if cached is not None:
            return cached
        u = self.users[user_id]
        activity = u.observations_count + u.identifications_count + u.journal_posts_count
        d: JSON = {
            "id": u.id,
            "login": u.login,
            "spam": False,
            "suspended": False,
            "created_at": iso_time(u.created_at),
            "login_autocomplete": u.login,
            "login_exact": u.login,
            "name": u.name,
            "name_autocomplete": u.name,
            "orcid": u.orcid,
            "icon": f"{ICON_BASE}/{u.id}/thumb.jpg" if u.has_icon else None,
            "observations_count": u.observations_count,
            "identifications_count": u.identifications_count,
            "journal_posts_count": u.journal_posts_count,
            "activity_count": activity,
            "species_count": u.species_count,
            "universal_search_rank": u.observations_count,
            "roles": list(u.roles),
            "site_id": u.site_id,
            "icon_url": f"{ICON_BASE}/{u.id}/medium.jpg" if u.has_icon else None,
            "annotated_observations_count": u.observations_count // 5,
        }
        if preferences:
            d["preferences"] = {}
        self._user_cache[key] = d
        return d

    # -----------------------------------------------------------------------------------------
    # Observations
    # -----------------------------------------------------------------------------------------

    def observation(
        self, core: ObservationCore, *, details: bool = False, cache: bool = True
    ) -> JSON:
        """An observation as searches list it, or (``details``) as ``/observations/{id}`` does.

        Seeded records are cached by id and form (``cache``); the store keeps records added
        later itself, since those differ between emulators that share this renderer.
        """
        if not cache:
            return self._render_observation(core, details=details)
        key = (core.id, details)
        cached = self._observations.get(key)
        if cached is None or cached["uuid"] != core.uuid:
            cached = self._render_observation(core, details=details)
            self._observations.put(key, cached)
        return cached

    def forget(self, observation_id: int) -> None:
        self._observations.discard((observation_id, False))
        self._observations.discard((observation_id, True))

    def _other_users(self, rng: random.Random, owner: int, k: int) -> list[int]:
        pool = self.world.users
        chosen: list[int] = []
        while len(chosen) < k:
            u = pool[rng.randrange(len(pool))].id
            if u != owner and u not in chosen:
                chosen.append(u)
        return chosen

    def _render_observation(self, core: ObservationCore, *, details: bool) -> JSON:
        rng = random.Random(core.detail_seed)
        owner = self.users[core.user_id]
        taxon = self.taxa[core.taxon_id] if core.taxon_id is not None else None
        extra = core.extra
        seeded = extra is None
        off = core.utc_offset
        place = self.places[core.place_id] if core.place_id is not None else None
        license_code = extra.license_code if extra is not None else rng.choice(_LICENSES)
        author = owner.name or owner.login

        # photos
        photos: list[JSON] = []
        observation_photos: list[JSON] = []
        for k in range(core.n_photos):
            photo_id = 100_000_000 + core.id * 4 + k
            width, height = rng.choice(_DIMENSIONS)
            photo: JSON = {
                "id": photo_id,
                "license_code": license_code,
                "url": _photo_urls(photo_id)[0],
                "attribution": _attribution(author, license_code),
                "original_dimensions": {"width": width, "height": height},
                "flags": [],
                "moderator_actions": [],
                "hidden": False,
            }
            photos.append(photo)
            observation_photos.append(
                {
                    "id": 60_000_000 + core.id * 4 + k,
                    "position": k,
                    "uuid": _uuid(rng),
                    "photo_id": photo_id,
                    "photo": photo,
                }
            )

        # identifications
        idents: list[JSON] = []
        ident_specs: list[tuple[int, int, str]] = []  # user, taxon, category
        if taxon is not None:
            others = 0
            other_taxon = taxon.id
            if seeded:
                if core.quality_grade == "research":
                    spread = rng.random()
                    others = 1 + (spread < 0.2) + (spread < 0.04)
                elif rng.random() < 0.25:
                    others = 1
                    if taxon.parent_id is not None and taxon.rank_level <= 10:
                        other_taxon = taxon.parent_id  # a coarser opinion: not an agreement
            ident_specs.append((owner.id, taxon.id, "leading" if others == 0 else "improving"))
            for user_id in self._other_users(rng, owner.id, others):
                category = "supporting" if other_taxon == taxon.id else "improving"
                ident_specs.append((user_id, other_taxon, category))
        when = core.created
        for k, (user_id, ident_taxon, category) in enumerate(ident_specs):
            if k:
                when += 60.0 + rng.random() ** 3 * 20 * 86_400
            prev = None if k == 0 else taxon.id if taxon is not None else None
            ident: JSON = {
                "id": 200_000_000 + core.id * 8 + k,
                "uuid": _uuid(rng),
                "user": self.user(user_id),
                "created_at": iso_time(when, off),
                "created_at_details": time_details(when, off),
                "body": rng.choice(_IDENT_BODIES) if seeded else None,
                "category": category,
                "current": True,
                "flags": [],
                "own_observation": user_id == owner.id,
                "taxon_change": None,
                "vision": rng.random() < 0.5
                if seeded
                else bool(extra and extra.owners_identification_from_vision),
                "disagreement": None if k == 0 else False,
                "previous_observation_taxon_id": prev,
                "spam": False,
                "taxon_id": ident_taxon,
                "hidden": False,
                "moderator_actions": [],
                "taxon": self.taxon_in_identification(ident_taxon, ancestors=details),
            }
            if prev is not None and details:
                ident["previous_observation_taxon"] = self.taxon_in_identification(
                    prev, ancestors=False
                )
            idents.append(ident)
        agreements = sum(1 for _, t, _ in ident_specs[1:] if taxon is not None and t == taxon.id)

        comments: list[JSON] = []
        faves: list[JSON] = []
        ofvs: list[JSON] = []
        annotations: list[JSON] = []
        tags: list[str] = list(extra.tag_list) if extra is not None else []
        if seeded:
            n_comments = 0 if rng.random() < 0.8 else 1 + int(rng.random() * 2)
            for k, user_id in enumerate(self._other_users(rng, owner.id, n_comments)):
                ts = core.created + 3600.0 * (1 + k) + rng.random() * 86_400
                comments.append(
                    {
                        "id": 300_000_000 + core.id * 4 + k,
                        "uuid": _uuid(rng),
                        "user": self.user(user_id),
                        "created_at": iso_time(ts),
                        "created_at_details": time_details(ts, 0),
                        "body": rng.choice(_COMMENTS),
                        "flags": [],
                        "hidden": False,
                        "moderator_actions": [],
                    }
                )
            for k, user_id in enumerate(self._other_users(rng, owner.id, core.n_faves)):
                ts = core.created + 86_400.0 * (1 + k * rng.random())
                faves.append(
                    {
                        "id": 400_000_000 + core.id * 8 + k,
                        "vote_flag": True,
                        "vote_scope": None,
                        "user_id": user_id,
                        "created_at": iso_time(ts),
                        "user": self.user(user_id),
                    }
                )
            if rng.random() < 0.08:
                ofvs.append(self._ofv(rng, core, owner.id))
            if taxon is not None and rng.random() < 0.15:
                annotations.append(self._annotation(rng, taxon, owner.id))
            if rng.random() < 0.1:
                tags.append(rng.choice(_TAGS))

        # where
        obscured = core.geoprivacy is not None or (taxon is not None and taxon.iucn in ("EN", "CR"))
        accuracy: int | None
        if extra is not None:
            accuracy = extra.positional_accuracy
        else:
            accuracy = None if rng.random() < 0.15 else int(3 + rng.random() ** 3 * 500)
        location: str | None = None
        geojson: JSON | None = None
        if core.lat is not None and core.lng is not None and core.geoprivacy != "private":
            lat, lng = core.lat, core.lng
            if obscured:
                lat = round((lat // 0.2) * 0.2 + rng.random() * 0.2, 6)
                lng = round((lng // 0.2) * 0.2 + rng.random() * 0.2, 6)
            location = f"{lat},{lng}"
            geojson = {"type": "Point", "coordinates": [lng, lat]}
        place_guess: str | None
        if extra is not None:
            place_guess = extra.place_guess
        else:
            place_guess = place.display_name if place is not None else None
        if core.geoprivacy == "private":
            place_guess = None

        observed_on = dt.datetime.fromtimestamp(core.observed, _tz(off))
        if extra is not None and extra.observed_on_string is not None:
            observed_on_string = extra.observed_on_string
        else:
            hour12 = observed_on.hour % 12 or 12
            ampm = "AM" if observed_on.hour < 12 else "PM"
            observed_on_string = (
                f"{observed_on:%Y/%m/%d} {hour12}:{observed_on:%M} {ampm} UTC{off:+03d}:00"
            )
        if extra is not None and extra.species_guess is not None:
            species_guess = extra.species_guess
        elif taxon is not None:
            species_guess = taxon.common_name or taxon.name
        else:
            species_guess = None
        description = (
            extra.description
            if extra is not None
            else rng.choice(_DESCRIPTIONS)
            if rng.random() < 0.25
            else None
        )
        ident_taxa: set[int] = set()
        for _, t_id, _ in ident_specs:
            ident_taxa.update(self.taxa[t_id].ancestor_ids)
        community = taxon.id if taxon is not None and agreements >= 1 else None
        non_owner = [i for i in idents if not i["own_observation"]]
        mappable = geojson is not None and not core.captive

        d: JSON = {
            "id": core.id,
            "uuid": core.uuid,
            "quality_grade": core.quality_grade,
            "time_observed_at": iso_time(core.observed, off),
            "taxon_geoprivacy": "obscured" if obscured and core.geoprivacy is None else None,
            "annotations": annotations,
            "photos": photos,
            "observed_on_details": time_details(core.observed, off),
            "cached_votes_total": len(faves),
            "identifications_most_agree": agreements >= 1,
            "created_at_details": time_details(core.created, off),
            "species_guess": species_guess,
            "identifications_most_disagree": False,
            "tags": tags,
            "positional_accuracy": accuracy,
            "comments_count": len(comments),
            "site_id": owner.site_id,
            "created_time_zone": core.time_zone,
            "license_code": license_code,
            "observed_time_zone": core.time_zone,
            "quality_metrics": [],
            "public_positional_accuracy": (
                None if accuracy is None else max(accuracy, 28_000) if obscured else accuracy
            ),
            "reviewed_by": sorted({owner.id} | {u for u, _, _ in ident_specs}),
            "oauth_application_id": 3 if seeded and core.detail_seed % 3 == 0 else None,
            "flags": [],
            "created_at": iso_time(core.created, off),
            "description": description,
            "time_zone_offset": f"{off:+03d}:00",
            "project_ids_with_curator_id": [],
            "observed_on": observed_on.date().isoformat(),
            "observed_on_string": observed_on_string,
            "updated_at": iso_time(core.updated, off),
            "sounds": [],
            "place_ids": sorted(place.ancestor_place_ids) if place is not None else [],
            "captive": core.captive,
            "taxon": self.taxon_in_observation(taxon.id) if taxon is not None else None,
            "ident_taxon_ids": sorted(ident_taxa, key=lambda i: self.taxa[i].depth),
            "outlinks": (
                [
                    {
                        "source": "GBIF",
                        "url": f"https://www.gbif.org/occurrence/{4_000_000_000 + core.id}",
                    }
                ]
                if core.quality_grade == "research" and seeded and core.detail_seed % 2 == 0
                else []
            ),
            "faves_count": len(faves),
            "ofvs": ofvs,
            "num_identification_agreements": agreements,
            "num_identification_disagreements": 0,
            "identifications_some_agree": agreements >= 1,
            "preferences": {"prefers_community_taxon": None},
            "comments": comments,
            "map_scale": None if not seeded or rng.random() < 0.5 else rng.randint(9, 19),
            "uri": f"{SITE_URL}/observations/{core.id}",
            "project_ids": [],
            "community_taxon_id": community,
            "geojson": geojson,
            "owners_identification_from_vision": bool(idents and idents[0]["vision"]),
            "identifications_count": len(non_owner),
            "obscured": obscured,
            "project_observations": [],
            "geoprivacy": core.geoprivacy,
            "location": location,
            "votes": faves if details else [],  # as the samples: searches leave votes out
            "spam": False,
            "user": self.user(owner.id, preferences=True),
            "mappable": mappable,
            "identifications": idents,
            "project_ids_without_curator_id": [],
            "observation_photos": observation_photos,
            "place_guess": place_guess,
            "faves": faves,
            "non_owner_ids": non_owner,
            "id_please": False,
            "out_of_range": None,
        }
        if details and community is not None:
            d["community_taxon"] = self.taxon_brief(community)
        return d

    def private_fields(self, core: ObservationCore) -> JSON:
        """What only the observer sees: true coordinates and place."""
        out: JSON = {"private_location": None, "private_geojson": None, "private_place_guess": None}
        if core.lat is not None and core.lng is not None:
            out["private_location"] = f"{core.lat},{core.lng}"
            out["private_geojson"] = {"type": "Point", "coordinates": [core.lng, core.lat]}
        if core.extra is not None:
            out["private_place_guess"] = core.extra.place_guess
        elif core.place_id is not None:
            out["private_place_guess"] = self.places[core.place_id].display_name
        return out

    def _ofv(self, rng: random.Random, core: ObservationCore, owner_id: int) -> JSON:
        ofv_id = 80_000_000 + core.id
        base: JSON = {
            "id": ofv_id,
            "uuid": _uuid(rng),
            "user_id": owner_id,
            "updater_id": owner_id,
            "user": self.user(owner_id),
        }
        if rng.random() < 0.5:
            count = str(1 + int(rng.random() ** 2 * 20))
            return {
                **base,
                "field_id": 1,
                "datatype": "numeric",
                "name": "Number of individuals",
                "name_ci": "Number of individuals",
                "value": count,
                "value_ci": count,
            }
        plants = self.children_species(47126)
        plant = plants[rng.randrange(len(plants))]
        return {
            **base,
            "field_id": 47,
            "datatype": "taxon",
            "name": "Interaction->Visited flower of",
            "name_ci": "Interaction->Visited flower of",
            "value": str(plant),
            "value_ci": str(plant),
            "taxon_id": str(plant),
            "taxon": self.taxon_in_identification(plant, ancestors=False),
        }

    def _annotation(self, rng: random.Random, taxon: TaxonRow, owner_id: int) -> JSON:
        applicable = [
            aid for aid, (_, clades, _) in TERMS.items() if set(clades) & set(taxon.ancestor_ids)
        ]
        if not applicable:
            applicable = [17]
        attr_id = applicable[rng.randrange(len(applicable))]
        values = list(TERMS[attr_id][2])
        value_id = values[rng.randrange(len(values))]
        votes: list[JSON] = []
        if rng.random() < 0.3:
            voter = self._other_users(rng, owner_id, 1)[0]
            votes.append(
                {
                    "id": 90_000_000 + rng.randrange(10_000_000),
                    "vote_flag": True,
                    "vote_scope": None,
                    "user_id": voter,
                    "created_at": iso_time(1_600_000_000 + rng.randrange(100_000_000)),
                    "user": self.user(voter),
                }
            )
        return {
            "uuid": _uuid(rng),
            "controlled_attribute_id": attr_id,
            "controlled_value_id": value_id,
            "concatenated_attr_val": f"{attr_id}|{value_id}",
            "vote_score": len(votes),
            "user_id": owner_id,
            "votes": votes,
            "user": self.user(owner_id),
            "controlled_attribute": TERM_ATTRIBUTES[attr_id],
            "controlled_value": TERM_VALUES[value_id],
        }

    def children_species(self, ancestor_id: int) -> list[int]:
        key = ("species-under", ancestor_id)
        cached = self._taxon_cache.get(key)
        if cached is None:
            ids = [
                t.id
                for t in self.world.taxa
                if t.rank == "species" and t.is_active and ancestor_id in t.ancestor_ids
            ]
            cached = {"ids": ids}
            self._taxon_cache[key] = cached
        result: list[int] = cached["ids"]
        return result


# Species of the seeded tree that are introduced in much of the range the emulator places them.
_INTRODUCED = frozenset(
    {
        "Sturnus vulgaris",
        "Passer domesticus",
        "Columba livia",
        "Harmonia axyridis",
        "Halyomorpha halys",
        "Apis mellifera",
        "Cornu aspersum",
        "Taraxacum officinale",
        "Plantago major",
        "Rubus armeniacus",
        "Cyprinus carpio",
        "Pieris rapae",
    }
)


def only_ids(ids: Iterable[int]) -> list[JSON]:
    """``results`` of an ``only_id=true`` search."""
    return [{"id": i} for i in ids]


def envelope(total: int, page: int, per_page: int, results: list[JSON]) -> JSON:
    return {"total_results": total, "page": page, "per_page": per_page, "results": results}


def merged(record: Mapping[str, Any], extra: Mapping[str, Any]) -> JSON:
    """A shallow copy of ``record`` with ``extra`` added (records themselves stay shared)."""
    out = dict(record)
    out.update(extra)
    return out
