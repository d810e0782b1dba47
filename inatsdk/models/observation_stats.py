"""What the observation aggregates answer: histograms, popular annotations, quality grade
counts and life lists.

Taxa with a count (species counts, iconic taxa counts, similar species) and users with a count
(observers, identifiers) are :class:`~inatsdk.models.SpeciesCount` and
:class:`~inatsdk.models.UserCount`, shared with the identification aggregates.

Where the API keys a JSON object by dates or numbers (``{"2020-01-01": 272}``,
``{"1": 0, "2": 21}``), the model keeps the object exactly as received, so nothing changes in a
round trip, and its attribute gives it typed: keys as :class:`~datetime.date`,
:class:`~datetime.datetime` or :class:`int`, values as counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from inatsdk.models.base import BaseModel
from inatsdk.models.controlled_term import ControlledTerm
from inatsdk.models.taxon import Taxon

if TYPE_CHECKING:
    from rich.table import Table
    from rich.tree import Tree

__all__ = [
    "HISTOGRAM_INTERVALS",
    "Histogram",
    "LifeList",
    "LifeListTaxon",
    "PopularFieldValue",
    "QualityGradeCount",
]

K = TypeVar("K")

#: The ``interval`` values of ``/observations/histogram``, each the key of its result.
HISTOGRAM_INTERVALS = ("year", "month", "week", "day", "hour", "month_of_year", "week_of_year")


def _keyed(raw: Mapping[str, Any] | None, key: Callable[[str], K]) -> dict[K, int] | None:
    """A JSON object of counts with its keys parsed (``None`` stays ``None``)."""
    if raw is None:
        return None
    return {key(k): v for k, v in raw.items()}


def _date_key(text: str) -> date:
    return date.fromisoformat(text[:10])


def _hour_key(text: str) -> datetime:
    from inatsdk.converter import parse_datetime  # deferred: keeps model imports light

    return parse_datetime(text)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class Histogram(BaseModel):
    """Observation counts over time (``/observations/histogram``).

    The request's ``interval`` decides which attribute is set, and the type of its keys:

    * :attr:`year`, :attr:`month`, :attr:`week`, :attr:`day`: ``dict[date, int]``, keyed by
      the first day of each year, month or ISO week (a Monday), or by the day itself;
    * :attr:`hour`: ``dict[datetime, int]``, keyed by the start of each hour, in UTC;
    * :attr:`month_of_year`: ``dict[int, int]``, months 1-12 whatever the year (the default);
    * :attr:`week_of_year`: ``dict[int, int]``, ISO weeks 1-53 whatever the year.

    :attr:`interval` says which one it is and :attr:`counts` gives it whatever it is. Buckets
    without observations are there with a count of 0 (between the first and last bucket with
    any, or all 12 months and all 53 weeks).

    Example::

        hist = client.observations.histogram(taxon_id=3, interval="month", d1="2020-01-01")
        for month, count in (hist.month or {}).items():
            print(month.strftime("%b %Y"), count)
    """

    _year: dict[str, Any] | None = attrs.field(default=None, metadata={"json_key": "year"})
    _month: dict[str, Any] | None = attrs.field(default=None, metadata={"json_key": "month"})
    _week: dict[str, Any] | None = attrs.field(default=None, metadata={"json_key": "week"})
    _day: dict[str, Any] | None = attrs.field(default=None, metadata={"json_key": "day"})
    _hour: dict[str, Any] | None = attrs.field(default=None, metadata={"json_key": "hour"})
    _month_of_year: dict[str, Any] | None = attrs.field(
        default=None, metadata={"json_key": "month_of_year"}
    )
    _week_of_year: dict[str, Any] | None = attrs.field(
        default=None, metadata={"json_key": "week_of_year"}
    )

    _repr_fields: ClassVar[tuple[str, ...]] = ("interval", "total")

    @property
    def year(self) -> dict[date, int] | None:
        """Counts by year (keys: 1 January of each year), for ``interval="year"``."""
        return _keyed(self._year, _date_key)

    @property
    def month(self) -> dict[date, int] | None:
        """Counts by month (keys: the first of each month), for ``interval="month"``."""
        return _keyed(self._month, _date_key)

    @property
    def week(self) -> dict[date, int] | None:
        """Counts by ISO week (keys: each week's Monday), for ``interval="week"``."""
        return _keyed(self._week, _date_key)

    @property
    def day(self) -> dict[date, int] | None:
        """Counts by day, for ``interval="day"``."""
        return _keyed(self._day, _date_key)

    @property
    def hour(self) -> dict[datetime, int] | None:
        """Counts by hour (keys: the start of each hour, timezone-aware UTC), for
        ``interval="hour"``."""
        return _keyed(self._hour, _hour_key)

    @property
    def month_of_year(self) -> dict[int, int] | None:
        """Counts by month of the year (1-12, all years together), for
        ``interval="month_of_year"`` (the API's default)."""
        return _keyed(self._month_of_year, int)

    @property
    def week_of_year(self) -> dict[int, int] | None:
        """Counts by ISO week of the year (1-53, all years together), for
        ``interval="week_of_year"``."""
        return _keyed(self._week_of_year, int)

    @property
    def interval(self) -> str | None:
        """The interval these counts are by (the one attribute that is set), or ``None``."""
        for name in HISTOGRAM_INTERVALS:
            if getattr(self, f"_{name}") is not None:
                return name
        return None

    @property
    def counts(self) -> dict[date | int, int]:
        """The counts of :attr:`interval`, whichever it is (empty when there are none).

        Keys are dates (``datetime`` for hours, a ``date`` subclass) or month/week numbers.
        """
        name = self.interval
        typed: Mapping[Any, int] | None = getattr(self, name) if name is not None else None
        return dict(typed or {})

    @property
    def total(self) -> int:
        """The sum of all counts."""
        return sum(self.counts.values())

    def __rich__(self) -> Table:
        """Rich renders a histogram as a sparkline and a table of buckets with bars."""
        from inatsdk.display import histogram_table

        return histogram_table(self)

    def _repr_html_(self) -> str:
        """Jupyter renders a histogram as a bar chart."""
        from inatsdk.display import histogram_html

        return histogram_html(self)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class PopularFieldValue(BaseModel):
    """An annotation (attribute and value, e.g. Life Stage: Adult) and how many matching
    observations carry it, by month (``/observations/popular_field_values``)."""

    count: int | None = None
    """How many matching observations carry this annotation."""
    controlled_attribute: ControlledTerm | None = None
    """The attribute, e.g. Life Stage, with its allowed values."""
    controlled_value: ControlledTerm | None = None
    """The value, e.g. Adult."""
    _month_of_year: dict[str, Any] | None = attrs.field(
        default=None, metadata={"json_key": "month_of_year"}
    )

    _repr_fields: ClassVar[tuple[str, ...]] = ("controlled_attribute", "controlled_value", "count")

    @property
    def month_of_year(self) -> dict[int, int] | None:
        """How many of them were observed in each month (1-12, all years together)."""
        return _keyed(self._month_of_year, int)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class QualityGradeCount(BaseModel):
    """How many matching observations have one quality grade
    (``/observations/quality_grades``)."""

    quality_grade: str | None = None
    """``"research"``, ``"needs_id"`` or ``"casual"``."""
    count: int | None = None

    _repr_fields: ClassVar[tuple[str, ...]] = ("quality_grade", "count")


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class LifeListTaxon(Taxon):
    """A taxon in a :class:`LifeList`: the basic taxon attributes and its observation counts
    (:attr:`~Taxon.descendant_obs_count` and :attr:`~Taxon.direct_obs_count`)."""

    count: int | None = None
    """Observations identified exactly as this taxon; present where there are some (then the
    same as ``direct_obs_count``)."""


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class LifeList(BaseModel):
    """The taxonomic tree of a set of observations (``/observations/taxonomy``), usually one
    user's life list: every taxon observed, with all its ancestors up to Life, and how many
    observations each covers.

    Example::

        life = client.observations.life_list(user_id="jkcook")
        for taxon in life.species():
            print(taxon.name, taxon.descendant_obs_count)
    """

    count_without_taxon: int | None = None
    """Matching observations with no taxon at all (0 when the request filtered by taxon)."""
    size: int | None = None
    """The size the API reports for the tree."""
    taxa: list[LifeListTaxon] | None = attrs.field(default=None, metadata={"json_key": "results"})
    """Every taxon in the tree, in the API's order (ancestors are not always first)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("size", "count_without_taxon")

    def __iter__(self) -> Iterator[LifeListTaxon]:
        """Every taxon in the tree, in the API's order."""
        return iter(self.taxa or ())

    def tree(self) -> Tree:
        """The life list as a rich tree: each taxon under its parent, with how many
        observations it covers (``rich.print(life.tree())``)."""
        from inatsdk.display import taxonomy_tree

        return taxonomy_tree(self)

    def __rich__(self) -> Table:
        """Rich renders a life list as its tree with counts."""
        from rich.table import Table

        grid = Table.grid()
        grid.add_row(self.tree())
        return grid

    def _repr_html_(self) -> str:
        """Jupyter renders a life list as a folding tree with counts."""
        from inatsdk.display import life_list_html

        return life_list_html(self)

    def get(self, taxon_id: int) -> LifeListTaxon | None:
        """The taxon with this id, or ``None`` if it is not in the tree."""
        return next((t for t in self.taxa or () if t.id == taxon_id), None)

    def children(self, taxon_id: int) -> list[LifeListTaxon]:
        """The taxa directly below ``taxon_id`` in the tree, most observed first."""
        found = [t for t in self.taxa or () if t.parent_id == taxon_id]
        return sorted(found, key=lambda t: -(t.descendant_obs_count or 0))

    def roots(self) -> list[LifeListTaxon]:
        """The taxa whose parent is not in the tree (normally just Life)."""
        ids = {t.id for t in self.taxa or ()}
        return [t for t in self.taxa or () if t.parent_id not in ids]

    def species(self) -> list[LifeListTaxon]:
        """The taxa at species rank or below that were observed, most observed first."""
        found = [
            t
            for t in self.taxa or ()
            if t.rank_level is not None and t.rank_level <= 10 and (t.descendant_obs_count or 0)
        ]
        return sorted(found, key=lambda t: -(t.descendant_obs_count or 0))
