"""The emulator's posts: seed data, state and routes (v1 and v2)."""
