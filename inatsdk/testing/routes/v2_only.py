"""The v2 reads with no v1 counterpart in the emulator, computed from its world.

``/observations/iconic_taxa_species_counts``
    Per iconic taxon, how many species the matching observations hold.
``/observations/identification_categories``
    How many identifications of the matching observations are ``improving``, ``supporting``,
    ``leading`` or ``maverick``.
``/observations/umbrella_project_stats``
    For an umbrella ``project_id``, each of its projects with its observation, species and
    observer counts (none for other projects).
``/computervision/score_observation/{uuid}``, ``/computervision/language_search``
    v1's vision scores for an observation by UUID; taxa whose names contain ``q``, as photos.
``/users``, ``/users/email_available``, ``/users/notification_counts``,
``/users/recent_observation_fields``
    Users by ``orcid``; whether an e-mail address is free; the viewer's unread updates and
    messages; observation fields, most used first.
``/sites``, ``/translations/locales``, ``/ping``, ``/build_info``, ``/app_build_info``,
``/geoip_lookup``
    Fixed answers of the emulated site.
``/taxon_id_summaries...``
    Nothing is seeded for these: empty pages (a summary by UUID is HTTP 404).
``/geomodel.../{id}/{zoom}/{x}/{y}.png``
    The taxon's range tile.

Announcements, account connections and exemplar identifications have their own folders
(:mod:`inatsdk.testing.announcements`, :mod:`inatsdk.testing.authorizations`,
:mod:`inatsdk.testing.identifications.v2_exemplars`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import attrs

from inatsdk.testing.observations.v1 import matching
from inatsdk.testing.observations.v1_stats import species_leaves
from inatsdk.testing.records import JSON, ORIGIN
from inatsdk.testing.routes import Handler, Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.routes import v1_tiles as tiles
from inatsdk.testing.rules import int_param, paging
from inatsdk.testing.taxa import v1_computervision as vision
from inatsdk.testing.users.seed import SITES
from inatsdk.testing.v2 import add_twin, json_objects, plain, prune, split_fields, v2_error
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register", "vision_answer"]

_LOCALES = (
    ("en", "English"),
    ("es", "Español"),
    ("es-MX", "Español (México)"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("pt-BR", "Português (Brasil)"),
    ("ja", "日本語"),
    ("zh-CN", "简体中文"),
)


def _page(ctx: RequestContext, spec_path: str, rows: list[JSON], total: int | None = None) -> Reply:
    """``rows`` as one v2 page, pruned to ``fields``."""
    _, fields = split_fields(ctx)
    pg = paging(ctx.query, maximum=200, default=30)
    required = results_required("GET", spec_path)
    return json_reply(paged(pg, rows, lambda window: prune(window, fields, required), total=total))


def _taxon(ctx: RequestContext, taxon_id: int) -> JSON:
    return dict(ctx.store.renderer.taxon_brief(taxon_id))


def _observations(ctx: RequestContext) -> Iterable[Any]:
    query, _ = split_fields(ctx)
    return matching(plain(ctx, {k: v for k, v in query.items() if k not in ("page", "per_page")}))


# --- observations -----------------------------------------------------------------------------


def iconic_taxa_species_counts(ctx: RequestContext) -> Reply:
    taxa = ctx.store.renderer.taxa
    by_iconic: dict[int, set[int]] = {}
    leaves = species_leaves(taxa, (c.taxon_id for c in _observations(ctx)))
    for species_id in leaves:
        iconic = taxa[species_id].iconic_taxon_id
        if iconic is not None:
            by_iconic.setdefault(iconic, set()).add(species_id)
    top = sorted(by_iconic.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    rows = [{"count": len(ids), "taxon": _taxon(ctx, t)} for t, ids in top]
    return _page(ctx, "/observations/iconic_taxa_species_counts", rows)


def identification_categories(ctx: RequestContext) -> Reply:
    counts: dict[str, int] = {}
    store = ctx.store
    for core in _observations(ctx):
        for ident in json_objects(store.render_observation(core).get("identifications")):
            category = ident.get("category")
            if isinstance(category, str) and ident.get("current", True):
                counts[category] = counts.get(category, 0) + 1
    rows = [{"category": k, "count": n} for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return _page(ctx, "/observations/identification_categories", rows)


def umbrella_project_stats(ctx: RequestContext) -> Reply:
    catalog = ctx.store.project_catalog()
    project_id = int_param(ctx.query, "project_id")
    umbrella = catalog.by_id.get(project_id) if project_id is not None else None
    rows: list[JSON] = []
    children = umbrella.subproject_ids if umbrella is not None and umbrella.is_umbrella else ()
    for child_id in children:
        child = catalog.by_id.get(child_id)
        if child is None:
            continue
        cores = list(matching(plain(ctx, {"project_id": str(child_id)})))
        rows.append(
            {
                "project": catalog.record(child, ctx.store.renderer),
                "observation_count": len(cores),
                "species_count": len(
                    species_leaves(ctx.store.renderer.taxa, (c.taxon_id for c in cores))
                ),
                "observers_count": len({c.user_id for c in cores}),
            }
        )
    return _page(ctx, "/observations/umbrella_project_stats", rows)


# --- taxa and vision ---------------------------------------------------------------------------


def language_search(ctx: RequestContext) -> Reply:
    text = (ctx.query.get("q") or "").strip().lower()
    rows: list[JSON] = []
    if text:
        taxa = ctx.store.renderer.taxa
        for t in taxa.values():
            names = (t.name.lower(), (t.common_name or "").lower())
            if any(text in n for n in names):
                rows.append(
                    {
                        "photo_id": 700_000_000 + t.id,
                        "score": 1.0 if t.name.lower() == text else 0.5,
                    }
                )
            if len(rows) >= 200:
                break
    return _page(ctx, "/computervision/language_search", rows)


def score_observation(ctx: RequestContext) -> Reply:
    key = ctx.path_params["uuid"].strip().lower()
    core = ctx.store.observation_core(int(key) if key.isdigit() else key)
    if core is None:
        raise v2_error(404, "Not Found")
    made = attrs.evolve(plain(ctx, {}), path_params={"id": str(core.id)})
    _, fields = split_fields(ctx)
    return vision_answer(vision.score_observation(made), fields)


def vision_answer(reply: Reply, fields: Any) -> Reply:
    """v1's computer-vision answer as v2 gives it: each frequency score the geomodel's verdict
    (1 expected nearby, 0 not), the results pruned to ``fields``."""
    if reply.status != 200:
        return reply
    data = json.loads(reply.body)
    results = json_objects(data.get("results"))
    for row in results:
        score = row.get("frequency_score")
        if isinstance(score, (int, float)):
            row["frequency_score"] = 1 if score > 0 else 0
    data["results"] = prune(results, fields, ("taxon",))
    return json_reply(data)


# --- users -------------------------------------------------------------------------------------


def users_index(ctx: RequestContext) -> Reply:
    orcid = (ctx.query.get("orcid") or "").strip()
    renderer = ctx.store.renderer
    rows = [renderer.user(u.id) for u in renderer.users.values() if orcid and u.orcid == orcid]
    return _page(ctx, "/users", rows)


def email_available(ctx: RequestContext) -> Reply:
    ctx.require_user()
    email = (ctx.query.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise v2_error(422, "email is required")
    local = email.split("@", 1)[0]
    taken = email.endswith("@example.org") and ctx.store.user_id(local) is not None
    return json_reply({"available": not taken})


def notification_counts(ctx: RequestContext) -> Reply:
    me = ctx.require_user()
    updates = [u for u in ctx.store.observation_updates(me) if not u.get("viewed")]
    unread = [
        r
        for r in ctx.store.message_rows(me)
        if r.to_id == me and ctx.store.message_read_at(r) is None
    ]
    return json_reply({"updates_count": len(updates), "messages_count": len(unread)})


def recent_observation_fields(ctx: RequestContext) -> Reply:
    ctx.require_user()
    catalog = ctx.store.observation_field_catalog()
    rows = [catalog.autocomplete_record(f.id) for f in catalog.rows[:10]]
    return _page(ctx, "/users/recent_observation_fields", rows)


# --- the site ----------------------------------------------------------------------------------


def sites(ctx: RequestContext) -> Reply:
    rows = [
        {**site, "icon_url": f"{ORIGIN}/attachments/sites/{site_id}.png"}
        for site_id, site in sorted(SITES.items())
    ]
    return _page(ctx, "/sites", rows)


def locales(ctx: RequestContext) -> Reply:
    rows = [{"locale": code, "language_in_locale": name} for code, name in _LOCALES]
    return _page(ctx, "/translations/locales", rows)


def ping(ctx: RequestContext) -> Reply:
    return json_reply({"status": "available"})


def build_info(ctx: RequestContext) -> Reply:
    ctx.require_user()
    return json_reply(
        {
            "git_branch": "main",
            "git_commit": "0" * 40,
            "image_tag": "inatsdk-emulator",
            "build_date": "2026-01-01",
        }
    )


def app_build_info(ctx: RequestContext) -> Reply:
    ctx.require_user()
    part = {
        "git_branch": "main",
        "git_commit": "0" * 40,
        "image_tag": "emulator",
        "build_date": "2026-01-01",
    }
    return json_reply({"api": part, "rails": part, "vision": part})


def geoip_lookup(ctx: RequestContext) -> Reply:
    ctx.require_user()
    ip = (ctx.query.get("ip") or "127.0.0.1").strip()
    return _page(ctx, "/geoip_lookup", [{"ip": ip, "country": "US", "ll": [37.77, -122.42]}])


def _empty(spec_path: str, *, auth: bool) -> Handler:
    def handle(ctx: RequestContext) -> Reply:
        if auth:
            ctx.require_user()
        return _page(ctx, spec_path, [])

    return handle


def _missing(ctx: RequestContext) -> Reply:
    raise v2_error(404, "Not Found")


def _geomodel(ctx: RequestContext) -> Reply:
    made = attrs.evolve(ctx, path_params={**ctx.path_params, "taxon_id": ctx.path_params["id"]})
    return tiles.taxon_ranges_png(made)


def register(router: Router) -> None:
    from inatsdk.testing.v2 import add_v2

    gets: list[tuple[str, str, Handler]] = [
        (
            "/v2/observations/iconic_taxa_species_counts",
            "/observations/iconic_taxa_species_counts",
            iconic_taxa_species_counts,
        ),
        (
            "/v2/observations/identification_categories",
            "/observations/identification_categories",
            identification_categories,
        ),
        (
            "/v2/observations/umbrella_project_stats",
            "/observations/umbrella_project_stats",
            umbrella_project_stats,
        ),
        ("/v2/computervision/language_search", "/computervision/language_search", language_search),
        (
            "/v2/computervision/score_observation/<uuid>",
            "/computervision/score_observation/{uuid}",
            score_observation,
        ),
        ("/v2/users", "/users", users_index),
        ("/v2/users/email_available", "/users/email_available", email_available),
        ("/v2/users/notification_counts", "/users/notification_counts", notification_counts),
        (
            "/v2/users/recent_observation_fields",
            "/users/recent_observation_fields",
            recent_observation_fields,
        ),
        ("/v2/sites", "/sites", sites),
        ("/v2/translations/locales", "/translations/locales", locales),
        ("/v2/geoip_lookup", "/geoip_lookup", geoip_lookup),
        (
            "/v2/taxon_id_summaries",
            "/taxon_id_summaries",
            _empty("/taxon_id_summaries", auth=False),
        ),
    ]
    for rule, spec_path, handler in gets:
        add_twin(router, rule, spec_path, handler)
    for rule, spec_path, handler in (
        ("/v2/ping", "/ping", ping),
        ("/v2/build_info", "/build_info", build_info),
        ("/v2/app_build_info", "/app_build_info", app_build_info),
        ("/v2/taxon_id_summaries/<uuid>", "/taxon_id_summaries/{uuid}", _missing),
        (
            "/v2/taxon_id_summaries/<uuid>/id_summaries/<id>/quality_metrics",
            "/taxon_id_summaries/{uuid}/id_summaries/{id}/quality_metrics",
            _missing,
        ),
        (
            "/v2/taxon_id_summaries/<uuid>/id_summaries/<id>/references/<reference_id>/quality_metrics",
            "/taxon_id_summaries/{uuid}/id_summaries/{id}/references/{reference_id}/quality_metrics",
            _missing,
        ),
    ):
        add_v2(router, "GET", rule, spec_path, handler)
    tile = "<int:zoom>/<int:x>/<int:y>.png"
    for name in ("geomodel", "geomodel_comparison", "geomodel_taxon_range"):
        add_v2(
            router,
            "GET",
            f"/v2/{name}/<id>/{tile}",
            f"/{name}/{{id}}/{{zoom}}/{{x}}/{{y}}.png",
            _geomodel,
        )
