"""``GET /v2/announcements`` and ``PUT /v2/announcements/{id}/dismiss``.

The search answers the site's announcements that apply (``placement``, ``client``); a signed-in
viewer no longer gets those they dismissed (v2's record has no "dismissed" key, so a dismissed
announcement is left out). Dismissing needs a valid JWT (401), an announcement that exists
(404) and is dismissible (422); it answers 204, as the spec says.
"""

from __future__ import annotations

from inatsdk.testing.announcements.seed import ANNOUNCEMENTS
from inatsdk.testing.announcements.state import Dismissals
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import paging
from inatsdk.testing.v2 import add_twin, add_v2, prune, split_fields, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]


def search(ctx: RequestContext) -> Reply:
    query, fields = split_fields(ctx)
    placement = query.get("placement")
    client = query.get("client")
    viewer = ctx.viewer()
    dismissed: frozenset[int] = frozenset()
    if viewer is not None:
        dismissed = ctx.store.states.get(Dismissals).of(viewer)
    rows = [
        a
        for a in ANNOUNCEMENTS
        if a["id"] not in dismissed
        and (not placement or a["placement"] == placement)
        and (not client or not a["clients"] or client in a["clients"])
    ]
    pg = paging(ctx.query, maximum=200, default=30)
    required = results_required("GET", "/announcements")
    return json_reply(paged(pg, rows, lambda window: prune(window, fields, required)))


def dismiss(ctx: RequestContext) -> Reply:
    user_id = ctx.require_user()
    announcement_id = v2_path_id(ctx)
    found = next((a for a in ANNOUNCEMENTS if a["id"] == announcement_id), None)
    if found is None:
        raise v2_error(404, "Not Found")
    if not found["dismissible"]:
        raise v2_error(422, "This announcement cannot be dismissed")
    ctx.store.states.get(Dismissals).dismiss(user_id, announcement_id)
    return Reply(204, b"")


def register(router: Router) -> None:
    add_twin(router, "/v2/announcements", "/announcements", search)
    add_v2(
        router,
        "PUT",
        "/v2/announcements/<id>/dismiss",
        "/announcements/{id}/dismiss",
        dismiss,
    )
