"""Taxa: species and every other rank of the tree of life."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.conservation_status import ConservationStatus
from inatsdk.models.listed_taxon import EstablishmentMeans, ListedTaxon
from inatsdk.models.photo import Photo

__all__ = ["FlagCounts", "Taxon", "TaxonName", "TaxonPhoto"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class FlagCounts(BaseModel):
    """How many flags on a record are resolved and unresolved."""

    resolved: int | None = None
    unresolved: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("resolved", "unresolved")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonName(BaseModel):
    """One name of a taxon: scientific or common, in one lexicon (language)."""

    id: int | None = None
    name: str | None = None
    locale: str | None = None
    """Locale of a common name, e.g. ``"en"``; ``"sci"`` for scientific names."""
    lexicon: str | None = None
    is_valid: bool | None = None
    position: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("name", "locale")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class TaxonPhoto(BaseModel):
    """A photo chosen to illustrate a taxon (``Taxon.taxon_photos``)."""

    taxon_id: int | None = None
    photo: Photo | None = None
    taxon: Taxon | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("taxon_id", "photo")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Taxon(BaseModel):
    """A taxon. Search results and embedded taxa carry fewer attributes than ``/taxa/{id}``."""

    id: int | None = None
    uuid: str | None = None
    name: str | None = None
    """The scientific name."""
    rank: str | None = None
    """The rank, e.g. ``"species"``, ``"genus"``, ``"class"``."""
    rank_level: float | None = None
    """Numeric rank (10 species, 20 genus, 50 class, 70 kingdom; some are fractional)."""
    preferred_common_name: str | None = None
    """The common name in the request's locale (and preferred place), if any."""
    english_common_name: str | None = None
    matched_term: str | None = None
    """The name that matched the search query (autocomplete and search only)."""
    is_active: bool | None = None
    """``False`` for taxa replaced by a taxonomic change."""
    extinct: bool | None = None
    provisional: bool | None = None
    vision: bool | None = None
    """Whether the computer-vision model knows this taxon."""
    parent_id: int | None = None
    ancestry: str | None = None
    """Ancestor ids joined by ``/``, root first."""
    ancestor_ids: list[int] | None = None
    """Ids of all ancestors, root first (often including the taxon itself)."""
    ancestors: list[Taxon] | None = None
    children: list[Taxon] | None = None
    min_species_ancestry: str | None = None
    min_species_taxon_id: int | None = None
    iconic_taxon_id: int | None = None
    iconic_taxon_name: str | None = None
    """The broad group used for icons, e.g. ``"Aves"``, ``"Plantae"``, ``"Insecta"``."""
    default_photo: Photo | None = None
    representative_photo: Photo | None = None
    taxon_photos: list[TaxonPhoto] | None = None
    photos_locked: bool | None = None
    observations_count: int | None = None
    """Number of observations of this taxon and its descendants."""
    complete_species_count: int | None = None
    complete_rank: str | None = None
    listed_taxa_count: int | None = None
    taxon_changes_count: int | None = None
    taxon_schemes_count: int | None = None
    universal_search_rank: int | None = None
    atlas_id: int | None = None
    current_synonymous_taxon_ids: list[int] | None = None
    flag_counts: FlagCounts | None = None
    conservation_status: ConservationStatus | None = None
    """The status most relevant to the request (its place, else global)."""
    conservation_statuses: list[ConservationStatus] | None = None
    establishment_means: EstablishmentMeans | None = None
    """Establishment means in the request's preferred place."""
    preferred_establishment_means: str | None = None
    listed_taxa: list[ListedTaxon] | None = None
    endemic: bool | None = None
    introduced: bool | None = None
    native: bool | None = None
    threatened: bool | None = None
    names: list[TaxonName] | None = None
    """All names of the taxon (only with ``all_names=true``)."""
    place_ids: list[int] | None = None
    wikipedia_summary: str | None = None
    wikipedia_url: str | None = None
    descendant_obs_count: int | None = None
    """Observations of this taxon and its descendants (``/observations/taxonomy`` only)."""
    direct_obs_count: int | None = None
    """Observations identified exactly as this taxon (``/observations/taxonomy`` only)."""
    created_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name", "rank")
