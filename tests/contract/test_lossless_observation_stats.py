"""The observations' aggregate and detail reads: the models lose nothing, give typed views, and
the emulator serves the real shapes.

* Every recorded response of these shapes round-trips through its model with nothing lost or
  invented (the walker of ``test_models_lossless``; a failure names the file, the record and
  the first lost or invented key path): the six histograms, species counts, observers,
  identifiers, popular field values, taxon summaries, the two life lists (taxonomy) and the
  quality metrics inside an observation.
* The typed views agree with the raw JSON: each histogram's keys become ``date``, ``datetime``
  or ``int`` with the same counts, popular field values' months become ints, life lists find
  their root, children and species.
* What the emulator serves for each of these endpoints round-trips too, and has the key paths
  and value types of the recorded responses (the comparison of ``test_emulator_shape``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest
import requests

from inatsdk.models import (
    BaseModel,
    Histogram,
    LifeList,
    ObservationSubscription,
    ObservationUpdate,
    PopularFieldValue,
    QualityGradeCount,
    QualityMetric,
    SpeciesCount,
    TaxonSummary,
    UserCount,
)
from inatsdk.testing import Emulator
from tests.contract.test_emulator_shape import compare, shape
from tests.contract.test_models_lossless import _check, _records, lossless_problems
from tests.shared_data import load_response, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

Extract = Callable[[Any], list[Any]]


def _results(data: Any) -> list[Any]:
    return _records(data)


def _whole(data: Any) -> list[Any]:
    return [data]


def _histogram(data: Any) -> list[Any]:
    return [data["results"]]


def _quality_metrics(data: Any) -> list[Any]:
    return list(data["quality_metrics"])


INTERVALS = ("day", "hour", "month", "month_of_year", "week", "week_of_year")

RECORDED: list[tuple[str, type[BaseModel], Extract]] = [
    *[(f"v1/get_observation_histogram_{i}.json", Histogram, _histogram) for i in INTERVALS],
    ("v1/get_observation_species_counts.json", SpeciesCount, _results),
    ("v1/get_all_observation_species_counts_page1.json", SpeciesCount, _results),
    ("v1/get_all_observation_species_counts_page2.json", SpeciesCount, _results),
    ("v1/get_all_observation_species_counts_ex_results.json", SpeciesCount, _results),
    ("v1/get_observation_observers_node_page1.json", UserCount, _results),
    ("v1/get_observation_observers_node_page2.json", UserCount, _results),
    ("v1/get_observation_observers_ex_results.json", UserCount, _results),
    ("v1/get_all_observation_observers_ex_results.json", UserCount, _results),
    ("v1/get_observation_identifiers_node_page1.json", UserCount, _results),
    ("v1/get_observation_identifiers_node_page2.json", UserCount, _results),
    ("v1/get_observation_identifiers_ex_results.json", UserCount, _results),
    ("v1/get_all_observation_identifiers_ex_results.json", UserCount, _results),
    ("v1/get_observation_popular_field_values.json", PopularFieldValue, _results),
    ("v1/get_observation_taxon_summary_conserved.json", TaxonSummary, _whole),
    ("v1/get_observation_taxon_summary_listed.json", TaxonSummary, _whole),
    ("v1/get_observation_taxonomy.json", LifeList, _whole),
    ("v1/get_observation_taxonomy_by_genus.json", LifeList, _whole),
    ("v1/get_observation_with_quality_metrics.json", QualityMetric, _quality_metrics),
]


@pytest.mark.parametrize(
    ("relpath", "model", "extract"), RECORDED, ids=[f"{r}:{m.__name__}" for r, m, _ in RECORDED]
)
def test_recorded_responses_round_trip(
    relpath: str, model: type[BaseModel], extract: Extract
) -> None:
    records = extract(load_response(relpath))
    assert records, relpath
    assert _check(model, records, relpath) == len(records)


def test_the_known_keys_stay_out_of_extra() -> None:
    """Histograms, summaries, life lists and popular values keep nothing unknown."""
    for relpath, model, extract in RECORDED:
        if model in (Histogram, TaxonSummary, LifeList, PopularFieldValue):
            for record in extract(load_response(relpath)):
                assert model.from_json(record).extra == {}, relpath


def test_a_lost_key_is_reported_with_its_path() -> None:
    """The walker names what a lossy conversion drops (here: one histogram bucket)."""
    data = load_response("v1/get_observation_histogram_month.json")["results"]
    out = Histogram.from_json(data).to_json()
    del out["month"]["2020-03-01"]
    assert lossless_problems(data, out) == ["lost month.2020-03-01 = 992"]


# ---------------------------------------------------------------------------------------------
# Typed views
# ---------------------------------------------------------------------------------------------

_KEY_TYPE: dict[str, type] = {
    "day": date,
    "week": date,
    "month": date,
    "hour": datetime,
    "month_of_year": int,
    "week_of_year": int,
}


@pytest.mark.parametrize("interval", INTERVALS)
def test_each_recorded_histogram_is_typed_by_its_interval(interval: str) -> None:
    raw = load_response(f"v1/get_observation_histogram_{interval}.json")["results"]
    hist = Histogram.from_json(raw)
    assert hist.interval == interval
    typed = getattr(hist, interval)
    assert isinstance(typed, dict)
    for other in set(INTERVALS) - {interval}:
        assert getattr(hist, other) is None
    assert len(typed) == len(raw[interval])
    assert list(typed.values()) == list(raw[interval].values())
    for key in typed:
        assert isinstance(key, _KEY_TYPE[interval])
        if _KEY_TYPE[interval] is date:
            assert not isinstance(key, datetime)
        if isinstance(key, datetime):
            assert key.tzinfo is not None and key.utcoffset() == timezone.utc.utcoffset(None)
    assert hist.counts == typed
    assert hist.total == sum(raw[interval].values())


def test_histogram_keys_mean_what_the_interval_says() -> None:
    week = Histogram.from_json(load_response("v1/get_observation_histogram_week.json")["results"])
    assert all(d.weekday() == 0 for d in week.week or {})  # ISO weeks start on Monday
    month = Histogram.from_json(load_response("v1/get_observation_histogram_month.json")["results"])
    assert all(d.day == 1 for d in month.month or {})
    assert sorted(month.month or {}) == [date(2020, m, 1) for m in range(1, 13)]
    moy = Histogram.from_json(
        load_response("v1/get_observation_histogram_month_of_year.json")["results"]
    )
    assert sorted(moy.month_of_year or {}) == list(range(1, 13))
    hour = Histogram.from_json(load_response("v1/get_observation_histogram_hour.json")["results"])
    first = min(hour.hour or {})
    assert first == datetime(2020, 1, 1, 14, tzinfo=timezone.utc)
    year = Histogram.from_json({"year": {"2019-01-01": 3, "2020-01-01": 5}})
    assert year.year == {date(2019, 1, 1): 3, date(2020, 1, 1): 5}
    assert year.interval == "year" and year.total == 8
    assert Histogram().interval is None and Histogram().counts == {}


def test_popular_field_values_are_typed() -> None:
    rows = load_response("v1/get_observation_popular_field_values.json")["results"]
    for raw in rows:
        value = PopularFieldValue.from_json(raw)
        assert value.month_of_year == {int(k): v for k, v in raw["month_of_year"].items()}
        assert value.controlled_attribute is not None
        assert value.controlled_value is not None
        assert value.controlled_value.label == raw["controlled_value"]["label"]


def test_life_lists_are_trees() -> None:
    life = LifeList.from_json(load_response("v1/get_observation_taxonomy_by_genus.json"))
    assert life.count_without_taxon == 0 and life.size == 31
    assert [t.name for t in life.roots()] == ["Life"]
    pyrobombus = life.get(538900)
    assert pyrobombus is not None and pyrobombus.name == "Pyrobombus"
    assert pyrobombus.count == pyrobombus.direct_obs_count == 21
    animalia = life.get(1)
    assert animalia is not None and animalia.count is None and animalia.direct_obs_count == 0
    children = life.children(538900)
    assert children[0].name == "Bombus ternarius"  # the most observed first
    assert {c.parent_id for c in children} == {538900}
    species = life.species()
    assert species[0].name == "Bombus ternarius"
    assert all((t.rank_level or 100) <= 10 for t in species)
    summary = TaxonSummary.from_json(load_response("v1/get_observation_taxon_summary_listed.json"))
    assert summary.listed_taxon is not None
    assert summary.listed_taxon.establishment_means == "introduced"
    assert summary.conservation_status is None


# ---------------------------------------------------------------------------------------------
# What the emulator serves
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, Any]]:
    with Emulator(observations=2000, seed=0) as emu:

        def get(path: str, token: str | None = None, **params: Any) -> Any:
            headers = {"Authorization": token} if token else None
            response = requests.get(emu.api_url + path, params=params, headers=headers, timeout=60)
            assert response.status_code == 200, response.text
            return response.json()

        base = "/v1/observations"
        top = get(f"{base}/observers", per_page=1)["results"][0]["user_id"]
        token = emu.issue_jwt(top)
        own = get(base, user_id=top, per_page=50)["results"]
        captive = get(base, captive="true", per_page=5)["results"]
        threatened = get(base, csi="EN,CR", per_page=5)["results"]
        with_taxon = [o for o in own if o.get("taxon")]
        data: dict[str, Any] = {
            "histograms": {
                i: get(f"{base}/histogram", interval=i, d1="2020-01-01", d2="2020-12-31")
                for i in INTERVALS
                if i != "hour"
            },
            "species_counts": get(f"{base}/species_counts"),
            "observers": get(f"{base}/observers"),
            "identifiers": get(f"{base}/identifiers"),
            "popular_field_values": get(f"{base}/popular_field_values"),
            "quality_grades": get(f"{base}/quality_grades"),
            "iconic_taxa_counts": get(f"{base}/iconic_taxa_counts"),
            "taxonomy": [get(f"{base}/taxonomy", user_id=top)],
            "taxon_summary": [
                get(f"{base}/{o['id']}/taxon_summary") for o in with_taxon[:20] + threatened
            ],
            "quality_metrics": [
                m
                for o in captive + own[:30]
                for m in get(f"{base}/{o['id']}/quality_metrics")["results"]
            ],
            "subscriptions": get(f"{base}/{own[0]['id']}/subscriptions", token)["results"],
            "updates": get(f"{base}/updates", token, per_page=200)["results"],
            "deleted": get(f"{base}/deleted", token, since="2016-01-01"),
        }
        data["histograms"]["hour"] = get(
            f"{base}/histogram",
            interval="hour",
            date_field="created",
            created_d1="2024-06-01T00:00:00Z",
            created_d2="2024-06-08T00:00:00Z",
        )
        yield data


EMULATED: list[tuple[str, type[BaseModel]]] = [
    ("species_counts", SpeciesCount),
    ("observers", UserCount),
    ("identifiers", UserCount),
    ("popular_field_values", PopularFieldValue),
    ("quality_grades", QualityGradeCount),
    ("iconic_taxa_counts", SpeciesCount),
    ("taxonomy", LifeList),
    ("taxon_summary", TaxonSummary),
    ("quality_metrics", QualityMetric),
    ("subscriptions", ObservationSubscription),
    ("updates", ObservationUpdate),
]


@pytest.mark.parametrize(("kind", "model"), EMULATED, ids=[k for k, _ in EMULATED])
def test_emulated_records_round_trip(
    served: dict[str, Any], kind: str, model: type[BaseModel]
) -> None:
    records = _records(served[kind])
    assert records, f"the emulator served no {kind}"
    _check(model, records, f"emulated {kind}")


def test_emulated_histograms_round_trip_and_are_typed(served: dict[str, Any]) -> None:
    for interval, body in served["histograms"].items():
        assert set(body) == {"total_results", "page", "per_page", "results"}
        assert list(body["results"]) == [interval]
        hist = Histogram.from_json(body["results"])
        assert lossless_problems(body["results"], hist.to_json()) == []
        assert hist.interval == interval and hist.counts, interval
        assert body["total_results"] == body["per_page"] == len(hist.counts)


# The emulator's answers against the recorded ones: the same key paths and value types.
REAL_SHAPES: list[tuple[str, tuple[str, ...], Extract]] = [
    (
        "species_counts",
        (
            "v1/get_observation_species_counts.json",
            "v1/get_all_observation_species_counts_page1.json",
            "v1/get_all_observation_species_counts_page2.json",
        ),
        _results,
    ),
    (
        "observers",
        (
            "v1/get_observation_observers_node_page1.json",
            "v1/get_observation_observers_node_page2.json",
            "v1/get_observation_observers_ex_results.json",
        ),
        _results,
    ),
    (
        "identifiers",
        (
            "v1/get_observation_identifiers_node_page1.json",
            "v1/get_observation_identifiers_node_page2.json",
            "v1/get_observation_identifiers_ex_results.json",
        ),
        _results,
    ),
    ("popular_field_values", ("v1/get_observation_popular_field_values.json",), _results),
    (
        "taxon_summary",
        (
            "v1/get_observation_taxon_summary_conserved.json",
            "v1/get_observation_taxon_summary_listed.json",
        ),
        _whole,
    ),
    (
        "taxonomy",
        ("v1/get_observation_taxonomy.json", "v1/get_observation_taxonomy_by_genus.json"),
        _whole,
    ),
]

#: Keys the real API gives on some records only: a taxon without an English name has no
#: ``preferred_common_name``, only genera and families of complete groups a ``complete_rank``;
#: a user who never set a site has a null one; a value's ``excepted_taxon_ids`` only where
#: there are exceptions.
SOMETIMES = frozenset({"preferred_common_name", "complete_rank", "excepted_taxon_ids"})
#: The recorded users predate ``annotated_observations_count``; the emulator's users carry it,
#: as today's API does.
NEWER = frozenset({"annotated_observations_count"})


def _excused(path: str) -> bool:
    last = path.rsplit(".", 1)[-1].removesuffix("[]")
    return last in SOMETIMES or last in NEWER


@pytest.mark.parametrize(
    ("kind", "files", "extract"), REAL_SHAPES, ids=[k for k, _, _ in REAL_SHAPES]
)
def test_emulated_shapes_match_the_recorded_ones(
    served: dict[str, Any], kind: str, files: tuple[str, ...], extract: Extract
) -> None:
    real = shape([r for f in files for r in extract(load_response(f))])
    documents = served[kind] if extract is _whole else extract(served[kind])  # served: a list
    ours = shape(documents)
    missing, extra, wrong = compare(real, ours)
    missing = [p for p in missing if not _excused(p)]
    extra = [p for p in extra if not _excused(p)]
    report = f"{kind}: missing {missing}, extra {extra}, types {wrong}"
    assert (missing, extra, wrong) == ([], [], []), report


_KEY_FORMATS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}-01",
    "hour": r"\d{4}-\d{2}-\d{2}T\d{2}:00:00Z",
    "month_of_year": r"\d{1,2}",
    "week_of_year": r"\d{1,2}",
}


@pytest.mark.parametrize("interval", INTERVALS)
def test_emulated_histogram_keys_look_like_the_recorded_ones(
    served: dict[str, Any], interval: str
) -> None:
    pattern = re.compile(_KEY_FORMATS[interval])
    real = load_response(f"v1/get_observation_histogram_{interval}.json")["results"][interval]
    ours = served["histograms"][interval]["results"][interval]
    for keys in (real, ours):
        assert keys and all(pattern.fullmatch(k) for k in keys), interval
        assert all(isinstance(v, int) for v in keys.values())
    if interval.endswith("_of_year"):
        assert list(ours) == list(real)  # every month or week, in order


def test_emulated_deleted_ids_are_bare_integers(served: dict[str, Any]) -> None:
    body = served["deleted"]
    assert body["per_page"] == 500 and body["page"] == 1
    assert body["results"] and all(isinstance(i, int) for i in body["results"])
    assert body["results"] == sorted(body["results"], reverse=True)
