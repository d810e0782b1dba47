"""The emulator's places: seed data, state and routes (v1 and v2)."""
