"""``client.account``, ``client.announcements``, ``client.sites``: the signed-in account's
authorized applications and linked providers, site announcements, the network's sites, the
site's locales and the server's status (API v2 only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._writes_v2 import act_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    ANNOUNCEMENT_DISMISS_V2,
    ANNOUNCEMENTS_V2,
    AUTHORIZED_APPLICATION_DELETE_V2,
    AUTHORIZED_APPLICATIONS_V2,
    PING_V2,
    PROVIDER_AUTHORIZATION_DELETE_V2,
    PROVIDER_AUTHORIZATIONS_V2,
    SITES_V2,
    TRANSLATIONS_LOCALES_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import (
    Announcement,
    AuthorizedApplication,
    Locale,
    ProviderAuthorization,
    ServerStatus,
    Site,
)
from inatsdk.params.paginators import (
    AnnouncementsSearchPaginatorV2,
    AuthorizedApplicationsSearchPaginatorV2,
    ProviderAuthorizationsSearchPaginatorV2,
    SitesSearchPaginatorV2,
    TranslationsLocalesPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.fields import FieldsLike
    from inatsdk.params.v2 import (
        AnnouncementFieldName,
        AnnouncementsSearchParams,
        AuthorizedApplicationsSearchParams,
        ProviderAuthorizationFieldName,
        ProviderAuthorizationsSearchParams,
        Selection,
        TranslationsLocalesParams,
    )

__all__ = ["AccountController", "AnnouncementsController", "SitesController"]


def _app_id(application: AuthorizedApplication | int) -> int:
    if isinstance(application, AuthorizedApplication):
        app = application.application
        found = app.id if app is not None else None
        if found is None:
            raise InvalidParameterError(
                "this AuthorizedApplication names no application id (nothing was sent)"
            )
        return found
    return application


def _provider_id(authorization: ProviderAuthorization | int) -> int:
    if isinstance(authorization, ProviderAuthorization):
        if authorization.id is None:
            raise InvalidParameterError("this ProviderAuthorization has no id (nothing was sent)")
        return authorization.id
    return authorization


class AccountController(BaseController):
    """The signed-in account's connections, and what the site offers (v2 only)."""

    resource = "account"

    def authorized_applications(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[AuthorizedApplicationsSearchParams],
    ) -> AuthorizedApplicationsSearchPaginatorV2[AuthorizedApplication]:
        """The OAuth applications the signed-in user has authorized. Calls
        ``GET /v2/authorized_applications`` (needs credentials)."""
        return self._requester.paginate(
            AUTHORIZED_APPLICATIONS_V2,
            params,
            fields=fields,
            kind=AuthorizedApplicationsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("authorized_applications"),
        )

    def revoke_application(
        self, application: AuthorizedApplication | int, *, dry_run: bool | None = None
    ) -> None:
        """Revoke an application's access (a record of :meth:`authorized_applications` or the
        application's id). Calls ``DELETE /v2/authorized_applications/{id}``."""
        act_v2(
            self._requester,
            AUTHORIZED_APPLICATION_DELETE_V2,
            {"id": _app_id(application)},
            argument="application",
            dry_run=dry_run,
        )

    def provider_authorizations(
        self,
        *,
        fields: Selection[ProviderAuthorizationFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ProviderAuthorizationsSearchParams],
    ) -> ProviderAuthorizationsSearchPaginatorV2[ProviderAuthorization]:
        """The accounts of other providers (Google, Apple...) linked to the signed-in user's.
        Calls ``GET /v2/provider_authorizations`` (needs credentials)."""
        return self._requester.paginate(
            PROVIDER_AUTHORIZATIONS_V2,
            params,
            fields=fields,
            kind=ProviderAuthorizationsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("provider_authorizations"),
        )

    def unlink_provider(
        self, authorization: ProviderAuthorization | int, *, dry_run: bool | None = None
    ) -> None:
        """Unlink another provider's account. Calls
        ``DELETE /v2/provider_authorizations/{id}``."""
        act_v2(
            self._requester,
            PROVIDER_AUTHORIZATION_DELETE_V2,
            {"id": _provider_id(authorization)},
            argument="authorization",
            dry_run=dry_run,
        )

    def locales(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TranslationsLocalesParams],
    ) -> TranslationsLocalesPaginatorV2[Locale]:
        """The locales the site is translated into. Calls ``GET /v2/translations/locales``."""
        return self._requester.paginate(
            TRANSLATIONS_LOCALES_V2,
            params,
            fields=fields,
            kind=TranslationsLocalesPaginatorV2,
            dry_run=dry_run,
            where=self._caller("locales"),
        )

    def ping(self, *, dry_run: bool | None = None) -> ServerStatus:
        """Whether the API is up (``status == "available"``). Calls ``GET /v2/ping``; never
        cached."""
        return self._requester.object_v2(PING_V2, dry_run=dry_run, where=self._caller("ping"))


class AnnouncementsController(BaseController):
    """Site announcements for the signed-in user (v2 only)."""

    resource = "announcements"

    def search(
        self,
        *,
        fields: Selection[AnnouncementFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[AnnouncementsSearchParams],
    ) -> AnnouncementsSearchPaginatorV2[Announcement]:
        """Announcements that apply (to the signed-in user, their locale, a placement). Calls
        ``GET /v2/announcements``."""
        return self._requester.paginate(
            ANNOUNCEMENTS_V2,
            params,
            fields=fields,
            kind=AnnouncementsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def dismiss(self, announcement: Announcement | int, *, dry_run: bool | None = None) -> None:
        """Dismiss a dismissible announcement (a model or its id). Calls
        ``PUT /v2/announcements/{id}/dismiss``."""
        key = announcement.id if isinstance(announcement, Announcement) else announcement
        if key is None:
            raise InvalidParameterError("this Announcement has no id (nothing was sent)")
        act_v2(
            self._requester,
            ANNOUNCEMENT_DISMISS_V2,
            {"id": key},
            argument="announcement",
            dry_run=dry_run,
        )


class SitesController(BaseController):
    """The sites of the iNaturalist Network (v2 only)."""

    resource = "sites"

    def all(self, *, dry_run: bool | None = None) -> SitesSearchPaginatorV2[Site]:
        """Every site of the network (iNaturalist, iNaturalist.ca, Naturalista...). Calls
        ``GET /v2/sites``."""
        return self._requester.paginate(
            SITES_V2, {}, kind=SitesSearchPaginatorV2, dry_run=dry_run, where=self._caller("all")
        )
