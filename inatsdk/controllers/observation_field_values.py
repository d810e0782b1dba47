"""``client.observation_field_values``: the values of observation fields on observations."""

from __future__ import annotations

from typing import Any

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    delete_record,
    parse_record,
    record_id,
    send_write,
    update_body,
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
    OBSERVATION_FIELD_VALUE_CREATE,
    OBSERVATION_FIELD_VALUE_CREATE_V2,
    OBSERVATION_FIELD_VALUE_DELETE,
    OBSERVATION_FIELD_VALUE_DELETE_V2,
    OBSERVATION_FIELD_VALUE_UPDATE,
    OBSERVATION_FIELD_VALUE_UPDATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Observation, ObservationField, ObservationFieldValue
from inatsdk.requester import key_of

__all__ = ["OBSERVATION_FIELD_VALUE_WRITES", "ObservationFieldValuesController"]


def _field_id(field: ObservationField) -> int:
    if field.id is None:
        raise InvalidParameterError("ObservationFieldValue.observation_field has no id")
    return field.id


def _as_text(value: object) -> str:
    return (
        value
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


#: ``{"observation_field_value": {"observation_id", "observation_field_id", "value"}}``; only
#: the value can change afterwards.
OBSERVATION_FIELD_VALUE_WRITES = WriteSpec(
    model=ObservationFieldValue,
    root="observation_field_value",
    fields=(
        Field("field_id", key="observation_field_id", update=False),
        Field("observation_field", key="observation_field_id", encode=_field_id, update=False),
        Field("value", encode=_as_text),
    ),
    required=("observation_field_id", "value"),
)


class ObservationFieldValuesController(BaseController):
    """Values of observation fields (``Number of individuals: 3``) on observations: set,
    change, delete. They are read with their observations (``obs.ofvs``); the fields
    themselves are found with ``client.observation_fields.autocomplete``."""

    resource = "observation_field_values"

    def create(
        self,
        ofv: ObservationFieldValue,
        *,
        observation: Observation | int,
        dry_run: bool | None = None,
    ) -> ObservationFieldValue:
        """Give an observation a value for a field and return the server's record of it.
        Calls ``POST /v1/observation_field_values``.

        ``ofv`` names the field (``field_id``, or ``observation_field`` with an id) and the
        ``value`` (sent as text; the server checks it against the field's datatype and allowed
        values: :class:`~inatsdk.errors.ValidationError` otherwise). When the observation
        already has a value for that field, the API changes it instead of adding another.

        The server answers with the stored record: ``id``, ``uuid``, ``value``, ``user_id``,
        timestamps; it names the observation and the field ``observation_id`` and
        ``observation_field_id``, kept in ``extra``. In dry-run nothing is sent and the
        result is built from what would have been sent.

        Example::

            client.observation_field_values.create(
                ObservationFieldValue(field_id=1, value="3"), observation=1234
            )

        With ``api_version="v2"`` it calls :meth:`create_v2`, naming the observation by UUID
        (its own, or the one a small v2 read finds for its id; see :ref:`v2-routing`).
        """
        if (key := self._observation_on_v2(observation, dry_run, "create")) is not None:
            return self.create_v2(ofv, observation=key, dry_run=dry_run)
        body = create_body(OBSERVATION_FIELD_VALUE_WRITES, ofv)
        record: dict[str, Any] = body["observation_field_value"]
        observation_id = key_of(
            record_id(observation, "observation"),
            argument="observation",
            where=self._caller("create"),
            uuids=False,
        )
        body["observation_field_value"] = {"observation_id": observation_id, **record}
        response = send_write(
            self._requester, OBSERVATION_FIELD_VALUE_CREATE, body, dry_run=dry_run
        )
        created = parse_record(ObservationFieldValue, response)
        if created is not None:
            return created
        return ObservationFieldValue.from_json(
            {"field_id": record["observation_field_id"], "value": record["value"]}
        )

    def set(
        self,
        observation: Observation | int,
        field: ObservationField | int,
        value: str | int | float | bool,
        *,
        dry_run: bool | None = None,
    ) -> ObservationFieldValue:
        """Set an observation's value of a field (a new value, or the one it has changed):
        ``client.observation_field_values.set(1234, 1, 3)``. Calls
        ``POST /v1/observation_field_values``, as :meth:`create` does."""
        field_id = field.id if isinstance(field, ObservationField) else field
        if field_id is None:
            raise InvalidParameterError("this ObservationField has no id")
        draft = ObservationFieldValue(field_id=field_id, value=value)
        return self.create(draft, observation=observation, dry_run=dry_run)

    def save(
        self, ofv: ObservationFieldValue, *, dry_run: bool | None = None
    ) -> ObservationFieldValue:
        """Save a field value's new ``value`` and return the server's record. Calls
        ``PUT /v1/observation_field_values/{id}``.

        Works on the values an observation was read with (``obs.ofvs[0].value = "4"``).
        Sends nothing when the value did not change; other changes raise
        :class:`~inatsdk.errors.InvalidParameterError`. A new value (no id) must be created
        with :meth:`create`, which needs its observation.
        """
        if ofv.id is None:
            raise InvalidParameterError(
                "this ObservationFieldValue has no id: create it with "
                "client.observation_field_values.create(ofv, observation=...) (nothing was sent)"
            )
        return update_record(
            self._requester,
            OBSERVATION_FIELD_VALUE_UPDATE,
            OBSERVATION_FIELD_VALUE_WRITES,
            ofv,
            dry_run=dry_run,
        )

    def delete(self, ofv: ObservationFieldValue | int, *, dry_run: bool | None = None) -> None:
        """Delete a field value from one of your observations (only the observer may).
        Calls ``DELETE /v1/observation_field_values/{id}``; with ``api_version="v2"``, one
        with a ``uuid`` goes to :meth:`delete_v2`."""
        if (key := self._uuid_on_v2(ofv)) is not None:
            return self.delete_v2(key, dry_run=dry_run)
        delete_record(
            self._requester,
            OBSERVATION_FIELD_VALUE_DELETE,
            record_id(ofv, "observation field value"),
            dry_run=dry_run,
            argument="observation_field_value",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def create_v2(
        self,
        value: ObservationFieldValue,
        *,
        observation: Observation | str,
        dry_run: bool | None = None,
    ) -> ObservationFieldValue:
        """Set a field's value on an observation named by UUID. Calls
        ``POST /v2/observation_field_values``."""
        body = create_body(OBSERVATION_FIELD_VALUE_WRITES, value)
        body["observation_field_value"]["observation_id"] = uuid_of(observation, "observation")
        return create_v2(
            self._requester,
            OBSERVATION_FIELD_VALUE_CREATE_V2,
            OBSERVATION_FIELD_VALUE_WRITES,
            value,
            dry_run=dry_run,
            body=body,
        )

    def save_v2(
        self,
        value: ObservationFieldValue,
        *,
        observation: Observation | str | None = None,
        dry_run: bool | None = None,
    ) -> ObservationFieldValue:
        """Save a changed value, by UUID. Calls ``PUT /v2/observation_field_values/{uuid}``
        (v2 wants the observation's UUID too); nothing is sent when nothing changed."""
        key = uuid_of(value, "observation field value")
        if observation is None:
            raise InvalidParameterError(
                "save_v2() needs observation= (the observation's UUID: v2 names it in the "
                "body; nothing was sent)"
            )
        body = update_body(OBSERVATION_FIELD_VALUE_WRITES, value)
        if body is None:
            return value
        body["observation_field_value"]["observation_id"] = uuid_of(observation, "observation")
        return update_v2(
            self._requester,
            OBSERVATION_FIELD_VALUE_UPDATE_V2,
            OBSERVATION_FIELD_VALUE_WRITES,
            value,
            key,
            dry_run=dry_run,
            body=body,
        )

    def delete_v2(self, value: ObservationFieldValue | str, *, dry_run: bool | None = None) -> None:
        """Delete a field value (a model or its UUID). Calls
        ``DELETE /v2/observation_field_values/{uuid}``."""
        delete_v2(
            self._requester,
            OBSERVATION_FIELD_VALUE_DELETE_V2,
            uuid_of(value, "observation field value"),
            argument="value",
            dry_run=dry_run,
        )
