"""Conservation statuses of taxa (IUCN and regional authorities)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.place import Place
from inatsdk.models.user import User

__all__ = ["ConservationStatus"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ConservationStatus(BaseModel):
    """The conservation status of a taxon, globally or in one place."""

    id: int | None = None
    taxon_id: int | None = None
    taxon_name: str | None = None
    taxon_rank: str | None = None
    status: str | None = None
    """The status code as the authority writes it, e.g. ``"LC"``, ``"S3"``, ``"endangered"``."""
    status_name: str | None = None
    """The status spelled out, e.g. ``"least concern"``."""
    authority: str | None = None
    """Who assessed it, e.g. ``"IUCN Red List"``, ``"NatureServe"``."""
    iucn: int | None = None
    """The IUCN-equivalent level (10 LC, 20 NT, 30 VU, 40 EN, 50 CR, 60 EW, 70 EX; 0 none)."""
    iucn_status: str | None = None
    iucn_status_code: str | None = None
    url: str | None = None
    description: str | None = None
    source_id: int | None = None
    geoprivacy: str | None = None
    """The geoprivacy this status imposes on observations (``"obscured"``, ``"open"``...)."""
    place_id: int | None = None
    place: Place | None = None
    """The place the status applies to; ``None`` for a global status."""
    user_id: int | None = None
    user: User | None = None
    updater_id: int | None = None
    updater: User | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("status", "authority", "place_id")
