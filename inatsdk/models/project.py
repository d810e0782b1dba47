"""Projects as embedded in observations, and an observation's membership of a project."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.common import Coordinates
from inatsdk.models.flag import Flag
from inatsdk.models.user import User

__all__ = [
    "Project",
    "ProjectAdmin",
    "ProjectObservation",
    "ProjectObservationPreferences",
    "ProjectObservationRule",
    "ProjectSearchParameter",
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
    operand_id: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("operator", "operand_type", "operand_id")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProjectSearchParameter(BaseModel):
    """A search parameter of a collection project (``search_parameters``, ``rule_preferences``).

    ``value`` is kept as the API sends it (a string, number, boolean or list); typed variants such
    as ``value_bool`` or ``value_keyword`` stay in :attr:`extra`.
    """

    field: str | None = None
    value: Any = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("field", "value")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Project(BaseModel):
    """A project, as embedded in other records (``ProjectObservation.project``)."""

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
    place_id: int | None = None
    location: Coordinates | None = None
    user_id: int | None = None
    user: User | None = None
    user_ids: list[int] | None = None
    admins: list[ProjectAdmin] | None = None
    prefers_user_trust: bool | None = None
    membership_model: str | None = None
    project_observation_rules: list[ProjectObservationRule] | None = None
    rule_preferences: list[ProjectSearchParameter] | None = None
    search_parameters: list[ProjectSearchParameter] | None = None
    project_observation_fields: list[dict[str, Any]] | None = None
    site_features: list[dict[str, Any]] | None = None
    flags: list[Flag] | None = None
    observation_requirements_updated_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

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
    observations_count: int | None = None
    taxa_count: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("project_id", "user_id", "role")


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
