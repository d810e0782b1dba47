"""``GET /v1/observations``, ``GET /v1/observations/{id}``, ``POST /v1/observations``, and the
reads about one observation or the signed-in user's: ``/observations/{id}/taxon_summary``,
``/{id}/quality_metrics``, ``/{id}/subscriptions``, ``/observations/updates`` and
``/observations/deleted``.

:func:`observation_filters` turns a query into predicates over the store's records; the
aggregates (:mod:`inatsdk.testing.observations.v1_stats`) filter with it too.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from inatsdk.testing.records import JSON, envelope, merged, only_ids
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged, path_id
from inatsdk.testing.rules import (
    BATCH_ID_LIMITS,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    TOO_MANY_IDS_MESSAGE,
    ApiError,
    boolean_param,
    date_param,
    float_param,
    int_list_param,
    int_param,
    is_date_only,
    is_json_array,
    is_json_object,
    paging,
    str_list_param,
)
from inatsdk.testing.seed import ObservationCore, ObservationExtra
from inatsdk.testing.store import Store
from inatsdk.testing.taxa.seed import ICONIC_TAXON_IDS, RANK_LEVELS

__all__ = ["matching", "observation_filters", "register"]

Pred = Callable[[ObservationCore], bool]

_DAY = 86_400


def _day_number(value: dt.datetime) -> int:
    return (value.date() - dt.date(1970, 1, 1)).days


def _local_date(core: ObservationCore) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=core.observed_day)


def _created_day(core: ObservationCore) -> int:
    return math.floor((core.created + core.utc_offset * 3600) / _DAY)


def taxon_scope(store: Store, taxon_ids: Iterable[int]) -> frozenset[int]:
    """Ids of the taxa that are one of ``taxon_ids`` or below one of them."""
    wanted = frozenset(taxon_ids)
    return frozenset(t.id for t in store.world.taxa if not wanted.isdisjoint(t.ancestor_ids))


def _place_scope(store: Store, place_ids: list[int]) -> frozenset[int]:
    wanted = frozenset(place_ids)
    return frozenset(
        p.id for p in store.world.places if not wanted.isdisjoint(p.ancestor_place_ids)
    )


def user_scope(store: Store, values: list[str]) -> frozenset[int]:
    """Ids of the users named by id or login (an unknown login matches nobody)."""
    out: set[int] = set()
    for v in values:
        if v.isdigit():
            out.add(int(v))
        else:
            user_id = store.user_id(v)
            out.add(user_id if user_id is not None else -1)
    return frozenset(out)


def _haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _project_pred(store: Store, project_id: int, depth: int = 0) -> Pred:
    """Which observations a project holds: a collection project's are those its rules match
    (taxa, places, quality grades, wild only), an umbrella's those of its sub-projects; a
    traditional project's, in this emulator, those of its members and those added to it (the
    real one holds only the observations people added)."""
    row = store.project_catalog().find(str(project_id))
    if row is None or depth > 2:
        return lambda o: False
    if row.is_umbrella:
        subs = [_project_pred(store, sub, depth + 1) for sub in row.subproject_ids]
        return lambda o: any(pred(o) for pred in subs)
    if not row.is_new_style:
        members = frozenset(row.member_ids)
        added = store.account_writes()
        return lambda o: o.user_id in members or project_id in added.project_ids_of(o.id)
    checks: list[Pred] = [lambda o: not o.captive]
    if row.taxon_ids:
        taxa = taxon_scope(store, list(row.taxon_ids))
        checks.append(lambda o: o.taxon_id in taxa)
    if row.rule_place_ids:
        places = _place_scope(store, list(row.rule_place_ids))
        checks.append(lambda o: o.place_id in places)
    if row.quality_grades:
        grades = frozenset(row.quality_grades)
        checks.append(lambda o: o.quality_grade in grades)
    return lambda o: all(check(o) for check in checks)


def observation_filters(ctx: RequestContext) -> list[Pred]:
    """The predicates of the search filters in ``ctx.query`` (unknown ones are ignored)."""
    q = ctx.query
    store = ctx.store
    taxa = store.renderer.taxa
    preds: list[Pred] = []

    ids = int_list_param(q, "id")
    if ids is not None:
        wanted_ids = frozenset(ids)
        preds.append(lambda o: o.id in wanted_ids)
    not_ids = int_list_param(q, "not_id")
    if not_ids is not None:
        unwanted_ids = frozenset(not_ids)
        preds.append(lambda o: o.id not in unwanted_ids)
    id_above = int_param(q, "id_above")
    if id_above is not None:
        preds.append(lambda o: o.id > id_above)
    id_below = int_param(q, "id_below")
    if id_below is not None:
        preds.append(lambda o: o.id < id_below)

    taxon_ids = int_list_param(q, "taxon_id")
    if taxon_ids is not None:
        scope = taxon_scope(store, taxon_ids)
        preds.append(lambda o: o.taxon_id in scope)
    without = int_list_param(q, "without_taxon_id")
    if without is not None:
        excluded = taxon_scope(store, without)
        preds.append(lambda o: o.taxon_id not in excluded)
    taxon_name = (q.get("taxon_name") or "").strip().lower()
    if taxon_name:
        named = [
            t.id
            for t in store.world.taxa
            if t.name.lower() == taxon_name or (t.common_name or "").lower() == taxon_name
        ]
        named_scope = taxon_scope(store, named)
        preds.append(lambda o: o.taxon_id in named_scope)
    iconic = str_list_param(q, "iconic_taxa")
    if iconic is not None:
        iconic_ids = frozenset(ICONIC_TAXON_IDS[n] for n in iconic if n in ICONIC_TAXON_IDS)
        unknown = "unknown" in iconic

        def in_iconic(o: ObservationCore) -> bool:
            if o.taxon_id is None:
                return unknown
            iconic_id = taxa[o.taxon_id].iconic_taxon_id
            return iconic_id in iconic_ids or (unknown and iconic_id is None)

        preds.append(in_iconic)
    ranks = str_list_param(q, "rank")
    if ranks is not None:
        wanted_ranks = frozenset(ranks)
        preds.append(lambda o: o.taxon_id is not None and taxa[o.taxon_id].rank in wanted_ranks)
    hrank = q.get("hrank")
    if hrank:
        top = RANK_LEVELS.get(hrank, 100)
        preds.append(lambda o: o.taxon_id is not None and taxa[o.taxon_id].rank_level <= top)
    lrank = q.get("lrank")
    if lrank:
        bottom = RANK_LEVELS.get(lrank, 0)
        preds.append(lambda o: o.taxon_id is not None and taxa[o.taxon_id].rank_level >= bottom)

    users = str_list_param(q, "user_id")
    if users is not None:
        user_set = user_scope(store, users)
        preds.append(lambda o: o.user_id in user_set)
    logins = str_list_param(q, "user_login")
    if logins is not None:
        login_scope = user_scope(store, [v for v in logins if not v.isdigit()] or ["-"])
        preds.append(lambda o: o.user_id in login_scope)

    place_ids = int_list_param(q, "place_id")
    if place_ids is not None:
        place_scope = _place_scope(store, place_ids)
        preds.append(lambda o: o.place_id in place_scope)
    project_ids = int_list_param(q, "project_id")
    if project_ids is not None:
        in_projects = [_project_pred(store, pid) for pid in project_ids]
        preds.append(lambda o: any(pred(o) for pred in in_projects))
    box = [float_param(q, n) for n in ("swlat", "swlng", "nelat", "nelng")]
    if all(v is not None for v in box):  # like the real one, a partial box is ignored
        swlat, swlng, nelat, nelng = (float(v or 0.0) for v in box)
        preds.append(
            lambda o: (
                o.lat is not None
                and o.lng is not None
                and swlat <= o.lat <= nelat
                and swlng <= o.lng <= nelng
            )
        )
    lat, lng = float_param(q, "lat"), float_param(q, "lng")
    if lat is not None and lng is not None:
        radius = float_param(q, "radius") or 10.0
        preds.append(
            lambda o: (
                o.lat is not None
                and o.lng is not None
                and _haversine_km(lat, lng, o.lat, o.lng) <= radius
            )
        )

    grades = str_list_param(q, "quality_grade")
    if grades is not None:
        wanted_grades = frozenset(grades)
        preds.append(lambda o: o.quality_grade in wanted_grades)
    verifiable = boolean_param(q, "verifiable", allow_any=True)
    if verifiable is not None:
        preds.append(lambda o: (o.quality_grade != "casual") == verifiable)
    captive = boolean_param(q, "captive", allow_any=True)
    if captive is not None:
        preds.append(lambda o: o.captive == captive)
    photos = boolean_param(q, "photos", allow_any=True)
    if photos is not None:
        preds.append(lambda o: (o.n_photos > 0) == photos)
    sounds = boolean_param(q, "sounds", allow_any=True)
    if sounds:  # nothing seeded has sounds
        preds.append(lambda o: False)
    identified = boolean_param(q, "identified", allow_any=True)
    if identified is not None:
        preds.append(lambda o: (o.taxon_id is not None) == identified)
    geoprivacy = str_list_param(q, "geoprivacy")
    if geoprivacy is not None:
        wanted_geo = frozenset(None if g == "open" else g for g in geoprivacy)
        preds.append(lambda o: o.geoprivacy in wanted_geo)

    preds.extend(_date_filters(q))
    text = (q.get("q") or "").strip().lower()
    if text:
        preds.append(_text_filter(ctx, text))
    return preds


def _date_filters(q: Mapping[str, str]) -> list[Pred]:
    preds: list[Pred] = []
    d1, d2 = date_param(q, "d1"), date_param(q, "d2")
    if d1 is not None:
        if is_date_only(q, "d1"):
            first = _day_number(d1)
            preds.append(lambda o: o.observed_day >= first)
        else:
            start = d1.timestamp()
            preds.append(lambda o: o.observed >= start)
    if d2 is not None:
        if is_date_only(q, "d2"):
            last = _day_number(d2)
            preds.append(lambda o: o.observed_day <= last)
        else:
            end = d2.timestamp()
            preds.append(lambda o: o.observed <= end)
    observed_on = date_param(q, "observed_on")
    if observed_on is not None:
        day = _day_number(observed_on)
        preds.append(lambda o: o.observed_day == day)
    c1, c2 = date_param(q, "created_d1"), date_param(q, "created_d2")
    if c1 is not None:
        if is_date_only(q, "created_d1"):
            c_first = _day_number(c1)
            preds.append(lambda o: _created_day(o) >= c_first)
        else:
            c_start = c1.timestamp()
            preds.append(lambda o: o.created >= c_start)
    if c2 is not None:
        if is_date_only(q, "created_d2"):
            c_last = _day_number(c2)
            preds.append(lambda o: _created_day(o) <= c_last)
        else:
            c_end = c2.timestamp()
            preds.append(lambda o: o.created <= c_end)
    created_on = date_param(q, "created_on")
    if created_on is not None:
        c_day = _day_number(created_on)
        preds.append(lambda o: _created_day(o) == c_day)
    updated_since = date_param(q, "updated_since")
    if updated_since is not None:
        since = updated_since.timestamp()
        preds.append(lambda o: o.updated >= since)
    for part in ("year", "month", "day"):
        values = int_list_param(q, part)
        if values is not None:
            preds.append(_date_part_filter(part, frozenset(values)))
    return preds


def _date_part_filter(part: str, wanted: frozenset[int]) -> Pred:
    def keep(o: ObservationCore) -> bool:
        value: int = getattr(_local_date(o), part)
        return value in wanted

    return keep


def _text_filter(ctx: RequestContext, text: str) -> Pred:
    search_on = (ctx.query.get("search_on") or "").strip()
    names: dict[int, str] = {
        t.id: f"{t.name} {t.common_name or ''}".lower() for t in ctx.store.world.taxa
    }
    places = {p.id: p.display_name.lower() for p in ctx.store.world.places}

    def matches(o: ObservationCore) -> bool:
        fields: list[str] = []
        if search_on in ("", "names") and o.taxon_id is not None:
            fields.append(names[o.taxon_id])
        if o.extra is not None:
            if search_on in ("", "names") and o.extra.species_guess:
                fields.append(o.extra.species_guess.lower())
            if search_on in ("", "description") and o.extra.description:
                fields.append(o.extra.description.lower())
            if search_on in ("", "tags"):
                fields.extend(t.lower() for t in o.extra.tag_list)
            if search_on in ("", "place") and o.extra.place_guess:
                fields.append(o.extra.place_guess.lower())
        elif search_on in ("", "place") and o.place_id is not None:
            fields.append(places[o.place_id])
        return any(text in f for f in fields)

    return matches


def sorted_records(ctx: RequestContext, records: list[ObservationCore]) -> list[ObservationCore]:
    q = ctx.query
    order_by = q.get("order_by") or "created_at"
    descending = (q.get("order") or "desc") != "asc"
    if order_by in ("created_at", "id", "geo_score"):
        # the store keeps records in id order, and ids grow with created_at
        return records[::-1] if descending else records
    if order_by == "random":
        shuffled = list(records)
        random.Random(f"{ctx.store.seed}:{sorted(q.items())}").shuffle(shuffled)
        return shuffled
    if order_by == "observed_on":
        return sorted(records, key=lambda o: (o.observed_day, o.observed, o.id), reverse=descending)
    if order_by == "updated_at":
        return sorted(records, key=lambda o: (o.updated, o.id), reverse=descending)
    if order_by == "votes":
        return sorted(records, key=lambda o: (o.n_faves, o.id), reverse=descending)
    if order_by == "species_guess":
        taxa = ctx.store.renderer.taxa

        def guess(o: ObservationCore) -> str:
            if o.extra is not None and o.extra.species_guess:
                return o.extra.species_guess
            if o.taxon_id is None:
                return ""
            t = taxa[o.taxon_id]
            return t.common_name or t.name

        return sorted(records, key=lambda o: (guess(o), o.id), reverse=descending)
    raise ApiError(422, f"order_by cannot be {order_by!r}")


def served_record(
    ctx: RequestContext, core: ObservationCore, *, details: bool, viewer: int | None
) -> JSON:
    record = ctx.store.render_observation(core, details=details)
    if viewer is not None and viewer == core.user_id:
        record = merged(record, ctx.store.renderer.private_fields(core))
    return record


def matching(ctx: RequestContext) -> list[ObservationCore]:
    """The store's records that pass every filter of ``ctx.query``, ascending by id."""
    records = list(ctx.store.observations_snapshot())
    for pred in observation_filters(ctx):
        records = [o for o in records if pred(o)]
    return records


