"""Comments on observations (and other records)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import DateDetails
from inatsdk.models.flag import Flag
from inatsdk.models.moderator_action import ModeratorAction
from inatsdk.models.user import User

__all__ = ["Comment"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Comment(BaseModel):
    """A comment."""

    id: int | None = None
    uuid: str | None = None
    body: str | None = None
    """The text, in Markdown/HTML as the user wrote it."""
    html: str | None = None
    parent_type: str | None = None
    """The kind of record commented on, e.g. ``"Observation"``."""
    parent_id: int | None = None
    user_id: int | None = None
    user: User | None = None
    created_at: datetime | None = None
    created_at_details: DateDetails | None = None
    created_at_utc: datetime | None = None
    updated_at: datetime | None = None
    flags: list[Flag] | None = None
    hidden: bool | None = None
    moderator_actions: list[ModeratorAction] | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "user", "body")
