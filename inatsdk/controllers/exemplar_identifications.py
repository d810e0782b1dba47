"""``client.exemplar_identifications``: identifications nominated as exemplars of how to tell
a taxon apart, their votes, and the taxon ID summaries built from them (API v2, unpublished:
real routes the website uses, missing from the public docs, so they may change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._writes_v2 import act_v2
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    EXEMPLAR_IDENTIFICATION_UNVOTE_V2,
    EXEMPLAR_IDENTIFICATION_VOTE_V2,
    EXEMPLAR_IDENTIFICATIONS_V2,
    TAXON_ID_SUMMARIES_V2,
    TAXON_ID_SUMMARY_V2,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import ExemplarIdentification, TaxonIdSummary
from inatsdk.params.paginators import (
    ExemplarIdentificationsSearchPaginatorV2,
    TaxonIdSummariesSearchPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.params.v2 import (
        ExemplarIdentificationFieldName,
        ExemplarIdentificationsSearchParams,
        Selection,
        TaxonIdSummariesGetParams,
        TaxonIdSummariesSearchParams,
        TaxonIdSummaryFieldName,
    )

__all__ = ["ExemplarIdentificationsController"]


def _exemplar_id(exemplar: ExemplarIdentification | int) -> int:
    key = exemplar.id if isinstance(exemplar, ExemplarIdentification) else exemplar
    if key is None:
        raise InvalidParameterError("this ExemplarIdentification has no id (nothing was sent)")
    return key


class ExemplarIdentificationsController(BaseController):
    """Exemplar identifications and taxon ID summaries (v2, unpublished routes)."""

    resource = "exemplar_identifications"

    def search(
        self,
        *,
        fields: Selection[ExemplarIdentificationFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[ExemplarIdentificationsSearchParams],
    ) -> ExemplarIdentificationsSearchPaginatorV2[ExemplarIdentification]:
        """Exemplar identifications (of a taxon, with votes...). Calls
        ``GET /v2/exemplar_identifications``."""
        return self._requester.paginate(
            EXEMPLAR_IDENTIFICATIONS_V2,
            params,
            fields=fields,
            kind=ExemplarIdentificationsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def vote(self, exemplar: ExemplarIdentification | int, *, dry_run: bool | None = None) -> None:
        """Vote for an exemplar. Calls ``POST /v2/exemplar_identifications/{id}/vote``."""
        act_v2(
            self._requester,
            EXEMPLAR_IDENTIFICATION_VOTE_V2,
            {"id": _exemplar_id(exemplar)},
            argument="exemplar",
            dry_run=dry_run,
        )

    def unvote(
        self, exemplar: ExemplarIdentification | int, *, dry_run: bool | None = None
    ) -> None:
        """Take back a vote. Calls ``DELETE /v2/exemplar_identifications/{id}/vote``."""
        act_v2(
            self._requester,
            EXEMPLAR_IDENTIFICATION_UNVOTE_V2,
            {"id": _exemplar_id(exemplar)},
            argument="exemplar",
            dry_run=dry_run,
        )

    def summaries(
        self,
        *,
        fields: Selection[TaxonIdSummaryFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxonIdSummariesSearchParams],
    ) -> TaxonIdSummariesSearchPaginatorV2[TaxonIdSummary]:
        """Taxon ID summaries: how to tell taxa apart. Calls ``GET /v2/taxon_id_summaries``."""
        return self._requester.paginate(
            TAXON_ID_SUMMARIES_V2,
            params,
            fields=fields,
            kind=TaxonIdSummariesSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("summaries"),
        )

    def summary(
        self,
        uuid: str,
        *,
        fields: Selection[TaxonIdSummaryFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxonIdSummariesGetParams],
    ) -> TaxonIdSummary:
        """One taxon ID summary by UUID. Calls ``GET /v2/taxon_id_summaries/{uuid}``; raises
        :class:`~inatsdk.errors.NotFoundError` when there is none."""
        return self._requester.lookup(
            TAXON_ID_SUMMARY_V2,
            uuid,
            params,
            fields=fields,
            dry_run=dry_run,
            label="taxon ID summary",
            argument="uuid",
            where=self._caller("summary"),
        )
