"""Identifications: a user's opinion of what an observation shows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import DateDetails
from inatsdk.models.flag import Flag
from inatsdk.models.moderator_action import ModeratorAction
from inatsdk.models.taxon import Taxon
from inatsdk.models.user import User

if TYPE_CHECKING:
    from inatsdk.models.observation import Observation

__all__ = ["Identification"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Identification(BaseModel):
    """An identification of an observation."""

    id: int | None = None
    uuid: str | None = None
    taxon_id: int | None = None
    taxon: Taxon | None = None
    """The taxon identified."""
    category: str | None = None
    """How it relates to the community: ``"improving"``, ``"supporting"``, ``"leading"`` or
    ``"maverick"``."""
    body: str | None = None
    """The remark the identifier added, if any."""
    current: bool | None = None
    """``False`` once the identifier withdrew it or added a newer one."""
    current_taxon: bool | None = None
    disagreement: bool | None = None
    """Whether it explicitly disagrees with the previous observation taxon."""
    own_observation: bool | None = None
    """Whether the identifier is the observer."""
    vision: bool | None = None
    """Whether the identifier picked a computer-vision suggestion."""
    previous_observation_taxon_id: int | None = None
    previous_observation_taxon: Taxon | None = None
    observation_id: int | None = None
    observation: Observation | None = None
    """The observation (``/identifications`` responses only)."""
    user_id: int | None = None
    user: User | None = None
    """The identifier."""
    created_at: datetime | None = None
    created_at_details: DateDetails | None = None
    updated_at: datetime | None = None
    taxon_change_id: int | None = None
    taxon_change_type: str | None = None
    taxon_change: dict[str, Any] | None = None
    exemplar_identification: dict[str, Any] | None = None
    flags: list[Flag] | None = None
    hidden: bool | None = None
    spam: bool | None = None
    moderator_actions: list[ModeratorAction] | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "taxon", "user", "category")
