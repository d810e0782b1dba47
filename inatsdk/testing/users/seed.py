"""What only a signed-in user sees of themselves (``/users/me``): e-mail, locale, time zone,
settings, muted and blocked users, privileges, and their site of the iNaturalist Network.

Drawn per user from a generator seeded with the world's seed and the user's id, so it is the same
on every run. E-mail addresses use the reserved ``example.org`` domain.
"""

from __future__ import annotations

import random

from inatsdk.testing.records import JSON, iso_time
from inatsdk.testing.seed import UserRow, World

__all__ = ["SITES", "private_user_fields"]

#: The sites of the iNaturalist Network the seeded users belong to (ids as iNaturalist's).
SITES: dict[int, JSON] = {
    1: {
        "id": 1,
        "name": "iNaturalist",
        "site_name_short": "iNat",
        "url": "https://www.inaturalist.org",
        "locale": "en",
        "place_id": None,
    },
    2: {
        "id": 2,
        "name": "Naturalista",
        "site_name_short": "Naturalista",
        "url": "https://www.naturalista.mx",
        "locale": "es-MX",
        "place_id": 6793,
    },
    5: {
        "id": 5,
        "name": "iNaturalist.ca",
        "site_name_short": "iNat.ca",
        "url": "https://inaturalist.ca",
        "locale": "en",
        "place_id": 6712,
    },
}

_TIME_ZONES = (
    "Pacific Time (US & Canada)",
    "Eastern Time (US & Canada)",
    "Central Time (US & Canada)",
    "London",
    "Paris",
    "Berlin",
    "Sydney",
    "Wellington",
    "Mexico City",
)
_LOCALES = ("en", "en", "en", "es", "fr", "de", "en-GB")
_LICENSES = (None, None, "CC-BY-NC", "CC-BY", "CC0")

_PREFERS_DEFAULTS = {
    "automatic_taxonomic_changes": True,
    "comment_email_notification": True,
    "common_names": True,
    "community_taxa": True,
    "identification_email_notification": True,
    "mention_email_notification": True,
    "message_email_notification": True,
    "monthly_supporter_badge": False,
    "no_email": False,
    "no_tracking": False,
    "project_added_your_observation_email_notification": True,
    "project_curator_change_email_notification": True,
    "project_journal_post_email_notification": True,
    "receive_mentions": True,
    "redundant_identification_notifications": True,
    "scientific_name_first": False,
    "taxon_change_email_notification": True,
    "taxon_or_place_observation_email_notification": True,
    "user_observation_email_notification": True,
}


def private_user_fields(world: World, user: UserRow) -> JSON:
    """The fields ``/users/me`` adds to the public user record."""
    rng = random.Random(f"{world.seed}:me:{user.id}")
    others = [u.id for u in world.users if u.id != user.id]
    place = world.places[rng.randrange(len(world.places))]
    out: JSON = {
        "updated_at": iso_time(user.created_at + rng.randint(86_400, 300_000_000)),
        "description": rng.choice((None, "", "Naturalist and birder.", "Mostly insects.")),
        "search_place_id": place.id if rng.random() < 0.5 else None,
        "time_zone": rng.choice(_TIME_ZONES),
        "email": f"{user.login}@example.org",
        "locale": rng.choice(_LOCALES),
        "place_id": place.id if rng.random() < 0.7 else None,
        "pi_consent": True,
        "data_transfer_consent": rng.random() < 0.8,
    }
    for name, default in _PREFERS_DEFAULTS.items():
        flip = rng.random() < 0.1
        out[f"prefers_{name}"] = (not default) if flip else default
    out["preferred_observation_fields_by"] = rng.choice(
        ("anyone", "anyone", "curators", "observer")
    )
    out["preferred_observation_license"] = rng.choice(_LICENSES)
    out["preferred_photo_license"] = rng.choice(_LICENSES)
    out["preferred_project_addition_by"] = rng.choice(("any", "any", "joined", "none"))
    out["preferred_sound_license"] = rng.choice(_LICENSES)
    out["muted_user_ids"] = sorted(rng.sample(others, rng.choice((0, 0, 0, 1, 2))))
    out["blocked_user_ids"] = sorted(rng.sample(others, rng.choice((0, 0, 0, 0, 1))))
    privileges: list[str] = []
    if user.observations_count + user.identifications_count >= 3:
        privileges.append("interaction")
    if user.observations_count >= 10:
        privileges.append("speech")
    if user.observations_count >= 50:
        privileges.append("organizer")
    out["privileges"] = privileges
    out["monthly_supporter"] = rng.random() < 0.05
    out["site"] = dict(SITES.get(user.site_id, SITES[1]))
    return out
