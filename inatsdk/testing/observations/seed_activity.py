"""What the emulator knows around its observations: who takes part in which, who follows whom,
which observations were deleted, data-quality votes, and what a taxon summary says.

Everything derives from the seeded world, deterministically:

* **participation**: the people who identified or commented on an observation (read out of the
  rendered observations, so it always agrees with them) are subscribed to it from their first
  identification or comment on; its observer from its creation. Their notifications
  (``/observations/updates``) are the identifications and comments others added afterwards;
* **follows**: each seeded user follows a few others (a ``"User"`` subscription);
* **deletions**: some ids between seeded observations belong to observations their observers
  deleted (``/observations/deleted``); they never collide with a served id;
* **quality metrics**: a captive observation carries its observer's "not wild" vote (which is
  how iNaturalist marks it captive); a few others carry a vote on location, date or evidence.

Indexes over the seeded observations are built once per world (rendering each observation
once, about 0.1 ms apiece) and shared by every emulator of that world.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import random
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from inatsdk.testing.records import JSON, Renderer, iso_time
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.seed import ObservationCore, World
from inatsdk.testing.taxa.seed import IUCN_STATUSES

__all__ = [
    "Activity",
    "DeletedObservation",
    "activity_of",
    "deleted_observations",
    "follows",
    "quality_metrics",
    "stable_id",
    "subscriptions",
    "taxon_summary",
    "updates",
]

Render = Callable[[ObservationCore], JSON]

_IUCN_NAMES = dict(IUCN_STATUSES.values())
_IUCN_CODES = {level: code for code, (level, _) in IUCN_STATUSES.items()}
_METRICS = ("location", "date", "evidence", "recent", "subject")


def stable_id(*parts: object, digits: int = 9) -> int:
    """A deterministic positive id of about ``digits`` digits drawn from ``parts``."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    top: int = 10**digits
    return top + int.from_bytes(digest, "big") % (9 * top)


def _epoch(text: Any) -> float:
    return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()


# ---------------------------------------------------------------------------------------------
# Participation: identifiers and commenters of each observation
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class Activity:
    """Who took part in which observations (besides their observers)."""

    identifiers: Mapping[int, tuple[int, ...]]
    """Observation id -> the people other than its observer who identified it (distinct)."""
    joined: Mapping[int, Mapping[int, float]]
    """User id -> {observation id: when they first identified or commented on it}, for the
    observations of others they took part in."""


def _scan(cores: Iterable[ObservationCore], render: Render) -> Activity:
    identifiers: dict[int, tuple[int, ...]] = {}
    joined: dict[int, dict[int, float]] = {}
    for core in cores:
        record = render(core)
        idents: list[int] = []
        for key in ("identifications", "comments"):
            for item in record.get(key) or ():
                user_id = item["user"]["id"]
                if user_id == core.user_id:
                    continue
                if key == "identifications" and user_id not in idents:
                    idents.append(user_id)
                when = _epoch(item["created_at"])
                mine = joined.setdefault(user_id, {})
                if core.id not in mine or when < mine[core.id]:
                    mine[core.id] = when
        if idents:
            identifiers[core.id] = tuple(idents)
    return Activity(identifiers=identifiers, joined=joined)


_seeded: dict[int, tuple[World, Activity]] = {}
_seeded_lock = threading.Lock()


def _seeded_activity(world: World, render: Render) -> Activity:
    key = id(world)
    with _seeded_lock:
        found = _seeded.get(key)
        if found is not None and found[0] is world:
            return found[1]
    activity = _scan(world.observations, render)
    with _seeded_lock:
        if len(_seeded) >= 8:
            _seeded.clear()
        _seeded[key] = (world, activity)
    return activity


def activity_of(
    world: World, observations: tuple[ObservationCore, ...], render: Render
) -> Activity:
    """The participation in ``observations`` (the store's snapshot: the seeded records, then
    those added since, which are scanned on every call)."""
    seeded = _seeded_activity(world, render)
    added = observations[len(world.observations) :]
    if not added:
        return seeded
    extra = _scan(added, render)
    joined = {u: dict(m) for u, m in seeded.joined.items()}
    for user_id, more in extra.joined.items():
        joined.setdefault(user_id, {}).update(more)
    return Activity(identifiers={**seeded.identifiers, **extra.identifiers}, joined=joined)


