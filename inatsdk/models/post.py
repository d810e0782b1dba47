"""Journal posts (``/posts``): users' journals, project journals and site news."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.user import User

__all__ = ["Post", "PostParent"]


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class PostParent(BaseModel):
    """What a post belongs to, in brief: a user (``name``), a project (``title``) or a site."""

    id: int | None = None
    name: str | None = None
    """The user's (or site's) name, when the parent is one."""
    title: str | None = None
    """The project's title, when the parent is a project."""
    icon_url: str | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "title|name")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Post(BaseModel):
    """A journal post. The ``start_time`` .. ``number`` attributes are only set on trip posts."""

    id: int | None = None
    uuid: str | None = None
    title: str | None = None
    body: str | None = None
    """The text, in HTML/Markdown as written."""
    parent_type: str | None = None
    """``"User"`` (a personal journal), ``"Project"`` (a project journal) or ``"Site"`` (news)."""
    parent_id: int | None = None
    parent: PostParent | None = None
    user_id: int | None = None
    """The author."""
    user: User | None = None
    published_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    start_time: datetime | None = None
    stop_time: datetime | None = None
    place_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius: float | None = None
    distance: float | None = None
    number: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "parent_type", "title")
