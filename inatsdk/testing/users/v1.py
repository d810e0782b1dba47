"""``GET /v1/users/{id}``, ``/v1/users/autocomplete``, ``/v1/users/{id}/projects`` and
``/v1/users/me``, as the real server answers them (iNaturalistAPI's ``users_controller.js``):
ids or logins, 100 users a page on autocomplete (an exact login first, then by activity), 100
projects a page by title, and ``/users/me`` only with a valid JWT.

Users are the store's (the seeded ones and any added with ``Emulator.add_user``).
"""

from __future__ import annotations

from inatsdk.testing.places.v1 import only_first_page, words, words_match
from inatsdk.testing.projects.seed import ProjectRow
from inatsdk.testing.projects.v1 import project_filter_by_type
from inatsdk.testing.records import JSON, envelope
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import PER_PAGE_MAX, ApiError, int_param, paging
from inatsdk.testing.seed import UserRow

__all__ = ["find_user", "register"]


def find_user(ctx: RequestContext, key: str) -> UserRow | None:
    """The user with this id (digits) or login (any case)."""
    renderer = ctx.store.renderer
    key = key.strip()
    if key.isdigit():
        return renderer.users.get(int(key))
    return renderer.users_by_login.get(key.lower())


def show(ctx: RequestContext) -> Reply:
    user = find_user(ctx, ctx.path_params["id"])
    if user is None:
        raise ApiError(404, "User does not exist")
    return json_reply(envelope(1, 1, 1, [ctx.store.renderer.user(user.id)]))


def _activity(ctx: RequestContext, user: UserRow) -> int:
    record = ctx.store.renderer.user(user.id)
    value = record.get("activity_count")
    return value if isinstance(value, int) else 0


def autocomplete(ctx: RequestContext) -> Reply:
    q = ctx.query
    only_first_page(q, "users/autocomplete")
    pg = paging(q, maximum=PER_PAGE_MAX["users_autocomplete"], default=5, fixed_page=1)
    text = (q.get("q") or "").strip()
    if not text:
        return json_reply(envelope(0, 1, 0, []))
    users = list(ctx.store.renderer.users.values())
    project_id = int_param(q, "project_id")
    if q.get("project_id") is not None:
        if not project_id:
            raise ApiError(422, "Invalid project_id")
        project = ctx.store.project_catalog().by_id.get(project_id)
        if project is None:
            raise ApiError(422, "Unknown project_id")
        members = frozenset(project.member_ids)
        users = [u for u in users if u.id in members]
    query_words = words(text)
    matched = [u for u in users if words_match(query_words, u.login, u.name)]
    matched.sort(key=lambda u: (-_activity(ctx, u), u.id))
    total = len(matched)
    window = matched[: pg.per_page]
    exact = next((u for u in users if u.login.lower() == text.lower()), None)
    if exact is not None and pg.per_page > 0:
        window = [exact, *(u for u in window if u.id != exact.id)][: pg.per_page]
    results = [ctx.store.renderer.user(u.id) for u in window]
    return json_reply(envelope(total, 1, min(total, pg.per_page), results))


def projects(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=100, default=10)
    user = find_user(ctx, ctx.path_params["id"])
    if user is None:
        raise ApiError(422, "Unknown user")
    catalog = ctx.store.project_catalog()
    rows = catalog.projects_of(user.id)
    kind = q.get("project_type")
    if kind:
        rows = [r for r in rows if project_filter_by_type(r, kind)]
    rows.sort(key=lambda r: (r.title, r.id))
    details = (q.get("rule_details") or "").lower() not in ("", "false")

    def render(window: list[ProjectRow]) -> list[JSON]:
        return [catalog.record(r, ctx.store.renderer, details=details) for r in window]

    return json_reply(paged(pg, rows, render, per_page_at_most_total=True))


def me(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    record = ctx.store.get_me(user_id)
    if record is None:
        raise ApiError(422, "Unknown user")
    return json_reply(envelope(1, 1, 1, [record]))


def register(router: Router) -> None:
    router.add(
        "GET",
        "/v1/users/autocomplete",
        autocomplete,
        version="v1",
        extra_params=frozenset({"page"}),
    )
    router.add("GET", "/v1/users/me", me, version="v1")
    router.add("GET", "/v1/users/<id>/projects", projects, version="v1")
    router.add("GET", "/v1/users/<id>", show, version="v1")
