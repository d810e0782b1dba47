"""What the reads about one observation, or one user's observations, answer: the taxon summary,
the signed-in user's subscriptions and updates."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.comment import Comment
from inatsdk.models.conservation_status import ConservationStatus
from inatsdk.models.identification import Identification
from inatsdk.models.listed_taxon import ListedTaxon

__all__ = ["ObservationSubscription", "ObservationUpdate", "TaxonSummary"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonSummary(BaseModel):
    """What is known about an observation's taxon where it was seen
    (``/observations/{id}/taxon_summary``): its conservation status there (or globally), its
    entry on the place's check list, and a short Wikipedia summary. All three may be absent."""

    conservation_status: ConservationStatus | None = None
    listed_taxon: ListedTaxon | None = None
    """The taxon's check-list entry in the observation's place (``establishment_means``:
    native, introduced, ...)."""
    wikipedia_summary: str | None = None
    """An HTML extract of the taxon's Wikipedia article."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("conservation_status", "listed_taxon")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationSubscription(BaseModel):
    """One of the signed-in user's subscriptions that covers an observation
    (``/observations/{id}/subscriptions``): to the observation itself (``resource_type``
    ``"Observation"``: the observer, and whoever commented or identified, get one), or to its
    observer (``"User"``: following them)."""

    id: int | None = None
    user_id: int | None = None
    """The subscriber (the signed-in user)."""
    resource_type: str | None = None
    """``"Observation"`` or ``"User"``."""
    resource_id: int | None = None
    """The observation's id, or its observer's."""
    taxon_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("resource_type", "resource_id")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationUpdate(BaseModel):
    """A notification for the signed-in user: someone identified or commented on an
    observation they follow or made (``/observations/updates``).

    ``notifier_type`` says which: ``"Identification"`` (then :attr:`identification` is set)
    or ``"Comment"`` (then :attr:`comment`).
    """

    id: int | None = None
    resource_type: str | None = None
    """What was updated: ``"Observation"``."""
    resource_id: int | None = None
    """The observation's id."""
    resource_owner_id: int | None = None
    """Who made the observation."""
    notifier_type: str | None = None
    """``"Identification"`` or ``"Comment"``."""
    notifier_id: int | None = None
    notification: str | None = None
    """The kind of notification: ``"activity"``."""
    created_at: datetime | None = None
    viewed: bool | None = None
    """Whether the signed-in user has seen it."""
    identification_id: int | None = None
    identification: Identification | None = None
    comment_id: int | None = None
    comment: Comment | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "notifier_type", "resource_id")
