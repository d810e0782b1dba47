"""Darwin Core Archives: observations as GBIF publishes iNaturalist data.

:func:`write_dwca` writes a zip holding ``meta.xml`` (which file holds which terms),
``eml.xml`` (the dataset's metadata), ``occurrence.txt`` (the core: one row per observation)
and ``multimedia.txt`` (the GBIF Simple Multimedia extension: one row per photo). The files
are UTF-8, tab-separated, with a header row; tabs and line breaks inside values become spaces.

The archive is streamed: occurrence rows go into the zip as records arrive, photo rows into a
temporary file that is copied in at the end, so memory stays one page of records.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import IO, cast
from xml.sax.saxutils import escape

from inatsdk.errors import InvalidParameterError
from inatsdk.export._progress import with_progress
from inatsdk.models import Observation, Photo, Taxon

__all__ = [
    "CORE_TERMS",
    "DC",
    "DWC",
    "LICENSE_URLS",
    "MULTIMEDIA_FILE",
    "MULTIMEDIA_TERMS",
    "OCCURRENCE_FILE",
    "write_dwca",
]

DWC = "http://rs.tdwg.org/dwc/terms/"
DC = "http://purl.org/dc/terms/"
OCCURRENCE_ROW_TYPE = DWC + "Occurrence"
MULTIMEDIA_ROW_TYPE = "http://rs.gbif.org/terms/1.0/Multimedia"
OCCURRENCE_FILE = "occurrence.txt"
MULTIMEDIA_FILE = "multimedia.txt"

#: The occurrence core's columns after the id, as (name, term URI), in file order.
CORE_TERMS: tuple[tuple[str, str], ...] = (
    ("occurrenceID", DWC + "occurrenceID"),
    ("basisOfRecord", DWC + "basisOfRecord"),
    ("institutionCode", DWC + "institutionCode"),
    ("collectionCode", DWC + "collectionCode"),
    ("catalogNumber", DWC + "catalogNumber"),
    ("references", DC + "references"),
    ("modified", DC + "modified"),
    ("eventDate", DWC + "eventDate"),
    ("verbatimEventDate", DWC + "verbatimEventDate"),
    ("decimalLatitude", DWC + "decimalLatitude"),
    ("decimalLongitude", DWC + "decimalLongitude"),
    ("coordinateUncertaintyInMeters", DWC + "coordinateUncertaintyInMeters"),
    ("geodeticDatum", DWC + "geodeticDatum"),
    ("informationWithheld", DWC + "informationWithheld"),
    ("verbatimLocality", DWC + "verbatimLocality"),
    ("taxonID", DWC + "taxonID"),
    ("scientificName", DWC + "scientificName"),
    ("taxonRank", DWC + "taxonRank"),
    ("vernacularName", DWC + "vernacularName"),
    ("kingdom", DWC + "kingdom"),
    ("phylum", DWC + "phylum"),
    ("class", DWC + "class"),
    ("order", DWC + "order"),
    ("family", DWC + "family"),
    ("genus", DWC + "genus"),
    ("recordedBy", DWC + "recordedBy"),
    ("identificationRemarks", DWC + "identificationRemarks"),
    ("occurrenceRemarks", DWC + "occurrenceRemarks"),
    ("license", DC + "license"),
    ("rightsHolder", DC + "rightsHolder"),
)

#: The multimedia extension's columns after the core id.
MULTIMEDIA_TERMS: tuple[tuple[str, str], ...] = (
    ("type", DC + "type"),
    ("format", DC + "format"),
    ("identifier", DC + "identifier"),
    ("references", DC + "references"),
    ("creator", DC + "creator"),
    ("publisher", DC + "publisher"),
    ("license", DC + "license"),
    ("rightsHolder", DC + "rightsHolder"),
)

#: iNaturalist license codes and the license URIs Darwin Core archives carry.
LICENSE_URLS: Mapping[str, str] = {
    "cc0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "cc-by": "http://creativecommons.org/licenses/by/4.0/",
    "cc-by-nc": "http://creativecommons.org/licenses/by-nc/4.0/",
    "cc-by-sa": "http://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nd": "http://creativecommons.org/licenses/by-nd/4.0/",
    "cc-by-nc-sa": "http://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc-by-nc-nd": "http://creativecommons.org/licenses/by-nc-nd/4.0/",
}

HIGHER_RANKS = ("kingdom", "phylum", "class", "order", "family", "genus")

_WEB = "https://www.inaturalist.org"
_SPACES = re.compile(r"[\t\r\n]+")


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _SPACES.sub(" ", str(value))


def _license_url(code: str | None) -> str:
    if not code:
        return ""
    return LICENSE_URLS.get(code.lower(), code)


def _higher_taxa(taxon: Taxon | None) -> dict[str, str]:
    """Names at the ranks GBIF shows (kingdom..genus), from the taxon and its ancestors."""
    found: dict[str, str] = {}
    if taxon is None:
        return found
    for t in [*(taxon.ancestors or []), taxon]:
        if t.rank in HIGHER_RANKS and t.name:
            found[t.rank] = t.name
    return found


def _withheld(o: Observation) -> str:
    """What GBIF's iNaturalist records say in ``informationWithheld``."""
    if o.geoprivacy == "private":
        return "Coordinates hidden at the request of the observer"
    if o.taxon_geoprivacy == "private":
        return "Coordinates hidden to protect a threatened taxon"
    if o.obscured or o.geoprivacy == "obscured" or o.taxon_geoprivacy == "obscured":
        accuracy = o.public_positional_accuracy
        size = f" to {accuracy}m" if accuracy is not None else ""
        why = (
            "at the request of the observer"
            if o.geoprivacy == "obscured"
            else "to protect a threatened taxon"
        )
        return f"Coordinate uncertainty increased{size} {why}"
    return ""


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else str(getattr(value, "isoformat", lambda: value)())


