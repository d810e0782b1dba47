"""Private messages between seeded users, drawn once per world from its seed.

Like iNaturalist, every message exists twice: the sender's copy (its ``user_id`` is the sender,
it is in their ``sent`` box and already read) and the recipient's (in their ``inbox``, read some
time later or still unread). Both copies share the thread's ``thread_id``: the id of the
sender's copy of the thread's first message. The first seeded user
(``store.world.users[0]``) takes part in many threads, so tests have a full mailbox to read.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import attrs

from inatsdk.testing.records import JSON, Renderer
from inatsdk.testing.seed import World

__all__ = ["MessageRow", "iso_millis", "message_json", "messages_by_owner", "seeded_messages"]

FIRST_MESSAGE_ID = 7_000_000
_START = 1_546_300_800  # 2019-01-01T00:00:00Z
_END = 1_751_241_600  # 2025-06-30T00:00:00Z

_SUBJECTS = (
    "Your observation of a {taxon}",
    "Question about your {taxon} sighting",
    "Bioblitz next weekend",
    "Identification help",
    "Thanks for the ID!",
    "Photo licensing",
    "Trip to {place}",
    "Project invitation",
)
_BODIES = (
    "Hi! I saw your observation and wondered where exactly you found it.",
    "Thanks for the identification, that was really helpful.",
    "Would you be up for joining the bioblitz on Saturday?",
    "Could I use your photo in a field guide? Credit given, of course.",
    "I think the second photo shows a different individual.",
    "We are heading to {place} next month; any tips on where to look?",
    "Sure, happy to help. Send me the observation link.",
    "Sounds great, count me in!",
    "I added a note with the features I used for the ID.",
)


def iso_millis(ts: float) -> str:
    """``2019-09-02T23:50:24.651+00:00``: Rails' way of writing times, in UTC."""
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="milliseconds")


@attrs.frozen
class MessageRow:
    """One copy of one message."""

    id: int
    owner_id: int
    """The user whose copy this is (``user_id`` in the API)."""
    thread_id: int
    from_id: int
    to_id: int
    subject: str
    body: str
    created: float
    """UTC epoch seconds."""
    read: float | None
    """When the owner read it, as seeded (``None``: unread)."""


@functools.lru_cache(maxsize=8)
def seeded_messages(world: World) -> tuple[MessageRow, ...]:
    """Every copy of every seeded message, ascending by id."""
    users = world.users
    if len(users) < 2:
        return ()
    rng = random.Random(f"{world.seed}:messages")
    taxa = [t for t in world.taxa if t.common_name and t.rank == "species"] or list(world.taxa)
    places = [p.name for p in world.places]
    hub = users[0]
    active = users[: min(len(users), 40)]
    rows: list[MessageRow] = []
    next_id = FIRST_MESSAGE_ID
    threads = 150
    for n in range(threads):
        first = hub if n % 3 == 0 else rng.choice(active)
        other = rng.choice(users)
        while other.id == first.id:
            other = rng.choice(users)
        taxon = rng.choice(taxa)
        words = {"taxon": (taxon.common_name or taxon.name).lower(), "place": rng.choice(places)}
        subject = rng.choice(_SUBJECTS).format(**words)
        length = 1 + int(rng.random() ** 2 * 6)
        when = _START + (_END - _START) * (n + rng.random()) / threads
        thread_id: int | None = None
        sender, recipient = first, other
        for k in range(length):
            when += rng.uniform(600, 3 * 86_400)
            body = rng.choice(_BODIES).format(**words)
            title = subject if k == 0 else f"Re: {subject}"
            next_id += rng.randint(1, 5)
            sent_id = next_id
            if thread_id is None:
                thread_id = sent_id
            next_id += 1
            last = k == length - 1
            unread = last and rng.random() < 0.5
            read_at = None if unread else when + rng.uniform(60, 5 * 86_400)
            for copy_id, owner, read in (
                (sent_id, sender.id, when),
                (next_id, recipient.id, read_at),
            ):
                rows.append(
                    MessageRow(
                        id=copy_id,
                        owner_id=owner,
                        thread_id=thread_id,
                        from_id=sender.id,
                        to_id=recipient.id,
                        subject=title,
                        body=body,
                        created=float(int(when)),
                        read=None if read is None else float(int(read)),
                    )
                )
            sender, recipient = recipient, sender
    rows.sort(key=lambda r: r.id)
    return tuple(rows)


@functools.lru_cache(maxsize=8)
def messages_by_owner(world: World) -> dict[int, tuple[MessageRow, ...]]:
    """Each user's copies, ascending by id."""
    out: dict[int, list[MessageRow]] = {}
    for row in seeded_messages(world):
        out.setdefault(row.owner_id, []).append(row)
    return {owner: tuple(rows) for owner, rows in out.items()}


def message_json(row: MessageRow, read_at: float | None, renderer: Renderer) -> JSON:
    """One copy as ``/v1/messages`` gives it."""
    return {
        "id": row.id,
        "user_id": row.owner_id,
        "thread_id": row.thread_id,
        "subject": row.subject,
        "body": row.body,
        "read_at": iso_millis(read_at) if read_at is not None else None,
        "created_at": iso_millis(row.created),
        "updated_at": iso_millis(row.created if read_at is None else max(row.created, read_at)),
        "from_user": renderer.user(row.from_id),
        "to_user": renderer.user(row.to_id),
    }
