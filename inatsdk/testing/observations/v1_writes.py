"""Writes to observations and their media: every v1 write of the Observations, Observation
Field Values, Observation Photos and Photos tags, and the undocumented sound uploads.

``POST /observations``
    Creates a record; a ``uuid`` the signed-in user already has updates that record instead (as
    the real server does, which makes a create with a client-chosen UUID safe to send again).
    ``observation_field_values_attributes`` (``[{"observation_field_id", "value"}]``) adds
    field values with it.
``PUT /observations/{id}``
    Changes the keys given (id or UUID in the path). Without ``"ignore_photos": true`` beside
    ``"observation"`` every photo is detached except those listed in ``local_photos``
    (``{"<id>": [photo ids]}``), as on the real site.
``DELETE /observations/{id}``
    The observer's own records. The emulator keeps its seeded records: deleting one of them is
    refused (403); create a record to delete it.
Faves, votes, reviews, quality votes, subscriptions, viewed updates
    Kept per user; ``POST /subscriptions/observation/{id}/subscribe`` toggles, as on the site.
``/observation_field_values``
    ``POST`` creates, or updates the value the observation already has for that field;
    values are checked against the field's datatype and allowed values; only the observer may
    delete one.
Photos and sounds
    Multipart uploads (a ``file`` part), checked and kept whole (see
    :mod:`inatsdk.testing.observations.state`); only the observer may add media to an
    observation.

Writes need a valid JWT (401 otherwise); changing someone else's record is 403.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from inatsdk.testing.observations.state import QUALITY_METRICS, seeded_observation_id
from inatsdk.testing.observations.v1 import (
    GEOPRIVACY,
    observed_time,
    opt_bool,
    opt_number,
    opt_str,
    served_record,
)
from inatsdk.testing.observations.v1 import create as _v1_create
from inatsdk.testing.records import JSON, iso_time
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_array, is_json_object

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage, MultiDict

    from inatsdk.testing.observations.state import ObservationEdit
    from inatsdk.testing.seed import ObservationCore
    from inatsdk.testing.store import Store

__all__ = ["register"]

_FORBIDDEN = "You don't have permission to do that"
_EMPTY = Reply(200, b"")


# --- request helpers --------------------------------------------------------------------------


@attrs.frozen
class _Form:
    fields: Mapping[str, str]
    files: Mapping[str, tuple[str, bytes]]
    """Part name -> (file name, bytes)."""


def read_form(ctx: RequestContext) -> _Form:
    """The fields and files of a multipart (or url-encoded) body; a JSON body's top-level
    scalars and ``{"x": {"y": v}}`` objects (as ``x[y]``) for the fields."""
    ctype = ctx.headers.get("Content-Type", "")
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        from werkzeug.formparser import parse_form_data

        environ = {
            "wsgi.input": io.BytesIO(ctx.body),
            "CONTENT_LENGTH": str(len(ctx.body)),
            "CONTENT_TYPE": ctype,
            "REQUEST_METHOD": ctx.method,
        }
        _, form, files = parse_form_data(environ)
        return _Form(fields=_first(form), files=_read_files(files))
    if ctx.body.strip().startswith(b"{"):
        body = ctx.json_body()
        fields: dict[str, str] = {}
        for key, value in body.items():
            if is_json_object(value):
                for inner, item in value.items():
                    if item is not None and not (is_json_object(item) or is_json_array(item)):
                        fields[f"{key}[{inner}]"] = str(item)
            elif value is not None and not is_json_array(value):
                fields[key] = str(value)
        return _Form(fields=fields, files={})
    return _Form(fields={}, files={})


def _first(form: MultiDict[str, str]) -> dict[str, str]:
    return {key: form.get(key, "") for key in form}


def _read_files(files: MultiDict[str, FileStorage]) -> dict[str, tuple[str, bytes]]:
    out: dict[str, tuple[str, bytes]] = {}
    for key in files:
        storage = files[key]
        out[key] = (storage.filename or key, storage.read())
    return out


def _int(raw: object, name: str) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ApiError(422, f"{name} must be an integer, not {raw!r}") from None


def _path_id(ctx: RequestContext, name: str = "id") -> int:
    return _int(ctx.path_params[name], name)


def _core(ctx: RequestContext, raw: str | None = None) -> ObservationCore:
    """The observation named in the path (an id or a UUID), else 404."""
    text = (raw if raw is not None else ctx.path_params["id"]).strip()
    key: int | str = int(text) if text.isdigit() else text.lower()
    core = ctx.store.observation_core(key)
    if core is None:
        raise ApiError(404, "Not Found")
    return core


def _own(core: ObservationCore, user_id: int) -> None:
    if core.user_id != user_id:
        raise ApiError(403, _FORBIDDEN)


def _record(ctx: RequestContext, observation_id: int, user_id: int) -> Reply:
    core = ctx.store.observation_core(observation_id)
    assert core is not None
    return json_reply(served_record(ctx, core, details=True, viewer=user_id))


def _now() -> float:
    return float(int(time.time()))


# --- observations -------------------------------------------------------------------------------


_TEXT_KEYS = (
    "species_guess",
    "description",
    "place_guess",
    "observed_on_string",
)


def _taxon_id(store: Store, obs: Mapping[str, Any]) -> int | None:
    raw = obs.get("taxon_id")
    if raw is None or raw == "":
        return None
    taxon_id = _int(raw, "observation.taxon_id")
    if taxon_id not in store.renderer.taxa:
        raise ApiError(422, f"Taxon {taxon_id} does not exist")
    return taxon_id


def _license(obs: Mapping[str, Any]) -> str | None:
    raw = opt_str(obs, "license") or opt_str(obs, "license_code")
    return raw.lower() if raw else None


def _tags(obs: Mapping[str, Any]) -> tuple[str, ...]:
    raw = obs.get("tag_list")
    if isinstance(raw, str):
        return tuple(t.strip() for t in raw.split(",") if t.strip())
    if is_json_array(raw):
        return tuple(str(t) for t in raw)
    return ()


def _apply_update(ctx: RequestContext, core: ObservationCore, obs: Mapping[str, Any]) -> None:
    """Change ``core`` as ``obs`` (the ``observation`` of a PUT) says."""
    store = ctx.store
    changes: dict[str, Any] = {}
    if "taxon_id" in obs:
        changes["taxon_id"] = _taxon_id(store, obs)
    if "latitude" in obs or "longitude" in obs:
        lat, lng = opt_number(obs, "latitude"), opt_number(obs, "longitude")
        if (lat is None) != (lng is None):
            raise ApiError(422, "observation.latitude and observation.longitude go together")
        if lat is not None and lng is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ApiError(422, "observation coordinates are out of range")
        changes.update(lat=lat, lng=lng, place_id=store.place_containing(lat, lng))
    if "geoprivacy" in obs:
        raw = opt_str(obs, "geoprivacy") or "open"
        if raw not in GEOPRIVACY:
            raise ApiError(422, "observation.geoprivacy must be open, obscured or private")
        changes["geoprivacy"] = GEOPRIVACY[raw]
    if "captive_flag" in obs:
        changes["captive"] = opt_bool(obs, "captive_flag")
    observed = observed_time(obs)
    place_id = changes.get("place_id", core.place_id)
    place = store.renderer.places.get(place_id) if place_id is not None else None
    offset = place.utc_offset if place is not None else core.utc_offset
    if place_id != core.place_id:
        changes.update(
            utc_offset=offset, time_zone=place.time_zone if place is not None else "Etc/UTC"
        )
    when = observed if observed is not None else core.observed
    if observed is not None or "utc_offset" in changes:
        changes.update(
            observed=float(int(when)), observed_day=int((when + offset * 3600) // 86_400)
        )
    changes["updated"] = max(_now(), core.updated + 1.0)

    text: dict[str, Any] = {}
    for key in _TEXT_KEYS:
        if key in obs:
            text[key] = opt_str(obs, key)
    if "positional_accuracy" in obs:
        accuracy = opt_number(obs, "positional_accuracy")
        text["positional_accuracy"] = int(accuracy) if accuracy is not None else None
    if "tag_list" in obs:
        text["tag_list"] = _tags(obs)
    if "license" in obs or "license_code" in obs:
        text["license_code"] = _license(obs)
    if "owners_identification_from_vision" in obs:
        text["owners_identification_from_vision"] = opt_bool(
            obs, "owners_identification_from_vision"
        )

    with store.editing_observation(core.id) as edit:
        if core.extra is not None:  # a record a client created: its extra holds these
            changes["extra"] = attrs.evolve(core.extra, **text)
        else:  # a seeded one: laid over its rendered record
            for key, value in text.items():
                if key == "tag_list":
                    edit.fields["tags"] = list(value)
                elif key == "positional_accuracy":
                    edit.fields["positional_accuracy"] = value
                    edit.fields["public_positional_accuracy"] = value
                else:
                    edit.fields[key] = value
        store.replace_observation(attrs.evolve(core, **changes))


def _detach_photos(ctx: RequestContext, core: ObservationCore, keep: set[int]) -> None:
    """Every photo of ``core`` off the observation, except the photo ids in ``keep`` (and the
    uploaded ones of ``keep`` not attached yet, which are attached)."""
    store = ctx.store
    record = store.render_observation(core, details=True)
    writes = store.observation_writes()
    with store.editing_observation(core.id) as edit:
        for op in record.get("observation_photos") or ():
            if op["photo"]["id"] in keep:
                continue
            edit.removed_photos.add(op["id"])
            edit.photos = [p for p in edit.photos if p["id"] != op["id"]]
        attached = {op["photo"]["id"] for op in record.get("observation_photos") or ()}
        for photo_id in sorted(keep - attached):
            photo = writes.standalone.get(photo_id)
            if photo is None or "file_url" in photo:
                continue
            _attach(ctx, core, edit, photo, position=None)
        _refresh_media(ctx, core.id, edit)


def create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    body = ctx.json_body()
    if not is_json_object(body) or not is_json_object(body.get("observation")):
        raise ApiError(422, 'the body must be {"observation": {...}}')
    obs: dict[str, Any] = dict(body["observation"])
    ofvs = _ofv_attributes(ctx, obs.pop("observation_field_values_attributes", None))
    raw_uuid = obs.get("uuid")
    if isinstance(raw_uuid, str) and raw_uuid.strip():
        existing = ctx.store.observation_core(raw_uuid.strip().lower())
        if existing is not None:
            if existing.user_id != user_id:
                raise ApiError(422, "Uuid has already been taken")
            _apply_update(ctx, existing, obs)
            for field_id, value in ofvs:
                _upsert_ofv(ctx, existing, field_id, value, user_id)
            return _record(ctx, existing.id, user_id)
        obs["uuid"] = raw_uuid.strip().lower()
    license_code = _license(obs)
    if license_code is not None:
        obs["license"] = license_code
        obs.pop("license_code", None)
    reply = _v1_create(attrs.evolve(ctx, body=json.dumps({**body, "observation": obs}).encode()))
    if reply.status != 200 or not ofvs:
        return reply
    created = ctx.store.observation_core(int(json.loads(reply.body)["id"]))
    assert created is not None
    for field_id, value in ofvs:
        _upsert_ofv(ctx, created, field_id, value, user_id)
    return _record(ctx, created.id, user_id)


def update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    _own(core, user_id)
    body = ctx.json_body()
    if not is_json_object(body):
        raise ApiError(422, 'the body must be {"observation": {...}}')
    obs: object = body.get("observation") or {}
    if not is_json_object(obs):
        raise ApiError(422, "observation must be an object")
    ofvs = _ofv_attributes(ctx, obs.get("observation_field_values_attributes"))
    _apply_update(ctx, core, obs)
    if body.get("ignore_photos") not in (True, 1, "1", "true", "True"):
        local = body.get("local_photos")
        keep: set[int] = set()
        if is_json_object(local):
            listed: list[Any] = local.get(str(core.id)) or local.get(core.uuid) or []
            keep = {_int(p, "local_photos") for p in listed}
        fresh = ctx.store.observation_core(core.id)
        assert fresh is not None
        _detach_photos(ctx, fresh, keep)
    fresh = ctx.store.observation_core(core.id)
    assert fresh is not None
    for field_id, value in ofvs:
        _upsert_ofv(ctx, fresh, field_id, value, user_id)
    return _record(ctx, core.id, user_id)


def delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    _own(core, user_id)
    if not ctx.store.remove_observation(core.id):
        raise ApiError(
            403,
            "the emulator keeps its seeded observations: delete one created with "
            "POST /v1/observations instead",
        )
    return _EMPTY


# --- faves, votes, reviews, quality, subscriptions, viewed updates --------------------------


def _vote(ctx: RequestContext, user_id: int, flag: bool, scope: str | None) -> JSON:
    return {
        "id": ctx.store.observation_writes().next_id("vote"),
        "vote_flag": flag,
        "vote_scope": scope,
        "user_id": user_id,
        "created_at": iso_time(_now()),
        "user": ctx.store.renderer.user(user_id),
    }


def _set_fave(ctx: RequestContext, core: ObservationCore, user_id: int, on: bool) -> None:
    rendered = ctx.store.renderer.observation(core, cache=False)  # without this overlay
    seeded = {f.get("user_id") for f in rendered.get("faves") or ()}
    with ctx.store.editing_observation(core.id) as edit:
        if on:
            edit.unfaved.discard(user_id)
            if user_id not in seeded and user_id not in edit.faves:
                edit.faves[user_id] = _vote(ctx, user_id, True, None)
        else:
            edit.faves.pop(user_id, None)
            if user_id in seeded:
                edit.unfaved.add(user_id)
        _refresh_faves(ctx, core.id, edit)


def _refresh_faves(ctx: RequestContext, observation_id: int, edit: ObservationEdit) -> None:
    """Records a client created sort by their fave count (``order_by=votes``)."""
    core = ctx.store.observation_core(observation_id)
    if core is None or core.extra is None:
        return
    count = len(edit.faves)
    if core.n_faves != count:
        ctx.store.replace_observation(attrs.evolve(core, n_faves=count))


def fave(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    _set_fave(ctx, core, user_id, True)
    return _record(ctx, core.id, user_id)


def unfave(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    _set_fave(ctx, core, user_id, False)
    return _record(ctx, core.id, user_id)


def _vote_body(ctx: RequestContext) -> tuple[bool, str | None]:
    body: Any = ctx.json_body() if ctx.body.strip() else {}
    if not is_json_object(body):
        raise ApiError(422, "the body must be an object")
    direction = body.get("vote", "up")
    if direction not in ("up", "down"):
        raise ApiError(422, "vote must be up or down")
    scope = body.get("scope") or None
    if scope not in (None, "needs_id"):
        raise ApiError(422, "scope must be needs_id")
    return direction == "up", scope


def vote(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    flag, scope = _vote_body(ctx)
    if scope is None and flag:
        _set_fave(ctx, core, user_id, True)
    else:
        if scope is None:
            _set_fave(ctx, core, user_id, False)
        with ctx.store.editing_observation(core.id) as edit:
            edit.votes[(user_id, scope or "")] = _vote(ctx, user_id, flag, scope)
    return _record(ctx, core.id, user_id)


def unvote(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    _, scope = _vote_body(ctx)
    if scope is None:
        _set_fave(ctx, core, user_id, False)
    with ctx.store.editing_observation(core.id) as edit:
        edit.votes.pop((user_id, scope or ""), None)
    return _record(ctx, core.id, user_id)


def review(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    with ctx.store.editing_observation(core.id) as edit:
        edit.reviewed[user_id] = ctx.method == "POST"
    return _EMPTY


def quality(ctx: RequestContext, metrics: tuple[str, ...] = QUALITY_METRICS) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    metric = ctx.path_params["metric"]
    if metric not in metrics:
        raise ApiError(422, f"metric must be one of {', '.join(metrics)}")
    if ctx.method == "DELETE":
        with ctx.store.editing_observation(core.id) as edit:
            edit.quality[(user_id, metric)] = None
        return _EMPTY
    body: Any = ctx.json_body() if ctx.body.strip() else {}
    agree = not (is_json_object(body) and body.get("agree") in (False, "false", "False", 0))
    now = iso_time(_now())
    vote_json: JSON = {
        "id": ctx.store.observation_writes().next_id("quality"),
        "user_id": user_id,
        "observation_id": core.id,
        "metric": metric,
        "agree": agree,
        "created_at": now,
        "updated_at": now,
        "user": ctx.store.renderer.user(user_id),
    }
    with ctx.store.editing_observation(core.id) as edit:
        edit.quality[(user_id, metric)] = vote_json
    return json_reply({k: v for k, v in vote_json.items() if k != "user"})


def subscribe(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    rows = ctx.store.observation_subscriptions(core.id, user_id)
    following = any(r.get("resource_type") == "Observation" for r in rows)
    with ctx.store.editing_observation(core.id) as edit:
        edit.subscribed[user_id] = not following
    return json_reply(True)


def viewed_updates(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core = _core(ctx)
    with ctx.store.editing_observation(core.id) as edit:
        edit.viewed.add(user_id)
    return _EMPTY


# --- observation field values ---------------------------------------------------------------


def _check_value(ctx: RequestContext, field_id: int, value: object) -> str:
    """The value as stored (a string), checked against the field's datatype."""
    row = ctx.store.observation_field_catalog().by_id.get(field_id)
    if row is None:
        raise ApiError(422, f"Observation field {field_id} does not exist")
    text = "" if value is None else str(value).strip()
    if not text:
        raise ApiError(422, "Value can't be blank")
    kind = row.datatype
    try:
        if kind == "numeric":
            float(text)
        elif kind == "taxon":
            if int(text) not in ctx.store.renderer.taxa:
                raise ApiError(422, f"Value: taxon {text} does not exist")
        elif kind == "date":
            dt.date.fromisoformat(text)
        elif kind == "datetime":
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif kind == "time":
            dt.time.fromisoformat(text)
    except ValueError:
        raise ApiError(422, f"Value {text!r} is not a valid {kind}") from None
    allowed = [v for v in row.allowed_values.split("|") if v]
    if allowed and text not in allowed:
        raise ApiError(422, f"Value must be one of: {', '.join(allowed)}")
    return text


