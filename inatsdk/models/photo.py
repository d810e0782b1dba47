"""Photos, as attached to observations and taxa."""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar, Literal, get_args

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.flag import Flag
from inatsdk.models.moderator_action import ModeratorAction

__all__ = ["PHOTO_SIZES", "Photo", "PhotoDimensions", "PhotoSize"]

PhotoSize = Literal["square", "thumb", "small", "medium", "large", "original"]
"""The sizes iNaturalist serves each photo in: ``square`` (75 px, cropped), ``thumb`` (100 px),
``small`` (240 px), ``medium`` (500 px), ``large`` (1024 px), ``original`` (up to 2048 px)."""

PHOTO_SIZES: tuple[PhotoSize, ...] = get_args(PhotoSize)

_SIZE_IN_URL = re.compile(r"/(square|thumb|small|medium|large|original)(\.[A-Za-z0-9]+)?(?=[?#]|$)")


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

    def url_for(self, size: PhotoSize = "medium") -> str | None:
        """The URL of this photo in ``size`` (one of :data:`PHOTO_SIZES`), made from whichever
        URL the record carries (they differ only in the file name); None when it carries none.

        Raises :class:`~inatsdk.errors.InvalidParameterError` for another size.

            >>> from inatsdk.models import Photo
            >>> Photo(url="https://static.inaturalist.org/photos/1/square.jpg").url_for("large")
            'https://static.inaturalist.org/photos/1/large.jpg'
        """
        if size not in PHOTO_SIZES:
            from inatsdk.errors import InvalidParameterError

            raise InvalidParameterError(
                f"Photo.url_for(): size must be one of {', '.join(PHOTO_SIZES)}, not {size!r}"
            )
        own = {
            "square": self.square_url,
            "small": self.small_url,
            "medium": self.medium_url,
            "large": self.large_url,
            "original": self.original_url,
        }.get(size)
        if own:
            return own
        for known in (
            self.url,
            self.square_url,
            self.small_url,
            self.medium_url,
            self.large_url,
            self.original_url,
        ):
            if known and _SIZE_IN_URL.search(known):
                return _SIZE_IN_URL.sub(lambda m: f"/{size}{m.group(2) or ''}", known, count=1)
        return None
