"""v2-only records about the site and the signed-in account: announcements, authorized
applications, linked provider accounts, locales, notification counts, server status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk.models.observation import Application

__all__ = [
    "Announcement",
    "AuthorizedApplication",
    "EmailAvailability",
    "Locale",
    "NotificationCounts",
    "ProviderAuthorization",
    "ServerStatus",
]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Announcement(BaseModel):
    """A site announcement shown to the signed-in user (``GET /v2/announcements``)."""

    id: int | None = None
    body: str | None = None
    """HTML."""
    placement: str | None = None
    """Where it shows, e.g. ``"mobile/home"``."""
    clients: list[str] | None = None
    dismissible: bool | None = None
    locales: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "placement", "dismissible")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class AuthorizedApplication(BaseModel):
    """An OAuth application the signed-in user has authorized (``GET
    /v2/authorized_applications``)."""

    application: Application | None = None
    scopes: list[str] | None = None
    created_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("application", "scopes")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ProviderAuthorization(BaseModel):
    """An account of another provider (Google, Apple, ...) linked to the signed-in user's
    (``GET /v2/provider_authorizations``)."""

    id: int | None = None
    user_id: int | None = None
    provider_name: str | None = None
    provider_uid: str | None = None
    scope: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "provider_name")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Locale(BaseModel):
    """A locale the site is translated into (``GET /v2/translations/locales``)."""

    locale: str | None = None
    """e.g. ``"pt-BR"``."""
    language_in_locale: str | None = None
    """The language's own name for itself, e.g. ``"Português (Brasil)"``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("locale", "language_in_locale")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class NotificationCounts(BaseModel):
    """The signed-in user's unviewed updates and unread messages (``GET
    /v2/users/notification_counts``)."""

    updates_count: int | None = None
    messages_count: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("updates_count", "messages_count")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class EmailAvailability(BaseModel):
    """Whether an email address may be used for a new account (``GET
    /v2/users/email_available``)."""

    available: bool | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("available",)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ServerStatus(BaseModel):
    """What ``GET /v2/ping`` answers: ``status`` is ``"available"`` when the API is up."""

    status: str | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("status",)
