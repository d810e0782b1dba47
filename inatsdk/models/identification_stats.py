"""What the identification aggregates answer: category counts and recently identified taxa."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.identification import Identification
from inatsdk.models.taxon import Taxon

__all__ = ["IdentificationCategoryCount", "RecentTaxon"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class IdentificationCategoryCount(BaseModel):
    """How many matching identifications fall in one category."""

    category: str | None = None
    """``"improving"``, ``"supporting"``, ``"leading"`` or ``"maverick"``."""
    count: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("category", "count")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class RecentTaxon(BaseModel):
    """A taxon newly identified in a set of identifications, with the earliest identification
    that named it (``/identifications/recent_taxa``)."""

    taxon_id: int | None = None
    identification_id: int | None = None
    taxon: Taxon | None = None
    identification: Identification | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "identification_id")
