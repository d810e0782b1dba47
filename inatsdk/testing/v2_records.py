"""What v2 records have that v1's lack, drawn from the emulator's world.

v2 serves users with a ``uuid``, ``last_active``, ``updated_at``, ``monthly_supporter``, a
``description`` and their ``site`` as an object (``GET /v2/users/{id}``), and leaves out v1's
search helpers (``login_autocomplete``, ``login_exact``, ``name_autocomplete``,
``universal_search_rank``, ``activity_count``); :func:`v2_user` builds that record. Every v2
answer is then conformed to the spec's shape (:func:`inatsdk.testing.v2_schemas.conform`), which
is what drops v1-only keys everywhere else (an observation photo's ``photo_id``, a project's
``is_new_style_project``, ...).
"""

from __future__ import annotations

import uuid

from inatsdk.testing.records import JSON, ORIGIN, iso_time
from inatsdk.testing.store import Store
from inatsdk.testing.users.seed import SITES

__all__ = ["user_uuid", "v2_observation", "v2_taxon", "v2_user"]

_V1_ONLY_OBSERVATION_KEYS = ("id_please", "out_of_range")
"""Keys v1 observations have that the recorded v2 ones (``fields=all``) leave out, although the
v2 schema declares them."""

_USERS = uuid.UUID("6f1c3e2a-5b7d-4e8f-9a0b-1c2d3e4f5a6b")
_DAY = 86400.0


def user_uuid(user_id: int) -> str:
    """A user's UUID: the same for the same id in every run."""
    return str(uuid.uuid5(_USERS, f"user:{user_id}"))


def v2_user(store: Store, user_id: int) -> JSON | None:
    """The record ``GET /v2/users/{id}`` answers with ``fields=all`` (before conforming)."""
    row = store.renderer.users.get(user_id)
    if row is None:
        return None
    record = dict(store.renderer.user(user_id))
    for key in ("login_autocomplete", "login_exact", "name_autocomplete", "universal_search_rank"):
        record.pop(key, None)
    record.pop("activity_count", None)
    record.pop("site_id", None)  # the recorded v2 user has its site as an object only
    active = row.created_at + _DAY * (30 + (user_id * 7919) % 3000)
    record["uuid"] = user_uuid(user_id)
    record["updated_at"] = iso_time(active)
    record["last_active"] = iso_time(active)[:10]
    record["monthly_supporter"] = user_id % 11 == 0
    record["description"] = None if user_id % 3 else f"Naturalist {row.login}."
    site = SITES.get(row.site_id)
    if site is not None:
        record["site"] = {**site, "icon_url": f"{ORIGIN}/attachments/sites/{row.site_id}.png"}
    return record


def v2_observation(record: JSON) -> JSON:
    """A v1 observation record as v2 serves it (before conforming)."""
    if not any(k in record for k in _V1_ONLY_OBSERVATION_KEYS):
        return record
    return {k: v for k, v in record.items() if k not in _V1_ONLY_OBSERVATION_KEYS}


def v2_taxon(record: JSON) -> JSON:
    """A v1 taxon search result as v2 serves it: with ``provisional``, without ``vision`` (as
    the recorded v2 searches show; a lookup by id keeps both)."""
    out = {k: v for k, v in record.items() if k != "vision"}
    out.setdefault("provisional", False)
    return out
