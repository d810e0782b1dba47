"""``client.messages``: the authenticated user's private messages: read, send, reply,
delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_record,
    delete_record,
    record_id,
)
from inatsdk.controllers._writes_v2 import create_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    MESSAGE_CREATE,
    MESSAGE_CREATE_V2,
    MESSAGE_DELETE,
    MESSAGES_GET,
    MESSAGES_GET_V2,
    MESSAGES_SEARCH,
    MESSAGES_SEARCH_V2,
    MESSAGES_UNREAD,
)
from inatsdk.envelope import object_of, parse_records
from inatsdk.errors import InvalidParameterError, UnexpectedResponseError
from inatsdk.models import Message, MessageThread, User
from inatsdk.params.paginators import MessagesSearchPaginator, MessagesSearchPaginatorV2

if TYPE_CHECKING:
    from inatsdk.params.v1 import MessagesSearchParams
    from inatsdk.params.v2 import MessageFieldName, Selection
    from inatsdk.params.v2 import MessagesSearchParams as MessagesSearchParamsV2
    from inatsdk.requester import Requester

__all__ = ["MESSAGE_WRITES", "MessagesController"]


def _user_id(user: object) -> object:
    return getattr(user, "id", None)


def _check_recipient(body: dict[str, Any], message: Message, creating: bool) -> dict[str, Any]:
    if body["message"].get("to_user_id") is None:
        who = message.to_user.login if message.to_user is not None else None
        raise InvalidParameterError(
            "a message needs its recipient's id: Message(to_user=User(id=...), ...)"
            + (f" (to_user has login {who!r} but no id)" if who else "")
            + " (nothing was sent)"
        )
    return body


def _sent_message(body: Mapping[str, Any]) -> Message:
    record: Mapping[str, Any] = body.get("message") or {}
    to_id = record.get("to_user_id")
    return Message(
        subject=record.get("subject"),
        body=record.get("body"),
        thread_id=record.get("thread_id"),
        to_user=User(id=to_id) if isinstance(to_id, int) else None,
    )


#: How messages are sent: ``{"message": {"to_user_id", "subject", "body", "thread_id"}}``
#: (the recipient from :attr:`Message.to_user`). Messages cannot be edited.
MESSAGE_WRITES = WriteSpec(
    model=Message,
    root="message",
    fields=(
        Field("to_user", key="to_user_id", encode=_user_id, update=False),
        Field("thread_id", update=False),
        Field("subject", update=False),
        Field("body", update=False),
    ),
    required=("body",),
    finish=_check_recipient,
    from_body=_sent_message,
)


class MessagesController(BaseController):
    """Private messages. Every call needs a login (``credentials=`` on the client); calls
    without one raise :class:`~inatsdk.errors.AuthenticationError` before anything is sent
    (except in dry-run, where nothing is sent at all).

    Messages change as they arrive and are read, so these calls bypass the HTTP cache.
    """

    resource = "messages"

    def _fresh(self) -> Requester:
        """This requester, reading past the HTTP cache: messages are private and change all the
        time."""
        return self._requester.without_cache()

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[MessagesSearchParams]
    ) -> MessagesSearchPaginator[Message]:
        """The user's messages, newest first. Calls ``GET /v1/messages``; reading them this way
        does not mark them as read.

        ``box="inbox"`` (the default) lists messages received, ``"sent"`` those sent, ``"any"``
        both. ``threads=True`` gives the latest message of each conversation, with its
        ``thread_messages_count`` (use it with ``box="any"``; the API cannot combine it with
        ``q``). ``user_id`` (an id or a login) keeps one correspondent's messages.

        Example::

            for message in client.messages.search(box="any", threads=True).limit(20):
                print(message.subject, message.thread_messages_count)
        """
        if params.get("threads") and params.get("q"):
            raise InvalidParameterError(
                "client.messages.search(): the API cannot combine threads=True with q; "
                "search without threads, or list threads without q"
            )
        return self._fresh().paginate(
            MESSAGES_SEARCH, params, dry_run=dry_run, kind=MessagesSearchPaginator
        )

    def get(self, message_id: int, *, dry_run: bool | None = None) -> MessageThread:
        """The whole conversation a message belongs to. Calls ``GET /v1/messages/{id}``.

        The API marks every message of the thread as read. Raises
        :class:`~inatsdk.errors.NotFoundError` when the user has no such message.

        Example::

            thread = client.messages.get(12345)
            for message in thread.messages:
                print(message.from_user.login if message.from_user else "?", message.body)
        """
        response = self._fresh().get(
            MESSAGES_GET,
            path={"id": message_id},
            dry_run=dry_run,
            arguments={"id": "message_id"},
        )
        if response.dry_run:
            return MessageThread()
        thread = object_of(response)
        return parse_records(MessageThread.from_json, [thread], url=response.url)[0]

    def refresh(self, thread: MessageThread, *, dry_run: bool | None = None) -> MessageThread:
        """Reload a conversation in place (one ``GET /v1/messages/{id}``, by its
        ``flaggable_message_id``), with the messages sent since, and return it. In dry-run
        nothing is sent and it is left as it is."""
        return self._refresh(
            thread,
            MessageThread,
            MESSAGES_GET,
            lambda key: self.get(int(key), dry_run=dry_run),
            dry_run=dry_run,
            keys=("flaggable_message_id",),
        )

    def unread(self, *, dry_run: bool | None = None) -> int:
        """How many messages the user has not read. Calls ``GET /v1/messages/unread``
        (0 in dry-run)."""
        response = self._fresh().get(MESSAGES_UNREAD, dry_run=dry_run)
        if response.dry_run:
            return 0
        count = object_of(response).get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise UnexpectedResponseError(
                f"expected an object with an integer 'count', got {str(response.json)[:200]}",
                method="GET",
                url=response.url,
                body=str(response.json)[:200],
            )
        return count

    # --- writes -------------------------------------------------------------------------------

    def create(self, message: Message, *, dry_run: bool | None = None) -> Message:
        """Send a message; returns your copy of it (in your ``sent`` box). Calls
        ``POST /v1/messages`` (needs credentials).

        The recipient is :attr:`Message.to_user` (a :class:`~inatsdk.models.User` with an
        ``id``); ``subject`` and ``body`` are required, unless ``thread_id`` names a
        conversation you are part of (then the subject defaults to the thread's). In dry-run
        nothing is sent and the result is built from the body that would have been sent; a
        message is never sent twice.

        Example::

            client.messages.create(
                Message(to_user=User(id=477), subject="Your heron", body="Great shot!")
            )

        With ``api_version="v2"`` it calls :meth:`create_v2`.
        """
        if self._requester.api_version == "v2":
            return self.create_v2(message, dry_run=dry_run)
        return create_record(
            self._requester, MESSAGE_CREATE, MESSAGE_WRITES, message, dry_run=dry_run
        )

    def reply(
        self,
        to: Message | MessageThread,
        body: str,
        *,
        subject: str | None = None,
        dry_run: bool | None = None,
    ) -> Message:
        """Reply in the conversation of a message (or of a thread from :meth:`get`); returns
        your copy. Calls ``POST /v1/messages`` with the thread's ``thread_id`` and the other
        party as the recipient.

        Example::

            latest = client.messages.search().first()
            client.messages.reply(latest, "Thanks, I'll have a look.")
        """
        thread_id, other = _conversation(to)
        message = Message(to_user=User(id=other), thread_id=thread_id, subject=subject, body=body)
        return create_record(
            self._requester, MESSAGE_CREATE, MESSAGE_WRITES, message, dry_run=dry_run
        )

    def delete(self, message: Message | int, *, dry_run: bool | None = None) -> None:
        """Delete your copies of every message in this message's conversation (the other
        party keeps theirs). Calls ``DELETE /v1/messages/{id}``;
        :class:`~inatsdk.errors.NotFoundError` when you have no such message."""
        delete_record(
            self._requester,
            MESSAGE_DELETE,
            record_id(message, "message"),
            dry_run=dry_run,
            argument="message",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def search_v2(
        self,
        *,
        fields: Selection[MessageFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[MessagesSearchParamsV2],
    ) -> MessagesSearchPaginatorV2[Message]:
        """The signed-in user's messages, on v2. Calls ``GET /v2/messages``; never cached."""
        return self._fresh().paginate(
            MESSAGES_SEARCH_V2,
            params,
            fields=fields,
            kind=MessagesSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search_v2"),
        )

    def get_v2(
        self,
        thread_id: int,
        *,
        fields: Selection[MessageFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> list[Message]:
        """The messages of one thread, on v2. Calls ``GET /v2/messages/{id}``; never cached."""
        return self._fresh().records_v2(
            MESSAGES_GET_V2,
            path={"id": thread_id},
            fields=fields,
            dry_run=dry_run,
            where=self._caller("get_v2"),
            arguments={"id": "thread_id"},
        )

    def create_v2(self, message: Message, *, dry_run: bool | None = None) -> Message:
        """Send a message, on v2. Calls ``POST /v2/messages`` (the same body as v1)."""
        return create_v2(
            self._requester, MESSAGE_CREATE_V2, MESSAGE_WRITES, message, dry_run=dry_run
        )


def _conversation(to: Message | MessageThread) -> tuple[int, int]:
    """The thread and the other party of what is replied to."""
    if isinstance(to, MessageThread):
        other = to.reply_to_user.id if to.reply_to_user is not None else None
        thread_id = to.thread_id
    else:
        sender = to.from_user.id if to.from_user is not None else None
        recipient = to.to_user.id if to.to_user is not None else None
        other = recipient if to.user_id is not None and to.user_id == sender else sender
        thread_id = to.thread_id
    if thread_id is None or other is None:
        raise InvalidParameterError(
            "cannot tell whom to reply to: the message has no thread_id or no correspondent "
            "(reply to a message from client.messages.search() or client.messages.get())"
        )
    return thread_id, other
