"""The generated parameter tables (``inatsdk.params``) and their generator."""

from __future__ import annotations

import ast
import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, get_type_hints

import pytest

from inatsdk.params import OperationSpec, match_route, operation, operations, suggest
from tests.shared_data import API_DIR, requires_shared

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tools" / "generate_params.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_params", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_params", module)
    spec.loader.exec_module(module)
    return module


# --- the generator ---------------------------------------------------------------------------


@requires_shared
def test_committed_files_match_the_specs() -> None:
    assert API_DIR is not None
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check", "--spec-dir", str(API_DIR / "spec")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_fails_without_specs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check", "--spec-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "v1_swagger.json" in result.stderr


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/observations", "ObservationsSearchParams"),
        ("GET", "/observations/{id}", "ObservationsGetParams"),
        ("GET", "/taxa/autocomplete", "TaxaAutocompleteParams"),
        ("GET", "/observations/species_counts", "ObservationsSpeciesCountsParams"),
        ("GET", "/observations/{id}/subscriptions", "ObservationsSubscriptionsParams"),
        ("GET", "/users/me", "UsersMeParams"),
        ("GET", "/taxa", "TaxaSearchParams"),
        ("GET", "/taxa/{id}", "TaxaGetParams"),
        ("GET", "/colored_heatmap/{zoom}/{x}/{y}.grid.json", "ColoredHeatmapGridJsonParams"),
        ("POST", "/observations", "ObservationsCreateParams"),
        ("PUT", "/observations/{id}", "ObservationsUpdateParams"),
        ("DELETE", "/observations/{id}", "ObservationsDeleteParams"),
        ("POST", "/observation_photos", "ObservationPhotosCreateParams"),
    ],
)
def test_class_names(method: str, path: str, expected: str) -> None:
    assert _generator().class_name(method, path) == expected


# --- the operation tables --------------------------------------------------------------------


def test_counts() -> None:
    v1 = operations("v1")
    documented = [op for op in v1 if op.documented]
    assert len(documented) == 105
    assert len([op for op in documented if op.method == "GET"]) == 54
    assert len(operations("v2")) == 153
    assert len(operations()) == len(v1) + 153
    undocumented = [op for op in v1 if not op.documented]
    assert len(undocumented) > 70
    assert all(not op.parameters_known and not op.parameters for op in undocumented)
    assert all(op.parameters_known for op in documented)


def _tsv(name: str) -> set[tuple[str, str]]:
    assert API_DIR is not None
    with (API_DIR / "spec" / name).open(encoding="utf-8", newline="") as f:
        return {(row["method"], row["path"]) for row in csv.DictReader(f, delimiter="\t")}


@requires_shared
def test_operations_match_endpoint_lists() -> None:
    v1 = {(op.method, f"/v1{op.path}") for op in operations("v1") if op.documented}
    assert v1 == _tsv("v1_endpoints.tsv")
    v2 = {(op.method, f"/v2{op.path}") for op in operations("v2")}
    assert v2 == _tsv("v2_endpoints.tsv")


def test_paths_have_no_version_prefix() -> None:
    for op in operations():
        assert op.path.startswith("/")
        assert not op.path.startswith(("/v1/", "/v2/"))


def test_observation_search() -> None:
    op = operation("v1", "GET", "/observations")
    assert op.auth == "optional"
    assert op.is_multi("taxon_id")
    assert not op.is_multi("q")
    assert not op.is_multi("no_such_param")
    order_by = op.param("order_by")
    assert order_by is not None
    assert order_by.enum is not None
    assert {"created_at", "id", "observed_on", "votes"} <= set(order_by.enum)
    assert order_by.default == "created_at"
    assert {"taxon_id", "page", "per_page", "order", "id_above", "id_below"} <= op.query_names()
    d1 = op.param("d1")
    assert d1 is not None
    assert (d1.type, d1.format) == ("string", "date")


