"""Nothing in a real response is lost by the models (DESIGN.md, "Public API").

For every taxon and observation record in the recorded v1 and v2 responses, and for records
nested in other responses (species counts' taxa, identifications with their observations, ...):

* each non-null value of the input survives in ``Model.from_json(x).to_json()`` at the same key
  path (a dict key walk, lists by index); timestamps are compared as instants, everything else
  exactly (same JSON type, same value);
* nothing non-null is invented: no key path is non-null in the output that is null or absent in
  the input;
* the output is JSON-serialisable and a second round trip gives the same output.

Tests are parametrised per file, so a failure names the file and the first lost or invented path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from inatsdk.models import (
    BaseModel,
    Identification,
    Observation,
    ObservationPhoto,
    ObservationSound,
    Place,
    ProjectObservation,
    Taxon,
    User,
)
from tests.shared_data import load_response, requires_shared, response_files

pytestmark = [requires_shared, pytest.mark.shared]

Path_ = tuple[str | int, ...]

_NOT_OBSERVATIONS = (
    "histogram",
    "species_counts",
    "observers",
    "identifiers",
    "popular_field_values",
    "taxon_summary",
    "taxonomy",
    "nonexistent",
)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


# ---------------------------------------------------------------------------------------------
# Which files hold which records
# ---------------------------------------------------------------------------------------------


def _records(data: Any) -> list[Any]:
    """The records of a response: ``results`` of an envelope, a bare list, or a bare record."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    return [data]


def _primary_kind(relpath: str) -> type[BaseModel] | None:
    """The model of a file's top-level records, judged by the file name."""
    name = relpath.split("/")[-1]
    if name.startswith("get_taxa") and "map_layers" not in name:
        return Taxon
    if name.startswith("get_observation") and not any(x in name for x in _NOT_OBSERVATIONS):
        return Observation
    if name.startswith("update_observation_result"):
        return Observation
    if relpath == "v2/create_observation.json":
        # v1's create_observation.json holds a project observation (see the shared README).
        return Observation
    return None


def _primary_files() -> list[tuple[str, type[BaseModel]]]:
    found: list[tuple[str, type[BaseModel]]] = []
    for version in ("v1", "v2"):
        for path in response_files(version):
            relpath = f"{version}/{path.name}"
            kind = _primary_kind(relpath)
            if kind is not None:
                found.append((relpath, kind))
    return found


Extractor = Callable[[Any], Iterator[Any]]


def _whole(record: Any) -> Iterator[Any]:
    yield record


def _key(key: str) -> Extractor:
    def extract(record: Any) -> Iterator[Any]:
        value = record.get(key) if isinstance(record, dict) else None
        if isinstance(value, dict):
            yield value

    return extract


# Records nested in other responses: (file name pattern, what to extract, model).
_NESTED: list[tuple[str, Extractor, type[BaseModel]]] = [
    (r"v1/get_.*species_counts.*\.json", _key("taxon"), Taxon),
    (r"v1/get_identifications.*\.json", _whole, Identification),
    (r"v1/get_identifications.*\.json", _key("observation"), Observation),
    (r"v1/get_identifications.*\.json", _key("taxon"), Taxon),
    (r"v1/get_observation_taxonomy.*\.json", _whole, Taxon),
    (r"v1/get_lifelist_metadata\.json", _whole, Taxon),
    (r"v1/get_.*(observers|identifiers).*\.json", _key("user"), User),
    (r"v[12]/get_user_by_id\.json", _whole, User),
    (r"v1/get_users_autocomplete\.json", _whole, User),
    (r"v[12]/get_places_by_id\.json", _whole, Place),
    (r"v1/get_places_autocomplete\.json", _whole, Place),
    (r"v1/(create_observation|add_project_observation)\.json", _whole, ProjectObservation),
    (r"v1/upload_photos\.json", _whole, ObservationPhoto),
    (r"v1/upload_sounds\.json", _whole, ObservationSound),
]


def _nested_cases() -> list[tuple[str, str, type[BaseModel]]]:
    cases: list[tuple[str, str, type[BaseModel]]] = []
    for version in ("v1", "v2"):
        for path in response_files(version):
            rel = f"{version}/{path.name}"
            for index, (pattern, _, model) in enumerate(_NESTED):
                if re.fullmatch(pattern, rel):
                    cases.append((rel, str(index), model))
    return cases


