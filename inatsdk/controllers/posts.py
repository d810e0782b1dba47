"""``client.posts``: journal posts of users, projects and the site; write, edit, publish and
delete your own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    checked_record_id,
    create_body,
    create_record,
    delete_record,
    record_id,
    update_body,
    update_record,
)
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import POST_CREATE, POST_DELETE, POST_UPDATE, POSTS_FOR_USER, POSTS_SEARCH
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Post
from inatsdk.params.paginators import PostsForUserPaginator, PostsSearchPaginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import PostsForUserParams, PostsSearchParams

__all__ = ["POST_WRITES", "PostsController"]

T = TypeVar("T")

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


class PostsController(BaseController):
    """Journal posts. The API sends no total for posts: ``count()`` walks the pages (one
    request per page), and a :class:`~inatsdk.paginator.Page`'s ``total_results`` is a lower
    bound (what has been seen, plus one while more may follow)."""

    resource = "posts"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[PostsSearchParams]
    ) -> PostsSearchPaginator[Post]:
        """Published posts, newest first: a user's journal (``login=``) or a project's
        (``project_id=``). Calls ``GET /v1/posts`` (up to 200 per page).

        Example::

            for post in client.posts.search(login="kueda").limit(5):
                print(post.published_at, post.title)
        """
        return self._requester.paginate(
            POSTS_SEARCH, params, dry_run=dry_run, kind=PostsSearchPaginator
        )

    def for_user(
        self, *, dry_run: bool | None = None, **params: Unpack[PostsForUserParams]
    ) -> PostsForUserPaginator[Post]:
        """The post feed: site news, plus, for a logged-in user, posts of the projects they
        follow. Calls ``GET /v1/posts/for_user``, newest first.

        ``newer_than=`` / ``older_than=`` (a post id) keep posts after or before that one. The
        spec gives this endpoint no ``per_page``; the client asks for 10 posts per request, the
        size the API uses by default, so paging stays right whether the API honours the page
        size or not.
        """
        return self._requester.paginate(
            POSTS_FOR_USER, params, dry_run=dry_run, kind=PostsForUserPaginator
        )

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
        return create_record(
            self._requester, POST_CREATE, POST_WRITES, post, dry_run=dry_run, body=body
        )

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
        checked_record_id(POST_UPDATE, POST_WRITES, post)
        body = update_body(POST_WRITES, post)
        if publish is not None:
            publishing: dict[str, Any] = dict(body) if body is not None else {"post": {}}
            publishing["commit"] = "Publish" if publish else "Unpublish"
            body = publishing
        if body is None:
            return post
        return update_record(
            self._requester, POST_UPDATE, POST_WRITES, post, dry_run=dry_run, body=body
        )

    def delete(self, post: Post | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your posts, given as a model or an id. Calls
        ``DELETE /v1/posts/{id}``."""
        delete_record(
            self._requester,
            POST_DELETE,
            record_id(post, "post"),
            dry_run=dry_run,
            argument="post",
        )
