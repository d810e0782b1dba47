"""Every recorded v2 response parses losslessly with its model, and every field it holds can be
asked for with a :class:`~inatsdk.fields.Fields` selection checked against that model."""

from __future__ import annotations

from typing import Any

import pytest

from inatsdk.fields import Fields
from inatsdk.models import (
    BaseModel,
    Observation,
    ObservationPhoto,
    Place,
    Project,
    Taxon,
    User,
)
from tests.contract.test_models_lossless import _check, _records
from tests.shared_data import load_response, requires_shared, response_files

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
