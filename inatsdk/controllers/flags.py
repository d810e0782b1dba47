"""``client.flags``: reports of spam, offensive or otherwise problematic content, raised and
resolved by the signed-in user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_record,
    delete_record,
    record_id,
    update_record,
)
from inatsdk.controllers._writes_v2 import create_v2, delete_v2, update_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    FLAG_CREATE,
    FLAG_CREATE_V2,
    FLAG_DELETE,
    FLAG_DELETE_V2,
    FLAG_UPDATE,
    FLAG_UPDATE_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Flag

__all__ = ["FLAG_WRITES", "FlagsController"]

#: The kinds of flag the API names; any other text is an explanation, sent as ``"other"``.
STANDARD_FLAGS = ("spam", "inappropriate")
#: What the API lets you flag (the spec's enum).
FLAGGABLE_TYPES = ("Comment", "Identification", "Message", "Observation", "Post", "Taxon")


def _finish(body: dict[str, Any], flag: Flag, creating: bool) -> dict[str, Any]:
    """``Flag.flag`` is the kind (``"spam"``, ``"inappropriate"``) or, for anything else, the
    explanation itself (as the API stores it): send that as ``flag="other"`` with
    ``flag_explanation`` beside the record, as the API asks."""
    if not creating:
        return body
    record: dict[str, Any] = body["flag"]
    if record["flaggable_type"] not in FLAGGABLE_TYPES:
        raise InvalidParameterError(
            f"Flag.flaggable_type={record['flaggable_type']!r} is not one the API takes: "
            f"{', '.join(FLAGGABLE_TYPES)} (nothing was sent)"
        )
    kind = str(record["flag"]).strip()
    if kind == "other":
        raise InvalidParameterError(
            'a flag of kind "other" needs its explanation: set Flag.flag to the explanation '
            "itself, e.g. Flag(flag='copied from a field guide', ...) (nothing was sent)"
        )
    if kind not in STANDARD_FLAGS:
        record["flag"] = "other"
        body["flag_explanation"] = kind
    return body


def _from_body(body: Mapping[str, Any]) -> Flag:
    record = dict(body.get("flag") or {})
    explanation = body.get("flag_explanation")
    if explanation:
        record["flag"] = explanation
    return Flag.from_json(record)


#: How flags are written: ``{"flag": {"flaggable_type", "flaggable_id", "flag"},
#: "flag_explanation"}`` to raise one, ``{"flag": {"resolved": true}}`` to resolve it.
FLAG_WRITES = WriteSpec(
    model=Flag,
    root="flag",
    fields=(
        Field("flaggable_type", update=False),
        Field("flaggable_id", update=False),
        Field("flag", update=False),
        Field("resolved", create=False),
    ),
    required=("flaggable_type", "flaggable_id", "flag"),
    finish=_finish,
    from_body=_from_body,
)


class FlagsController(BaseController):
    """Flags: raise one on a record, resolve it, delete it."""

    resource = "flags"

    def create(self, flag: Flag, *, dry_run: bool | None = None) -> Flag:
        """Flag a record and return the server's version of the flag. Calls
        ``POST /v1/flags`` (needs credentials).

        ``flaggable_type`` (``"Observation"``, ``"Comment"``, ``"Identification"``,
        ``"Message"``, ``"Post"`` or ``"Taxon"``), ``flaggable_id`` and ``flag`` are required.
        ``flag`` is ``"spam"``, ``"inappropriate"``, or your own explanation (sent as
        ``"other"`` with it, as the API asks). In dry-run nothing is sent and the result is
        built from the body that would have been sent; a create is never sent twice.

        Example::

            client.flags.create(Flag(flaggable_type="Comment", flaggable_id=77, flag="spam"))

        With ``api_version="v2"`` it calls :meth:`create_v2`.
        """
        if self._requester.api_version == "v2":
            return self.create_v2(flag, dry_run=dry_run)
        return create_record(self._requester, FLAG_CREATE, FLAG_WRITES, flag, dry_run=dry_run)

    def save(self, flag: Flag, *, dry_run: bool | None = None) -> Flag:
        """Save a changed flag (``resolved``) and return the server's version. Calls
        ``PUT /v1/flags/{id}`` with only what changed since it was loaded; a new flag (no id)
        is created instead.

        Nothing is sent when nothing changed; changing what cannot be saved raises
        :class:`~inatsdk.errors.InvalidParameterError` before sending.

        With ``api_version="v2"`` it calls :meth:`save_v2`.
        """
        if self._requester.api_version == "v2" and flag.id is not None:
            return self.save_v2(flag, dry_run=dry_run)
        if flag.is_new:
            return self.create(flag, dry_run=dry_run)
        return update_record(self._requester, FLAG_UPDATE, FLAG_WRITES, flag, dry_run=dry_run)

    def delete(self, flag: Flag | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your flags, given as a model or an id. Calls
        ``DELETE /v1/flags/{id}``.

        With ``api_version="v2"`` it calls :meth:`delete_v2`.
        """
        if self._requester.api_version == "v2":
            return self.delete_v2(flag, dry_run=dry_run)
        delete_record(
            self._requester,
            FLAG_DELETE,
            record_id(flag, "flag"),
            dry_run=dry_run,
            argument="flag",
        )

    # --- v2 -----------------------------------------------------------------------------------

    def create_v2(self, flag: Flag, *, dry_run: bool | None = None) -> Flag:
        """Flag a record. Calls ``POST /v2/flags`` (the same body as v1)."""
        return create_v2(self._requester, FLAG_CREATE_V2, FLAG_WRITES, flag, dry_run=dry_run)

    def save_v2(self, flag: Flag, *, dry_run: bool | None = None) -> Flag:
        """Save a flag's changes (``resolved``). Calls ``PUT /v2/flags/{id}``."""
        return update_v2(
            self._requester,
            FLAG_UPDATE_V2,
            FLAG_WRITES,
            flag,
            record_id(flag, "flag"),
            placeholder="id",
            dry_run=dry_run,
        )

    def delete_v2(self, flag: Flag | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your flags. Calls ``DELETE /v2/flags/{id}``."""
        delete_v2(
            self._requester,
            FLAG_DELETE_V2,
            record_id(flag, "flag"),
            placeholder="id",
            argument="flag",
            dry_run=dry_run,
        )
