"""``client.identifications``: search and look up identifications, the counts the API
aggregates over them, and the signed-in user's own: add, edit, withdraw, restore, delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers._writes import (
    Field,
    WriteSpec,
    create_body,
    create_record,
    delete_record,
    record_id,
    update_record,
)
from inatsdk.controllers._writes_v2 import (
    create_v2,
    delete_v2,
    update_v2,
    uuid_of,
)
from inatsdk.controllers.base import BaseController
from inatsdk.endpoints import (
    IDENTIFICATION_CREATE,
    IDENTIFICATION_CREATE_V2,
    IDENTIFICATION_DELETE,
    IDENTIFICATION_DELETE_V2,
    IDENTIFICATION_UPDATE,
    IDENTIFICATION_UPDATE_V2,
    IDENTIFICATIONS_CATEGORIES,
    IDENTIFICATIONS_GET,
    IDENTIFICATIONS_IDENTIFIERS,
    IDENTIFICATIONS_OBSERVERS,
    IDENTIFICATIONS_RECENT_TAXA,
    IDENTIFICATIONS_RECENT_TAXA_REVISITED,
    IDENTIFICATIONS_SEARCH,
    IDENTIFICATIONS_SIMILAR_SPECIES,
    IDENTIFICATIONS_SIMILAR_SPECIES_V2,
    IDENTIFICATIONS_SPECIES_COUNTS,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.models import (
    Identification,
    IdentificationCategoryCount,
    Observation,
    RecentTaxon,
    SpeciesCount,
    UserCount,
)
from inatsdk.params.paginators import (
    IdentificationsCategoriesPaginator,
    IdentificationsIdentifiersPaginator,
    IdentificationsObserversPaginator,
    IdentificationsRecentTaxaPaginator,
    IdentificationsSearchPaginator,
    IdentificationsSimilarSpeciesPaginator,
    IdentificationsSimilarSpeciesPaginatorV2,
    IdentificationsSpeciesCountsPaginator,
)
from inatsdk.requester import key_of

if TYPE_CHECKING:
    from inatsdk.fields import FieldsLike
    from inatsdk.params.v1 import (
        IdentificationsCategoriesParams,
        IdentificationsGetParams,
        IdentificationsIdentifiersParams,
        IdentificationsObserversParams,
        IdentificationsRecentTaxaParams,
        IdentificationsSearchParams,
        IdentificationsSimilarSpeciesParams,
        IdentificationsSpeciesCountsParams,
    )
    from inatsdk.params.v2 import (
        IdentificationsSimilarSpeciesParams as IdentificationsSimilarSpeciesParamsV2,
    )

__all__ = ["IDENTIFICATION_WRITES", "IdentificationsController"]


def _id_of(record: object) -> object:
    return getattr(record, "id", None)


#: How identifications are written: ``{"identification": {...}}``. The taxon and the observation
#: are set when creating only (to change your mind, add a new identification); the remark and
#: ``current`` can be saved. ``vision`` and ``disagreement`` are read by the server although the
#: spec's ``PostIdentification`` lists only observation_id, taxon_id, current and body.
IDENTIFICATION_WRITES = WriteSpec(
    model=Identification,
    root="identification",
    fields=(
        Field("observation_id", update=False),
        Field("observation", key="observation_id", encode=_id_of, update=False),
        Field("taxon_id", update=False),
        Field("taxon", key="taxon_id", encode=_id_of, update=False),
        Field("body"),
        Field("current"),
        Field("vision", update=False),
        Field("disagreement", update=False),
    ),
    required=("observation_id", "taxon_id"),
)


#: How v2 writes identifications: ``{"identification": {"observation_id": <uuid>, "taxon_id",
#: "body", "vision", "disagreement"}}``; ``body`` and ``current`` can be saved.
IDENTIFICATION_WRITES_V2 = WriteSpec(
    model=Identification,
    root="identification",
    fields=(
        Field("taxon_id", update=False),
        Field("taxon", key="taxon_id", encode=_id_of, update=False),
        Field("body"),
        Field("current", create=False),
        Field("vision", update=False),
        Field("disagreement", update=False),
    ),
    required=("taxon_id",),
)


class IdentificationsController(BaseController):
    """Identifications: what people say observations show.

    Every search here filters on identifications *and* on their observations (``taxon_id`` is
    the identification's taxon, ``observation_taxon_id`` the observation's). Unless
    ``current=False`` or ``current="any"`` is passed, only current identifications count (the
    API's default): withdrawn ones and those a user has since replaced are left out.
    """

    resource = "identifications"

    def get(
        self,
        identification_id: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[IdentificationsGetParams],
    ) -> Identification:
        """One identification by id, with its observation. Calls
        ``GET /v1/identifications/{id}``.

        Raises :class:`~inatsdk.errors.NotFoundError` when there is no such identification.
        The API only answers current identifications here: a withdrawn one is not found (use
        :meth:`search` with ``id=...`` and ``current="any"`` for those).
        """
        return self._requester.lookup(
            IDENTIFICATIONS_GET,
            identification_id,
            params,
            dry_run=dry_run,
            label="identification",
            argument="identification_id",
            where=self._caller("get"),
        )

    def refresh(
        self, identification: Identification, *, dry_run: bool | None = None
    ) -> Identification:
        """Reload ``identification`` in place (one ``GET /v1/identifications/{id}``) and return
        it. In dry-run nothing is sent and it is left as it is."""
        return self._refresh(
            identification,
            Identification,
            IDENTIFICATIONS_GET,
            lambda key: self.get(int(key), dry_run=dry_run),
            dry_run=dry_run,
        )

    def get_many(
        self,
        identification_ids: Iterable[int],
        *,
        dry_run: bool | None = None,
        **params: Unpack[IdentificationsGetParams],
    ) -> list[Identification]:
        """Several identifications by id, in the order given; unknown (and withdrawn) ids are
        left out.

        Calls ``GET /v1/identifications/{id}`` with up to 30 ids per request: the API answers at
        most 30 identifications per lookup (its spec says so) and silently drops the rest, so
        larger lists are split.
        """
        return self._requester.lookup_many(
            IDENTIFICATIONS_GET,
            identification_ids,
            params,
            dry_run=dry_run,
            argument="identification_ids",
            where=self._caller("get_many"),
        )

    def search(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsSearchParams]
    ) -> IdentificationsSearchPaginator[Identification]:
        """Search identifications. Calls ``GET /v1/identifications``; nothing is sent until
        results are asked for.

        Up to 200 per request. Unless another ``order_by`` is given, iteration goes newest first
        by id and pages with ``id_below``: it streams past the API's 10,000-result window and
        neither skips nor repeats a record while new ones are added. ``.order_by("created_at")``
        keeps the API's own order, with page numbers (and so the window).

        Example::

            for ident in client.identifications.search(user_id=1, category="improving"):
                print(ident.taxon_id, ident.observation.id if ident.observation else None)
        """
        return self._requester.paginate(
            IDENTIFICATIONS_SEARCH, params, dry_run=dry_run, kind=IdentificationsSearchPaginator
        )

    def categories(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsCategoriesParams]
    ) -> IdentificationsCategoriesPaginator[IdentificationCategoryCount]:
        """How many matching identifications fall in each category (improving, supporting,
        leading, maverick), largest first. Calls ``GET /v1/identifications/categories``.

        The API answers every category in one response; paging parameters do not apply.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_CATEGORIES,
            params,
            dry_run=dry_run,
            kind=IdentificationsCategoriesPaginator,
        )

    def species_counts(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsSpeciesCountsParams]
    ) -> IdentificationsSpeciesCountsPaginator[SpeciesCount]:
        """Leaf taxa of the matching identifications with how many identifications each has,
        most first. Calls ``GET /v1/identifications/species_counts`` (up to 500 per request).

        Which taxon is counted is ``taxon_of``'s choice. Beware: although the spec gives
        ``"identification"`` as its default, the server counts the *observation's* taxon unless
        ``taxon_of="identification"`` is passed, so pass it explicitly either way.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_SPECIES_COUNTS,
            params,
            dry_run=dry_run,
            kind=IdentificationsSpeciesCountsPaginator,
        )

    def identifiers(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsIdentifiersParams]
    ) -> IdentificationsIdentifiersPaginator[UserCount]:
        """The people who made the matching identifications, with how many each made, most
        first. Calls ``GET /v1/identifications/identifiers`` (up to 500 per request).

        Only the first 500 identifiers can be reached at all (an API limit): iteration stops
        there, logging a warning when more match, and ``count()`` is at most 500;
        ``.limit(n)`` with ``n`` over 500, an index or a slice past row 500 raise before
        anything is sent. ``.pages()`` shows the API's full ``total_results``.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_IDENTIFIERS,
            params,
            dry_run=dry_run,
            kind=IdentificationsIdentifiersPaginator,
        )

    def observers(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsObserversParams]
    ) -> IdentificationsObserversPaginator[UserCount]:
        """The people whose observations received the matching identifications, most first.
        Calls ``GET /v1/identifications/observers`` (up to 500 per request).

        ``count`` is the number of matching *identifications* on each person's observations (the
        server counts identification records, although its spec speaks of observations). Only
        the first 500 observers can be reached at all (an API limit): iteration stops there,
        logging a warning when more match, and ``count()`` is at most 500; ``.limit(n)`` with
        ``n`` over 500, an index or a slice past row 500 raise before anything is sent.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_OBSERVERS,
            params,
            dry_run=dry_run,
            kind=IdentificationsObserversPaginator,
        )

    def recent_taxa(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsRecentTaxaParams]
    ) -> IdentificationsRecentTaxaPaginator[RecentTaxon]:
        """Taxa newly identified among the matching identifications, most recent first, each
        with the earliest identification that named it. Calls
        ``GET /v1/identifications/recent_taxa`` (up to 500 per request).

        The API looks at current identifications of active taxa only (whatever ``current`` says)
        and at most 500 taxa in all, so ``total_results`` never exceeds 500.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_RECENT_TAXA,
            params,
            dry_run=dry_run,
            kind=IdentificationsRecentTaxaPaginator,
        )

    def recent_taxa_revisited(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsRecentTaxaParams]
    ) -> IdentificationsRecentTaxaPaginator[RecentTaxon]:
        """Like :meth:`recent_taxa`, but counting each species-level taxon once and crediting
        its ancestors (below ``taxon_id``, when given) with its earliest identification. Calls
        ``GET /v1/identifications/recent_taxa_revisited`` (undocumented upstream; up to 500 per
        request).

        It takes :meth:`recent_taxa`'s parameters. The API looks at 500 species-level taxa at
        most.
        """
        return self._requester.paginate(
            IDENTIFICATIONS_RECENT_TAXA_REVISITED,
            params,
            dry_run=dry_run,
            kind=IdentificationsRecentTaxaPaginator,
        )

    def similar_species(
        self, *, dry_run: bool | None = None, **params: Unpack[IdentificationsSimilarSpeciesParams]
    ) -> IdentificationsSimilarSpeciesPaginator[SpeciesCount]:
        """Taxa often confused with ``taxon_id`` (required; a genus or finer), most confused
        first. Calls ``GET /v1/identifications/similar_species``.

        ``count`` adds up identifications of that taxon on observations of the other and the
        reverse; only taxa of the same iconic group, never descendants of ``taxon_id``. The API
        answers the whole list in one response; paging parameters do not apply.

        Example::

            client.identifications.similar_species(taxon_id=9081).limit(5).all()
        """
        if not params.get("taxon_id"):
            raise InvalidParameterError(
                "client.identifications.similar_species() needs taxon_id=<a genus or species id>"
            )
        return self._requester.paginate(
            IDENTIFICATIONS_SIMILAR_SPECIES,
            params,
            dry_run=dry_run,
            kind=IdentificationsSimilarSpeciesPaginator,
        )

    # --- writes (the signed-in user's own identifications) ------------------------------------

    def create(
        self, identification: Identification, *, dry_run: bool | None = None
    ) -> Identification:
        """Add an identification to an observation and return the server's version of it.
        Calls ``POST /v1/identifications`` (needs credentials).

        ``observation_id`` (or ``observation``) and ``taxon_id`` (or ``taxon``) are required;
        ``body``, ``vision`` and ``disagreement`` are optional. The API withdraws your earlier
        identifications of that observation. In dry-run nothing is sent and the result is built
        from the body that would have been sent; a create is never sent twice.

        Example::

            ident = client.identifications.create(
                Identification(observation_id=1234, taxon_id=9083, body="Note the crest")
            )

        With ``api_version="v2"`` it calls :meth:`create_v2`, which names the observation by
        UUID: the ``observation``'s own, or the one a small v2 read finds for
        ``observation_id`` (see :ref:`v2-routing`).
        """
        target = identification.observation or identification.observation_id
        if (key := self._observation_on_v2(target, dry_run, "create")) is not None:
            return self.create_v2(identification, observation=key, dry_run=dry_run)
        return create_record(
            self._requester,
            IDENTIFICATION_CREATE,
            IDENTIFICATION_WRITES,
            identification,
            dry_run=dry_run,
        )

    def save(
        self, identification: Identification, *, dry_run: bool | None = None
    ) -> Identification:
        """Save the changes made to an identification (its ``body`` or ``current``) and return
        the server's version. Calls ``PUT /v1/identifications/{id}`` with only the attributes
        changed since the identification was loaded; a new one (no id) is created instead.

        Nothing is sent when nothing changed. Changing what cannot be saved (the taxon, the
        observation, anything the server computes) raises
        :class:`~inatsdk.errors.InvalidParameterError` before sending. Only its author may save
        it (:class:`~inatsdk.errors.ForbiddenError` otherwise).

        Example::

            ident = client.identifications.search(user_id=me.id).first()
            ident.body = "Wing bars visible in the second photo"
            ident = client.identifications.save(ident)   # PUT {"identification": {"body": ...}}

        With ``api_version="v2"``, one with a ``uuid`` goes to :meth:`save_v2`
        (``PUT /v2/identifications/{uuid}``).
        """
        if self._requester.api_version == "v2" and identification.uuid is not None:
            return self.save_v2(identification, dry_run=dry_run)
        if identification.is_new:
            return self.create(identification, dry_run=dry_run)
        return update_record(
            self._requester,
            IDENTIFICATION_UPDATE,
            IDENTIFICATION_WRITES,
            identification,
            dry_run=dry_run,
        )

    def withdraw(
        self, identification: Identification | int, *, dry_run: bool | None = None
    ) -> Identification:
        """Withdraw one of your identifications (it stays visible, no longer current). Calls
        ``PUT /v1/identifications/{id}`` with ``current=false``; returns the server's version.
        """
        return self._set_current("withdraw", identification, False, dry_run)

    def restore(
        self, identification: Identification | int, *, dry_run: bool | None = None
    ) -> Identification:
        """Restore a withdrawn identification of yours. Calls ``PUT /v1/identifications/{id}``
        with ``current=true``; the API withdraws your other identifications of that
        observation, since only one per person is current. Returns the server's version.
        """
        return self._set_current("restore", identification, True, dry_run)

    def delete(self, identification: Identification | int, *, dry_run: bool | None = None) -> None:
        """Delete one of your identifications, given as a model or an id. Calls
        ``DELETE /v1/identifications/{id}``.

        Prefer :meth:`withdraw`, which keeps the history visible; when the deleted one was
        current, the API makes your latest remaining identification of the observation current.

        With ``api_version="v2"``, one with a ``uuid`` goes to :meth:`delete_v2`.
        """
        if (
            self._requester.api_version == "v2"
            and isinstance(identification, Identification)
            and identification.uuid
        ):
            return self.delete_v2(identification, dry_run=dry_run)
        delete_record(
            self._requester,
            IDENTIFICATION_DELETE,
            record_id(identification, "identification"),
            dry_run=dry_run,
            argument="identification",
        )

    def _set_current(
        self,
        method_name: str,
        identification: Identification | int,
        current: bool,
        dry_run: bool | None,
    ) -> Identification:
        if isinstance(identification, Identification):
            model = identification
        else:
            ident = key_of(
                record_id(identification, "identification"),
                argument="identification",
                where=self._caller(method_name),
                uuids=False,
            )
            model = Identification(id=int(ident))
        body = {"identification": {"current": current}}
        return update_record(
            self._requester,
            IDENTIFICATION_UPDATE,
            IDENTIFICATION_WRITES,
            model,
            dry_run=dry_run,
            body=body,
        )

    # --- v2 -----------------------------------------------------------------------------------

    def similar_species_v2(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[IdentificationsSimilarSpeciesParamsV2],
    ) -> IdentificationsSimilarSpeciesPaginatorV2[SpeciesCount]:
        """Taxa most often confused with ``taxon_id``. Calls
        ``GET /v2/identifications/similar_species``."""
        return self._requester.paginate(
            IDENTIFICATIONS_SIMILAR_SPECIES_V2,
            params,
            fields=fields,
            kind=IdentificationsSimilarSpeciesPaginatorV2,
            dry_run=dry_run,
            where=self._caller("similar_species_v2"),
        )

    def create_v2(
        self,
        identification: Identification,
        *,
        observation: Observation | str | None = None,
        dry_run: bool | None = None,
    ) -> Identification:
        """Identify an observation named by UUID (``observation=``, else the identification's
        ``observation``); the server's identification. Calls ``POST /v2/identifications``.

        Example::

            client.identifications.create_v2(Identification(taxon_id=3), observation=obs)
        """
        target = observation if observation is not None else identification.observation
        body = create_body(IDENTIFICATION_WRITES_V2, identification)
        body["identification"]["observation_id"] = uuid_of(target, "observation")
        return create_v2(
            self._requester,
            IDENTIFICATION_CREATE_V2,
            IDENTIFICATION_WRITES_V2,
            identification,
            dry_run=dry_run,
            body=body,
        )

    def save_v2(
        self, identification: Identification, *, dry_run: bool | None = None
    ) -> Identification:
        """Save a changed remark (``body``) or ``current``, by UUID. Calls
        ``PUT /v2/identifications/{uuid}``; nothing is sent when nothing changed."""
        return update_v2(
            self._requester,
            IDENTIFICATION_UPDATE_V2,
            IDENTIFICATION_WRITES_V2,
            identification,
            uuid_of(identification, "identification"),
            dry_run=dry_run,
        )

    def delete_v2(
        self, identification: Identification | str, *, dry_run: bool | None = None
    ) -> None:
        """Delete one of your identifications (a model or its UUID). Calls
        ``DELETE /v2/identifications/{uuid}``."""
        delete_v2(
            self._requester,
            IDENTIFICATION_DELETE_V2,
            uuid_of(identification, "identification"),
            argument="identification",
            dry_run=dry_run,
        )
