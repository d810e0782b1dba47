"""Data-quality votes on observations (wild, location accurate, date accurate, ...)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.user import User

__all__ = ["QualityMetric"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class QualityMetric(BaseModel):
    """One user's vote on one data-quality criterion of an observation."""

    id: int | None = None
    metric: str | None = None
    """The criterion, e.g. ``"wild"``, ``"location"``, ``"date"``, ``"evidence"``."""
    agree: bool | None = None
    user_id: int | None = None
    user: User | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("metric", "agree", "user_id")
