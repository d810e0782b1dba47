"""Users (as embedded in other records and as returned by ``/users``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.social import TaxonNamePriority

__all__ = ["Site", "User", "UserPreferences"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Site(BaseModel):
    """A site of the iNaturalist Network (iNaturalist itself, iNaturalist.ca, ...)."""

    id: int | None = None
    name: str | None = None
    site_name_short: str | None = None
    url: str | None = None
    icon_url: str | None = None
    locale: str | None = None
    place_id: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UserPreferences(BaseModel):
    """Preferences a user shares publicly (how others may add to their observations)."""

    prefers_community_taxa: bool | None = None
    """Whether the user's observations use the community taxon by default."""
    prefers_observation_fields_by: str | None = None
    """Who may add observation fields: ``"anyone"``, ``"curators"`` or ``"observer"``."""
    prefers_project_addition_by: str | None = None
    """Who may add the user's observations to projects: ``"any"``, ``"joined"`` or ``"none"``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ()


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class User(BaseModel):
    """An iNaturalist user. Embedded users carry only some of these attributes."""

    id: int | None = None
    uuid: str | None = None
    login: str | None = None
    """The user name, as in ``https://www.inaturalist.org/people/<login>``."""
    name: str | None = None
    """Display name, if set."""
    description: str | None = None
    icon: str | None = None
    icon_url: str | None = None
    orcid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_active: date | None = None
    spam: bool | None = None
    suspended: bool | None = None
    roles: list[str] | None = None
    """Site roles, e.g. ``["curator"]``."""
    site_id: int | None = None
    site: Site | None = None
    preferences: UserPreferences | None = None
    monthly_supporter: bool | None = None
    observations_count: int | None = None
    identifications_count: int | None = None
    species_count: int | None = None
    journal_posts_count: int | None = None
    activity_count: int | None = None
    annotated_observations_count: int | None = None
    universal_search_rank: int | None = None
    faved_project_ids: list[int] | None = None
    login_autocomplete: str | None = None
    login_exact: str | None = None
    name_autocomplete: str | None = None

    # What only the signed-in user sees of themselves (``/users/me``).
    email: str | None = None
    """The user's e-mail address (``/users/me`` only)."""
    locale: str | None = None
    """The user's language, e.g. ``"en"`` (``/users/me`` only)."""
    time_zone: str | None = None
    """The user's time zone, e.g. ``"Pacific Time (US & Canada)"`` (``/users/me`` only)."""
    place_id: int | None = None
    """The user's preferred place, for common names and place-specific settings."""
    search_place_id: int | None = None
    """The place the user's searches default to."""
    pi_consent: bool | None = None
    """Whether the user consented to the storage of personal information."""
    data_transfer_consent: bool | None = None
    """Whether the user consented to the transfer of their data abroad."""
    privileges: list[str] | None = None
    """Earned privileges, e.g. ``["interaction", "speech"]``."""
    muted_user_ids: list[int] | None = None
    blocked_user_ids: list[int] | None = None
    taxon_name_priorities: list[TaxonNamePriority] | None = None
    """Which common names the user sees, in this order (``/users/me``; changed with
    ``client.taxon_name_priorities``)."""
    prefers_automatic_taxonomic_changes: bool | None = None
    prefers_comment_email_notification: bool | None = None
    prefers_common_names: bool | None = None
    prefers_community_taxa: bool | None = None
    prefers_identification_email_notification: bool | None = None
    prefers_mention_email_notification: bool | None = None
    prefers_message_email_notification: bool | None = None
    prefers_monthly_supporter_badge: bool | None = None
    prefers_no_email: bool | None = None
    prefers_no_tracking: bool | None = None
    prefers_project_added_your_observation_email_notification: bool | None = None
    prefers_project_curator_change_email_notification: bool | None = None
    prefers_project_journal_post_email_notification: bool | None = None
    prefers_receive_mentions: bool | None = None
    prefers_redundant_identification_notifications: bool | None = None
    prefers_scientific_name_first: bool | None = None
    prefers_taxon_change_email_notification: bool | None = None
    prefers_taxon_or_place_observation_email_notification: bool | None = None
    prefers_user_observation_email_notification: bool | None = None
    preferred_observation_fields_by: str | None = None
    """Who may add observation fields to the user's observations: ``"anyone"``,
    ``"curators"`` or ``"observer"``."""
    preferred_observation_license: str | None = None
    preferred_photo_license: str | None = None
    preferred_sound_license: str | None = None
    preferred_project_addition_by: str | None = None
    """Who may add the user's observations to projects: ``"any"``, ``"joined"`` or ``"none"``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "login")
