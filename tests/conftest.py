"""Test configuration shared by every test folder."""

from __future__ import annotations

import os
import tempfile

# Tests never touch the user's real cache folder, nor inherit a developer's dry-run setting.
os.environ.setdefault(
    "INATSDK_CACHE_DIR", os.path.join(os.path.dirname(__file__), "..", ".ci-cache")
)
# ...nor log in with credentials a developer stored with `inat login`, nor read or write the
# developer's note of stored logins (tests that store one give themselves a folder of their own).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["INATSDK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="inatsdk-test-config-")
for _name in ("DRY_RUN_ENABLED", "DRY_RUN_WRITE_ONLY"):
    os.environ.pop(_name, None)

pytest_plugins = ["inatsdk.testing.pytest_plugin"]