def _ofv_attributes(ctx: RequestContext, raw: object) -> list[tuple[int, str]]:
    """``observation_field_values_attributes`` of a create or update, checked."""
    if raw is None:
        return []
    items = list(raw.values()) if is_json_object(raw) else raw
    if not is_json_array(items):
        raise ApiError(422, "observation_field_values_attributes must be a list")
    out: list[tuple[int, str]] = []
    for item in items:
        if not is_json_object(item):
            raise ApiError(422, "each observation field value must be an object")
        field_id = _int(item.get("observation_field_id"), "observation_field_id")
        out.append((field_id, _check_value(ctx, field_id, item.get("value"))))
    return out


def _ofv_json(
    ctx: RequestContext, ofv_id: int, uuid: str, field_id: int, value: str, user: int, updater: int
) -> JSON:
    row = ctx.store.observation_field_catalog().by_id[field_id]
    out: JSON = {
        "id": ofv_id,
        "uuid": uuid,
        "field_id": field_id,
        "datatype": row.datatype,
        "name": row.name,
        "name_ci": row.name,
        "value": value,
        "value_ci": value,
        "user_id": user,
        "updater_id": updater,
        "user": ctx.store.renderer.user(user),
    }
    if row.datatype == "taxon":
        out["taxon_id"] = value
        out["taxon"] = ctx.store.renderer.taxon_in_identification(int(value), ancestors=False)
    return out


