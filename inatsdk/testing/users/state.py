"""What clients wrote to projects, project observations, messages, posts and users.

The seeded records never change (they are shared by every emulator of a world); one
:class:`AccountWrites` per store holds what was written since the last reset, and the store's
reads pass through it, so a later read sees every write:

* projects: joined and left memberships, subscriptions toggled, projects created, edited and
  deleted. The first such write gives the store a private copy of the project catalog (its own
  rows, memberships and subscriptions), which every project read then serves
  (``/projects``, ``/projects/{id}/members``, ``/users/{id}/projects``, ...).
* project observations: observations added to (traditional) projects.
* messages: both copies of every message sent (the sender's, read, and the recipient's,
  unread), and the copies a user deleted.
* posts: posts written, edited, published, unpublished and deleted; drafts are kept apart, since
  ``/posts`` lists published posts only.
* users: profile and settings changes (``PUT /users/{id}``), mutes and blocks, session
  preferences, confirmation e-mails asked for.

Ids of new records start above the seeded ones, so they never collide.
"""

from __future__ import annotations

import copy
import random
import threading
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from inatsdk.testing.messages.seed import FIRST_MESSAGE_ID, MessageRow, iso_millis
from inatsdk.testing.posts.seed import PostRow
from inatsdk.testing.projects.seed import (
    ProjectCatalog,
    ProjectRow,
    ProjectUserRow,
    SubscriptionRow,
)
from inatsdk.testing.records import JSON, iso_time
from inatsdk.testing.seed import random_uuid4

if TYPE_CHECKING:
    from inatsdk.testing.records import Renderer
    from inatsdk.testing.seed import World

__all__ = ["AccountWrites", "DraftPost", "ProjectObservationRow"]

#: Ids of records created at run time start here (above every seeded id of their kind).
FIRST_PROJECT_OBSERVATION_ID = 60_000_000
FIRST_NEW_MEMBER_ID = 9_000_000
FIRST_NEW_SUBSCRIPTION_ID = 9_500_000
FIRST_NEW_PROJECT_ID = 500_000
FIRST_NEW_MESSAGE_ID = FIRST_MESSAGE_ID + 5_000_000
FIRST_NEW_POST_ID = 900_000


@attrs.frozen
class ProjectObservationRow:
    """An observation added to a project."""

    id: int
    uuid: str
    project_id: int
    observation_id: int
    user_id: int
    """Who added it."""
    created: float
    updated: float
    curator_coordinate_access: bool | None = None
    """The observer's ``prefers_curator_coordinate_access`` (``None``: never set)."""

    def record(self) -> JSON:
        """As ``POST /projects/{id}/add`` and ``/project_observations`` answer it."""
        d: JSON = {
            "id": self.id,
            "project_id": self.project_id,
            "observation_id": self.observation_id,
            "created_at": iso_time(self.created),
            "updated_at": iso_time(self.updated),
            "curator_identification_id": None,
            "tracking_code": None,
            "user_id": self.user_id,
            "uuid": self.uuid,
            "created_at_utc": iso_millis(self.created).replace("+00:00", "Z"),
            "updated_at_utc": iso_millis(self.updated).replace("+00:00", "Z"),
        }
        if self.curator_coordinate_access is not None:
            d["preferences"] = {"allows_curator_coordinate_access": self.curator_coordinate_access}
        return d


@attrs.frozen
class DraftPost:
    """A post written at run time, or a seeded one edited: its row, and whether it is
    published (``row.published`` is meaningless for a draft)."""

    row: PostRow
    published: bool
    preferred_formatting: str | None = None


