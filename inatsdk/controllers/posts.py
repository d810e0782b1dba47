"""``client.posts``: journal posts of users, projects and the site; write, edit, publish and
delete your own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    create_record,
    delete_record,
    record_id,
    update_body,
    update_record,
)
from inatsdk.controllers.base import BaseController
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Post
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import PostsForUserParams, PostsSearchParams

__all__ = ["POST_WRITES", "PostsController"]

#: How posts are written: ``{"post": {"title", "body", "parent_type", "parent_id"}, "commit":
#: "Publish"}``; the journal (``parent_type`` and ``parent_id``) is set when creating only.
POST_WRITES = WriteSpec(
    model=Post,
    root="post",
    fields=(
        Field("title"),
        Field("body"),
        Field("parent_type", update=False),
        Field("parent_id", update=False),
    ),
    required=("title",),
)

_PARENT_TYPES = ("User", "Project", "Site")

Fetch = Callable[[Mapping[str, str]], Any]


def _int(query: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        return default


def _bare_list_pages(fetch: Fetch, page_size: int) -> Fetch:
    """Adapt an endpoint that answers a bare list (no ``total_results``) to the paginator.

    Posts come back as a plain JSON list. A full page means more may follow: its total is given
    as one more than what has been seen, so iteration goes on until a short page. A request for
    ``per_page=0`` (a count) walks the pages (``page_size`` posts per request) and adds them up,
    since the API has no count.
    """

    def envelope(data: Any, page: int, per_page: int) -> Any:
        if not isinstance(data, list):
            return data  # an envelope already, or None in dry-run
        if per_page > 0 and len(data) >= per_page:
            # a full page: more may follow (whatever page size the server really used)
            total = page * len(data) + 1
        else:
            total = (page - 1) * per_page + len(data)
        return {"total_results": total, "page": page, "per_page": per_page, "results": data}

    def fetch_page(query: Mapping[str, str]) -> Any:
        per_page = _int(query, "per_page", page_size)
        page = _int(query, "page", 1)
        if per_page > 0:
            return envelope(fetch(query), page, per_page)
        counted, number = 0, 1
        while True:
            data = fetch({**query, "page": str(number), "per_page": str(page_size)})
            if data is None:
                return None
            rows = data if isinstance(data, list) else list(data.get("results") or [])
            counted += len(rows)
            if len(rows) < page_size:
                return {"total_results": counted, "page": 1, "per_page": 0, "results": []}
            number += 1

    return fetch_page


class PostsController(BaseController):
    """Journal posts. The API sends no total for posts: ``count()`` walks the pages (one
    request per page), and a :class:`~inatsdk.paginator.Page`'s ``total_results`` is a lower
    bound (what has been seen, plus one while more may follow)."""

    resource = "posts"

    def _posts(
        self, method_name: str, params: Mapping[str, object], dry_run: bool | None
    ) -> Paginator[Post]:
        ep = self._endpoint(method_name)
        check = self._checker(ep, method_name)
        check(params)
        client = self._client

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(ep.version, ep.path, query, dry_run=dry_run).json

        return Paginator(
            fetch=_bare_list_pages(fetch, ep.per_page_max or 10),
            parse=Post.from_json,
            endpoint=ep,
            model="Post",
            params=params,
            check=check,
        )

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[PostsSearchParams]
    ) -> Paginator[Post]:
        """Published posts, newest first: a user's journal (``login=``) or a project's
        (``project_id=``). Calls ``GET /v1/posts`` (up to 200 per page).

        Example::

            for post in client.posts.search(login="kueda").limit(5):
                print(post.published_at, post.title)
        """
        return self._posts("search", params, dry_run)

    def for_user(
        self, *, dry_run: bool | None = None, **params: Unpack[PostsForUserParams]
    ) -> Paginator[Post]:
        """The post feed: site news, plus, for a logged-in user, posts of the projects they
        follow. Calls ``GET /v1/posts/for_user``, newest first.

        ``newer_than=`` / ``older_than=`` (a post id) keep posts after or before that one. The
        spec gives this endpoint no ``per_page``; the client asks for 10 posts per request, the
        size the API uses by default, so paging stays right whether the API honours the page
        size or not.
        """
        return self._posts("for_user", params, dry_run)

    # --- writes (the signed-in user's posts) --------------------------------------------------

    def create(self, post: Post, *, publish: bool = True, dry_run: bool | None = None) -> Post:
        """Write a post; returns the server's version. Calls ``POST /v1/posts`` (needs
        credentials).

        ``title`` is required. Without ``parent_type`` the post goes to your own journal;
        ``parent_type="Project"`` with the project's ``parent_id`` to a project's journal (its
        managers and curators only; :class:`~inatsdk.errors.ForbiddenError` otherwise).
        ``publish=False`` keeps it as a draft (``published_at`` is ``None``; drafts are listed
        nowhere). In dry-run nothing is sent and the result is built from the body that would
        have been sent; a post is never sent twice.

        Example::

            post = client.posts.create(Post(title="Spring list", body="Twelve species."))
        """
        body = create_body(POST_WRITES, post)
        parent_type = body["post"].get("parent_type")
        if parent_type is not None and parent_type not in _PARENT_TYPES:
            raise InvalidParameterError(
                f"Post.parent_type={parent_type!r}: use one of {', '.join(_PARENT_TYPES)} "
                "(nothing was sent)"
            )
        if publish:
            body["commit"] = "Publish"
        return create_record(self, "create", POST_WRITES, post, dry_run=dry_run, body=body)

    def save(self, post: Post, *, publish: bool | None = None, dry_run: bool | None = None) -> Post:
        """Save the changes made to one of your posts (its ``title`` and ``body``); returns
        the server's version. Calls ``PUT /v1/posts/{id}`` with only what changed since it was
        loaded; a new post (no id) is created instead.

        ``publish=True`` publishes a draft, ``publish=False`` turns a published post back
        into a draft, ``None`` leaves that as it is. Nothing is sent when nothing changed (and
        ``publish`` is ``None``); changing what cannot be saved (the journal, anything the
        server sets) raises :class:`~inatsdk.errors.InvalidParameterError` before sending.
        Only the author may edit a post (:class:`~inatsdk.errors.ForbiddenError` otherwise).

        Example::

            post.body += "\n\nUpdate: thirteen."
            post = client.posts.save(post)   # PUT {"post": {"body": ...}}
        """
        if post.is_new:
            return self.create(post, publish=publish is not False, dry_run=dry_run)
        body = update_body(POST_WRITES, post)
        if publish is not None:
            publishing: dict[str, Any] = dict(body) if body is not None else {"post": {}}
            publishing["commit"] = "Publish" if publish else "Unpublish"
            body = publishing
        if body is None:
            return post
        return update_record(self, "save", POST_WRITES, post, dry_run=dry_run, body=body)

    def delete(self, post: Post | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your posts, given as a model or an id. Calls
        ``DELETE /v1/posts/{id}``."""
        delete_record(self, "delete", record_id(post, "post"), dry_run=dry_run)
