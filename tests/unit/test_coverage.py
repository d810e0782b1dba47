"""Coverage as data: the registry against both official specs."""

from __future__ import annotations

from pathlib import Path

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


# --- API v2 ---------------------------------------------------------------------------------------

#: The v2 operations inatsdk leaves out, each with why; all are unpublished (``x-unpublished``)
#: and each is named, with its reason, in docs/coverage.md.
V2_LEFT_OUT = {
    ("GET", "/app_build_info"): "the mobile app's build number, for the app itself",
    ("GET", "/build_info"): "the server's git build, for iNaturalist's operators",
    ("POST", "/log"): "the website's client-side error log",
    ("GET", "/geoip_lookup"): "where the caller's IP address is, for the website's defaults",
    ("GET", "/computervision/language_search"): "an experimental text-to-image search",
    ("PUT", "/projects/{id}/feature"): "site administrators only",
    ("PUT", "/projects/{id}/unfeature"): "site administrators only",
    ("GET", "/taxon_id_summaries/{uuid}/id_summaries/{id}/quality_metrics"): "ID-summary review",
    ("POST", "/taxon_id_summaries/{uuid}/id_summaries/{id}/quality/{metric}"): "ID-summary review",
    (
        "DELETE",
        "/taxon_id_summaries/{uuid}/id_summaries/{id}/quality/{metric}",
    ): "ID-summary review",
    (
        "GET",
        "/taxon_id_summaries/{uuid}/id_summaries/{id}/references/{reference_id}/quality_metrics",
    ): "ID-summary review",
    (
        "POST",
        "/taxon_id_summaries/{uuid}/id_summaries/{id}/references/{reference_id}/quality/{metric}",
    ): "ID-summary review",
    (
        "DELETE",
        "/taxon_id_summaries/{uuid}/id_summaries/{id}/references/{reference_id}/quality/{metric}",
    ): "ID-summary review",
}


def test_v1_stays_complete() -> None:
    documented = {(op.method, op.path) for op in operations("v1") if op.documented}
    assert len(documented) == 105
    assert len(documented & _covered("v1")) == 105


def test_every_published_v2_operation_is_covered() -> None:
    published = {(op.method, op.path) for op in operations("v2") if not op.unpublished}
    assert len(published) == 133
    missing = sorted(published - _covered("v2"))
    assert not missing, f"published v2 operations without a controller method: {missing}"


def test_v2_coverage_is_at_least_133_of_153_and_every_one_left_out_is_named() -> None:
    every = {(op.method, op.path) for op in operations("v2")}
    assert len(every) == 153
    covered = _covered("v2")
    assert len(covered) >= 133
    left_out = every - covered
    assert left_out == set(V2_LEFT_OUT), sorted(left_out ^ set(V2_LEFT_OUT))
    unpublished = {(op.method, op.path) for op in operations("v2") if op.unpublished}
    assert left_out <= unpublished


def test_the_coverage_page_names_and_justifies_every_v2_operation_left_out() -> None:
    page = (Path(__file__).parents[2] / "docs" / "coverage.md").read_text("utf-8")
    for (method, path), reason in V2_LEFT_OUT.items():
        assert f"`{method} /v2{path}`" in page, (method, path)
        assert reason in page, reason
