"""Parquet: typed columns for analysts (pandas, DuckDB, R's arrow), plus each record's full
JSON so :func:`inatsdk.export.read` gets the models back exactly.

Needs pyarrow: ``pip install 'inatsdk[parquet]'``. Records are written one row group at a time
(``row_group_size`` records), so memory holds one group, whatever the number of records.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any, cast

from inatsdk.errors import InvalidParameterError
from inatsdk.export._errors import missing
from inatsdk.export._progress import with_progress
from inatsdk.models import BaseModel, Observation

__all__ = ["JSON_COLUMN", "MODEL_KEY", "load_pyarrow", "write_parquet"]

#: The column holding each record's full :meth:`~inatsdk.models.BaseModel.to_json`.
JSON_COLUMN = "json"
#: The schema metadata key naming the model the rows were written from.
MODEL_KEY = b"inatsdk.model"

Kind = str  # "int", "float", "bool", "str", "date", "timestamp"

#: Observation columns whose type is not the one a first batch would suggest.
_OBSERVATION_KINDS: dict[str, Kind] = {
    "id": "int",
    "observed_on": "date",
    "time_observed_at": "timestamp",
    "created_at": "timestamp",
    "updated_at": "timestamp",
    "taxon_id": "int",
    "user_id": "int",
    "latitude": "float",
    "longitude": "float",
    "positional_accuracy": "int",
    "obscured": "bool",
    "captive": "bool",
    "num_identification_agreements": "int",
    "num_identification_disagreements": "int",
    "photo_count": "int",
    "sound_count": "int",
}


def load_pyarrow() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or an error naming the extra to install."""
    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise missing("Parquet export", "pyarrow", "parquet") from exc
    return pa, pq


def _kind_of(name: str, value: object) -> Kind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if name == "observed_on":
        return "date"
    if name.endswith("_at"):
        return "timestamp"
    return "str"


def _parse_when(value: object, kind: Kind) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        stamp: datetime = value
    elif isinstance(value, date):
        return value if kind == "date" else datetime(value.year, value.month, value.day)
    else:
        try:
            stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if kind == "date":
        return stamp.date()
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)


def _coerce(kind: Kind) -> Callable[[object], object]:
    def as_int(v: object) -> object:
        if v is None or v == "" or isinstance(v, bool):
            return None
        try:
            return int(str(v)) if not isinstance(v, int) else v
        except ValueError:
            return None

    def as_float(v: object) -> object:
        if v is None or v == "" or isinstance(v, bool):
            return None
        try:
            return float(str(v)) if not isinstance(v, (int, float)) else float(v)
        except ValueError:
            return None

    def as_bool(v: object) -> object:
        return v if isinstance(v, bool) else None

    def as_str(v: object) -> object:
        return None if v is None else str(v)

    if kind == "int":
        return as_int
    if kind == "float":
        return as_float
    if kind == "bool":
        return as_bool
    if kind in ("date", "timestamp"):
        return lambda v: _parse_when(v, kind)
    return as_str


def _arrow_type(pa: Any, kind: Kind) -> Any:
    return {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "str": pa.string(),
    }[kind]


def write_parquet(
    records: Iterable[BaseModel],
    destination: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    row_group_size: int = 1_000,
    full_json: bool = True,
    progress: bool = False,
) -> int:
    """Write records to a Parquet file, one row group per ``row_group_size`` records; returns
    how many were written.

    The columns are :func:`~inatsdk.export.flatten`'s (or those ``columns`` names), typed:
    integers, floats, booleans, dates (``observed_on``) and UTC timestamps (``created_at``...);
    ``full_json`` (the default) adds a ``json`` column with each record's full JSON, which
    :func:`~inatsdk.export.read` turns back into exactly the models written. The schema's
    metadata names the model (``inatsdk.model``).

    Needs pyarrow (``pip install 'inatsdk[parquet]'``); without it,
    :class:`~inatsdk.export.MissingExtraError` is raised before anything is written.
    """
    given = cast("object", row_group_size)
    if isinstance(given, bool) or not isinstance(given, int) or given < 1:
        raise InvalidParameterError(
            f"write_parquet(): row_group_size must be a positive integer, not {row_group_size!r}"
        )
    pa, pq = load_pyarrow()
    from inatsdk.export import flatten

    writer: Any = None
    names: list[str] = []
    coercers: list[Callable[[object], object]] = []
    schema: Any = None
    count = 0
    batch: list[BaseModel] = []

    def flush() -> None:
        nonlocal writer, schema, names, coercers
        rows = [flatten(r) for r in batch]
        if writer is None:
            first = batch[0]
            names = list(columns) if columns else list(rows[0])
            kinds: list[Kind] = []
            for name in names:
                kind = _OBSERVATION_KINDS.get(name) if isinstance(first, Observation) else None
                if kind is None:
                    sample = next((row[name] for row in rows if row.get(name) is not None), None)
                    kind = _kind_of(name, sample)
                kinds.append(kind)
            fields = [pa.field(n, _arrow_type(pa, k)) for n, k in zip(names, kinds, strict=True)]
            if full_json:
                fields.append(pa.field(JSON_COLUMN, pa.string()))
            schema = pa.schema(fields, metadata={MODEL_KEY: type(first).__name__.encode()})
            coercers = [_coerce(k) for k in kinds]
            writer = pq.ParquetWriter(os.fspath(destination), schema)
        arrays: list[Any] = []
        for name, coerce in zip(names, coercers, strict=True):
            arrays.append([coerce(row.get(name)) for row in rows])
        if full_json:
            arrays.append(
                [json.dumps(r.to_json(), ensure_ascii=False, separators=(",", ":")) for r in batch]
            )
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        batch.clear()

    try:
        for record in with_progress(records, progress, "Parquet"):
            batch.append(record)
            count += 1
            if len(batch) >= row_group_size:
                flush()
        if batch:
            flush()
        if writer is None:  # no records: an empty file with the columns asked for
            fields = [pa.field(n, pa.string()) for n in (columns or ())]
            if full_json:
                fields.append(pa.field(JSON_COLUMN, pa.string()))
            writer = pq.ParquetWriter(os.fspath(destination), pa.schema(fields))
    finally:
        if writer is not None:
            writer.close()
    return count
