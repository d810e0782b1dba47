"""The emulator's users: seed data, state and routes (v1 and v2)."""
