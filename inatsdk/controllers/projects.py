"""``client.projects``: search, look up and autocomplete projects; their members, and the
signed-in user's membership and subscriptions; join, leave, subscribe, add and remove
observations; create, save and delete projects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_record,
    delete_record,
    parse_record,
    record_id,
    send_write,
    update_record,
)
from inatsdk.controllers._writes_v2 import act_v2, update_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    PROJECT_ADD_OBSERVATION,
    PROJECT_CREATE,
    PROJECT_DELETE,
    PROJECT_JOIN,
    PROJECT_JOIN_V2,
    PROJECT_LEAVE,
    PROJECT_LEAVE_V2,
    PROJECT_REMOVE_OBSERVATION,
    PROJECT_SUBSCRIBE,
    PROJECT_UPDATE,
    PROJECT_USER_UPDATE_V2,
    PROJECTS_AUTOCOMPLETE,
    PROJECTS_GET,
    PROJECTS_MEMBERS,
    PROJECTS_MEMBERSHIP,
    PROJECTS_MEMBERSHIP_V2,
    PROJECTS_POSTS_V2,
    PROJECTS_SEARCH,
    PROJECTS_SUBSCRIPTIONS,
)
from inatsdk.envelope import parse_records, records_of
from inatsdk.errors import InvalidParameterError
from inatsdk.models import (
    Observation,
    Post,
    Project,
    ProjectObservation,
    ProjectSubscription,
    ProjectUser,
)
from inatsdk.params.paginators import (
    ProjectsAutocompletePaginator,
    ProjectsMembersPaginator,
    ProjectsPostsPaginatorV2,
    ProjectsSearchPaginator,
)
from inatsdk.requester import key_of, keys_of

if TYPE_CHECKING:
    from inatsdk.params.v1 import (
        ProjectsAutocompleteParams,
        ProjectsGetParams,
        ProjectsMembershipParams,
        ProjectsMembersParams,
        ProjectsSearchParams,
        ProjectsSubscriptionsParams,
    )
    from inatsdk.params.v2 import PostFieldName, ProjectUserFieldName, Selection
    from inatsdk.params.v2 import ProjectsPostsParams as ProjectsPostsParamsV2

__all__ = ["PROJECT_WRITES", "ProjectsController"]

#: How projects are written (undocumented upstream): ``{"project": {...}}`` with the
#: attributes below; everything else (rules, members, icons, features) is read-only here.
PROJECT_WRITES = WriteSpec(
    model=Project,
    root="project",
    fields=(
        Field("title"),
        Field("description"),
        Field("project_type"),
        Field("place_id"),
        Field("terms"),
        Field("banner_color"),
        Field("hide_title"),
        Field("header_image_contain"),
        Field("prefers_user_trust"),
    ),
    required=("title",),
)


def _observation_body(observation: Observation | int, where: str) -> dict[str, Any]:
    ident = key_of(
        record_id(observation, "observation"), argument="observation", where=where, uuids=False
    )
    return {"observation_id": int(ident)}


def _descending_only(where: str) -> Callable[[Mapping[str, object]], None]:
    """A check for endpoints with ``order_by`` but no ``order`` (they always sort descending):
    ``order="asc"`` is refused before sending, saying why (it runs before the spec check, which
    knows no ``order`` here at all)."""

    def check(params: Mapping[str, object]) -> None:
        order = params.get("order")
        if order is not None and order != "desc":
            raise InvalidParameterError(
                f"{where} sorts in one direction only (the API has no 'order' parameter "
                f"here): order={order!r} cannot be honoured"
            )

    return check


#: ``{"project_user": {...}}``: a member's preferences in a project (v2).
PROJECT_USER_WRITES_V2 = WriteSpec(
    model=ProjectUser,
    root="project_user",
    fields=(Field("prefers_curator_coordinate_access_for"), Field("prefers_updates")),
)


class ProjectsController(BaseController):
    """Projects: collections of observations, their members and settings."""

    resource = "projects"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[ProjectsSearchParams]
    ) -> ProjectsSearchPaginator[Project]:
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
        return self._requester.paginate(
            PROJECTS_SEARCH,
            params,
            dry_run=dry_run,
            extra_check=_descending_only(self._caller("search")),
            kind=ProjectsSearchPaginator,
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
        # ``get`` has no v2 twin (only ``get_many`` does): it calls v1 whatever the client's
        # API version.
        return self._requester.evolve(api_version="v1").lookup(
            PROJECTS_GET,
            project,
            params,
            dry_run=dry_run,
            label="project",
            argument="project",
            where=self._caller("get"),
        )

    def refresh(self, project: Project, *, dry_run: bool | None = None) -> Project:
        """Reload ``project`` in place (one ``GET /v1/projects/{id}``, by id or else slug) and
        return it. In dry-run nothing is sent and it is left as it is."""
        return self._refresh(
            project,
            Project,
            PROJECTS_GET,
            lambda key: self.get(key, dry_run=dry_run),
            dry_run=dry_run,
            keys=("id", "slug"),
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
        return self._requester.lookup_many(
            PROJECTS_GET,
            project_ids,
            params,
            dry_run=dry_run,
            argument="project_ids",
            where=self._caller("get_many"),
        )

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[ProjectsAutocompleteParams]
    ) -> ProjectsAutocompletePaginator[Project]:
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
        return self._requester.paginate(
            PROJECTS_AUTOCOMPLETE, params, dry_run=dry_run, kind=ProjectsAutocompletePaginator
        )

    def members(
        self,
        project: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsMembersParams],
    ) -> ProjectsMembersPaginator[ProjectUser]:
        """A project's members (each a :class:`~inatsdk.models.ProjectUser` with its ``user``),
        most observations first. Calls ``GET /v1/projects/{id}/members`` (up to 100 per
        page).

        ``role="manager"`` or ``role="curator"`` keeps those (the owner counts as both). The API
        answers HTTP 422 (a :class:`~inatsdk.errors.ValidationError`) for a project that does
        not exist.

        Example::

            managers = client.projects.members(8291, role="manager").all()
        """
        return self._requester.paginate(
            PROJECTS_MEMBERS,
            params,
            dry_run=dry_run,
            path={"id": project},
            arguments={"id": "project"},
            kind=ProjectsMembersPaginator,
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
        where = self._caller("membership")
        self._requester.check(PROJECTS_MEMBERSHIP, params, where=where)
        # One id, or a collection of them (a string is refused, not taken as its characters).
        ids: list[int | str] = (
            [project_ids]
            if isinstance(project_ids, int)
            else keys_of(project_ids, argument="project_ids", where=where, uuids=False)
        )
        if not ids:
            return []
        response = self._requester.get(
            PROJECTS_MEMBERSHIP,
            params,
            path={"id": ids},
            dry_run=dry_run,
            where=where,
            arguments={"id": "project_ids"},
            checked=True,
        )
        return parse_records(ProjectUser.from_json, records_of(response), url=response.url)

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
        response = self._requester.get(
            PROJECTS_SUBSCRIPTIONS,
            params,
            path={"id": project_id},
            dry_run=dry_run,
            arguments={"id": "project_id"},
        )
        return parse_records(ProjectSubscription.from_json, records_of(response), url=response.url)

    # --- writes (the signed-in user's) ------------------------------------------------------

    def join(self, project: Project | int, *, dry_run: bool | None = None) -> ProjectUser:
        """Join a project; returns the membership. Calls ``POST /v1/projects/{id}/join``
        (needs credentials).

        Joining a project you belong to returns your existing membership. In dry-run nothing
        is sent and the membership names only the project.

        Example::

            membership = client.projects.join(7325)
            membership.role   # None: a plain member
        """
        path_id = record_id(project, "project")
        response = send_write(
            self._requester,
            PROJECT_JOIN,
            None,
            path={"id": path_id},
            dry_run=dry_run,
            argument="project",
        )
        joined = parse_record(ProjectUser, response)
        if joined is not None:
            return joined
        # the path took it, so it is an id
        project_id = key_of(path_id, argument="project", where=self._caller("join"))
        return ProjectUser(project_id=int(project_id))

    def leave(self, project: Project | int, *, dry_run: bool | None = None) -> None:
        """Leave a project. Calls ``DELETE /v1/projects/{id}/leave`` (needs credentials).

        The API answers HTTP 422 (:class:`~inatsdk.errors.ValidationError`) when you are not
        a member, and to the project's owner, who cannot leave it.

        With ``api_version="v2"`` it calls :meth:`leave_v2`.
        """
        if self._requester.api_version == "v2":
            return self.leave_v2(project, dry_run=dry_run)
        send_write(
            self._requester,
            PROJECT_LEAVE,
            None,
            path={"id": record_id(project, "project")},
            dry_run=dry_run,
            argument="project",
        )

    def add_observation(
        self,
        project: Project | int,
        observation: Observation | int,
        *,
        dry_run: bool | None = None,
    ) -> ProjectObservation:
        """Add an observation to a traditional project; returns the new
        :class:`~inatsdk.models.ProjectObservation`. Calls ``POST /v1/projects/{id}/add``
        with ``{"observation_id": ...}`` (needs credentials).

        You may add your own observations; a project's managers and curators anyone's
        (:class:`~inatsdk.errors.ForbiddenError` otherwise). Collection and umbrella projects
        take no observations by hand, and an observation is in a project once (HTTP 422,
        :class:`~inatsdk.errors.ValidationError`). In dry-run nothing is sent and the result
        names the project and the observation. Same as
        ``client.project_observations.create(...)``.
        """
        path_id = record_id(project, "project")
        body = _observation_body(observation, self._caller("add_observation"))
        response = send_write(
            self._requester,
            PROJECT_ADD_OBSERVATION,
            body,
            path={"id": path_id},
            dry_run=dry_run,
            argument="project",
        )
        added = parse_record(ProjectObservation, response)
        if added is not None:
            return added
        project_id = int(key_of(path_id, argument="project", where=self._caller("add_observation")))
        return ProjectObservation(project_id=project_id, observation_id=body["observation_id"])

    def remove_observation(
        self,
        project: Project | int,
        observation: Observation | int,
        *,
        dry_run: bool | None = None,
    ) -> None:
        """Remove an observation from a project. Calls ``DELETE /v1/projects/{id}/remove``
        with ``{"observation_id": ...}`` (needs credentials).

        The observer, whoever added it and the project's curators may remove it
        (:class:`~inatsdk.errors.ForbiddenError` otherwise);
        :class:`~inatsdk.errors.NotFoundError` when it is not in the project.
        """
        send_write(
            self._requester,
            PROJECT_REMOVE_OBSERVATION,
            _observation_body(observation, self._caller("remove_observation")),
            path={"id": record_id(project, "project")},
            dry_run=dry_run,
            argument="project",
        )

    def subscribe(self, project: Project | int, *, dry_run: bool | None = None) -> bool:
        """Subscribe to a project's updates (news and journal posts). Calls
        ``POST /v1/subscriptions/project/{id}/subscribe``; returns whether it was sent.

        The API only toggles a subscription, so this reads
        :meth:`subscriptions` first (bypassing the cache) and sends the toggle only when you
        are not subscribed yet: False means you already were. In dry-run the state cannot
        be read, so the toggle is logged as if you were not subscribed. Needs credentials.
        """
        return self._set_subscription(project, True, dry_run)

    def unsubscribe(self, project: Project | int, *, dry_run: bool | None = None) -> bool:
        """End your subscription to a project's updates. Calls
        ``POST /v1/subscriptions/project/{id}/subscribe`` (the API's toggle) only when you
        are subscribed; returns whether it was sent (False: you were not subscribed).

        Reads :meth:`subscriptions` first, bypassing the cache. In dry-run the state cannot be
        read, so the toggle is logged as if you were subscribed. Needs credentials.
        """
        return self._set_subscription(project, False, dry_run)

    def _set_subscription(self, project: Project | int, wanted: bool, dry_run: bool | None) -> bool:
        path_id = record_id(project, "project")
        where = self._caller("subscribe" if wanted else "unsubscribe")
        # The subscription state is private and changes with every toggle: read past the cache.
        state = self._requester.without_cache().get(
            PROJECTS_SUBSCRIPTIONS,
            {},
            path={"id": path_id},
            dry_run=dry_run,
            where=where,
            arguments={"id": "project"},
        )
        if not state.dry_run and bool(records_of(state)) == wanted:
            return False
        send_write(
            self._requester,
            PROJECT_SUBSCRIBE,
            None,
            path={"id": path_id},
            dry_run=dry_run,
            argument="project",
        )
        return True

    def create(self, project: Project, *, dry_run: bool | None = None) -> Project:
        """Create a project; returns the server's version (you are its owner and first
        manager). Calls ``POST /v1/projects``, undocumented upstream (the website's own
        route; it may change without notice).

        Sends the attributes in :data:`PROJECT_WRITES` that are set; ``title`` is required
        and must be unique (HTTP 422, :class:`~inatsdk.errors.ValidationError`). In dry-run
        nothing is sent and the result is built from the body that would have been sent.

        Example::

            project = client.projects.create(Project(title="Moss Walks", project_type=""))
        """
        return create_record(
            self._requester, PROJECT_CREATE, PROJECT_WRITES, project, dry_run=dry_run
        )

    def save(self, project: Project, *, dry_run: bool | None = None) -> Project:
        """Save the changes made to a project; returns the server's version. Calls
        ``PUT /v1/projects/{id}``, undocumented upstream, with only the attributes changed
        since the project was loaded; a new project (no id) is created instead.

        Nothing is sent when nothing changed; changing what cannot be saved here raises
        :class:`~inatsdk.errors.InvalidParameterError` before sending. Only the project's
        managers may edit it (:class:`~inatsdk.errors.ForbiddenError` otherwise).

        Example::

            project = client.projects.get(7325)
            project.description = "Birds seen from a backyard."
            project = client.projects.save(project)   # PUT {"project": {"description": ...}}
        """
        if project.is_new:
            return self.create(project, dry_run=dry_run)
        return update_record(
            self._requester, PROJECT_UPDATE, PROJECT_WRITES, project, dry_run=dry_run
        )

    def delete(self, project: Project | int, *, dry_run: bool | None = None) -> None:
        """Delete a project, given as a model or an id. Calls ``DELETE /v1/projects/{id}``,
        undocumented upstream; only its owner may (:class:`~inatsdk.errors.ForbiddenError`
        otherwise)."""
        delete_record(
            self._requester,
            PROJECT_DELETE,
            record_id(project, "project"),
            dry_run=dry_run,
            argument="project",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def membership_v2(
        self,
        project_id: int,
        *,
        fields: Selection[ProjectUserFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> list[ProjectUser]:
        """The signed-in user's membership of a project (empty when not a member). Calls
        ``GET /v2/projects/{id}/membership`` (needs credentials)."""
        return self._requester.paginate(
            PROJECTS_MEMBERSHIP_V2,
            {},
            path={"id": project_id},
            fields=fields,
            dry_run=dry_run,
            where=self._caller("membership_v2"),
            arguments={"id": "project_id"},
        ).all()

    def posts(
        self,
        project_id: int,
        *,
        fields: Selection[PostFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ProjectsPostsParamsV2],
    ) -> ProjectsPostsPaginatorV2[Post]:
        """A project's journal posts. Calls ``GET /v2/projects/{id}/posts``."""
        return self._requester.paginate(
            PROJECTS_POSTS_V2,
            params,
            path={"id": project_id},
            fields=fields,
            kind=ProjectsPostsPaginatorV2,
            dry_run=dry_run,
            where=self._caller("posts"),
            arguments={"id": "project_id"},
        )

    def join_v2(self, project: Project | int, *, dry_run: bool | None = None) -> None:
        """Join a project. Calls ``POST /v2/projects/{id}/membership``."""
        act_v2(
            self._requester,
            PROJECT_JOIN_V2,
            {"id": record_id(project, "project")},
            argument="project",
            dry_run=dry_run,
        )

    def leave_v2(self, project: Project | int, *, dry_run: bool | None = None) -> None:
        """Leave a project. Calls ``DELETE /v2/projects/{id}/membership``."""
        act_v2(
            self._requester,
            PROJECT_LEAVE_V2,
            {"id": record_id(project, "project")},
            argument="project",
            dry_run=dry_run,
        )

    def save_membership(
        self, membership: ProjectUser, *, dry_run: bool | None = None
    ) -> ProjectUser:
        """Save your changed preferences as a project member
        (``prefers_curator_coordinate_access_for``, ``prefers_updates``). Calls
        ``PUT /v2/project_users/{id}``; nothing is sent when nothing changed."""
        return update_v2(
            self._requester,
            PROJECT_USER_UPDATE_V2,
            PROJECT_USER_WRITES_V2,
            membership,
            record_id(membership, "membership"),
            placeholder="id",
            dry_run=dry_run,
        )
