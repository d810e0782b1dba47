"""``client.messages``: the authenticated user's private messages (read only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController, _as_id
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Message, MessageThread
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.client import iNatClient
    from inatsdk.params.v1 import MessagesSearchParams

__all__ = ["MessagesController"]


class MessagesController(BaseController):
    """Private messages. Every call needs a login (``credentials=`` on the client); calls
    without one raise :class:`~inatsdk.errors.AuthenticationError` before anything is sent.

    Messages change as they arrive and are read, so these calls bypass the HTTP cache.
    """

    resource = "messages"

    def _fresh(self) -> iNatClient:
        """This client, without its cache: messages are private and change all the time."""
        return self._client.with_options(use_cache=False)

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[MessagesSearchParams]
    ) -> Paginator[Message]:
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
        ep = self._endpoint("search")
        check = self._checker(ep, "search")
        check(params)
        client = self._fresh()

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(ep.version, ep.path, query, dry_run=dry_run, auth="required").json

        return Paginator(
            fetch=fetch,
            parse=Message.from_json,
            endpoint=ep,
            model="Message",
            params=params,
            check=check,
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
        ep = self._endpoint("get")
        self._checker(ep, "get")({})
        path = ep.path.replace("{id}", str(_as_id(message_id)))
        response = self._fresh()._get(ep.version, path, {}, dry_run=dry_run, auth="required")
        if response.dry_run or not isinstance(response.json, Mapping):
            return MessageThread()
        return MessageThread.from_json(response.json)

    def unread(self, *, dry_run: bool | None = None) -> int:
        """How many messages the user has not read. Calls ``GET /v1/messages/unread``
        (0 in dry-run)."""
        ep = self._endpoint("unread")
        response = self._fresh()._get(ep.version, ep.path, {}, dry_run=dry_run, auth="required")
        data = response.json
        if response.dry_run or not isinstance(data, Mapping):
            return 0
        count = data.get("count")
        return count if isinstance(count, int) else 0
