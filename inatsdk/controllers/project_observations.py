"""``client.project_observations``: add observations to traditional projects, set the
observer's preferences for them, and take them out again."""

from __future__ import annotations

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    create_record,
    delete_record,
    record_id,
    update_record,
)
from inatsdk.controllers._writes_v2 import (
    create_v2,
    delete_v2,
    update_v2,
    uuid_of,
)
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    PROJECT_OBSERVATION_CREATE,
    PROJECT_OBSERVATION_CREATE_V2,
    PROJECT_OBSERVATION_DELETE,
    PROJECT_OBSERVATION_DELETE_V2,
    PROJECT_OBSERVATION_UPDATE,
    PROJECT_OBSERVATION_UPDATE_V2,
)
from inatsdk.models import Observation, ProjectObservation

__all__ = ["PROJECT_OBSERVATION_WRITES", "ProjectObservationsController"]


def _id_of(record: object) -> object:
    return getattr(record, "id", None)


def _curator_access(preferences: object) -> object:
    return getattr(preferences, "allows_curator_coordinate_access", None)


#: How project observations are written: ``{"project_observation": {"project_id",
#: "observation_id"}}`` to create one (the server reads the record under that key, as the v2
#: spec shows; the v1 spec draws the body flat), and ``{"project_observation":
#: {"prefers_curator_coordinate_access"}}`` (from :attr:`ProjectObservation.preferences`) to
#: save one.
PROJECT_OBSERVATION_WRITES = WriteSpec(
    model=ProjectObservation,
    root="project_observation",
    fields=(
        Field("project_id", update=False),
        Field("project", key="project_id", encode=_id_of, update=False),
        Field("observation_id", update=False),
        Field("preferences", key="prefers_curator_coordinate_access", encode=_curator_access),
    ),
    required=("project_id", "observation_id"),
)


#: v2 names the observation by UUID, added by the method (so it is not required here).
PROJECT_OBSERVATION_WRITES_V2 = WriteSpec(
    model=ProjectObservation,
    root="project_observation",
    fields=PROJECT_OBSERVATION_WRITES.fields,
    required=("project_id",),
)


class ProjectObservationsController(BaseController):
    """Project observations: an observation's membership of a traditional project.

    ``client.projects.add_observation(project, observation)`` and
    ``client.projects.remove_observation(...)`` do the same by project; the observations of a
    project are read with ``client.observations.search(project_id=...)``.
    """

    resource = "project_observations"

    def create(
        self, project_observation: ProjectObservation, *, dry_run: bool | None = None
    ) -> ProjectObservation:
        """Add an observation to a traditional project; returns the server's version. Calls
        ``POST /v1/project_observations`` (needs credentials).

        ``project_id`` (or ``project``) and ``observation_id`` are required. You may add your
        own observations; a project's managers and curators anyone's
        (:class:`~inatsdk.errors.ForbiddenError` otherwise); collection and umbrella
        projects take none by hand, and an observation is in a project once (HTTP 422,
        :class:`~inatsdk.errors.ValidationError`). In dry-run nothing is sent and the result
        is built from the body that would have been sent; a create is never sent twice.

        Example::

            po = client.project_observations.create(
                ProjectObservation(project_id=7325, observation_id=1234)
            )

        With ``api_version="v2"`` it calls :meth:`create_v2`, naming the observation by UUID
        (its own, or the one a small v2 read finds for ``observation_id``; see
        :ref:`v2-routing`).
        """
        named = project_observation.observation_id
        if (key := self._observation_on_v2(named, dry_run, "create")) is not None:
            return self.create_v2(project_observation, observation=key, dry_run=dry_run)
        return create_record(
            self._requester,
            PROJECT_OBSERVATION_CREATE,
            PROJECT_OBSERVATION_WRITES,
            project_observation,
            dry_run=dry_run,
        )

    def save(
        self, project_observation: ProjectObservation, *, dry_run: bool | None = None
    ) -> ProjectObservation:
        """Save the observer's preference for one of their observations in a project
        (whether the project's curators may see its true coordinates); returns the server's
        version. Calls ``PUT /v1/project_observations/{id}`` with only what changed since it
        was loaded; a new one (no id) is created instead.

        The preference is :attr:`ProjectObservation.preferences`
        (``allows_curator_coordinate_access``), sent as ``prefers_curator_coordinate_access``.
        Only the observer may change it (:class:`~inatsdk.errors.ForbiddenError` otherwise).

        Example::

            po.preferences = ProjectObservationPreferences(allows_curator_coordinate_access=True)
            po = client.project_observations.save(po)

        With ``api_version="v2"``, one with a ``uuid`` goes to :meth:`save_v2`.
        """
        if self._uuid_on_v2(project_observation) is not None:
            return self.save_v2(project_observation, dry_run=dry_run)
        if project_observation.is_new:
            return self.create(project_observation, dry_run=dry_run)
        return update_record(
            self._requester,
            PROJECT_OBSERVATION_UPDATE,
            PROJECT_OBSERVATION_WRITES,
            project_observation,
            dry_run=dry_run,
        )

    def delete(
        self, project_observation: ProjectObservation | int, *, dry_run: bool | None = None
    ) -> None:
        """Take an observation out of a project, given the project observation (a model or
        its id). Calls ``DELETE /v1/project_observations/{id}``; the observer, whoever added
        it and the project's curators may (:class:`~inatsdk.errors.ForbiddenError`
        otherwise). With ``api_version="v2"``, one named by UUID goes to :meth:`delete_v2`."""
        if (key := self._uuid_on_v2(project_observation)) is not None:
            return self.delete_v2(key, dry_run=dry_run)
        path_id = record_id(project_observation, "project observation")
        delete_record(
            self._requester,
            PROJECT_OBSERVATION_DELETE,
            path_id,
            dry_run=dry_run,
            argument="project_observation",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def create_v2(
        self,
        project_observation: ProjectObservation,
        *,
        observation: Observation | str,
        dry_run: bool | None = None,
    ) -> ProjectObservation:
        """Add an observation (named by UUID) to a traditional project. Calls
        ``POST /v2/project_observations``."""
        body = create_body(PROJECT_OBSERVATION_WRITES_V2, project_observation)
        body["project_observation"]["observation_id"] = uuid_of(observation, "observation")
        return create_v2(
            self._requester,
            PROJECT_OBSERVATION_CREATE_V2,
            PROJECT_OBSERVATION_WRITES_V2,
            project_observation,
            dry_run=dry_run,
            body=body,
        )

    def save_v2(
        self, project_observation: ProjectObservation, *, dry_run: bool | None = None
    ) -> ProjectObservation:
        """Save the observer's changed preferences, by UUID. Calls
        ``PUT /v2/project_observations/{uuid}``."""
        return update_v2(
            self._requester,
            PROJECT_OBSERVATION_UPDATE_V2,
            PROJECT_OBSERVATION_WRITES,
            project_observation,
            uuid_of(project_observation, "project observation"),
            dry_run=dry_run,
        )

    def delete_v2(
        self, project_observation: ProjectObservation | str, *, dry_run: bool | None = None
    ) -> None:
        """Take an observation out of a project (the record or its UUID). Calls
        ``DELETE /v2/project_observations/{uuid}``."""
        delete_v2(
            self._requester,
            PROJECT_OBSERVATION_DELETE_V2,
            uuid_of(project_observation, "project observation"),
            argument="project_observation",
            dry_run=dry_run,
        )
