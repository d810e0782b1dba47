"""The observations' aggregate and detail reads through ``client.observations``, against the
emulator: typed results, the real page sizes and caps, auth where the API wants it."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest

from inatsdk import (
    AuthenticationError,
    Credentials,
    InvalidParameterError,
    NotFoundError,
    ValidationError,
    iNatClient,
)
from inatsdk.errors import UnexpectedResponseError, iNatError
from inatsdk.models import (
    Histogram,
    LifeList,
    LifeListTaxon,
    ObservationSubscription,
    ObservationUpdate,
    PopularFieldValue,
    QualityGradeCount,
    QualityMetric,
    SpeciesCount,
    Taxon,
    TaxonSummary,
    User,
    UserCount,
)
from inatsdk.paginator import Paginator
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client


@pytest.fixture
def top_user(emulator: Emulator) -> int:
    counts = Counter(c.user_id for c in emulator.store.observations_snapshot())
    return counts.most_common(1)[0][0]


@pytest.fixture
def signed_in(emulator: Emulator, top_user: int) -> Iterator[iNatClient]:
    creds = Credentials(api_token=emulator.issue_jwt(top_user))
    with make_client(emulator, credentials=creds) as c:
        yield c


# ---------------------------------------------------------------------------------------------
# Histogram
# ---------------------------------------------------------------------------------------------

KEY_TYPES: dict[str, type] = {
    "year": date,
    "month": date,
    "week": date,
    "day": date,
    "hour": datetime,
    "month_of_year": int,
    "week_of_year": int,
}


@pytest.mark.parametrize("interval", list(KEY_TYPES))
def test_histogram_is_typed_by_interval(client: iNatClient, interval: str) -> None:
    if interval == "hour":
        hist = client.observations.histogram(
            interval="hour",
            date_field="created",
            created_d1=datetime.fromisoformat("2024-06-01T00:00:00+00:00"),
            created_d2="2024-06-03T00:00:00Z",
        )
    else:
        hist = client.observations.histogram(
            interval=interval,  # type: ignore[arg-type]
            d1=date(2020, 1, 1),
            d2=date(2020, 12, 31),
        )
    assert isinstance(hist, Histogram) and hist.interval == interval
    typed = getattr(hist, interval)
    assert typed and all(isinstance(k, KEY_TYPES[interval]) for k in typed)
    assert all(isinstance(v, int) for v in typed.values())
    assert hist.total == sum(typed.values()) > 0
    if interval == "hour":
        assert all(k.tzinfo is not None for k in typed)


def test_histogram_defaults_to_months_of_the_year(client: iNatClient, emulator: Emulator) -> None:
    hist = client.observations.histogram(taxon_id=3)
    assert hist.interval == "month_of_year" and list(hist.counts) == list(range(1, 13))
    birds = client.observations.search(taxon_id=3).count()
    assert hist.total == birds
    sent = [r.query for r in emulator.requests if r.path.endswith("/histogram")]
    assert sent == [{"taxon_id": "3"}]
    month = client.observations.histogram(taxon_id=3, interval="month", d1="2019-01-01")
    assert month.month is not None and month.month_of_year is None
    assert min(month.month) >= date(2019, 1, 1)


def test_histogram_in_dry_run_is_typed_and_empty(client: iNatClient, emulator: Emulator) -> None:
    hist = client.observations.histogram(interval="week", dry_run=True)
    assert hist.interval == "week" and hist.week == {} and hist.total == 0
    assert emulator.requests == []


# ---------------------------------------------------------------------------------------------
# Species counts, observers, identifiers
# ---------------------------------------------------------------------------------------------


def test_species_counts_page_at_500(client: iNatClient, emulator: Emulator) -> None:
    counts = client.observations.species_counts(place_id=14)
    assert isinstance(counts, Paginator)
    rows = counts.all()
    assert rows and all(isinstance(r, SpeciesCount) for r in rows)
    assert all(isinstance(r.taxon, Taxon) for r in rows)
    assert [r.count for r in rows] == sorted((r.count or 0 for r in rows), reverse=True)
    assert emulator.requests[0].query["per_page"] == "500"
    assert counts.count() == len(rows)
    emulator.clear_requests()
    assert counts.page_size(5)[7] == rows[7]
    assert len(emulator.requests) == 1  # only the page that holds it
    with pytest.raises(InvalidParameterError, match="maximum of 500"):
        counts.page_size(501)


def test_observers_and_identifiers(client: iNatClient, emulator: Emulator) -> None:
    observers = client.observations.observers(place_id=6712)
    assert isinstance(observers, Paginator)  # its reachable rows come from the operation
    rows = observers.all()
    assert rows and all(isinstance(r, UserCount) and isinstance(r.user, User) for r in rows)
    cores = [c for c in emulator.store.observations_snapshot() if c.place_id in (6712, 6883, 7085)]
    assert {r.user_id: r.observation_count for r in rows} == dict(Counter(c.user_id for c in cores))
    assert all(r.species_count is not None for r in rows)
    identifiers = client.observations.identifiers(place_id=6712).all()
    assert identifiers and all(isinstance(r.count, int) for r in identifiers)
    counts = [r.count or 0 for r in identifiers]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.emulator(observations=200)
def test_only_the_first_500_observers_are_reachable(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    store = emulator.store
    for n in range(460):
        store.add_observations(1, user_id=store.add_user(f"late_observer_{n}"))
    client = make_client(emulator)
    observers = client.observations.observers()
    total = next(observers.pages()).total_results
    assert total > 500
    assert observers.count() == 500
    emulator.clear_requests()
    with caplog.at_level(logging.WARNING, logger="inatsdk"):
        everyone = observers.all()
    assert len(everyone) == 500
    assert len(emulator.requests) == 1  # one page of 500, then it stops
    assert "answers only the first 500" in caplog.text
    assert observers[499].user_id == everyone[499].user_id
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="first 500 rows"):
        observers.limit(501)
    with pytest.raises(IndexError, match="first 500 rows"):
        observers[500]
    with pytest.raises(IndexError, match="first 500 rows"):
        observers[450:550]
    assert emulator.requests == []  # refused before anything was sent
    assert len(observers.page_size(200).limit(500).all()) == 500


# ---------------------------------------------------------------------------------------------
# Whole-list aggregates
# ---------------------------------------------------------------------------------------------


def test_whole_list_aggregates_send_no_paging(client: iNatClient, emulator: Emulator) -> None:
    grades = client.observations.quality_grades(place_id=1)
    assert isinstance(grades, Paginator)  # one answer holds all: the operation says so
    rows = grades.all()
    assert {r.quality_grade for r in rows} <= {"research", "needs_id", "casual"}
    assert all(isinstance(r, QualityGradeCount) for r in rows)
    assert sum(r.count or 0 for r in rows) == client.observations.search(place_id=1).count()
    iconic = client.observations.iconic_taxa_counts().all()
    assert 0 < len(iconic) <= 10 and all(isinstance(r.taxon, Taxon) for r in iconic)
    values = client.observations.popular_field_values(taxon_id=47158).all()
    assert values and all(isinstance(v, PopularFieldValue) for v in values)
    assert all(sum((v.month_of_year or {}).values()) == v.count for v in values)
    assert values[0].controlled_attribute is not None and values[0].controlled_attribute.label
    for r in emulator.requests:
        if r.path.endswith(("/quality_grades", "/iconic_taxa_counts", "/popular_field_values")):
            assert "page" not in r.query and "per_page" not in r.query
    assert grades.count() == len(rows)
    assert grades.first() == rows[0]


def test_life_list(client: iNatClient, top_user: int, emulator: Emulator) -> None:
    life = client.observations.life_list(user_id=top_user)
    assert isinstance(life, LifeList) and life.taxa
    assert all(isinstance(t, LifeListTaxon) for t in life.taxa)
    assert [t.name for t in life.roots()] == ["Life"]
    mine = [c for c in emulator.store.observations_snapshot() if c.user_id == top_user]
    assert life.roots()[0].descendant_obs_count == sum(1 for c in mine if c.taxon_id)
    assert life.count_without_taxon == sum(1 for c in mine if c.taxon_id is None)
    species = life.species()
    assert species and all((t.rank_level or 100) <= 10 for t in species)
    birds = client.observations.life_list(user_id=top_user, taxon_id=3)
    assert birds.get(3) is not None and birds.count_without_taxon == 0
    with pytest.raises(InvalidParameterError, match="needs a filter"):
        client.observations.life_list()
    with pytest.raises(InvalidParameterError, match="user_id"):
        client.observations.life_list(usr_id=1)  # type: ignore[call-arg]
    assert client.observations.life_list(user_id=1, dry_run=True).taxa == []


def test_similar_species(client: iNatClient, emulator: Emulator) -> None:
    top = client.observations.species_counts().first()
    assert top is not None and top.taxon is not None and top.taxon.id is not None
    similar = client.observations.similar_species(top.taxon.id, place_id=1)
    assert isinstance(similar, Paginator)
    assert similar.all() == []  # the seeded identifications never disagree
    assert emulator.requests[-1].query == {"taxon_id": str(top.taxon.id), "place_id": "1"}
    with pytest.raises(ValidationError, match="genus or finer"):
        client.observations.similar_species(3).all()
    with pytest.raises(InvalidParameterError, match="first argument"):
        client.observations.similar_species(3, taxon_id=4)
    with pytest.raises(InvalidParameterError, match="first argument"):
        similar.filter(taxon_id=4)
    for bad in (0, -5, "3; drop", None):
        with pytest.raises(InvalidParameterError, match="taxon_id"):
            client.observations.similar_species(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="place_id"):
        client.observations.similar_species(3, place_idd=1)  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------------
# One observation
# ---------------------------------------------------------------------------------------------


def test_taxon_summary_and_quality_metrics(client: iNatClient, emulator: Emulator) -> None:
    cores = emulator.store.observations_snapshot()
    taxa = emulator.store.renderer.taxa
    threatened = next(c for c in cores if c.taxon_id and taxa[c.taxon_id].iucn in ("EN", "CR"))
    summary = client.observations.taxon_summary(threatened.id)
    assert isinstance(summary, TaxonSummary)
    assert summary.conservation_status is not None
    assert summary.conservation_status.taxon_id == threatened.taxon_id
    assert summary.listed_taxon is not None and summary.listed_taxon.place is not None
    no_taxon = next(c for c in cores if c.taxon_id is None)
    assert client.observations.taxon_summary(no_taxon.id) == TaxonSummary()
    with pytest.raises(NotFoundError):
        client.observations.taxon_summary(1)
    captive = next(c for c in cores if c.captive)
    metrics = client.observations.quality_metrics(captive.id).all()
    assert metrics and all(isinstance(m, QualityMetric) for m in metrics)
    wild = next(m for m in metrics if m.metric == "wild")
    assert wild.agree is False and wild.user is not None and wild.user.id == captive.user_id
    assert wild.created_at is not None and wild.created_at.tzinfo is not None
    assert client.observations.quality_metrics(1).all() == []
    assert "{id}" not in repr(client.observations.quality_metrics(captive.id))


def test_reads_that_need_a_user(client: iNatClient, emulator: Emulator) -> None:
    own = emulator.store.observations_snapshot()[0]
    for call in (
        lambda: client.observations.subscriptions(own.id).all(),
        lambda: client.observations.updates().first(),
        lambda: client.observations.deleted("2016-01-01"),
    ):
        with pytest.raises(AuthenticationError) as caught:
            call()
        assert caught.value.sent is False
    assert emulator.requests == []


def test_subscriptions(signed_in: iNatClient, emulator: Emulator, top_user: int) -> None:
    own = next(c for c in emulator.store.observations_snapshot() if c.user_id == top_user)
    subs = signed_in.observations.subscriptions(own.id).all()
    assert subs and all(isinstance(s, ObservationSubscription) for s in subs)
    assert (subs[0].resource_type, subs[0].resource_id) == ("Observation", own.id)
    assert subs[0].created_at is not None and subs[0].created_at.tzinfo is not None
    assert emulator.requests[-1].headers.get("Authorization")


def test_updates(signed_in: iNatClient, emulator: Emulator, top_user: int) -> None:
    updates = signed_in.observations.updates()
    assert updates.count() > 200
    first_page = updates.limit(250).all()
    assert len(first_page) == 250 and all(isinstance(u, ObservationUpdate) for u in first_page)
    sent = [r.query for r in emulator.requests if r.path.endswith("/updates")]
    assert [(q["page"], q["per_page"]) for q in sent[-2:]] == [("1", "200"), ("2", "200")]
    for u in first_page:
        if u.notifier_type == "Identification":
            assert u.identification is not None and u.identification.id == u.notifier_id
        else:
            assert u.comment is not None and u.comment.id == u.notifier_id
    unseen = signed_in.observations.updates(viewed=False, observations_by="owner").limit(30)
    assert all(u.viewed is False and u.resource_owner_id == top_user for u in unseen)
    with pytest.raises(InvalidParameterError, match="observations_by"):
        signed_in.observations.updates(observations_by="everyone")  # type: ignore[arg-type]


def test_deleted(signed_in: iNatClient, emulator: Emulator, top_user: int) -> None:
    ids = signed_in.observations.deleted(date(2016, 1, 1))
    expected = emulator.store.deleted_observation_ids(top_user, 0)
    assert ids == expected and all(isinstance(i, int) for i in ids)
    assert emulator.requests[-1].query == {"since": "2016-01-01"}
    assert signed_in.observations.deleted("2100-01-01") == []
    assert signed_in.observations.deleted("2016-01-01", dry_run=True) == []


def test_unknown_parameters_are_caught_before_sending(
    client: iNatClient, emulator: Emulator
) -> None:
    with pytest.raises(InvalidParameterError, match="'taxon_id'"):
        client.observations.histogram(taxon_idd=3)  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match="'quality_grade'"):
        client.observations.quality_grades(quality_grad="research")  # type: ignore[call-arg]
    with pytest.raises(iNatError):
        client.observations.observers().order_by("species_count")  # type: ignore[arg-type]
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/observations/histogram", b'{"results": "not an object"}'),
        ("/v1/observations/histogram", b"[1, 2]"),
        ("/v1/observations/taxonomy", b"[1, 2]"),
        ("/v1/observations/deleted", b'{"results": ["not an id"]}'),
        ("/v1/observations/deleted", b"[1, 2]"),
        ("/v1/observations/species_counts", b'{"results": [1, 2]}'),
        ("/v1/observations/quality_grades", b'{"results": {"research": 3}}'),
        ("/v1/observations/", b'"a string"'),
    ],
)
def test_answers_not_in_the_documented_shape_are_typed_errors(
    signed_in: iNatClient, emulator: Emulator, top_user: int, path: str, body: bytes
) -> None:
    own = next(c for c in emulator.store.observations_snapshot() if c.user_id == top_user)
    calls: dict[str, Callable[[], object]] = {
        "/v1/observations/histogram": lambda: signed_in.observations.histogram(),
        "/v1/observations/taxonomy": lambda: signed_in.observations.life_list(user_id=top_user),
        "/v1/observations/deleted": lambda: signed_in.observations.deleted("2016-01-01"),
        "/v1/observations/species_counts": lambda: signed_in.observations.species_counts().all(),
        "/v1/observations/quality_grades": lambda: signed_in.observations.quality_grades().all(),
        "/v1/observations/": lambda: signed_in.observations.taxon_summary(own.id),
    }
    emulator.inject(Fault(kind="status", status=200, path=path, body=body))
    with pytest.raises(UnexpectedResponseError):
        calls[path]()
