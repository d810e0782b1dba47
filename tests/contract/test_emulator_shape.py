"""The emulator's records have the shape of the real ones: same keys, same JSON value types.

For taxa and observations, every key path (``.identifications[].taxon.rank``; list items are
``[]``) of the recorded v1 responses is compared with the key paths of what the emulator serves
for the same kinds of requests (searches, autocomplete, ``/{id}`` details, an owner's view):

* a path the real records have must be in the emulator's (the failure lists the missing ones);
* a path the emulator has must be in the real records;
* where both have a path, the emulator's non-null types must be among the real non-null types
  (an integer passes where the real one is a float).

Documented exceptions, and why:

* ``project_observations[]``, ``project_ids[]``, ``project_ids_without_curator_id[]``: projects
  are not emulated yet; those lists are always empty.
* keys the real API gives on some records only (:data:`OPTIONAL_KEYS`), such as
  ``preferred_common_name`` (taxa without an English name have none) or ``complete_rank``.
* ``private_geojson`` and ``private_place_guess``: owner-only fields of the real API beside
  ``private_location``; the recorded samples only show the latter.
* below a path the real samples only show as ``null`` (``children[].default_photo``) or as an
  empty list (``user.roles``), the real shape is unknown: the emulator's is accepted.

Files left out: ``get_observation_2.json``, ``get_observation_with_quality_metrics.json`` and
``get_observation_with_sounds.json`` were recorded through a client that rewrote them (bare
records, ``location`` as a list), so they are not the API's shape.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from tests.shared_data import load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

REAL_TAXA = (
    "v1/get_taxa.json",
    "v1/get_taxa_autocomplete.json",
    "v1/get_taxa_by_id.json",
    "v1/get_taxa_by_id_conservation_statuses.json",
    "v1/get_taxa_with_all_names.json",
    "v1/get_taxa_with_preferred_place.json",
)
REAL_OBSERVATIONS = (
    "v1/get_observations_page1.json",
    "v1/get_observations_page2.json",
    "v1/get_observation.json",
    "v1/get_observations_by_id.json",
    "v1/get_observation_with_ofvs.json",
)

NOT_EMULATED_YET = (
    ".project_observations[]",
    ".project_ids[]",
    ".project_ids_without_curator_id[]",
)
OPTIONAL_KEYS = frozenset(
    {
        "preferred_common_name",
        "complete_rank",
        "attribution_name",
        "annotated_observations_count",
        "wikipedia_summary",
        "provisional",
    }
)
OWNER_ONLY = (".private_geojson", ".private_place_guess")

Shape = dict[str, set[str]]


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    return "dict"


def _walk(value: Any, path: str, out: Shape) -> None:
    out[path].add(_type(value))
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for item in value:
            _walk(item, f"{path}[]", out)


def shape(records: list[Any]) -> Shape:
    out: Shape = defaultdict(set)
    for record in records:
        _walk(record, "", out)
    return dict(out)


def _real(files: tuple[str, ...]) -> Shape:
    records: list[Any] = []
    for name in files:
        records.extend(load_response(name)["results"])
    return shape(records)


def _prefixes(path: str) -> Iterator[str]:
    for i, char in enumerate(path):
        if i and char in ".[":
            yield path[:i]


def _last_key(path: str) -> str:
    return path.rsplit(".", 1)[-1].removesuffix("[]")


def _missing_is_excused(path: str) -> bool:
    return path.startswith(NOT_EMULATED_YET) or _last_key(path) in OPTIONAL_KEYS


def _extra_is_excused(path: str, real: Shape) -> bool:
    if _last_key(path) in OPTIONAL_KEYS or path.startswith(OWNER_ONLY):
        return True
    for prefix in _prefixes(path):
        if real.get(prefix) == {"null"}:
            return True  # the samples never show what is there
        if (
            real.get(prefix) == {"list"}
            and path.startswith(prefix + "[]")
            and prefix + "[]" not in real
        ):
            return True  # the samples' lists were all empty
    return False


def compare(real: Shape, emulated: Shape) -> tuple[list[str], list[str], list[str]]:
    missing = sorted(p for p in real if p not in emulated and not _missing_is_excused(p))
    extra = sorted(p for p in emulated if p not in real and not _extra_is_excused(p, real))
    wrong: list[str] = []
    for path in sorted(set(real) & set(emulated)):
        real_types = real[path] - {"null"}
        ours = emulated[path] - {"null"}
        if "float" in real_types:
            real_types = real_types | {"int"}
        if real_types and ours and not ours <= real_types:
            wrong.append(f"{path}: real {sorted(real[path])}, emulator {sorted(emulated[path])}")
    return missing, extra, wrong


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, list[Any]]]:
    with Emulator(observations=2000, seed=0) as emu:

        def results(path: str, headers: dict[str, str] | None = None, **params: Any) -> list[Any]:
            response = requests.get(emu.api_url + path, params=params, headers=headers, timeout=60)
            assert response.status_code == 200, response.text
            found: list[Any] = response.json()["results"]
            return found

        taxa = results("/v1/taxa", per_page=500, is_active="any")
        taxa += results("/v1/taxa", q="war")
        taxa += results("/v1/taxa", q="a", preferred_place_id=1, all_names="true")
        taxa += results("/v1/taxa/autocomplete", q="que")
        ids = [t["id"] for t in taxa]
        monarch = emu.store.find_taxon("Danaus plexippus")
        assert monarch is not None
        for start in range(0, 90, 30):
            taxa += results("/v1/taxa/" + ",".join(map(str, ids[start : start + 30])))
        taxa += results(f"/v1/taxa/{monarch}", all_names="true")

        observations = results("/v1/observations", per_page=200)
        observation_ids = ",".join(str(o["id"]) for o in observations)
        observations += results(f"/v1/observations/{observation_ids}")
        owner = observations[0]["user"]["id"]
        token = emu.issue_jwt(owner)
        observations += results(
            "/v1/observations", headers={"Authorization": token}, user_id=owner, per_page=50
        )
        yield {"taxa": taxa, "observations": observations}


def _report(kind: str, missing: list[str], extra: list[str], wrong: list[str]) -> str:
    lines = [f"{kind}: the emulator's records differ from the real ones"]
    lines += [f"  missing (real has it): {p}" for p in missing]
    lines += [f"  extra (real lacks it): {p}" for p in extra]
    lines += [f"  type: {w}" for w in wrong]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("kind", "files"), [("taxa", REAL_TAXA), ("observations", REAL_OBSERVATIONS)]
)
def test_emulator_records_have_the_real_keys_and_types(
    served: dict[str, list[Any]], kind: str, files: tuple[str, ...]
) -> None:
    missing, extra, wrong = compare(_real(files), shape(served[kind]))
    report = _report(kind, missing, extra, wrong)
    assert missing == [], report
    assert extra == [], report
    assert wrong == [], report


def test_the_comparison_catches_differences() -> None:
    real = shape([{"a": 1, "b": {"c": "x"}, "d": [], "e": None}])
    assert compare(real, shape([{"a": 1, "b": {"c": "x"}, "d": [], "e": None}])) == ([], [], [])
    missing, extra, wrong = compare(
        real, shape([{"a": "1", "b": {}, "z": 2, "d": [1], "e": {"f": 1}}])
    )
    assert missing == [".b.c"]
    assert extra == [".z"]  # d[] and e.f are below an empty list and a null: accepted
    assert wrong == [".a: real ['int'], emulator ['str']"]
