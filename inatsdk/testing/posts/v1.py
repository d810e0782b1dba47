"""``GET /v1/posts`` and ``/v1/posts/for_user``: published posts, newest first, as bare JSON
lists (no ``total_results``), 10 a page unless ``per_page`` says otherwise (at most 200).

``/posts`` lists a user's journal (``login``), a project's (``project_id``; a slug works too)
or, with neither, the site's news; an unknown user or project is 404. ``/posts/for_user`` is
the feed: the site's news, plus, with a valid JWT, the user's own posts and those of the
projects they subscribe to. ``newer_than`` / ``older_than`` keep posts with a larger / smaller
id than the one given.
"""

from __future__ import annotations

from collections.abc import Callable

from inatsdk.testing.posts.seed import SITE_ID, PostRow
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, int_param, paging

__all__ = ["register"]

POSTS_PER_PAGE = 10
POSTS_PER_PAGE_MAX = 200


def _answer(ctx: RequestContext, rows: list[PostRow]) -> Reply:
    pg = paging(ctx.query, maximum=POSTS_PER_PAGE_MAX, default=POSTS_PER_PAGE, window=False)
    rows.sort(key=lambda r: (r.published, r.id), reverse=True)
    window = rows[pg.offset : pg.offset + pg.per_page]
    return json_reply([ctx.store.render_post(r) for r in window])


def search(ctx: RequestContext) -> Reply:
    q = ctx.query
    store = ctx.store
    login = (q.get("login") or "").strip()
    project = (q.get("project_id") or "").strip()
    keep: Callable[[PostRow], bool]
    if login:
        user_id = store.user_id(login)
        if user_id is None:
            raise ApiError(404, "Not Found")
        keep = lambda r: r.parent_type == "User" and r.parent_id == user_id  # noqa: E731
    elif project:
        found = store.project_catalog().find(project)
        if found is None:
            raise ApiError(404, "Not Found")
        project_id = found.id
        keep = lambda r: r.parent_type == "Project" and r.parent_id == project_id  # noqa: E731
    else:
        keep = lambda r: r.parent_type == "Site" and r.parent_id == SITE_ID  # noqa: E731
    return _answer(ctx, [r for r in store.post_rows() if keep(r)])


def for_user(ctx: RequestContext) -> Reply:
    q = ctx.query
    store = ctx.store
    viewer = ctx.viewer()
    projects = store.subscribed_project_ids(viewer) if viewer is not None else frozenset[int]()

    def keep(r: PostRow) -> bool:
        if r.parent_type == "Site":
            return r.parent_id == SITE_ID
        if viewer is None:
            return False
        if r.parent_type == "User":
            return r.parent_id == viewer
        return r.parent_id in projects

    rows = [r for r in store.post_rows() if keep(r)]
    newer = int_param(q, "newer_than")
    if newer is not None:
        rows = [r for r in rows if r.id > newer]
    older = int_param(q, "older_than")
    if older is not None:
        rows = [r for r in rows if r.id < older]
    return _answer(ctx, rows)


def register(router: Router) -> None:
    router.add("GET", "/v1/posts", search, version="v1")
    # per_page: not in the spec for this route; the client sends it (10, the default size).
    router.add(
        "GET", "/v1/posts/for_user", for_user, version="v1", extra_params=frozenset({"per_page"})
    )
