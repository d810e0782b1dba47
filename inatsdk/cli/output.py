"""How ``inat`` prints what a command returns, in every format.

* ``table`` (the default): a listing as a compact table (ids never cut), one record as a detail
  view, a histogram as a sparkline and bars, a life list as a tree with counts.
* ``json``: a listing as an array, one record as an object.
* ``jsonl``: one object per line; ``csv``: a header and one row per record (a histogram's
  buckets, a life list's taxa); ``geojson``: observations as a FeatureCollection;
  ``parquet`` (with ``-o``): when pandas and pyarrow are installed.

With ``-o FILE`` nothing goes to standard output and one line on standard error says what was
written (``wrote 207 observations to birds.csv``).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, cast

from inatsdk.cli.common import UsageError

if TYPE_CHECKING:
    from inatsdk.models import BaseModel, Histogram, LifeList

__all__ = ["FORMATS", "emit", "noun"]

FORMATS = ("table", "json", "jsonl", "csv", "geojson", "parquet")

_NOUNS = {
    "Taxon": "taxa",
    "LifeListTaxon": "taxa",
    "SpeciesCount": "species",
    "UserCount": "users",
    "ProjectUser": "members",
    "RecentTaxon": "taxa",
    "Histogram": "buckets",
    "QualityGradeCount": "quality grades",
    "IdentificationCategoryCount": "categories",
    "PopularFieldValue": "annotations",
    "VisionSuggestion": "suggestions",
    "ObservationUpdate": "updates",
}


def noun(kind: str, count: int) -> str:
    """``observations`` for Observation, ``taxa`` for Taxon, ``observation`` for one."""
    plural = _NOUNS.get(kind) or re.sub(r"(?<!^)(?=[A-Z])", " ", kind).lower() + "s"
    if count == 1 and plural.endswith("s") and kind not in ("SpeciesCount",):
        return plural[:-3] + "on" if plural == "taxa" else plural[:-1]
    return plural


def _console(out: IO[str], to_file: bool) -> object:
    from rich.console import Console

    return Console(file=out, width=120 if to_file else None, soft_wrap=False)


def _print(out: IO[str], renderable: object, *, to_file: bool) -> None:
    from rich.console import Console

    console = cast("Console", _console(out, to_file))
    console.print(renderable)


def _histogram_rows(histogram: Histogram) -> list[dict[str, object]]:
    from inatsdk.display import label

    interval = histogram.interval or "bucket"
    return [{interval: label(k), "count": v} for k, v in histogram.counts.items()]


_LIFE_COLUMNS = (
    "id",
    "parent_id",
    "rank",
    "rank_level",
    "name",
    "preferred_common_name",
    "descendant_obs_count",
    "direct_obs_count",
)


def _life_rows(life: LifeList) -> list[dict[str, object]]:
    return [{c: getattr(t, c, None) for c in _LIFE_COLUMNS} for t in life]


def _write_rows(rows: list[dict[str, object]], fmt: str, out: IO[str]) -> None:
    if fmt == "csv":
        if not rows:
            return
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    else:  # jsonl
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _parquet(records: Iterable[BaseModel], path: str) -> int:
    import importlib.util

    try:
        if importlib.util.find_spec("pyarrow") is None:
            raise ImportError("pyarrow")
        from inatsdk.export import to_dataframe
    except ImportError:
        raise UsageError(
            "--format parquet needs pandas and pyarrow: pip install 'inatsdk[pandas]' pyarrow"
        ) from None
    frame = to_dataframe(records)
    frame.to_parquet(path)
    return len(frame)


def emit(result: object, *, fmt: str, output: str | None, limit: int | None = None,
         progress: bool = False, brief: bool = False) -> int:  # fmt: skip
    """Print (or write to ``output``) what a command returned; returns how many records.

    ``brief``: one record shows as a one-row table rather than a detail view (what a write
    made: the detail is one ``--format json`` away)."""
    from inatsdk.models import BaseModel, Histogram, LifeList

    if isinstance(result, bytes):
        if output:
            with open(output, "wb") as f:
                f.write(result)
            print(f"wrote {len(result):,} bytes to {output}", file=sys.stderr)
        else:
            sys.stdout.buffer.write(result)
        return 1
    if fmt == "parquet" and not output:
        raise UsageError("--format parquet writes a file: add -o FILE.parquet")
    single = isinstance(result, BaseModel)
    kind = type(result).__name__
    records: Iterable[object]
    if isinstance(result, LifeList) and fmt != "json":
        records, kind, single = list(result), "LifeListTaxon", False
        if fmt == "table":
            records, single = [result], True
    elif isinstance(result, Histogram) and fmt in ("csv", "jsonl"):
        records = _histogram_rows(result)
    elif single:
        records = [result]
    else:
        records = _records(result, limit, progress)
    out: IO[str]
    if output and fmt != "parquet":
        out = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    else:
        out = sys.stdout
    try:
        count, kind = _write(
            records, fmt, out, kind=kind, single=single, output=output, brief=brief
        )
    finally:
        if out is not sys.stdout:
            out.close()
    if output:
        print(f"wrote {count:,} {noun(kind, count)} to {output}", file=sys.stderr)
    return count


def _records(result: object, limit: int | None, progress: bool) -> Iterator[object]:
    from inatsdk.paginator import Paginator

    if isinstance(result, Paginator):
        paginator = cast("Paginator[object]", result)
        query = paginator if limit is None else paginator.limit(limit)
        if progress:
            from inatsdk.progress import track

            yield from track(query)
        else:
            yield from query
    elif isinstance(result, list):
        items = cast("list[object]", result)
        yield from items[:limit] if limit is not None else items
    elif result is not None:
        yield result


def _write(
    records: Iterable[object], fmt: str, out: IO[str], *, kind: str, single: bool,
    output: str | None, brief: bool = False,
) -> tuple[int, str]:  # fmt: skip
    from inatsdk import export
    from inatsdk.models import BaseModel, Histogram, LifeList, Observation

    if fmt == "json":
        raw = list(records)
        items = [r.to_json() if isinstance(r, BaseModel) else r for r in raw]
        data: object = items[0] if single and items else items
        out.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        return len(items), _kind(raw, kind)
    if fmt == "table":
        from inatsdk import display

        items = list(records)
        if single and items:
            item = items[0]
            if isinstance(item, (Histogram, LifeList)):
                _print(out, item, to_file=bool(output))
                count = len(item.counts) if isinstance(item, Histogram) else len(list(item))
                return count, "Histogram" if isinstance(item, Histogram) else "LifeListTaxon"
            if isinstance(item, BaseModel) and not brief:
                _print(out, display.detail_table(item), to_file=bool(output))
                return 1, type(item).__name__
        if not items:
            print("no records", file=sys.stderr)
            return 0, kind
        _print(out, display.records_table(items), to_file=bool(output))
        return len(items), type(items[0]).__name__
    if fmt == "parquet":
        assert output is not None
        items = list(records)
        models = [r for r in items if isinstance(r, BaseModel)]
        return _parquet(models, output), type(models[0]).__name__ if models else kind
    if kind == "LifeListTaxon":
        rows = _life_rows(_as_life(records))
        _write_rows(rows, fmt if fmt != "geojson" else _no_geojson(kind), out)
        return len(rows), kind
    first, rest = _peek(records)
    if first is None:
        return 0, kind
    if isinstance(first, dict):
        rows = [cast("dict[str, object]", first), *cast("Iterator[dict[str, object]]", rest)]
        _write_rows(rows, fmt if fmt != "geojson" else _no_geojson(kind), out)
        return len(rows), kind
    kind = type(first).__name__
    stream = cast("Iterator[BaseModel]", _chain(first, rest))
    if fmt == "jsonl":
        return export.write_jsonl(stream, out), kind
    if fmt == "csv":
        return export.write_csv(stream, out), kind
    if fmt == "geojson":
        if not isinstance(first, Observation):
            _no_geojson(kind)
        return export.write_geojson(cast("Iterator[Observation]", stream), out), kind
    raise UsageError(f"unknown format {fmt!r}")


def _kind(items: list[object], kind: str) -> str:
    return type(items[0]).__name__ if items and not isinstance(items[0], dict) else kind


def _as_life(records: Iterable[object]) -> LifeList:
    from inatsdk.models import LifeList, LifeListTaxon

    return LifeList(taxa=[r for r in records if isinstance(r, LifeListTaxon)])


def _no_geojson(kind: str) -> str:
    raise UsageError(
        f"--format geojson is for observations; {noun(kind, 2)} have no coordinates "
        "(try --format csv or json)"
    )


def _peek(records: Iterable[object]) -> tuple[object | None, Iterator[object]]:
    iterator = iter(records)
    first = next(iterator, None)
    return first, iterator


def _chain(first: object, rest: Iterator[object]) -> Iterator[object]:
    yield first
    yield from rest
