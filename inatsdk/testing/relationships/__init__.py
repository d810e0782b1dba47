"""The emulator's relationships (whom a user follows and trusts): state and v2 routes."""
