"""The emulator's controlled terms: seed data, state and routes (v1 and v2)."""