def _current_ofvs(ctx: RequestContext, core: ObservationCore) -> list[JSON]:
    return list(ctx.store.render_observation(core, details=True).get("ofvs") or ())


def _rails_ofv(ctx: RequestContext, ofv: Mapping[str, Any]) -> JSON:
    meta = ctx.store.observation_writes().ofv_meta.get(ofv["id"], {})
    return {
        "id": ofv["id"],
        "observation_id": meta.get("observation_id"),
        "observation_field_id": ofv["field_id"],
        "value": ofv["value"],
        "created_at": meta.get("created_at"),
        "updated_at": meta.get("updated_at"),
        "user_id": ofv["user_id"],
        "updater_id": ofv["updater_id"],
        "uuid": ofv["uuid"],
    }


def _upsert_ofv(
    ctx: RequestContext, core: ObservationCore, field_id: int, value: str, user_id: int
) -> JSON:
    """Set the observation's value of a field (a new value, or the one it has changed);
    the value as the observation shows it."""
    writes = ctx.store.observation_writes()
    existing = next((o for o in _current_ofvs(ctx, core) if o["field_id"] == field_id), None)
    now = iso_time(_now())
    with ctx.store.editing_observation(core.id) as edit:
        if existing is None:
            ofv_id = writes.next_id("ofv")
            ofv = _ofv_json(ctx, ofv_id, writes.new_uuid("ofv"), field_id, value, user_id, user_id)
            writes.ofv_owner[ofv_id] = core.id
            writes.ofv_meta[ofv_id] = {"observation_id": core.id, "created_at": now}
        else:
            ofv = _ofv_json(
                ctx,
                existing["id"],
                existing["uuid"],
                field_id,
                value,
                existing.get("user_id") or user_id,
                user_id,
            )
            writes.ofv_meta.setdefault(
                existing["id"],
                {"observation_id": core.id, "created_at": iso_time(core.created)},
            )
        writes.ofv_meta[ofv["id"]]["updated_at"] = now
        edit.ofvs[ofv["id"]] = ofv
        edit.removed_ofvs.discard(ofv["id"])
    return ofv


