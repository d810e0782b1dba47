"""Writes to observations end to end: create (with photos), save (only what changed), delete,
faves, reviews, quality votes, votes, subscriptions, field values, computer vision; dry-run
and dropped connections."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator

import pytest

from inatsdk import (
    AuthenticationError,
    Credentials,
    ForbiddenError,
    InvalidParameterError,
    NotFoundError,
    TransportError,
    UnexpectedResponseError,
    ValidationError,
    iNatClient,
)
from inatsdk.controllers.observations import QualityMetricName
from inatsdk.models import (
    Coordinates,
    Observation,
    ObservationFieldValue,
    QualityMetric,
    Taxon,
    VisionResults,
)
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.media import jpeg_bytes, png_bytes, wav_bytes
from tests.e2e.conftest import make_client


@pytest.fixture
def owner(emulator: Emulator) -> int:
    return emulator.store.user_ids()[0]


@pytest.fixture
def me(emulator: Emulator, owner: int) -> Iterator[iNatClient]:
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(owner))) as c:
        yield c


@pytest.fixture
def other(emulator: Emulator) -> Iterator[iNatClient]:
    user = emulator.store.user_ids()[1]
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(user))) as c:
        yield c


def _draft(**fields: object) -> Observation:
    base: dict[str, object] = {
        "species_guess": "Common raven",
        "location": Coordinates(latitude=37.5, longitude=-122.1),
    }
    base.update(fields)
    return Observation(**base)  # type: ignore[arg-type]


def _bodies(emulator: Emulator, method: str) -> list[object]:
    return [json.loads(r.body) for r in emulator.requests if r.method == method and r.body]


# --- create, save, delete ------------------------------------------------------------------------


def test_create_with_photos_and_read_it_back(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    png, jpeg = png_bytes(6, 4, (200, 30, 30)), jpeg_bytes(16, 8, 77)
    created = me.observations.create(_draft(description="on the roof"), photos=[png, jpeg])
    assert created.id is not None and created.user is not None and created.user.id == owner
    assert created.quality_grade == "needs_id"
    assert [op.position for op in created.observation_photos or []] == [0, 1]

    again = me.observations.get(created.id)
    photos = again.photos or []
    assert [p.id for p in photos] == [op.photo_id for op in again.observation_photos or []]
    dims = [
        (p.original_dimensions.width, p.original_dimensions.height)
        for p in photos
        if p.original_dimensions
    ]
    assert dims == [(6, 4), (16, 8)]
    stored = emulator.store.observation_writes().files
    assert [stored[p.id].data for p in photos if p.id is not None] == [png, jpeg]
    assert again.description == "on the roof" and again.location == Coordinates(
        latitude=37.5, longitude=-122.1
    )
    assert me.observations.search(user_id=owner, photos=True).filter(id=created.id).count() == 1


def test_save_sends_only_what_changed(emulator: Emulator, me: iNatClient) -> None:
    created = me.observations.create(_draft(description="one bird"), photos=[png_bytes()])
    assert created.id is not None
    obs = me.observations.get(created.id)
    obs.description = "two birds"
    assert obs.changes() == {"description": "two birds"}
    emulator.clear_requests()
    saved = me.observations.save(obs)
    assert [(r.method, r.path) for r in emulator.requests] == [
        ("PUT", f"/v1/observations/{created.id}")
    ]
    assert _bodies(emulator, "PUT") == [
        {"observation": {"description": "two birds"}, "ignore_photos": True}
    ]
    assert saved.description == "two birds" and len(saved.photos or []) == 1
    assert saved.changes() == {}
    emulator.clear_requests()
    assert me.observations.save(saved) is saved  # nothing changed: nothing sent
    assert emulator.requests == []


def test_save_maps_attributes_to_the_api(emulator: Emulator, me: iNatClient) -> None:
    obs = me.observations.create(_draft())
    obs.taxon = Taxon(id=3)
    obs.tags = ["roof", "city"]
    obs.captive = True
    obs.license_code = "cc-by"
    obs.location = None
    emulator.clear_requests()
    saved = me.observations.save(obs)
    sent = _bodies(emulator, "PUT")[0]
    assert sent == {
        "observation": {
            "taxon_id": 3,
            "latitude": None,
            "longitude": None,
            "captive_flag": True,
            "license": "CC-BY",
            "tag_list": "roof,city",
        },
        "ignore_photos": True,
    }
    assert saved.taxon is not None and saved.taxon.id == 3
    assert (saved.tags, saved.captive, saved.license_code, saved.location) == (
        ["roof", "city"],
        True,
        "cc-by",
        None,
    )


def test_save_refuses_what_cannot_be_saved(emulator: Emulator, me: iNatClient) -> None:
    obs = me.observations.create(_draft())
    obs.quality_grade = "research"
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="quality_grade"):
        me.observations.save(obs)
    assert emulator.requests == []


def test_save_someone_elses_is_forbidden(me: iNatClient, other: iNatClient) -> None:
    obs = me.observations.create(_draft())
    assert obs.id is not None
    theirs = other.observations.get(obs.id)
    theirs.description = "mine now"
    with pytest.raises(ForbiddenError):
        other.observations.save(theirs)


def test_delete(emulator: Emulator, me: iNatClient) -> None:
    obs = me.observations.create(_draft())
    assert obs.id is not None
    me.observations.delete(obs)
    with pytest.raises(NotFoundError):
        me.observations.get(obs.id)
    assert obs.id in me.observations.deleted("2000-01-01")


def test_create_with_a_uuid_is_safe_to_repeat(emulator: Emulator, me: iNatClient) -> None:
    draft = _draft(uuid=str(uuid.uuid4()), description="first")
    first = me.observations.create(draft)
    draft.description = "second"
    second = me.observations.create(draft)
    assert first.id == second.id and second.description == "second"


def test_a_dropped_create_is_not_sent_again(emulator: Emulator, me: iNatClient) -> None:
    draft = _draft(uuid=str(uuid.uuid4()))
    before = emulator.store.observation_count()
    emulator.clear_requests()
    emulator.inject(Fault(kind="drop", method="POST", times=1))
    with pytest.raises(TransportError):
        me.observations.create(draft)
    assert [(r.method, r.status) for r in emulator.requests] == [("POST", 0)]
    created = me.observations.create(draft)  # the caller decides to send it again
    assert created.uuid == draft.uuid
    assert emulator.store.observation_count() == before + 1
    assert me.observations.create(draft).id == created.id  # and again: still one record
    assert emulator.store.observation_count() == before + 1


def _is_uuid4(value: object) -> bool:
    return (
        isinstance(value, str) and value == str(uuid.UUID(value)) and uuid.UUID(value).version == 4
    )


def test_create_gives_the_draft_a_uuid(emulator: Emulator, me: iNatClient) -> None:
    draft = _draft(description="no uuid given")
    assert draft.uuid is None
    before = emulator.store.observation_count()
    created = me.observations.create(draft)
    assert _is_uuid4(created.uuid) and created.uuid == draft.uuid  # lower case, made for it
    sent = _bodies(emulator, "POST")[-1]
    assert isinstance(sent, dict) and sent["observation"]["uuid"] == draft.uuid
    again = me.observations.create(draft)  # the same draft once more: the API upserts
    assert again.id == created.id and again.uuid == created.uuid
    assert emulator.store.observation_count() == before + 1


def test_a_create_whose_answer_was_lost_can_be_repeated(emulator: Emulator, me: iNatClient) -> None:
    draft = _draft(description="answer lost")
    before = emulator.store.observation_count()
    # The server makes the observation, then the answer is cut off half way.
    emulator.inject(Fault(kind="truncate", method="POST", path="/v1/observations", times=1))
    with pytest.raises(TransportError):
        me.observations.create(draft)
    assert emulator.store.observation_count() == before + 1  # it was made
    assert draft.uuid is not None
    created = me.observations.create(draft)  # the caller sends it again
    assert created.uuid == draft.uuid and created.description == "answer lost"
    assert emulator.store.observation_count() == before + 1  # still one
    core = emulator.store.observation_core(draft.uuid)
    assert core is not None and core.id == created.id


def test_save_of_a_draft_whose_create_was_lost_creates_it_once(
    emulator: Emulator, me: iNatClient
) -> None:
    draft = _draft()
    before = emulator.store.observation_count()
    emulator.inject(Fault(kind="truncate", method="POST", path="/v1/observations", times=1))
    with pytest.raises(TransportError):
        me.observations.save(draft)
    saved = me.observations.save(draft)  # a draft with a uuid but no id: created (upserted)
    assert saved.uuid == draft.uuid and saved.id is not None
    assert emulator.store.observation_count() == before + 1


def test_a_create_with_media_whose_answer_was_lost_can_be_repeated(
    emulator: Emulator, me: iNatClient
) -> None:
    draft = _draft()
    before = emulator.store.observation_count()
    emulator.inject(Fault(kind="truncate", method="POST", path="/v1/observations", times=1))
    emulator.clear_requests()
    with pytest.raises(TransportError):
        me.observations.create(draft, photos=[png_bytes()], sounds=[wav_bytes()])
    # nothing was uploaded: the media follow the observation's answer
    assert [(r.method, r.path) for r in emulator.requests] == [("POST", "/v1/observations")]
    created = me.observations.create(draft, photos=[png_bytes()], sounds=[wav_bytes()])
    assert created.uuid == draft.uuid
    assert len(created.observation_photos or []) == 1
    assert len(created.observation_sounds or []) == 1
    assert emulator.store.observation_count() == before + 1


def test_a_dry_run_create_carries_its_uuid(emulator: Emulator, owner: int) -> None:
    token = emulator.issue_jwt(owner)
    emulator.clear_requests()
    with make_client(emulator, credentials=Credentials(api_token=token), dry_run=True) as dry:
        draft = _draft()
        rehearsed = dry.observations.create(draft, photos=[png_bytes()])
        mine = str(uuid.uuid4())
        given = dry.observations.create(_draft(uuid=mine))
    assert emulator.requests == []
    assert _is_uuid4(rehearsed.uuid) and rehearsed.uuid == draft.uuid
    assert rehearsed.id is None
    assert given.uuid == mine  # a uuid the caller chose is kept


def test_a_dropped_save_is_not_sent_again(emulator: Emulator, me: iNatClient) -> None:
    obs = me.observations.create(_draft())
    obs.description = "changed"
    emulator.clear_requests()
    emulator.inject(Fault(kind="drop", method="PUT", times=1))
    with pytest.raises(TransportError):
        me.observations.save(obs)
    assert [(r.method, r.status) for r in emulator.requests] == [("PUT", 0)]


def test_writes_need_credentials_and_send_nothing_without(
    emulator: Emulator, client: iNatClient
) -> None:
    emulator.clear_requests()
    with pytest.raises(AuthenticationError):
        client.observations.create(_draft())
    with pytest.raises(AuthenticationError):
        client.observations.fave(10_000_001)
    results = client.observation_photos.upload(1, [png_bytes()])
    assert not results.ok and isinstance(results[0].error, AuthenticationError)
    assert results[0].sent is False
    assert emulator.requests == []


# --- dry-run ---------------------------------------------------------------------------------


def test_dry_run_sends_nothing_and_returns_typed_results(
    emulator: Emulator, owner: int, caplog: pytest.LogCaptureFixture
) -> None:
    token = emulator.issue_jwt(owner)
    emulator.clear_requests()
    with (
        caplog.at_level(logging.INFO, logger="inatsdk"),
        make_client(emulator, credentials=Credentials(api_token=token), dry_run=True) as dry,
    ):
        created = dry.observations.create(
            _draft(ofvs=[ObservationFieldValue(field_id=1, value="2")], tags=["a"]),
            photos=[png_bytes()],
        )
        fave = dry.observations.fave(10_000_001)
        vote = dry.observations.set_quality_metric(10_000_001, "date", agree=False)
        dry.observations.delete(10_000_001)
        ofv = dry.observation_field_values.set(10_000_001, 1, 5)
        vision = dry.computervision.score_image(jpeg_bytes())
    assert emulator.requests == []
    assert isinstance(created, Observation) and created.id is None
    assert created.species_guess == "Common raven" and created.tags == ["a"]
    assert created.location == Coordinates(latitude=37.5, longitude=-122.1)
    assert [(o.field_id, o.value) for o in created.ofvs or []] == [(1, "2")]
    photos = created.observation_photos or []
    assert len(photos) == 1 and photos[0].photo is not None
    assert photos[0].photo.original_filename == "photo1.png"
    assert fave.id == 10_000_001
    assert (vote.metric, vote.agree) == ("date", False)
    assert (ofv.field_id, ofv.value) == (1, "5")
    assert isinstance(vision, VisionResults) and vision.suggestions == []
    logged = caplog.text
    assert "DRY RUN: POST" in logged and "photo1.png" in logged and "image/png" in logged
    assert token not in logged


def test_dry_run_writes_still_reads(emulator: Emulator, me: iNatClient) -> None:
    rehearsal = me.with_options(dry_run="writes")
    emulator.clear_requests()
    answer = rehearsal.computervision.score_image(jpeg_bytes(8, 8, 5))  # changes nothing
    assert answer.suggestions
    rehearsal.observations.review(10_000_001)
    assert [(r.method, r.path) for r in emulator.requests] == [
        ("POST", "/v1/computervision/score_image")
    ]


# --- faves, reviews, quality votes, votes, subscriptions ------------------------------------------


def test_faves_reviews_and_quality_votes_show_in_reads(
    emulator: Emulator, me: iNatClient, other: iNatClient
) -> None:
    obs = me.observations.create(_draft())
    assert obs.id is not None
    reader = emulator.store.user_ids()[1]
    faved = other.observations.fave(obs)
    assert faved.faves_count == 1 and [f.user_id for f in faved.faves or []] == [reader]
    other.observations.review(obs)
    metric = other.observations.set_quality_metric(obs, "wild", agree=False)
    assert isinstance(metric, QualityMetric) and metric.agree is False

    seen = me.observations.get(obs.id)
    assert seen.faves_count == 1 and reader in (seen.reviewed_by or [])
    votes = [(m.metric, m.agree, m.user_id) for m in me.observations.quality_metrics(obs.id)]
    assert votes == [("wild", False, reader)]

    other.observations.unfave(obs)
    other.observations.unreview(obs)
    other.observations.delete_quality_metric(obs, "wild")
    seen = me.observations.get(obs.id)
    assert seen.faves_count == 0 and reader not in (seen.reviewed_by or [])
    assert me.observations.quality_metrics(obs.id).all() == []
    with pytest.raises(InvalidParameterError):
        other.observations.set_quality_metric(obs, "nonsense")  # type: ignore[arg-type]


def test_needs_id_votes(me: iNatClient, other: iNatClient) -> None:
    obs = me.observations.create(_draft())
    voted = other.observations.vote(obs, "down", scope="needs_id")
    scoped = [v for v in voted.votes or [] if v.vote_scope == "needs_id"]
    assert [v.vote_flag for v in scoped] == [False]
    cleared = other.observations.unvote(obs, scope="needs_id")
    assert [v for v in cleared.votes or [] if v.vote_scope] == []
    assert other.observations.vote(obs).faves_count == 1  # no scope: a fave


def test_subscribe_and_unsubscribe(emulator: Emulator, other: iNatClient) -> None:
    core = emulator.store.observations_snapshot()[5]
    reader = emulator.store.user_ids()[1]
    if core.user_id == reader:
        core = emulator.store.observations_snapshot()[6]

    def following() -> bool:
        fresh = other.with_options(use_cache=False).observations
        return any(s.resource_type == "Observation" for s in fresh.subscriptions(core.id))

    other.observations.unsubscribe(core.id)
    assert not following()
    emulator.clear_requests()
    other.observations.unsubscribe(core.id)  # already not following: only the read is sent
    assert [r.method for r in emulator.requests] == ["GET"]
    other.observations.subscribe(core.id)
    other.observations.subscribe(core.id)
    assert following()
    toggles = [r for r in emulator.requests if r.method == "POST"]
    assert len(toggles) == 1


def test_mark_updates_viewed(emulator: Emulator) -> None:
    user = next(
        u
        for u in emulator.store.user_ids()
        if any(not r["viewed"] for r in emulator.store.observation_updates(u))
    )
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(user))) as c:
        unseen = next(u for u in c.observations.updates(viewed=False) if u.resource_id)
        assert unseen.resource_id is not None
        c.observations.mark_updates_viewed(unseen.resource_id)
        left = c.with_options(use_cache=False).observations.updates(viewed=False).all()
        assert unseen.resource_id not in {u.resource_id for u in left}


# --- field values -------------------------------------------------------------------------------


def test_field_values_round_trip(emulator: Emulator, me: iNatClient, other: iNatClient) -> None:
    obs = me.observations.create(_draft())
    assert obs.id is not None
    made = other.observation_field_values.create(
        ObservationFieldValue(field_id=1, value="3"), observation=obs
    )
    assert made.id is not None and made.value == "3"
    assert made.extra["observation_field_id"] == 1
    same = other.observation_field_values.set(obs.id, 1, 4)  # one value per field: changed
    assert same.id == made.id and same.value == "4"

    ofvs = me.observations.get(obs.id).ofvs or []
    assert [(o.field_id, o.name, o.value) for o in ofvs] == [(1, "Number of individuals", "4")]
    value = ofvs[0]
    value.value = "7"
    emulator.clear_requests()
    assert me.observation_field_values.save(value).value == "7"
    assert _bodies(emulator, "PUT") == [{"observation_field_value": {"value": "7"}}]
    assert (me.observations.get(obs.id).ofvs or [])[0].value == "7"

    with pytest.raises(ValidationError):
        other.observation_field_values.set(obs, 1, "lots")  # a numeric field
    with pytest.raises(ForbiddenError):
        other.observation_field_values.delete(value)  # the observer's call
    me.observation_field_values.delete(value)
    assert me.observations.get(obs.id).ofvs == []


def test_create_with_field_values(me: iNatClient) -> None:
    obs = me.observations.create(_draft(ofvs=[ObservationFieldValue(field_id=101, value="male")]))
    assert [(o.field_id, o.value) for o in obs.ofvs or []] == [(101, "male")]
    loaded = obs
    loaded.ofvs = []
    with pytest.raises(InvalidParameterError, match="ofvs"):
        me.observations.save(loaded)


# --- computer vision ---------------------------------------------------------------------------


def test_score_image_gives_typed_deterministic_suggestions(me: iNatClient) -> None:
    answer = me.computervision.score_image(jpeg_bytes(8, 8, 42), lat=37.5, lng=-122.1)
    again = me.computervision.score_image(jpeg_bytes(8, 8, 42), lat=37.5, lng=-122.1)
    assert isinstance(answer, VisionResults) and answer == again
    suggestions = answer.suggestions
    assert len(suggestions) == 10
    best = answer.best()
    assert best is not None and best.taxon is not None and best.taxon.rank == "species"
    scores = [s.combined_score or 0.0 for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(s.vision_score is not None and s.frequency_score is not None for s in suggestions)
    birds = me.computervision.score_image(png_bytes(), taxon_id=3)
    assert all(3 in (s.taxon.ancestor_ids or []) for s in birds.suggestions if s.taxon)


def test_score_observation(me: iNatClient, client: iNatClient) -> None:
    obs = me.observations.create(_draft(), photos=[jpeg_bytes(8, 8, 9)])
    assert obs.id is not None
    answer = me.computervision.score_observation(obs)
    direct = me.computervision.score_image(jpeg_bytes(8, 8, 9), lat=37.5, lng=-122.1)
    assert answer == direct
    with pytest.raises(AuthenticationError):
        client.computervision.score_observation(obs.id)
    bare = me.observations.create(_draft())
    with pytest.raises(ValidationError):
        me.computervision.score_observation(bare)


def test_vision_answers_not_in_the_documented_shape_are_typed_errors(
    emulator: Emulator, me: iNatClient
) -> None:
    emulator.inject(Fault(kind="status", status=200, path="/v1/computervision", body=b"[1, 2]"))
    with pytest.raises(UnexpectedResponseError):
        me.computervision.score_image(jpeg_bytes())
    emulator.inject(Fault(kind="status", status=200, path="/v1/computervision", body=b"[]"))
    with pytest.raises(UnexpectedResponseError):
        me.computervision.score_observation(10_000_001)
    emulator.clear_requests()
    for bad in (0, -5, "abc", "1/../2"):
        with pytest.raises(InvalidParameterError, match="observation"):
            me.computervision.score_observation(bad)  # type: ignore[arg-type]
    assert emulator.requests == []


@pytest.mark.parametrize("metric", ["evidence", "recent", "subject"])
def test_every_quality_metric_can_be_voted_on(
    me: iNatClient, other: iNatClient, metric: QualityMetricName
) -> None:
    obs = me.observations.create(_draft())
    vote = other.observations.set_quality_metric(obs, metric, agree=False)
    assert (vote.metric, vote.agree) == (metric, False)
    other.observations.delete_quality_metric(obs, metric)
