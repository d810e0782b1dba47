"""``client.taxon_suggestions``: what an organism may be, from nearby observations, a place's
checklist or an image (``/v2/taxa/suggest``, v2 only), and the tiles of the geomodel (where
the computer-vision model expects a taxon)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from inatsdk.controllers.base import BaseController
from inatsdk.controllers.maps import fetch_tile_v2
from inatsdk.endpoints import (
    TAXA_SUGGEST_IMAGE_V2,
    TAXA_SUGGEST_V2,
    TILE_GEOMODEL_COMPARISON_V2,
    TILE_GEOMODEL_TAXON_RANGE_V2,
    TILE_GEOMODEL_V2,
    Operation,
)
from inatsdk.envelope import object_of, parse_records
from inatsdk.models import TaxonSuggestions
from inatsdk.models.base import BaseModel
from inatsdk.uploads import DEFAULT_MAX_BYTES, UploadFile, UploadSource

if TYPE_CHECKING:
    from inatsdk.fields import FieldsLike
    from inatsdk.params.v2 import (
        GeomodelComparisonPngParams,
        GeomodelPngParams,
        GeomodelTaxonRangePngParams,
        TaxaSuggestCreateForm,
        TaxaSuggestParams,
    )

__all__ = ["GeomodelController", "TaxonSuggestionsController"]


class TaxonSuggestionsController(BaseController):
    """Taxon suggestions (v2 only)."""

    resource = "taxon_suggestions"

    def suggest(
        self,
        *,
        fields: FieldsLike | None = None,
        dry_run: bool | None = None,
        **params: Unpack[TaxaSuggestParams],
    ) -> TaxonSuggestions:
        """Taxa suggested by ``source`` (``"observations"`` near ``lat``/``lng``, a place's
        ``"checklist"``, ``"visual"``...). Calls ``GET /v2/taxa/suggest`` (needs credentials);
        an empty :class:`~inatsdk.models.TaxonSuggestions` in dry-run.

        Example::

            client.taxon_suggestions.suggest(source="observations", lat=1.5, lng=2.5)
        """
        return (
            self._requester.object_v2(
                TAXA_SUGGEST_V2,
                params,
                dry_run=dry_run,
                where=self._caller("suggest"),
            )
            if fields is None
            else self._with_fields(params, fields, dry_run)
        )

    def _with_fields(
        self, params: Mapping[str, object], fields: FieldsLike, dry_run: bool | None
    ) -> TaxonSuggestions:
        response = self._requester.call_v2(
            TAXA_SUGGEST_V2, params, fields=fields, dry_run=dry_run, where=self._caller("suggest")
        )
        if response.dry_run:
            return TaxonSuggestions()
        return parse_records(TaxonSuggestions.from_json, [object_of(response)], url=response.url)[0]

    def suggest_from_image(
        self,
        photo: UploadSource,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        dry_run: bool | None = None,
        **form: Unpack[TaxaSuggestCreateForm],
    ) -> TaxonSuggestions:
        """Taxa suggested for a photo (a path, bytes or a binary file), with ``form``'s
        filters (``lat``, ``lng``, ``taxon_id``...). Calls ``POST /v2/taxa/suggest`` as a
        multipart form; it computes, changes nothing, so ``dry_run="writes"`` sends it.
        Every field is asked for, so each suggestion's taxon comes with its names and photo
        (v2 answers ids alone otherwise)."""
        upload = UploadFile.load(photo, "photo", max_bytes=max_bytes, index=0)
        data = {k: str(v) for k, v in form.items() if v is not None and k != "image"}
        data["fields"] = "all"
        response = self._requester.call_v2(
            TAXA_SUGGEST_IMAGE_V2,
            data=data,
            files={"image": (upload.filename, upload.data, upload.content_type)},
            dry_run=dry_run,
            where=self._caller("suggest_from_image"),
        )
        if response.dry_run:
            return TaxonSuggestions()
        return parse_records(TaxonSuggestions.from_json, [object_of(response)], url=response.url)[0]


class GeomodelController(BaseController):
    """Geomodel tiles: where the computer-vision model expects a taxon (v2 only). PNG bytes
    (``b""`` in dry-run); tile coordinates are checked before anything is sent."""

    resource = "geomodel"

    def _tile(
        self,
        op: Operation[BaseModel],
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        params: Mapping[str, object],
        dry_run: bool | None,
        name: str,
    ) -> bytes:
        return fetch_tile_v2(
            self._requester,
            op,
            zoom,
            x,
            y,
            params,
            dry_run=dry_run,
            where=self._caller(name),
            ids={"id": taxon_id},
            arguments={"id": "taxon_id"},
        ).content

    def tile(
        self,
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[GeomodelPngParams],
    ) -> bytes:
        """The geomodel's predictions for a taxon. Calls
        ``GET /v2/geomodel/{id}/{zoom}/{x}/{y}.png``."""
        return self._tile(TILE_GEOMODEL_V2, taxon_id, zoom, x, y, params, dry_run, "tile")

    def comparison_tile(
        self,
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[GeomodelComparisonPngParams],
    ) -> bytes:
        """The geomodel's predictions compared with the taxon's range. Calls
        ``GET /v2/geomodel_comparison/{id}/{zoom}/{x}/{y}.png``."""
        return self._tile(
            TILE_GEOMODEL_COMPARISON_V2, taxon_id, zoom, x, y, params, dry_run, "comparison_tile"
        )

    def taxon_range_tile(
        self,
        taxon_id: int,
        zoom: int,
        x: int,
        y: int,
        *,
        dry_run: bool | None = None,
        **params: Unpack[GeomodelTaxonRangePngParams],
    ) -> bytes:
        """The taxon's range as the geomodel draws it. Calls
        ``GET /v2/geomodel_taxon_range/{id}/{zoom}/{x}/{y}.png``."""
        return self._tile(
            TILE_GEOMODEL_TAXON_RANGE_V2,
            taxon_id,
            zoom,
            x,
            y,
            params,
            dry_run,
            "taxon_range_tile",
        )
