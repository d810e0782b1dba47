"""The typed paginators of ``inatsdk.params.paginators`` against the spec, the TypedDicts, the
controllers, and the two type checkers themselves."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any, get_args

import pytest

from inatsdk.paginator import Paginator
from inatsdk.params import OperationSpec, operation, operations
from inatsdk.params import paginators as module
from inatsdk.params.paginators import PAGINATOR_FOR

ROOT = Path(__file__).resolve().parents[2]
PAGING = frozenset({"page", "per_page"})

#: Declares ``per_page`` (places per list) but answers one object: no paginator.
NOT_A_LISTING = "/places/nearby"


def _paging_operations() -> list[OperationSpec]:
    return [
        op
        for op in operations("v1")
        if op.documented and op.method == "GET" and PAGING & op.query_names()
    ]


def _typed_dict(cls: type[Paginator[Any]]) -> type:
    """The TypedDict a paginator class's ``filter()`` takes, found from the class docstring
    (``filter()`` of an empty one takes no keywords, so its signature cannot name it)."""
    found = re.search(r":class:`~(inatsdk\.params\.\w+)\.(\w+Params)`", cls.__doc__ or "")
    assert found, cls
    params = getattr(importlib.import_module(found[1]), found[2])
    assert typing.is_typeddict(params)
    return params  # type: ignore[no-any-return]


def _keys(typed_dict: type) -> frozenset[str]:
    required: frozenset[str] = getattr(typed_dict, "__required_keys__", frozenset())
    optional: frozenset[str] = getattr(typed_dict, "__optional_keys__", frozenset())
    return required | optional


def _version(cls: type[Paginator[Any]]) -> str:
    versions = {version for (version, _, _), found in PAGINATOR_FOR.items() if found is cls}
    assert len(versions) == 1, cls
    return versions.pop()


def _source_operation(cls: type[Paginator[Any]]) -> OperationSpec | None:
    """The documented operation whose generated TypedDict ``cls`` takes (None: hand-written)."""
    from inatsdk.params import v1, v2

    version = _version(cls)
    params = _typed_dict(cls)
    for (method, path), typed_dict in (v2 if version == "v2" else v1).PARAMS_FOR.items():
        if typed_dict is params:
            return operation(version, method, path)
    return None


CLASSES = sorted(set(PAGINATOR_FOR.values()), key=lambda cls: cls.__name__)
V2_CLASSES = [cls for cls in CLASSES if _version(cls) == "v2"]


# --- coverage ---------------------------------------------------------------------------------


def test_every_paging_operation_has_a_class() -> None:
    paging = _paging_operations()
    assert len(paging) >= 20
    for op in paging:
        if op.path == NOT_A_LISTING:
            assert ("v1", "GET", op.path) not in PAGINATOR_FOR
        else:
            assert ("v1", "GET", op.path) in PAGINATOR_FOR, op.path


def test_keys_are_get_operations_of_the_tables() -> None:
    for version, method, path in PAGINATOR_FOR:
        assert version in ("v1", "v2")
        assert method == "GET"
        assert operation(version, method, path).path == path  # raises if unknown


def test_v2_classes_are_their_own() -> None:
    """A v2 listing has a class of its own (``...PaginatorV2``), never a v1 one."""
    v1 = {cls for (version, _, _), cls in PAGINATOR_FOR.items() if version == "v1"}
    assert len(V2_CLASSES) >= 40
    for cls in V2_CLASSES:
        assert cls not in v1
        assert cls.__name__.endswith("PaginatorV2"), cls
        assert _typed_dict(cls).__module__ == "inatsdk.params.v2", cls


def test_every_class_is_listed_and_exported() -> None:
    defined = {
        name
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module.__name__
    }
    assert defined == {cls.__name__ for cls in CLASSES}
    assert set(module.__all__) == defined | {"PAGINATOR_FOR"} | {
        name for name in vars(module) if name.endswith(("OrderBy", "OrderByV2"))
    }
    assert len(CLASSES) >= 35


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_classes_only_redeclare_signatures(cls: type[Paginator[Any]]) -> None:
    assert issubclass(cls, Paginator)
    assert cls.__bases__ == (Paginator,)
    assert vars(cls)["__slots__"] == ()  # no state of its own
    assert set(vars(cls)) <= {
        "__module__",
        "__doc__",
        "__slots__",
        "__parameters__",
        "__orig_bases__",
        "filter",
        "order_by",
    }, sorted(vars(cls))
    assert len(getattr(cls, "__parameters__", ())) == 1  # generic in T alone


# --- filter() takes the TypedDict of the operation, without paging ------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_class_is_named_after_its_typed_dict(cls: type[Paginator[Any]]) -> None:
    params = _typed_dict(cls)
    v2 = _version(cls) == "v2"
    suffix = "V2" if v2 else ""
    assert cls.__name__ == params.__name__.removesuffix("Params") + "Paginator" + suffix
    annotation = cls.filter.__annotations__.get("params")
    if _keys(params):
        # the v2 TypedDicts share names with v1's: the module names them through ``v2.``
        assert annotation == f"Unpack[{'v2.' if v2 else ''}{params.__name__}]"
        assert cls.filter.__annotations__["return"] == f"{cls.__name__}[T]"
    else:  # nothing to unpack: filter() takes no keywords at all
        assert annotation is None
        assert list(inspect.signature(cls.filter).parameters) == ["self"]


def test_documented_classes_take_the_generated_typed_dict() -> None:
    from inatsdk.params import v1, v2

    for (version, method, path), cls in PAGINATOR_FOR.items():
        if operation(version, method, path).documented:
            tables = v2.PARAMS_FOR if version == "v2" else v1.PARAMS_FOR
            assert _typed_dict(cls) is tables[(method, path)], path


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_typed_dicts_of_listings_leave_out_paging(cls: type[Paginator[Any]]) -> None:
    assert not _keys(_typed_dict(cls)) & PAGING


def test_v2_typed_dicts_of_listings_are_the_spec_query_without_paging() -> None:
    """Each v2 class's TypedDict: the spec's query parameters but page, per_page and fields
    (the paginator sends the first two; ``fields=`` is the method's keyword)."""
    from inatsdk.params.v2 import PARAMS_FOR

    for (version, method, path), cls in PAGINATOR_FOR.items():
        if version != "v2":
            continue
        op = operation("v2", method, path)
        typed = _keys(PARAMS_FOR[(method, path)])
        assert typed == op.query_names() - PAGING - {"fields"}, path
        assert _typed_dict(cls) is PARAMS_FOR[(method, path)], path


def test_tables_still_know_the_paging_parameters() -> None:
    """The runtime checks read the operation tables: the paginator sends page and per_page."""
    from inatsdk.params.v1 import PARAMS_FOR

    for op in _paging_operations():
        typed = _keys(PARAMS_FOR[("GET", op.path)])
        if op.path == NOT_A_LISTING:
            assert "per_page" in typed  # no paginator: the caller sets it
        else:
            assert not typed & PAGING, op.path
            assert typed | (PAGING & op.query_names()) == op.query_names(), op.path


# --- order_by() takes the spec's values ---------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_order_by_takes_the_spec_values(cls: type[Paginator[Any]]) -> None:
    annotations = cls.order_by.__annotations__
    op = _source_operation(cls)
    spec = op.param("order_by") if op is not None else None
    if spec is None:  # the API cannot sort it: no value is accepted
        assert annotations["field"] == "Never"
        assert annotations["desc"] == "bool"
        return
    alias = getattr(module, annotations["field"])
    stem = cls.__name__.removesuffix("V2").removesuffix("Paginator")
    suffix = "V2" if _version(cls) == "v2" else ""
    assert annotations["field"] == stem + "OrderBy" + suffix
    if spec.enum is None:
        assert alias is str
    else:
        assert get_args(alias) == spec.enum
    assert op is not None
    one_way = op.param("order") is None
    assert annotations["desc"] == ("Literal[True]" if one_way else "bool")


def test_order_by_examples() -> None:
    from inatsdk.params.paginators import (
        ObservationsSearchOrderBy,
        ProjectsSearchOrderBy,
        TaxaSearchOrderBy,
    )

    assert "observed_on" in get_args(ObservationsSearchOrderBy)
    assert get_args(TaxaSearchOrderBy) == ("id", "created_at", "observations_count")
    assert "created" in get_args(ProjectsSearchOrderBy)
    assert PAGINATOR_FOR[("v1", "GET", "/projects")].order_by.__annotations__["desc"] == (
        "Literal[True]"
    )


# --- the controllers hand these out ----------------------------------------------------------


def _controller_classes() -> dict[str, type]:
    import inatsdk.controllers as package

    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(package.__path__):
        controllers = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(controllers).items():
            if isinstance(value, type) and name.endswith("Controller"):
                found.setdefault(name, value)
    return found


def test_every_paginating_controller_method_has_a_class() -> None:
    """A controller method that returns a paginator over a v1 GET has a class here, whose
    ``filter()`` takes the same TypedDict as the method's ``**params``."""
    from inatsdk.endpoints import ENDPOINTS

    controllers = _controller_classes()
    checked = 0
    for ep in ENDPOINTS:
        if (ep.version, ep.method) != ("v1", "GET"):
            continue
        for qualname in getattr(ep, "qualnames", None) or (ep.qualname,):
            owner, method_name = qualname.split(".")
            method = getattr(controllers[owner], method_name)
            returned = str(method.__annotations__.get("return", ""))
            if "Paginator" not in returned:
                continue
            checked += 1
            cls = PAGINATOR_FOR.get(("v1", "GET", ep.path))
            assert cls is not None, f"{qualname} pages GET /v1{ep.path}: not in PAGINATOR_FOR"
            named = returned.split("[", 1)[0]
            if named in module.__all__:  # the method already declares a typed paginator
                assert named == cls.__name__, qualname
            params = method.__annotations__.get("params")
            if params is not None:
                assert params == f"Unpack[{_typed_dict(cls).__name__}]", qualname
    assert checked >= 35


def _v1_qualnames() -> set[str]:
    from inatsdk.endpoints import ENDPOINTS

    return {
        qualname
        for ep in ENDPOINTS
        if ep.version == "v1"
        for qualname in getattr(ep, "qualnames", None) or (ep.qualname,)
    }


def test_every_v2_listing_method_returns_its_class() -> None:
    """A controller method that pages a v2 GET only (a ``*_v2`` method, or one of a v2-only
    controller) declares the operation's own class, named by ``Operation.paginator``, hands it
    out at run time, and takes its TypedDict as ``**params``."""
    from inatsdk.endpoints import ENDPOINTS

    controllers = _controller_classes()
    v1_methods = _v1_qualnames()
    checked: set[str] = set()
    for ep in ENDPOINTS:
        if (ep.version, ep.method) != ("v2", "GET"):
            continue
        for qualname in getattr(ep, "qualnames", None) or (ep.qualname,):
            if qualname in v1_methods:  # routed to v2 by api_version: it keeps its v1 class
                continue
            owner, method_name = qualname.split(".")
            method = getattr(controllers[owner], method_name)
            returned = str(method.__annotations__.get("return", ""))
            if "Paginator" not in returned:
                continue
            cls = ep.paginator
            assert cls is not None, f"{qualname} pages GET /v2{ep.path}: no Operation.paginator"
            assert cls is PAGINATOR_FOR[("v2", "GET", ep.path)]
            assert cls in V2_CLASSES, qualname
            model = ep.model.__name__ if ep.model is not None else ""
            assert returned == f"{cls.__name__}[{model}]", qualname
            params = method.__annotations__.get("params")
            if params is not None:
                name = _typed_dict(cls).__name__
                assert params in (f"Unpack[{name}]", f"Unpack[{name}V2]"), qualname
            else:
                assert not _keys(_typed_dict(cls)), qualname
            checked.add(qualname)
    assert len(checked) >= 29, sorted(checked)


def test_v2_listing_methods_hand_out_their_class() -> None:
    from inatsdk import iNatClient

    with iNatClient(user_agent="test", cache=None, dry_run=True) as client:
        places = client.places.search(q="park")
        assert type(places) is PAGINATOR_FOR[("v2", "GET", "/places")]
        refined = places.filter(q="lake").order_by("area")
        assert type(refined) is type(places)
        assert type(client.relationships.search()).__name__ == "RelationshipsSearchPaginatorV2"
        quality = client.observations.quality_grades_v2()
        assert type(quality).__name__ == "ObservationsQualityGradesPaginatorV2"
        users = client.users.search(orcid="0000-0002-1825-0097").filter(following="kueda")
        assert type(users) is PAGINATOR_FOR[("v2", "GET", "/users")]


def test_importing_the_module_does_not_load_the_typed_dicts() -> None:
    code = (
        "import sys, inatsdk.params.paginators; "
        "print(sorted(m for m in sys.modules if m.startswith('inatsdk.params.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = result.stdout
    assert "inatsdk.params.paginators" in loaded
    assert "inatsdk.params.v1" not in loaded
    assert "inatsdk.params.v2" not in loaded
    assert "inatsdk.params.undocumented_" not in loaded


# --- what mypy and pyright say ----------------------------------------------------------------

PROBE = textwrap.dedent(
    """\
    from inatsdk.params.paginators import ObservationsSearchPaginator


    def probe(observations: ObservationsSearchPaginator[object]) -> None:
        observations.filter(placeid=1)
        observations.order_by("observed_onn")
        observations.filter(place_id=1).order_by("observed_on", desc=False).filter(d1="2024-05-01")
    """
)
CALL_LINE, ORDER_LINE = 5, 6

#: The same two mistakes on a v2 paginator (``GET /v2/places``).
PROBE_V2 = textwrap.dedent(
    """\
    from inatsdk.params.paginators import PlacesSearchPaginatorV2


    def probe(places: PlacesSearchPaginatorV2[object]) -> None:
        places.filter(qq="park")
        places.order_by("areaa")
        places.filter(q="park").order_by("area").filter(geo=True)
    """
)
PROBES = {
    "v1": (PROBE, '"placeid"', '"place_id"', "observed_onn"),
    "v2": (PROBE_V2, '"qq"', "", "areaa"),
}


@pytest.mark.parametrize("version", sorted(PROBES))
def test_mypy_reports_exactly_the_two_mistakes(tmp_path: Path, version: str) -> None:
    source, misspelt, suggested, wrong_field = PROBES[version]
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
            "--no-error-summary",
            "--hide-error-context",
            "--show-error-codes",
            str(probe),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    found = sorted(
        (int(m[1]), m[2])
        for line in errors
        if (m := re.match(r".*probe\.py:(\d+): error: .*\[([\w-]+)\]$", line))
    )
    assert found == [(CALL_LINE, "call-arg"), (ORDER_LINE, "arg-type")], result.stdout
    assert len(errors) == 2, result.stdout
    assert misspelt in errors[0] and suggested in errors[0]  # did you mean...
    assert wrong_field in errors[1]


def _pyright() -> Path:
    found = Path(sys.executable).with_name("pyright")
    if not found.exists():
        pytest.skip(f"pyright is not installed beside {sys.executable}")
    return found


@pytest.mark.parametrize("version", sorted(PROBES))
def test_pyright_reports_exactly_the_two_mistakes(tmp_path: Path, version: str) -> None:
    pyright = _pyright()
    probe = tmp_path / "probe.py"
    probe.write_text(PROBES[version][0], encoding="utf-8")
    config = {
        "pythonVersion": "3.10",
        "typeCheckingMode": "standard",
        "extraPaths": [str(ROOT)],
        "stubPath": str(ROOT / "stubs"),
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [
            str(pyright),
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "-p",
            str(tmp_path / "pyrightconfig.json"),
            str(probe),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=240,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pyright did not run: {(result.stderr or result.stdout)[-300:]}")
    diagnostics = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    found = sorted((d["range"]["start"]["line"] + 1, d.get("rule")) for d in diagnostics)
    assert found == [
        (CALL_LINE, "reportCallIssue"),
        (ORDER_LINE, "reportArgumentType"),
    ], json.dumps(diagnostics, indent=1)
