"""``client.taxa``: search, look up and autocomplete taxa, and the taxa routes the API leaves out
of its spec (iconic taxa, life list metadata, wanted taxa, map layers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._lists import WholeListPaginator, list_paginator
from inatsdk.controllers.base import BaseController, _as_id
from inatsdk.endpoints import Endpoint
from inatsdk.errors import InvalidParameterError
from inatsdk.models import Taxon, TaxonMapLayers
from inatsdk.paginator import Paginator

if TYPE_CHECKING:
    from inatsdk.fields import FieldsLike
    from inatsdk.params.undocumented_taxa import (
        TaxaIconicParams,
        TaxaLifelistMetadataParams,
        TaxaMapLayersParams,
        TaxaWantedParams,
    )
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
        return self._get_one(
            "get", taxon_id, Taxon.from_json, params, dry_run=dry_run, label="taxon", fields=fields
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
        return self._get_by_ids(
            "get_many", taxon_ids, Taxon.from_json, params, dry_run=dry_run, fields=fields
        )

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

    # --- routes the server has but its spec leaves out ---------------------------------------

    def _checker(self, ep: Endpoint, method_name: str) -> Callable[[Mapping[str, object]], None]:
        if ep.documented:
            return super()._checker(ep, method_name)
        from inatsdk.params.spec import suggest
        from inatsdk.params.undocumented_taxa import ALLOWED

        allowed = ALLOWED[ep.path]
        caller = f"client.{self.resource}.{method_name}()"

        def check(params: Mapping[str, object]) -> None:
            for name in params:
                if name not in allowed:
                    guess = suggest(name, allowed) if allowed else None
                    hint = f"; did you mean {guess!r}?" if guess else ""
                    known = ", ".join(sorted(allowed)) or "none"
                    raise InvalidParameterError(
                        f"{caller} has no parameter {name!r}{hint} (it takes: {known}; see "
                        f"inatsdk.params.undocumented_taxa)"
                    )

        return check

    def iconic(
        self, *, dry_run: bool | None = None, **params: Unpack[TaxaIconicParams]
    ) -> Paginator[Taxon]:
        """The iconic taxa (Animalia, Aves, Plantae, Fungi, ...), the broad groups iNaturalist
        draws icons for. Calls ``GET /v1/taxa/iconic`` (undocumented upstream).

        One response holds them all; paging parameters do not apply.
        """
        return list_paginator(
            self,
            "iconic",
            Taxon.from_json,
            "Taxon",
            params,
            dry_run=dry_run,
            kind=WholeListPaginator,
        )

    def lifelist_metadata(
        self,
        user: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[TaxaLifelistMetadataParams],
    ) -> Paginator[Taxon]:
        """Every taxon ``user`` (an id or a login) has observed, with its ancestors, in
        taxonomic order: name, common name and photo only. Calls
        ``GET /v1/taxa/lifelist_metadata`` (undocumented upstream).

        One response holds the whole list; paging parameters do not apply. The API answers 422
        for an unknown user and 500 for a user who has observed nothing (raised as
        :class:`~inatsdk.errors.ServerError`).
        """
        if isinstance(user, bool) or not isinstance(user, (int, str)) or not str(user).strip():
            raise InvalidParameterError(
                f"client.taxa.lifelist_metadata() needs a user id or login, not {user!r}"
            )
        query: dict[str, object] = {"observed_by_user_id": user, **params}
        return list_paginator(
            self,
            "lifelist_metadata",
            Taxon.from_json,
            "Taxon",
            query,
            dry_run=dry_run,
            kind=WholeListPaginator,
        )

    def wanted(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaWantedParams]
    ) -> Paginator[Taxon]:
        """Species under ``taxon_id`` that nobody has observed yet (no verifiable observation),
        with full details, most observed (elsewhere in the tree) first. Calls
        ``GET /v1/taxa/{id}/wanted`` (undocumented upstream).

        The API looks at the first 1,000 active, extant species under the taxon only. Raises
        :class:`~inatsdk.errors.NotFoundError` for an unknown taxon (when results are asked for).
        """
        return list_paginator(
            self,
            "wanted",
            Taxon.from_json,
            "Taxon",
            params,
            dry_run=dry_run,
            path_id=_as_id(taxon_id),
        )

    def map_layers(
        self, taxon_id: int, *, dry_run: bool | None = None, **params: Unpack[TaxaMapLayersParams]
    ) -> TaxonMapLayers:
        """Which map layers exist for a taxon: a range map, checklist places, its GBIF id.
        Calls ``GET /v1/taxa/{id}/map_layers`` (undocumented upstream).

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such taxon.
        """
        ep = self._endpoint("map_layers")
        self._checker(ep, "map_layers")(params)
        rid = _as_id(taxon_id)
        path = ep.path.replace("{id}", str(rid))
        response = self._client._get(ep.version, path, {}, dry_run=dry_run)
        data = response.json
        if response.dry_run or not isinstance(data, dict):
            return TaxonMapLayers(id=rid)
        if isinstance(data.get("results"), list):  # v2's envelope, should v1 ever adopt it
            found = data["results"]
            data = found[0] if found else {"id": rid}
        return TaxonMapLayers.from_json(data)