def occurrence_row(o: Observation) -> list[str]:
    """One observation as the occurrence core's cells: the id, then :data:`CORE_TERMS`."""
    taxon, user, point = o.taxon, o.user, o.location
    uri = o.uri or (f"{_WEB}/observations/{o.id}" if o.id is not None else "")
    when = o.time_observed_at or o.observed_on
    higher = _higher_taxa(taxon)
    who = (user.name or user.login) if user is not None else None
    obscured = bool(_withheld(o))
    accuracy = o.public_positional_accuracy if obscured else o.positional_accuracy
    cells: dict[str, object] = {
        "occurrenceID": uri,
        "basisOfRecord": "HumanObservation",
        "institutionCode": "iNaturalist",
        "collectionCode": "Observations",
        "catalogNumber": o.id,
        "references": uri,
        "modified": _iso(o.updated_at),
        "eventDate": _iso(when),
        "verbatimEventDate": o.observed_on_string,
        "decimalLatitude": point.latitude if point else None,
        "decimalLongitude": point.longitude if point else None,
        "coordinateUncertaintyInMeters": accuracy if point else None,
        "geodeticDatum": "EPSG:4326" if point else None,
        "informationWithheld": _withheld(o),
        "verbatimLocality": o.place_guess,
        "taxonID": f"{_WEB}/taxa/{taxon.id}" if taxon and taxon.id is not None else None,
        "scientificName": taxon.name if taxon else None,
        "taxonRank": taxon.rank if taxon else None,
        "vernacularName": taxon.preferred_common_name if taxon else None,
        **higher,
        "recordedBy": who,
        "identificationRemarks": None,
        "occurrenceRemarks": o.description,
        "license": _license_url(o.license_code),
        "rightsHolder": who,
    }
    return [_clean(o.id), *(_clean(cells.get(name)) for name, _ in CORE_TERMS)]


def _photo_url(photo: Photo) -> str | None:
    """The original-size image: the API's URL names the size in its file name."""
    url = photo.original_url or photo.url
    if url is None:
        return None
    return re.sub(r"/(square|thumb|small|medium|large)\.", "/original.", url)


def multimedia_rows(o: Observation) -> list[list[str]]:
    """One observation's photos as multimedia extension rows (the core id first)."""
    rows: list[list[str]] = []
    who = (o.user.name or o.user.login) if o.user is not None else None
    for photo in o.photos or []:
        url = _photo_url(photo)
        if url is None:
            continue
        cells: dict[str, object] = {
            "type": "StillImage",
            "format": "image/jpeg",
            "identifier": url,
            "references": f"{_WEB}/photos/{photo.id}" if photo.id is not None else None,
            "creator": photo.attribution_name or who,
            "publisher": "iNaturalist",
            "license": _license_url(photo.license_code),
            "rightsHolder": photo.attribution_name or who,
        }
        rows.append([_clean(o.id), *(_clean(cells.get(name)) for name, _ in MULTIMEDIA_TERMS)])
    return rows


