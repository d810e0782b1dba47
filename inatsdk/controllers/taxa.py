"""``client.taxa``: search, look up and autocomplete taxa, and the taxa routes the API leaves out
of its spec (iconic taxa, life list metadata, wanted taxa, map layers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    TAXA_AUTOCOMPLETE,
    TAXA_GET,
    TAXA_ICONIC,
    TAXA_ICONIC_V2,
    TAXA_LIFELIST_METADATA,
    TAXA_MAP_LAYERS,
    TAXA_MAP_LAYERS_V2,
    TAXA_SEARCH,
    TAXA_WANTED,
    TAXA_WANTED_V2,
)
from inatsdk.envelope import object_of, parse_records, records_of
from inatsdk.errors import AmbiguousNameError, InvalidParameterError, NotFoundError
from inatsdk.models import Taxon, TaxonMapLayers
from inatsdk.params.paginators import (
    TaxaAutocompletePaginator,
    TaxaIconicPaginator,
    TaxaIconicPaginatorV2,
    TaxaLifelistMetadataPaginator,
    TaxaSearchPaginator,
    TaxaWantedPaginator,
    TaxaWantedPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.fields import FieldsLike
    from inatsdk.params.undocumented_taxa import (
        TaxaIconicParams,
        TaxaLifelistMetadataParams,
        TaxaMapLayersParams,
        TaxaWantedParams,
    )
    from inatsdk.params.v1 import TaxaAutocompleteParams, TaxaGetParams, TaxaSearchParams
    from inatsdk.params.v2 import Selection, TaxonFieldName
    from inatsdk.params.v2 import TaxaIconicParams as TaxaIconicParamsV2
    from inatsdk.params.v2 import TaxaWantedParams as TaxaWantedParamsV2

__all__ = ["TaxaController"]


class TaxaController(BaseController):
    """Taxa: the tree of life as iNaturalist knows it."""

    resource = "taxa"

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaSearchParams]
    ) -> TaxaSearchPaginator[Taxon]:
        """Search taxa. Calls ``GET /v1/taxa``; nothing is sent until results are asked for.

        Iterating pages through the API's page numbers in its relevance order (up to its
        10,000-result window); ``.order_by("id")`` pages by id instead, with no window.

        Example::

            for taxon in client.taxa.search(q="warbler", rank="species").limit(10):
                print(taxon.name, taxon.preferred_common_name)
        """
        return self._requester.paginate(
            TAXA_SEARCH, params, dry_run=dry_run, kind=TaxaSearchPaginator
        )

    def get(
        self,
        taxon_id: int,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxaGetParams],
    ) -> Taxon:
        """One taxon by id, with its full details. Calls ``GET /v1/taxa/{id}``; a ``fields``
        selection or ``api_version="v2"`` calls ``GET /v2/taxa/{id}`` instead.

        ``fields`` chooses what v2 returns (see :mod:`inatsdk.fields`; by default every
        field); attributes that were not selected are ``None``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such taxon.
        """
        return self._requester.lookup(
            TAXA_GET,
            taxon_id,
            params,
            dry_run=dry_run,
            fields=fields,
            label="taxon",
            argument="taxon_id",
        )

    def refresh(self, taxon: Taxon, *, dry_run: bool | None = None) -> Taxon:
        """Reload ``taxon`` in place with its full details (one ``GET /v1/taxa/{id}``) and
        return it: a slim taxon from a search gets its ``ancestors``, ``children`` and the rest.
        In dry-run nothing is sent and the taxon is left as it is.

        Raises :class:`~inatsdk.errors.NotFoundError` when the taxon no longer exists.
        """
        return self._refresh(
            taxon, Taxon, TAXA_GET, lambda key: self.get(int(key), dry_run=dry_run), dry_run=dry_run
        )

    def get_many(
        self,
        taxon_ids: Iterable[int],
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxaGetParams],
    ) -> list[Taxon]:
        """Several taxa by id, in the order given; unknown ids are left out.

        Calls ``GET /v1/taxa/{id}`` with up to 30 ids per request (the API's limit); a
        ``fields`` selection or ``api_version="v2"`` calls ``GET /v2/taxa/{id}`` instead (see
        :meth:`get`).
        """
        return self._requester.lookup_many(
            TAXA_GET,
            taxon_ids,
            params,
            dry_run=dry_run,
            fields=fields,
            argument="taxon_ids",
            where=self._caller("get_many"),
        )

    def lookup(self, name: str, *, dry_run: bool | None = None) -> Taxon:
        """The one taxon whose scientific name or a common name is exactly ``name`` (any case).
        Calls ``GET /v1/taxa/autocomplete`` once (it matches every name of a taxon, in the
        client's ``locale``).

        Raises :class:`~inatsdk.errors.NotFoundError` when no taxon has that name, and
        :class:`~inatsdk.errors.AmbiguousNameError` (its ``candidates`` hold them, and the
        message lists them) when several do; active taxa win over inactive ones. In dry-run
        nothing is sent and a taxon holding only the name is returned.

        Example::

            client.taxa.lookup("Turdus merula").id
            client.taxa.lookup("common blackbird").name   # 'Turdus merula'
        """
        where = self._caller("lookup")
        given = cast("object", name)
        if not isinstance(given, str) or not given.strip():
            raise InvalidParameterError(f"{where} needs a name, not {name!r} (nothing was sent)")
        wanted = name.strip().casefold()
        query = self.autocomplete(q=name.strip(), dry_run=dry_run)
        if self._requester.answers_locally(TAXA_AUTOCOMPLETE, dry_run):
            return Taxon(name=name.strip())
        candidates = query.page_size(30).all()
        exact: dict[int | None, Taxon] = {}
        for t in candidates:
            names = {t.name, t.preferred_common_name, t.english_common_name, t.matched_term}
            if wanted in {n.casefold() for n in names if n}:
                exact.setdefault(t.id, t)
        matches = list(exact.values())
        active = [t for t in matches if t.is_active is not False]
        matches = active or matches
        if len(matches) == 1:
            return matches[0]
        url = f"{self._requester.settings.api_url}/v1{TAXA_AUTOCOMPLETE.path}"
        if not matches:
            raise NotFoundError(
                f"no taxon is named exactly {name!r}", status=404, method="GET", url=url
            )
        listed = "; ".join(
            f"{t.id} {t.name} ({t.rank}, {t.preferred_common_name})" for t in matches
        )
        raise AmbiguousNameError(
            f"{len(matches)} taxa are named {name!r}: {listed}; use client.taxa.get(id)",
            name=name,
            candidates=matches,
        )

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaAutocompleteParams]
    ) -> TaxaAutocompletePaginator[Taxon]:
        """Taxa whose names start with ``q``, best matches first. Calls
        ``GET /v1/taxa/autocomplete`` (at most 30 per page).

        Example::

            client.taxa.autocomplete(q="warbl").first()
        """
        if not params.get("q"):
            raise InvalidParameterError("client.taxa.autocomplete() needs q='the start of a name'")
        return self._requester.paginate(
            TAXA_AUTOCOMPLETE, params, dry_run=dry_run, kind=TaxaAutocompletePaginator
        )

    # --- routes the server has but its spec leaves out ---------------------------------------

    def iconic(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaIconicParams]
    ) -> TaxaIconicPaginator[Taxon]:
        """The iconic taxa (Animalia, Aves, Plantae, Fungi, ...), the broad groups iNaturalist
        draws icons for. Calls ``GET /v1/taxa/iconic`` (undocumented upstream).

        One response holds them all; paging parameters do not apply.
        """
        return self._requester.paginate(
            TAXA_ICONIC, params, dry_run=dry_run, kind=TaxaIconicPaginator
        )

    def lifelist_metadata(
        self,
        user: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxaLifelistMetadataParams],
    ) -> TaxaLifelistMetadataPaginator[Taxon]:
        """Every taxon ``user`` (an id or a login) has observed, with its ancestors, in
        taxonomic order: name, common name and photo only. Calls
        ``GET /v1/taxa/lifelist_metadata`` (undocumented upstream).

        One response holds the whole list; paging parameters do not apply. The API answers 422
        for an unknown user and 500 for a user who has observed nothing (raised as
        :class:`~inatsdk.errors.ServerError`).
        """
        if isinstance(user, bool) or not str(user).strip():
            raise InvalidParameterError(
                f"client.taxa.lifelist_metadata() needs a user id or login, not {user!r}"
            )
        query: dict[str, object] = {"observed_by_user_id": user, **params}
        return self._requester.paginate(
            TAXA_LIFELIST_METADATA, query, dry_run=dry_run, kind=TaxaLifelistMetadataPaginator
        )

    def wanted(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaWantedParams]
    ) -> TaxaWantedPaginator[Taxon]:
        """Species under ``taxon_id`` that nobody has observed yet (no verifiable observation),
        with full details, most observed (elsewhere in the tree) first. Calls
        ``GET /v1/taxa/{id}/wanted`` (undocumented upstream).

        The API looks at the first 1,000 active, extant species under the taxon only. Raises
        :class:`~inatsdk.errors.NotFoundError` for an unknown taxon (when results are asked for).
        """
        return self._requester.paginate(
            TAXA_WANTED,
            params,
            dry_run=dry_run,
            path={"id": taxon_id},
            arguments={"id": "taxon_id"},
            kind=TaxaWantedPaginator,
        )

    def map_layers(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaMapLayersParams]
    ) -> TaxonMapLayers:
        """Which map layers exist for a taxon: a range map, checklist places, its GBIF id.
        Calls ``GET /v1/taxa/{id}/map_layers`` (undocumented upstream).

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such taxon. With
        ``api_version="v2"`` (and no parameters) it calls :meth:`map_layers_v2`.
        """
        if self._requester.api_version == "v2" and not params:
            return self.map_layers_v2(taxon_id, dry_run=dry_run)
        response = self._requester.get(
            TAXA_MAP_LAYERS,
            params,
            path={"id": taxon_id},
            dry_run=dry_run,
            arguments={"id": "taxon_id"},
        )
        if response.dry_run:
            return TaxonMapLayers(id=int(taxon_id))
        data = object_of(response)
        if isinstance(data.get("results"), list):  # v2's envelope, should v1 ever adopt it
            found = records_of(response)
            data = found[0] if found else {"id": int(taxon_id)}
        return parse_records(TaxonMapLayers.from_json, [data], url=response.url)[0]

    # --- v2 -----------------------------------------------------------------------------------

    def iconic_v2(
        self,
        *,
        fields: Selection[TaxonFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxaIconicParamsV2],
    ) -> TaxaIconicPaginatorV2[Taxon]:
        """The iconic taxa. Calls ``GET /v2/taxa/iconic``."""
        return self._requester.paginate(
            TAXA_ICONIC_V2,
            params,
            fields=fields,
            kind=TaxaIconicPaginatorV2,
            dry_run=dry_run,
            where=self._caller("iconic_v2"),
        )

    def map_layers_v2(self, taxon_id: int, *, dry_run: bool | None = None) -> TaxonMapLayers:
        """Which map layers a taxon has (range, listed places, GBIF). Calls
        ``GET /v2/taxa/{id}/map_layers``; an empty record in dry-run."""
        found = self._requester.records_v2(
            TAXA_MAP_LAYERS_V2,
            path={"id": taxon_id},
            dry_run=dry_run,
            where=self._caller("map_layers_v2"),
            arguments={"id": "taxon_id"},
        )
        return found[0] if found else TaxonMapLayers(id=taxon_id)

    def wanted_v2(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaWantedParamsV2]
    ) -> TaxaWantedPaginatorV2[Taxon]:
        """Descendants of a taxon that nobody has observed yet. Calls
        ``GET /v2/taxa/{id}/wanted``."""
        return self._requester.paginate(
            TAXA_WANTED_V2,
            params,
            path={"id": taxon_id},
            kind=TaxaWantedPaginatorV2,
            dry_run=dry_run,
            where=self._caller("wanted_v2"),
            arguments={"id": "taxon_id"},
        )
