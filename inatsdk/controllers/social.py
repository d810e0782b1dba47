"""``client.relationships``, ``client.saved_locations``, ``client.taxon_name_priorities``: the
signed-in user's network and preferences, which only API v2 offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._writes import Field, WriteSpec, record_id
from inatsdk.controllers._writes_v2 import create_v2, delete_v2, update_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    RELATIONSHIP_CREATE_V2,
    RELATIONSHIP_DELETE_V2,
    RELATIONSHIP_UPDATE_V2,
    RELATIONSHIPS_V2,
    SAVED_LOCATION_CREATE_V2,
    SAVED_LOCATION_DELETE_V2,
    SAVED_LOCATIONS_V2,
    TAXON_NAME_PRIORITY_CREATE_V2,
    TAXON_NAME_PRIORITY_DELETE_V2,
    TAXON_NAME_PRIORITY_UPDATE_V2,
)
from inatsdk.models import Relationship, SavedLocation, TaxonNamePriority
from inatsdk.params.paginators import (
    RelationshipsSearchPaginatorV2,
    SavedLocationsSearchPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.params.v2 import (
        RelationshipFieldName,
        RelationshipsSearchParams,
        SavedLocationFieldName,
        SavedLocationsSearchParams,
        Selection,
    )

__all__ = [
    "RELATIONSHIP_WRITES",
    "SAVED_LOCATION_WRITES",
    "TAXON_NAME_PRIORITY_WRITES",
    "RelationshipsController",
    "SavedLocationsController",
    "TaxonNamePrioritiesController",
]


#: ``{"relationship": {"friend_id", "trust", "following"}}``; the friend is set when creating.
RELATIONSHIP_WRITES = WriteSpec(
    model=Relationship,
    root="relationship",
    fields=(
        Field("friend_id", update=False),
        Field(
            "friend_user", key="friend_id", encode=lambda u: getattr(u, "id", None), update=False
        ),
        Field("trust"),
        Field("following"),
    ),
    required=("friend_id",),
)

#: ``{"saved_location": {...}}``; saved locations cannot be edited, only deleted.
SAVED_LOCATION_WRITES = WriteSpec(
    model=SavedLocation,
    root="saved_location",
    fields=(
        Field("title"),
        Field("latitude"),
        Field("longitude"),
        Field("positional_accuracy"),
        Field("geoprivacy"),
    ),
    required=("latitude", "longitude"),
)

#: ``{"taxon_name_priority": {"lexicon", "place_id"}}``; only the position can be saved.
TAXON_NAME_PRIORITY_WRITES = WriteSpec(
    model=TaxonNamePriority,
    root="taxon_name_priority",
    fields=(
        Field("lexicon", update=False),
        Field("place_id", update=False),
        Field("position", create=False),
    ),
    required=("lexicon",),
)


class RelationshipsController(BaseController):
    """Whom the signed-in user follows and trusts with hidden coordinates (v2 only)."""

    resource = "relationships"

    def search(
        self,
        *,
        fields: Selection[RelationshipFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[RelationshipsSearchParams],
    ) -> RelationshipsSearchPaginatorV2[Relationship]:
        """The signed-in user's relationships. Calls ``GET /v2/relationships`` (needs
        credentials); ``fields`` selects what each record holds (default: every field)."""
        return self._requester.paginate(
            RELATIONSHIPS_V2,
            params,
            fields=fields,
            kind=RelationshipsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def create(self, relationship: Relationship, *, dry_run: bool | None = None) -> Relationship:
        """Follow (and optionally trust) a user. Calls ``POST /v2/relationships``.

        Example::

            client.relationships.create(Relationship(friend_id=1, following=True, trust=False))
        """
        return create_v2(
            self._requester,
            RELATIONSHIP_CREATE_V2,
            RELATIONSHIP_WRITES,
            relationship,
            dry_run=dry_run,
        )

    def save(self, relationship: Relationship, *, dry_run: bool | None = None) -> Relationship:
        """Save a relationship's changed ``trust`` or ``following``. Calls
        ``PUT /v2/relationships/{id}`` with only what changed (nothing when nothing did)."""
        key = record_id(relationship, "relationship")
        return update_v2(
            self._requester,
            RELATIONSHIP_UPDATE_V2,
            RELATIONSHIP_WRITES,
            relationship,
            key,
            placeholder="id",
            dry_run=dry_run,
        )

    def delete(self, relationship: Relationship | int, *, dry_run: bool | None = None) -> None:
        """End a relationship (a model or its id). Calls ``DELETE /v2/relationships/{id}``."""
        key = record_id(relationship, "relationship")
        delete_v2(
            self._requester,
            RELATIONSHIP_DELETE_V2,
            key,
            placeholder="id",
            argument="relationship",
            dry_run=dry_run,
        )


class SavedLocationsController(BaseController):
    """Locations the signed-in user saved for new observations (v2 only)."""

    resource = "saved_locations"

    def search(
        self,
        *,
        fields: Selection[SavedLocationFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[SavedLocationsSearchParams],
    ) -> SavedLocationsSearchPaginatorV2[SavedLocation]:
        """The signed-in user's saved locations. Calls ``GET /v2/saved_locations``."""
        return self._requester.paginate(
            SAVED_LOCATIONS_V2,
            params,
            fields=fields,
            kind=SavedLocationsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def create(self, location: SavedLocation, *, dry_run: bool | None = None) -> SavedLocation:
        """Save a location. Calls ``POST /v2/saved_locations``.

        Example::

            client.saved_locations.create(SavedLocation(title="Home", latitude=1.5, longitude=2.5))
        """
        return create_v2(
            self._requester,
            SAVED_LOCATION_CREATE_V2,
            SAVED_LOCATION_WRITES,
            location,
            dry_run=dry_run,
        )

    def delete(self, location: SavedLocation | int, *, dry_run: bool | None = None) -> None:
        """Delete a saved location (a model or its id). Calls
        ``DELETE /v2/saved_locations/{id}``."""
        key = record_id(location, "saved location")
        delete_v2(
            self._requester,
            SAVED_LOCATION_DELETE_V2,
            key,
            placeholder="id",
            argument="location",
            dry_run=dry_run,
        )


class TaxonNamePrioritiesController(BaseController):
    """The signed-in user's ordered list of name lexicons: which common names to show,
    optionally per place (v2 only; they are read with ``client.users.me()``)."""

    resource = "taxon_name_priorities"

    def create(
        self, priority: TaxonNamePriority, *, dry_run: bool | None = None
    ) -> TaxonNamePriority:
        """Add a lexicon to the list. Calls ``POST /v2/taxon_name_priorities``.

        Example::

            client.taxon_name_priorities.create(TaxonNamePriority(lexicon="english"))
        """
        return create_v2(
            self._requester,
            TAXON_NAME_PRIORITY_CREATE_V2,
            TAXON_NAME_PRIORITY_WRITES,
            priority,
            dry_run=dry_run,
        )

    def save(
        self, priority: TaxonNamePriority, *, dry_run: bool | None = None
    ) -> TaxonNamePriority:
        """Move a lexicon (its changed ``position``). Calls
        ``PUT /v2/taxon_name_priorities/{id}``."""
        key = record_id(priority, "taxon name priority")
        return update_v2(
            self._requester,
            TAXON_NAME_PRIORITY_UPDATE_V2,
            TAXON_NAME_PRIORITY_WRITES,
            priority,
            key,
            placeholder="id",
            dry_run=dry_run,
        )

    def delete(self, priority: TaxonNamePriority | int, *, dry_run: bool | None = None) -> None:
        """Remove a lexicon from the list. Calls ``DELETE /v2/taxon_name_priorities/{id}``."""
        key = record_id(priority, "taxon name priority")
        delete_v2(
            self._requester,
            TAXON_NAME_PRIORITY_DELETE_V2,
            key,
            placeholder="id",
            argument="priority",
            dry_run=dry_run,
        )
