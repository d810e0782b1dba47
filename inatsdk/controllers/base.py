"""What every controller shares: the requester it was given, and the note on its v2 twins.

A controller is thin and stateless: each method names its operation (a row of
:mod:`inatsdk.endpoints`) and hands the caller's arguments to the
:class:`~inatsdk.requester.Requester`, which checks, sends, pages and builds models. Controllers
never import the client, never build a path and never read an answer's envelope themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from inatsdk.controllers._writes_v2 import observation_uuid
from inatsdk.endpoints import ENDPOINTS
from inatsdk.errors import InvalidParameterError
from inatsdk.models.base import BaseModel
from inatsdk.requester import is_uuid

if TYPE_CHECKING:
    from inatsdk.endpoints import Operation
    from inatsdk.requester import Requester

M = TypeVar("M", bound=BaseModel)

__all__ = ["BaseController", "is_uuid"]


class BaseController:
    """A thin, stateless view of one API resource, bound to a client's requester."""

    #: The name used in messages (``client.taxa``).
    resource = ""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _document_v2_twins(cls)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._requester.settings.api_url}>"

    def _caller(self, method_name: str) -> str:
        """``client.taxa.search()``, for messages."""
        return f"client.{self.resource}.{method_name}()"

    def _uuid_on_v2(self, target: object) -> str | None:
        """The UUID a write of ``target`` (a model with a ``uuid``, or a UUID string) goes to v2
        with, when this client prefers v2 (``api_version="v2"``); ``None`` keeps it on v1."""
        if self._requester.api_version != "v2":
            return None
        value = getattr(target, "uuid", None) if isinstance(target, BaseModel) else target
        return value if isinstance(value, str) and is_uuid(value) else None

    def _observation_on_v2(
        self, observation: object, dry_run: bool | None, method_name: str
    ) -> str | None:
        """The UUID of the observation a v1 write names, when this client prefers v2
        (``api_version="v2"``) and the write's v2 form can be called; ``None`` keeps it on v1
        (see :func:`~inatsdk.controllers._writes_v2.observation_uuid`)."""
        if self._requester.api_version != "v2":
            return None
        where = self._caller(method_name)
        return observation_uuid(self._requester, observation, dry_run=dry_run, where=where)

    def _refresh(
        self,
        model: M,
        cls: type[M],
        op: Operation[BaseModel],
        reload: Callable[[int | str], M],
        *,
        dry_run: bool | None,
        keys: tuple[str, ...] = ("id",),
    ) -> M:
        """Reload ``model`` in place with ``reload(key)`` (one request), where the key is the
        first of ``keys`` the model has; returns the model. In dry-run nothing is sent and the
        model is left as it is."""
        where = self._caller("refresh")
        if not isinstance(model, cls):
            raise InvalidParameterError(
                f"{where} takes a {cls.__name__}, not {type(model).__name__} (nothing was sent)"
            )
        key: object = next((getattr(model, k) for k in keys if getattr(model, k, None)), None)
        if not isinstance(key, (int, str)) or isinstance(key, bool):
            raise InvalidParameterError(
                f"{where}: this {cls.__name__} has no {' or '.join(keys)} to reload it by "
                "(a draft? create it first; nothing was sent)"
            )
        if self._requester.answers_locally(op, dry_run):
            return model
        fresh = reload(key)
        for field in attrs.fields(cls):
            setattr(model, field.name, getattr(fresh, field.name))
        model.mark_saved()  # what the server holds now is the state changes() compares with
        return model


def _document_v2_twins(cls: type[BaseController]) -> None:
    """Say in each method's docstring which v2 endpoint it calls, where it has a twin (the
    operations table is the single source; a test checks every v2 row is named in its
    methods' docstrings)."""
    prefix = f"{cls.__name__}."
    for ep in ENDPOINTS:
        if ep.version != "v2":
            continue
        for qualname in ep.qualnames:
            if not qualname.startswith(prefix):
                continue
            func = cls.__dict__.get(qualname[len(prefix) :])
            doc = getattr(func, "__doc__", None)
            named = f"{ep.method} /v2{ep.path}"
            if func is None or doc is None or named in doc:
                continue
            lines = doc.expandtabs().splitlines()
            indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
            pad = " " * (min(indents) if indents else 0)
            note = (
                f'On v2 (a client made with ``api_version="v2"``) it calls ``{named}``, asking '
                "for every field (see :mod:`inatsdk.fields`)."
            )
            func.__doc__ = doc.rstrip() + f"\n\n{pad}{note}\n"