def _find_ofv(ctx: RequestContext, ofv_id: int) -> tuple[ObservationCore, JSON]:
    writes = ctx.store.observation_writes()
    observation_id = writes.ofv_owner.get(ofv_id, seeded_observation_id("ofv", ofv_id))
    core = ctx.store.observation_core(observation_id) if observation_id > 0 else None
    if core is not None:
        for ofv in _current_ofvs(ctx, core):
            if ofv["id"] == ofv_id:
                return core, ofv
    raise ApiError(404, "Not Found")


def _ofv_body(ctx: RequestContext) -> dict[str, Any]:
    body = ctx.json_body()
    if not is_json_object(body):
        raise ApiError(422, 'the body must be {"observation_field_value": {...}}')
    inner = body.get("observation_field_value", body)
    if not is_json_object(inner):
        raise ApiError(422, "observation_field_value must be an object")
    return inner


def ofv_create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    inner = _ofv_body(ctx)
    if inner.get("observation_id") in (None, ""):
        raise ApiError(422, "Observation can't be blank")
    core = ctx.store.observation_core(_int(inner["observation_id"], "observation_id"))
    if core is None:
        raise ApiError(422, "Observation can't be blank")
    field_id = _int(inner.get("observation_field_id"), "observation_field_id")
    value = _check_value(ctx, field_id, inner.get("value"))
    return json_reply(_rails_ofv(ctx, _upsert_ofv(ctx, core, field_id, value, user_id)))


