"""``GET /v1/messages``, ``/v1/messages/{id}`` and ``/v1/messages/unread`` (all need a JWT).

Each user sees their own copies of messages (see :mod:`inatsdk.testing.messages.seed`):
``box=inbox`` (the default) those received, ``sent`` those sent, ``any`` both, newest first,
30 a page. ``threads=true`` keeps the newest message of each thread, with the number of
messages of that thread among those listed (``thread_messages_count``; so, as the spec warns,
inaccurate unless ``box=any``); it cannot be combined with ``q`` (422). ``/messages/{id}``
answers the whole thread of one of the user's messages, oldest first, and marks it read (until
the emulator is reset).
"""

from __future__ import annotations

from inatsdk.testing.messages.seed import MessageRow
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import ApiError, boolean_param, paging

__all__ = ["register"]

#: The page size the real endpoint answers with; the spec declares no per_page.
MESSAGES_PER_PAGE = 30


def _correspondent(ctx: RequestContext, raw: str) -> int:
    value = raw.strip()
    if value.isdigit():
        return int(value)
    found = ctx.store.user_id(value)
    if found is None:
        raise ApiError(422, f"Unknown user_id {value}")
    return found


def search(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    q = ctx.query
    pg = paging(q, maximum=MESSAGES_PER_PAGE, default=MESSAGES_PER_PAGE)
    box = (q.get("box") or "inbox").strip()
    rows = list(ctx.store.message_rows(me))
    if box == "inbox":
        rows = [r for r in rows if r.to_id == me]
    elif box == "sent":
        rows = [r for r in rows if r.from_id == me]
    text = (q.get("q") or "").strip().lower()
    threads = boolean_param(q, "threads")
    if threads and text:
        raise ApiError(422, "threads cannot be combined with q")
    if text:
        rows = [r for r in rows if text in r.subject.lower() or text in r.body.lower()]
    if q.get("user_id"):
        other = _correspondent(ctx, q["user_id"])
        rows = [r for r in rows if other in (r.from_id, r.to_id) and other != me]
    rows.sort(key=lambda r: (r.created, r.id), reverse=True)
    counts: dict[int, int] = {}
    if threads:
        latest: dict[int, MessageRow] = {}
        for r in rows:
            counts[r.thread_id] = counts.get(r.thread_id, 0) + 1
            latest.setdefault(r.thread_id, r)
        rows = list(latest.values())

    def render(window: list[MessageRow]) -> list[JSON]:
        results: list[JSON] = []
        for r in window:
            record = ctx.store.render_message(r)
            if threads:
                record["thread_messages_count"] = counts[r.thread_id]
            results.append(record)
        return results

    return json_reply(paged(pg, rows, render))


def show(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    raw = ctx.path_params["id"]
    try:
        message_id = int(raw)
    except ValueError:
        raise ApiError(422, f"a message id must be an integer, not {raw!r}") from None
    mine = ctx.store.message_rows(me)
    found = next((r for r in mine if r.id == message_id), None)
    if found is None:
        raise ApiError(404, "Not Found")
    thread = [r for r in mine if r.thread_id == found.thread_id]
    ctx.store.mark_messages_read([r for r in thread if r.to_id == me])
    other = found.to_id if found.from_id == me else found.from_id
    received = [r for r in thread if r.from_id == other]
    flaggable = received[-1].id if received else found.id
    return json_reply(
        {
            "reply_to_user": ctx.store.renderer.user(other),
            "thread_id": found.thread_id,
            "flaggable_message_id": flaggable,
            "results": [ctx.store.render_message(r) for r in thread],
        }
    )


def unread(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    store = ctx.store
    count = sum(
        1 for r in store.message_rows(me) if r.to_id == me and store.message_read_at(r) is None
    )
    return json_reply({"count": count})


def register(router: Router) -> None:
    # per_page: the real one pages by 30 whatever it is told; the client sends 30.
    router.add("GET", "/v1/messages", search, version="v1", extra_params=frozenset({"per_page"}))
    router.add("GET", "/v1/messages/unread", unread, version="v1")
    router.add("GET", "/v1/messages/<id>", show, version="v1")
