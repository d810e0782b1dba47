"""The emulator's identifications: seed data, state and routes (v1 and v2)."""
