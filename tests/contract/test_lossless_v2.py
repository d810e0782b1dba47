"""Every recorded v2 response parses losslessly with its model, and every field it holds can be
asked for with a :class:`~inatsdk.fields.Fields` selection checked against that model."""

from __future__ import annotations

import json
from typing import Any

import pytest

from inatsdk.fields import Fields
from inatsdk.models import (
    Announcement,
    BaseModel,
    ExemplarIdentification,
    Observation,
    ObservationPhoto,
    Place,
    Project,
    ProviderAuthorization,
    Relationship,
    SavedLocation,
    Taxon,
    TaxonIdSummary,
    TaxonNamePriority,
    User,
)
from tests.contract.test_models_lossless import _check, _records
from tests.shared_data import api_dir, load_response, requires_shared, response_files

pytestmark = [requires_shared, pytest.mark.shared]

#: Each v2 file and the model of its records.
V2_MODELS: dict[str, type[BaseModel]] = {
    "create_observation.json": Observation,  # a bare record
    "get_observations_by_id_full.json": Observation,
    "get_observations_full.json": Observation,
    "get_observations_minimal.json": Observation,
    "get_places_by_id.json": Place,
    "get_projects_by_id.json": Project,
    "get_taxa_by_id_full.json": Taxon,
    "get_taxa_by_id_minimal.json": Taxon,
    "get_taxa_full.json": Taxon,
    "get_taxa_iconic_full.json": Taxon,
    "get_taxa_minimal.json": Taxon,
    "get_user_by_id.json": User,
    "post_observation_media.json": ObservationPhoto,  # POST /v2/observation_photos
    "update_observation_result_v2.json": Observation,  # a bare {"uuid": ...}
}

CASES = sorted(V2_MODELS.items())


def test_every_v2_file_has_a_model() -> None:
    names = {path.name for path in response_files("v2")}
    assert names, "no v2 responses found"
    assert names == set(V2_MODELS), f"unmapped: {sorted(names - set(V2_MODELS))}"


@pytest.mark.parametrize(("name", "model"), CASES, ids=[name for name, _ in CASES])
def test_v2_records_round_trip(name: str, model: type[BaseModel]) -> None:
    records = _records(load_response(f"v2/{name}"))
    assert records, f"v2/{name} has no records"
    assert _check(model, records, f"v2/{name}") == len(records)


def _selection_of(value: Any) -> Fields | None:
    """The selection that would ask for exactly what ``value`` holds (None: a plain value)."""
    items = value if isinstance(value, list) else [value]
    objects = [item for item in items if isinstance(item, dict)]
    if not objects:
        return None
    names: list[str | Fields] = []
    nested: dict[str, Fields] = {}
    for obj in objects:
        for key, sub in obj.items():
            inner = _selection_of(sub)
            if inner is None:
                names.append(key)
            else:
                nested[key] = Fields(nested[key], inner) if key in nested else inner
    return Fields(*names, **nested)


@pytest.mark.parametrize(("name", "model"), CASES, ids=[name for name, _ in CASES])
def test_everything_v2_returned_can_be_selected(name: str, model: type[BaseModel]) -> None:
    for record in _records(load_response(f"v2/{name}")):
        selection = _selection_of(record)
        assert selection is not None
        selection.validate(model, where=f"v2/{name}")


# --- models of v2-only resources, against the v2 spec's schemas ----------------------------------

#: v2-only models and the v2 spec schema of their records. No v2 response of these is recorded,
#: so each is checked with a record built from its schema: every property the spec declares,
#: with a value of its type (nested objects one level deep), must survive a round trip.
V2_SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "Relationship": Relationship,
    "SavedLocation": SavedLocation,
    "TaxonNamePriority": TaxonNamePriority,
    "Announcement": Announcement,
    "ProviderAuthorization": ProviderAuthorization,
    "ExemplarIdentification": ExemplarIdentification,
    "TaxonIdSummary": TaxonIdSummary,
}


def _schemas() -> dict[str, Any]:
    spec = json.loads((api_dir() / "spec" / "v2_openapi.json").read_text("utf-8"))
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _resolve(schemas: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schemas[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _sample(schemas: dict[str, Any], node: dict[str, Any], depth: int = 0, key: str = "") -> Any:
    """A value of the schema's type: a record with every property, a one-item list..."""
    node = _resolve(schemas, node)
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:
        return _sample(schemas, alternatives[0], depth)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        if depth > 1:
            return {"id": 1}
        props: dict[str, Any] = node.get("properties") or {}
        return {name: _sample(schemas, sub, depth + 1, name) for name, sub in props.items()}
    if kind == "array":
        return [_sample(schemas, node.get("items") or {}, depth + 1)]
    if kind == "integer":
        return 7
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if node.get("format") == "date-time" or key.endswith("_at") or key in ("start", "end"):
        return "2024-05-01T12:30:00+00:00"
    if node.get("format") == "uuid":
        return "6444ede0-9831-47bd-8c3b-ee32e08cbfe4"
    return "text"


@pytest.mark.parametrize(
    ("schema", "model"), sorted(V2_SCHEMA_MODELS.items()), ids=sorted(V2_SCHEMA_MODELS)
)
def test_v2_only_models_keep_every_field_of_their_schema(
    schema: str, model: type[BaseModel]
) -> None:
    schemas = _schemas()
    record = _sample(schemas, schemas[schema])
    assert isinstance(record, dict) and len(record) >= 2, schema
    assert _check(model, [record], f"v2 schema {schema}") == 1
    # the model names the schema's fields as attributes (what reaches ``extra`` is nested only)
    assert not model.from_json(record).extra, (schema, sorted(model.from_json(record).extra))
