"""Sounds, as attached to observations."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.flag import Flag
from inatsdk.models.moderator_action import ModeratorAction

__all__ = ["Sound"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Sound(BaseModel):
    """An audio recording."""

    id: int | None = None
    uuid: str | None = None
    attribution: str | None = None
    license_code: str | None = None
    file_url: str | None = None
    """URL of the audio file."""
    file_content_type: str | None = None
    """MIME type, e.g. ``"audio/mpeg"``."""
    original_filename: str | None = None
    native_sound_id: str | None = None
    """Id on the original site, for sounds imported from elsewhere (e.g. SoundCloud)."""
    secret_token: str | None = None
    subtype: str | None = None
    play_local: bool | None = None
    flags: list[Flag] | None = None
    hidden: bool | None = None
    moderator_actions: list[ModeratorAction] | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "license_code", "file_url")
