"""Each user's seeded connections, derived from the user so that every store of a world has
the same: the official iPhone app and Seek for everyone, the Android app for even user ids; a
Google account for everyone and the ORCID account for users with one.

A provider authorization's id is ``10 * user id + n``, so its owner is known from the id alone.
"""

from __future__ import annotations

import attrs

from inatsdk.testing.records import JSON, iso_time
from inatsdk.testing.seed import UserRow

__all__ = [
    "APPLICATIONS",
    "Application",
    "ProviderLink",
    "application_record",
    "applications_of",
    "provider_record",
    "providers_of",
]


@attrs.frozen
class Application:
    id: int
    name: str
    official: bool


APPLICATIONS = (
    Application(3, "iNaturalist iPhone App", True),
    Application(2, "iNaturalist Android App", True),
    Application(333, "Seek", True),
)


@attrs.frozen
class ProviderLink:
    id: int
    user_id: int
    provider_name: str
    provider_uid: str
    scope: str | None
    created: float


def applications_of(user: UserRow) -> list[tuple[Application, float]]:
    """The applications ``user`` authorized, and when (a day after joining)."""
    when = user.created_at + 86_400
    return [(a, when) for a in APPLICATIONS if a.id != 2 or user.id % 2 == 0]


def providers_of(user: UserRow) -> list[ProviderLink]:
    when = user.created_at + 3_600
    links = [
        ProviderLink(10 * user.id + 1, user.id, "google_oauth2", f"1{user.id:011d}", None, when)
    ]
    if user.orcid:
        links.append(
            ProviderLink(10 * user.id + 2, user.id, "orcid", user.orcid, "/authenticate", when)
        )
    return links


def application_record(app: Application, when: float) -> JSON:
    return {
        "application": {"id": app.id, "name": app.name, "official": app.official},
        "created_at": iso_time(when),
        "scopes": ["login", "write"],
    }


def provider_record(link: ProviderLink) -> JSON:
    return {
        "id": link.id,
        "provider_name": link.provider_name,
        "provider_uid": link.provider_uid,
        "scope": link.scope,
        "user_id": link.user_id,
        "created_at": iso_time(link.created),
        "updated_at": iso_time(link.created),
    }