# ---------------------------------------------------------------------------------------------
# Follows and subscriptions
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def follows(world: World) -> Mapping[int, Mapping[int, float]]:
    """Follower id -> {followed user id: since when (epoch seconds)}."""
    rng = random.Random(f"{world.seed}:follows")
    users = world.users
    out: dict[int, dict[int, float]] = {}
    for user in users:
        how_many = rng.choice((0, 0, 0, 1, 1, 2, 3, 5))
        mine: dict[int, float] = {}
        while len(mine) < how_many:
            other = users[rng.randrange(len(users))]
            if other.id != user.id and other.id not in mine:
                start = max(user.created_at, other.created_at)
                mine[other.id] = float(int(start + rng.random() * 5 * 365 * 86_400))
        if mine:
            out[user.id] = mine
    return out


def _subscription(kind: str, resource_id: int, user_id: int, since: float) -> JSON:
    when = iso_time(since)
    return {
        "id": stable_id("subscription", kind, resource_id, user_id),
        "resource_type": kind,
        "resource_id": resource_id,
        "user_id": user_id,
        "created_at": when,
        "updated_at": when,
        "taxon_id": None,
    }


def subscriptions(
    world: World, activity: Activity, core: ObservationCore, user_id: int
) -> list[JSON]:
    """The subscriptions of ``user_id`` that cover ``core``: to the observation (its observer,
    or someone who identified or commented) and to its observer (following them)."""
    rows: list[JSON] = []
    if core.user_id == user_id:
        rows.append(_subscription("Observation", core.id, user_id, core.created))
    else:
        since = activity.joined.get(user_id, {}).get(core.id)
        if since is not None:
            rows.append(_subscription("Observation", core.id, user_id, since))
    followed = follows(world).get(user_id, {}).get(core.user_id)
    if followed is not None:
        rows.append(_subscription("User", core.user_id, user_id, followed))
    return rows


# ---------------------------------------------------------------------------------------------
# Updates (notifications of identifications and comments)
# ---------------------------------------------------------------------------------------------


def updates(
    activity: Activity,
    observations: tuple[ObservationCore, ...],
    lookup: Callable[[int], ObservationCore | None],
    render: Render,
    user_id: int,
) -> list[JSON]:
    """The notifications of ``user_id``, newest first: identifications and comments others
    added to their observations, and to those they took part in after they joined."""
    watched: dict[int, float] = {c.id: float("-inf") for c in observations if c.user_id == user_id}
    for observation_id, since in activity.joined.get(user_id, {}).items():
        watched.setdefault(observation_id, since)
    out: list[JSON] = []
    for observation_id, since in watched.items():
        core = lookup(observation_id)
        if core is None:
            continue
        record = render(core)
        for key, kind in (("identifications", "Identification"), ("comments", "Comment")):
            for item in record.get(key) or ():
                if item["user"]["id"] == user_id:
                    continue
                when = _epoch(item["created_at"])
                if when <= since:
                    continue
                action_id = int(when) * 1000 + item["id"] % 1000
                viewed = stable_id("viewed", user_id, action_id) % 10 < 6
                action: JSON = {
                    "id": action_id,
                    "resource_type": "Observation",
                    "resource_id": core.id,
                    "notifier_type": kind,
                    "notifier_id": item["id"],
                    "notification": "activity",
                    "created_at": iso_time(when),
                    "resource_owner_id": core.user_id,
                    "viewed": viewed,
                }
                if kind == "Comment":
                    action["comment_id"] = item["id"]
                    action["comment"] = item
                else:
                    action["identification_id"] = item["id"]
                    action["identification"] = item
                out.append(action)
    out.sort(key=lambda a: a["id"], reverse=True)
    return out


# ---------------------------------------------------------------------------------------------
# Deleted observations
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class DeletedObservation:
    """An observation its observer deleted."""

    id: int
    user_id: int
    deleted: float
    """When (epoch seconds)."""


@functools.lru_cache(maxsize=8)
def deleted_observations(world: World) -> tuple[DeletedObservation, ...]:
    """The deleted observations of a world, highest id first: ids in the gaps between seeded
    ids (so none is ever served), each deleted by the observer of the record before it."""
    rng = random.Random(f"{world.seed}:deleted")
    found: list[DeletedObservation] = []
    cores = world.observations
    for before, after in itertools.pairwise(cores):
        if after.id - before.id < 2 or rng.random() >= 0.04:
            continue
        deleted = before.created + 60.0 + rng.random() ** 2 * 90 * 86_400
        found.append(
            DeletedObservation(
                id=before.id + 1, user_id=before.user_id, deleted=float(int(deleted))
            )
        )
    found.sort(key=lambda d: d.id, reverse=True)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Quality metrics
# ---------------------------------------------------------------------------------------------


