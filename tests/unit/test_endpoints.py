"""The operations table: one row per API operation, matching the official specs, and the only
home of each operation's facts."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import inatsdk
from inatsdk import endpoints
from inatsdk.endpoints import ENDPOINTS, NEVER, endpoint
from inatsdk.models import BaseModel, Taxon
from inatsdk.params.spec import operation

PACKAGE = Path(inatsdk.__file__).parent


def test_every_row_exists_in_its_spec() -> None:
    for ep in ENDPOINTS:
        spec = operation(ep.version, ep.method, ep.path)
        assert spec.documented == ep.documented, ep


def test_one_row_per_operation() -> None:
    keys = [(ep.version, ep.method, ep.path) for ep in ENDPOINTS]
    assert len(keys) == len(set(keys))


def test_every_qualname_names_a_real_method_whose_docstring_names_it() -> None:
    from inatsdk import controllers

    for ep in ENDPOINTS:
        for qualname in ep.qualnames:
            cls_name, method = qualname.split(".")
            cls = getattr(controllers, cls_name)
            doc = getattr(cls, method).__doc__ or ""
            assert f"{ep.method} /{ep.version}{ep.path}" in doc, f"{qualname} docstring"


def test_every_row_is_named_and_referenced_by_object() -> None:
    """Controllers name their operations by the table's constants, never by a string; every
    constant is used by some controller."""
    names = {
        name for name, value in vars(endpoints).items() if isinstance(value, endpoints.Operation)
    }
    assert len(names) == len(ENDPOINTS)
    used: set[str] = set()
    for path in (PACKAGE / "controllers").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in names}
        text = path.read_text("utf-8")
        assert not re.search(r"_endpoint\(\s*\"", text), f"{path.name} names an operation by string"
    twins = {name for name in names if getattr(endpoints, name).version == "v2"}
    referenced_twins = {
        name for name in twins if any(op.twin is getattr(endpoints, name) for op in ENDPOINTS)
    }
    assert names - used <= referenced_twins, sorted(names - used - referenced_twins)


def test_reads_and_writes_follow_their_rules() -> None:
    for ep in ENDPOINTS:
        if ep.method != "GET":
            assert ep.auth == "required", ep
            assert ep.cache == NEVER, ep
            assert ep.paging == "none", ep
        if ep.paging in ("keyset", "numbered", "single"):
            assert ep.model is not None, ep
        if ep.paging == "keyset":
            assert ep.per_page_max is not None, ep
        if ep.twin is not None:
            assert ep.twin.version == "v2" and ep.version == "v1", ep


def test_private_data_is_never_cached() -> None:
    for op in (
        endpoints.USERS_ME,
        endpoints.MESSAGES_SEARCH,
        endpoints.OBSERVATIONS_UPDATES,
        endpoints.OBSERVATIONS_DELETED,
    ):
        assert op.cache == NEVER, op
        assert op.auth == "required", op


def test_controllers_do_not_reach_into_the_client() -> None:
    """No controller, paginator or uploads module imports the client or uses another class's
    private members."""
    files = [
        *(PACKAGE / "controllers").glob("*.py"),
        PACKAGE / "paginator.py",
        PACKAGE / "uploads.py",
    ]
    for path in files:
        text = path.read_text("utf-8")
        assert "inatsdk.client" not in text, path.name
        assert "._client" not in text, path.name
        assert not re.search(r"\b(client|requester|transport)\._\w", text), path.name
        assert "import requests" not in text, path.name


def test_listings_know_their_parameters_and_paginator() -> None:
    """A row holds its params TypedDict and its typed paginator; a listing method returns that
    paginator, whose filter() takes those params."""
    from inatsdk import controllers

    for ep in ENDPOINTS:
        if ep.version != "v1" or ep.paging == "none" or ep.method != "GET":
            continue
        if all(_returns(q).startswith("list[") for q in ep.qualnames):
            continue  # read whole into a list (a project's membership, subscriptions)
        assert ep.params is not None, ep
        paginator = ep.paginator
        assert paginator is not None, ep
        for qualname in ep.qualnames:
            owner, name = qualname.split(".")
            method = getattr(getattr(controllers, owner), name)
            returns = str(method.__annotations__["return"])
            assert returns.startswith(paginator.__name__ + "["), (qualname, returns)
            if not getattr(ep.params, "__annotations__", None):
                continue  # takes no parameters: filter() takes none either
            assert ep.params.__name__ in str(method.__annotations__.get("params", "")) or (
                ep.params.__name__ in str(paginator.filter.__annotations__.get("params", ""))
            ), qualname


def _returns(qualname: str) -> str:
    from inatsdk import controllers

    owner, name = qualname.split(".")
    return str(getattr(getattr(controllers, owner), name).__annotations__["return"])


def test_a_controller_name_says_its_resource() -> None:
    # The command line finds one resource's controller by name, without importing the others.
    from inatsdk import controllers
    from inatsdk.cli.resources import commands, resource_of_name

    for name in controllers.__all__:
        resource = getattr(getattr(controllers, name), "resource", "")
        if resource:
            assert resource_of_name(name) == resource, name
    assert resource_of_name("ObservationPhotosController") == "observation_photos"
    everything = commands()
    for resource, methods in everything.items():
        assert commands(resource) == {resource: methods}


def test_the_table_names_its_models_without_importing_them() -> None:
    code = (
        "import sys\n"
        "from inatsdk.endpoints import ENDPOINTS, endpoint\n"
        "before = sorted(m for m in sys.modules if m.startswith('inatsdk.models.'))\n"
        "model = endpoint('TaxaController.get').model\n"
        "print(before, model.__module__, model.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['inatsdk.models.base']", "inatsdk.models.taxon", "Taxon"]
    # Resolved once, then the class itself; every row's model is a real model class.
    op = endpoint("TaxaController.get")
    assert op.model is Taxon and op.model is op.model
    assert all(row.model is None or issubclass(row.model, BaseModel) for row in ENDPOINTS)
