"""Read files written by :mod:`inatsdk.export` back into models: CSV, JSON Lines, GeoJSON,
Parquet and Darwin Core Archives.

Every reader streams: it yields models as it reads, so a file of any size reads in flat
memory. Formats that keep a record's full JSON (JSON Lines; Parquet with its ``json`` column)
give back exactly the models written; the others give back what their columns hold, so that
writing the models read gives the same file again.
"""

from __future__ import annotations

import csv
import io
import json
import os
import types
import typing
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, overload
from xml.etree import ElementTree

from inatsdk.errors import InvalidParameterError
from inatsdk.models import BaseModel, Observation, Taxon

__all__ = ["Format", "detect_format", "read"]

M = TypeVar("M", bound=BaseModel)

Format = Literal["csv", "jsonl", "geojson", "parquet", "dwca"]

_SUFFIXES: dict[str, Format] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".zip": "dwca",
}

# Flat columns of observations and taxa, and where each goes in the record's JSON.
_OBSERVATION_PATHS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "uuid": ("uuid",),
    "observed_on": ("observed_on",),
    "time_observed_at": ("time_observed_at",),
    "created_at": ("created_at",),
    "updated_at": ("updated_at",),
    "quality_grade": ("quality_grade",),
    "taxon_id": ("taxon", "id"),
    "taxon_name": ("taxon", "name"),
    "taxon_rank": ("taxon", "rank"),
    "common_name": ("taxon", "preferred_common_name"),
    "iconic_taxon": ("taxon", "iconic_taxon_name"),
    "species_guess": ("species_guess",),
    "user_id": ("user", "id"),
    "user_login": ("user", "login"),
    "positional_accuracy": ("positional_accuracy",),
    "obscured": ("obscured",),
    "geoprivacy": ("geoprivacy",),
    "taxon_geoprivacy": ("taxon_geoprivacy",),
    "place_guess": ("place_guess",),
    "captive": ("captive",),
    "license_code": ("license_code",),
    "num_identification_agreements": ("num_identification_agreements",),
    "num_identification_disagreements": ("num_identification_disagreements",),
    "uri": ("uri",),
    "description": ("description",),
}
_TAXON_PATHS: dict[str, tuple[str, ...]] = {"photo_url": ("default_photo", "url")}


def detect_format(path: str | os.PathLike[str]) -> Format:
    """The format of a file written by inatsdk, from its name (and, for ``.json``, its
    first bytes)."""
    p = Path(path)
    found = _SUFFIXES.get(p.suffix.lower())
    if found is not None:
        return found
    if p.suffix.lower() == ".json":
        with p.open("rb") as f:
            head = f.read(64).lstrip()
        return "geojson" if head.startswith(b'{"type":"FeatureCollection"') else "jsonl"
    raise InvalidParameterError(
        f"read(): cannot tell the format of {str(path)!r} from its name; pass "
        "format='csv', 'jsonl', 'geojson', 'parquet' or 'dwca'"
    )


@overload
def read(
    path: str | os.PathLike[str], model: None = None, *, format: Format | None = None
) -> Iterator[Observation]: ...


@overload
def read(
    path: str | os.PathLike[str], model: type[M], *, format: Format | None = None
) -> Iterator[M]: ...


