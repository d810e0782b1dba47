"""``client.controlled_terms``: the attributes and values annotations use (Life Stage: Adult)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    CONTROLLED_TERMS,
    CONTROLLED_TERMS_FOR_TAXON,
    CONTROLLED_TERMS_FOR_TAXON_V2,
    CONTROLLED_TERMS_V2,
)
from inatsdk.models import ControlledTerm
from inatsdk.params.paginators import (
    ControlledTermsForTaxonGetPaginatorV2,
    ControlledTermsForTaxonPaginator,
    ControlledTermsSearchPaginator,
    ControlledTermsSearchPaginatorV2,
)
from inatsdk.requester import key_of

if TYPE_CHECKING:
    from inatsdk.params.v2 import ControlledTermFieldName, Selection


__all__ = ["ControlledTermsController"]


class ControlledTermsController(BaseController):
    """Controlled terms: the vocabulary of annotations (attributes, each with its values).

    Both endpoints answer their whole list in one response and ignore ``page`` and
    ``per_page``: the request goes out without them (so it is always the same request, cached
    as one), and counting, slicing and indexing are done on that one answer.
    """

    resource = "controlled_terms"

    def all(self, *, dry_run: bool | None = None) -> ControlledTermsSearchPaginator[ControlledTerm]:
        """Every controlled attribute, with its values. Calls ``GET /v1/controlled_terms``.

        The API answers the whole vocabulary in one response (it ignores paging), so iterating,
        counting or slicing costs one request, cached for days like taxa.

        Example::

            for term in client.controlled_terms.all():
                print(term.label, [v.label for v in term.values or []])
        """
        return self._requester.paginate(
            CONTROLLED_TERMS, {}, dry_run=dry_run, kind=ControlledTermsSearchPaginator
        )

    def for_taxon(
        self, taxon_id: int, *, dry_run: bool | None = None
    ) -> ControlledTermsForTaxonPaginator[ControlledTerm]:
        """The attributes (and their values) that apply to a taxon, e.g. *Life Stage* for an
        insect. Calls ``GET /v1/controlled_terms/for_taxon``.

        One request answers them all (the API ignores paging). The API answers 422 for a taxon
        it does not know (:class:`~inatsdk.errors.ValidationError`).
        """
        where = self._caller("for_taxon")
        taxon = key_of(taxon_id, argument="taxon_id", where=where, uuids=False)
        return self._requester.paginate(
            CONTROLLED_TERMS_FOR_TAXON,
            {"taxon_id": taxon},
            dry_run=dry_run,
            where=where,
            kind=ControlledTermsForTaxonPaginator,
        )

    # --- v2 -----------------------------------------------------------------------------------

    def all_v2(
        self,
        *,
        fields: Selection[ControlledTermFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> ControlledTermsSearchPaginatorV2[ControlledTerm]:
        """Every controlled term (annotation attribute) with its values. Calls
        ``GET /v2/controlled_terms``."""
        return self._requester.paginate(
            CONTROLLED_TERMS_V2,
            {},
            fields=fields,
            kind=ControlledTermsSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("all_v2"),
        )

    def for_taxon_v2(
        self,
        taxon_id: int,
        *,
        fields: Selection[ControlledTermFieldName] | None = None,
        dry_run: bool | None = None,
    ) -> ControlledTermsForTaxonGetPaginatorV2[ControlledTerm]:
        """The controlled terms that apply to a taxon. Calls
        ``GET /v2/controlled_terms/for_taxon/{taxon_id}``."""
        return self._requester.paginate(
            CONTROLLED_TERMS_FOR_TAXON_V2,
            {},
            path={"taxon_id": taxon_id},
            fields=fields,
            kind=ControlledTermsForTaxonGetPaginatorV2,
            dry_run=dry_run,
            where=self._caller("for_taxon_v2"),
        )
