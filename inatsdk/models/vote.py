"""Votes on observations and annotations, and faves."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.user import User

__all__ = ["Fave", "Vote"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Vote(BaseModel):
    """A vote by a user: on an annotation, on an observation's quality, or a fave."""

    id: int | None = None
    vote_flag: bool | None = None
    """``True`` for an up vote (agree), ``False`` for a down vote."""
    vote_scope: str | None = None
    """What the vote is about (``None`` for a plain vote or fave, e.g. ``"needs_id"``)."""
    user_id: int | None = None
    user: User | None = None
    created_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "vote_flag", "user")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Fave(Vote):
    """A user's fave of an observation (``Observation.faves``); it has the shape of a vote."""
