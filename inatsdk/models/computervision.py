"""Computer-vision suggestions: what iNaturalist's model thinks a photo shows."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.taxon import Taxon

__all__ = ["VisionAncestor", "VisionResults", "VisionSuggestion"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class VisionSuggestion(BaseModel):
    """One taxon the model suggests, with its scores (0-100; higher is more likely).

    ``combined_score`` orders the suggestions: the vision score weighed by how often the taxon
    is seen near the place and date given, when they were given.
    """

    taxon: Taxon | None = None
    combined_score: float | None = None
    vision_score: float | None = None
    """How much the picture alone looks like the taxon."""
    frequency_score: float | None = None
    """How common the taxon is near the place (and date) given; 0 without a place."""
    geo_score: float | None = None
    """The geographic model's score, where the service gives one."""
    geo_threshold: float | None = None
    original_combined_score: float | None = None
    original_geo_score: float | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "combined_score")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class VisionAncestor(BaseModel):
    """The taxon the top suggestions share (a genus, a family...), with their summed score."""

    taxon: Taxon | None = None
    score: float | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "score")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class VisionResults(BaseModel):
    """The answer of a computer-vision request: suggestions, best first, and the common
    ancestor of the best ones when they agree enough (``None`` when they do not)."""

    results: list[VisionSuggestion] | None = None
    common_ancestor: VisionAncestor | None = None
    total_results: int | None = None
    page: int | None = None
    per_page: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("common_ancestor", "total_results")

    @property
    def suggestions(self) -> list[VisionSuggestion]:
        """The suggestions, best first (an empty list when there are none)."""
        return list(self.results or ())

    def best(self) -> VisionSuggestion | None:
        """The top suggestion, or ``None``."""
        return self.results[0] if self.results else None
