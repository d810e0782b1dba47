"""The emulator's in-memory store: the seeded world plus what tests and clients add.

The seeded world (:func:`inatsdk.testing.seed.generate_world`) never changes; records added
later (``add_observations``, ``POST /v1/observations``) live beside it, so :meth:`Store.reset`
is instant: it drops the additions. Reads take a snapshot (an immutable tuple), so a search
sees a consistent set of records even while another thread adds some.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import random
import threading
import time
import uuid
from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any

from inatsdk.testing.identifications.seed import (
    IdentificationRow,
    embedded_observation,
    identification_record,
    rows_for_observation,
    seeded_rows,
)
from inatsdk.testing.records import JSON, Renderer
from inatsdk.testing.seed import (
    ObservationCore,
    ObservationExtra,
    World,
    generate_world,
    next_observations,
)
from inatsdk.testing.states import StateRegistry

if TYPE_CHECKING:
    from inatsdk.testing.controlled_terms.seed import TermRow
    from inatsdk.testing.identifications.state import SocialWrites
    from inatsdk.testing.messages.seed import MessageRow
    from inatsdk.testing.observation_fields.seed import ObservationFieldCatalog
    from inatsdk.testing.observations.state import ObservationEdit, ObservationWrites
    from inatsdk.testing.places.seed import PlaceCatalog
    from inatsdk.testing.posts.seed import PostRow, ProjectParent
    from inatsdk.testing.projects.seed import ProjectCatalog
    from inatsdk.testing.users.state import AccountWrites

__all__ = ["Store"]


@functools.lru_cache(maxsize=8)
def _renderer(world: World) -> Renderer:
    return Renderer(world)


@functools.lru_cache(maxsize=8)
def _indexes(world: World) -> tuple[dict[int, ObservationCore], dict[str, ObservationCore]]:
    by_id = {o.id: o for o in world.observations}
    by_uuid = {o.uuid: o for o in world.observations}
    return by_id, by_uuid


class _MessageReads:
    """Messages read since the last reset: message id -> when."""

    def __init__(self) -> None:
        self.at: dict[int, float] = {}


class Store:
    """The records one emulator serves. Thread-safe.

    Parameters:
        observations: how many observations to seed.
        seed: the seed of the generator; the same seed gives the same records.
    """

    def __init__(self, *, observations: int = 2000, seed: int = 0) -> None:
        self._lock = threading.RLock()
        self.states = StateRegistry()
        """What clients changed, one state per resource kind (see
        :class:`~inatsdk.testing.states.StateRegistry`); :meth:`reset` empties it."""
        self._seed_world(generate_world(seed, observations), seed)

    def _seed_world(self, world: World, seed: int) -> None:
        self.seed = seed
        self.world: World = world
        self.renderer: Renderer = _renderer(self.world)
        self._base_by_id, self._base_by_uuid = _indexes(self.world)
        self._order: tuple[ObservationCore, ...] = ()
        self._added: dict[int, ObservationCore] = {}
        self._added_by_uuid: dict[str, ObservationCore] = {}
        self._added_json: dict[tuple[int, bool], JSON] = {}
        self._rng = random.Random()
        self.reset()

    def reseed(self, *, observations: int, seed: int) -> None:
        """A new world: ``observations`` observations generated from ``seed`` (as a new
        ``Store(observations=..., seed=...)``), and nothing added."""
        world = generate_world(seed, observations)
        with self._lock:
            kept, states = self._lock, self.states
            self.__dict__.clear()  # every cache built from the old world goes
            self._lock, self.states = kept, states
            self._seed_world(world, seed)

    def reset(self) -> None:
        """Back to the seeded state: every added record is gone, and every resource state
        (:attr:`states`: the writes to observations and accounts, the messages read) with
        it."""
        with self._lock:
            self.states.reset()
            self._order = self.world.observations
            self._added = {}
            self._added_by_uuid = {}
            self._added_json = {}
            self._rng = random.Random(f"{self.seed}:added")
            self.renderer = _renderer(self.world)  # drops users added with add_user

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
        # Records written to since seeding live in _added too, shadowing their seeded form.
        if isinstance(key, int):
            return self._added.get(key) or self._base_by_id.get(key)
        return self._added_by_uuid.get(key) or self._base_by_uuid.get(key)

    def render_observation(self, core: ObservationCore, *, details: bool = False) -> JSON:
        """The JSON form of one record (shared: do not change it)."""
        if core.id in self._base_by_id and core.id not in self._added:
            return self.renderer.observation(core, details=details)
        key = (core.id, details)
        cached = self._added_json.get(key)
        if cached is None:
            cached = self.renderer.observation(core, details=details, cache=False)
            cached = self._with_observation_writes(core, cached, details)
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

    # -----------------------------------------------------------------------------------------
    # Identifications: an index of those inside the observations (seed_identifications.py)
    # -----------------------------------------------------------------------------------------

    _IdentIndex = tuple[tuple[IdentificationRow, ...], dict[int, IdentificationRow]]
    _ident_index: tuple[tuple[ObservationCore, ...], _IdentIndex] | None = None
    """The index and the observations it was built from (rebuilt when those change)."""
    _ident_added: dict[ObservationCore, tuple[IdentificationRow, ...]] | None = None
    """Rows of records added after seeding, by record."""

    def _identification_index(self) -> _IdentIndex:
        order = self._order
        index = self._ident_index
        if index is not None and index[0] is order:
            return index[1]
        rows: list[IdentificationRow] = list(seeded_rows(self.world, self.renderer))
        added = self._ident_added if self._ident_added is not None else {}
        for core in order[len(self.world.observations) :]:
            own = added.get(core)
            if own is None:
                own = tuple(rows_for_observation(self.render_observation(core), core))
                added[core] = own
            rows.extend(own)
        rows.sort(key=lambda r: r.id)
        snapshot = tuple(rows)
        by_id = {r.id: r for r in snapshot}
        self._ident_added = added
        self._ident_index = (order, (snapshot, by_id))
        return snapshot, by_id

    def identifications_snapshot(self) -> tuple[IdentificationRow, ...]:
        """Every identification of every observation, ascending by id, as of now."""
        return self._identification_index()[0]

    def identification_row(self, identification_id: int) -> IdentificationRow | None:
        """The index row of one identification, or ``None``."""
        return self._identification_index()[1].get(identification_id)

    def render_identification(self, row: IdentificationRow) -> JSON:
        """One identification as ``GET /v1/identifications`` gives it (shared: do not change)."""
        core = self.observation_core(row.observation_id)
        assert core is not None, row
        observation = embedded_observation(self.render_observation(core, details=True), core)
        return identification_record(self.renderer, row, observation)

    def get_identification(self, identification_id: int) -> dict[str, Any] | None:
        """A copy of the record ``GET /v1/identifications/{id}`` gives, or ``None``."""
        row = self.identification_row(identification_id)
        if row is None:
            return None
        return copy.deepcopy(self.render_identification(row))

    # -----------------------------------------------------------------------------------------
    # Accounts (auth): users registered at run time (Emulator.add_user)
    # -----------------------------------------------------------------------------------------

    def add_user(self, login: str) -> int:
        """Register a user named ``login`` and return its id; an existing login (seeded or
        added) returns that user's id. Added users are served like seeded ones (records,
        ``has_user``, ``user_id``, ``get_user``) until :meth:`reset`.

        The renderer is shared by every store of the same world, so the first added user gives
        this store a private copy of it (its own user tables; the other caches stay shared,
        since they only hold seeded records).
        """
        from inatsdk.testing.seed import UserRow

        login = login.strip()
        if not login or any(c.isspace() for c in login):
            raise ValueError(f"not a valid login: {login!r}")
        with self._lock:
            existing = self.user_id(login)
            if existing is not None:
                return existing
            renderer = self.renderer
            if renderer is _renderer(self.world):
                renderer = renderer.with_own_users()
            user_id = max(renderer.users) + 1
            row = UserRow(
                id=user_id,
                login=login,
                name=None,
                created_at=float(int(time.time())),
                roles=(),
                has_icon=False,
                orcid=None,
                identifications_count=0,
                journal_posts_count=0,
                site_id=1,
            )
            renderer.users[user_id] = row
            renderer.users_by_login[login.lower()] = row
            self.renderer = renderer
            return user_id

    # -----------------------------------------------------------------------------------------
    # Places, projects, observation fields, the signed-in user (seed_places.py, seed_projects.py,
    # seed_observation_fields.py, seed_users.py): built on first use, shared per world
    # -----------------------------------------------------------------------------------------

    def place_catalog(self) -> PlaceCatalog:
        """The places ``/v1/places...`` serves: the seeded ones plus community places."""
        from inatsdk.testing.places.seed import place_catalog

        return place_catalog(self.world)

    def project_catalog(self) -> ProjectCatalog:
        """The projects ``/v1/projects...`` serves, with their members and subscriptions."""
        from inatsdk.testing.projects.seed import project_catalog

        writes = self._account_writes_if_any()  # projects written to: this store's own copy
        shared = project_catalog(self.world)
        return shared if writes is None else writes.project_catalog(shared)

    def observation_field_catalog(self) -> ObservationFieldCatalog:
        """The observation fields ``/v1/observation_fields/autocomplete`` serves."""
        from inatsdk.testing.observation_fields.seed import observation_field_catalog

        return observation_field_catalog(self.world)

    def get_me(self, user_id: int) -> dict[str, Any] | None:
        """The record ``GET /v1/users/me`` gives this user (public and private fields)."""
        from inatsdk.testing.users.seed import private_user_fields

        row = self.renderer.users.get(user_id)
        if row is None:
            return None
        record = {
            **copy.deepcopy(self.renderer.user(user_id)),
            **private_user_fields(self.world, row),
        }
        from inatsdk.testing.users.v2_writes_name_priorities import name_priority_records

        record["taxon_name_priorities"] = name_priority_records(self, user_id)
        writes = self._account_writes_if_any()  # PUT /users/{id}, mutes, blocks
        return record if writes is None else writes.me_record(user_id, record)

    # -----------------------------------------------------------------------------------------
    # Controlled terms, messages, posts (seed_controlled_terms.py, seed_messages.py,
    # seed_posts.py); site search and map tiles read the other resources
    # -----------------------------------------------------------------------------------------

    """Messages read since the last reset: (that reset's ``_added`` dict, message id -> when).
    :meth:`reset` gives ``_added`` a new dict, which is how a reset is noticed here."""

    def controlled_terms(self) -> tuple[TermRow, ...]:
        """The controlled attributes (with their values), ascending by id."""
        from inatsdk.testing.controlled_terms.seed import controlled_terms

        return controlled_terms()

    def message_rows(self, user_id: int) -> tuple[MessageRow, ...]:
        """The copies of messages this user owns (sent and received), ascending by id."""
        from inatsdk.testing.messages.seed import messages_by_owner

        seeded = messages_by_owner(self.world).get(user_id, ())
        writes = self._account_writes_if_any()  # messages sent and deleted
        return seeded if writes is None else writes.message_rows(user_id, seeded)

    def _reads(self) -> dict[int, float]:
        return self.states.get(_MessageReads).at

    def message_read_at(self, row: MessageRow) -> float | None:
        """When the owner read this copy (as seeded, or since through ``GET /messages/{id}``)."""
        if row.read is not None:
            return row.read
        return self._reads().get(row.id)

    def mark_messages_read(self, rows: tuple[MessageRow, ...] | list[MessageRow]) -> None:
        """Mark these copies read now (until the next reset)."""
        now = time.time()
        reads = self._reads()
        with self._lock:
            for row in rows:
                if row.read is None:
                    reads.setdefault(row.id, now)

    def render_message(self, row: MessageRow) -> JSON:
        """One copy as ``/v1/messages`` gives it (a fresh dict)."""
        from inatsdk.testing.messages.seed import message_json

        return message_json(row, self.message_read_at(row), self.renderer)

    _post_parents: dict[int, ProjectParent] | None = None

    def post_projects(self) -> dict[int, ProjectParent]:
        """The projects whose journals have posts, by id (built once: the world is fixed)."""
        if self._post_parents is not None:
            return self._post_parents
        from inatsdk.testing.posts.seed import ProjectParent

        catalog = self.shared_project_catalog()  # as seeded: the seeded posts depend on it
        parents: dict[int, ProjectParent] = {}
        for row in catalog.rows:
            if row.last_post_at is None:
                continue
            icon = catalog.record(row, self.renderer).get("icon")
            parents[row.id] = ProjectParent(
                id=row.id,
                title=row.title,
                icon_url=icon if isinstance(icon, str) else None,
                last_post_at=row.last_post_at,
            )
        self._post_parents = parents
        return parents

    def post_rows(self) -> tuple[PostRow, ...]:
        """Every published post, ascending by id (and publication time)."""
        from inatsdk.testing.posts.seed import seeded_posts

        seeded = seeded_posts(self.world, tuple(self.post_projects().values()))
        writes = self._account_writes_if_any()  # posts written, edited, deleted
        return seeded if writes is None else writes.post_rows(seeded)

    def render_post(self, row: PostRow) -> JSON:
        """One post as ``/v1/posts`` gives it (a fresh dict)."""
        from inatsdk.testing.posts.seed import post_json

        return post_json(row, self.renderer, self.post_projects())

    def subscribed_project_ids(self, user_id: int) -> frozenset[int]:
        """The projects whose updates this user subscribes to."""
        catalog = self.project_catalog()
        return frozenset(s.project_id for s in catalog.subscriptions if s.user_id == user_id)

    # -----------------------------------------------------------------------------------------
    # Observations' aggregate and detail reads: participation, subscriptions, updates,
    # deletions, quality metrics, taxon summaries (seed_observation_activity.py)
    # -----------------------------------------------------------------------------------------

    def observation_identifiers(self) -> Mapping[int, tuple[int, ...]]:
        """Observation id -> the people other than its observer who identified it, as of now."""
        from inatsdk.testing.observations.seed_activity import activity_of

        return activity_of(self.world, self._order, self.render_observation).identifiers

    def observation_subscriptions(self, observation_id: int, user_id: int) -> list[JSON]:
        """The subscriptions of ``user_id`` that cover an observation (none if unknown)."""
        from inatsdk.testing.observations.seed_activity import activity_of, subscriptions

        core = self.observation_core(observation_id)
        if core is None:
            return []
        activity = activity_of(self.world, self._order, self.render_observation)
        rows = subscriptions(self.world, activity, core, user_id)
        writes = self._observation_writes_if_any()  # subscribe toggles
        return rows if writes is None else writes.subscriptions(core, rows, user_id)

    def observation_updates(self, user_id: int) -> list[JSON]:
        """The notifications of ``user_id`` (identifications and comments), newest first."""
        from inatsdk.testing.observations.seed_activity import activity_of, updates

        order = self._order
        activity = activity_of(self.world, order, self.render_observation)
        rows = updates(activity, order, self.observation_core, self.render_observation, user_id)
        writes = self._observation_writes_if_any()  # PUT /observations/{id}/viewed_updates
        return rows if writes is None else writes.viewed(rows, user_id)

    def deleted_observation_ids(self, user_id: int, since: float) -> list[int]:
        """Ids of the observations ``user_id`` deleted at or after ``since``, highest first."""
        from inatsdk.testing.observations.seed_activity import deleted_observations

        ids = [
            d.id
            for d in deleted_observations(self.world)
            if d.user_id == user_id and d.deleted >= since
        ]
        writes = self._observation_writes_if_any()  # DELETE /observations/{id}
        if writes is not None:
            mine = [i for i, (u, when) in writes.deleted.items() if u == user_id and when >= since]
            ids = sorted({*ids, *mine}, reverse=True)
        return ids

    def observation_quality_metrics(self, observation_id: int) -> list[JSON]:
        """The data-quality votes on an observation (none if unknown)."""
        from inatsdk.testing.observations.seed_activity import quality_metrics

        core = self.observation_core(observation_id)
        if core is None:
            return []
        rows = quality_metrics(self.renderer, core)
        writes = self._observation_writes_if_any()  # POST/DELETE .../quality/{metric}
        return rows if writes is None else writes.quality_metrics(core, rows, self.renderer)

    def observation_taxon_summary(self, observation_id: int) -> JSON | None:
        """``/observations/{id}/taxon_summary`` of an observation, or ``None`` if unknown."""
        from inatsdk.testing.observations.seed_activity import taxon_summary

        core = self.observation_core(observation_id)
        return None if core is None else taxon_summary(self.renderer, self._order, core)

    # -----------------------------------------------------------------------------------------
    # Writes: identifications, comments, annotations (and votes), flags (writes_social.py)
    # -----------------------------------------------------------------------------------------

    def social_writes(self) -> SocialWrites:
        """What clients wrote about observations since the last reset: identifications,
        comments, annotations, votes on them and flags. Created on the first write, when the
        store's renderer becomes a :class:`~inatsdk.testing.identifications.state.SocialRenderer`
        (so every read that renders observations shows the writes); :meth:`reset` drops it."""
        from inatsdk.testing.identifications.state import SocialRenderer, SocialWrites

        with self._lock:
            renderer = self.renderer
            if isinstance(renderer, SocialRenderer):
                return renderer.social
            # Index the identifications from the plain records first (cached per world), so
            # the overlay only ever re-indexes the observations written about. The index is
            # kept against a copy of the record order: a reset puts the seeded order back,
            # which then no longer matches, so the index is rebuilt without the writes.
            index = self._identification_index()
            self._order = (*self._order,)  # a new tuple object, the same records
            self._ident_index = (self._order, index)
            social = SocialWrites(self)
            self.renderer = SocialRenderer.wrap(renderer, social)
            return social

    def social_changed(self, observation_id: int, *, identifications: bool = False) -> None:
        """After a write about an observation: forget its rendered forms and, when its
        identifications changed, index them again."""
        from inatsdk.testing.identifications.seed import rows_for_observation

        with self._lock:
            self._added_json.pop((observation_id, False), None)
            self._added_json.pop((observation_id, True), None)
            core = self.observation_core(observation_id)
            index = self._ident_index
            if not identifications or core is None or index is None:
                return
            if index[0] is not self._order:
                self._ident_index = None  # rebuilt on the next read, with the writes
                return
            own = tuple(rows_for_observation(self.render_observation(core), core))
            if self._ident_added is not None and core in self._ident_added:
                self._ident_added[core] = own
            rows = [r for r in index[1][0] if r.observation_id != observation_id]
            rows.extend(own)
            rows.sort(key=lambda r: r.id)
            snapshot = tuple(rows)
            self._ident_index = (self._order, (snapshot, {r.id: r for r in snapshot}))

    # -----------------------------------------------------------------------------------------
    # Writes: projects, project observations, messages, posts, users (account_writes.py)
    # -----------------------------------------------------------------------------------------

    def account_writes(self) -> AccountWrites:
        """What clients wrote to projects, project observations, messages, posts and users
        since the last reset; the project, message, post and ``/users/me`` reads show it."""
        from inatsdk.testing.users.state import AccountWrites

        return self.states.get(AccountWrites, lambda: AccountWrites(self.world))

    def _account_writes_if_any(self) -> AccountWrites | None:
        from inatsdk.testing.users.state import AccountWrites

        return self.states.peek(AccountWrites)

    def shared_project_catalog(self) -> ProjectCatalog:
        """The seeded projects, as every store of this world shares them (never changed)."""
        from inatsdk.testing.projects.seed import project_catalog

        return project_catalog(self.world)

    def edit_user(self, user_id: int, **changes: Any) -> None:
        """Change a user's ``login`` or ``name`` where every record shows it (this store
        only, until :meth:`reset`)."""
        import attrs

        from inatsdk.testing.users.state import private_renderer

        with self._lock:
            renderer = private_renderer(self.renderer, _renderer(self.world))
            old = renderer.users[user_id]
            renderer.replace_user(old, attrs.evolve(old, **changes))
            self.renderer = renderer

    # -----------------------------------------------------------------------------------------
    # Writes: observations, photos, sounds, field values, faves, votes, reviews, quality votes,
    # subscriptions, viewed updates (observation_writes.py)
    # -----------------------------------------------------------------------------------------

    def observation_writes(self) -> ObservationWrites:
        """What clients wrote to observations since the last reset (uploaded files included);
        every read that renders observations shows it."""
        from inatsdk.testing.observations.state import ObservationWrites

        return self.states.get(ObservationWrites)

    def _observation_writes_if_any(self) -> ObservationWrites | None:
        from inatsdk.testing.observations.state import ObservationWrites

        return self.states.peek(ObservationWrites)

    def _with_observation_writes(self, core: ObservationCore, record: JSON, details: bool) -> JSON:
        writes = self._observation_writes_if_any()
        return record if writes is None else writes.apply(core, record, details, self.renderer)

    def writing(self) -> contextlib.AbstractContextManager[bool]:
        """The store's lock, for a write that spans several calls (``with store.writing():``)."""
        return self._lock

    @contextlib.contextmanager
    def editing_observation(self, observation_id: int) -> Generator[ObservationEdit, None, None]:
        """``with store.editing_observation(id) as edit:`` change what is laid over one record
        (see :class:`~inatsdk.testing.observations.state.ObservationEdit`); its rendered forms
        are dropped afterwards. Raises ``KeyError`` for an unknown id."""
        with self._lock:
            core = self.observation_core(observation_id)
            if core is None:
                raise KeyError(observation_id)
            self._shadow(core)
            try:
                yield self.observation_writes().edit(observation_id)
            finally:
                self._added_json.pop((observation_id, False), None)
                self._added_json.pop((observation_id, True), None)

    def _shadow(self, core: ObservationCore) -> None:
        """Keep ``core`` (a seeded record about to be written to) among the records of this
        store, so that it is rendered with what was written."""
        if core.id not in self._added:
            self._added[core.id] = core
            self._added_by_uuid[core.uuid] = core

    def replace_observation(self, core: ObservationCore) -> None:
        """Put ``core`` in place of the record with its id (the searches see it at once)."""
        import bisect

        with self._lock:
            old = self.observation_core(core.id)
            if old is None:
                raise KeyError(core.id)
            order = self._order
            at = bisect.bisect_left(order, core.id, key=lambda c: c.id)
            self._order = (*order[:at], core, *order[at + 1 :])
            if old.uuid != core.uuid:
                self._added_by_uuid.pop(old.uuid, None)
            self._added[core.id] = core
            self._added_by_uuid[core.uuid] = core
            self._added_json.pop((core.id, False), None)
            self._added_json.pop((core.id, True), None)

    def remove_observation(self, observation_id: int) -> bool:
        """Delete a record a client created (``DELETE /observations/{id}``); False for a seeded
        one, which the emulator keeps."""
        with self._lock:
            core = self.observation_core(observation_id)
            if core is None or observation_id in self._base_by_id:
                return False
            self._order = tuple(c for c in self._order if c.id != observation_id)
            self._added.pop(observation_id, None)
            self._added_by_uuid.pop(core.uuid, None)
            self._added_json.pop((observation_id, False), None)
            self._added_json.pop((observation_id, True), None)
            self.observation_writes().deleted[observation_id] = (core.user_id, time.time())
            return True

    def place_containing(self, lat: float | None, lng: float | None) -> int | None:
        """The smallest seeded place containing the point, if any."""
        return self._place_for(lat, lng)
