"""``client.users``: look up and autocomplete users, their projects, and the signed-in user;
save your profile, mute and block others, session settings."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, TypedDict

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    record_id,
    send_write,
    update_record,
)
from inatsdk.controllers._writes_v2 import act_v2, update_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    USER_BLOCK,
    USER_BLOCK_V2,
    USER_MUTE,
    USER_MUTE_V2,
    USER_RESEND_CONFIRMATION,
    USER_RESEND_CONFIRMATION_V2,
    USER_RESET_PASSWORD_V2,
    USER_UNBLOCK,
    USER_UNBLOCK_V2,
    USER_UNMUTE,
    USER_UNMUTE_V2,
    USER_UPDATE,
    USER_UPDATE_SESSION,
    USER_UPDATE_SESSION_V2,
    USER_UPDATE_V2,
    USERS_AUTOCOMPLETE,
    USERS_EMAIL_AVAILABLE_V2,
    USERS_GET,
    USERS_ME,
    USERS_ME_V2,
    USERS_NOTIFICATION_COUNTS_V2,
    USERS_POSTS_V2,
    USERS_PROJECTS,
    USERS_PROJECTS_V2,
    USERS_RECENT_OBSERVATION_FIELDS_V2,
    USERS_SEARCH_V2,
)
from inatsdk.envelope import parse_records, records_of
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.models import NotificationCounts, ObservationField, Post, Project, User
from inatsdk.params.paginators import (
    UsersAutocompletePaginator,
    UsersPostsPaginatorV2,
    UsersProjectsPaginator,
    UsersProjectsPaginatorV2,
    UsersRecentObservationFieldsPaginatorV2,
    UsersSearchPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.models.base import BaseModel
    from inatsdk.params.v1 import (
        UsersAutocompleteParams,
        UsersGetParams,
        UsersMeParams,
        UsersProjectsParams,
    )
    from inatsdk.params.v2 import (
        ObservationFieldFieldName,
        PostFieldName,
        ProjectFieldName,
        Selection,
        UserFieldName,
    )
    from inatsdk.params.v2 import UsersPostsParams as UsersPostsParamsV2
    from inatsdk.params.v2 import UsersProjectsParams as UsersProjectsParamsV2
    from inatsdk.params.v2 import UsersSearchParams as UsersSearchParamsV2

__all__ = ["USER_WRITES", "SessionPreferences", "UsersController"]

#: The attributes of :class:`~inatsdk.models.User` that ``PUT /users/{id}`` saves (those of the
#: API's ``UsersUpdate``); the rest are read-only. The icon needs a multipart upload and is
#: not sent.
_USER_FIELDS = (
    "login",
    "name",
    "email",
    "description",
    "locale",
    "time_zone",
    "place_id",
    "search_place_id",
    "site_id",
    "faved_project_ids",
    "pi_consent",
    "data_transfer_consent",
    "preferred_observation_fields_by",
    "preferred_project_addition_by",
    "preferred_observation_license",
    "preferred_photo_license",
    "preferred_sound_license",
    "prefers_automatic_taxonomic_changes",
    "prefers_comment_email_notification",
    "prefers_common_names",
    "prefers_community_taxa",
    "prefers_identification_email_notification",
    "prefers_mention_email_notification",
    "prefers_message_email_notification",
    "prefers_monthly_supporter_badge",
    "prefers_no_email",
    "prefers_no_tracking",
    "prefers_project_added_your_observation_email_notification",
    "prefers_project_curator_change_email_notification",
    "prefers_project_journal_post_email_notification",
    "prefers_receive_mentions",
    "prefers_redundant_identification_notifications",
    "prefers_scientific_name_first",
    "prefers_taxon_change_email_notification",
    "prefers_taxon_or_place_observation_email_notification",
    "prefers_user_observation_email_notification",
)

#: How a user's profile is saved: ``{"user": {...}}`` with the changed attributes.
USER_WRITES = WriteSpec(model=User, root="user", fields=tuple(Field(f) for f in _USER_FIELDS))


class SessionPreferences(TypedDict, total=False):
    """Settings of the website that last for a session (``PUT /v1/users/update_session``)."""

    preferred_taxon_page_ancestors_shown: bool
    """Whether taxon pages show the taxon's ancestors."""
    preferred_taxon_page_place_id: int
    """The place taxon pages are shown for."""
    preferred_taxon_page_tab: str
    """The tab taxon pages open on (``"map"``, ``"articles"``, ...)."""
    prefers_skip_coarer_id_modal: bool
    """Skip the dialog asking whether a coarser identification disagrees (spelled as the
    API spells it)."""
    prefers_hide_obs_show_annotations: bool
    """Collapse the annotations panel on observation pages."""
    prefers_hide_obs_show_projects: bool
    """Collapse the projects panel on observation pages."""
    prefers_hide_obs_show_tags: bool
    """Collapse the tags panel on observation pages."""
    prefers_hide_obs_show_observation_fields: bool
    """Collapse the observation fields panel on observation pages."""
    prefers_hide_obs_show_identifiers: bool
    """Collapse the identifiers panel on observation pages."""
    prefers_hide_obs_show_copyright: bool
    """Collapse the copyright panel on observation pages."""
    prefers_hide_obs_show_quality_metrics: bool
    """Collapse the data quality panel on observation pages."""


