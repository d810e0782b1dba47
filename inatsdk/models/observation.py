"""Observations: a record of an organism at a place and time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import attrs

from inatsdk.models.annotation import Annotation
from inatsdk.models.base import BaseModel
from inatsdk.models.comment import Comment
from inatsdk.models.common import Coordinates, DateDetails, GeoJSON
from inatsdk.models.flag import Flag
from inatsdk.models.identification import Identification
from inatsdk.models.observation_field import ObservationFieldValue
from inatsdk.models.photo import Photo
from inatsdk.models.project import ProjectObservation
from inatsdk.models.quality_metric import QualityMetric
from inatsdk.models.sound import Sound
from inatsdk.models.taxon import Taxon
from inatsdk.models.user import User
from inatsdk.models.vote import Fave, Vote

__all__ = [
    "Application",
    "Observation",
    "ObservationPhoto",
    "ObservationPreferences",
    "ObservationSound",
    "Outlink",
]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Application(BaseModel):
    """The app an observation was created with."""

    id: int | None = None
    name: str | None = None
    url: str | None = None
    icon: str | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Outlink(BaseModel):
    """A copy of an observation on another site (GBIF, ...)."""

    source: str | None = None
    """The other site, e.g. ``"GBIF"``."""
    url: str | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("source", "url")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationPreferences(BaseModel):
    """The observer's settings for one observation."""

    prefers_community_taxon: bool | None = None
    """Whether the community taxon is used (``None``: follow the user's default)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("prefers_community_taxon",)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationPhoto(BaseModel):
    """A photo's place in an observation (``Observation.observation_photos``)."""

    id: int | None = None
    uuid: str | None = None
    position: int | None = None
    """Order among the observation's photos, from 0."""
    photo_id: int | None = None
    photo: Photo | None = None
    observation_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "position", "photo")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationSound(BaseModel):
    """A sound's place in an observation (``Observation.observation_sounds``)."""

    id: int | None = None
    uuid: str | None = None
    position: int | None = None
    sound_id: int | None = None
    sound: Sound | None = None
    observation_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "position", "sound")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Observation(BaseModel):
    """An observation.

    v2 responses carry only the fields requested, so any attribute (even ``id``) may be ``None``.
    """

    id: int | None = None
    uuid: str | None = None
    user_id: int | None = None
    user: User | None = None
    """The observer."""
    taxon_id: int | None = None
    taxon: Taxon | None = None
    """The observation taxon: the community taxon, or the observer's if they opted out."""
    community_taxon_id: int | None = None
    community_taxon: Taxon | None = None
    species_guess: str | None = None
    """The name the observer typed or picked."""
    description: str | None = None
    quality_grade: str | None = None
    """``"research"``, ``"needs_id"`` or ``"casual"``."""
    observed_on: date | None = None
    """The day observed. If the API sends a full timestamp here, it is that aware ``datetime``
    (a ``date`` subclass)."""
    observed_on_string: str | None = None
    """The date/time exactly as the observer entered it (free text)."""
    observed_on_details: DateDetails | None = None
    time_observed_at: datetime | None = None
    """When observed, with the observer's offset; ``None`` if only the day is known."""
    observed_time_zone: str | None = None
    time_zone_offset: str | None = None
    created_at: datetime | None = None
    created_at_details: DateDetails | None = None
    created_time_zone: str | None = None
    updated_at: datetime | None = None
    location: Coordinates | None = None
    """Public coordinates (obscured ones, if the observation is obscured)."""
    private_location: Coordinates | None = None
    """True coordinates of an obscured observation (visible to the observer and trusted users)."""
    geojson: GeoJSON | None = None
    """The public location as a GeoJSON point (longitude first)."""
    private_geojson: GeoJSON | None = None
    place_guess: str | None = None
    """The locality text shown for the observation."""
    private_place_guess: str | None = None
    place_ids: list[int] | None = None
    """Ids of the standard places containing the observation."""
    positional_accuracy: int | None = None
    """Accuracy radius in metres."""
    positioning_method: str | None = None
    """How the location was found, e.g. ``"gps"``, ``"manual"``."""
    positioning_device: str | None = None
    public_positional_accuracy: int | None = None
    geoprivacy: str | None = None
    """The observer's choice: ``None`` (open), ``"obscured"`` or ``"private"``."""
    taxon_geoprivacy: str | None = None
    """Geoprivacy imposed by the taxon's conservation status."""
    context_geoprivacy: str | None = None
    context_taxon_geoprivacy: str | None = None
    context_user_geoprivacy: str | None = None
    obscured: bool | None = None
    mappable: bool | None = None
    map_scale: int | None = None
    out_of_range: bool | None = None
    captive: bool | None = None
    """Captive or cultivated."""
    license_code: str | None = None
    """License of the observation, e.g. ``"cc-by-nc"``; ``None`` means all rights reserved."""
    uri: str | None = None
    photos: list[Photo] | None = None
    observation_photos: list[ObservationPhoto] | None = None
    sounds: list[Sound] | None = None
    observation_sounds: list[ObservationSound] | None = None
    identifications: list[Identification] | None = None
    non_owner_ids: list[Identification] | None = None
    identifications_count: int | None = None
    identifications_most_agree: bool | None = None
    identifications_most_disagree: bool | None = None
    identifications_some_agree: bool | None = None
    identification_disagreements_count: int | None = None
    num_identification_agreements: int | None = None
    num_identification_disagreements: int | None = None
    ident_taxon_ids: list[int] | None = None
    owners_identification_from_vision: bool | None = None
    comments: list[Comment] | None = None
    comments_count: int | None = None
    annotations: list[Annotation] | None = None
    ofvs: list[ObservationFieldValue] | None = None
    """Observation field values."""
    faves: list[Fave] | None = None
    faves_count: int | None = None
    votes: list[Vote] | None = None
    cached_votes_total: int | None = None
    quality_metrics: list[QualityMetric] | None = None
    flags: list[Flag] | None = None
    spam: bool | None = None
    tags: list[str] | None = None
    outlinks: list[Outlink] | None = None
    preferences: ObservationPreferences | None = None
    project_ids: list[int] | None = None
    project_ids_with_curator_id: list[int] | None = None
    project_ids_without_curator_id: list[int] | None = None
    project_observations: list[ProjectObservation] | None = None
    non_traditional_projects: list[dict[str, Any]] | None = None
    reviewed_by: list[int] | None = None
    """Ids of users who marked the observation as reviewed."""
    site_id: int | None = None
    oauth_application_id: int | None = None
    application: Application | None = None
    id_please: bool | None = None
    viewer_trusted_by_observer: bool | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = (
        "id",
        "taxon|species_guess",
        "observed_on",
        "user",
    )