def read(
    path: str | os.PathLike[str],
    model: type[BaseModel] | None = None,
    *,
    format: Format | None = None,
) -> Iterator[BaseModel]:
    """Read a file written by :mod:`inatsdk.export` back into models, streaming.

    ``model`` is the class the records become (default :class:`~inatsdk.models.Observation`;
    a Parquet file names its own); GeoJSON and Darwin Core Archives hold observations only.
    The format comes from the file name (``.csv``, ``.jsonl``, ``.geojson``, ``.parquet``,
    ``.zip``) unless ``format`` names it. Nothing is read until the iterator is.

    Example::

        for obs in read("birds.parquet"):
            print(obs.id, obs.taxon.name)
    """
    kind = format or detect_format(path)
    if kind not in ("csv", "jsonl", "geojson", "parquet", "dwca"):
        raise InvalidParameterError(f"read(): format must be one of {sorted(_SUFFIXES.values())}")
    if not Path(path).exists():
        raise InvalidParameterError(f"read(): {str(path)!r} does not exist")
    if kind in ("geojson", "dwca") and model not in (None, Observation):
        raise InvalidParameterError(f"read(): a {kind} file holds observations, not {model}")
    if kind == "parquet":
        return _read_parquet(path, model)
    cls: type[BaseModel] = model or Observation
    if kind == "csv":
        return _read_csv(path, cls)
    if kind == "jsonl":
        return _read_jsonl(path, cls)
    if kind == "geojson":
        return _read_geojson(path)
    return _read_dwca(path)


# --- flat rows back into JSON ------------------------------------------------------------------


_HINTS: dict[type[BaseModel], dict[str, Any]] = {}


def _hints(cls: type[BaseModel]) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        import inatsdk.models as every_model  # names some models import for type checkers only

        found = _HINTS[cls] = typing.get_type_hints(cls, localns=vars(every_model))
    return found


def _leaf_type(hint: object) -> object:
    """``int`` for ``int | None``; a model class for ``Taxon | None``; ``list`` for lists."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _leaf_type(args[0]) if len(args) == 1 else hint
    if origin is list:
        return list
    return hint


def _typed(kind: object, value: object) -> object:
    """A cell's value as JSON of the attribute's type (CSV cells are text)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not isinstance(value, str):
        return value
    try:
        if kind is bool:
            return value.lower() in ("true", "1", "yes")
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
    except ValueError:
        return value
    return value


