"""Rich and HTML rendering of models: compact tables of records, one record's detail view,
histograms, life lists and taxonomy trees. Used by models' ``__rich__`` / ``_repr_html_`` and
by the ``inat`` command.

Nothing here sends a request: it renders what the models already hold. Nothing here prints a
model's ``repr``: nested records show by their natural label (a taxon's name and common name, a
user's login, a place's name).

In Jupyter, records, histograms and life lists render themselves; to render lists of records
and paginator pages as tables too, load the extension once::

    %load_ext inatsdk.display
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, cast

import attrs

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table
    from rich.tree import Tree

    from inatsdk.models import BaseModel, Histogram, LifeList, Observation, Taxon

__all__ = [
    "Column",
    "RecordsTable",
    "columns_for",
    "detail_table",
    "histogram_html",
    "histogram_table",
    "label",
    "life_list_html",
    "load_ipython_extension",
    "model_html",
    "model_table",
    "observation_card_html",
    "observations_table",
    "records_html",
    "records_table",
    "sparkline",
    "taxa_table",
    "taxonomy_tree",
]

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SPARKS = "▁▂▃▄▅▆▇█"
_LOW_RANKS = ("genus", "species", "subspecies", "variety", "form", "hybrid", "infrahybrid")


# --- labels: every value as a short line of plain text -------------------------------------------


def _text(value: str, limit: int | None = None) -> str:
    """A string as one line of plain text: HTML tags removed, whitespace collapsed."""
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    if limit is not None and len(plain) > limit:
        plain = plain[: limit - 1] + "…"
    return plain


def _taxon_label(taxon: Taxon) -> str:
    name = taxon.name or (f"taxon {taxon.id}" if taxon.id is not None else "")
    return f"{name} ({taxon.preferred_common_name})" if taxon.preferred_common_name else name


def label(value: object, *, limit: int | None = 80) -> str:
    """A value as one short line of text: a record by its natural label (a taxon's name and
    common name, a user's login, a place's name), a date as ISO, a list by its first items."""
    from inatsdk.models import BaseModel, Observation, Place, Project, Taxon, User

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _text(value, limit)
    if isinstance(value, Taxon):
        return _taxon_label(value)
    if isinstance(value, User):
        return value.login or value.name or _id_label(value)
    if isinstance(value, Place):
        return value.display_name or value.name or _id_label(value)
    if isinstance(value, Project):
        return value.title or value.slug or _id_label(value)
    if isinstance(value, Observation):
        return f"observation {value.id}"
    if isinstance(value, BaseModel):
        for name in ("name", "title", "label", "login", "subject", "quality_grade", "body"):
            found = getattr(value, name, None)
            if isinstance(found, str) and found:
                return _text(found, limit)
        for name in ("taxon", "user", "place", "photo", "sound", "controlled_value"):
            found = getattr(value, name, None)
            if found is not None:
                return label(found, limit=limit)
        for name in ("url", "file_url", "uri"):
            found = getattr(value, name, None)
            if isinstance(found, str) and found:
                return found
        return _id_label(value)
    if isinstance(value, (list, tuple)):
        items = cast("Sequence[object]", value)
        shown = ", ".join(label(i, limit=40) for i in items[:3])
        more = f" (+{len(items) - 3} more)" if len(items) > 3 else ""
        return _text(shown + more, limit)
    if isinstance(value, Mapping):
        return f"{len(cast('Mapping[object, object]', value))} entries"
    latitude, longitude = getattr(value, "latitude", None), getattr(value, "longitude", None)
    if isinstance(latitude, float) and isinstance(longitude, float):
        return f"{latitude:.5f}, {longitude:.5f}"
    return _text(str(value), limit)


def _id_label(model: object) -> str:
    found = getattr(model, "id", None)
    return f"#{found}" if found is not None else ""


# --- tables of records -----------------------------------------------------------------------------


@attrs.frozen
class Column:
    """One column of a records table: a header, how to read a cell, and how it lays out.

    ``kind``: ``"id"`` (never cut), ``"count"`` (right-aligned, thousands separated),
    ``"date"`` or ``"text"`` (cut with an ellipsis when the table must shrink).
    """

    header: str
    get: Callable[[object], object]
    kind: str = "text"

    def cell(self, record: object) -> str:
        value = self.get(record)
        if value is None:
            return ""
        if self.kind == "count" and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        if self.kind == "date" and isinstance(value, datetime):
            return value.date().isoformat()
        return label(value, limit=60)


def _attr(*path: str) -> Callable[[object], object]:
    """A getter of ``a.b.c``; ``None`` as soon as a step is missing."""

    def get(record: object) -> object:
        value: object = record
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    return get


def _first(*getters: Callable[[object], object]) -> Callable[[object], object]:
    def get(record: object) -> object:
        for g in getters:
            value = g(record)
            if value is not None and value != "":
                return value
        return None

    return get


def _taxon_name(record: object) -> object:
    taxon = getattr(record, "taxon", None)
    return None if taxon is None else getattr(taxon, "name", None)


def _common_name(record: object) -> object:
    taxon = getattr(record, "taxon", None)
    return None if taxon is None else getattr(taxon, "preferred_common_name", None)


_SPECIES_COLUMNS = (
    Column("taxon id", _attr("taxon", "id"), "id"),
    Column("rank", _attr("taxon", "rank")),
    Column("name", _taxon_name),
    Column("common name", _common_name),
    Column("count", _attr("count"), "count"),
)


@functools.cache
def _columns_by_class() -> dict[str, tuple[Column, ...]]:
    return {
        "Observation": (
            Column("id", _attr("id"), "id"),
            Column("observed", _first(_attr("observed_on"), _attr("time_observed_at")), "date"),
            Column("taxon", _first(_attr("taxon"), _attr("species_guess"))),
            Column("observer", _attr("user", "login")),
            Column("place", _attr("place_guess")),
            Column("grade", _attr("quality_grade")),
        ),
        "Taxon": (
            Column("id", _attr("id"), "id"),
            Column("rank", _attr("rank")),
            Column("name", _attr("name")),
            Column("common name", _attr("preferred_common_name")),
            Column("observations", _attr("observations_count"), "count"),
        ),
        "LifeListTaxon": (
            Column("id", _attr("id"), "id"),
            Column("rank", _attr("rank")),
            Column("name", _attr("name")),
            Column("common name", _attr("preferred_common_name")),
            Column("observations", _attr("descendant_obs_count"), "count"),
        ),
        "SpeciesCount": _SPECIES_COLUMNS,
        "RecentTaxon": (
            Column("taxon id", _attr("taxon", "id"), "id"),
            Column("name", _taxon_name),
            Column("common name", _common_name),
            Column("identification", _attr("identification_id"), "id"),
        ),
        "UserCount": (
            Column("user id", _first(_attr("user_id"), _attr("user", "id")), "id"),
            Column("login", _attr("user", "login")),
            Column("name", _attr("user", "name")),
            Column("count", _first(_attr("count"), _attr("observation_count")), "count"),
            Column("species", _attr("species_count"), "count"),
        ),
        "User": (
            Column("id", _attr("id"), "id"),
            Column("login", _attr("login")),
            Column("name", _attr("name")),
            Column("observations", _attr("observations_count"), "count"),
            Column("identifications", _attr("identifications_count"), "count"),
        ),
        "Project": (
            Column("id", _attr("id"), "id"),
            Column("title", _attr("title")),
            Column("type", _attr("project_type")),
            Column("slug", _attr("slug")),
        ),
        "Place": (
            Column("id", _attr("id"), "id"),
            Column("name", _first(_attr("display_name"), _attr("name"))),
            Column("admin level", _attr("admin_level")),
            Column("observations", _attr("observations_count"), "count"),
        ),
        "Identification": (
            Column("id", _attr("id"), "id"),
            Column(
                "observation", _first(_attr("observation_id"), _attr("observation", "id")), "id"
            ),
            Column("taxon", _attr("taxon")),
            Column("identifier", _attr("user", "login")),
            Column("category", _attr("category")),
            Column("date", _attr("created_at"), "date"),
        ),
        "Comment": (
            Column("id", _attr("id"), "id"),
            Column("user", _attr("user", "login")),
            Column("date", _attr("created_at"), "date"),
            Column("comment", _attr("body")),
        ),
        "ProjectUser": (
            Column("user id", _first(_attr("user_id"), _attr("user", "id")), "id"),
            Column("login", _attr("user", "login")),
            Column("role", _attr("role")),
            Column("observations", _attr("observations_count"), "count"),
            Column("species", _attr("taxa_count"), "count"),
        ),
        "QualityGradeCount": (
            Column("quality grade", _attr("quality_grade")),
            Column("count", _attr("count"), "count"),
        ),
        "IdentificationCategoryCount": (
            Column("category", _attr("category")),
            Column("count", _attr("count"), "count"),
        ),
        "PopularFieldValue": (
            Column("attribute", _attr("controlled_attribute", "label")),
            Column("value", _attr("controlled_value", "label")),
            Column("count", _attr("count"), "count"),
        ),
        "VisionSuggestion": (
            Column("taxon id", _attr("taxon", "id"), "id"),
            Column("name", _taxon_name),
            Column("common name", _common_name),
            Column("score", _attr("combined_score")),
        ),
        "ControlledTerm": (
            Column("id", _attr("id"), "id"),
            Column("label", _attr("label")),
            Column("values", _attr("values")),
        ),
        "ObservationField": (
            Column("id", _attr("id"), "id"),
            Column("name", _attr("name")),
            Column("type", _attr("datatype")),
            Column("description", _attr("description")),
        ),
        "Message": (
            Column("id", _attr("id"), "id"),
            Column("thread", _attr("thread_id"), "id"),
            Column("from", _attr("from_user", "login")),
            Column("date", _attr("created_at"), "date"),
            Column("subject", _attr("subject")),
        ),
        "Post": (
            Column("id", _attr("id"), "id"),
            Column("date", _first(_attr("published_at"), _attr("created_at")), "date"),
            Column("author", _attr("user", "login")),
            Column("title", _attr("title")),
        ),
        "ListedTaxon": (
            Column("id", _attr("id"), "id"),
            Column("place", _attr("place")),
            Column("establishment", _attr("establishment_means")),
            Column("observations", _attr("observations_count"), "count"),
        ),
        "ObservationUpdate": (
            Column("id", _attr("id"), "id"),
            Column("about", _attr("resource_type")),
            Column("record", _attr("resource_id"), "id"),
            Column("kind", _attr("notifier_type")),
            Column("date", _attr("created_at"), "date"),
        ),
    }


def columns_for(cls: type) -> tuple[Column, ...]:
    """The columns of a table of records of this class (its own, a base class's, or a
    generic set read from the attributes its ``repr`` shows)."""
    by_class = _columns_by_class()
    for klass in cls.__mro__:
        found = by_class.get(klass.__name__)
        if found is not None:
            return found
    if cls.__name__.endswith("SearchResult"):
        return (
            Column("type", _attr("type")),
            Column("id", _attr("record", "id"), "id"),
            Column("record", _attr("record")),
        )
    names: list[str] = []
    if attrs.has(cls) and any(f.name == "id" for f in attrs.fields(cls)):
        names.append("id")
    for entry in cast("tuple[str, ...]", getattr(cls, "_repr_fields", ())):
        names.extend(n for n in entry.split("|")[:1] if n not in names)
    return tuple(
        Column(
            n.replace("_", " "),
            _attr(n),
            "id" if n == "id" or n.endswith("_id") else "count" if "count" in n else "text",
        )
        for n in names
    )


def _fit(natural: list[int], room: int) -> list[int]:
    """Widths of the text columns: their natural widths when they fit in ``room``, else the
    room shared out so that narrow columns keep their width and wide ones give way."""
    if sum(natural) <= room:
        return natural
    widths = [0] * len(natural)
    pending = sorted(range(len(natural)), key=lambda i: natural[i])
    left = room
    while pending:
        share = left // len(pending)
        i = pending[0]
        if natural[i] <= share:
            widths[i] = natural[i]
        else:
            for j in pending:
                widths[j] = max(share, 1)
            break
        left -= widths[i]
        pending.pop(0)
    return widths


class RecordsTable:
    """A compact table of records of one kind, laid out when it is printed: id and count
    columns keep their full width whatever the terminal's width, text columns share the
    rest (cut with an ellipsis) and the rightmost text columns are left out when fewer than
    four characters each would remain."""

    def __init__(self, records: Iterable[object], *, title: str | None = None) -> None:
        items = list(records)
        self.title = title
        self.columns = columns_for(type(items[0])) if items else ()
        rows = [[c.cell(r) for c in self.columns] for r in items]
        # Columns empty in every row only take room.
        keep = [i for i, _ in enumerate(self.columns) if any(row[i] for row in rows)]
        self.columns = tuple(self.columns[i] for i in keep)
        self.rows = [[row[i] for i in keep] for row in rows]

    def table(self, width: int) -> Table:
        """The rich table laid out for ``width`` columns of text."""
        from rich.table import Table
        from rich.text import Text

        columns = list(range(len(self.columns)))
        natural = [
            max([len(self.columns[i].header), *(len(r[i]) for r in self.rows)]) for i in columns
        ]
        fixed = [i for i in columns if self.columns[i].kind != "text"]
        text = [i for i in columns if self.columns[i].kind == "text"]
        widths = dict(zip(columns, natural, strict=True))
        while True:
            shown = sorted(fixed + text)
            room = width - 2 * (len(shown) - 1) - sum(natural[i] for i in fixed)
            if not text or room >= 4 * len(text) or len(text) == 1:
                break
            text.pop()  # the rightmost text column goes
        for i, w in zip(text, _fit([natural[i] for i in text], max(room, 1)), strict=True):
            widths[i] = w
        table = Table(
            title=self.title,
            title_justify="left",
            box=None,
            padding=(0, 1),
            pad_edge=False,
            header_style="bold",
        )
        for i in shown:
            column = self.columns[i]
            table.add_column(
                column.header,
                justify="right" if column.kind in ("id", "count") else "left",
                no_wrap=True,
                overflow="ellipsis",
                width=widths[i],
            )
        for row in self.rows:
            table.add_row(*(Text(row[i]) for i in shown))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def records_table(records: Iterable[object], *, title: str | None = None) -> RecordsTable:
    """A compact table of records of one kind (the first record's kind decides the columns).

    Id columns are never cut: when the terminal is narrow, the text columns give way.
    """
    return RecordsTable(records, title=title)


def records_html(records: Iterable[object], *, title: str | None = None) -> str:
    """An HTML table of records of one kind (for Jupyter), the same columns as the terminal."""
    items = list(records)
    if not items:
        return "<p><em>no records</em></p>"
    columns = columns_for(type(items[0]))
    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_html_cell(c, r) for c in columns) + "</tr>" for r in items)
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_cell(column: Column, record: object) -> str:
    align = " style='text-align:right'" if column.kind in ("id", "count") else ""
    return f"<td{align}>{html.escape(column.cell(record))}</td>"


def taxa_table(taxa: Iterable[Taxon], *, title: str | None = None) -> RecordsTable:
    """A table of taxa: id, rank, scientific and common name, observation count."""
    return records_table(taxa, title=title)


def observations_table(
    observations: Iterable[Observation], *, title: str | None = None
) -> RecordsTable:
    """A table of observations: id, date, taxon with common name, observer, place, grade."""
    return records_table(observations, title=title)


# --- one record ---------------------------------------------------------------------------------


def _attributes(model: BaseModel) -> list[tuple[str, str]]:
    """The attributes a record holds, as (name, text): empty lists and maps are left out."""
    rows: list[tuple[str, str]] = []
    for field in attrs.fields(type(model)):
        if field.name.startswith("_"):
            continue
        value: object = getattr(model, field.name)
        size = len(value) if isinstance(value, (list, dict)) else None  # pyright: ignore[reportUnknownArgumentType]
        if value is None or size == 0:
            continue
        text = label(getattr(model, field.name), limit=200)
        if size is not None and size > 3 and isinstance(value, list):
            text = f"{size}: {text}"
        if text:
            rows.append((field.name, text))
    return rows


def _headline(model: BaseModel) -> str:
    return f"{type(model).__name__} {label(model, limit=60)}".strip()


def detail_table(model: BaseModel) -> Table:
    """One record as a two-column table of the attributes it holds (a detail view)."""
    from rich import box
    from rich.table import Table

    table = Table(title=_headline(model), show_header=False, title_justify="left", box=box.SIMPLE)
    table.add_column("attribute", style="bold cyan", overflow="fold")
    table.add_column("value", overflow="fold", min_width=24)
    for name, value in _attributes(model):
        table.add_row(name.replace("_", " "), value)
    return table


#: The name kept for models' ``__rich__``.
model_table = detail_table


def _details_html(model: BaseModel) -> str:
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
        f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
        for name, value in _attributes(model)
    )
    return f"<table>{rows}</table>"


def model_html(model: BaseModel) -> str:
    """A record as HTML (for Jupyter): an observation as a card, others as a table of the
    attributes they hold; the full detail folded away under the card."""
    from inatsdk.models import Histogram, LifeList, Observation

    if isinstance(model, Observation):
        return observation_card_html(model)
    if isinstance(model, Histogram):
        return histogram_html(model)
    if isinstance(model, LifeList):
        return life_list_html(model)
    return f"<div><strong>{html.escape(_headline(model))}</strong>{_details_html(model)}</div>"


def _photo_url(observation: Observation) -> str | None:
    photos = list(observation.photos or [])
    photos += [p.photo for p in observation.observation_photos or [] if p.photo is not None]
    for photo in photos:
        url = photo.url or photo.square_url or photo.small_url or photo.medium_url
        if url:
            return url.replace("/square.", "/small.")
    return None


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def observation_card_html(observation: Observation, *, web_url: str = "") -> str:
    """An observation as a compact HTML card: photo, taxon and common name, date, place,
    observer and a link to the record; every other attribute folded under "details"."""
    o = observation
    photo = _safe_url(_photo_url(o))
    image = (
        f"<img src='{html.escape(photo)}' alt='' "
        "style='width:96px;height:96px;object-fit:cover;margin-right:12px'>"
        if photo
        else ""
    )
    taxon = o.taxon
    name = html.escape(taxon.name if taxon and taxon.name else o.species_guess or "Unknown")
    common = (
        f" <span>({html.escape(taxon.preferred_common_name)})</span>"
        if taxon and taxon.preferred_common_name
        else ""
    )
    when = o.observed_on.isoformat() if o.observed_on else ""
    lines = [
        f"<div><em>{name}</em>{common}</div>",
        f"<div>{html.escape(' · '.join(x for x in (when, _text(o.place_guess or '')) if x))}</div>",
    ]
    if o.user is not None:
        lines.append(f"<div>by {html.escape(label(o.user))}</div>")
    link = _safe_url(o.uri) or (f"{web_url}/observations/{o.id}" if web_url else None)
    if link:
        lines.append(
            f"<div><a href='{html.escape(link)}' target='_blank'>observation {o.id}</a>"
            f"{' · ' + html.escape(o.quality_grade) if o.quality_grade else ''}</div>"
        )
    elif o.id is not None:
        lines.append(f"<div>observation {o.id}</div>")
    return (
        "<div style='display:flex;align-items:flex-start'>"
        f"{image}<div>{''.join(lines)}"
        f"<details><summary>details</summary>{_details_html(o)}</details></div></div>"
    )


# --- histograms -------------------------------------------------------------------------------------


def sparkline(values: Sequence[int]) -> str:
    """Counts as a line of block characters, one per value (▁ lowest, █ highest)."""
    if not values:
        return ""
    top = max(values)
    if top <= 0:
        return _SPARKS[0] * len(values)
    return "".join(
        " " if v <= 0 else _SPARKS[min(len(_SPARKS) - 1, v * len(_SPARKS) // (top + 1))]
        for v in values
    )


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _bucket(interval: str | None, key: object) -> str:
    if interval == "month_of_year" and isinstance(key, int) and 1 <= key <= 12:
        return _MONTHS[key - 1]
    if interval == "month" and isinstance(key, date):
        return key.strftime("%Y-%m")
    if interval == "year" and isinstance(key, date):
        return str(key.year)
    if interval == "hour" and isinstance(key, datetime):
        return key.strftime("%Y-%m-%d %H:00")
    return label(key)


def histogram_rows(histogram: Histogram) -> list[tuple[str, int]]:
    """(bucket label, count) in order: months as names, dates as ISO."""
    interval = histogram.interval
    return [(_bucket(interval, k), v) for k, v in histogram.counts.items()]


def histogram_table(histogram: Histogram, *, width: int = 30) -> Table:
    """A histogram as a table of buckets with bars, titled with the total and a sparkline."""
    from rich.table import Table
    from rich.text import Text

    rows = histogram_rows(histogram)
    counts = [c for _, c in rows]
    top = max(counts, default=0)
    name = (histogram.interval or "interval").replace("_", " ")
    title = Text(f"observations by {name}: {sum(counts):,} in all  ", style="bold")
    title.append(sparkline(counts), style="green")
    # As wide as its title, so that the sparkline stays on the title's line.
    table = Table(
        title=title, title_justify="left", box=None, pad_edge=False, min_width=len(title) + 1
    )
    table.add_column(name, no_wrap=True)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, style="green")
    for bucket, count in rows:
        bar = "█" * (round(count * width / top) if top else 0)
        table.add_row(bucket, f"{count:,}", bar)
    return table


def histogram_html(histogram: Histogram) -> str:
    """A histogram as an HTML bar chart (for Jupyter)."""
    rows = histogram_rows(histogram)
    top = max((c for _, c in rows), default=0) or 1
    bars = "".join(
        f"<tr><td>{html.escape(b)}</td><td style='text-align:right'>{c:,}</td>"
        f"<td><div style='background:#74ac00;height:0.9em;width:{c * 200 // top}px'></div>"
        "</td></tr>"
        for b, c in rows
    )
    interval = html.escape((histogram.interval or "interval").replace("_", " "))
    total = sum(c for _, c in rows)
    return (
        f"<table><caption>observations by {interval}: {total:,} in all</caption>"
        f"<thead><tr><th>{interval}</th><th>count</th><th></th></tr></thead>"
        f"<tbody>{bars}</tbody></table>"
    )


# --- trees --------------------------------------------------------------------------------------------


def _tree_label(taxon: Taxon, count: int | None = None) -> str:
    from rich.markup import escape

    name = escape(taxon.name or "?")
    if taxon.rank in _LOW_RANKS:
        name = f"[italic]{name}[/italic]"
    common = f" ({escape(taxon.preferred_common_name)})" if taxon.preferred_common_name else ""
    counted = f" [green]{count:,}[/green]" if count is not None else ""
    return f"[dim]{taxon.rank or ''}[/dim] {name}{common}{counted}"


def _count_of(taxon: Taxon) -> int | None:
    count = taxon.descendant_obs_count
    return count if isinstance(count, int) else None


def taxonomy_tree(taxa: Iterable[Taxon] | LifeList, *, title: str = "Life") -> Tree:
    """A tree of taxa, each under its parent, built from what the records carry.

    Every taxon's ``ancestors`` (when present) and ``parent_id`` fill in the levels between
    the root and it; a taxon whose parent is not known hangs from the root. A taxon that
    carries ``descendant_obs_count`` (life lists do) shows it. When the taxa have a single
    root of their own (Life), that root is the tree's root. Children are sorted by name.
    A :class:`~inatsdk.models.LifeList` may be given as it is.
    """
    from rich.tree import Tree

    from inatsdk.models import LifeList

    if isinstance(taxa, LifeList):
        taxa = list(taxa)
    known: dict[int, Taxon] = {}
    parent_of: dict[int, int | None] = {}
    for taxon in taxa:
        chain = [*(taxon.ancestors or []), taxon]
        previous: int | None = None
        for node in chain:
            if node.id is None:
                continue
            if node.id not in known or node is taxon:
                known[node.id] = node
            if parent_of.get(node.id) is None:
                parent_of[node.id] = previous if previous is not None else node.parent_id
            previous = node.id
    children: dict[int | None, list[int]] = {}
    for taxon_id, parent in parent_of.items():
        if parent == taxon_id:
            parent = None
        children.setdefault(parent if parent in known else None, []).append(taxon_id)

    tops = children.get(None, [])
    start: int | None = None
    if len(tops) == 1:  # the taxa's own root (Life) is the tree's root
        start = tops[0]
        root = Tree(_tree_label(known[start], _count_of(known[start])))
    else:
        root = Tree(f"[bold]{title}[/bold]")

    def grow(branch: Tree, parent: int | None) -> None:
        kids = sorted(children.get(parent, []), key=lambda i: known[i].name or "")
        for child in kids:
            if child == parent:
                continue
            grow(branch.add(_tree_label(known[child], _count_of(known[child]))), child)

    grow(root, start)
    return root


def life_list_html(life: LifeList) -> str:
    """A life list as a folding HTML tree with observation counts (for Jupyter)."""
    taxa = list(life)
    ids = {t.id for t in taxa}
    children: dict[int | None, list[Taxon]] = {}
    for t in taxa:
        children.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)

    def node(t: Taxon, depth: int) -> str:
        count = _count_of(t)
        name = html.escape(t.name or "?")
        if t.rank in _LOW_RANKS:
            name = f"<em>{name}</em>"
        common = f" ({html.escape(t.preferred_common_name)})" if t.preferred_common_name else ""
        text = f"<small>{html.escape(t.rank or '')}</small> {name}{common}"
        text += f" <strong>{count:,}</strong>" if count is not None else ""
        kids = sorted(children.get(t.id, []), key=lambda k: k.name or "")
        if not kids:
            return f"<li>{text}</li>"
        inner = "".join(node(k, depth + 1) for k in kids)
        opened = " open" if depth < 3 else ""
        return f"<li><details{opened}><summary>{text}</summary><ul>{inner}</ul></details></li>"

    roots = sorted(children.get(None, []), key=lambda k: k.name or "")
    head = f"<div>life list: {len(taxa):,} taxa</div>"
    return f"{head}<ul style='list-style:none'>{''.join(node(r, 0) for r in roots)}</ul>"


# --- Jupyter ---------------------------------------------------------------------------------------


class _Formatter(Protocol):
    def for_type(self, typ: type, func: Callable[[object], str | None]) -> object: ...


class _DisplayFormatter(Protocol):
    @property
    def formatters(self) -> Mapping[str, _Formatter]: ...


class _Shell(Protocol):
    @property
    def display_formatter(self) -> _DisplayFormatter: ...


def _list_html(value: object) -> str | None:
    from inatsdk.models import BaseModel

    items = list(cast("Iterable[object]", getattr(value, "results", value)))
    if items and all(isinstance(i, BaseModel) for i in items):
        kinds = {type(i) for i in items}
        if len(kinds) == 1:
            return records_html(items)
    return None


def load_ipython_extension(ipython: _Shell) -> None:
    """``%load_ext inatsdk.display``: lists of records and paginator pages render as tables.

    (A model renders itself without it; Python's own lists need a formatter.)
    """
    from inatsdk.paginator import Page

    formatter = ipython.display_formatter.formatters["text/html"]
    formatter.for_type(list, _list_html)
    formatter.for_type(Page, _list_html)
