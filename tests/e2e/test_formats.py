"""Parquet and Darwin Core Archives, and reading every export format back into models."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from dwca.read import DwCAReader  # type: ignore[import-untyped]

from inatsdk import iNatClient
from inatsdk.errors import InvalidParameterError, iNatError
from inatsdk.export import (
    MissingExtraError,
    read,
    write_csv,
    write_dwca,
    write_geojson,
    write_jsonl,
    write_parquet,
)
from inatsdk.export.dwca import CORE_TERMS, DC, DWC
from inatsdk.models import Observation, Taxon

REQUIRED_TERMS = [
    DWC + name
    for name in (
        "occurrenceID",
        "basisOfRecord",
        "eventDate",
        "decimalLatitude",
        "decimalLongitude",
        "coordinateUncertaintyInMeters",
        "scientificName",
        "taxonRank",
        "kingdom",
        "phylum",
        "class",
        "order",
        "family",
        "genus",
        "recordedBy",
        "informationWithheld",
    )
] + [DC + "license", DC + "references"]


@pytest.fixture
def observations(client: iNatClient) -> list[Observation]:
    return client.observations.search().limit(300).prefetch("taxon").all()


def test_parquet_round_trips_exactly(client: iNatClient, tmp_path: Path) -> None:
    originals = client.observations.search().limit(250).all()
    out = tmp_path / "obs.parquet"
    assert write_parquet(originals, out, row_group_size=100) == 250
    table = pq.read_table(out)
    assert table.num_rows == 250
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    types = {f.name: str(f.type) for f in table.schema}
    assert types["id"] == "int64"
    assert types["latitude"] == "double"
    assert types["observed_on"] == "date32[day]"
    assert types["created_at"] == "timestamp[us, tz=UTC]"
    assert types["obscured"] == "bool"
    assert list(read(out)) == originals


def test_parquet_of_taxa_names_its_model(client: iNatClient, tmp_path: Path) -> None:
    taxa = client.taxa.search(rank="species").limit(40).all()
    out = tmp_path / "taxa.parquet"
    write_parquet(taxa, out, full_json=False)
    back = list(read(out, Taxon))
    assert [t.name for t in back] == [t.name for t in taxa]
    assert [t.rank_level for t in back] == [t.rank_level for t in taxa]
    assert isinstance(next(read(out, Taxon)), Taxon)


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"inatsdk\[parquet\]") as caught:
        write_parquet([Observation(id=1)], tmp_path / "x.parquet")
    assert isinstance(caught.value, iNatError)
    assert isinstance(caught.value, ImportError)
    assert not (tmp_path / "x.parquet").exists()


def test_dwca_validates_with_an_independent_reader(
    observations: list[Observation], tmp_path: Path
) -> None:
    out = tmp_path / "obs.zip"
    assert write_dwca(observations, out) == len(observations)
    names = set(zipfile.ZipFile(out).namelist())
    assert names == {"meta.xml", "eml.xml", "occurrence.txt", "multimedia.txt"}
    with DwCAReader(str(out)) as archive:
        descriptor = archive.descriptor
        assert descriptor is not None and descriptor.core is not None
        assert descriptor.core.type == DWC + "Occurrence"
        assert set(REQUIRED_TERMS) <= set(descriptor.core.terms)
        [extension] = descriptor.extensions
        assert extension.type == "http://rs.gbif.org/terms/1.0/Multimedia"
        rows = list(archive)
        assert archive.metadata is not None  # eml.xml parsed
        extensions = {row.id: len(row.extensions) for row in rows}
    assert len(rows) == len(observations)
    by_id = {o.id: o for o in observations}
    photos = 0
    for row in rows:
        o = by_id[int(str(row.id))]
        data = row.data
        assert data[DWC + "occurrenceID"] == o.uri
        assert data[DWC + "basisOfRecord"] == "HumanObservation"
        if o.taxon is None:
            assert data[DWC + "scientificName"] == ""
        else:
            assert data[DWC + "scientificName"] == o.taxon.name
            assert data[DWC + "taxonRank"] == o.taxon.rank
            if o.taxon.rank_level is not None and o.taxon.rank_level <= 20:
                assert data[DWC + "kingdom"] and data[DWC + "family"] and data[DWC + "genus"]
        withheld = data[DWC + "informationWithheld"]
        assert bool(withheld) == bool(o.obscured or o.geoprivacy)
        if o.location is not None:
            assert float(data[DWC + "decimalLatitude"]) == o.location.latitude
        assert data[DC + "references"] == o.uri
        photos += extensions[row.id]
        assert extensions[row.id] == len(o.photos or [])
    assert photos > 0
    assert any(o.obscured for o in observations)


def test_dwca_refuses_other_records(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match="observations, not Taxon"):
        write_dwca([Taxon(id=1)], tmp_path / "t.zip")  # type: ignore[list-item]


def test_dwca_round_trips_through_read(observations: list[Observation], tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    write_dwca(observations, first)
    back = list(read(first))
    assert [o.id for o in back] == [o.id for o in observations]
    assert back[0].taxon is not None and observations[0].taxon is not None
    assert back[0].taxon.name == observations[0].taxon.name
    write_dwca(back, second)
    a, b = zipfile.ZipFile(first), zipfile.ZipFile(second)
    for name in ("occurrence.txt", "multimedia.txt"):
        assert a.read(name) == b.read(name)
    header = a.read("occurrence.txt").decode().splitlines()[0].split("\t")
    assert header == ["id", *(name for name, _ in CORE_TERMS)]


def test_other_formats_round_trip(client: iNatClient, tmp_path: Path) -> None:
    originals = client.observations.search().limit(200).all()
    write_jsonl(originals, tmp_path / "a.jsonl")
    assert list(read(tmp_path / "a.jsonl")) == originals
    # CSV and GeoJSON keep their columns: the models read back write the same file again.
    for suffix, write in (("csv", write_csv), ("geojson", write_geojson)):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        write(originals, first)
        write(list(read(first)), second)
        assert first.read_bytes() == second.read_bytes(), suffix
    back = list(read(tmp_path / "a.csv"))
    assert back[0].id == originals[0].id
    assert back[0].location == originals[0].location
    taxa = client.taxa.search(rank="genus").limit(20).all()
    write_csv(taxa, tmp_path / "taxa.csv")
    assert [t.name for t in read(tmp_path / "taxa.csv", Taxon)] == [t.name for t in taxa]


def test_progress_bar_is_printed_on_request(client: iNatClient, tmp_path: Path) -> None:
    script = (
        "import sys; from inatsdk import iNatClient; from inatsdk.export import write_csv\n"
        f"c = iNatClient(api_url={client.settings.api_url!r}, cache=None, rate_limit=None,"
        " credentials=None)\n"
        "write_csv(c.observations.search().limit(300), sys.argv[1], progress=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "p.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "CSV" in done.stderr and "300/300" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_memory_stays_flat(client: iNatClient, tmp_path: Path, fmt: str) -> None:
    """5,000 observations per format here (``python -m tests.e2e.export_memory`` measures
    100,000 by hand): the Python heap's peak, plus pyarrow's pool for Parquet, stays under
    100 MB, and the process's peak RSS grows by less than that."""
    template = tmp_path / "template.jsonl"
    write_jsonl(client.observations.search().limit(200), template)
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.export_memory", str(template), fmt, "5000", "--trace"],
        capture_output=True,
        text=True,
        timeout=280,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    measured = json.loads(done.stdout)
    assert measured["records"] == 5_000
    assert measured["python_heap_peak_mb"] + measured["arrow_pool_peak_mb"] < 100, measured
    assert measured["rss_peak_mb"] - measured["rss_before_mb"] < 100, measured