class AccountWrites:
    """The writes of one store since its last reset (see the module docstring). Thread-safe."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.lock = threading.RLock()
        self._rng = random.Random(f"{world.seed}:account-writes")
        self.catalog: ProjectCatalog | None = None
        self.deleted_projects: set[int] = set()
        self.project_observations: dict[int, ProjectObservationRow] = {}
        self.messages_added: dict[int, list[MessageRow]] = {}
        self.messages_deleted: set[int] = set()
        self.posts: dict[int, DraftPost] = {}
        self.posts_deleted: set[int] = set()
        self.user_changes: dict[int, dict[str, Any]] = {}
        self.muted: dict[int, dict[int, bool]] = {}
        """user -> {other user: muted now?} (only changes from the seeded state)."""
        self.blocked: dict[int, dict[int, bool]] = {}
        self.sessions: dict[int, dict[str, Any]] = {}
        self.confirmations_sent: dict[int, int] = {}
        self._ids = {
            "project_observation": FIRST_PROJECT_OBSERVATION_ID,
            "member": FIRST_NEW_MEMBER_ID,
            "subscription": FIRST_NEW_SUBSCRIPTION_ID,
            "project": FIRST_NEW_PROJECT_ID,
            "message": FIRST_NEW_MESSAGE_ID,
            "post": FIRST_NEW_POST_ID,
        }

    def next_id(self, kind: str) -> int:
        with self.lock:
            value = self._ids[kind]
            self._ids[kind] = value + 1
            return value

    def uuid(self) -> str:
        with self.lock:
            return random_uuid4(self._rng)

    # --- projects ------------------------------------------------------------------------

    def project_catalog(self, shared: ProjectCatalog) -> ProjectCatalog:
        """The catalog reads serve: ``shared`` until a project write made a private copy."""
        return self.catalog if self.catalog is not None else shared

    def private_catalog(self, shared: ProjectCatalog) -> ProjectCatalog:
        """This store's own copy of the catalog, made on the first project write."""
        with self.lock:
            if self.catalog is None:
                self.catalog = shared.own_copy()
            return self.catalog

    def put_project(self, shared: ProjectCatalog, row: ProjectRow) -> ProjectRow:
        """Add or replace a project (by id) in the private catalog."""
        with self.lock:
            catalog = self.private_catalog(shared)
            old = catalog.by_id.get(row.id)
            rows = [r for r in catalog.rows if r.id != row.id]
            rows.append(row)
            rows.sort(key=lambda r: r.id)
            catalog.rows = tuple(rows)
            catalog.by_id[row.id] = row
            if old is not None and old.slug != row.slug:
                catalog.by_slug.pop(old.slug, None)
            catalog.by_slug[row.slug] = row
            catalog.forget_member_counts(row.id)
            return row

    def delete_project(self, shared: ProjectCatalog, row: ProjectRow) -> None:
        with self.lock:
            catalog = self.private_catalog(shared)
            catalog.rows = tuple(r for r in catalog.rows if r.id != row.id)
            catalog.by_id.pop(row.id, None)
            catalog.by_slug.pop(row.slug, None)
            catalog.subscriptions = tuple(
                s for s in catalog.subscriptions if s.project_id != row.id
            )
            self.deleted_projects.add(row.id)
            for key, po in list(self.project_observations.items()):
                if po.project_id == row.id:
                    del self.project_observations[key]

    def join(self, shared: ProjectCatalog, row: ProjectRow, user_id: int) -> ProjectUserRow:
        """Make ``user_id`` a member (their existing membership if they already are one)."""
        with self.lock:
            row = self.private_catalog(shared).by_id.get(row.id, row)  # as of now
            for m in row.members:
                if m.user_id == user_id:
                    return m
            now = float(int(time.time()))
            member = ProjectUserRow(
                id=self.next_id("member"),
                project_id=row.id,
                user_id=user_id,
                role=None,
                created_at=now,
                updated_at=now,
                prefers_curator_coordinate_access_for="none",
                prefers_updates=True,
            )
            self.put_project(shared, attrs.evolve(row, members=(*row.members, member)))
            return member

    def leave(self, shared: ProjectCatalog, row: ProjectRow, user_id: int) -> None:
        with self.lock:
            row = self.private_catalog(shared).by_id.get(row.id, row)  # as of now
            members = tuple(m for m in row.members if m.user_id != user_id)
            self.put_project(shared, attrs.evolve(row, members=members))

    def update_membership(
        self, shared: ProjectCatalog, member: ProjectUserRow, changes: Mapping[str, Any]
    ) -> ProjectUserRow:
        """Change a member's preferences (``changes``: attributes of
        :class:`~inatsdk.testing.projects.seed.ProjectUserRow`); the membership as saved."""
        with self.lock:
            row = self.private_catalog(shared).by_id[member.project_id]  # as of now
            saved = attrs.evolve(member, updated_at=float(int(time.time())), **changes)
            members = tuple(saved if m.id == member.id else m for m in row.members)
            self.put_project(shared, attrs.evolve(row, members=members))
            return saved

    def toggle_subscription(self, shared: ProjectCatalog, project_id: int, user_id: int) -> bool:
        """Subscribe ``user_id`` to a project's updates, or end their subscription; whether
        they are subscribed afterwards."""
        with self.lock:
            catalog = self.private_catalog(shared)
            mine = [
                s
                for s in catalog.subscriptions
                if s.user_id == user_id and s.project_id == project_id
            ]
            if mine:
                catalog.subscriptions = tuple(s for s in catalog.subscriptions if s not in mine)
                return False
            now = float(int(time.time()))
            sub = SubscriptionRow(self.next_id("subscription"), user_id, project_id, now, now)
            catalog.subscriptions = (*catalog.subscriptions, sub)
            return True

    # --- project observations ------------------------------------------------------------

    def find_project_observation(
        self, project_id: int, observation_id: int
    ) -> ProjectObservationRow | None:
        with self.lock:
            for po in self.project_observations.values():
                if po.project_id == project_id and po.observation_id == observation_id:
                    return po
            return None

    def add_project_observation(
        self, project_id: int, observation_id: int, user_id: int
    ) -> ProjectObservationRow:
        with self.lock:
            now = time.time()
            po = ProjectObservationRow(
                id=self.next_id("project_observation"),
                uuid=self.uuid(),
                project_id=project_id,
                observation_id=observation_id,
                user_id=user_id,
                created=now,
                updated=now,
            )
            self.project_observations[po.id] = po
            return po

    def update_project_observation(
        self, po: ProjectObservationRow, access: bool | None
    ) -> ProjectObservationRow:
        with self.lock:
            changed = attrs.evolve(po, updated=time.time(), curator_coordinate_access=access)
            self.project_observations[po.id] = changed
            return changed

    def remove_project_observation(self, po: ProjectObservationRow) -> None:
        with self.lock:
            self.project_observations.pop(po.id, None)

    def project_ids_of(self, observation_id: int) -> list[int]:
        """The projects an observation was added to, in the order it was added."""
        with self.lock:
            return [
                po.project_id
                for po in self.project_observations.values()
                if po.observation_id == observation_id
            ]

    # --- messages ------------------------------------------------------------------------

    def message_rows(self, user_id: int, seeded: tuple[MessageRow, ...]) -> tuple[MessageRow, ...]:
        """A user's copies: the seeded ones not deleted, plus those sent since."""
        with self.lock:
            added = self.messages_added.get(user_id, ())
            if not added and not self.messages_deleted:
                return seeded
            rows = [r for r in (*seeded, *added) if r.id not in self.messages_deleted]
            rows.sort(key=lambda r: r.id)
            return tuple(rows)

    def send_message(
        self, sender: int, recipient: int, subject: str, body: str, thread_id: int | None
    ) -> MessageRow:
        """Store both copies of a message; the sender's copy (read) comes back."""
        with self.lock:
            now = time.time()
            sent_id = self.next_id("message")
            received_id = self.next_id("message")
            thread = thread_id if thread_id is not None else sent_id
            sent = MessageRow(sent_id, sender, thread, sender, recipient, subject, body, now, now)
            received = MessageRow(
                received_id, recipient, thread, sender, recipient, subject, body, now, None
            )
            self.messages_added.setdefault(sender, []).append(sent)
            self.messages_added.setdefault(recipient, []).append(received)
            return sent

    def delete_messages(self, rows: Iterable[MessageRow]) -> None:
        with self.lock:
            self.messages_deleted.update(r.id for r in rows)

    # --- posts ---------------------------------------------------------------------------

    def post_rows(self, seeded: tuple[PostRow, ...]) -> tuple[PostRow, ...]:
        """The published posts: the seeded ones, edited or deleted since, plus new ones."""
        with self.lock:
            if not self.posts and not self.posts_deleted:
                return seeded
            rows: dict[int, PostRow] = {r.id: r for r in seeded}
            for post_id, draft in self.posts.items():
                if draft.published:
                    rows[post_id] = draft.row
                else:
                    rows.pop(post_id, None)
            for post_id in self.posts_deleted:
                rows.pop(post_id, None)
            return tuple(sorted(rows.values(), key=lambda r: r.id))

    def find_post(self, post_id: int, seeded: tuple[PostRow, ...]) -> DraftPost | None:
        """A post by id, published or not (``None``: unknown or deleted)."""
        with self.lock:
            if post_id in self.posts_deleted:
                return None
            found = self.posts.get(post_id)
            if found is not None:
                return found
        for row in seeded:
            if row.id == post_id:
                return DraftPost(row=row, published=True)
        return None

    def put_post(self, post: DraftPost) -> DraftPost:
        with self.lock:
            self.posts[post.row.id] = post
            return post

    def delete_post(self, post_id: int) -> None:
        with self.lock:
            self.posts.pop(post_id, None)
            self.posts_deleted.add(post_id)

    # --- users ---------------------------------------------------------------------------

    def change_user(self, user_id: int, changes: Mapping[str, Any]) -> None:
        with self.lock:
            self.user_changes.setdefault(user_id, {}).update(changes)

    def set_relation(self, kind: str, user_id: int, other_id: int, on: bool) -> None:
        """Mute (``kind="muted"``) or block (``"blocked"``) ``other_id``, or undo it."""
        table = self.muted if kind == "muted" else self.blocked
        with self.lock:
            table.setdefault(user_id, {})[other_id] = on

    def me_record(self, user_id: int, record: JSON) -> JSON:
        """``/users/me`` (or ``PUT /users/{id}``'s answer) with this user's changes applied."""
        with self.lock:
            record.update(copy.deepcopy(self.user_changes.get(user_id, {})))
            for key, table in (("muted_user_ids", self.muted), ("blocked_user_ids", self.blocked)):
                changes = table.get(user_id)
                if not changes:
                    continue
                ids: set[int] = set(record.get(key) or ())
                for other, on in changes.items():
                    if on:
                        ids.add(other)
                    else:
                        ids.discard(other)
                record[key] = sorted(ids)
            return record

    def update_session(self, user_id: int, values: Mapping[str, Any]) -> None:
        with self.lock:
            self.sessions.setdefault(user_id, {}).update(values)

    def confirmation_sent(self, user_id: int) -> None:
        with self.lock:
            self.confirmations_sent[user_id] = self.confirmations_sent.get(user_id, 0) + 1


def private_renderer(renderer: Renderer, shared: Renderer) -> Renderer:
    """``renderer`` if it is already a store's own copy, else a copy with its own user tables
    (as :meth:`inatsdk.testing.store.Store.add_user` makes)."""
    return renderer if renderer is not shared else renderer.with_own_users()
