"""Observation fields (user-defined data fields) and their values on observations."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.taxon import Taxon
from inatsdk.models.user import User

__all__ = ["ObservationField", "ObservationFieldValue"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationField(BaseModel):
    """The definition of an observation field."""

    id: int | None = None
    uuid: str | None = None
    name: str | None = None
    datatype: str | None = None
    """``"text"``, ``"numeric"``, ``"date"``, ``"time"``, ``"datetime"``, ``"taxon"``, ``"dna"``..."""
    description: str | None = None
    allowed_values: str | None = None
    """Allowed values separated by ``|``, if the field restricts them."""
    name_autocomplete: str | None = None
    description_autocomplete: str | None = None
    users_count: int | None = None
    values_count: int | None = None
    user_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name", "datatype")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ObservationFieldValue(BaseModel):
    """The value of one observation field on one observation (``Observation.ofvs``)."""

    id: int | None = None
    uuid: str | None = None
    field_id: int | None = None
    name: str | None = None
    """The field's name."""
    name_ci: str | None = None
    datatype: str | None = None
    value: str | int | float | bool | None = None
    """The value, as the API sends it (usually a string, whatever the datatype)."""
    value_ci: str | int | float | bool | None = None
    observation_field: ObservationField | None = None
    taxon_id: int | str | None = None
    """For ``"taxon"`` fields: the taxon id (the API sends it as a string)."""
    taxon: Taxon | None = None
    """For ``"taxon"`` fields: the taxon."""
    user_id: int | None = None
    user: User | None = None
    updater_id: int | None = None
    updater: User | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("name", "value")