def ofv_update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core, ofv = _find_ofv(ctx, _path_id(ctx))
    inner = _ofv_body(ctx)
    field_id = ofv["field_id"]
    value = _check_value(ctx, field_id, inner.get("value", ofv["value"]))
    return json_reply(_rails_ofv(ctx, _upsert_ofv(ctx, core, field_id, value, user_id)))


def ofv_delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core, ofv = _find_ofv(ctx, _path_id(ctx))
    _own(core, user_id)
    with ctx.store.editing_observation(core.id) as edit:
        edit.ofvs.pop(ofv["id"], None)
        edit.removed_ofvs.add(ofv["id"])
    return _EMPTY


# --- photos and sounds ------------------------------------------------------------------------


def _upload(ctx: RequestContext, form: _Form) -> tuple[str, bytes]:
    found = form.files.get("file")
    if found is None:
        raise ApiError(422, "No file uploaded (a multipart part named 'file')")
    return found


def _license_of(ctx: RequestContext, core: ObservationCore | None) -> str:
    if core is not None:
        code = ctx.store.render_observation(core).get("license_code")
        if isinstance(code, str):
            return code
    return "cc-by-nc"


def _media_target(ctx: RequestContext, form: _Form, root: str, user_id: int) -> ObservationCore:
    raw = form.fields.get(f"{root}[observation_id]") or form.fields.get(f"{root}[uuid]")
    if not raw:
        raise ApiError(422, "No observation specified")
    text = raw.strip()
    core = ctx.store.observation_core(int(text) if text.isdigit() else text.lower())
    if core is None:
        raise ApiError(422, "Observation hasn't been added to iNaturalist")
    _own(core, user_id)
    return core


