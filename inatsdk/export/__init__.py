"""Write records out: CSV, JSON Lines, GeoJSON, Parquet, Darwin Core Archives and pandas
DataFrames; and read those files back into models with :func:`read`.

Every writer takes any iterable of models, including a :class:`~inatsdk.paginator.Paginator`,
and streams it: records are written as they arrive, one page in memory at a time (Parquet: one
row group), so exporting 100,000 observations keeps memory flat. ``progress=True`` shows a rich
progress bar on stderr (the total comes from the paginator's first page).

Flat formats (CSV, DataFrame) use :func:`flatten`: a fixed set of useful columns for
observations and taxa, and for any other model its plain attributes plus one level of nested
models as dotted names (``user.login``).

    >>> from inatsdk.export import write_csv  # doctest: +SKIP
    >>> write_csv(client.observations.search(taxon_id=3).limit(1000), "birds.csv")  # doctest: +SKIP
    1000
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, Union

import attrs

from inatsdk.export._progress import with_progress
from inatsdk.models import BaseModel, Observation, Taxon

if TYPE_CHECKING:
    import pandas

__all__ = [
    "OBSERVATION_COLUMNS",
    "TAXON_COLUMNS",
    "MissingExtraError",
    "flatten",
    "read",
    "to_dataframe",
    "write_csv",
    "write_dwca",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]

Scalar = Union[str, int, float, bool, None]  # noqa: UP007 - a runtime alias on Python 3.10
Destination = Union[str, "os.PathLike[str]", IO[str]]


def _iso(value: object) -> Scalar:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _observation_row(o: Observation) -> dict[str, Scalar]:
    taxon, user = o.taxon, o.user
    point = o.location
    photos = o.photos or []
    return {
        "id": o.id,
        "uuid": o.uuid,
        "observed_on": _iso(o.observed_on),
        "time_observed_at": _iso(o.time_observed_at),
        "created_at": _iso(o.created_at),
        "updated_at": _iso(o.updated_at),
        "quality_grade": o.quality_grade,
        "taxon_id": taxon.id if taxon else o.taxon_id,
        "taxon_name": taxon.name if taxon else None,
        "taxon_rank": taxon.rank if taxon else None,
        "common_name": taxon.preferred_common_name if taxon else None,
        "iconic_taxon": taxon.iconic_taxon_name if taxon else None,
        "species_guess": o.species_guess,
        "user_id": user.id if user else o.user_id,
        "user_login": user.login if user else None,
        "latitude": point.latitude if point else None,
        "longitude": point.longitude if point else None,
        "positional_accuracy": o.positional_accuracy,
        "obscured": o.obscured,
        "geoprivacy": o.geoprivacy,
        "taxon_geoprivacy": o.taxon_geoprivacy,
        "place_guess": o.place_guess,
        "captive": o.captive,
        "license_code": o.license_code,
        "num_identification_agreements": o.num_identification_agreements,
        "num_identification_disagreements": o.num_identification_disagreements,
        "photo_count": len(photos),
        "photo_url": photos[0].url if photos else None,
        "sound_count": len(o.sounds or []),
        "uri": o.uri,
        "description": o.description,
    }


def _taxon_row(t: Taxon) -> dict[str, Scalar]:
    return {
        "id": t.id,
        "name": t.name,
        "rank": t.rank,
        "rank_level": t.rank_level,
        "preferred_common_name": t.preferred_common_name,
        "iconic_taxon_name": t.iconic_taxon_name,
        "parent_id": t.parent_id,
        "ancestry": t.ancestry,
        "is_active": t.is_active,
        "observations_count": t.observations_count,
        "wikipedia_url": t.wikipedia_url,
        "photo_url": t.default_photo.url if t.default_photo else None,
    }


#: The columns :func:`flatten` gives an :class:`~inatsdk.models.Observation`.
OBSERVATION_COLUMNS: tuple[str, ...] = tuple(_observation_row(Observation()))
#: The columns :func:`flatten` gives a :class:`~inatsdk.models.Taxon`.
TAXON_COLUMNS: tuple[str, ...] = tuple(_taxon_row(Taxon()))


def _generic_row(model: BaseModel) -> dict[str, Scalar]:
    row: dict[str, Scalar] = {}
    for field in attrs.fields(type(model)):
        if field.name.startswith("_"):
            continue
        value = getattr(model, field.name)
        if isinstance(value, BaseModel):
            for inner in attrs.fields(type(value)):
                inner_value = getattr(value, inner.name)
                if not inner.name.startswith("_") and _is_plain(inner_value):
                    row[f"{field.name}.{inner.name}"] = _iso(inner_value)
        elif _is_plain(value):
            row[field.name] = _iso(value)
    return row


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, date, datetime))


_ROWS: dict[type[Any], Callable[[Any], dict[str, Scalar]]] = {
    Observation: _observation_row,
    Taxon: _taxon_row,
}


def flatten(model: BaseModel) -> dict[str, Scalar]:
    """One record as a flat mapping of column name to a plain value (dates as ISO strings)."""
    for cls, row in _ROWS.items():
        if isinstance(model, cls):
            return row(model)
    return _generic_row(model)


@contextmanager
def _open(destination: Destination) -> Generator[IO[str], None, None]:
    if isinstance(destination, (str, os.PathLike)):
        with open(destination, "w", encoding="utf-8", newline="") as f:
            yield f
        return
    yield destination  # an open text stream


def write_csv(
    records: Iterable[BaseModel],
    destination: Destination,
    *,
    columns: Sequence[str] | None = None,
    progress: bool = False,
) -> int:
    """Write records as CSV with a header row; returns how many were written.

    Columns come from :func:`flatten` (of the first record, unless ``columns`` names them);
    a value a record lacks is left empty. ``progress=True`` shows a progress bar on stderr.
    """
    count = 0
    with _open(destination) as f:
        writer: csv.DictWriter[str] | None = None
        for record in with_progress(records, progress, "CSV"):
            row = flatten(record)
            if writer is None:
                writer = csv.DictWriter(
                    f, fieldnames=list(columns or row), extrasaction="ignore", restval=""
                )
                writer.writeheader()
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            count += 1
        if writer is None and columns:
            csv.DictWriter(f, fieldnames=list(columns)).writeheader()
    return count


def write_jsonl(
    records: Iterable[BaseModel], destination: Destination, *, progress: bool = False
) -> int:
    """Write one JSON object per line (each record's full :meth:`to_json`); returns the count.

    ``progress=True`` shows a progress bar on stderr."""
    count = 0
    with _open(destination) as f:
        for record in with_progress(records, progress, "JSON Lines"):
            f.write(json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
            count += 1
    return count


def _feature(o: Observation) -> dict[str, Any] | None:
    point = o.location or (o.geojson.point if o.geojson else None)
    if point is None:
        return None
    properties: dict[str, Any] = {
        k: v for k, v in _observation_row(o).items() if k not in ("latitude", "longitude")
    }
    # Obscured observations carry a point moved at random inside a ~20 km cell.
    properties["coordinates_obscured"] = bool(o.obscured) or o.geoprivacy in ("obscured",)
    return {
        "type": "Feature",
        "id": o.id,
        "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
        "properties": properties,
    }


def write_geojson(
    observations: Iterable[Observation], destination: Destination, *, progress: bool = False
) -> int:
    """Write observations as a GeoJSON FeatureCollection of points; returns how many features
    were written (observations without coordinates are skipped).

    Each feature's ``coordinates_obscured`` property is true when the public point is not the
    true one (the observation is obscured by its observer or by the taxon's conservation
    status), so maps can show it with its uncertainty. ``progress=True`` shows a progress bar.
    """
    count = 0
    with _open(destination) as f:
        f.write('{"type":"FeatureCollection","features":[')
        for o in with_progress(observations, progress, "GeoJSON"):
            feature = _feature(o)
            if feature is None:
                continue
            if count:
                f.write(",")
            f.write("\n")
            f.write(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
            count += 1
        f.write("\n]}\n")
    return count


def to_dataframe(
    records: Iterable[BaseModel], *, columns: Sequence[str] | None = None
) -> pandas.DataFrame:
    """Records as a pandas DataFrame, one row per record (``pip install 'inatsdk[pandas]'``).

    Rows are built page by page from :func:`flatten`; dates become ``datetime64`` columns and
    ids nullable integers.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise ImportError("to_dataframe needs pandas: pip install 'inatsdk[pandas]'") from exc
    rows = [flatten(r) for r in records]
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(columns) if columns else None)
    for name in frame.columns:
        if name in ("observed_on", "time_observed_at", "created_at", "updated_at"):
            frame[name] = pd.to_datetime(frame[name], utc=name != "observed_on", errors="coerce")
        elif name == "id" or name.endswith(("_id", "_count")):
            frame[name] = frame[name].astype("Int64")
    return frame


# The formats that need more than the standard library live in modules of their own; they are
# imported last because they build on the rows above.
from inatsdk.export._errors import MissingExtraError  # noqa: E402
from inatsdk.export.dwca import write_dwca  # noqa: E402
from inatsdk.export.parquet import write_parquet  # noqa: E402
from inatsdk.export.reader import read  # noqa: E402
