"""Counts the API aggregates: taxa with a count, users with a count.

These shapes are shared by several endpoints (``/identifications/species_counts``,
``/identifications/similar_species``, ``/identifications/identifiers`` and ``/observers``, and
their ``/observations/...`` counterparts), so they live apart from any one resource.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.taxon import Taxon
from inatsdk.models.user import User

__all__ = ["SpeciesCount", "UserCount"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class SpeciesCount(BaseModel):
    """A taxon and how many matching records point at it, as species counts list them."""

    count: int | None = None
    """How many records (identifications or observations) matched this taxon."""
    taxon: Taxon | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "count")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UserCount(BaseModel):
    """A user and how many matching records they made (identifiers and observers lists).

    Identification aggregates give ``count``; ``/observations/observers`` gives
    ``observation_count`` and ``species_count`` instead.
    """

    user_id: int | None = None
    count: int | None = None
    """How many matching records the user made."""
    observation_count: int | None = None
    """How many matching observations (``/observations/observers``)."""
    species_count: int | None = None
    """How many species among them (``/observations/observers``)."""
    user: User | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("user", "count|observation_count")
