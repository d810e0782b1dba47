"""Private messages between users (``/messages``), and a thread of them (``/messages/{id}``)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.user import User

__all__ = ["Message", "MessageThread"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Message(BaseModel):
    """One private message, as the authenticated user's copy of it.

    iNaturalist keeps two copies of every message: the sender's (in their ``sent`` box) and the
    recipient's (in their ``inbox``); :attr:`user_id` is the owner of this copy.
    """

    id: int | None = None
    user_id: int | None = None
    """The owner of this copy: the sender for a sent message, the recipient for a received one."""
    thread_id: int | None = None
    """Messages of one conversation share a thread id."""
    subject: str | None = None
    body: str | None = None
    read_at: datetime | None = None
    """When the owner read it; ``None`` while it is unread."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    from_user: User | None = None
    to_user: User | None = None
    thread_messages_count: int | None = None
    """How many messages the thread holds (only with ``threads=True``)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "thread_id", "subject")

    @property
    def is_unread(self) -> bool:
        """Whether the owner has not read it yet (no :attr:`read_at`)."""
        return self.read_at is None


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class MessageThread(BaseModel):
    """Every message of one conversation, as ``GET /v1/messages/{id}`` returns it."""

    thread_id: int | None = None
    flaggable_message_id: int | None = None
    """The message to flag if the user flags this conversation."""
    reply_to_user: User | None = None
    """The other party: whom a reply goes to."""
    results: list[Message] | None = None
    """The messages, oldest first (also available as :attr:`messages`)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("thread_id", "reply_to_user", "results")

    @property
    def messages(self) -> list[Message]:
        """The thread's messages (an empty list when the response held none)."""
        return self.results if self.results is not None else []
