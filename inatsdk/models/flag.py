"""Flags: reports of spam, offensive or otherwise problematic content."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.user import User

__all__ = ["Flag"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Flag(BaseModel):
    """A flag raised on a record (observation, comment, photo, taxon, ...)."""

    id: int | None = None
    uuid: str | None = None
    flag: str | None = None
    """The kind of flag, e.g. ``"spam"``, ``"inappropriate"`` or free text."""
    comment: str | None = None
    flaggable_type: str | None = None
    """The kind of record flagged, e.g. ``"Observation"``."""
    flaggable_id: int | None = None
    flaggable_user_id: int | None = None
    flaggable_content: str | None = None
    resolved: bool | None = None
    resolver_id: int | None = None
    resolved_at: datetime | None = None
    user_id: int | None = None
    user: User | None = None
    """Who raised the flag."""
    created_at: datetime | None = None
    created_at_utc: datetime | None = None
    updated_at: datetime | None = None
    updated_at_utc: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "flag", "resolved")
