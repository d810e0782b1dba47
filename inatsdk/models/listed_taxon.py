"""Listed taxa (a taxon on a place's check list) and establishment means."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.place import Place

__all__ = ["CheckList", "EstablishmentMeans", "ListedTaxon"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class CheckList(BaseModel):
    """The list (usually a place's check list) a listed taxon belongs to."""

    id: int | None = None
    title: str | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "title")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class EstablishmentMeans(BaseModel):
    """Whether a taxon is native, introduced, endemic... in a place."""

    id: int | None = None
    establishment_means: str | None = None
    """E.g. ``"native"``, ``"introduced"``, ``"endemic"``."""
    establishment_means_label: str | None = None
    establishment_means_description: str | None = None
    place: Place | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("establishment_means", "place")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ListedTaxon(BaseModel):
    """A taxon's entry on a check list, with its establishment means in that place."""

    id: int | None = None
    taxon_id: int | None = None
    establishment_means: str | None = None
    """E.g. ``"native"``, ``"introduced"``, ``"endemic"``."""
    establishment_means_label: str | None = None
    establishment_means_description: str | None = None
    occurrence_status_level: int | None = None
    description: str | None = None
    place: Place | None = None
    observations_count: int | None = None
    comments_count: int | None = None
    manually_added: bool | None = None
    primary_listing: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Keep ``list`` last: the attribute shadows the builtin inside this class body.
    list: CheckList | None = None
    """The check list this entry belongs to."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "establishment_means", "place")