def _attach(
    ctx: RequestContext,
    core: ObservationCore,
    edit: ObservationEdit,
    photo: JSON,
    position: int | None,
) -> JSON:
    writes = ctx.store.observation_writes()
    if position is None:
        current = ctx.store.render_observation(core, details=True).get("observation_photos") or ()
        taken = [op.get("position") or 0 for op in current] + [
            p.get("position") or 0 for p in edit.photos
        ]
        position = max(taken) + 1 if (current or edit.photos) else 0
    now = iso_time(_now())
    op: JSON = {
        "id": writes.next_id("observation_photo"),
        "observation_id": core.id,
        "photo_id": photo["id"],
        "position": position,
        "created_at": now,
        "updated_at": now,
        "uuid": writes.new_uuid("observation_photo"),
        "photo": photo,
    }
    writes.observation_photo_owner[op["id"]] = core.id
    writes.standalone.pop(photo["id"], None)
    edit.photos.append(op)
    return op


def _refresh_media(ctx: RequestContext, observation_id: int, edit: ObservationEdit) -> None:
    """A record a client created counts its photos and becomes verifiable with media."""
    core = ctx.store.observation_core(observation_id)
    if core is None or core.extra is None:
        return
    photos = len(edit.photos)
    has_media = photos > 0 or bool(edit.sounds)
    grade = "needs_id" if has_media and core.lat is not None else "casual"
    if core.quality_grade == "research":
        grade = "research" if has_media else "casual"
    if (core.n_photos, core.quality_grade) != (photos, grade):
        ctx.store.replace_observation(attrs.evolve(core, n_photos=photos, quality_grade=grade))


