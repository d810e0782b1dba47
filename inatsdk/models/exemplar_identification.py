"""Exemplar identifications (v2, unpublished): identifications nominated as good examples of
how to tell a taxon apart, voted on by the community; and taxon ID summaries built from them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.identification import Identification
    from inatsdk.models.user import User
    from inatsdk.models.vote import Vote

__all__ = ["ExemplarIdentification", "TaxonIdSummary"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ExemplarIdentification(BaseModel):
    """An identification nominated as an exemplar (``GET /v2/exemplar_identifications``)."""

    id: int | None = None
    identification: Identification | None = None
    nominated_by_user: User | None = None
    nominated_at: datetime | None = None
    votes: list[Vote] | None = None
    cached_votes_total: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "cached_votes_total")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonIdSummary(BaseModel):
    """A taxon's identification summary: how to tell it apart, with references (``GET
    /v2/taxon_id_summaries``)."""

    id: int | None = None
    uuid: str | None = None
    active: bool | None = None
    taxon_id: int | None = None
    taxon_name: str | None = None
    taxon_common_name: str | None = None
    taxon_photo_id: int | None = None
    taxon_photo_attribution: str | None = None
    taxon_photo_observation_id: int | None = None
    taxon_group: str | None = None
    language: str | None = None
    run_name: str | None = None
    run_generated_at: datetime | None = None
    run_description: str | None = None
    id_summaries: list[dict[str, Any]] | None = None
    """Each summary with its references and vote counts (kept as JSON)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("uuid", "taxon_name", "language")
