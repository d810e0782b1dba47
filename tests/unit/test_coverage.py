"""Coverage as data: the registry against both official specs."""

from __future__ import annotations

from inatsdk.endpoints import ENDPOINTS
from inatsdk.params.spec import operations

#: Undocumented reads the SDK promises (issue: every read in the API).
UNDOCUMENTED_READS = {
    "/observations/quality_grades",
    "/observations/iconic_taxa_counts",
    "/observations/taxonomy",
    "/observations/similar_species",
    "/observations/{id}/quality_metrics",
    "/taxa/iconic",
    "/taxa/lifelist_metadata",
    "/taxa/{id}/wanted",
    "/taxa/{id}/map_layers",
    "/places/containing",
    "/observation_fields/autocomplete",
}

#: Resources whose v2 reads the SDK covers.
V2_RESOURCES = ("observations", "taxa", "places", "users", "projects", "identifications")


def _covered(version: str) -> set[tuple[str, str]]:
    return {(e.method, e.path) for e in ENDPOINTS if e.version == version}


def test_every_v1_get_in_the_spec_is_covered() -> None:
    wanted = {
        (op.method, op.path) for op in operations("v1") if op.documented and op.method == "GET"
    }
    missing = sorted(wanted - _covered("v1"))
    assert not missing, f"v1 GET operations without a controller method: {missing}"


def test_every_v1_operation_in_the_spec_is_covered() -> None:
    wanted = {(op.method, op.path) for op in operations("v1") if op.documented}
    missing = sorted(wanted - _covered("v1"))
    assert not missing, f"v1 operations without a controller method: {missing}"


#: Undocumented writes the SDK promises (issue: accounts and every write).
UNDOCUMENTED_WRITES = {
    ("POST", "/observation_sounds"),
    ("POST", "/sounds"),
    ("POST", "/computervision/score_image"),
    ("GET", "/computervision/score_observation/{id}"),
}


def test_the_promised_undocumented_writes_are_covered() -> None:
    assert not UNDOCUMENTED_WRITES - _covered("v1")


def test_the_promised_undocumented_reads_are_covered() -> None:
    covered = {path for method, path in _covered("v1") if method == "GET"}
    assert not UNDOCUMENTED_READS - covered
    for e in ENDPOINTS:
        if e.path in UNDOCUMENTED_READS and e.version == "v1":
            assert not e.documented, e


def test_v2_reads_cover_the_main_resources() -> None:
    covered = {path for method, path in _covered("v2") if method in ("GET", "POST")}
    for resource in V2_RESOURCES:
        assert any(path.startswith(f"/{resource}") for path in covered), resource


def test_every_entry_is_an_operation_of_its_spec() -> None:
    known = {(op.version, op.method, op.path) for op in operations()}
    for e in ENDPOINTS:
        assert (e.version, e.method, e.path) in known, e
