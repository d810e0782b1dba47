"""``client.users``: look up and autocomplete users, their projects, and the signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._keyed import KeyedController
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.models import Project, User
from inatsdk.paginator import Paginator
from inatsdk.params.encode import encode_params

if TYPE_CHECKING:
    from inatsdk.params.v1 import (
        UsersAutocompleteParams,
        UsersGetParams,
        UsersMeParams,
        UsersProjectsParams,
    )

__all__ = ["UsersController"]


class UsersController(KeyedController):
    """Users: observers, identifiers, and the signed-in user."""

    resource = "users"

    def get(
        self, user: int | str, *, dry_run: bool | None = None, **params: Unpack[UsersGetParams]
    ) -> User:
        """One user by id or login (``"kueda"``). Calls ``GET /v1/users/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such user.
        """
        return self._lookup(
            "get", user, User.from_json, params, dry_run=dry_run, label="user", name_key="login"
        )

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[UsersAutocompleteParams]
    ) -> Paginator[User]:
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
        return self._paginate_at("autocomplete", User.from_json, "User", params, dry_run=dry_run)

    def projects(
        self,
        user: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[UsersProjectsParams],
    ) -> Paginator[Project]:
        """The projects a user is a member of, by title. Calls
        ``GET /v1/users/{id}/projects`` (up to 100 per page).

        ``user`` is an id or a login. The API answers HTTP 422 (a
        :class:`~inatsdk.errors.ValidationError`) for a user that does not exist.

        Example::

            for project in client.users.projects(1, project_type="collection"):
                print(project.title)
        """
        return self._paginate_at(
            "projects",
            Project.from_json,
            "Project",
            params,
            dry_run=dry_run,
            key=user,
            what="a user",
        )

    def me(self, *, dry_run: bool | None = None, **params: Unpack[UsersMeParams]) -> User:
        """The signed-in user, with what only they may see (e-mail, locale, time zone,
        notification settings, muted and blocked users). Calls ``GET /v1/users/me``.

        Needs credentials: raises :class:`~inatsdk.errors.AuthenticationError` without them.
        In dry-run nothing is sent and an empty :class:`~inatsdk.models.User` comes back.
        """
        ep = self._endpoint("me")
        self._checker(ep, "me")(params)
        response = self._client._get(
            ep.version, ep.path, encode_params(params), dry_run=dry_run, auth="required"
        )
        if response.dry_run:
            return User()
        results = (response.json or {}).get("results") or []
        if not results:
            raise NotFoundError(
                "the API gave no user for these credentials",
                status=404,
                method="GET",
                url=response.url,
            )
        return User.from_json(results[0])