def _put(cls: type[BaseModel], data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    """Set ``data[path]`` (nested dicts), typed after the attribute at that path."""
    hint = _leaf_type(_hints(cls).get(path[0]))
    if len(path) == 1:
        typed = _typed(hint, value)
        if typed is not None:
            data[path[0]] = typed
        return
    if not (isinstance(hint, type) and issubclass(hint, BaseModel)):
        return
    inner: dict[str, Any] = data.setdefault(path[0], {})
    _put(hint, inner, path[1:], value)


def _observation_json(row: Mapping[str, object]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, path in _OBSERVATION_PATHS.items():
        if column in row:
            _put(Observation, data, path, row[column])
    if "taxon" in data and "id" in data["taxon"]:
        data["taxon_id"] = data["taxon"]["id"]
    if "user" in data and "id" in data["user"]:
        data["user_id"] = data["user"]["id"]
    lat, lng = row.get("latitude"), row.get("longitude")
    if lat not in (None, "") and lng not in (None, ""):
        data["location"] = f"{lat},{lng}"
    photos = _typed(int, row.get("photo_count")) or 0
    url = row.get("photo_url")
    if isinstance(photos, int) and photos > 0:
        # The file keeps the first photo's URL and the count: the others come back empty.
        data["photos"] = [{"url": url} if url else {}] + [{} for _ in range(photos - 1)]
    sounds = _typed(int, row.get("sound_count")) or 0
    if isinstance(sounds, int) and sounds > 0:
        data["sounds"] = [{} for _ in range(sounds)]
    return data


def _flat_json(cls: type[BaseModel], row: Mapping[str, object]) -> dict[str, Any]:
    if cls is Observation:
        return _observation_json(row)
    data: dict[str, Any] = {}
    for column, value in row.items():
        path = (_TAXON_PATHS.get(column) if cls is Taxon else None) or tuple(column.split("."))
        _put(cls, data, path, value)
    return data


# --- the formats -------------------------------------------------------------------------------


def _read_csv(path: str | os.PathLike[str], cls: type[M]) -> Iterator[M]:
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield cls.from_json(_flat_json(cls, row))


def _read_jsonl(path: str | os.PathLike[str], cls: type[M]) -> Iterator[M]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield cls.from_json(json.loads(line))


def _from_feature(feature: Mapping[str, Any]) -> Observation:
    properties: dict[str, object] = dict(feature.get("properties") or {})
    properties.pop("coordinates_obscured", None)
    geometry: Mapping[str, Any] = feature.get("geometry") or {}
    coordinates: list[float] = geometry.get("coordinates") or []
    if len(coordinates) == 2:
        properties["longitude"], properties["latitude"] = coordinates
    return Observation.from_json(_observation_json(properties))


def _read_geojson(path: str | os.PathLike[str]) -> Iterator[Observation]:
    with open(path, encoding="utf-8") as f:
        first = f.readline()
        if first.strip() != '{"type":"FeatureCollection","features":[':
            # Not laid out by inatsdk (one feature a line): read it whole.
            f.seek(0)
            for feature in json.load(f).get("features", []):
                yield _from_feature(feature)
            return
        for line in f:
            text = line.strip().rstrip(",")
            if text.startswith("{"):
                yield _from_feature(json.loads(text))


def _read_parquet(path: str | os.PathLike[str], model: type[BaseModel] | None) -> Iterator[Any]:
    from inatsdk.export.parquet import JSON_COLUMN, MODEL_KEY, load_pyarrow

    _, pq = load_pyarrow()
    parquet = pq.ParquetFile(os.fspath(path))
    metadata: dict[bytes, bytes] = parquet.schema_arrow.metadata or {}
    named = metadata.get(MODEL_KEY, b"").decode()
    cls: type[BaseModel] = model or _model_named(named) or Observation
    if model is not None and named and named != model.__name__:
        raise InvalidParameterError(f"read(): {str(path)!r} holds {named} records, not {model}")
    for batch in parquet.iter_batches(batch_size=1_000):
        for row in batch.to_pylist():
            raw = row.get(JSON_COLUMN)
            if isinstance(raw, str):
                yield cls.from_json(json.loads(raw))
            else:
                yield cls.from_json(_flat_json(cls, row))


def _model_named(name: str) -> type[BaseModel] | None:
    import inatsdk.models

    found = getattr(inatsdk.models, name, None) if name else None
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


# --- Darwin Core Archives ----------------------------------------------------------------------

_NS = {"dwc": "http://rs.tdwg.org/dwc/text/"}


def _columns(table: ElementTree.Element) -> tuple[str, dict[int, str]]:
    location = table.findtext("dwc:files/dwc:location", namespaces=_NS) or ""
    terms = {
        int(field.get("index", "-1")): field.get("term", "").rstrip("/").rsplit("/", 1)[-1]
        for field in table.findall("dwc:field", _NS)
    }
    return location.strip(), terms


def _rows(
    archive: zipfile.ZipFile, location: str, terms: dict[int, str]
) -> Iterator[dict[str, str]]:
    with archive.open(location) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        next(text, None)  # the header
        for line in text:
            cells = line.rstrip("\n").split("\t")
            row = {name: cells[i] for i, name in terms.items() if i < len(cells)}
            row["_id"] = cells[0]
            yield row


_LICENSE_CODES = {
    "publicdomain/zero": "cc0",
    "licenses/by/": "cc-by",
    "licenses/by-nc/": "cc-by-nc",
    "licenses/by-sa/": "cc-by-sa",
    "licenses/by-nd/": "cc-by-nd",
    "licenses/by-nc-sa/": "cc-by-nc-sa",
    "licenses/by-nc-nd/": "cc-by-nc-nd",
}


def _license_code(url: str) -> str | None:
    return next((code for part, code in _LICENSE_CODES.items() if part in url), url or None)


def _tail_id(url: str) -> int | None:
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _dwc_observation(row: Mapping[str, str], photos: list[dict[str, Any]]) -> Observation:
    from inatsdk.export.dwca import HIGHER_RANKS

    data: dict[str, Any] = {"id": int(row["_id"]) if row["_id"].isdigit() else None}
    if row.get("references"):
        data["uri"] = row["references"]
    when = row.get("eventDate", "")
    if "T" in when:
        data["time_observed_at"] = when
        data["observed_on"] = when[:10]
    elif when:
        data["observed_on"] = when
    for key, name in (
        ("verbatimEventDate", "observed_on_string"),
        ("modified", "updated_at"),
        ("verbatimLocality", "place_guess"),
        ("occurrenceRemarks", "description"),
    ):
        if row.get(key):
            data[name] = row[key]
    lat, lng = row.get("decimalLatitude"), row.get("decimalLongitude")
    if lat and lng:
        data["location"] = f"{lat},{lng}"
    withheld = row.get("informationWithheld", "")
    accuracy = _typed(int, row.get("coordinateUncertaintyInMeters"))
    if withheld.startswith("Coordinates hidden"):
        key = "geoprivacy" if "observer" in withheld else "taxon_geoprivacy"
        data[key] = "private"
        data["obscured"] = True
    elif withheld:
        key = "geoprivacy" if "observer" in withheld else "taxon_geoprivacy"
        data[key] = "obscured"
        data["obscured"] = True
        if accuracy is not None:
            data["public_positional_accuracy"] = accuracy
    elif accuracy is not None:
        data["positional_accuracy"] = accuracy
    if row.get("scientificName") or row.get("taxonID"):
        taxon: dict[str, Any] = {"id": _tail_id(row.get("taxonID", ""))}
        for key, name in (
            ("scientificName", "name"),
            ("taxonRank", "rank"),
            ("vernacularName", "preferred_common_name"),
        ):
            if row.get(key):
                taxon[name] = row[key]
        ancestors = [
            {"name": row[rank], "rank": rank}
            for rank in HIGHER_RANKS
            if row.get(rank) and rank != taxon.get("rank")
        ]
        if ancestors:
            taxon["ancestors"] = ancestors
        data["taxon"] = {k: v for k, v in taxon.items() if v is not None}
        if taxon["id"] is not None:
            data["taxon_id"] = taxon["id"]
    if row.get("recordedBy"):
        data["user"] = {"name": row["recordedBy"]}
    if row.get("license"):
        data["license_code"] = _license_code(row["license"])
    if photos:
        data["photos"] = photos
    return Observation.from_json({k: v for k, v in data.items() if v is not None})


def _dwc_photo(row: Mapping[str, str]) -> dict[str, Any]:
    photo: dict[str, Any] = {
        "id": _tail_id(row.get("references", "")),
        "url": row.get("identifier"),
    }
    if row.get("license"):
        photo["license_code"] = _license_code(row["license"])
    if row.get("creator"):
        photo["attribution_name"] = row["creator"]
    return {k: v for k, v in photo.items() if v}


def _read_dwca(path: str | os.PathLike[str]) -> Iterator[Observation]:
    with zipfile.ZipFile(path) as archive:
        meta = ElementTree.fromstring(archive.read("meta.xml"))
        core = meta.find("dwc:core", _NS)
        if core is None:
            raise InvalidParameterError(f"read(): {str(path)!r} has no core table in meta.xml")
        core_file, core_terms = _columns(core)
        media: Iterator[dict[str, str]] = iter(())
        for extension in meta.findall("dwc:extension", _NS):
            if extension.get("rowType", "").endswith("/Multimedia"):
                media = _rows(archive, *_columns(extension))
        pending = next(media, None)
        for row in _rows(archive, core_file, core_terms):
            photos: list[dict[str, Any]] = []
            # inatsdk writes the photos in the order of their observations: a merge join.
            while pending is not None and pending["_id"] == row["_id"]:
                photos.append(_dwc_photo(pending))
                pending = next(media, None)
            yield _dwc_observation(row, photos)