def observation_photo_create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    form = read_form(ctx)
    core = _media_target(ctx, form, "observation_photo", user_id)
    filename, data = _upload(ctx, form)
    raw_position = form.fields.get("observation_photo[position]")
    position = _int(raw_position, "position") if raw_position else None
    writes = ctx.store.observation_writes()
    with ctx.store.editing_observation(core.id) as edit:
        photo = writes.store_photo(
            data, filename, user_id, ctx.store.renderer, _license_of(ctx, core)
        )
        op = _attach(ctx, core, edit, photo, position)
        _refresh_media(ctx, core.id, edit)
    return json_reply(op)


def _find_observation_photo(ctx: RequestContext, op_id: int) -> tuple[ObservationCore, JSON]:
    writes = ctx.store.observation_writes()
    observation_id = writes.observation_photo_owner.get(
        op_id, seeded_observation_id("observation_photo", op_id)
    )
    core = ctx.store.observation_core(observation_id) if observation_id > 0 else None
    if core is not None:
        edit = writes.edits.get(core.id)
        for op in edit.photos if edit is not None else ():
            if op["id"] == op_id:
                return core, op
        for op in ctx.store.render_observation(core, details=True).get("observation_photos") or ():
            if op["id"] == op_id:
                return core, {**op, "observation_id": core.id}
    raise ApiError(404, "Not Found")


