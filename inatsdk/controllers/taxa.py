"""``client.taxa``: search, look up and autocomplete taxa."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Taxon
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.params.v1 import TaxaAutocompleteParams, TaxaGetParams, TaxaSearchParams

__all__ = ["TaxaController"]


class TaxaController(BaseController):
    """Taxa: the tree of life as iNaturalist knows it."""

    resource = "taxa"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaSearchParams]
    ) -> Paginator[Taxon]:
        """Search taxa. Calls ``GET /v1/taxa``; nothing is sent until results are asked for.

        Iterating pages through the API's page numbers in its relevance order (up to its
        10,000-result window); ``.order_by("id")`` pages by id instead, with no window.

        Example::

            for taxon in client.taxa.search(q="warbler", rank="species").limit(10):
                print(taxon.name, taxon.preferred_common_name)
        """
        return self._paginate("search", Taxon.from_json, "Taxon", params, dry_run=dry_run)

    def get(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaGetParams]
    ) -> Taxon:
        """One taxon by id, with its full details. Calls ``GET /v1/taxa/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such taxon.
        """
        return self._get_one(
            "get", taxon_id, Taxon.from_json, params, dry_run=dry_run, label="taxon"
        )

    def get_many(
        self,
        taxon_ids: Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxaGetParams],
    ) -> list[Taxon]:
        """Several taxa by id, in the order given; unknown ids are left out.

        Calls ``GET /v1/taxa/{id}`` with up to 30 ids per request (the API's limit).
        """
        return self._get_by_ids("get_many", taxon_ids, Taxon.from_json, params, dry_run=dry_run)

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaAutocompleteParams]
    ) -> Paginator[Taxon]:
        """Taxa whose names start with ``q``, best matches first. Calls
        ``GET /v1/taxa/autocomplete`` (at most 30 per page).

        Example::

            client.taxa.autocomplete(q="warbl").first()
        """
        if not params.get("q"):
            raise InvalidParameterError("client.taxa.autocomplete() needs q='the start of a name'")
        return self._paginate("autocomplete", Taxon.from_json, "Taxon", params, dry_run=dry_run)
