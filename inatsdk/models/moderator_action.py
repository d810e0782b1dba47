"""Moderator actions: a curator hiding or unhiding content."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import DateDetails

if TYPE_CHECKING:
    from inatsdk.models.user import User

__all__ = ["ModeratorAction"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ModeratorAction(BaseModel):
    """An action a moderator took on a comment, identification, photo or sound."""

    id: int | None = None
    action: str | None = None
    """What was done, e.g. ``"hide"`` or ``"unhide"``."""
    reason: str | None = None
    private: bool | None = None
    created_at: datetime | None = None
    created_at_details: DateDetails | None = None
    user: User | None = None
    """The moderator."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "action")
