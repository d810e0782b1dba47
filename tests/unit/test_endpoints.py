"""The endpoint registry matches the official specs."""

from __future__ import annotations

from inatsdk.endpoints import ENDPOINTS
from inatsdk.params.spec import operation


def test_every_registered_endpoint_exists_in_the_spec() -> None:
    for ep in ENDPOINTS:
        spec = operation(ep.version, ep.method, ep.path)
        assert spec.documented == ep.documented, ep


def test_every_qualname_names_a_real_method() -> None:
    from inatsdk import controllers

    for ep in ENDPOINTS:
        cls_name, method = ep.qualname.split(".")
        cls = getattr(controllers, cls_name)
        doc = getattr(cls, method).__doc__ or ""
        assert f"{ep.method} /{ep.version}{ep.path}" in doc, f"{ep.qualname} docstring"
