"""Annotations: controlled attribute/value pairs on observations (e.g. Sex: Female)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.controlled_term import ControlledTerm
from inatsdk.models.user import User
from inatsdk.models.vote import Vote

__all__ = ["Annotation"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Annotation(BaseModel):
    """An annotation of an observation, with the votes on it."""

    id: int | None = None
    uuid: str | None = None
    controlled_attribute_id: int | None = None
    controlled_attribute: ControlledTerm | None = None
    """The attribute, e.g. *Life Stage* (only when the response includes it)."""
    controlled_value_id: int | None = None
    controlled_value: ControlledTerm | None = None
    """The value, e.g. *Adult* (only when the response includes it)."""
    concatenated_attr_val: str | None = None
    """``"<attribute id>|<value id>"``."""
    vote_score: int | None = None
    votes: list[Vote] | None = None
    user_id: int | None = None
    user: User | None = None
    """Who added the annotation."""

    _repr_fields: ClassVar[tuple[str, ...]] = (
        "controlled_attribute_id",
        "controlled_value_id",
        "vote_score",
    )
