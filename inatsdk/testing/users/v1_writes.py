"""Writes to users (each needs a valid JWT, else HTTP 401):

* ``PUT /v1/users/{id}`` with ``{"user": {...}}`` (the fields of the v2 spec's ``UsersUpdate``:
  login, name, e-mail, description, locale, time zone, places, licenses, notification
  settings...) and optionally ``"icon_delete": true`` changes the signed-in user's own profile
  and answers it as ``/users/me`` does. Anyone else's is HTTP 403; an unknown user HTTP 404; a
  login already taken or not of the allowed form, an e-mail without ``@``, an unknown place, a
  license or choice outside the allowed ones, a value of the wrong type, or a key the API does
  not take, HTTP 422. A new login or name shows in every record that names the user.
* ``POST`` / ``DELETE /v1/users/{id}/mute`` mute and unmute a user (``muted_user_ids`` of
  ``/users/me``); ``POST`` / ``DELETE /v1/users/{id}/block`` (undocumented upstream) block and
  unblock (``blocked_user_ids``). HTTP 404 for an unknown user, 422 for oneself; empty answers.
* ``POST /v1/users/resend_confirmation`` records that a confirmation e-mail was asked for
  (``store.account_writes().confirmations_sent``).
* ``PUT /v1/users/update_session`` takes a flat body of the website's session settings
  (``prefers_hide_obs_show_*``, ``preferred_taxon_page_*``, ``prefers_skip_coarer_id_modal``,
  spelled as in the spec) and keeps them (``store.account_writes().sessions``); other keys are
  HTTP 422.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from inatsdk.testing.projects.v1_writes import empty_reply
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_array, is_json_object
from inatsdk.testing.users.v1 import find_user

__all__ = ["LICENSES", "SESSION_KEYS", "USER_UPDATE_KEYS", "register", "relation"]

LICENSES = frozenset(
    {"CC0", "CC-BY", "CC-BY-NC", "CC-BY-SA", "CC-BY-ND", "CC-BY-NC-SA", "CC-BY-NC-ND"}
)
"""Licenses a user may prefer (or none: ``null``, all rights reserved)."""

_BOOL = (bool,)
_TEXT = (str, type(None))
_INT = (int, type(None))

#: What ``PUT /users/{id}`` takes inside ``user``, and the JSON types of each.
USER_UPDATE_KEYS: Mapping[str, tuple[type, ...]] = {
    "login": (str,),
    "email": (str,),
    "name": _TEXT,
    "description": _TEXT,
    "locale": _TEXT,
    "time_zone": _TEXT,
    "place_id": _INT,
    "search_place_id": _INT,
    "site_id": _INT,
    "faved_project_ids": (list,),
    "pi_consent": (bool, type(None)),
    "data_transfer_consent": (bool, type(None)),
    "preferred_observation_fields_by": (str,),
    "preferred_project_addition_by": (str,),
    "preferred_observation_license": _TEXT,
    "preferred_photo_license": _TEXT,
    "preferred_sound_license": _TEXT,
    "make_observation_licenses_same": _BOOL,
    "make_photo_licenses_same": _BOOL,
    "make_sound_licenses_same": _BOOL,
    "password": (str,),
    "password_confirmation": (str,),
    **{
        f"prefers_{name}": _BOOL
        for name in (
            "automatic_taxonomic_changes",
            "comment_email_notification",
            "common_names",
            "community_taxa",
            "identification_email_notification",
            "infraspecies_identification_notifications",
            "mention_email_notification",
            "message_email_notification",
            "monthly_supporter_badge",
            "no_email",
            "no_tracking",
            "non_disagreeing_identification_notifications",
            "project_added_your_observation_email_notification",
            "project_curator_change_email_notification",
            "project_journal_post_email_notification",
            "receive_mentions",
            "redundant_identification_notifications",
            "scientific_name_first",
            "taxon_change_email_notification",
            "taxon_or_place_observation_email_notification",
            "user_observation_email_notification",
        )
    },
}
_CHOICES = {
    "preferred_observation_fields_by": ("anyone", "curators", "observer"),
    "preferred_project_addition_by": ("any", "joined", "none"),
}
_NOT_KEPT = frozenset(
    {
        "password",
        "password_confirmation",
        "make_observation_licenses_same",
        "make_photo_licenses_same",
        "make_sound_licenses_same",
    }
)
_LOGIN = re.compile(r"[a-z][a-z0-9_\-]{2,39}\Z", re.IGNORECASE)

SESSION_KEYS = re.compile(
    r"(prefers_hide_obs_show_[a-z_]+|preferred_taxon_page_[a-z_]+|prefers_skip_coarer_id_modal)\Z"
)
"""The session settings ``PUT /users/update_session`` takes."""


def _user_fields(ctx: RequestContext, me: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        kinds = USER_UPDATE_KEYS.get(key)
        if kinds is None:
            raise ApiError(422, f"Unpermitted parameter: {key}")
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ApiError(422, f"{key} has the wrong type: {value!r}")
        out[key] = value
    login = out.get("login")
    if login is not None:
        if not _LOGIN.match(login):
            raise ApiError(
                422, "Login must start with a letter and hold 3 to 40 letters, digits, - or _"
            )
        taken = ctx.store.user_id(login)
        if taken is not None and taken != me:
            raise ApiError(422, "Login has already been taken")
    if "email" in out and "@" not in out["email"]:
        raise ApiError(422, "Email is invalid")
    for key in ("place_id", "search_place_id"):
        if out.get(key) is not None and out[key] not in ctx.store.place_catalog().by_id:
            raise ApiError(422, f"Unknown {key} {out[key]}")
    for key in (
        "preferred_observation_license",
        "preferred_photo_license",
        "preferred_sound_license",
    ):
        if out.get(key) is not None and out[key] not in LICENSES:
            raise ApiError(422, f"{key} must be one of {', '.join(sorted(LICENSES))} or null")
    for key, choices in _CHOICES.items():
        if key in out and out[key] not in choices:
            raise ApiError(422, f"{key} must be one of {', '.join(choices)}")
    if "faved_project_ids" in out and not all(
        isinstance(i, int) and not isinstance(i, bool) for i in out["faved_project_ids"]
    ):
        raise ApiError(422, "faved_project_ids must be a list of project ids")
    if out.get("password") is not None and out["password"] != out.get(
        "password_confirmation", out["password"]
    ):
        raise ApiError(422, "Password confirmation doesn't match Password")
    return out


def _target(ctx: RequestContext) -> int:
    raw = ctx.path_params["id"].strip()
    user = find_user(ctx, raw)
    if user is None:
        raise ApiError(404, "User does not exist")
    return user.id


def update(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    target = _target(ctx)
    if target != me:
        raise ApiError(403, "You don't have permission to do that")
    body = ctx.json_body()
    if not is_json_object(body):
        raise ApiError(422, "the body must be a JSON object")
    unknown = set(body) - {"user", "icon_delete"}
    if unknown:
        raise ApiError(422, f"Unpermitted parameter: {sorted(unknown)[0]}")
    fields: object = body.get("user") or {}
    if not is_json_object(fields):
        raise ApiError(422, "user must be an object")
    changes = _user_fields(ctx, me, fields)
    row_changes: dict[str, Any] = {
        key: changes.pop(key) for key in ("login", "name") if key in changes
    }
    if body.get("icon_delete") is True:
        row_changes["has_icon"] = False
    if row_changes:
        ctx.store.edit_user(me, **row_changes)
    kept = {k: v for k, v in changes.items() if k not in _NOT_KEPT}
    if kept or not row_changes:
        ctx.store.account_writes().change_user(me, kept)
    record = ctx.store.get_me(me)
    return json_reply(record)


def relation(kind: str, on: bool) -> Any:
    def handler(ctx: RequestContext) -> Reply:
        me = ctx.require_user()
        target = _target(ctx)
        if target == me:
            raise ApiError(422, f"You can't {'un' if not on else ''}{kind[:-2]} yourself")
        ctx.store.account_writes().set_relation(kind, me, target, on)
        return empty_reply()

    return handler


def resend_confirmation(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    ctx.store.account_writes().confirmation_sent(me)
    return empty_reply()


def update_session(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    body = ctx.json_body()
    if not is_json_object(body):
        raise ApiError(422, "the body must be a JSON object")
    for key, value in body.items():
        if not SESSION_KEYS.match(key):
            raise ApiError(422, f"Unpermitted parameter: {key}")
        if is_json_object(value) or is_json_array(value):
            raise ApiError(422, f"{key} must be a single value")
    ctx.store.account_writes().update_session(me, body)
    return empty_reply()


def register(router: Router) -> None:
    router.add("PUT", "/v1/users/update_session", update_session, version="v1")
    router.add("POST", "/v1/users/resend_confirmation", resend_confirmation, version="v1")
    router.add("PUT", "/v1/users/<id>", update, version="v1")
    router.add("POST", "/v1/users/<id>/mute", relation("muted", True), version="v1")
    router.add("DELETE", "/v1/users/<id>/mute", relation("muted", False), version="v1")
    router.add("POST", "/v1/users/<id>/block", relation("blocked", True), version="v1")
    router.add("DELETE", "/v1/users/<id>/block", relation("blocked", False), version="v1")
