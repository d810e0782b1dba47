"""``GET /v2/exemplar_identifications`` and ``POST``/``DELETE
/v2/exemplar_identifications/{id}/vote`` (unpublished upstream routes) on the seeded exemplars
(:mod:`inatsdk.testing.identifications.exemplars`).

The search filters by ``id``, ``taxon_id`` (the identification's taxon or a descendant),
``direct_taxon_id`` (that taxon only) and, for a signed-in viewer, ``upvoted`` and
``nominated``; each record carries its ``votes`` and ``cached_votes_total`` as of now.
Voting needs a valid JWT (401) and an exemplar that exists (404); a second vote keeps the
first, taking back a vote never cast changes nothing; both answer 204, as the spec says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from inatsdk.testing.identifications.exemplar_votes import ExemplarVotes
from inatsdk.testing.identifications.exemplars import Exemplar, exemplars
from inatsdk.testing.records import JSON, iso_time
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import is_json_object, paging
from inatsdk.testing.v2 import add_twin, add_v2, prune, split_fields, v2_error, v2_path_id
from inatsdk.testing.v2_records import v2_taxon, v2_user
from inatsdk.testing.v2_schemas import conform, results_required

__all__ = ["register"]

_SPEC_PATH = "/exemplar_identifications"


def _record(ctx: RequestContext, ex: Exemplar) -> JSON:
    """The exemplar in v2's shape (its schema is open at the top, so :func:`conform` does not
    reach the closed records nested in it; they are shaped here)."""
    store = ctx.store
    nominator = store.renderer.user(ex.nominated_by)
    votes = [
        {
            "id": v.id,
            "created_at": iso_time(v.created),
            "user_id": v.user_id,
            "user": v2_user(store, v.user_id),
            "vote_flag": True,
            "vote_scope": None,
        }
        for v in store.states.get(ExemplarVotes).of(ex.id)
    ]
    identification = dict(store.render_identification(ex.identification))
    identification["user"] = v2_user(store, ex.identification.user_id)
    if is_json_object(identification.get("taxon")):
        identification["taxon"] = v2_taxon(identification["taxon"])
    return {
        "id": ex.id,
        "identification": conform(identification, "ExemplarIdentificationIdentification"),
        "nominated_by_user": {k: nominator.get(k) for k in ("id", "login", "name", "icon")},
        "nominated_at": ex.nominated_at,
        "votes": conform(votes, "Vote"),
        "cached_votes_total": len(votes),
    }


def _ids(raw: str | None) -> set[int] | None:
    if not raw:
        return None
    return {int(p) for p in raw.split(",") if p.strip().isdigit()}


def _filters(ctx: RequestContext, query: Mapping[str, str]) -> list[Callable[[Exemplar], bool]]:
    taxa = ctx.store.renderer.taxa
    tests: list[Callable[[Exemplar], bool]] = []
    wanted = _ids(query.get("id"))
    if wanted is not None:
        tests.append(lambda ex: ex.id in wanted)
    within = _ids(query.get("taxon_id"))
    if within is not None:
        tests.append(
            lambda ex: not within.isdisjoint(taxa[ex.identification.taxon_id].ancestor_ids)
        )
    direct = _ids(query.get("direct_taxon_id"))
    if direct is not None:
        tests.append(lambda ex: ex.identification.taxon_id in direct)
    viewer = ctx.viewer()
    if viewer is not None:
        votes = ctx.store.states.get(ExemplarVotes)
        upvoted = query.get("upvoted")
        if upvoted in ("true", "false"):
            want = upvoted == "true"
            tests.append(lambda ex: any(v.user_id == viewer for v in votes.of(ex.id)) == want)
        nominated = query.get("nominated")
        if nominated in ("true", "false"):
            mine = nominated == "true"
            tests.append(lambda ex: (ex.nominated_by == viewer) == mine)
    return tests


def search(ctx: RequestContext) -> Reply:
    query, fields = split_fields(ctx)
    tests = _filters(ctx, query)
    rows = [ex for ex in exemplars(ctx.store) if all(t(ex) for t in tests)]
    pg = paging(ctx.query, maximum=200, default=30)
    required = results_required("GET", _SPEC_PATH)

    def render(window: list[Exemplar]) -> list[JSON]:
        return prune([_record(ctx, ex) for ex in window], fields, required)

    return json_reply(paged(pg, rows, render))


def _exemplar(ctx: RequestContext) -> Exemplar:
    exemplar_id = v2_path_id(ctx)
    for ex in exemplars(ctx.store):
        if ex.id == exemplar_id:
            return ex
    raise v2_error(404, "Not Found")


def vote(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    votes = ctx.store.states.get(ExemplarVotes)
    ex = _exemplar(ctx)
    if ctx.method == "POST":
        votes.vote(ex.id, user_id)
    else:
        votes.unvote(ex.id, user_id)
    return Reply(204, b"")


def register(router: Router) -> None:
    add_twin(router, "/v2" + _SPEC_PATH, _SPEC_PATH, search)
    for method in ("POST", "DELETE"):
        add_v2(router, method, f"/v2{_SPEC_PATH}/<id>/vote", _SPEC_PATH + "/{id}/vote", vote)
