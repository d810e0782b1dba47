"""v2's updates of media records, on the one world v1 reads too.

``PUT /v2/observation_sounds/{uuid}`` (``observation_sound.observation_id``, an observation's
UUID, required): attaches the sound to that observation. Naming the observation it is on
changes nothing; naming another moves the sound there, and reads of both observations (v1 and
v2) show it. The caller must own the sound's observation and the one named (403); an unknown
sound is 404, an unknown observation 422 (as v1's upload says it). It answers v2's envelope of
the observation sound, pruned to the body's ``fields``.

``PUT /v2/photos/{id}`` (no body): the server refreshes the photo's record from its owner's
settings; here its attribution is written again from the owner's current name (a user renamed
since the upload). Only the owner may (403); an unknown photo is 404. It answers v2's envelope
of the photo, pruned to the body's ``fields`` if it has one.

Both need a valid JWT (401); errors have v2's shape.
"""

from __future__ import annotations

import time
from typing import Any

from inatsdk.testing.observations.state import ObservationWrites, attribution
from inatsdk.testing.observations.v2_writes import body_and_fields
from inatsdk.testing.records import JSON, envelope, iso_time
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import is_json_object
from inatsdk.testing.seed import ObservationCore
from inatsdk.testing.v2 import add_v2, prune, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]

_FORBIDDEN = "You don't have permission to do that"
_SEEDED_PHOTO_BASE = 100_000_000
"""The seed's photo ids: ``100_000_000 + 4 * observation id + k`` (see ``records.py``)."""


def _answer(record: JSON, fields: Any, spec_path: str) -> Reply:
    results = prune([record], fields, results_required("PUT", spec_path))
    return json_reply(envelope(1, 1, 1, results))


# --- observation sounds ----------------------------------------------------------------------


def _sound_on(writes: ObservationWrites, key: str) -> tuple[int, JSON]:
    """The observation a written sound is on, and the observation sound (none are seeded)."""
    for observation_id, edit in writes.edits.items():
        for sound in edit.sounds:
            if sound["uuid"] == key:
                return observation_id, sound
    raise v2_error(404, "Not Found")


def _target(ctx: RequestContext, body: dict[str, Any]) -> ObservationCore:
    record = body.get("observation_sound")
    raw = record.get("observation_id") if is_json_object(record) else None
    if not isinstance(raw, str) or not raw.strip():
        raise v2_error(422, "observation_sound.observation_id (the observation's UUID) is required")
    core = ctx.store.observation_core(raw.strip().lower())
    if core is None:
        raise v2_error(422, "Observation hasn't been added to iNaturalist")
    return core


def sound_update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    body, fields = body_and_fields(ctx)
    store = ctx.store
    with store.writing():
        writes = store.observation_writes()
        current_id, sound = _sound_on(writes, ctx.path_params["uuid"].strip().lower())
        current = store.observation_core(current_id)
        target = _target(ctx, body)
        if current is None or current.user_id != user_id or target.user_id != user_id:
            raise v2_error(403, _FORBIDDEN)
        if target.id != current_id:
            moved: JSON = {
                **sound,
                "observation_id": target.id,
                "updated_at": iso_time(time.time()),
            }
            with store.editing_observation(current_id) as edit:
                edit.sounds = [s for s in edit.sounds if s["uuid"] != sound["uuid"]]
            with store.editing_observation(target.id) as edit:
                edit.sounds.append(moved)
            writes.observation_sound_owner[int(moved["id"])] = target.id
            sound = moved
    return _answer(sound, fields, "/observation_sounds/{uuid}")


# --- photos ----------------------------------------------------------------------------------


def _photo(ctx: RequestContext, photo_id: int) -> tuple[int, JSON, JSON | None]:
    """The photo's owner, its record, and the observation photo holding it (if it is an
    observation's upload, whose record is kept there)."""
    store = ctx.store
    writes = store.observation_writes()
    uploaded = writes.files.get(photo_id)
    if uploaded is not None and uploaded.kind == "photo":
        if photo_id in writes.standalone:
            return uploaded.user_id, writes.standalone[photo_id], None
        for edit in writes.edits.values():
            for op in edit.photos:
                if op["photo"]["id"] == photo_id:
                    return uploaded.user_id, op["photo"], op
    elif photo_id > _SEEDED_PHOTO_BASE:
        core = store.observation_core((photo_id - _SEEDED_PHOTO_BASE) // 4)
        rendered = store.render_observation(core, details=True) if core is not None else {}
        for op in rendered.get("observation_photos") or ():
            if op["photo"]["id"] == photo_id and core is not None:
                return core.user_id, op["photo"], None
    raise v2_error(404, "Not Found")


def photo_update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    _, fields = body_and_fields(ctx)
    store = ctx.store
    with store.writing():
        owner, photo, holder = _photo(ctx, v2_path_id(ctx))
        if owner != user_id:
            raise v2_error(403, _FORBIDDEN)
        user = store.renderer.user(owner)
        author = str(user.get("name") or user.get("login") or owner)
        refreshed = {**photo, "attribution": attribution(author, photo.get("license_code"))}
        if holder is not None:  # an observation's upload: its reads show the record kept here
            refreshed["updated_at"] = iso_time(time.time())
            with store.editing_observation(holder["observation_id"]):
                photo.update(refreshed)
        elif photo["id"] in store.observation_writes().standalone:
            refreshed["updated_at"] = iso_time(time.time())
            photo.update(refreshed)
    return _answer(refreshed, fields, "/photos/{id}")


def register(router: Router) -> None:
    add_v2(
        router,
        "PUT",
        "/v2/observation_sounds/<uuid>",
        "/observation_sounds/{uuid}",
        sound_update,
    )
    add_v2(router, "PUT", "/v2/photos/<id>", "/photos/{id}", photo_update)
