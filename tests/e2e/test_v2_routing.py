"""A client made with ``api_version="v2"`` sends the v1-named writes that have a v2 form to v2:
the creates that name an observation (identifications, comments, annotations, field values,
project observations, photo and sound uploads) by its UUID, found with one small v2 read when
only its id is given, and the deletes and votes of records that carry a UUID."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from inatsdk import Credentials, iNatClient
from inatsdk.errors import InvalidParameterError, NotFoundError
from inatsdk.models import (
    Annotation,
    Comment,
    Identification,
    Observation,
    ObservationFieldValue,
    ProjectObservation,
)
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes, wav_bytes
from tests.e2e.conftest import make_client

_DRY = re.compile(r"DRY RUN: (\w+) (\S+) params=(.*?) body=(.*)")


@pytest.fixture
def on_v2(me: iNatClient) -> iNatClient:
    """The signed-in client, preferring v2."""
    return me.with_options(api_version="v2")


@pytest.fixture
def mine(on_v2: iNatClient) -> Observation:
    """A fresh observation of the signed-in user's, with its id and UUID."""
    made = on_v2.observations.create(Observation(species_guess="Raven"))
    found = on_v2.observations.get(made.uuid or "")
    assert found.id is not None and found.uuid is not None
    return found


def _calls(emulator: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emulator.requests]


def test_identification_by_observation_id_finds_the_uuid_then_writes_on_v2(
    emulator: Emulator, on_v2: iNatClient, mine: Observation
) -> None:
    emulator.clear_requests()
    made = on_v2.identifications.create(Identification(observation_id=mine.id, taxon_id=3))
    assert _calls(emulator) == [("GET", "/v2/observations"), ("POST", "/v2/identifications")]
    looked_up, posted = emulator.requests
    assert looked_up.query["id"] == str(mine.id)
    assert json.loads(posted.body)["identification"]["observation_id"] == mine.uuid
    assert made.uuid is not None and made.taxon_id == 3
    # the v1 view of the same world sees it
    fresh = on_v2.with_options(api_version="v1", use_cache=False).observations.get(mine.id or 0)
    assert made.uuid in {i.uuid for i in fresh.identifications or ()}


def test_a_model_with_its_uuid_needs_no_lookup(
    emulator: Emulator, on_v2: iNatClient, mine: Observation
) -> None:
    emulator.clear_requests()
    on_v2.identifications.create(Identification(observation=mine, taxon_id=3))
    on_v2.comments.create(Comment(parent_id=mine.id, body="nice"))  # an id: one lookup (cached)
    on_v2.observation_field_values.create(
        ObservationFieldValue(field_id=1, value="3"), observation=mine
    )
    assert _calls(emulator)[0] == ("POST", "/v2/identifications")
    assert ("POST", "/v2/comments") in _calls(emulator)


def test_comment_annotation_and_uploads_go_to_v2(
    emulator: Emulator, on_v2: iNatClient, mine: Observation
) -> None:
    comment = on_v2.comments.create(Comment(parent_id=mine.id, body="from a v2 client"))
    assert comment.uuid is not None
    annotation = on_v2.annotations.create(
        Annotation(controlled_attribute_id=1, controlled_value_id=2), observation=mine.id
    )
    assert annotation.uuid is not None
    emulator.clear_requests()
    photos = on_v2.observation_photos.upload(mine.id or 0, [jpeg_bytes(), jpeg_bytes(9, 9)])
    assert photos.ok and all(p.uuid for p in photos.records)
    sound = on_v2.observation_sounds.create(mine, wav_bytes())
    assert sound.uuid is not None
    assert _calls(emulator) == [
        ("GET", "/v2/observations"),
        ("POST", "/v2/observation_photos"),
        ("POST", "/v2/observation_photos"),
        ("POST", "/v2/observation_sounds"),
    ]
    fresh = on_v2.with_options(api_version="v1", use_cache=False).observations.get(mine.id or 0)
    assert "from a v2 client" in [c.body for c in fresh.comments or ()]
    assert len(fresh.observation_photos or ()) == 2
    assert len(fresh.observation_sounds or ()) == 1
    assert annotation.uuid in {a.uuid for a in fresh.annotations or ()}

    # records read with their UUIDs are voted on and deleted on v2
    emulator.clear_requests()
    on_v2.annotations.vote(annotation)
    on_v2.annotations.unvote(annotation)
    on_v2.annotations.delete(annotation)
    on_v2.observation_photos.delete(fresh.observation_photos[0])  # type: ignore[index]
    on_v2.observation_sounds.delete(fresh.observation_sounds[0])  # type: ignore[index]
    assert _calls(emulator) == [
        ("POST", f"/v2/annotations/{annotation.uuid}/vote"),
        ("DELETE", f"/v2/annotations/{annotation.uuid}/vote"),
        ("DELETE", f"/v2/annotations/{annotation.uuid}"),
        ("DELETE", f"/v2/observation_photos/{fresh.observation_photos[0].uuid}"),  # type: ignore[index]
        ("DELETE", f"/v2/observation_sounds/{fresh.observation_sounds[0].uuid}"),  # type: ignore[index]
    ]
    assert all(r.status in (200, 204) for r in emulator.requests)


