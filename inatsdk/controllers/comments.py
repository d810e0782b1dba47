"""``client.comments``: the signed-in user's comments on observations and other records."""

from __future__ import annotations

from typing import Any

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    create_record,
    delete_record,
    record_id,
    update_record,
)
from inatsdk.controllers._writes_v2 import (
    create_v2,
    delete_v2,
    update_v2,
    uuid_of,
)
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    COMMENT_CREATE,
    COMMENT_CREATE_V2,
    COMMENT_DELETE,
    COMMENT_DELETE_V2,
    COMMENT_UPDATE,
    COMMENT_UPDATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Comment
from inatsdk.models.base import BaseModel

__all__ = ["COMMENT_WRITES", "CommentsController"]

#: What ``parent_type`` the API takes (the spec's enum); a comment with none is on an observation.
PARENT_TYPES = (
    "Observation",
    "ListedTaxon",
    "AssessmentSection",
    "ObservationField",
    "Post",
    "TaxonChange",
)


def _finish(body: dict[str, Any], comment: Comment, creating: bool) -> dict[str, Any]:
    record: dict[str, Any] = body["comment"]
    if creating:
        record.setdefault("parent_type", "Observation")
        if record["parent_type"] not in PARENT_TYPES:
            raise InvalidParameterError(
                f"Comment.parent_type={record['parent_type']!r} is not one the API takes: "
                f"{', '.join(PARENT_TYPES)} (nothing was sent)"
            )
    return body


#: How comments are written: ``{"comment": {"parent_type", "parent_id", "body"}}``; only the
#: body can be saved afterwards.
COMMENT_WRITES = WriteSpec(
    model=Comment,
    root="comment",
    fields=(
        Field("parent_type", update=False),
        Field("parent_id", update=False),
        Field("body"),
    ),
    required=("parent_id", "body"),
    finish=_finish,
)


#: How v2 writes comments: as v1, the parent named by UUID (``parent_id``).
COMMENT_WRITES_V2 = WriteSpec(
    model=Comment, root="comment", fields=COMMENT_WRITES.fields, required=("body",)
)


class CommentsController(BaseController):
    """Comments: add, edit and delete your own.

    Comments are read with the records they belong to (``client.observations.get(id).comments``).
    """

    resource = "comments"

    def create(self, comment: Comment, *, dry_run: bool | None = None) -> Comment:
        """Add a comment and return the server's version of it. Calls ``POST /v1/comments``
        (needs credentials).

        ``parent_id`` and ``body`` are required; ``parent_type`` defaults to
        ``"Observation"``. In dry-run nothing is sent and the result is built from the body
        that would have been sent; a create is never sent twice.

        Example::

            client.comments.create(Comment(parent_id=1234, body="Lovely shot!"))

        With ``api_version="v2"``, a comment on an observation goes to :meth:`create_v2`,
        which names it by UUID (one small v2 read finds it for ``parent_id``; see
        :ref:`v2-routing`).
        """
        on_observation = comment.parent_type in (None, "Observation")
        key = (
            self._observation_on_v2(comment.parent_id, dry_run, "create")
            if on_observation
            else None
        )
        if key is not None:
            return self.create_v2(comment, parent=key, dry_run=dry_run)
        return create_record(
            self._requester, COMMENT_CREATE, COMMENT_WRITES, comment, dry_run=dry_run
        )

    def save(self, comment: Comment, *, dry_run: bool | None = None) -> Comment:
        """Save an edited comment and return the server's version. Calls
        ``PUT /v1/comments/{id}`` with only what changed since it was loaded (its ``body``); a
        new comment (no id) is created instead.

        Nothing is sent when nothing changed; changing what cannot be saved raises
        :class:`~inatsdk.errors.InvalidParameterError` before sending. Only its author may edit
        it (:class:`~inatsdk.errors.ForbiddenError` otherwise).

        With ``api_version="v2"``, one with a ``uuid`` goes to :meth:`save_v2`
        (``PUT /v2/comments/{uuid}``).
        """
        if self._requester.api_version == "v2" and comment.uuid is not None:
            return self.save_v2(comment, dry_run=dry_run)
        if comment.is_new:
            return self.create(comment, dry_run=dry_run)
        return update_record(
            self._requester, COMMENT_UPDATE, COMMENT_WRITES, comment, dry_run=dry_run
        )

    def delete(self, comment: Comment | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your comments, given as a model or an id. Calls
        ``DELETE /v1/comments/{id}``.

        With ``api_version="v2"``, one with a ``uuid`` goes to :meth:`delete_v2`.
        """
        if self._requester.api_version == "v2" and isinstance(comment, Comment) and comment.uuid:
            return self.delete_v2(comment, dry_run=dry_run)
        delete_record(
            self._requester,
            COMMENT_DELETE,
            record_id(comment, "comment"),
            dry_run=dry_run,
            argument="comment",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def create_v2(
        self,
        comment: Comment,
        *,
        parent: BaseModel | str,
        dry_run: bool | None = None,
    ) -> Comment:
        """Comment on a record named by UUID (``parent``: an observation or another model
        with a uuid, or the UUID; ``parent_type`` defaults to ``"Observation"``). Calls
        ``POST /v2/comments``."""
        body = create_body(COMMENT_WRITES_V2, comment)
        record = body["comment"]
        record["parent_id"] = uuid_of(parent, "parent")
        if isinstance(parent, BaseModel) and comment.parent_type is None:
            record["parent_type"] = type(parent).__name__
        _finish(body, comment, True)
        return create_v2(
            self._requester,
            COMMENT_CREATE_V2,
            COMMENT_WRITES_V2,
            comment,
            dry_run=dry_run,
            body=body,
        )

    def save_v2(self, comment: Comment, *, dry_run: bool | None = None) -> Comment:
        """Save an edited comment's ``body``, by UUID. Calls ``PUT /v2/comments/{uuid}``."""
        return update_v2(
            self._requester,
            COMMENT_UPDATE_V2,
            COMMENT_WRITES_V2,
            comment,
            uuid_of(comment, "comment"),
            dry_run=dry_run,
        )

    def delete_v2(self, comment: Comment | str, *, dry_run: bool | None = None) -> None:
        """Delete one of your comments (a model or its UUID). Calls
        ``DELETE /v2/comments/{uuid}``."""
        delete_v2(
            self._requester,
            COMMENT_DELETE_V2,
            uuid_of(comment, "comment"),
            argument="comment",
            dry_run=dry_run,
        )
