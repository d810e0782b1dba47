"""``POST /v1/posts``, ``PUT /v1/posts/{id}`` and ``DELETE /v1/posts/{id}`` (each needs a valid
JWT, else HTTP 401).

Bodies are ``{"post": {"title", "body", "preferred_formatting", "parent_type", "parent_id"},
"commit": "Publish"}``, as the website sends them: ``commit="Publish"`` publishes the post
(now), ``"Unpublish"`` (on an update) makes it a draft again, anything else leaves it as it is
(a new post stays a draft). Drafts are answered to their author but listed nowhere: ``/posts``
and ``/posts/for_user`` list published posts only. Answers are the post as ``/posts`` gives it.

Rules: a post goes to the author's own journal (``parent_type="User"``, the default), to a
project's journal when the author is one of its managers or curators, or to the site's news
for site admins (HTTP 403 otherwise); the title may not be blank (HTTP 422); only the author
edits or deletes a post (HTTP 403; someone else's draft is HTTP 404, as is an unknown post);
a post cannot move to another journal (HTTP 422).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import attrs

from inatsdk.testing.posts.seed import SITE_ID, PostRow
from inatsdk.testing.projects.v1_writes import empty_reply
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_object
from inatsdk.testing.users.state import DraftPost

__all__ = ["register"]

_POST_KEYS = frozenset(
    {"title", "body", "preferred_formatting", "parent_type", "parent_id", "user_id"}
)


def _fields(ctx: RequestContext) -> tuple[Mapping[str, Any], str | None]:
    body = ctx.json_body()
    if not is_json_object(body) or not is_json_object(body.get("post")):
        raise ApiError(422, "post is required")
    fields: Mapping[str, Any] = body["post"]
    unknown = set(fields) - _POST_KEYS
    if unknown:
        raise ApiError(422, f"Unpermitted parameter: {sorted(unknown)[0]}")
    for key in ("title", "body", "preferred_formatting"):
        if fields.get(key) is not None and not isinstance(fields[key], str):
            raise ApiError(422, f"{key} must be text")
    commit = body.get("commit")
    return fields, commit if isinstance(commit, str) else None


def _id(value: object, name: str) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and int(value) == value:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ApiError(422, f"{name} must be an integer, not {value!r}")


def _render(ctx: RequestContext, post: DraftPost) -> JSON:
    record = ctx.store.render_post(post.row)
    if not post.published:
        record["published_at"] = None
    if post.preferred_formatting is not None:
        record["preferred_formatting"] = post.preferred_formatting
    return record


def _check_parent(ctx: RequestContext, me: int, parent_type: str, parent_id: int) -> None:
    if parent_type == "User":
        if parent_id != me:
            raise ApiError(403, "You can only post to your own journal")
    elif parent_type == "Project":
        project = ctx.store.project_catalog().by_id.get(parent_id)
        if project is None:
            raise ApiError(422, "Unknown project")
        curators = {m.user_id for m in project.members if m.role in ("manager", "curator")}
        if me != project.user_id and me not in curators:
            raise ApiError(403, "Only the project's managers and curators may post to it")
    elif parent_type == "Site":
        user = ctx.store.renderer.users.get(me)
        if parent_id != SITE_ID or user is None or "admin" not in user.roles:
            raise ApiError(403, "Only site admins may post news")
    else:
        raise ApiError(422, f"Parent type {parent_type!r} is not included in the list")


def create(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    fields, commit = _fields(ctx)
    title = (fields.get("title") or "").strip()
    if not title:
        raise ApiError(422, "Title can't be blank")
    parent_type = fields.get("parent_type") or "User"
    raw_parent = fields.get("parent_id")
    parent_id = me if raw_parent is None and parent_type == "User" else _id(raw_parent, "parent_id")
    _check_parent(ctx, me, str(parent_type), parent_id)
    writes = ctx.store.account_writes()
    now = time.time()
    row = PostRow(
        id=writes.next_id("post"),
        uuid=writes.uuid(),
        parent_type=str(parent_type),
        parent_id=parent_id,
        user_id=me,
        title=title,
        body=fields.get("body") or "",
        published=now,
        updated=now,
    )
    post = writes.put_post(
        DraftPost(
            row=row,
            published=commit == "Publish",
            preferred_formatting=fields.get("preferred_formatting"),
        )
    )
    return json_reply(_render(ctx, post))


def _post(ctx: RequestContext, me: int) -> DraftPost:
    raw = ctx.path_params["id"].strip()
    if not raw.isdigit():
        raise ApiError(422, f"a post id must be an integer, not {raw!r}")
    found = ctx.store.account_writes().find_post(int(raw), ctx.store.post_rows())
    if found is None or (not found.published and found.row.user_id != me):
        raise ApiError(404, "Not Found")
    if found.row.user_id != me:
        raise ApiError(403, "Only the author may change this post")
    return found


def update(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    post = _post(ctx, me)
    fields, commit = _fields(ctx)
    row = post.row
    changes: dict[str, Any] = {}
    if "title" in fields:
        title = (fields["title"] or "").strip()
        if not title:
            raise ApiError(422, "Title can't be blank")
        changes["title"] = title
    if "body" in fields:
        changes["body"] = fields["body"] or ""
    for key in ("parent_type", "parent_id", "user_id"):
        if fields.get(key) is None:
            continue
        value = fields[key] if key == "parent_type" else _id(fields[key], key)
        if value != getattr(row, key):
            raise ApiError(422, f"{key} cannot be changed")
    now = time.time()
    published = post.published
    if commit == "Publish" and not published:
        published, changes["published"] = True, now
    elif commit == "Unpublish":
        published = False
    formatting = fields.get("preferred_formatting", post.preferred_formatting)
    changed = DraftPost(
        row=attrs.evolve(row, updated=now, **changes),
        published=published,
        preferred_formatting=formatting,
    )
    return json_reply(_render(ctx, ctx.store.account_writes().put_post(changed)))


def delete(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    post = _post(ctx, me)
    ctx.store.account_writes().delete_post(post.row.id)
    return empty_reply()


def register(router: Router) -> None:
    router.add("POST", "/v1/posts", create, version="v1")
    router.add("PUT", "/v1/posts/<id>", update, version="v1")
    router.add("DELETE", "/v1/posts/<id>", delete, version="v1")
