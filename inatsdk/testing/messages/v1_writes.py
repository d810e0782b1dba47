"""``POST /v1/messages`` and ``DELETE /v1/messages/{id}`` (both need a valid JWT, else 401).

``POST /messages`` takes ``{"message": {"to_user_id", "subject", "body", "thread_id"}}``: it
stores two copies, the sender's (in their ``sent`` box, read) and the recipient's (in their
``inbox``, unread), and answers the sender's copy. A new conversation's ``thread_id`` is the
id of the sender's copy; a reply names the thread of one of the sender's own messages, and
may leave out the subject (it becomes ``"Re: "`` and the thread's). HTTP 422 for a missing
body or recipient, an unknown recipient, a message to oneself, or a thread the sender is not
part of.

``DELETE /messages/{id}`` deletes every one of the user's copies in that message's thread (the
other party keeps theirs); HTTP 404 when the user has no such message.
"""

from __future__ import annotations

from inatsdk.testing.projects.v1_writes import empty_reply
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply
from inatsdk.testing.rules import ApiError, is_json_object

__all__ = ["register"]


def _int_or_none(value: object, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ApiError(422, f"{name} must be an integer, not {value!r}")


def create(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    body = ctx.json_body()
    fields = body.get("message") if is_json_object(body) else None
    if not is_json_object(fields):
        raise ApiError(422, "message is required")
    unknown = set(fields) - {"to_user_id", "thread_id", "subject", "body"}
    if unknown:
        raise ApiError(422, f"Unpermitted parameter: {sorted(unknown)[0]}")
    to_id = _int_or_none(fields.get("to_user_id"), "to_user_id")
    if to_id is None:
        raise ApiError(422, "To user can't be blank")
    if not ctx.store.has_user(to_id):
        raise ApiError(422, "To user does not exist")
    if to_id == me:
        raise ApiError(422, "You can't send a message to yourself")
    text = fields.get("body")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "Body can't be blank")
    subject = fields.get("subject")
    if subject is not None and not isinstance(subject, str):
        raise ApiError(422, "Subject must be text")
    thread_id = _int_or_none(fields.get("thread_id"), "thread_id")
    if thread_id is not None:
        thread = [r for r in ctx.store.message_rows(me) if r.thread_id == thread_id]
        if not thread:
            raise ApiError(422, f"Thread {thread_id} is not one of yours")
        if not subject:
            first = thread[0].subject
            subject = first if first.startswith("Re: ") else f"Re: {first}"
    if not subject or not subject.strip():
        raise ApiError(422, "Subject can't be blank")
    row = ctx.store.account_writes().send_message(me, to_id, subject, text, thread_id)
    return json_reply(ctx.store.render_message(row))


def delete(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    raw = ctx.path_params["id"].strip()
    if not raw.isdigit():
        raise ApiError(422, f"a message id must be an integer, not {raw!r}")
    mine = ctx.store.message_rows(me)
    found = next((r for r in mine if r.id == int(raw)), None)
    if found is None:
        raise ApiError(404, "Not Found")
    ctx.store.account_writes().delete_messages(r for r in mine if r.thread_id == found.thread_id)
    return empty_reply()


def register(router: Router) -> None:
    router.add("POST", "/v1/messages", create, version="v1")
    router.add("DELETE", "/v1/messages/<id>", delete, version="v1")
