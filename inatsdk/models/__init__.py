"""Typed models of iNaturalist API records.

Every model is an attrs class with ``from_json(data)`` and ``to_json()``; see
:class:`~inatsdk.models.base.BaseModel` for the rules they share (absent means ``None``, unknown
keys kept in ``extra``, nothing lost in a round trip).
"""

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
