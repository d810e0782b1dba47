"""The emulator's projects: seed data, state and routes (v1 and v2)."""
