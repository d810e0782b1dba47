"""``client.annotations``: the signed-in user's annotations of observations (Life Stage: Adult,
Sex: Female...), and votes on anyone's."""

from __future__ import annotations

from typing import Any, Literal

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
from inatsdk.controllers._writes_v2 import (
    act_v2,
    create_v2,
    delete_v2,
    uuid_of,
)
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
from inatsdk.models import Annotation, ControlledTerm, Observation

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

    #: The controlled vocabulary, once a label was resolved (labels rarely change).
    _terms: list[ControlledTerm] | None = None

    def create(
        self,
        annotation: Annotation | Observation | int,
        *,
        observation: Observation | int | None = None,
        term: str | int | None = None,
        value: str | int | None = None,
        dry_run: bool | None = None,
    ) -> Annotation:
        """Annotate an observation and return the server's version of the annotation. Calls
        ``POST /v1/annotations`` (needs credentials).

        Two forms. By label (or id)::

            client.annotations.create(obs, term="Life Stage", value="Adult")

        where the first argument is the observation (a model or an id) and ``term``/``value``
        are labels (any locale the vocabulary lists, any case) or ids, resolved through
        ``client.controlled_terms.all()`` (one request, then remembered by this client); an
        unknown label raises :class:`~inatsdk.errors.InvalidParameterError` listing the valid
        ones, before anything is sent. Or with a model::

            adult = Annotation(controlled_attribute_id=1, controlled_value_id=2)  # Life Stage
            client.annotations.create(adult, observation=1234)

        where ``controlled_attribute_id`` and ``controlled_value_id`` are required, and so is
        the observation (a model or an id; else ``resource_id`` in the annotation's ``extra``).
        In dry-run nothing is sent and the result is built from the body that would have been
        sent; a create is never sent twice.

        With ``api_version="v2"`` it calls :meth:`create_v2`, naming the observation by UUID
        (its own, or the one a small v2 read finds for its id; see :ref:`v2-routing`).
        """
        if not isinstance(annotation, Annotation):
            if observation is not None:
                raise InvalidParameterError(
                    "client.annotations.create(): the observation is the first argument; "
                    "leave out observation= (nothing was sent)"
                )
            if term is None or value is None:
                raise InvalidParameterError(
                    "client.annotations.create(obs, term=..., value=...) needs both term and "
                    "value (labels such as 'Life Stage' and 'Adult', or ids; nothing was sent)"
                )
            attribute_id, value_id = self._resolve_labels(term, value)
            observation = annotation
            annotation = Annotation(
                controlled_attribute_id=attribute_id, controlled_value_id=value_id
            )
        elif term is not None or value is not None:
            raise InvalidParameterError(
                "client.annotations.create(): give term= and value= with an observation, not "
                "with an Annotation (nothing was sent)"
            )
        body = create_body(ANNOTATION_WRITES, annotation)
        record: dict[str, Any] = body["annotation"]
        resource: object
        if observation is None:
            resource = annotation.extra.get("resource_id")
        elif isinstance(observation, int):
            resource = observation
        else:
            resource = observation.id
        named = observation if isinstance(observation, Observation) else resource
        if (key := self._observation_on_v2(named, dry_run, "create")) is not None:
            return self.create_v2(annotation, observation=key, dry_run=dry_run)
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

    # --- labels ----------------------------------------------------------------------------

    def _vocabulary(self) -> list[ControlledTerm]:
        """Every controlled attribute with its values: one request, then remembered."""
        found = self._terms
        if found is None:
            from inatsdk.endpoints import CONTROLLED_TERMS

            found = self._requester.paginate(CONTROLLED_TERMS, {}, dry_run=False).all()
            self._terms = found
        return found

    def _resolve_labels(self, term: str | int, value: str | int) -> tuple[int, int]:
        """The ids of a controlled attribute and one of its values, given labels or ids."""
        where = "client.annotations.create()"
        attributes = [t for t in self._vocabulary() if not t.is_value]
        attribute = _match(term, attributes)
        if attribute is None or attribute.id is None:
            names = sorted({t.label for t in attributes if t.label})
            raise InvalidParameterError(
                f"{where}: term={term!r} is no controlled attribute; use one of "
                f"{', '.join(map(repr, names))} (nothing was sent)"
            )
        values = attribute.values or []
        chosen = _match(value, values)
        if chosen is None or chosen.id is None:
            names = sorted({v.label for v in values if v.label})
            raise InvalidParameterError(
                f"{where}: value={value!r} is not a value of {attribute.label!r}; use one of "
                f"{', '.join(map(repr, names))} (nothing was sent)"
            )
        return attribute.id, chosen.id

    def delete(self, annotation: Annotation | int | str, *, dry_run: bool | None = None) -> None:
        """Delete one of your annotations, given as a model, a UUID or an id. Calls
        ``DELETE /v1/annotations/{id}``; with ``api_version="v2"``, one named by UUID (a model
        with one, or the UUID) goes to :meth:`delete_v2`."""
        if (key := self._uuid_on_v2(annotation)) is not None:
            return self.delete_v2(key, dry_run=dry_run)
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

        With ``api_version="v2"``, an agreement with an annotation named by UUID goes to
        :meth:`vote_v2` (v2 has no disagreeing vote, so ``"down"`` stays on v1) and
        returns ``None``.
        """
        if vote not in ("up", "down"):
            raise InvalidParameterError(f"vote must be 'up' or 'down', not {vote!r}")
        if vote == "up" and (key := self._uuid_on_v2(annotation)) is not None:
            self.vote_v2(key, dry_run=dry_run)
            return None
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
        ``DELETE /v1/votes/unvote/annotation/{id}`` (needs credentials); with
        ``api_version="v2"``, one named by UUID goes to :meth:`unvote_v2`."""
        if (key := self._uuid_on_v2(annotation)) is not None:
            return self.unvote_v2(key, dry_run=dry_run)
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


def _labels(term: ControlledTerm) -> set[str]:
    found: set[str] = {term.label.casefold()} if term.label else set()
    found.update(x.label.casefold() for x in term.labels or [] if x.label)
    return found


def _match(given: str | int, terms: list[ControlledTerm]) -> ControlledTerm | None:
    """The term whose id is ``given``, or whose label (in any locale, any case) is."""
    if isinstance(given, int) and not isinstance(given, bool):
        return next((t for t in terms if t.id == given), None)
    if not isinstance(given, str):
        return None
    wanted = given.strip().casefold()
    return next((t for t in terms if wanted in _labels(t)), None)