def test_operation_details() -> None:
    taxon = operation("v1", "get", "/taxa/{id}")
    assert taxon.path_names() == ("id",)
    ident = taxon.param("id")
    assert ident is not None
    assert (ident.location, ident.required) == ("path", True)
    assert "id" not in taxon.query_names()
    assert operation("v1", "POST", "/observations").auth == "required"
    assert operation("v1", "GET", "/users/me").auth == "required"
    assert operation("v1", "GET", "/taxa").auth == "none"
    current = operation("v1", "GET", "/identifications").param("current")
    assert current is not None
    assert current.enum == ("true", "false", "any")
    assert current.default is True
    v2 = operation("v2", "GET", "/observations")
    assert v2.auth == "optional"
    assert v2.is_multi("taxon_id")
    assert "fields" in v2.query_names()
    assert operation("v2", "POST", "/observations").auth == "required"


def test_duplicate_parameter_is_declared_once() -> None:
    op = operation("v1", "GET", "/identifications/species_counts")
    names = [p.name for p in op.parameters]
    assert names.count("order") == 1
    assert len(names) == len(set(names))


def test_unknown_operation() -> None:
    with pytest.raises(KeyError, match=r"GET /observations\?"):
        operation("v1", "GET", "/observation")
    with pytest.raises(ValueError, match="v3"):
        operation("v3", "GET", "/observations")
    with pytest.raises(ValueError, match="v3"):
        operations("v3")


def test_operations_are_hashable_and_frozen() -> None:
    op = operation("v1", "GET", "/taxa")
    assert op == operation("v1", "GET", "/taxa")
    assert len({op, operation("v1", "GET", "/taxa")}) == 1
    with pytest.raises(AttributeError):
        op.path = "/x"  # type: ignore[misc]
    assert str(op) == "GET /v1/taxa"


# --- match_route -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "method", "concrete", "path", "params"),
    [
        ("v1", "GET", "/observations", "/observations", {}),
        ("v1", "GET", "/observations/1,2,3", "/observations/{id}", {"id": "1,2,3"}),
        ("v1", "GET", "/v1/observations/42", "/observations/{id}", {"id": "42"}),
        ("v1", "GET", "/observations/species_counts", "/observations/species_counts", {}),
        ("v1", "GET", "/observations/", "/observations", {}),
        ("v1", "GET", "/taxa/autocomplete", "/taxa/autocomplete", {}),
        ("v1", "GET", "/taxa/3,7,9081", "/taxa/{id}", {"id": "3,7,9081"}),
        ("v1", "get", "/users/me", "/users/me", {}),
        ("v1", "GET", "/users/me?x=1", "/users/me", {}),
        (
            "v1",
            "POST",
            "/observations/5/quality/wild",
            "/observations/{id}/quality/{metric}",
            {"id": "5", "metric": "wild"},
        ),
        (
            "v1",
            "GET",
            "/colored_heatmap/2/1/3.grid.json",
            "/colored_heatmap/{zoom}/{x}/{y}.grid.json",
            {"zoom": "2", "x": "1", "y": "3"},
        ),
        (
            "v1",
            "GET",
            "/points/2/1/3.png",
            "/points/{zoom}/{x}/{y}.png",
            {"zoom": "2", "x": "1", "y": "3"},
        ),
        ("v1", "GET", "/taxa/suggest", "/taxa/suggest", {}),
        ("v2", "GET", "/observations/a1b2", "/observations/{uuid}", {"uuid": "a1b2"}),
        ("v2", "GET", "/v2/taxa/autocomplete", "/taxa/autocomplete", {}),
    ],
)
def test_match_route(
    version: str, method: str, concrete: str, path: str, params: dict[str, str]
) -> None:
    found = match_route(version, method, concrete)
    assert found is not None
    op, values = found
    assert op.path == path
    assert values == params


def test_match_route_undocumented() -> None:
    found = match_route("v1", "GET", "/taxa/suggest")
    assert found is not None
    assert not found[0].documented
    assert not found[0].parameters_known


