"""The emulator's observations: seed data, state and routes (v1 and v2)."""