def search(ctx: RequestContext) -> Reply:
    q = ctx.query
    pg = paging(q, maximum=PER_PAGE_MAX["observations"])
    records = matching(ctx)
    ordered = sorted_records(ctx, records)
    if boolean_param(q, "only_id"):
        return json_reply(paged(pg, ordered, lambda window: only_ids(o.id for o in window)))
    viewer = ctx.viewer()

    def render(window: Sequence[ObservationCore]) -> list[JSON]:
        return [served_record(ctx, o, details=False, viewer=viewer) for o in window]

    return json_reply(paged(pg, ordered, render))


def show(ctx: RequestContext) -> Reply:
    parts = [p.strip() for p in ctx.path_params["id"].split(",") if p.strip()]
    if len(parts) > BATCH_ID_LIMITS["observations"]:
        raise ApiError(422, TOO_MANY_IDS_MESSAGE)
    found: dict[int, ObservationCore] = {}
    for p in parts:
        key: int | str = int(p) if p.isdigit() else p  # ids or UUIDs
        core = ctx.store.observation_core(key)
        if core is not None:
            found[core.id] = core
    ordered = [found[i] for i in sorted(found, reverse=True)]  # created_at desc
    viewer = ctx.viewer()
    results = [served_record(ctx, o, details=True, viewer=viewer) for o in ordered]
    return json_reply(envelope(len(results), 1, max(PER_PAGE_DEFAULT, len(parts)), results))


