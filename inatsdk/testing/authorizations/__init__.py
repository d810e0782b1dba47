"""The emulator's account connections: the OAuth applications each user authorized and the
other providers' accounts linked to theirs (seed, revocations and v2 routes)."""
