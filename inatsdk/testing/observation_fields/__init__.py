"""The emulator's observation fields: seed data, state and routes (v1 and v2)."""
