"""``client.projects``: search, look up and autocomplete projects; their members, and the
signed-in user's membership and subscriptions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._keyed import KeyedController
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Project, ProjectSubscription, ProjectUser
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import (
        ProjectsAutocompleteParams,
        ProjectsGetParams,
        ProjectsMembershipParams,
        ProjectsMembersParams,
        ProjectsSearchParams,
        ProjectsSubscriptionsParams,
    )

__all__ = ["ProjectsController"]


class ProjectsController(KeyedController):
    """Projects: collections of observations, their members and settings."""

    resource = "projects"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[ProjectsSearchParams]
    ) -> Paginator[Project]:
        """Search projects. Calls ``GET /v1/projects`` (up to 300 per page); nothing is sent
        until results are asked for.

        Pages are numbered (the API has no paging by id here), so iteration stops with a clear
        error at the API's 10,000-result window: narrow the query to go further. Every
        ``order_by`` sorts newest (or nearest, or most recently featured) first; the API has no
        ``order``, so ``.order_by(field, desc=False)`` is refused before sending.

        Example::

            for project in client.projects.search(q="bioblitz", type="collection").limit(10):
                print(project.title)
        """
        return self._paginate_at(
            "search", Project.from_json, "Project", params, dry_run=dry_run, descending_only=True
        )

    def get(
        self,
        project: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsGetParams],
    ) -> Project:
        """One project by id or slug. Calls ``GET /v1/projects/{id}``.

        ``rule_details=True`` adds the project's place and the taxa, places and users its rules
        name. Raises :class:`~inatsdk.errors.NotFoundError` when there is no such project.
        """
        return self._lookup(
            "get",
            project,
            Project.from_json,
            params,
            dry_run=dry_run,
            label="project",
            name_key="slug",
        )

    def get_many(
        self,
        project_ids: Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsGetParams],
    ) -> list[Project]:
        """Several projects by id, in the order given; unknown ids are left out.

        Calls ``GET /v1/projects/{id}`` with up to 30 ids per request: the API takes as many
        ids as its page size, 30 unless ``per_page`` is sent, which the spec does not declare.
        """
        return self._get_by_ids("get_many", project_ids, Project.from_json, params, dry_run=dry_run)

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[ProjectsAutocompleteParams]
    ) -> Paginator[Project]:
        """Projects whose titles start with ``q``, the most popular first; or, with
        ``member_id`` and no ``q``, that user's projects by title. Calls
        ``GET /v1/projects/autocomplete``.

        The API answers one page of at most 300 projects: iteration stops there, and
        :meth:`~inatsdk.paginator.Paginator.count` says how many can be fetched.

        Example::

            client.projects.autocomplete(q="city nature").first()
        """
        if not params.get("q") and params.get("member_id") is None:
            raise InvalidParameterError(
                "client.projects.autocomplete() needs q='the start of a title' or member_id=..."
            )
        return self._paginate_at(
            "autocomplete", Project.from_json, "Project", params, dry_run=dry_run
        )

    def members(
        self,
        project: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsMembersParams],
    ) -> Paginator[ProjectUser]:
        """A project's members (each a :class:`~inatsdk.models.ProjectUser` with its ``user``),
        most observations first. Calls ``GET /v1/projects/{id}/members`` (up to 100 per
        page).

        ``role="manager"`` or ``role="curator"`` keeps those (the owner counts as both). The API
        answers HTTP 422 (a :class:`~inatsdk.errors.ValidationError`) for a project that does
        not exist.

        Example::

            managers = client.projects.members(8291, role="manager").all()
        """
        return self._paginate_at(
            "members",
            ProjectUser.from_json,
            "ProjectUser",
            params,
            dry_run=dry_run,
            key=project,
            what="a project",
        )

    def membership(
        self,
        project_ids: int | Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsMembershipParams],
    ) -> list[ProjectUser]:
        """The signed-in user's memberships of these projects (one per project they belong
        to; none for the others). Calls ``GET /v1/projects/{id}/membership``, all ids in one
        request.

        Each membership carries its ``role`` and the member's settings
        (``prefers_curator_coordinate_access_for``, ``prefers_updates``). Needs credentials;
        in dry-run nothing is sent and the list is empty.
        """
        ids = [project_ids] if isinstance(project_ids, int) else project_ids
        return self._list_at(
            "membership", ids, ProjectUser.from_json, params, dry_run=dry_run, auth="required"
        )

    def subscriptions(
        self,
        project_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsSubscriptionsParams],
    ) -> list[ProjectSubscription]:
        """The signed-in user's subscriptions to a project's updates (empty when not
        subscribed). Calls ``GET /v1/projects/{id}/subscriptions``.

        Needs credentials; in dry-run nothing is sent and the list is empty.
        """
        return self._list_at(
            "subscriptions",
            [project_id],
            ProjectSubscription.from_json,
            params,
            dry_run=dry_run,
            auth="required",
        )
