"""The emulator's taxa: seed data, state and routes (v1 and v2)."""
