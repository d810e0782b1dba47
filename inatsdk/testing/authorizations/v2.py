"""``GET`` and ``DELETE /v2/authorized_applications[/{id}]``, ``GET`` and
``DELETE /v2/provider_authorizations[/{id}]``: the signed-in user's seeded connections less
those revoked since the last reset.

All need a valid JWT (401). An authorized application is named by the application's id (its
record has no id of its own); revoking one the viewer has not authorized is 404. A provider
authorization is named by its id: 404 when there is none, 403 when it is another user's.
Both deletes answer 204, as the spec says.
"""

from __future__ import annotations

from inatsdk.testing.authorizations.seed import (
    application_record,
    applications_of,
    provider_record,
    providers_of,
)
from inatsdk.testing.authorizations.state import Revocations
from inatsdk.testing.records import JSON
from inatsdk.testing.routes import Reply, RequestContext, Router, json_reply, paged
from inatsdk.testing.rules import paging
from inatsdk.testing.seed import UserRow
from inatsdk.testing.v2 import add_twin, add_v2, prune, split_fields, v2_error, v2_path_id
from inatsdk.testing.v2_schemas import results_required

__all__ = ["register"]


def _page(ctx: RequestContext, spec_path: str, rows: list[JSON]) -> Reply:
    _, fields = split_fields(ctx)
    pg = paging(ctx.query, maximum=200, default=30)
    required = results_required("GET", spec_path)
    return json_reply(paged(pg, rows, lambda window: prune(window, fields, required)))


def _viewer(ctx: RequestContext) -> UserRow:
    return ctx.store.renderer.users[ctx.require_user()]


def _revocations(ctx: RequestContext) -> Revocations:
    return ctx.store.states.get(Revocations)


def applications(ctx: RequestContext) -> Reply:
    user = _viewer(ctx)
    revoked = _revocations(ctx).revoked_applications(user.id)
    rows = [application_record(a, t) for a, t in applications_of(user) if a.id not in revoked]
    return _page(ctx, "/authorized_applications", rows)


def revoke_application(ctx: RequestContext) -> Reply:
    user = _viewer(ctx)
    application_id = v2_path_id(ctx)
    revocations = _revocations(ctx)
    granted = {a.id for a, _ in applications_of(user)} - revocations.revoked_applications(user.id)
    if application_id not in granted:
        raise v2_error(404, "Not Found")
    revocations.revoke_application(user.id, application_id)
    return Reply(204, b"")


def providers(ctx: RequestContext) -> Reply:
    user = _viewer(ctx)
    unlinked = _revocations(ctx).unlinked_providers()
    rows = [provider_record(p) for p in providers_of(user) if p.id not in unlinked]
    return _page(ctx, "/provider_authorizations", rows)


def unlink_provider(ctx: RequestContext) -> Reply:
    user = _viewer(ctx)
    authorization_id = v2_path_id(ctx)
    revocations = _revocations(ctx)
    owner = ctx.store.renderer.users.get(authorization_id // 10)  # see the seed's id scheme
    links = providers_of(owner) if owner is not None else []
    if authorization_id in revocations.unlinked_providers() or not any(
        p.id == authorization_id for p in links
    ):
        raise v2_error(404, "Not Found")
    if authorization_id // 10 != user.id:
        raise v2_error(403, "You don't have permission to do that")
    revocations.unlink_provider(authorization_id)
    return Reply(204, b"")


def register(router: Router) -> None:
    apps, links = "/authorized_applications", "/provider_authorizations"
    add_twin(router, "/v2" + apps, apps, applications)
    add_v2(router, "DELETE", f"/v2{apps}/<id>", apps + "/{id}", revoke_application)
    add_twin(router, "/v2" + links, links, providers)
    add_v2(router, "DELETE", f"/v2{links}/<id>", links + "/{id}", unlink_provider)
