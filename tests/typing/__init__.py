"""Tests read by the type checkers: mypy and pyright check these files in CI."""
