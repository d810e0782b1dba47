"""The emulator's saved locations (places a user saved for new observations): state and v2
routes."""