def _table_xml(tag: str, row_type: str, location: str, key: str, terms: Iterable[str]) -> str:
    fields = "\n".join(
        f'    <field index="{i}" term="{escape(term)}"/>' for i, term in enumerate(terms, 1)
    )
    return (
        f'  <{tag} encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" '
        f'fieldsEnclosedBy="" ignoreHeaderLines="1" rowType="{row_type}">\n'
        f"    <files><location>{location}</location></files>\n"
        f'    <{key} index="0"/>\n{fields}\n  </{tag}>'
    )


def meta_xml() -> str:
    """``meta.xml``: the core and the extension, each column with its term URI."""
    core = _table_xml(
        "core", OCCURRENCE_ROW_TYPE, OCCURRENCE_FILE, "id", (t for _, t in CORE_TERMS)
    )
    extension = _table_xml(
        "extension",
        MULTIMEDIA_ROW_TYPE,
        MULTIMEDIA_FILE,
        "coreid",
        (t for _, t in MULTIMEDIA_TERMS),
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">\n'
        f"{core}\n{extension}\n</archive>\n"
    )


def eml_xml(title: str, count: int) -> str:
    """``eml.xml``: the dataset's title, publisher, date and licence note."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" '
        'packageId="inatsdk-export" system="inatsdk" scope="system">\n'
        "  <dataset>\n"
        f"    <title>{escape(title)}</title>\n"
        "    <creator><organizationName>iNaturalist</organizationName>"
        f"<onlineUrl>{_WEB}</onlineUrl></creator>\n"
        f"    <pubDate>{now}</pubDate>\n"
        "    <abstract><para>"
        f"{count} observations exported from iNaturalist with inatsdk. Each record carries its own"
        " licence (dc:license); records without one are all rights reserved."
        "</para></abstract>\n"
        "  </dataset>\n"
        "</eml:eml>\n"
    )


def _line(cells: Iterable[str]) -> str:
    return "\t".join(cells) + "\n"


def write_dwca(
    records: Iterable[Observation],
    path: str | os.PathLike[str],
    *,
    title: str = "iNaturalist observations",
    progress: bool = False,
) -> int:
    """Write observations as a Darwin Core Archive (a zip file at ``path``); returns how many
    occurrences were written.

    The occurrence core uses the terms GBIF publishes iNaturalist data with: ``occurrenceID``
    (the observation's URL), ``basisOfRecord`` (``HumanObservation``), ``eventDate``,
    ``decimalLatitude``/``decimalLongitude`` with ``coordinateUncertaintyInMeters``,
    ``scientificName``, ``taxonRank``, ``kingdom`` to ``genus``, ``recordedBy``, ``license``
    (a Creative Commons URI), ``references``, and ``informationWithheld`` for obscured or
    private records (their public point is moved or hidden). Higher ranks come from the taxon's
    ``ancestors``, which search results leave out: prefetch them with
    ``.prefetch("taxon")`` on the paginator. Photos go to the multimedia extension, one row
    each, with their licence and creator.
    """
    count = 0
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as media,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        media.write(_line(["coreid", *(name for name, _ in MULTIMEDIA_TERMS)]))
        archive.writestr("meta.xml", meta_xml())
        with archive.open(OCCURRENCE_FILE, "w") as raw:
            core = _TextSink(raw)
            core.write(_line(["id", *(name for name, _ in CORE_TERMS)]))
            given = cast("Iterable[object]", records)
            for o in with_progress(given, progress, "Darwin Core"):
                if not isinstance(o, Observation):
                    raise InvalidParameterError(
                        f"write_dwca(): records must be observations, not {type(o).__name__}"
                    )
                core.write(_line(occurrence_row(o)))
                for row in multimedia_rows(o):
                    media.write(_line(row))
                count += 1
            core.flush()
        media.flush()
        media.seek(0)
        with archive.open(MULTIMEDIA_FILE, "w") as raw:
            sink = _TextSink(raw)
            shutil.copyfileobj(media, sink)
            sink.flush()
        archive.writestr("eml.xml", eml_xml(title, count))
    return count


class _TextSink:
    """A text stream over a binary zip member, buffered in 64 KB chunks."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= 65_536:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            self._raw.write("".join(self._parts).encode("utf-8"))
            self._parts.clear()
            self._size = 0
