"""``client.controlled_terms``: the attributes and values annotations use (Life Stage: Adult)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from inatsdk.controllers.base import BaseController, _as_id
from inatsdk.models import ControlledTerm
from inatsdk.paginator import Paginator

__all__ = ["ControlledTermsController"]

logger = logging.getLogger("inatsdk")


def _whole_list(fetch: Callable[[Mapping[str, str]], Any]) -> Callable[[Mapping[str, str]], Any]:
    """Page locally over an endpoint that answers its whole list at once.

    ``/controlled_terms`` and ``/controlled_terms/for_taxon`` ignore ``page`` and ``per_page``
    and answer their first 30 terms (there are fewer than that). The request goes out without
    them (so it is always the same request, and cached as one), and the page the paginator asked
    for is cut from the answer, so counting, slicing and indexing stay right.
    """

    def fetch_page(query: Mapping[str, str]) -> Any:
        sent = {k: v for k, v in query.items() if k not in ("page", "per_page")}
        data = fetch(sent)
        if data is None:  # dry-run
            return None
        results = list(data.get("results") or []) if isinstance(data, Mapping) else list(data)
        total = data.get("total_results") if isinstance(data, Mapping) else None
        if isinstance(total, int) and total > len(results):
            logger.warning(
                "the API matched %d controlled terms but answers only its first %d",
                total,
                len(results),
            )
        per_page = int(query.get("per_page", len(results) or 1))
        page = int(query.get("page", 1))
        start = (page - 1) * per_page
        return {
            "total_results": len(results),
            "page": page,
            "per_page": per_page,
            "results": results[start : start + per_page],
        }

    return fetch_page


class ControlledTermsController(BaseController):
    """Controlled terms: the vocabulary of annotations (attributes, each with its values)."""

    resource = "controlled_terms"

    def _terms(
        self, method_name: str, params: Mapping[str, object], dry_run: bool | None
    ) -> Paginator[ControlledTerm]:
        ep = self._endpoint(method_name)
        check = self._checker(ep, method_name)
        check(params)
        client = self._client

        def fetch(query: Mapping[str, str]) -> Any:
            return client._get(ep.version, ep.path, query, dry_run=dry_run, auth="none").json

        return Paginator(
            fetch=_whole_list(fetch),
            parse=ControlledTerm.from_json,
            endpoint=ep,
            model="ControlledTerm",
            params=params,
            check=check,
        )

    def all(self, *, dry_run: bool | None = None) -> Paginator[ControlledTerm]:
        """Every controlled attribute, with its values. Calls ``GET /v1/controlled_terms``.

        The API answers the whole vocabulary in one response (it ignores paging), so iterating,
        counting or slicing costs one request, cached for days like taxa.

        Example::

            for term in client.controlled_terms.all():
                print(term.label, [v.label for v in term.values or []])
        """
        return self._terms("all", {}, dry_run)

    def for_taxon(self, taxon_id: int, *, dry_run: bool | None = None) -> Paginator[ControlledTerm]:
        """The attributes (and their values) that apply to a taxon, e.g. *Life Stage* for an
        insect. Calls ``GET /v1/controlled_terms/for_taxon``.

        One request answers them all (the API ignores paging). The API answers 422 for a taxon
        it does not know (:class:`~inatsdk.errors.ValidationError`).
        """
        return self._terms("for_taxon", {"taxon_id": _as_id(taxon_id)}, dry_run)
