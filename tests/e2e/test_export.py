"""Exports stream records from a paginator into files and DataFrames."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pandas as pd

from inatsdk import iNatClient
from inatsdk.export import (
    OBSERVATION_COLUMNS,
    flatten,
    to_dataframe,
    write_csv,
    write_geojson,
    write_jsonl,
)
from inatsdk.models import Observation
from tests.e2e.conftest import free_port, wait_for_port


def test_csv_has_the_observation_columns(client: iNatClient, tmp_path: Path) -> None:
    out = tmp_path / "obs.csv"
    n = write_csv(client.observations.search().limit(250), out)
    assert n == 250
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 250
    assert tuple(rows[0]) == OBSERVATION_COLUMNS
    assert all(row["id"] for row in rows)


def test_jsonl_round_trips_to_models(client: iNatClient, tmp_path: Path) -> None:
    out = tmp_path / "obs.jsonl"
    originals = client.observations.search().limit(30).all()
    write_jsonl(originals, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    again = [Observation.from_json(json.loads(line)) for line in lines]
    assert again == originals


def test_geojson_points_and_obscured_flag(client: iNatClient, tmp_path: Path) -> None:
    out = tmp_path / "obs.geojson"
    observations = client.observations.search().limit(300).all()
    n = write_geojson(observations, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == n > 0
    first = data["features"][0]
    source = next(o for o in observations if o.id == first["id"])
    assert source.location is not None
    assert first["geometry"]["coordinates"] == [
        source.location.longitude,
        source.location.latitude,
    ]
    flags = {f["id"]: f["properties"]["coordinates_obscured"] for f in data["features"]}
    for o in observations:
        if o.id in flags:
            assert flags[o.id] == (bool(o.obscured) or o.geoprivacy == "obscured")


def test_dataframe_has_typed_columns(client: iNatClient) -> None:
    frame = to_dataframe(client.observations.search().limit(120))
    assert len(frame) == 120
    assert str(frame["id"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["created_at"])
    taxa = to_dataframe(client.taxa.search(rank="species").limit(10))
    assert list(taxa.columns)[:3] == ["id", "name", "rank"]


def test_flatten_of_other_models_uses_plain_and_nested_attributes(client: iNatClient) -> None:
    obs = client.observations.search().first()
    assert obs is not None and obs.user is not None
    row = flatten(obs.user)
    assert row["login"] == obs.user.login


def test_export_streams_with_flat_memory(tmp_path: Path) -> None:
    # The emulator runs in its own process, so only the client's memory is traced here.
    port = free_port()
    command = ["emulator", "--port", str(port), "--observations", "3000", "--throttle", "0"]
    server = subprocess.Popen(
        [sys.executable, "-m", "inatsdk.cli", *command], stdout=subprocess.DEVNULL
    )
    try:
        wait_for_port(port)
        api_url = f"http://127.0.0.1:{port}"
        with iNatClient(api_url=api_url, cache=None, rate_limit=None, credentials=None) as client:
            query = client.observations.search()
            write_csv(query.limit(200), tmp_path / "warm.csv")  # imports and first-use caches
            tracemalloc.start()
            write_csv(query.limit(1_000), tmp_path / "small.csv")
            _, small_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            write_csv(query.limit(3_000), tmp_path / "big.csv")
            _, big_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        server.terminate()
        server.wait(timeout=10)
    # Three times the records, the same peak: memory holds a page or two, never the export.
    assert big_peak < small_peak * 1.25
