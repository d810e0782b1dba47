"""The emulator's in-memory store: the seeded world plus what tests and clients add.

The seeded world (:func:`inatsdk.testing.seed.generate_world`) never changes; records added
later (``add_observations``, ``POST /v1/observations``) live beside it, so :meth:`Store.reset`
is instant: it drops the additions. Reads take a snapshot (an immutable tuple), so a search
sees a consistent set of records even while another thread adds some.
"""

from __future__ import annotations

import copy
import functools
import random
import threading
import time
import uuid
from collections.abc import Mapping
from typing import Any

from inatsdk.testing.records import JSON, Renderer
from inatsdk.testing.seed import (
    ObservationCore,
    ObservationExtra,
    World,
    generate_world,
    next_observations,
)

__all__ = ["Store"]


@functools.lru_cache(maxsize=8)
def _renderer(world: World) -> Renderer:
    return Renderer(world)


@functools.lru_cache(maxsize=8)
def _indexes(world: World) -> tuple[dict[int, ObservationCore], dict[str, ObservationCore]]:
    by_id = {o.id: o for o in world.observations}
    by_uuid = {o.uuid: o for o in world.observations}
    return by_id, by_uuid


class Store:
    """The records one emulator serves. Thread-safe.

    Parameters:
        observations: how many observations to seed.
        seed: the seed of the generator; the same seed gives the same records.
    """

    def __init__(self, *, observations: int = 2000, seed: int = 0) -> None:
        self.seed = seed
        self.world: World = generate_world(seed, observations)
        self.renderer: Renderer = _renderer(self.world)
        self._base_by_id, self._base_by_uuid = _indexes(self.world)
        self._lock = threading.RLock()
        self._order: tuple[ObservationCore, ...] = ()
        self._added: dict[int, ObservationCore] = {}
        self._added_by_uuid: dict[str, ObservationCore] = {}
        self._added_json: dict[tuple[int, bool], JSON] = {}
        self._rng = random.Random()
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: every added record is gone."""
        with self._lock:
            self._order = self.world.observations
            self._added = {}
            self._added_by_uuid = {}
            self._added_json = {}
            self._rng = random.Random(f"{self.seed}:added")

    # -----------------------------------------------------------------------------------------
    # Observations
    # -----------------------------------------------------------------------------------------

    def observations_snapshot(self) -> tuple[ObservationCore, ...]:
        """Every observation, ascending by id, as of now (later additions are not in it)."""
        return self._order

    def observation_ids(self) -> list[int]:
        """Ids of every observation, ascending."""
        return [o.id for o in self._order]

    def observation_count(self) -> int:
        return len(self._order)

    def observation_core(self, key: int | str) -> ObservationCore | None:
        """The observation with this id, or UUID."""
        if isinstance(key, int):
            return self._base_by_id.get(key) or self._added.get(key)
        return self._base_by_uuid.get(key) or self._added_by_uuid.get(key)

    def render_observation(self, core: ObservationCore, *, details: bool = False) -> JSON:
        """The JSON form of one record (shared: do not change it)."""
        if core.id in self._base_by_id:
            return self.renderer.observation(core, details=details)
        key = (core.id, details)
        cached = self._added_json.get(key)
        if cached is None:
            cached = self.renderer.observation(core, details=details, cache=False)
            self._added_json[key] = cached
        return cached

    def get_observation(self, observation_id: int) -> dict[str, Any] | None:
        """A copy of the record ``GET /v1/observations/{id}`` gives, or ``None``."""
        core = self.observation_core(observation_id)
        if core is None:
            return None
        return copy.deepcopy(self.render_observation(core, details=True))

    def add_observations(
        self, n: int, *, user_id: int | None = None, taxon_id: int | None = None
    ) -> list[int]:
        """Add ``n`` generated observations, newer (higher ids, later ``created_at``) than every
        existing one; returns their ids. Safe to call while other threads serve requests."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        if user_id is not None and user_id not in self.renderer.users:
            raise ValueError(f"no user {user_id} in the emulator")
        if taxon_id is not None and taxon_id not in self.renderer.taxa:
            raise ValueError(f"no taxon {taxon_id} in the emulator")
        with self._lock:
            last = self._order[-1] if self._order else None
            cores = next_observations(
                self.world,
                self._rng,
                after_id=last.id if last else 9_999_999,
                after_created=last.created if last else 1_700_000_000.0,
                count=n,
                user_id=user_id,
                taxon_id=taxon_id,
            )
            self._append(cores)
        return [c.id for c in cores]

    def create_observation(
        self,
        *,
        user_id: int,
        taxon_id: int | None,
        lat: float | None,
        lng: float | None,
        observed: float | None,
        captive: bool,
        geoprivacy: str | None,
        record_uuid: str | None,
        extra: ObservationExtra,
    ) -> ObservationCore:
        """Store a record a client created (``POST /v1/observations``)."""
        with self._lock:
            last = self._order[-1] if self._order else None
            now = time.time()
            created = max(now, (last.created + 1.0) if last else now)
            obs_id = (last.id if last else 9_999_999) + 1
            place_id = self._place_for(lat, lng)
            place = self.renderer.places.get(place_id) if place_id is not None else None
            offset = place.utc_offset if place is not None else 0
            when = observed if observed is not None else created
            core = ObservationCore(
                id=obs_id,
                uuid=record_uuid or str(uuid.uuid4()),
                user_id=user_id,
                taxon_id=taxon_id,
                created=float(int(created)),
                updated=float(int(created)),
                observed=float(int(when)),
                observed_day=int((when + offset * 3600) // 86_400),
                place_id=place_id,
                lat=lat,
                lng=lng,
                utc_offset=offset,
                time_zone=place.time_zone if place is not None else "Etc/UTC",
                quality_grade="casual",  # no photos yet
                captive=captive,
                geoprivacy=geoprivacy,
                n_photos=0,
                n_faves=0,
                detail_seed=self._rng.getrandbits(48),
                extra=extra,
            )
            self._append([core])
            return core

    def _append(self, cores: list[ObservationCore]) -> None:
        if not cores:
            return
        for c in cores:
            self._added[c.id] = c
            self._added_by_uuid[c.uuid] = c
        self._order = self._order + tuple(cores)

    def _place_for(self, lat: float | None, lng: float | None) -> int | None:
        """The smallest seeded place containing the point, if any."""
        if lat is None or lng is None:
            return None
        best: int | None = None
        best_level = -100
        for place in self.renderer.places.values():
            swlat, swlng, nelat, nelng = place.bbox
            level = place.admin_level if place.admin_level is not None else -100
            if swlat <= lat <= nelat and swlng <= lng <= nelng and level > best_level:
                best, best_level = place.id, level
        return best

    # -----------------------------------------------------------------------------------------
    # Taxa, users, places (fixed by the seed)
    # -----------------------------------------------------------------------------------------

    def taxa_count(self) -> int:
        return len(self.world.taxa)

    def taxon_ids(self) -> list[int]:
        """Ids of every taxon, ascending."""
        return sorted(self.renderer.taxa)

    def get_taxon(self, taxon_id: int) -> dict[str, Any] | None:
        """A copy of the record ``GET /v1/taxa/{id}`` gives, or ``None``."""
        if taxon_id not in self.renderer.taxa:
            return None
        return copy.deepcopy(self.renderer.taxon_details(taxon_id))

    def find_taxon(self, name: str) -> int | None:
        """The id of the taxon with this scientific name (any case)."""
        row = self.renderer.taxa_by_name.get(name.lower())
        return row.id if row is not None else None

    def user_ids(self) -> list[int]:
        return [u.id for u in self.world.users]

    def user_logins(self) -> dict[int, str]:
        """Every seeded user: id -> login."""
        return {u.id: u.login for u in self.world.users}

    def user_id(self, login: str) -> int | None:
        row = self.renderer.users_by_login.get(login.lower())
        return row.id if row is not None else None

    def get_user(self, user_id: int) -> dict[str, Any] | None:
        if user_id not in self.renderer.users:
            return None
        return copy.deepcopy(self.renderer.user(user_id))

    def place_ids(self) -> list[int]:
        return [p.id for p in self.world.places]

    def has_user(self, user_id: int) -> bool:
        return user_id in self.renderer.users

    def describe(self) -> Mapping[str, int]:
        """Counts, for logs and the CLI."""
        return {
            "observations": self.observation_count(),
            "taxa": self.taxa_count(),
            "users": len(self.world.users),
            "places": len(self.world.places),
        }
