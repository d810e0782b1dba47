"""v2-only records of the signed-in user's network: relationships (following and trusting
other users), saved locations and taxon name priorities (which common names to show)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.place import Place
    from inatsdk.models.user import User

__all__ = ["Relationship", "SavedLocation", "TaxonNamePriority"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Relationship(BaseModel):
    """The signed-in user's relationship with another user (``GET /v2/relationships``)."""

    id: int | None = None
    user: User | None = None
    """The signed-in user."""
    friend_user: User | None = None
    """The other user."""
    friend_id: int | None = None
    """The other user's id (what a create sends; answers carry :attr:`friend_user`)."""
    following: bool | None = None
    """Whether the signed-in user is notified of the other user's new content."""
    trust: bool | None = None
    """Whether the signed-in user trusts the other with hidden coordinates."""
    reciprocal_trust: bool | None = None
    """Whether the other user trusts the signed-in one."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "friend_id", "following", "trust")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class SavedLocation(BaseModel):
    """A location the signed-in user saved for reuse (``GET /v2/saved_locations``)."""

    id: int | None = None
    user_id: int | None = None
    title: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    positional_accuracy: int | None = None
    """In metres."""
    geoprivacy: str | None = None
    """``"open"``, ``"obscured"`` or ``"private"``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "title", "latitude", "longitude")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonNamePriority(BaseModel):
    """One entry of the signed-in user's ordered list of name lexicons (``POST
    /v2/taxon_name_priorities``): which common names to show, optionally in one place."""

    id: int | None = None
    user_id: int | None = None
    lexicon: str | None = None
    """e.g. ``"english"``, ``"scientific-names"``."""
    place_id: int | None = None
    place: Place | None = None
    position: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "lexicon", "place_id", "position")
