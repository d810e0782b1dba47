"""Photos, as attached to observations and taxa."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.flag import Flag
from inatsdk.models.moderator_action import ModeratorAction

__all__ = ["Photo", "PhotoDimensions"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class PhotoDimensions(BaseModel):
    """The pixel size of a photo's original file."""

    width: int | None = None
    height: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("width", "height")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Photo(BaseModel):
    """A photo. ``url`` is usually the square thumbnail; other sizes differ only in the file
    name (``square``, ``small``, ``medium``, ``large``, ``original``)."""

    id: int | None = None
    uuid: str | None = None
    attribution: str | None = None
    """Credit line, e.g. ``"(c) Jane Doe, some rights reserved (CC BY)"``."""
    attribution_name: str | None = None
    license_code: str | None = None
    """License, e.g. ``"cc-by-nc"``; ``None`` means all rights reserved."""
    url: str | None = None
    """URL of the photo as the API gives it (usually the square thumbnail)."""
    square_url: str | None = None
    small_url: str | None = None
    medium_url: str | None = None
    large_url: str | None = None
    original_url: str | None = None
    original_dimensions: PhotoDimensions | None = None
    original_filename: str | None = None
    native_page_url: str | None = None
    """Page of the photo on its original site, for photos imported from elsewhere."""
    native_photo_id: str | None = None
    type: str | None = None
    """Storage kind, e.g. ``"LocalPhoto"``."""
    user_id: int | None = None
    """Who uploaded the photo."""
    flags: list[Flag] | None = None
    hidden: bool | None = None
    moderator_actions: list[ModeratorAction] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "license_code", "url")
