"""Controlled terms: the attributes and values used by annotations (e.g. Life Stage: Adult)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel

__all__ = ["ControlledTerm", "ControlledTermLabel"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ControlledTermLabel(BaseModel):
    """A translated label and definition of a controlled term."""

    id: int | None = None
    locale: str | None = None
    label: str | None = None
    definition: str | None = None
    valid_within_clade: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("locale", "label")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class ControlledTerm(BaseModel):
    """A controlled attribute (``is_value`` false, with ``values``) or one of its values."""

    id: int | None = None
    uuid: str | None = None
    label: str | None = None
    """The English label, e.g. ``"Life Stage"`` or ``"Adult"``."""
    labels: list[ControlledTermLabel] | None = None
    uri: str | None = None
    ontology_uri: str | None = None
    is_value: bool | None = None
    multivalued: bool | None = None
    """Whether an observation may carry several values of this attribute."""
    blocking: bool | None = None
    """Whether this value excludes the attribute's other values."""
    taxon_ids: list[int] | None = None
    """Taxa (and their descendants) this term applies to."""
    excepted_taxon_ids: list[int] | None = None
    valid_within_clade: int | None = None
    values: list[ControlledTerm] | None = None
    """The allowed values of an attribute."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "label")
