"""Taxon suggestions (``/v2/taxa/suggest``): what a photo, a place or nearby observations
suggest an organism is, with the common ancestor of the best matches; and umbrella project
statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.project import Project
    from inatsdk.models.taxon import Taxon

__all__ = ["CommonAncestor", "TaxonSuggestion", "TaxonSuggestions", "UmbrellaProjectStats"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonSuggestion(BaseModel):
    """One suggested taxon, with its score and where the suggestion came from."""

    taxon: Taxon | None = None
    score: float | None = None
    source_type: str | None = None
    """e.g. ``"observations"``, ``"vision"``, ``"checklist"``."""
    source_details: dict[str, Any] | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "score", "source_type")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class CommonAncestor(BaseModel):
    """The taxon shared by the best suggestions, with its score."""

    taxon: Taxon | None = None
    score: float | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon", "score")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonSuggestions(BaseModel):
    """What ``GET /v2/taxa/suggest`` (or its ``POST`` with an image) answers."""

    results: list[TaxonSuggestion] | None = None
    common_ancestor: CommonAncestor | None = None
    query: dict[str, Any] | None = None
    """The parameters the server read."""
    query_taxon: Taxon | None = attrs.field(default=None, metadata={"json_key": "queryTaxon"})
    """The taxon the suggestions were limited to, when one was given."""
    comprehensiveness: dict[str, Any] | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("common_ancestor",)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UmbrellaProjectStats(BaseModel):
    """One project of an umbrella project with its counts (``GET
    /v2/observations/umbrella_project_stats``)."""

    project: Project | None = None
    observation_count: int | None = None
    species_count: int | None = None
    observers_count: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("project", "observation_count")