# --- create ----------------------------------------------------------------------------------

GEOPRIVACY = {"open": None, "obscured": "obscured", "private": "private"}


def opt_str(obs: Mapping[str, Any], key: str) -> str | None:
    value = obs.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"observation.{key} must be a string")
    return value


def opt_number(obs: Mapping[str, Any], key: str) -> float | None:
    value = obs.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApiError(422, f"observation.{key} must be a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ApiError(422, f"observation.{key} must be a number") from None


def opt_bool(obs: Mapping[str, Any], key: str) -> bool:
    value = obs.get(key)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    raise ApiError(422, f"observation.{key} must be true or false")


def observed_time(obs: Mapping[str, Any]) -> float | None:
    for key in ("time_observed_at", "observed_on_string", "observed_on"):
        raw = obs.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        text = raw.strip().replace("Z", "+00:00")
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                return dt.datetime(
                    day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc
                ).timestamp()
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            continue  # free text (like "yesterday 5pm"): the real site parses it; we do not
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.timestamp()
    return None


def create(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    body = ctx.json_body()
    if not is_json_object(body) or not is_json_object(body.get("observation")):
        raise ApiError(422, 'the body must be {"observation": {...}}')
    obs: dict[str, Any] = body["observation"]
    taxon_id: int | None = None
    raw_taxon = obs.get("taxon_id")
    if raw_taxon is not None and raw_taxon != "":
        try:
            taxon_id = int(raw_taxon)
        except (TypeError, ValueError):
            raise ApiError(422, "observation.taxon_id must be an integer") from None
        if taxon_id not in ctx.store.renderer.taxa:
            raise ApiError(422, f"Taxon {taxon_id} does not exist")
    lat, lng = opt_number(obs, "latitude"), opt_number(obs, "longitude")
    if (lat is None) != (lng is None):
        raise ApiError(422, "observation.latitude and observation.longitude go together")
    if lat is not None and lng is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ApiError(422, "observation coordinates are out of range")
    geoprivacy_raw = opt_str(obs, "geoprivacy")
    if geoprivacy_raw is not None and geoprivacy_raw not in GEOPRIVACY:
        raise ApiError(422, "observation.geoprivacy must be open, obscured or private")
    accuracy = opt_number(obs, "positional_accuracy")
    tags_raw = obs.get("tag_list")
    if isinstance(tags_raw, str):
        tags = tuple(t.strip() for t in tags_raw.split(",") if t.strip())
    elif is_json_array(tags_raw):
        tags = tuple(str(t) for t in tags_raw)
    else:
        tags = ()
    extra = ObservationExtra(
        species_guess=opt_str(obs, "species_guess"),
        description=opt_str(obs, "description"),
        place_guess=opt_str(obs, "place_guess"),
        observed_on_string=opt_str(obs, "observed_on_string"),
        positional_accuracy=int(accuracy) if accuracy is not None else None,
        tag_list=tags,
        license_code=(opt_str(obs, "license") or opt_str(obs, "license_code") or "cc-by-nc"),
        owners_identification_from_vision=opt_bool(obs, "owners_identification_from_vision"),
    )
    core = ctx.store.create_observation(
        user_id=user_id,
        taxon_id=taxon_id,
        lat=lat,
        lng=lng,
        observed=observed_time(obs),
        captive=opt_bool(obs, "captive_flag"),
        geoprivacy=GEOPRIVACY[geoprivacy_raw] if geoprivacy_raw is not None else None,
        record_uuid=opt_str(obs, "uuid"),
        extra=extra,
    )
    return json_reply(served_record(ctx, core, details=True, viewer=user_id))


# --- reads about one observation, or the signed-in user's ------------------------------------

UPDATES_PER_PAGE = (20, 200)
"""``/observations/updates``: ``per_page`` default and maximum."""
DELETED_LIMIT = 500
"""``/observations/deleted`` answers at most this many ids."""


def _whole(results: list[JSON]) -> Reply:
    return json_reply(envelope(len(results), 1, len(results), results))


def taxon_summary(ctx: RequestContext) -> Reply:
    summary = ctx.store.observation_taxon_summary(path_id(ctx))
    if summary is None:
        raise ApiError(404, "Not Found")
    return json_reply(summary)


def quality_metrics(ctx: RequestContext) -> Reply:
    return _whole(ctx.store.observation_quality_metrics(path_id(ctx)))


def subscriptions(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    return _whole(ctx.store.observation_subscriptions(path_id(ctx), user_id))


def updates(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    q = ctx.query
    default, maximum = UPDATES_PER_PAGE
    pg = paging(q, maximum=maximum, default=default)
    rows = ctx.store.observation_updates(user_id)
    after = date_param(q, "created_after")
    if after is not None:
        start = after.timestamp()
        rows = [r for r in rows if dt.datetime.fromisoformat(r["created_at"]).timestamp() >= start]
    if boolean_param(q, "viewed") is False:
        rows = [r for r in rows if not r["viewed"]]
    by = q.get("observations_by")
    if by == "owner":
        rows = [r for r in rows if r["resource_owner_id"] == user_id]
    elif by == "following":
        rows = [r for r in rows if r["resource_owner_id"] != user_id]
    return json_reply(paged(pg, rows, list))


def deleted(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    try:
        since = date_param(ctx.query, "since")
    except ApiError:
        since = None  # like the real one: an unreadable time gives nothing
    ids = [] if since is None else ctx.store.deleted_observation_ids(user_id, since.timestamp())
    ids = ids[:DELETED_LIMIT]
    return json_reply(
        {"total_results": len(ids), "page": 1, "per_page": DELETED_LIMIT, "results": ids}
    )


def register(router: Router) -> None:
    # The real show keeps these (ttl, locale...) though the v1 spec declares none.
    show_extras = frozenset({"locale", "preferred_place_id", "ttl", "include_new_projects"})
    router.add("GET", "/v1/observations", search, version="v1")
    router.add("POST", "/v1/observations", create, version="v1")
    router.add("GET", "/v1/observations/<id>", show, version="v1", extra_params=show_extras)
    # Reads the v1 spec declares no query parameters for; the server reads these anyway.
    ttl = frozenset({"ttl", "locale", "preferred_place_id"})
    router.add("GET", "/v1/observations/<id>/taxon_summary", taxon_summary, version="v1")
    router.add("GET", "/v1/observations/<id>/quality_metrics", quality_metrics, version="v1")
    router.add(
        "GET", "/v1/observations/<id>/subscriptions", subscriptions, version="v1", extra_params=ttl
    )
    router.add("GET", "/v1/observations/updates", updates, version="v1", extra_params=ttl)
    router.add("GET", "/v1/observations/deleted", deleted, version="v1", extra_params=ttl)