# ---------------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------------


def _leaves(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every non-null scalar and every empty container, with its key path."""
    if isinstance(value, dict):
        if not value:
            yield path, value
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        if not value:
            yield path, value
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    elif value is not None:
        yield path, value


_MISSING = object()


def _get(value: Any, path: Path_) -> Any:
    for step in path:
        in_dict = isinstance(step, str) and isinstance(value, dict) and step in value
        in_list = isinstance(step, int) and isinstance(value, list) and step < len(value)
        if not (in_dict or in_list):
            return _MISSING
        value = value[step]  # pyright: ignore[reportCallIssue, reportArgumentType]
    return value


def _instant(text: str) -> datetime | None:
    if not _TIMESTAMP.fullmatch(text):
        return None
    normalised = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(normalised)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _same(a: Any, b: Any) -> bool:
    if type(a) is type(b) and a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        ia, ib = _instant(a), _instant(b)
        return ia is not None and ib is not None and ia == ib
    return False


def _show(path: Path_) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "<root>"


def lossless_problems(original: Any, output: Any) -> list[str]:
    """Lost and invented key paths between a JSON record and its round trip."""
    problems: list[str] = []
    for path, leaf in _leaves(original):
        got = _get(output, path)
        if got is _MISSING:
            problems.append(f"lost {_show(path)} = {leaf!r:.80}")
        elif not _same(leaf, got):
            problems.append(f"changed {_show(path)}: {leaf!r:.60} -> {got!r:.60}")
    for path, leaf in _leaves(output):
        if _get(original, path) in (_MISSING, None):
            problems.append(f"invented {_show(path)} = {leaf!r:.80}")
    return problems


def _check(model: type[BaseModel], records: list[Any], where: str) -> int:
    checked = 0
    for index, record in enumerate(records):
        obj = model.from_json(record)
        assert isinstance(obj, model)
        output = obj.to_json()
        json.dumps(output)  # JSON-serialisable
        problems = lossless_problems(record, output)
        assert not problems, (
            f"{where} record {index} ({model.__name__}): {problems[0]}"
            f" ({len(problems)} problem(s) in all)"
        )
        again = model.from_json(output).to_json()
        assert again == output, f"{where} record {index}: second round trip differs"
        checked += 1
    return checked


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

PRIMARY = _primary_files()
NESTED = _nested_cases()


def test_files_found() -> None:
    names = {rel for rel, _ in PRIMARY}
    assert "v1/get_observations_page1.json" in names
    assert "v2/get_taxa_minimal.json" in names
    assert "v2/create_observation.json" in names
    assert "v1/create_observation.json" not in names
    assert len(PRIMARY) >= 25
    assert len(NESTED) >= 15


@pytest.mark.parametrize(("relpath", "model"), PRIMARY, ids=[rel for rel, _ in PRIMARY])
def test_primary_records_round_trip(relpath: str, model: type[BaseModel]) -> None:
    records = _records(load_response(relpath))
    assert records, f"{relpath} has no records"
    assert _check(model, records, relpath) == len(records)


@pytest.mark.parametrize(
    ("relpath", "rule", "model"),
    NESTED,
    ids=[f"{rel}:{model.__name__}" for rel, _, model in NESTED],
)
def test_nested_records_round_trip(relpath: str, rule: str, model: type[BaseModel]) -> None:
    extract = _NESTED[int(rule)][1]
    records = [item for record in _records(load_response(relpath)) for item in extract(record)]
    assert records, f"{relpath}: nothing to check"
    _check(model, records, relpath)


def test_comparison_catches_losses() -> None:
    """The checker itself: a lost, a changed and an invented value are all reported."""
    original = {"a": 1, "b": [1, {"c": "x"}], "d": None, "t": "2020-01-01T00:00:00Z"}
    assert lossless_problems(original, original) == []
    assert lossless_problems(original, {**original, "t": "2020-01-01T01:00:00+01:00"}) == []
    assert lossless_problems(original, {**original, "b": [1, {}]})[0].startswith("lost b[1].c")
    assert lossless_problems(original, {**original, "a": 1.0})[0].startswith("changed a")
    assert lossless_problems(original, {**original, "d": 0})[0].startswith("invented d")
    assert lossless_problems(original, {**original, "b": [1, {"c": "x"}, 2]})[0].startswith(
        "invented b[2]"
    )