class UsersController(BaseController):
    """Users: observers, identifiers, and the signed-in user."""

    resource = "users"

    def get(
        self, user: int | str, *, dry_run: bool | None = None, **params: Unpack[UsersGetParams]
    ) -> User:
        """One user by id or login (``"kueda"``). Calls ``GET /v1/users/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such user.
        """
        return self._requester.lookup(
            USERS_GET,
            user,
            params,
            dry_run=dry_run,
            label="user",
            argument="user",
            where=self._caller("get"),
        )

    def refresh(self, user: User, *, dry_run: bool | None = None) -> User:
        """Reload ``user`` in place (one ``GET /v1/users/{id}``, by id or else login) and
        return it. In dry-run nothing is sent and it is left as it is."""
        return self._refresh(
            user,
            User,
            USERS_GET,
            lambda key: self.get(key, dry_run=dry_run),
            dry_run=dry_run,
            keys=("id", "login"),
        )

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[UsersAutocompleteParams]
    ) -> UsersAutocompletePaginator[User]:
        """Users whose login or name starts with ``q``; an exact login first, then the most
        active. Calls ``GET /v1/users/autocomplete``.

        The API answers one page of at most 100 users: iteration stops there, and
        :meth:`~inatsdk.paginator.Paginator.count` says how many can be fetched (at most 100).
        ``project_id`` keeps the members of one project.

        Example::

            client.users.autocomplete(q="kue").first()
        """
        if not params.get("q"):
            raise InvalidParameterError(
                "client.users.autocomplete() needs q='the start of a login or name'"
            )
        return self._requester.paginate(
            USERS_AUTOCOMPLETE, params, dry_run=dry_run, kind=UsersAutocompletePaginator
        )

    def projects(
        self,
        user: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[UsersProjectsParams],
    ) -> UsersProjectsPaginator[Project]:
        """The projects a user is a member of, by title. Calls
        ``GET /v1/users/{id}/projects`` (up to 100 per page).

        ``user`` is an id or a login. The API answers HTTP 422 (a
        :class:`~inatsdk.errors.ValidationError`) for a user that does not exist.

        Example::

            for project in client.users.projects(1, project_type="collection"):
                print(project.title)
        """
        return self._requester.paginate(
            USERS_PROJECTS,
            params,
            dry_run=dry_run,
            path={"id": user},
            arguments={"id": "user"},
            kind=UsersProjectsPaginator,
        )

    def me(self, *, dry_run: bool | None = None, **params: Unpack[UsersMeParams]) -> User:
        """The signed-in user, with what only they may see (e-mail, locale, time zone,
        notification settings, muted and blocked users). Calls ``GET /v1/users/me``.

        Needs credentials: raises :class:`~inatsdk.errors.AuthenticationError` without them.
        In dry-run nothing is sent and an empty :class:`~inatsdk.models.User` comes back.
        With ``api_version="v2"`` it calls :meth:`me_v2` (every field).
        """
        if self._requester.api_version == "v2" and not params:
            return self.me_v2(fields="all", dry_run=dry_run)
        response = self._requester.get(USERS_ME, params, dry_run=dry_run)
        if response.dry_run:
            return User()
        results = records_of(response)
        if not results:
            raise NotFoundError(
                "the API gave no user for these credentials",
                status=404,
                method="GET",
                url=response.url,
            )
        return parse_records(User.from_json, results[:1], url=response.url)[0]

    # --- writes (the signed-in user's own account) ------------------------------------------

    def save(self, user: User, *, dry_run: bool | None = None) -> User:
        """Save the changes made to your own profile and settings; returns it as
        :meth:`me` would. Calls ``PUT /v1/users/{id}`` with only the attributes changed since
        ``user`` was loaded (:data:`USER_WRITES` lists those that can be saved).

        Nothing is sent when nothing changed; changing what cannot be saved (counts, roles,
        privileges, muted users, ...) raises :class:`~inatsdk.errors.InvalidParameterError`
        before sending. Only you may change your profile
        (:class:`~inatsdk.errors.ForbiddenError` otherwise); a login already taken is HTTP
        422 (:class:`~inatsdk.errors.ValidationError`).

        Example::

            me = client.users.me()
            me.description = "Mostly mosses."
            me = client.users.save(me)   # PUT {"user": {"description": "Mostly mosses."}}

        With ``api_version="v2"`` it calls :meth:`save_v2`.
        """
        if self._requester.api_version == "v2" and user.id is not None:
            return self.save_v2(user, dry_run=dry_run)
        if user.id is None:
            raise InvalidParameterError(
                "client.users.save() saves an existing user (yours, from client.users.me()); "
                "this User has no id (nothing was sent)"
            )
        return update_record(self._requester, USER_UPDATE, USER_WRITES, user, dry_run=dry_run)

    def mute(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Stop receiving notifications about a user's activity. Calls
        ``POST /v1/users/{id}/mute``; they show in ``me().muted_user_ids``.
        :class:`~inatsdk.errors.NotFoundError` for an unknown user.

        With ``api_version="v2"`` it calls :meth:`mute_v2`.
        """
        if self._requester.api_version == "v2":
            return self.mute_v2(user, dry_run=dry_run)
        send_write(
            self._requester,
            USER_MUTE,
            None,
            path={"id": record_id(user, "user")},
            dry_run=dry_run,
            argument="user",
        )

    def unmute(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Undo :meth:`mute`. Calls ``DELETE /v1/users/{id}/mute``.

        With ``api_version="v2"`` it calls :meth:`unmute_v2`.
        """
        if self._requester.api_version == "v2":
            return self.unmute_v2(user, dry_run=dry_run)
        send_write(
            self._requester,
            USER_UNMUTE,
            None,
            path={"id": record_id(user, "user")},
            dry_run=dry_run,
            argument="user",
        )

    def block(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Block a user (they can no longer interact with you or your content). Calls
        ``POST /v1/users/{id}/block``, undocumented upstream; they show in
        ``me().blocked_user_ids``.

        With ``api_version="v2"`` it calls :meth:`block_v2`.
        """
        if self._requester.api_version == "v2":
            return self.block_v2(user, dry_run=dry_run)
        send_write(
            self._requester,
            USER_BLOCK,
            None,
            path={"id": record_id(user, "user")},
            dry_run=dry_run,
            argument="user",
        )

    def unblock(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Undo :meth:`block`. Calls ``DELETE /v1/users/{id}/block``, undocumented
        upstream.

        With ``api_version="v2"`` it calls :meth:`unblock_v2`.
        """
        if self._requester.api_version == "v2":
            return self.unblock_v2(user, dry_run=dry_run)
        send_write(
            self._requester,
            USER_UNBLOCK,
            None,
            path={"id": record_id(user, "user")},
            dry_run=dry_run,
            argument="user",
        )

    def resend_confirmation(self, *, dry_run: bool | None = None) -> None:
        """Ask for the e-mail that confirms your address to be sent again. Calls
        ``POST /v1/users/resend_confirmation`` (needs credentials).

        With ``api_version="v2"`` it calls :meth:`resend_confirmation_v2`.
        """
        if self._requester.api_version == "v2":
            return self.resend_confirmation_v2(dry_run=dry_run)
        send_write(self._requester, USER_RESEND_CONFIRMATION, None, dry_run=dry_run)

    def update_session(
        self, *, dry_run: bool | None = None, **preferences: Unpack[SessionPreferences]
    ) -> None:
        """Change settings of the website that last for your session (panels shown on
        observation pages, the taxon page's tab and place). Calls
        ``PUT /v1/users/update_session``; only useful to clients that drive the website.

        Example::

            client.users.update_session(prefers_hide_obs_show_identifiers=True)

        With ``api_version="v2"``, a change of ``prefers_hide_obs_show_identifiers`` alone (the
        one setting v2 takes) goes to :meth:`update_session_v2`.
        """
        allowed = SessionPreferences.__annotations__
        unknown = [name for name in preferences if name not in allowed]
        if unknown or not preferences:
            close = difflib.get_close_matches(unknown[0], allowed, n=1) if unknown else []
            raise InvalidParameterError(
                "client.users.update_session() "
                + (f"takes no {unknown[0]!r}" if unknown else "needs at least one setting")
                + (f" (did you mean {close[0]!r}?)" if close else "")
                + f"; it takes {', '.join(sorted(allowed))}"
            )
        hide = preferences.get("prefers_hide_obs_show_identifiers")
        if self._requester.api_version == "v2" and len(preferences) == 1 and hide is not None:
            return self.update_session_v2(prefers_hide_obs_show_identifiers=hide, dry_run=dry_run)
        send_write(self._requester, USER_UPDATE_SESSION, dict(preferences), dry_run=dry_run)

    # --- v2 -----------------------------------------------------------------------------------

    def search(
        self,
        *,
        fields: Selection[UserFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[UsersSearchParamsV2],
    ) -> UsersSearchPaginatorV2[User]:
        """Users matching the filters (``id``, ``q``...). Calls ``GET /v2/users``."""
        return self._requester.paginate(
            USERS_SEARCH_V2,
            params,
            fields=fields,
            kind=UsersSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def email_available(self, email: str, *, dry_run: bool | None = None) -> bool:
        """Whether ``email`` may be used for a new account. Calls
        ``GET /v2/users/email_available`` (needs an app or user token); False in dry-run."""
        found = self._requester.object_v2(
            USERS_EMAIL_AVAILABLE_V2,
            {"email": email},
            dry_run=dry_run,
            where=self._caller("email_available"),
        )
        return bool(found.available)

    def me_v2(
        self, *, fields: Selection[UserFieldName] | None = None, dry_run: bool | None = None
    ) -> User:
        """The signed-in user, on v2 (with ``fields`` a typed selection). Calls
        ``GET /v2/users/me``; an empty :class:`~inatsdk.models.User` in dry-run."""
        found = self._requester.without_cache().records_v2(
            USERS_ME_V2, fields=fields, dry_run=dry_run, where=self._caller("me_v2")
        )
        return found[0] if found else User()

    def notification_counts(self, *, dry_run: bool | None = None) -> NotificationCounts:
        """The signed-in user's unviewed updates and unread messages. Calls
        ``GET /v2/users/notification_counts``; never cached."""
        return self._requester.without_cache().object_v2(
            USERS_NOTIFICATION_COUNTS_V2,
            dry_run=dry_run,
            where=self._caller("notification_counts"),
        )

    def recent_observation_fields(
        self,
        *,
        fields: Selection[ObservationFieldFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> UsersRecentObservationFieldsPaginatorV2[ObservationField]:
        """The observation fields the signed-in user used lately. Calls
        ``GET /v2/users/recent_observation_fields``."""
        return self._requester.without_cache().paginate(
            USERS_RECENT_OBSERVATION_FIELDS_V2,
            {},
            fields=fields,
            kind=UsersRecentObservationFieldsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("recent_observation_fields"),
        )

    def posts(
        self,
        user: int | str,
        *,
        fields: Selection[PostFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[UsersPostsParamsV2],
    ) -> UsersPostsPaginatorV2[Post]:
        """A user's journal posts (by id or login). Calls ``GET /v2/users/{id}/posts``."""
        return self._requester.paginate(
            USERS_POSTS_V2,
            params,
            path={"id": user},
            fields=fields,
            kind=UsersPostsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("posts"),
            arguments={"id": "user"},
        )

    def projects_v2(
        self,
        user: int | str,
        *,
        fields: Selection[ProjectFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[UsersProjectsParamsV2],
    ) -> UsersProjectsPaginatorV2[Project]:
        """The projects a user (id or login) has joined, on v2. Calls
        ``GET /v2/users/{id}/projects``."""
        return self._requester.paginate(
            USERS_PROJECTS_V2,
            params,
            path={"id": user},
            fields=fields,
            kind=UsersProjectsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("projects_v2"),
            arguments={"id": "user"},
        )

    def save_v2(self, user: User, *, dry_run: bool | None = None) -> User:
        """Save your account's changes, on v2. Calls ``PUT /v2/users/{id}`` with only the
        attributes changed since it was loaded (those :data:`USER_WRITES` lists)."""
        return update_v2(
            self._requester,
            USER_UPDATE_V2,
            USER_WRITES,
            user,
            record_id(user, "user"),
            placeholder="id",
            dry_run=dry_run,
        )

    def _user_act_v2(
        self, op: Operation[BaseModel], user: User | int, dry_run: bool | None
    ) -> None:
        act_v2(
            self._requester,
            op,
            {"id": record_id(user, "user")},
            argument="user",
            dry_run=dry_run,
        )

    def block_v2(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Block a user. Calls ``POST /v2/users/{id}/block``."""
        self._user_act_v2(USER_BLOCK_V2, user, dry_run)

    def unblock_v2(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Unblock a user. Calls ``DELETE /v2/users/{id}/block``."""
        self._user_act_v2(USER_UNBLOCK_V2, user, dry_run)

    def mute_v2(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Mute a user. Calls ``POST /v2/users/{id}/mute``."""
        self._user_act_v2(USER_MUTE_V2, user, dry_run)

    def unmute_v2(self, user: User | int, *, dry_run: bool | None = None) -> None:
        """Unmute a user. Calls ``DELETE /v2/users/{id}/mute``."""
        self._user_act_v2(USER_UNMUTE_V2, user, dry_run)

    def resend_confirmation_v2(self, *, dry_run: bool | None = None) -> None:
        """Send the account's confirmation email again. Calls
        ``POST /v2/users/resend_confirmation``."""
        act_v2(self._requester, USER_RESEND_CONFIRMATION_V2, dry_run=dry_run)

    def reset_password(self, email: str, *, dry_run: bool | None = None) -> None:
        """Send a password-reset email to ``email``. Calls ``POST /v2/users/reset_password``
        (v2 only)."""
        act_v2(
            self._requester,
            USER_RESET_PASSWORD_V2,
            body={"user": {"email": email}},
            dry_run=dry_run,
        )

    def update_session_v2(
        self, *, prefers_hide_obs_show_identifiers: bool, dry_run: bool | None = None
    ) -> None:
        """Set a website session preference. Calls ``PUT /v2/users/update_session``."""
        act_v2(
            self._requester,
            USER_UPDATE_SESSION_V2,
            params={"prefers_hide_obs_show_identifiers": prefers_hide_obs_show_identifiers},
            dry_run=dry_run,
        )
