"""Projects (``/projects``), their members, rules and settings, and an observation's membership
of a project."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import Coordinates
from inatsdk.models.flag import Flag
from inatsdk.models.observation_field import ObservationField
from inatsdk.models.user import User

if TYPE_CHECKING:
    from inatsdk.models.place import Place
    from inatsdk.models.taxon import Taxon

__all__ = [
    "Project",
    "ProjectAdmin",
    "ProjectObservation",
    "ProjectObservationField",
    "ProjectObservationPreferences",
    "ProjectObservationRule",
    "ProjectSearchParameter",
    "ProjectSiteFeature",
    "ProjectSubscription",
    "ProjectUser",
]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectAdmin(BaseModel):
    """A manager or curator of a project."""

    id: int | None = None
    project_id: int | None = None
    user_id: int | None = None
    user: User | None = None
    role: str | None = None
    """``"manager"`` or ``"curator"``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("user_id", "role")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectObservationRule(BaseModel):
    """A rule an observation must meet to be in a (traditional) project."""

    id: int | None = None
    operator: str | None = None
    """The rule, e.g. ``"in_taxon?"``, ``"georeferenced?"``."""
    operand_type: str | None = None
    """What :attr:`operand_id` names: ``"Taxon"``, ``"Place"``, ``"User"``, ``"Project"``."""
    operand_id: int | None = None
    taxon: Taxon | None = None
    """The taxon of an ``in_taxon?`` rule (with ``rule_details=True``)."""
    place: Place | None = None
    """The place of an ``observed_in_place?`` rule (with ``rule_details=True``)."""
    user: User | None = None
    """The user of an ``observed_by_user?`` rule (with ``rule_details=True``)."""
    project: Project | None = None
    """The sub-project of an umbrella project's rule (with ``rule_details=True``)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("operator", "operand_type", "operand_id")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectSearchParameter(BaseModel):
    """A search parameter of a collection project (``search_parameters``, ``rule_preferences``).

    ``value`` is kept as the API sends it (a string, number, boolean or list); the typed
    variants the search index keeps beside it (``value_keyword``, ``value_number``...) are
    typed attributes.
    """

    field: str | None = None
    """The observation search parameter, e.g. ``"taxon_id"``, ``"quality_grade"``."""
    value: Any = None
    value_keyword: list[str] | None = None
    """``value`` as keywords, for text parameters."""
    value_number: list[float] | None = None
    """``value`` as numbers, for id and number parameters."""
    value_bool: bool | None = None
    """``value`` as a boolean, for yes/no parameters."""
    value_date: list[str] | None = None
    """``value`` as dates, for date parameters (as the API writes them)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("field", "value")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectSiteFeature(BaseModel):
    """Where a project is featured: one site of the iNaturalist Network."""

    site_id: int | None = None
    noteworthy: bool | None = None
    """Whether the site also lists the project as noteworthy."""
    featured_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("site_id", "featured_at")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectObservationField(BaseModel):
    """An observation field a project asks its observations to fill in."""

    id: int | None = None
    observation_field: ObservationField | None = None
    position: int | None = None
    """Order of the field in the project's form, from 0."""
    required: bool | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "observation_field", "required")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Project(BaseModel):
    """A project: a collection (observations matching search parameters), an umbrella (a group
    of projects) or a traditional project (observations added by hand), as ``/projects`` gives
    it or as embedded in other records (``ProjectObservation.project``).

    Only some attributes appear in each kind of response; ``/projects/{id}`` and ``/projects``
    give most of them, ``rule_details=True`` fills :attr:`place` and the rules' operands.
    """

    id: int | None = None
    title: str | None = None
    slug: str | None = None
    description: str | None = None
    project_type: str | None = None
    """``"collection"``, ``"umbrella"`` or ``""``/``"assessment"`` for traditional projects."""
    is_umbrella: bool | None = None
    icon: str | None = None
    icon_file_name: str | None = None
    header_image_url: str | None = None
    header_image_file_name: str | None = None
    header_image_contain: bool | None = None
    banner_color: str | None = None
    hide_title: bool | None = None
    terms: str | None = None
    """The terms members agree to, if any."""
    place_id: int | None = None
    place: Place | None = None
    """The project's place (with ``rule_details=True``)."""
    location: Coordinates | None = None
    """The project's point on the map (a ``"lat,lng"`` string or a ``[lat, lng]`` list)."""
    latitude: float | str | None = None
    """The latitude of :attr:`location`, as the API sends it (a string or a number)."""
    longitude: float | str | None = None
    """The longitude of :attr:`location`, as the API sends it (a string or a number)."""
    user_id: int | None = None
    user: User | None = None
    """The project's creator."""
    user_ids: list[int] | None = None
    """Ids of the project's members."""
    admins: list[ProjectAdmin] | None = None
    prefers_user_trust: bool | None = None
    membership_model: str | None = None
    project_observation_rules: list[ProjectObservationRule] | None = None
    rule_preferences: list[ProjectSearchParameter] | None = None
    search_parameters: list[ProjectSearchParameter] | None = None
    project_observation_fields: list[ProjectObservationField] | None = None
    site_features: list[ProjectSiteFeature] | None = None
    flags: list[Flag] | None = None
    is_new_style_project: bool | None = None
    """Whether the project is a collection or umbrella project (not a traditional one)."""
    start_time: datetime | None = None
    """When a project limited in time (a bioblitz) starts."""
    end_time: datetime | None = None
    """When a project limited in time (a bioblitz) ends."""
    map_type: str | None = None
    zoom_level: int | None = None
    observed_taxa_count: int | None = None
    trusted: bool | None = None
    delta: bool | None = None
    group: str | None = None
    source_url: str | None = None
    event_url: str | None = None
    tracking_codes: str | None = None
    icon_content_type: str | None = None
    icon_file_size: int | None = None
    icon_updated_at: datetime | None = None
    cover_content_type: str | None = None
    cover_file_name: str | None = None
    cover_file_size: int | None = None
    cover_updated_at: datetime | None = None
    last_aggregated_at: datetime | None = None
    observation_requirements_updated_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_at_utc: datetime | None = None
    updated_at_utc: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "title")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectUser(BaseModel):
    """A user's membership of a project."""

    id: int | None = None
    project_id: int | None = None
    user_id: int | None = None
    role: str | None = None
    """``None`` for a plain member, else ``"manager"`` or ``"curator"``."""
    prefers_curator_coordinate_access_for: str | None = None
    """Whose observations curators may see true coordinates of: ``"none"``, ``"taxon"``,
    ``"any"``."""
    prefers_updates: bool | None = None
    """Whether the member gets notified of the project's news (``/projects/{id}/membership``)."""
    observations_count: int | None = None
    """The member's observations in the project."""
    taxa_count: int | None = None
    """The member's taxa in the project."""
    user: User | None = None
    """The member (``/projects/{id}/members``)."""
    created_at: datetime | None = None
    """When the user joined."""
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("project_id", "user_id", "role")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectSubscription(BaseModel):
    """The signed-in user's subscription to a project's updates
    (``/projects/{id}/subscriptions``)."""

    id: int | None = None
    user_id: int | None = None
    resource_type: str | None = None
    """What is subscribed to: ``"Project"`` here."""
    resource_id: int | None = None
    """The project's id."""
    taxon_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("resource_type", "resource_id")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectObservationPreferences(BaseModel):
    """The observer's settings for one observation in one project."""

    allows_curator_coordinate_access: bool | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("allows_curator_coordinate_access",)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectObservation(BaseModel):
    """An observation's membership of a (traditional) project."""

    id: int | None = None
    uuid: str | None = None
    project_id: int | None = None
    project: Project | None = None
    observation_id: int | None = None
    user_id: int | None = None
    user: User | None = None
    """Who added the observation to the project."""
    project_user: ProjectUser | None = None
    preferences: ProjectObservationPreferences | None = None
    current_user_is_member: bool | None = None
    curator_identification_id: int | None = None
    tracking_code: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "project_id", "observation_id")
