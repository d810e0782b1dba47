"""``client.places``: look up, autocomplete and find places by location."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    PLACES_AUTOCOMPLETE,
    PLACES_CONTAINING,
    PLACES_GET,
    PLACES_NEARBY,
    PLACES_NEARBY_V2,
    PLACES_SEARCH_V2,
)
from inatsdk.envelope import json_object, object_of, parse_records
from inatsdk.errors import InvalidParameterError
from inatsdk.models import NearbyPlaces, Place
from inatsdk.params.paginators import (
    PlacesAutocompletePaginator,
    PlacesContainingPaginator,
    PlacesSearchPaginatorV2,
)

if TYPE_CHECKING:
    from inatsdk.params.undocumented_places import PlacesContainingParams
    from inatsdk.params.v1 import PlacesAutocompleteParams, PlacesGetParams, PlacesNearbyParams
    from inatsdk.params.v2 import PlaceFieldName, Selection
    from inatsdk.params.v2 import PlacesNearbyParams as PlacesNearbyParamsV2
    from inatsdk.params.v2 import PlacesSearchParams as PlacesSearchParamsV2

__all__ = ["PlacesController"]

_BOX = ("swlat", "swlng", "nelat", "nelng")


class PlacesController(BaseController):
    """Places: continents, countries, states, counties, parks and places users drew."""

    resource = "places"

    def get(
        self,
        place: int | str,
        *,
        dry_run: bool | None = None,
        **params: Unpack[PlacesGetParams],
    ) -> Place:
        """One place by id or slug (``"california"``), with its geometry. Calls
        ``GET /v1/places/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such place (or when
        ``admin_level`` leaves it out).
        """
        # ``get`` has no v2 twin (only ``get_many`` does): it calls v1 whatever the client's
        # API version.
        return self._requester.evolve(api_version="v1").lookup(
            PLACES_GET,
            place,
            params,
            dry_run=dry_run,
            label="place",
            argument="place",
            where=self._caller("get"),
        )

    def refresh(self, place: Place, *, dry_run: bool | None = None) -> Place:
        """Reload ``place`` in place (one ``GET /v1/places/{id}``, by id or else slug) and
        return it. In dry-run nothing is sent and it is left as it is."""
        return self._refresh(
            place,
            Place,
            PLACES_GET,
            lambda key: self.get(key, dry_run=dry_run),
            dry_run=dry_run,
            keys=("id", "slug"),
        )

    def get_many(
        self,
        place_ids: Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[PlacesGetParams],
    ) -> list[Place]:
        """Several places by id, in the order given; unknown ids are left out.

        Calls ``GET /v1/places/{id}`` with up to 500 ids per request (the API's limit).
        """
        return self._requester.lookup_many(
            PLACES_GET,
            place_ids,
            params,
            dry_run=dry_run,
            argument="place_ids",
            where=self._caller("get_many"),
        )

    def autocomplete(
        self, *, dry_run: bool | None = None, **params: Unpack[PlacesAutocompleteParams]
    ) -> PlacesAutocompletePaginator[Place]:
        """Places whose names start with ``q``, countries and states before smaller places.
        Calls ``GET /v1/places/autocomplete``.

        The API answers one page of at most 20 places: iteration stops there, and
        :meth:`~inatsdk.paginator.Paginator.count` says how many can be fetched (at most 20).

        Example::

            client.places.autocomplete(q="calif").first()
        """
        if not params.get("q"):
            raise InvalidParameterError(
                "client.places.autocomplete() needs q='the start of a name'"
            )
        return self._requester.paginate(
            PLACES_AUTOCOMPLETE, params, dry_run=dry_run, kind=PlacesAutocompletePaginator
        )

    def nearby(
        self, *, dry_run: bool | None = None, **params: Unpack[PlacesNearbyParams]
    ) -> NearbyPlaces:
        """Places in and around a bounding box, as two lists: official places (``standard``)
        and places users drew that are not much larger than the box (``community``). Calls
        ``GET /v1/places/nearby``.

        ``swlat``, ``swlng``, ``nelat`` and ``nelng`` are required. Each list holds at most
        ``per_page`` places (default and maximum 20, the API's limit); there are no further
        pages.

        Example::

            around = client.places.nearby(swlat=37.7, swlng=-122.5, nelat=37.8, nelng=-122.4)
            print([p.name for p in around.standard or []])
        """
        missing = [name for name in _BOX if params.get(name) is None]
        if missing:
            raise InvalidParameterError(
                f"client.places.nearby() needs the bounding box: {', '.join(missing)} missing"
            )
        where = self._caller("nearby")
        self._requester.check(PLACES_NEARBY, params, where=where)
        query: dict[str, object] = dict(params)
        top = PLACES_NEARBY.per_page_max or 20
        per_page = params.get("per_page")
        if per_page is None:
            query["per_page"] = top
        elif not 1 <= per_page <= top:
            raise InvalidParameterError(
                f"{where}: per_page must be between 1 and {top}, not {per_page}"
            )
        response = self._requester.get(
            PLACES_NEARBY, query, dry_run=dry_run, where=where, checked=True
        )
        if response.dry_run:
            return NearbyPlaces(standard=[], community=[])
        results = json_object(object_of(response).get("results"))
        if results is None:
            return NearbyPlaces(standard=[], community=[])
        return parse_records(NearbyPlaces.from_json, [results], url=response.url)[0]

    def containing(
        self, *, dry_run: bool | None = None, **params: Unpack[PlacesContainingParams]
    ) -> PlacesContainingPaginator[Place]:
        """The places a point lies in, largest first (countries, then states, then counties).
        Calls ``GET /v1/places/containing`` (undocumented upstream).

        ``lat`` and ``lng`` are required; ``include_community_places=True`` adds continents and
        places users drew. The API gives one page of at most 10 places (its search index's
        default size: the server asks for no more, whatever ``per_page`` says), so iteration
        stops there and :meth:`~inatsdk.paginator.Paginator.count` is at most 10.

        Example::

            [p.name for p in client.places.containing(lat=37.77, lng=-122.42)]
        """
        missing = [name for name in ("lat", "lng") if params.get(name) is None]
        if missing:
            raise InvalidParameterError(
                f"client.places.containing() needs a point: {', '.join(missing)} missing"
            )
        return self._requester.paginate(
            PLACES_CONTAINING, params, dry_run=dry_run, kind=PlacesContainingPaginator
        )

    # --- v2 -----------------------------------------------------------------------------------

    def search(
        self,
        *,
        fields: Selection[PlaceFieldName] | None = None,
        dry_run: bool | None = None,
        **params: Unpack[PlacesSearchParamsV2],
    ) -> PlacesSearchPaginatorV2[Place]:
        """Places matching ``q`` (and other filters). Calls ``GET /v2/places`` (v1 has no
        place search)."""
        return self._requester.paginate(
            PLACES_SEARCH_V2,
            params,
            fields=fields,
            kind=PlacesSearchPaginatorV2,
            dry_run=dry_run,
            where=self._caller("search"),
        )

    def nearby_v2(
        self, *, dry_run: bool | None = None, **params: Unpack[PlacesNearbyParamsV2]
    ) -> NearbyPlaces:
        """Standard and community places near a point or in a box, on v2. Calls
        ``GET /v2/places/nearby``; empty lists in dry-run."""
        response = self._requester.call_v2(
            PLACES_NEARBY_V2, params, dry_run=dry_run, where=self._caller("nearby_v2")
        )
        if response.dry_run:
            return NearbyPlaces(standard=[], community=[])
        results = json_object(object_of(response).get("results"))
        if results is None:
            return NearbyPlaces(standard=[], community=[])
        return parse_records(NearbyPlaces.from_json, [results], url=response.url)[0]
