"""The emulator's site announcements: seed, each user's dismissals and v2 routes."""