def quality_metrics(renderer: Renderer, core: ObservationCore) -> list[JSON]:
    """The data-quality votes on one observation."""
    rng = random.Random(f"quality:{core.id}:{core.detail_seed}")
    votes: list[tuple[str, bool, int, float]] = []
    if core.captive:
        votes.append(("wild", False, core.user_id, core.created + 60.0))
    if core.extra is None and rng.random() < 0.08:
        users = renderer.world.users
        voter = users[rng.randrange(len(users))].id
        if voter != core.user_id:
            metric = _METRICS[rng.randrange(len(_METRICS))]
            when = core.created + 3600.0 + rng.random() * 30 * 86_400
            votes.append((metric, rng.random() < 0.8, voter, when))
    rows: list[JSON] = []
    for k, (metric, agree, voter, when) in enumerate(votes):
        stamp = iso_time(float(int(when)))
        rows.append(
            {
                "id": 70_000_000 + (core.id % 10_000_000) * 4 + k,
                "user_id": voter,
                "observation_id": core.id,
                "metric": metric,
                "agree": agree,
                "created_at": stamp,
                "updated_at": stamp,
                "user": renderer.user(voter),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Taxon summary
# ---------------------------------------------------------------------------------------------


def _status_summary(status: Mapping[str, Any]) -> JSON:
    level = status.get("iucn")
    place = status.get("place")
    name = _IUCN_NAMES.get(level) if isinstance(level, int) else None
    return {
        "id": status["id"],
        "taxon_id": status["taxon_id"],
        "user_id": None,
        "place_id": place["id"] if is_json_object(place) else None,
        "source_id": status.get("source_id"),
        "authority": status.get("authority"),
        "status": status.get("status"),
        "url": status.get("url"),
        "description": status.get("description") or "",
        "geoprivacy": status.get("geoprivacy"),
        "iucn": level,
        "created_at": status.get("created_at"),
        "updated_at": status.get("updated_at"),
        "updater_id": status.get("updater_id"),
        "status_name": name,
        "iucn_status": name.replace(" ", "_") if name else None,
        "iucn_status_code": _IUCN_CODES.get(level) if isinstance(level, int) else None,
    }


def taxon_summary(
    renderer: Renderer, observations: Iterable[ObservationCore], core: ObservationCore
) -> JSON:
    """``/observations/{id}/taxon_summary`` of one observation (``{}`` without a taxon)."""
    if core.taxon_id is None:
        return {}
    details = renderer.taxon_details(core.taxon_id)
    ancestry = renderer.places[core.place_id].ancestor_place_ids if core.place_id else ()

    def rank(place: Any) -> int:
        """-1 for no place (global), the depth of a place the observation is in, else -2."""
        if not is_json_object(place):
            return -1
        return ancestry.index(place["id"]) if place["id"] in ancestry else -2

    statuses = [s for s in details.get("conservation_statuses") or () if rank(s.get("place")) >= -1]
    status = max(statuses, key=lambda s: rank(s.get("place")), default=None)
    listed = [lt for lt in details.get("listed_taxa") or () if rank(lt["place"]) >= 0]
    entry = max(listed, key=lambda lt: rank(lt["place"]), default=None)
    listed_taxon: JSON | None = None
    if entry is not None:
        place_id = entry["place"]["id"]
        place = renderer.places[place_id]
        here = sorted(
            (c.id, c.created)
            for c in observations
            if c.taxon_id == core.taxon_id
            and c.place_id is not None
            and place_id in renderer.places[c.place_id].ancestor_place_ids
        )
        first = here[0] if here else None
        last = here[-1] if here else None
        means = entry["establishment_means"]
        listed_taxon = {
            "id": entry["id"],
            "taxon_id": core.taxon_id,
            "list_id": entry["list"]["id"],
            "last_observation_id": last[0] if last else None,
            "created_at": iso_time(first[1]) if first else None,
            "updated_at": iso_time(last[1]) if last else None,
            "place_id": place_id,
            "description": None,
            "comments_count": 0,
            "user_id": None,
            "updater_id": None,
            "occurrence_status_level": None,
            "establishment_means": means,
            "first_observation_id": first[0] if first else None,
            "observations_count": len(here),
            "taxon_range_id": None,
            "source_id": None,
            "manually_added": False,
            "primary_listing": True,
            "establishment_means_label": means.capitalize(),
            "establishment_means_description": (
                "arrived in the region via anthropogenic means"
                if means == "introduced"
                else "evolved in the region or arrived by non-anthropogenic means"
            ),
            "place": {
                "id": place.id,
                "display_name": place.display_name,
                "place_type_name": "Country" if place.admin_level == 0 else "State",
            },
        }
    summary = details.get("wikipedia_summary")
    return {
        "conservation_status": _status_summary(status) if status is not None else None,
        "listed_taxon": listed_taxon,
        "wikipedia_summary": summary or None,
    }