@pytest.mark.parametrize(
    ("method", "concrete"),
    [("GET", "/nothing/here"), ("PATCH", "/observations"), ("GET", "/observations/1/2/3/4")],
)
def test_match_route_misses(method: str, concrete: str) -> None:
    assert match_route("v1", method, concrete) is None


# --- suggest ---------------------------------------------------------------------------------


def test_suggest() -> None:
    names = operation("v1", "GET", "/observations").query_names()
    assert suggest("taxon_idd", names) == "taxon_id"
    assert suggest("Taxon_ID", names) == "taxon_id"
    assert suggest("per_pge", names) == "per_page"
    assert suggest("zzzzzzzz", names) is None
    assert suggest("x", []) is None


# --- the TypedDicts --------------------------------------------------------------------------


def test_v1_module_imports() -> None:
    import inatsdk.params.v1 as v1

    assert v1.PARAMS_FOR[("GET", "/observations")] is v1.ObservationsSearchParams
    gets = {(op.method, op.path) for op in operations("v1") if op.documented and op.method == "GET"}
    assert gets <= set(v1.PARAMS_FOR)


def _typed_names(op: OperationSpec) -> set[str]:
    """The keys of the operation's TypedDict: its query (and form) parameters, but page and
    per_page where a paginator sends them."""
    from inatsdk.params.paginators import PAGINATOR_FOR

    locations = ("query",) if op.method == "GET" else ("query", "formData")
    names = {p.name for p in op.parameters if p.location in locations}
    if ("v1", op.method, op.path) in PAGINATOR_FOR:
        names -= {"page", "per_page"}
    return names


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/observations"),
        ("GET", "/observations/{id}"),
        ("GET", "/taxa"),
        ("GET", "/taxa/autocomplete"),
        ("GET", "/identifications/species_counts"),
        ("GET", "/places/nearby"),
    ],
)
def test_typed_dict_keys_are_the_query_parameters(method: str, path: str) -> None:
    from inatsdk.params.v1 import PARAMS_FOR

    cls = PARAMS_FOR[(method, path)]
    op = operation("v1", method, path)
    assert set(cls.__annotations__) == _typed_names(op)
    assert set(cls.__annotations__) <= op.query_names()
    assert not set(cls.__annotations__) & set(op.path_names())


def test_every_typed_dict_matches_its_operation() -> None:
    from inatsdk.params.v1 import PARAMS_FOR

    for (method, path), cls in PARAMS_FOR.items():
        assert set(cls.__annotations__) == _typed_names(operation("v1", method, path)), path
        assert getattr(cls, "__total__", None) is False
        get_type_hints(cls)  # every annotation resolves


def test_type_annotations() -> None:
    from inatsdk.params.v1 import ObservationsSearchParams, PlacesNearbyParams

    hints: dict[str, Any] = get_type_hints(ObservationsSearchParams)
    assert "per_page" not in hints  # the paginator sends it
    assert get_type_hints(PlacesNearbyParams)["per_page"] is int  # no paginator: a parameter
    assert hints["captive"] is bool
    assert "Sequence" in str(hints["taxon_id"])
    assert "datetime" in str(hints["d1"])
    assert "votes" in str(hints["order_by"])


def test_every_key_has_a_docstring() -> None:
    source = (ROOT / "inatsdk" / "params" / "v1.py").read_text(encoding="utf-8")
    assert "Do not edit by hand" in source
    tree = ast.parse(source)
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(classes) >= 54
    for cls in classes:
        body = cls.body
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.AnnAssign):
                following = body[i + 1] if i + 1 < len(body) else None
                assert isinstance(following, ast.Expr), (cls.name, ast.unparse(stmt))
                assert isinstance(following.value, ast.Constant)
                assert isinstance(following.value.value, str)
                assert following.value.value.strip()


def test_importing_the_package_loads_no_table() -> None:
    code = (
        "import inatsdk.params, inatsdk.params.spec as s; "
        "assert s._table.cache_info().currsize == 0, 'table loaded at import'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
