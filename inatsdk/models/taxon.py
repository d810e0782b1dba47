"""Taxa: species and every other rank of the tree of life."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.errors import MissingAncestorsError
from inatsdk.models.base import BaseModel
from inatsdk.models.conservation_status import ConservationStatus
from inatsdk.models.listed_taxon import EstablishmentMeans, ListedTaxon
from inatsdk.models.photo import Photo

__all__ = ["RANK_LEVELS", "FlagCounts", "Taxon", "TaxonName", "TaxonPhoto"]

#: The rank levels iNaturalist uses for the main ranks (lower is more specific).
RANK_LEVELS: dict[str, float] = {
    "subspecies": 5,
    "variety": 5,
    "form": 5,
    "hybrid": 10,
    "species": 10,
    "complex": 11,
    "subsection": 12,
    "section": 13,
    "subgenus": 15,
    "genus": 20,
    "subtribe": 24,
    "tribe": 25,
    "supertribe": 26,
    "subfamily": 27,
    "family": 30,
    "epifamily": 32,
    "superfamily": 33,
    "zoosubsection": 33.5,
    "zoosection": 34,
    "parvorder": 34.5,
    "infraorder": 35,
    "suborder": 37,
    "order": 40,
    "superorder": 43,
    "subterclass": 44,
    "infraclass": 45,
    "subclass": 47,
    "class": 50,
    "superclass": 53,
    "subphylum": 57,
    "phylum": 60,
    "subkingdom": 67,
    "kingdom": 70,
    "stateofmatter": 100,
}


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

    # --- the tree: ancestors by rank (no request is ever sent) ---------------------------------

    def ancestor(self, rank: str) -> Taxon | None:
        """This taxon's ancestor at ``rank`` (``"family"``), or the taxon itself when it is of
        that rank; None when the lineage has no taxon of that rank (or the taxon is above it).

        Uses :attr:`ancestors`, which ``client.taxa.get()`` and prefetched taxa carry but
        search results leave out: without them it raises :class:`MissingAncestorsError`
        naming the fix (``paginator.prefetch("taxon")``, ``client.taxa.refresh(taxon)``). An
        unknown rank raises :class:`~inatsdk.errors.InvalidParameterError`.
        """
        if rank not in RANK_LEVELS:
            from difflib import get_close_matches

            from inatsdk.errors import InvalidParameterError

            close = get_close_matches(str(rank), list(RANK_LEVELS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidParameterError(f"Taxon.ancestor(): unknown rank {rank!r}{hint}")
        if self.rank == rank:
            return self
        if self.rank_level is not None and self.rank_level > RANK_LEVELS[rank]:
            return None  # above the rank asked for: nothing in its lineage can be of it
        if self.ancestors is None:
            raise MissingAncestorsError(
                f"{self!r} was loaded without its ancestors, so its {rank} is unknown: use "
                '.prefetch("taxon") on the paginator (observations, identifications), '
                "client.taxa.refresh(taxon), or client.taxa.get(id)"
            )
        return next((a for a in self.ancestors if a.rank == rank), None)

    @property
    def kingdom(self) -> Taxon | None:
        """The ancestor of rank kingdom (see :meth:`ancestor`)."""
        return self.ancestor("kingdom")

    @property
    def phylum(self) -> Taxon | None:
        """The ancestor of rank phylum (see :meth:`ancestor`)."""
        return self.ancestor("phylum")

    @property
    def class_(self) -> Taxon | None:
        """The ancestor of rank class (see :meth:`ancestor`; ``class`` is a Python keyword)."""
        return self.ancestor("class")

    @property
    def order(self) -> Taxon | None:
        """The ancestor of rank order (see :meth:`ancestor`)."""
        return self.ancestor("order")

    @property
    def family(self) -> Taxon | None:
        """The ancestor of rank family (see :meth:`ancestor`)."""
        return self.ancestor("family")

    @property
    def genus(self) -> Taxon | None:
        """The ancestor of rank genus (see :meth:`ancestor`)."""
        return self.ancestor("genus")

    @property
    def species(self) -> Taxon | None:
        """The species: the taxon itself, or the ancestor of a subspecies or variety (see
        :meth:`ancestor`)."""
        return self.ancestor("species")