def observation_photo_update(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core, op = _find_observation_photo(ctx, _path_id(ctx))
    _own(core, user_id)
    form = read_form(ctx)
    raw_position = form.fields.get("observation_photo[position]")
    writes = ctx.store.observation_writes()
    with ctx.store.editing_observation(core.id) as edit:
        added = next((p for p in edit.photos if p["id"] == op["id"]), None)
        if raw_position:
            position = _int(raw_position, "position")
            if added is not None:
                added["position"] = position
            else:
                edit.positions[op["id"]] = position
            op = {**op, "position": position}
        upload = form.files.get("file")
        if upload is not None:
            photo = writes.store_photo(
                upload[1], upload[0], user_id, ctx.store.renderer, _license_of(ctx, core)
            )
            if added is not None:
                added["photo"], added["photo_id"] = photo, photo["id"]
                op = added
            else:  # a seeded photo replaced: the old one goes, the new one takes its place
                edit.removed_photos.add(op["id"])
                op = _attach(ctx, core, edit, photo, op.get("position"))
        if added is not None:
            added["updated_at"] = iso_time(_now())
            op = added
    return json_reply(op)


def observation_photo_delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    core, op = _find_observation_photo(ctx, _path_id(ctx))
    _own(core, user_id)
    with ctx.store.editing_observation(core.id) as edit:
        before = len(edit.photos)
        edit.photos = [p for p in edit.photos if p["id"] != op["id"]]
        if len(edit.photos) == before:
            edit.removed_photos.add(op["id"])
        _refresh_media(ctx, core.id, edit)
    return _EMPTY


def photo_create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    filename, data = _upload(ctx, read_form(ctx))
    writes = ctx.store.observation_writes()
    with ctx.store.writing():
        photo = writes.store_photo(data, filename, user_id, ctx.store.renderer, "cc-by-nc")
        writes.standalone[photo["id"]] = photo
    return json_reply(photo)


def sound_create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    filename, data = _upload(ctx, read_form(ctx))
    writes = ctx.store.observation_writes()
    with ctx.store.writing():
        sound = writes.store_sound(data, filename, user_id, ctx.store.renderer, "cc-by-nc")
        writes.standalone[sound["id"]] = sound
    return json_reply(sound)


def observation_sound_create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    form = read_form(ctx)
    core = _media_target(ctx, form, "observation_sound", user_id)
    filename, data = _upload(ctx, form)
    writes = ctx.store.observation_writes()
    with ctx.store.editing_observation(core.id) as edit:
        sound = writes.store_sound(
            data, filename, user_id, ctx.store.renderer, _license_of(ctx, core)
        )
        now = iso_time(_now())
        record: JSON = {
            "id": writes.next_id("observation_sound"),
            "uuid": writes.new_uuid("observation_sound"),
            "observation_id": core.id,
            "created_at": now,
            "updated_at": now,
            "sound": sound,
        }
        writes.observation_sound_owner[record["id"]] = core.id
        edit.sounds.append(record)
        _refresh_media(ctx, core.id, edit)
    return json_reply(record)


def observation_sound_delete(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    sound_id = _path_id(ctx)
    writes = ctx.store.observation_writes()
    observation_id = writes.observation_sound_owner.get(sound_id)
    core = ctx.store.observation_core(observation_id) if observation_id is not None else None
    if core is None:
        raise ApiError(404, "Not Found")
    _own(core, user_id)
    with ctx.store.editing_observation(core.id) as edit:
        edit.sounds = [s for s in edit.sounds if s["id"] != sound_id]
        _refresh_media(ctx, core.id, edit)
    return _EMPTY


def register(router: Router) -> None:
    # Registered before v1_observations: this create answers a known UUID with an update.
    router.add("POST", "/v1/observations", create, version="v1")
    router.add("PUT", "/v1/observations/<id>", update, version="v1")
    router.add("DELETE", "/v1/observations/<id>", delete, version="v1")
    router.add("POST", "/v1/observations/<id>/fave", fave, version="v1")
    router.add("DELETE", "/v1/observations/<id>/unfave", unfave, version="v1")
    router.add("POST", "/v1/observations/<id>/review", review, version="v1")
    router.add("DELETE", "/v1/observations/<id>/review", review, version="v1")
    router.add("POST", "/v1/observations/<id>/quality/<metric>", quality, version="v1")
    router.add("DELETE", "/v1/observations/<id>/quality/<metric>", quality, version="v1")
    router.add("PUT", "/v1/observations/<id>/viewed_updates", viewed_updates, version="v1")
    # The site's routes ignore case: the spec writes "observation", the server "Observation".
    for kind in ("observation", "Observation"):
        router.add("POST", f"/v1/subscriptions/{kind}/<id>/subscribe", subscribe, version="v1")
    router.add("POST", "/v1/votes/vote/observation/<id>", vote, version="v1")
    router.add("DELETE", "/v1/votes/unvote/observation/<id>", unvote, version="v1")
    router.add("POST", "/v1/observation_field_values", ofv_create, version="v1")
    router.add("PUT", "/v1/observation_field_values/<id>", ofv_update, version="v1")
    router.add("DELETE", "/v1/observation_field_values/<id>", ofv_delete, version="v1")
    router.add("POST", "/v1/observation_photos", observation_photo_create, version="v1")
    router.add("PUT", "/v1/observation_photos/<id>", observation_photo_update, version="v1")
    router.add("DELETE", "/v1/observation_photos/<id>", observation_photo_delete, version="v1")
    router.add("POST", "/v1/observation_sounds", observation_sound_create, version="v1")
    router.add("DELETE", "/v1/observation_sounds/<id>", observation_sound_delete, version="v1")
    router.add("POST", "/v1/photos", photo_create, version="v1")
    router.add("POST", "/v1/sounds", sound_create, version="v1")
