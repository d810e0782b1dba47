"""Side-by-side benchmarks of inatsdk and pyinaturalist 0.21.1.

Run ``python -m benchmarks.run`` from the repository root; see ``benchmarks/README.md``.

This package must stay importable by both interpreters (the project's ``.venv`` and the
``.bench-venv`` that holds pyinaturalist), so it imports nothing here and its worker modules use
only the standard library at import time.
"""
