"""Identification- and taxa-extra-shaped records: the models lose nothing, and the emulator
serves the real shapes.

* Every recorded response of these shapes (identifications, life list metadata, map layers,
  iconic taxa, species counts, identifier and observer counts) round-trips through its model
  with nothing lost or invented (the walker of ``test_models_lossless``).
* Every emulated endpoint of ``client.identifications`` and the taxa extras round-trips too.
* The emulator's ``/v1/identifications`` records have the key paths and value types of the real
  ones (the comparison of ``test_emulator_shape``), except ``conservation_status`` of taxa: the
  two recorded identifications are of taxa without one, and the emulator's threatened taxa have
  one, as real ones do; and the observations' project lists, which the emulator's observations
  leave empty (as ``test_emulator_shape`` excuses). Its life list metadata and map layers have
  exactly the real keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from inatsdk.models import (
    BaseModel,
    Identification,
    IdentificationCategoryCount,
    Observation,
    RecentTaxon,
    SpeciesCount,
    Taxon,
    TaxonMapLayers,
    UserCount,
)
from inatsdk.testing import Emulator
from tests.contract.test_emulator_shape import NOT_EMULATED_YET, compare, shape
from tests.contract.test_models_lossless import _check, _records
from tests.shared_data import load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

NOT_EMULATED_IN_OBSERVATIONS = tuple(f".observation{p}" for p in NOT_EMULATED_YET)

RECORDED: list[tuple[str, type[BaseModel]]] = [
    ("v1/get_identifications.json", Identification),
    ("v1/get_identifications_by_id.json", Identification),
    ("v1/get_lifelist_metadata.json", Taxon),
    ("v1/get_taxa_map_layers.json", TaxonMapLayers),
    ("v2/get_taxa_iconic_full.json", Taxon),
    ("v1/get_observation_species_counts.json", SpeciesCount),
    ("v1/get_all_observation_species_counts_page1.json", SpeciesCount),
    ("v1/get_all_observation_species_counts_page2.json", SpeciesCount),
    ("v1/get_all_observation_species_counts_ex_results.json", SpeciesCount),
    ("v1/get_observation_identifiers_node_page1.json", UserCount),
    ("v1/get_observation_identifiers_node_page2.json", UserCount),
    ("v1/get_observation_identifiers_ex_results.json", UserCount),
    ("v1/get_all_observation_identifiers_ex_results.json", UserCount),
    ("v1/get_observation_observers_node_page1.json", UserCount),
    ("v1/get_observation_observers_node_page2.json", UserCount),
    ("v1/get_observation_observers_ex_results.json", UserCount),
    ("v1/get_all_observation_observers_ex_results.json", UserCount),
]


@pytest.mark.parametrize(("relpath", "model"), RECORDED, ids=[r for r, _ in RECORDED])
def test_recorded_records_round_trip(relpath: str, model: type[BaseModel]) -> None:
    records = _records(load_response(relpath))
    assert records, relpath
    assert _check(model, records, relpath) == len(records)


def test_recorded_records_leave_nothing_unknown() -> None:
    """The models know every key of these records (nothing lands in ``extra``)."""
    for relpath, model in RECORDED:
        for record in _records(load_response(relpath)):
            obj = model.from_json(record)
            if model is Identification:
                assert isinstance(obj, Identification)
                assert obj.extra == {}, (relpath, sorted(obj.extra))
            elif model is not Taxon:  # Taxon's full key set is the taxa tests' business
                assert obj.extra == {}, (relpath, sorted(obj.extra))


def test_identifications_embed_typed_records() -> None:
    for relpath in ("v1/get_identifications.json", "v1/get_identifications_by_id.json"):
        for record in _records(load_response(relpath)):
            ident = Identification.from_json(record)
            assert isinstance(ident.observation, Observation)
            assert isinstance(ident.taxon, Taxon)
            assert ident.created_at is not None and ident.created_at.tzinfo is not None
    layers = TaxonMapLayers.from_json(load_response("v1/get_taxa_map_layers.json"))
    assert (layers.id, layers.ranges, layers.listed_places) == (47588, False, True)
    assert layers.gbif_id == 2820380


# ---------------------------------------------------------------------------------------------
# What the emulator serves
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(observations=2000, seed=0) as running:
        yield running


def _get(emu: Emulator, path: str, **params: Any) -> Any:
    response = requests.get(emu.api_url + path, params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def _served(emu: Emulator) -> list[tuple[str, type[BaseModel], list[Any]]]:
    store = emu.store
    rows = store.identifications_snapshot()
    ids = ",".join(str(r.id) for r in rows[:30])
    warbler = store.find_taxon("Setophaga petechia")
    user = store.observations_snapshot()[0].user_id
    genus_on_species = next(
        r.observation_taxon_id
        for r in rows
        if r.observation_taxon_id is not None
        and store.renderer.taxa[r.taxon_id].rank == "genus"
        and store.renderer.taxa[r.observation_taxon_id].rank == "species"
    )
    base = "/v1/identifications"
    return [
        ("search", Identification, _get(emu, base, per_page=200)["results"]),
        ("show", Identification, _get(emu, f"{base}/{ids}")["results"]),
        ("categories", IdentificationCategoryCount, _get(emu, f"{base}/categories")["results"]),
        ("species_counts", SpeciesCount, _get(emu, f"{base}/species_counts")["results"]),
        ("identifiers", UserCount, _get(emu, f"{base}/identifiers")["results"]),
        ("observers", UserCount, _get(emu, f"{base}/observers")["results"]),
        ("recent_taxa", RecentTaxon, _get(emu, f"{base}/recent_taxa", per_page=100)["results"]),
        (
            "recent_taxa_revisited",
            RecentTaxon,
            _get(emu, f"{base}/recent_taxa_revisited", per_page=100)["results"],
        ),
        (
            "similar_species",
            SpeciesCount,
            _get(emu, f"{base}/similar_species", taxon_id=genus_on_species)["results"],
        ),
        ("iconic", Taxon, _get(emu, "/v1/taxa/iconic")["results"]),
        (
            "lifelist_metadata",
            Taxon,
            _get(emu, "/v1/taxa/lifelist_metadata", observed_by_user_id=user)["results"],
        ),
        ("wanted", Taxon, _get(emu, "/v1/taxa/3/wanted", per_page=50)["results"]),
        ("map_layers", TaxonMapLayers, [_get(emu, f"/v1/taxa/{warbler}/map_layers")]),
    ]


def test_emulated_records_round_trip(emu: Emulator) -> None:
    for name, model, records in _served(emu):
        assert records, f"the emulator served no {name} records"
        assert _check(model, records, f"emulated {name}") == len(records)
        for record in records:
            assert model.from_json(record).extra == {}, name


def test_emulated_identifications_have_the_real_shape(emu: Emulator) -> None:
    real: list[Any] = []
    for relpath in ("v1/get_identifications.json", "v1/get_identifications_by_id.json"):
        real.extend(_records(load_response(relpath)))
    rows = emu.store.identifications_snapshot()
    served = _get(emu, "/v1/identifications", per_page=200)["results"]
    served += _get(emu, "/v1/identifications/" + ",".join(str(r.id) for r in rows[:30]))["results"]
    missing, extra, wrong = compare(shape(real), shape(served))
    extra = [p for p in extra if ".conservation_status" not in p]
    missing = [p for p in missing if not p.startswith(NOT_EMULATED_IN_OBSERVATIONS)]
    assert not missing, missing
    assert not extra, extra
    assert not wrong, wrong


def test_emulated_taxa_extras_have_the_real_keys(emu: Emulator) -> None:
    real_life = load_response("v1/get_lifelist_metadata.json")
    user = emu.store.observations_snapshot()[0].user_id
    life = _get(emu, "/v1/taxa/lifelist_metadata", observed_by_user_id=user)
    assert set(life) == set(real_life)
    assert {k for r in life["results"] for k in r} == {k for r in real_life["results"] for k in r}
    assert {k for r in life["results"] for k in r["default_photo"]} == {"medium_url"}
    real_layers = load_response("v1/get_taxa_map_layers.json")
    layers = _get(emu, "/v1/taxa/3/map_layers")
    assert list(layers) == list(real_layers)
    real_iconic = {t["id"] for t in load_response("v2/get_taxa_iconic_full.json")["results"]}
    assert {t["id"] for t in _get(emu, "/v1/taxa/iconic")["results"]} == real_iconic
