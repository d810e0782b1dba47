"""Extra facts about a taxon that have their own endpoints (map layers)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel

__all__ = ["TaxonMapLayers"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonMapLayers(BaseModel):
    """Which map layers exist for a taxon (``/taxa/{id}/map_layers``)."""

    id: int | None = None
    """The taxon's id."""
    ranges: bool | None = None
    """Whether a range map exists."""
    gbif_id: int | None = None
    """The taxon's id in GBIF's backbone, when known (for GBIF map tiles)."""
    listed_places: bool | None = None
    """Whether the taxon is listed in places that have boundaries (checklist layer)."""
    geomodel: bool | None = None
    """Whether a geomodel (expected-range) layer exists (v2 only so far)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "ranges", "listed_places")
