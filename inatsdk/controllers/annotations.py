"""``client.annotations``: the signed-in user's annotations of observations (Life Stage: Adult,
Sex: Female...), and votes on anyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    create_record,
    delete_record,
    parse_record,
    record_id,
    send_write,
)
from inatsdk.controllers._writes_v2 import act_v2, create_v2, delete_v2, uuid_of
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    ANNOTATION_CREATE,
    ANNOTATION_CREATE_V2,
    ANNOTATION_DELETE,
    ANNOTATION_DELETE_V2,
    ANNOTATION_UNVOTE,
    ANNOTATION_UNVOTE_V2,
    ANNOTATION_VOTE,
    ANNOTATION_VOTE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Annotation

if TYPE_CHECKING:
    from inatsdk.models import Observation

__all__ = ["ANNOTATION_WRITES", "AnnotationsController"]


def _id_of(record: object) -> object:
    return getattr(record, "id", None)


#: How annotations are written: ``{"annotation": {"resource_type": "Observation", "resource_id",
#: "controlled_attribute_id", "controlled_value_id"}}``. The API cannot change an annotation:
#: delete it and add another.
ANNOTATION_WRITES = WriteSpec(
    model=Annotation,
    root="annotation",
    fields=(
        Field("controlled_attribute_id", update=False),
        Field("controlled_attribute", key="controlled_attribute_id", encode=_id_of, update=False),
        Field("controlled_value_id", update=False),
        Field("controlled_value", key="controlled_value_id", encode=_id_of, update=False),
    ),
    required=("controlled_attribute_id", "controlled_value_id"),
)


#: v2 takes an annotation's body flat (no ``annotation`` root), the observation by UUID.
ANNOTATION_WRITES_V2 = attrs.evolve(ANNOTATION_WRITES, root=None)


class AnnotationsController(BaseController):
    """Annotations: add and delete your own, vote on anyone's.

    Annotations are read with their observations (``client.observations.get(id).annotations``);
    the attributes and values to choose from are in ``client.controlled_terms``. Annotations
    are named by UUID (those inside observations carry no id), or by id.
    """

    resource = "annotations"

    def create(
        self,
        annotation: Annotation,
        *,
        observation: Observation | int | None = None,
        dry_run: bool | None = None,
    ) -> Annotation:
        """Annotate an observation and return the server's version of the annotation. Calls
        ``POST /v1/annotations`` (needs credentials).

        ``controlled_attribute_id`` and ``controlled_value_id`` are required, and so is the
        observation (a model or an id; else ``resource_id`` in the annotation's ``extra``). In
        dry-run nothing is sent and the result is built from the body that would have been
        sent; a create is never sent twice.

        Example::

            adult = Annotation(controlled_attribute_id=1, controlled_value_id=2)  # Life Stage
            client.annotations.create(adult, observation=1234)
        """
        body = create_body(ANNOTATION_WRITES, annotation)
        record: dict[str, Any] = body["annotation"]
        resource: object
        if observation is None:
            resource = annotation.extra.get("resource_id")
        elif isinstance(observation, int):
            resource = observation
        else:
            resource = observation.id
        if not isinstance(resource, int) or isinstance(resource, bool) or resource <= 0:
            raise InvalidParameterError(
                "client.annotations.create() needs the observation: pass observation=<an "
                f"Observation or its id>, not {resource!r} (nothing was sent)"
            )
        record["resource_type"] = "Observation"
        record["resource_id"] = resource
        return create_record(
            self._requester,
            ANNOTATION_CREATE,
            ANNOTATION_WRITES,
            annotation,
            dry_run=dry_run,
            body=body,
        )

    def delete(self, annotation: Annotation | int | str, *, dry_run: bool | None = None) -> None:
        """Delete one of your annotations, given as a model, a UUID or an id. Calls
        ``DELETE /v1/annotations/{id}``."""
        delete_record(
            self._requester,
            ANNOTATION_DELETE,
            record_id(annotation, "annotation", uuid=True),
            dry_run=dry_run,
            argument="annotation",
        )

    def vote(
        self,
        annotation: Annotation | int | str,
        vote: Literal["up", "down"] = "up",
        *,
        dry_run: bool | None = None,
    ) -> Annotation | None:
        """Agree (``"up"``) or disagree (``"down"``) with an annotation; a second vote replaces
        the first. Calls ``POST /v1/votes/vote/annotation/{id}`` (needs credentials).

        Returns the annotation with its votes when the server answers with it; ``None`` when it
        answers nothing (and in dry-run, where nothing is sent).
        """
        if vote not in ("up", "down"):
            raise InvalidParameterError(f"vote must be 'up' or 'down', not {vote!r}")
        path_id = record_id(annotation, "annotation", uuid=True)
        response = send_write(
            self._requester,
            ANNOTATION_VOTE,
            {"vote": vote},
            path={"id": path_id},
            dry_run=dry_run,
            argument="annotation",
        )
        return parse_record(Annotation, response)

    def unvote(self, annotation: Annotation | int | str, *, dry_run: bool | None = None) -> None:
        """Take back your vote on an annotation. Calls
        ``DELETE /v1/votes/unvote/annotation/{id}`` (needs credentials)."""
        path_id = record_id(annotation, "annotation", uuid=True)
        send_write(
            self._requester,
            ANNOTATION_UNVOTE,
            None,
            path={"id": path_id},
            dry_run=dry_run,
            argument="annotation",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def create_v2(
        self,
        annotation: Annotation,
        *,
        observation: Observation | str,
        dry_run: bool | None = None,
    ) -> Annotation:
        """Annotate an observation named by UUID. Calls ``POST /v2/annotations`` (a flat
        body: ``resource_type``, ``resource_id``, ``controlled_attribute_id``,
        ``controlled_value_id``)."""
        body = dict(create_body(ANNOTATION_WRITES, annotation)["annotation"])
        body.update(resource_type="Observation", resource_id=uuid_of(observation, "observation"))
        return create_v2(
            self._requester,
            ANNOTATION_CREATE_V2,
            ANNOTATION_WRITES_V2,
            annotation,
            dry_run=dry_run,
            body=body,
        )

    def delete_v2(self, annotation: Annotation | str, *, dry_run: bool | None = None) -> None:
        """Delete one of your annotations (a model or its UUID). Calls
        ``DELETE /v2/annotations/{uuid}``."""
        delete_v2(
            self._requester,
            ANNOTATION_DELETE_V2,
            uuid_of(annotation, "annotation"),
            argument="annotation",
            dry_run=dry_run,
        )

    def vote_v2(self, annotation: Annotation | str, *, dry_run: bool | None = None) -> None:
        """Agree with an annotation. Calls ``POST /v2/annotations/{uuid}/vote``."""
        act_v2(
            self._requester,
            ANNOTATION_VOTE_V2,
            {"uuid": uuid_of(annotation, "annotation")},
            argument="annotation",
            dry_run=dry_run,
        )

    def unvote_v2(self, annotation: Annotation | str, *, dry_run: bool | None = None) -> None:
        """Take back your vote. Calls ``DELETE /v2/annotations/{uuid}/vote``."""
        act_v2(
            self._requester,
            ANNOTATION_UNVOTE_V2,
            {"uuid": uuid_of(annotation, "annotation")},
            argument="annotation",
            dry_run=dry_run,
        )
