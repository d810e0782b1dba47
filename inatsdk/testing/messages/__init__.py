"""The emulator's messages: seed data, state and routes (v1 and v2)."""
