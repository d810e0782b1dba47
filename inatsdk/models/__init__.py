"""Typed models of iNaturalist API records.

Every model is an attrs class with ``from_json(data)`` and ``to_json()``; see
:class:`~inatsdk.models.base.BaseModel` for the rules they share (absent means ``None``, unknown
keys kept in ``extra``, nothing lost in a round trip).

Each model's module is imported on first use (``from inatsdk.models import Taxon`` imports the
taxon module and what it refers to, not the ninety other classes): building every model class
costs a command ~40 ms before its first request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inatsdk._lazy import lazy_exports

if TYPE_CHECKING:
    from inatsdk.models.annotation import Annotation
    from inatsdk.models.base import BaseModel
    from inatsdk.models.comment import Comment
    from inatsdk.models.common import Coordinates, DateDetails, GeoJSON
    from inatsdk.models.computervision import VisionAncestor, VisionResults, VisionSuggestion
    from inatsdk.models.conservation_status import ConservationStatus
    from inatsdk.models.controlled_term import ControlledTerm, ControlledTermLabel
    from inatsdk.models.counts import SpeciesCount, UserCount
    from inatsdk.models.exemplar_identification import ExemplarIdentification, TaxonIdSummary
    from inatsdk.models.flag import Flag
    from inatsdk.models.identification import Identification
    from inatsdk.models.identification_stats import IdentificationCategoryCount, RecentTaxon
    from inatsdk.models.listed_taxon import CheckList, EstablishmentMeans, ListedTaxon
    from inatsdk.models.map_tiles import UTFGrid, UTFGridFeature
    from inatsdk.models.message import Message, MessageThread
    from inatsdk.models.moderator_action import ModeratorAction
    from inatsdk.models.observation import (
        Application,
        Observation,
        ObservationPhoto,
        ObservationPreferences,
        ObservationSound,
        Outlink,
    )
    from inatsdk.models.observation_details import (
        ObservationSubscription,
        ObservationUpdate,
        TaxonSummary,
    )
    from inatsdk.models.observation_field import ObservationField, ObservationFieldValue
    from inatsdk.models.observation_stats import (
        Histogram,
        LifeList,
        LifeListTaxon,
        PopularFieldValue,
        QualityGradeCount,
    )
    from inatsdk.models.photo import Photo, PhotoDimensions
    from inatsdk.models.place import NearbyPlaces, Place
    from inatsdk.models.post import Post, PostParent
    from inatsdk.models.project import (
        Project,
        ProjectAdmin,
        ProjectObservation,
        ProjectObservationField,
        ProjectObservationPreferences,
        ProjectObservationRule,
        ProjectSearchParameter,
        ProjectSiteFeature,
        ProjectSubscription,
        ProjectUser,
    )
    from inatsdk.models.quality_metric import QualityMetric
    from inatsdk.models.search_result import (
        PlaceSearchResult,
        ProjectSearchResult,
        SearchResult,
        TaxonSearchResult,
        UserSearchResult,
    )
    from inatsdk.models.site_content import (
        Announcement,
        AuthorizedApplication,
        EmailAvailability,
        Locale,
        NotificationCounts,
        ProviderAuthorization,
        ServerStatus,
    )
    from inatsdk.models.social import Relationship, SavedLocation, TaxonNamePriority
    from inatsdk.models.sound import Sound
    from inatsdk.models.taxon import FlagCounts, Taxon, TaxonName, TaxonPhoto
    from inatsdk.models.taxon_extras import TaxonMapLayers
    from inatsdk.models.taxon_suggestion import (
        CommonAncestor,
        TaxonSuggestion,
        TaxonSuggestions,
        UmbrellaProjectStats,
    )
    from inatsdk.models.user import Site, User, UserPreferences
    from inatsdk.models.vote import Fave, Vote

#: Where each model lives (its module, relative to ``inatsdk.models``).
_MODULE_OF: dict[str, str] = {
    "Annotation": ".annotation",
    "Announcement": ".site_content",
    "Application": ".observation",
    "AuthorizedApplication": ".site_content",
    "BaseModel": ".base",
    "CheckList": ".listed_taxon",
    "Comment": ".comment",
    "CommonAncestor": ".taxon_suggestion",
    "ConservationStatus": ".conservation_status",
    "ControlledTerm": ".controlled_term",
    "ControlledTermLabel": ".controlled_term",
    "Coordinates": ".common",
    "DateDetails": ".common",
    "EmailAvailability": ".site_content",
    "EstablishmentMeans": ".listed_taxon",
    "ExemplarIdentification": ".exemplar_identification",
    "Fave": ".vote",
    "Flag": ".flag",
    "FlagCounts": ".taxon",
    "GeoJSON": ".common",
    "Histogram": ".observation_stats",
    "Identification": ".identification",
    "IdentificationCategoryCount": ".identification_stats",
    "LifeList": ".observation_stats",
    "LifeListTaxon": ".observation_stats",
    "ListedTaxon": ".listed_taxon",
    "Locale": ".site_content",
    "Message": ".message",
    "MessageThread": ".message",
    "ModeratorAction": ".moderator_action",
    "NearbyPlaces": ".place",
    "NotificationCounts": ".site_content",
    "Observation": ".observation",
    "ObservationField": ".observation_field",
    "ObservationFieldValue": ".observation_field",
    "ObservationPhoto": ".observation",
    "ObservationPreferences": ".observation",
    "ObservationSound": ".observation",
    "ObservationSubscription": ".observation_details",
    "ObservationUpdate": ".observation_details",
    "Outlink": ".observation",
    "Photo": ".photo",
    "PhotoDimensions": ".photo",
    "Place": ".place",
    "PlaceSearchResult": ".search_result",
    "PopularFieldValue": ".observation_stats",
    "Post": ".post",
    "PostParent": ".post",
    "Project": ".project",
    "ProjectAdmin": ".project",
    "ProjectObservation": ".project",
    "ProjectObservationField": ".project",
    "ProjectObservationPreferences": ".project",
    "ProjectObservationRule": ".project",
    "ProjectSearchParameter": ".project",
    "ProjectSearchResult": ".search_result",
    "ProjectSiteFeature": ".project",
    "ProjectSubscription": ".project",
    "ProjectUser": ".project",
    "ProviderAuthorization": ".site_content",
    "QualityGradeCount": ".observation_stats",
    "QualityMetric": ".quality_metric",
    "RecentTaxon": ".identification_stats",
    "Relationship": ".social",
    "SavedLocation": ".social",
    "SearchResult": ".search_result",
    "ServerStatus": ".site_content",
    "Site": ".user",
    "Sound": ".sound",
    "SpeciesCount": ".counts",
    "Taxon": ".taxon",
    "TaxonIdSummary": ".exemplar_identification",
    "TaxonMapLayers": ".taxon_extras",
    "TaxonName": ".taxon",
    "TaxonNamePriority": ".social",
    "TaxonPhoto": ".taxon",
    "TaxonSearchResult": ".search_result",
    "TaxonSuggestion": ".taxon_suggestion",
    "TaxonSuggestions": ".taxon_suggestion",
    "TaxonSummary": ".observation_details",
    "UTFGrid": ".map_tiles",
    "UTFGridFeature": ".map_tiles",
    "UmbrellaProjectStats": ".taxon_suggestion",
    "User": ".user",
    "UserCount": ".counts",
    "UserPreferences": ".user",
    "UserSearchResult": ".search_result",
    "VisionAncestor": ".computervision",
    "VisionResults": ".computervision",
    "VisionSuggestion": ".computervision",
    "Vote": ".vote",
}


__getattr__, __dir__ = lazy_exports(globals(), _MODULE_OF)


class _Namespace(dict[str, Any]):
    """Every model by name, each imported when first looked up (a dict, as attrs asks)."""

    def __missing__(self, name: str) -> Any:
        if name not in _MODULE_OF:
            raise KeyError(name)
        found = self[name] = __getattr__(name)
        return found


#: What the models' annotations are resolved against (``attrs.resolve_types(cls,
#: localns=namespace)``): a name is imported when an annotation names it, not before.
namespace: dict[str, Any] = _Namespace()


__all__ = [
    "Annotation",
    "Announcement",
    "Application",
    "AuthorizedApplication",
    "BaseModel",
    "CheckList",
    "Comment",
    "CommonAncestor",
    "ConservationStatus",
    "ControlledTerm",
    "ControlledTermLabel",
    "Coordinates",
    "DateDetails",
    "EmailAvailability",
    "EstablishmentMeans",
    "ExemplarIdentification",
    "Fave",
    "Flag",
    "FlagCounts",
    "GeoJSON",
    "Histogram",
    "Identification",
    "IdentificationCategoryCount",
    "LifeList",
    "LifeListTaxon",
    "ListedTaxon",
    "Locale",
    "Message",
    "MessageThread",
    "ModeratorAction",
    "NearbyPlaces",
    "NotificationCounts",
    "Observation",
    "ObservationField",
    "ObservationFieldValue",
    "ObservationPhoto",
    "ObservationPreferences",
    "ObservationSound",
    "ObservationSubscription",
    "ObservationUpdate",
    "Outlink",
    "Photo",
    "PhotoDimensions",
    "Place",
    "PlaceSearchResult",
    "PopularFieldValue",
    "Post",
    "PostParent",
    "Project",
    "ProjectAdmin",
    "ProjectObservation",
    "ProjectObservationField",
    "ProjectObservationPreferences",
    "ProjectObservationRule",
    "ProjectSearchParameter",
    "ProjectSearchResult",
    "ProjectSiteFeature",
    "ProjectSubscription",
    "ProjectUser",
    "ProviderAuthorization",
    "QualityGradeCount",
    "QualityMetric",
    "RecentTaxon",
    "Relationship",
    "SavedLocation",
    "SearchResult",
    "ServerStatus",
    "Site",
    "Sound",
    "SpeciesCount",
    "Taxon",
    "TaxonIdSummary",
    "TaxonMapLayers",
    "TaxonName",
    "TaxonNamePriority",
    "TaxonPhoto",
    "TaxonSearchResult",
    "TaxonSuggestion",
    "TaxonSuggestions",
    "TaxonSummary",
    "UTFGrid",
    "UTFGridFeature",
    "UmbrellaProjectStats",
    "User",
    "UserCount",
    "UserPreferences",
    "UserSearchResult",
    "VisionAncestor",
    "VisionResults",
    "VisionSuggestion",
    "Vote",
]
