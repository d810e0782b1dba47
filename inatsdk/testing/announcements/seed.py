"""The emulated site's announcements (fixed): one a user may dismiss, one they may not."""

from __future__ import annotations

from inatsdk.testing.records import JSON

__all__ = ["ANNOUNCEMENTS"]

ANNOUNCEMENTS: tuple[JSON, ...] = (
    {
        "id": 1,
        "body": "<p>Welcome to the inatsdk emulator.</p>",
        "placement": "users/dashboard#sidebar",
        "clients": [],
        "dismissible": True,
        "locales": [],
        "start": "2020-01-01T00:00:00+00:00",
        "end": "2099-01-01T00:00:00+00:00",
    },
    {
        "id": 2,
        "body": "<p>The emulator answers on loopback only.</p>",
        "placement": "mobile/home",
        "clients": ["inat-ios", "inat-android"],
        "dismissible": False,
        "locales": [],
        "start": "2020-01-01T00:00:00+00:00",
        "end": "2099-01-01T00:00:00+00:00",
    },
)
