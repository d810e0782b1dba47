"""Writes to projects and project observations (each needs a valid JWT, else HTTP 401):

* ``POST /v1/projects/{id}/join`` makes the user a member and answers the membership (their
  existing one if they already are a member); ``DELETE /v1/projects/{id}/leave`` ends it (HTTP
  422 for a non-member, and for the project's owner, who cannot leave).
* ``POST /v1/projects/{id}/add`` with ``{"observation_id"}`` adds an observation to a
  traditional project and answers the project observation; ``DELETE /v1/projects/{id}/remove``
  with the same body removes it.
* ``POST /v1/project_observations`` (``{"project_observation": {"project_id",
  "observation_id"}}``; the flat form the v1 spec shows is taken too) does what ``add`` does;
  ``PUT /v1/project_observations/{id}`` sets ``prefers_curator_coordinate_access``;
  ``DELETE /v1/project_observations/{id}`` removes it.
* ``POST /v1/subscriptions/project/{id}/subscribe`` toggles the user's subscription to the
  project's updates (the server registers the route as ``/subscriptions/Project/...``; both
  spellings work).
* Undocumented upstream: ``POST /v1/projects`` and ``PUT /v1/projects/{id}`` with
  ``{"project": {...}}`` create and edit a project (answering it), ``DELETE /v1/projects/{id}``
  deletes it.

Rules (iNaturalist's): only traditional projects take observations by hand (HTTP 422 for
collection and umbrella projects); people add and remove their own observations, and a
project's managers and curators anyone's (HTTP 403 otherwise; whoever added an observation may
remove it too); an observation is in a project once (HTTP 422); only the observer sets their
coordinate-access preference; a project's managers edit it and only its owner deletes it (HTTP
403). An unknown project is HTTP 404 (422 in a body's ``project_id``), an unknown observation
HTTP 422. The emulator does not check a project's observation rules (taxa, places, photos).

Every write is stored (:class:`~inatsdk.testing.users.state.AccountWrites`): a joined
project is listed in ``/users/{id}/projects``, its ``/members`` and ``user_ids``; a
subscription in ``/projects/{id}/subscriptions`` and the ``/posts/for_user`` feed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import attrs

from inatsdk.testing.projects.seed import ProjectCatalog, ProjectRow, ProjectUserRow, slugify
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, path_id
from inatsdk.testing.rules import ApiError, is_json_object
from inatsdk.testing.users.state import AccountWrites, ProjectObservationRow

__all__ = ["PROJECT_EDITABLE", "empty_reply", "register"]

#: What ``PUT /projects/{id}`` (and ``POST /projects``) may set, with the type each takes.
PROJECT_EDITABLE: Mapping[str, tuple[type, ...]] = {
    "title": (str,),
    "description": (str,),
    "terms": (str, type(None)),
    "banner_color": (str, type(None)),
    "hide_title": (bool,),
    "header_image_contain": (bool,),
    "prefers_user_trust": (bool,),
    "place_id": (int, type(None)),
    "project_type": (str,),
}
_PROJECT_TYPES = ("", "collection", "umbrella", "bioblitz", "assessment")


def empty_reply() -> Reply:
    """HTTP 200 with no body, as the API answers most actions."""
    return Reply(200, b"")


# --- helpers ---------------------------------------------------------------------------------


def _writes(ctx: RequestContext) -> AccountWrites:
    return ctx.store.account_writes()


def _shared(ctx: RequestContext) -> ProjectCatalog:
    return ctx.store.shared_project_catalog()


def _project(ctx: RequestContext) -> ProjectRow:
    row = ctx.store.project_catalog().find(ctx.path_params["id"].strip())
    if row is None:
        raise ApiError(404, "Not Found")
    return row


def _role(row: ProjectRow, user_id: int) -> str | None:
    """``"manager"``, ``"curator"``, ``"member"`` or ``None`` (the owner is a manager)."""
    if user_id == row.user_id:
        return "manager"
    for m in row.members:
        if m.user_id == user_id:
            return m.role or "member"
    return None


def _is_curator(row: ProjectRow, user_id: int) -> bool:
    return _role(row, user_id) in ("manager", "curator")


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or value is None:
        raise ApiError(422, f"{name} is required")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ApiError(422, f"{name} must be an integer, not {value!r}")


def _body(ctx: RequestContext) -> Mapping[str, Any]:
    body = ctx.json_body()
    if not is_json_object(body):
        raise ApiError(422, "the body must be a JSON object")
    return body


# --- membership and subscriptions ------------------------------------------------------------


def join(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    member = _writes(ctx).join(_shared(ctx), row, user_id)
    catalog = ctx.store.project_catalog()
    record = {
        **catalog.member_record(member, ctx.store.renderer),
        **catalog.membership_record(member),
    }
    return json_reply(record)


def leave(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    if user_id == row.user_id:
        raise ApiError(422, "You can't leave a project you created")
    if user_id not in row.member_ids:
        raise ApiError(422, "You aren't a member of that project")
    _writes(ctx).leave(_shared(ctx), row, user_id)
    return empty_reply()


def subscribe(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    _writes(ctx).toggle_subscription(_shared(ctx), row.id, user_id)
    return empty_reply()


# --- project observations --------------------------------------------------------------------


def _add(ctx: RequestContext, row: ProjectRow, observation_id: int, user_id: int) -> Reply:
    core = ctx.store.observation_core(observation_id)
    if core is None:
        raise ApiError(422, "Observation does not exist")
    if row.is_new_style:
        raise ApiError(
            422, "Observations cannot be added by hand to collection or umbrella projects"
        )
    if core.user_id != user_id and not _is_curator(row, user_id):
        raise ApiError(403, "Only the project's curators may add other people's observations")
    writes = _writes(ctx)
    with writes.lock:
        if writes.find_project_observation(row.id, observation_id) is not None:
            raise ApiError(422, "Observation already added to this project")
        po = writes.add_project_observation(row.id, observation_id, user_id)
    return json_reply(po.record())


def _may_remove(ctx: RequestContext, po: ProjectObservationRow, user_id: int) -> bool:
    core = ctx.store.observation_core(po.observation_id)
    if user_id in (po.user_id, core.user_id if core is not None else None):
        return True
    row = ctx.store.project_catalog().by_id.get(po.project_id)
    return row is not None and _is_curator(row, user_id)


def add(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    observation_id = _int(_body(ctx).get("observation_id"), "observation_id")
    return _add(ctx, row, observation_id, user_id)


def remove(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    observation_id = _int(_body(ctx).get("observation_id"), "observation_id")
    writes = _writes(ctx)
    po = writes.find_project_observation(row.id, observation_id)
    if po is None:
        raise ApiError(404, "That observation is not in this project")
    if not _may_remove(ctx, po, user_id):
        raise ApiError(403, "Only the observer or the project's curators may remove it")
    writes.remove_project_observation(po)
    return empty_reply()


def _project_observation_fields(body: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = body.get("project_observation")
    if is_json_object(inner):
        return inner
    return body  # the flat form of the v1 spec's PostProjectObservation


def create_project_observation(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    fields = _project_observation_fields(_body(ctx))
    project_id = _int(fields.get("project_id"), "project_id")
    observation_id = _int(fields.get("observation_id"), "observation_id")
    row = ctx.store.project_catalog().by_id.get(project_id)
    if row is None:
        raise ApiError(422, "Unknown project_id")
    return _add(ctx, row, observation_id, user_id)


def _project_observation(ctx: RequestContext) -> ProjectObservationRow:
    po = _writes(ctx).project_observations.get(path_id(ctx))
    if po is None:
        raise ApiError(404, "Not Found")
    return po


def update_project_observation(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    po = _project_observation(ctx)
    fields = _body(ctx).get("project_observation")
    if not is_json_object(fields):
        raise ApiError(422, "project_observation is required")
    access = po.curator_coordinate_access
    for key, value in fields.items():
        if key == "prefers_curator_coordinate_access":
            if value is not None and not isinstance(value, bool):
                raise ApiError(422, f"{key} must be true or false")
            access = value
        elif key in ("project_id", "observation_id"):
            if value is not None and _int(value, key) != getattr(po, key):
                raise ApiError(422, f"{key} cannot be changed")
        else:
            raise ApiError(422, f"Unpermitted parameter: {key}")
    core = ctx.store.observation_core(po.observation_id)
    if core is None or core.user_id != user_id:
        raise ApiError(403, "Only the observer may change this")
    changed = _writes(ctx).update_project_observation(po, access)
    return json_reply(changed.record())


def delete_project_observation(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    po = _project_observation(ctx)
    if not _may_remove(ctx, po, user_id):
        raise ApiError(403, "Only the observer or the project's curators may remove it")
    _writes(ctx).remove_project_observation(po)
    return empty_reply()


# --- projects themselves (undocumented upstream) -----------------------------------------------


def _project_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    inner = body.get("project")
    if not is_json_object(inner):
        raise ApiError(422, "project is required")
    out: dict[str, Any] = {}
    for key, value in inner.items():
        kinds = PROJECT_EDITABLE.get(key)
        if kinds is None:
            raise ApiError(422, f"Unpermitted parameter: {key}")
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ApiError(422, f"{key} has the wrong type: {value!r}")
        out[key] = value
    if "project_type" in out and out["project_type"] not in _PROJECT_TYPES:
        raise ApiError(422, f"Project type {out['project_type']!r} is not included in the list")
    if "title" in out and not str(out["title"]).strip():
        raise ApiError(422, "Title can't be blank")
    return out


def _check_title(ctx: RequestContext, title: str, project_id: int | None) -> None:
    for row in ctx.store.project_catalog().rows:
        if row.title.lower() == title.strip().lower() and row.id != project_id:
            raise ApiError(422, "Title has already been taken")


def _check_place(ctx: RequestContext, place_id: int | None) -> None:
    if place_id is not None and place_id not in ctx.store.place_catalog().by_id:
        raise ApiError(422, f"Unknown place_id {place_id}")


def create_project(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    fields = _project_fields(_body(ctx))
    title = fields.get("title")
    if not isinstance(title, str):
        raise ApiError(422, "Title can't be blank")
    _check_title(ctx, title, None)
    _check_place(ctx, fields.get("place_id"))
    writes = _writes(ctx)
    catalog = writes.private_catalog(_shared(ctx))
    now = float(int(time.time()))
    project_id = writes.next_id("project")
    taken = set(catalog.by_slug)
    owner = ProjectUserRow(  # the owner is the project's first member, a manager
        id=writes.next_id("member"),
        project_id=project_id,
        user_id=user_id,
        role="manager",
        created_at=now,
        updated_at=now,
        prefers_curator_coordinate_access_for="none",
        prefers_updates=True,
    )
    place_id = fields.get("place_id")
    places = ctx.store.place_catalog().by_id
    row = ProjectRow(
        id=project_id,
        slug=slugify(title, taken),
        title=title.strip(),
        description=fields.get("description") or "",
        project_type=fields.get("project_type", ""),
        user_id=user_id,
        place_id=place_id,
        location=places[place_id].center if place_id is not None else None,
        taxon_ids=(),
        rule_place_ids=(place_id,) if place_id is not None else (),
        quality_grades=(),
        subproject_ids=(),
        rule_user_ids=(),
        other_rules=(),
        observation_field_ids=(),
        members=(owner,),
        created_at=now,
        updated_at=now,
        last_post_at=None,
        site_features=(),
        banner_color=fields.get("banner_color"),
        has_icon=False,
        terms=fields.get("terms"),
        hide_title=bool(fields.get("hide_title", False)),
        header_image_contain=bool(fields.get("header_image_contain", False)),
        prefers_user_trust=bool(fields.get("prefers_user_trust", False)),
        first_rule_id=project_id * 10,
    )
    writes.put_project(_shared(ctx), row)
    return json_reply(catalog.record(row, ctx.store.renderer))


def update_project(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    fields = _project_fields(_body(ctx))
    if _role(row, user_id) != "manager":
        raise ApiError(403, "Only the project's managers may edit it")
    if "title" in fields:
        _check_title(ctx, fields["title"], row.id)
        fields["title"] = fields["title"].strip()
    if "place_id" in fields:
        _check_place(ctx, fields["place_id"])
    writes = _writes(ctx)
    with writes.lock:  # on the project as it is now (a join may have come in meanwhile)
        current = ctx.store.project_catalog().by_id.get(row.id, row)
        changed = attrs.evolve(current, updated_at=float(int(time.time())), **fields)
        writes.put_project(_shared(ctx), changed)
    return json_reply(ctx.store.project_catalog().record(changed, ctx.store.renderer))


def delete_project(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    row = _project(ctx)
    if user_id != row.user_id:
        raise ApiError(403, "Only the project's owner may delete it")
    _writes(ctx).delete_project(_shared(ctx), row)
    return empty_reply()


def register(router: Router) -> None:
    router.add("POST", "/v1/projects/<id>/join", join, version="v1")
    router.add("DELETE", "/v1/projects/<id>/leave", leave, version="v1")
    router.add("POST", "/v1/projects/<id>/add", add, version="v1")
    router.add("DELETE", "/v1/projects/<id>/remove", remove, version="v1")
    router.add("POST", "/v1/subscriptions/project/<id>/subscribe", subscribe, version="v1")
    router.add("POST", "/v1/subscriptions/Project/<id>/subscribe", subscribe, version="v1")
    router.add("POST", "/v1/project_observations", create_project_observation, version="v1")
    router.add("PUT", "/v1/project_observations/<id>", update_project_observation, version="v1")
    router.add("DELETE", "/v1/project_observations/<id>", delete_project_observation, version="v1")
    router.add("POST", "/v1/projects", create_project, version="v1")
    router.add("PUT", "/v1/projects/<id>", update_project, version="v1")
    router.add("DELETE", "/v1/projects/<id>", delete_project, version="v1")