def test_an_unknown_observation_id_is_a_typed_error_and_writes_nothing(
    emulator: Emulator, on_v2: iNatClient
) -> None:
    emulator.clear_requests()
    with pytest.raises(NotFoundError, match="observation 999999999 does not exist"):
        on_v2.identifications.create(Identification(observation_id=999999999, taxon_id=3))
    assert _calls(emulator) == [("GET", "/v2/observations")]
    with pytest.raises(InvalidParameterError, match="observation"):
        on_v2.observation_photos.upload("../observations/1", [jpeg_bytes()])
    assert _calls(emulator) == [("GET", "/v2/observations")]


def test_with_reads_sent_and_writes_rehearsed_every_create_is_built_for_v2(
    emulator: Emulator, owner: int, mine: Observation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    token = emulator.issue_jwt(owner)
    with make_client(
        emulator,
        credentials=Credentials(api_token=token),
        api_version="v2",
        dry_run="writes",
    ) as rehearsing:
        emulator.clear_requests()
        observation_id = mine.id or 0
        rehearsing.identifications.create(Identification(observation_id=observation_id, taxon_id=3))
        rehearsing.comments.create(Comment(parent_id=observation_id, body="hi"))
        rehearsing.annotations.create(
            Annotation(controlled_attribute_id=1, controlled_value_id=2), observation=observation_id
        )
        rehearsing.observation_field_values.set(observation_id, 1, 3)
        rehearsing.project_observations.create(
            ProjectObservation(project_id=1, observation_id=observation_id)
        )
        rehearsing.observation_photos.create(observation_id, jpeg_bytes())
        rehearsing.observation_sounds.upload(observation_id, [wav_bytes()])
    # only reads reached the server: the first lookup, then the cache answered
    assert {(r.method, r.path) for r in emulator.requests} <= {("GET", "/v2/observations")}
    sent = [m.groups() for r in caplog.records if (m := _DRY.match(r.getMessage())) is not None]
    assert [(method, url.split("?")[0].rsplit("/v2", 1)[1]) for method, url, _, _ in sent] == [
        ("POST", "/identifications"),
        ("POST", "/comments"),
        ("POST", "/annotations"),
        ("POST", "/observation_field_values"),
        ("POST", "/project_observations"),
        ("POST", "/observation_photos"),
        ("POST", "/observation_sounds"),
    ]
    bodies: list[Any] = [json.loads(body) for *_, body in sent[:5]]
    assert bodies[0]["identification"]["observation_id"] == mine.uuid
    assert bodies[1]["comment"]["parent_id"] == mine.uuid
    assert bodies[2]["resource_id"] == mine.uuid
    assert bodies[3]["observation_field_value"]["observation_id"] == mine.uuid
    assert bodies[4]["project_observation"]["observation_id"] == mine.uuid
    assert all(str(mine.uuid) in body for *_, body in sent[5:])  # the uploads' forms


def test_in_full_dry_run_nothing_is_sent_and_an_id_alone_keeps_to_v1(
    emulator: Emulator, owner: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    token = emulator.issue_jwt(owner)
    uuid = "6444ede0-5c4b-4a39-9b0c-1a8d4f3c2b10"
    with make_client(
        emulator, credentials=Credentials(api_token=token), api_version="v2", dry_run=True
    ) as dry:
        emulator.clear_requests()
        by_uuid = dry.identifications.create(
            Identification(observation=Observation(uuid=uuid), taxon_id=3)
        )
        by_id = dry.identifications.create(Identification(observation_id=5, taxon_id=3))
    assert emulator.requests == []
    assert by_uuid.taxon_id == by_id.taxon_id == 3
    urls = [m.group(2) for r in caplog.records if (m := _DRY.match(r.getMessage())) is not None]
    assert [u.split("/")[-2:] for u in urls] == [
        ["v2", "identifications"],
        ["v1", "identifications"],
    ]


def test_field_values_and_project_observations_live_on_v2(
    emulator: Emulator, on_v2: iNatClient, mine: Observation
) -> None:
    from inatsdk.models import ProjectObservationPreferences

    project = next(
        r for r in emulator.store.project_catalog().rows if not r.is_new_style and r.members
    )
    emulator.clear_requests()
    value = on_v2.observation_field_values.set(mine, 1, 3)
    added = on_v2.project_observations.create(
        ProjectObservation(project_id=project.id, observation_id=mine.id)
    )
    assert _calls(emulator) == [
        ("POST", "/v2/observation_field_values"),
        ("GET", "/v2/observations"),  # the project observation named the observation by id
        ("POST", "/v2/project_observations"),
    ]
    assert value.uuid is not None and added.uuid is not None
    v1 = on_v2.with_options(api_version="v1", use_cache=False)
    fresh = v1.observations.get(mine.id or 0)
    assert [(o.uuid, o.value) for o in fresh.ofvs or ()] == [(value.uuid, "3")]
    assert emulator.store.account_writes().project_ids_of(mine.id or 0) == [project.id]

    emulator.clear_requests()
    added.preferences = ProjectObservationPreferences(allows_curator_coordinate_access=True)
    saved = on_v2.project_observations.save(added)
    assert saved.preferences is not None
    assert saved.preferences.allows_curator_coordinate_access is True
    on_v2.project_observations.delete(added)
    on_v2.observation_field_values.delete(value)
    assert _calls(emulator) == [
        ("PUT", f"/v2/project_observations/{added.uuid}"),
        ("DELETE", f"/v2/project_observations/{added.uuid}"),
        ("DELETE", f"/v2/observation_field_values/{value.uuid}"),
    ]
    assert json.loads(emulator.requests[0].body)["project_observation"] == {
        "prefers_curator_coordinate_access": True
    }
    assert emulator.store.account_writes().project_ids_of(mine.id or 0) == []
    assert not v1.observations.get(mine.id or 0).ofvs


def test_uploads_subscriptions_vision_and_account_reads_go_to_v2(
    emulator: Emulator, on_v2: iNatClient, mine: Observation
) -> None:
    photo_owner = next(
        core.id
        for core in emulator.store.observations_snapshot()
        if emulator.store.render_observation(core).get("observation_photos")
    )
    scored = on_v2.observations.get(photo_owner)
    emulator.clear_requests()
    photos = on_v2.photos.upload([jpeg_bytes()])
    sound = on_v2.sounds.create(wav_bytes())
    assert photos.ok and photos.records[0].id and sound.id
    image = on_v2.computervision.score_image(jpeg_bytes())
    by_observation = on_v2.computervision.score_observation(scored)
    assert image.results and by_observation.results
    # a place or a taxon is only v1's to weigh by
    on_v2.computervision.score_image(jpeg_bytes(), lat=1.5, lng=2.5)
    me = on_v2.users.me()
    layers = on_v2.taxa.map_layers(3)
    on_v2.users.update_session(prefers_hide_obs_show_identifiers=True)
    wanted = on_v2.taxa.wanted(3).limit(1).all()
    assert me.id == emulator.store.user_ids()[0] and me.login
    assert layers.id == 3
    assert isinstance(wanted, list)
    assert [(method, path) for method, path in _calls(emulator)] == [
        ("POST", "/v2/photos"),
        ("POST", "/v2/sounds"),
        ("POST", "/v2/computervision/score_image"),
        ("GET", f"/v2/computervision/score_observation/{scored.uuid}"),
        ("POST", "/v1/computervision/score_image"),
        ("GET", "/v2/users/me"),
        ("GET", "/v2/taxa/3/map_layers"),
        ("PUT", "/v2/users/update_session"),
        ("GET", "/v2/taxa/3/wanted"),
    ]
    assert all(r.status < 300 for r in emulator.requests)

    # following is a toggle: the current state is read first, on v2 too
    me_id = emulator.store.user_ids()[0]
    theirs = next(c for c in emulator.store.observations_snapshot() if c.user_id != me_id)
    v1 = on_v2.with_options(api_version="v1", use_cache=False)
    assert not v1.observations.subscriptions(theirs.id).all()
    emulator.clear_requests()
    on_v2.observations.subscribe(theirs.id)  # an id: its UUID is looked up first
    assert v1.observations.subscriptions(theirs.id).all()
    known = Observation(id=theirs.id, uuid=theirs.uuid)  # with its UUID: no lookup
    on_v2.observations.subscribe(known)  # already following: nothing sent
    on_v2.observations.unsubscribe(known)
    assert not v1.observations.subscriptions(theirs.id).all()
    uuid = theirs.uuid
    assert [c for c in _calls(emulator) if "/v1/" not in c[1]] == [
        ("GET", "/v2/observations"),
        ("GET", f"/v2/observations/{uuid}/subscriptions"),
        ("PUT", f"/v2/observations/{uuid}/subscription"),
        ("GET", f"/v2/observations/{uuid}/subscriptions"),
        ("GET", f"/v2/observations/{uuid}/subscriptions"),
        ("PUT", f"/v2/observations/{uuid}/subscription"),
    ]
