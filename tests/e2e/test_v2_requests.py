"""v2 requests as the controllers build them, sent by the real client to the emulator and read
back from what it received: paths by UUID, checked bodies with a ``fields`` selection, RISON GETs
and method-override POSTs, v2-only resources, and the refusals that come before anything is sent
(for those, the emulator received nothing)."""

from __future__ import annotations

import json
import logging
import re
import uuid as uuid_module
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest

from inatsdk import Credentials, iNatClient
from inatsdk.endpoints import SAVED_LOCATION_CREATE_V2
from inatsdk.errors import InvalidParameterError, NotFoundError, ValidationError
from inatsdk.fields import MAX_URL_LENGTH, Fields
from inatsdk.models import (
    Annotation,
    Comment,
    Flag,
    Identification,
    Observation,
    Relationship,
    SavedLocation,
)
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes
from inatsdk.testing.server import RecordedRequest
from tests.e2e.conftest import make_client

_DRY = re.compile(r"DRY RUN: (\w+) (\S+) params=(.*?) body=(.*)")


@pytest.fixture
def seeded(emulator: Emulator, owner: int) -> tuple[int, str]:
    """The id and UUID of a seeded observation someone else made."""
    store = emulator.store
    for observation_id in store.observation_ids():
        core = store.observation_core(observation_id)
        if core is not None and core.user_id != owner:
            return observation_id, core.uuid
    raise AssertionError("the emulator seeds no observation of another user")


def _body(request: RecordedRequest) -> dict[str, Any]:
    body = json.loads(request.body)
    assert isinstance(body, dict)
    return body


def _header(request: RecordedRequest, name: str) -> str | None:
    """A request header, whatever case the server gave its name."""
    wanted = name.lower()
    return next((v for k, v in request.headers.items() if k.lower() == wanted), None)


def _form(request: RecordedRequest) -> dict[str, Message]:
    """The parts of a ``multipart/form-data`` request, by field name."""
    content_type = _header(request, "Content-Type") or ""
    assert content_type.startswith("multipart/form-data")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    assert message.is_multipart()
    parts: dict[str, Message] = {}
    for part in message.walk():
        if part is message:
            continue
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts[name] = part
    return parts


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _sent(emulator: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emulator.requests]


def _fresh(client: iNatClient, observation_id: int) -> Observation:
    return client.with_options(use_cache=False).observations.get(observation_id)


# --- observations by UUID -------------------------------------------------------------------


def test_observation_writes_go_to_v2_by_uuid_with_a_checked_body(
    emulator: Emulator, me: iNatClient
) -> None:
    uuid = str(uuid_module.uuid4())
    observations = me.observations
    created = observations.create_v2(Observation(uuid=uuid, species_guess="Raven", description="x"))
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/observations")
    assert _body(post)["observation"] == {
        "uuid": uuid,
        "species_guess": "Raven",
        "description": "x",
    }
    assert _body(post)["fields"] == "all"  # so the answer holds the record, not only its uuid
    core = emulator.store.observation_core(uuid)
    assert core is not None
    assert created.id == core.id and created.uuid == uuid and created.is_loaded
    assert (created.species_guess, created.description) == ("Raven", "x")

    emulator.clear_requests()
    created.description = "on the roof"
    saved = observations.save_v2(created)
    [put] = emulator.requests
    assert (put.method, put.path) == ("PUT", f"/v2/observations/{uuid}")
    assert _body(put)["observation"] == {"description": "on the roof"}  # only what changed
    assert _body(put)["ignore_photos"] is True
    assert saved.description == "on the roof"
    emulator.clear_requests()
    assert observations.save_v2(saved) is saved  # nothing changed: nothing sent
    assert emulator.requests == []
    assert _fresh(me, core.id).description == "on the roof"  # v1 reads the v2 write

    emulator.clear_requests()
    observations.delete_v2(uuid.upper())
    assert _sent(emulator) == [("DELETE", f"/v2/observations/{uuid}")]
    assert emulator.store.observation_core(uuid) is None


def test_actions_on_observations_fill_uuid_paths(
    emulator: Emulator, me: iNatClient, owner: int, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    observations = me.observations
    obs = Observation(uuid=uuid)
    observations.fave_v2(obs)
    assert owner in {f.user.id for f in _fresh(me, observation_id).faves or () if f.user}
    emulator.clear_requests()
    observations.unfave_v2(uuid)
    observations.set_quality_metric_v2(obs, "wild", agree=False)
    observations.review_v2(obs)
    assert _sent(emulator) == [
        ("DELETE", f"/v2/observations/{uuid}/fave"),
        ("POST", f"/v2/observations/{uuid}/quality/wild"),
        ("POST", f"/v2/observations/{uuid}/review"),
    ]
    assert emulator.requests[1].query == {"agree": "false"}
    after = _fresh(me, observation_id)
    assert owner not in {f.user.id for f in after.faves or () if f.user}
    assert owner in (after.reviewed_by or [])
    assert ("wild", owner) in {(q.metric, q.user_id) for q in after.quality_metrics or ()}


def test_subscribe_v2_puts_the_subscription_toggle_by_uuid(
    emulator: Emulator, me: iNatClient, owner: int, seeded: tuple[int, str]
) -> None:
    _, uuid = seeded
    me.observations.subscribe_v2(Observation(uuid=uuid))
    assert _sent(emulator) == [("PUT", f"/v2/observations/{uuid}/subscription")]
    subscribers = {s.user_id for s in me.observations.subscriptions_v2(uuid).all()}
    assert owner in subscribers


def test_v2_only_quality_metrics_are_voted_on(
    emulator: Emulator, me: iNatClient, owner: int, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    me.observations.set_quality_metric_v2(uuid, "needs_id", agree=False)
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", f"/v2/observations/{uuid}/quality/needs_id")
    assert post.query == {"agree": "false"}
    votes = {(q.metric, q.user_id) for q in _fresh(me, observation_id).quality_metrics or ()}
    assert ("needs_id", owner) in votes


def test_a_v2_quality_vote_against_is_recorded_against(
    emulator: Emulator, me: iNatClient, owner: int, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    me.observations.set_quality_metric_v2(uuid, "wild", agree=False)
    [post] = emulator.requests
    assert post.query == {"agree": "false"}
    votes = {
        (q.metric, q.user_id): q.agree for q in _fresh(me, observation_id).quality_metrics or ()
    }
    assert votes[("wild", owner)] is False


@pytest.mark.parametrize("bad", [7, "7", "not-a-uuid", None, Observation(id=7)])
def test_v2_observation_paths_refuse_what_is_not_a_uuid(
    emulator: Emulator, me: iNatClient, bad: Any
) -> None:
    with pytest.raises(InvalidParameterError, match=r"(?i)uuid"):
        me.observations.delete_v2(bad)
    with pytest.raises(InvalidParameterError):
        me.observations.fave_v2(bad)
    assert emulator.requests == []


def test_a_quality_metric_outside_the_spec_is_refused(
    emulator: Emulator, me: iNatClient, seeded: tuple[int, str]
) -> None:
    _, uuid = seeded
    with pytest.raises(InvalidParameterError, match="metric"):
        me.observations.set_quality_metric_v2(uuid, "wildd")  # type: ignore[arg-type]
    assert emulator.requests == []


def test_create_v2_uploads_two_photos_by_uuid_then_reads_back(
    emulator: Emulator, me: iNatClient
) -> None:
    uuid = str(uuid_module.uuid4())
    images = [jpeg_bytes(8, 8, 90), jpeg_bytes(9, 9, 90)]
    final = me.observations.create_v2(Observation(uuid=uuid), photos=images)
    assert [(r.method, r.path) for r in emulator.requests] == [
        ("POST", "/v2/observations"),
        ("POST", "/v2/observation_photos"),
        ("POST", "/v2/observation_photos"),
        ("GET", f"/v2/observations/{uuid}"),
    ]
    for upload, image in zip(emulator.requests[1:3], images, strict=True):
        form = _form(upload)
        assert set(form) == {"observation_photo[observation_id]", "fields", "file"}
        assert _text(form["observation_photo[observation_id]"]) == uuid
        assert _text(form["fields"]) == "all"
        assert form["file"].get_payload(decode=True) == image
    assert emulator.requests[3].query.get("fields") == "all"
    assert final.uuid == uuid
    assert len(final.observation_photos or []) == 2


def test_create_v2_in_dry_run_sends_nothing_and_answers_the_draft(
    emulator: Emulator, owner: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    token = emulator.issue_jwt(owner)
    with make_client(emulator, credentials=Credentials(api_token=token), dry_run=True) as dry:
        rehearsed = dry.observations.create_v2(
            Observation(species_guess="Raven"), photos=[jpeg_bytes(), jpeg_bytes(9, 9, 90)]
        )
    assert rehearsed.species_guess == "Raven"
    assert rehearsed.uuid is not None
    assert len(rehearsed.observation_photos or []) == 2
    assert emulator.requests == []  # nothing reached the server
    rehearsed_calls = [
        (match[1], match[2].split("?")[0].removeprefix(emulator.api_url))
        for record in caplog.records
        if (match := _DRY.match(record.getMessage())) is not None
    ]
    # each request was built and logged, and answered locally
    assert rehearsed_calls == [
        ("POST", "/v2/observations"),
        ("POST", "/v2/observation_photos"),
        ("POST", "/v2/observation_photos"),
    ]


# --- identifications, comments, annotations -------------------------------------------------


def test_identification_create_names_the_observation_by_uuid(
    emulator: Emulator, me: iNatClient, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    made = me.identifications.create_v2(
        Identification(taxon_id=3), observation=Observation(uuid=uuid)
    )
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/identifications")
    assert _body(post)["identification"] == {"taxon_id": 3, "observation_id": uuid}
    assert made.uuid is not None and made.taxon_id == 3
    shown = {i.uuid: i.taxon_id for i in _fresh(me, observation_id).identifications or ()}
    assert shown[made.uuid] == 3

    emulator.clear_requests()
    me.identifications.delete_v2(made)
    assert _sent(emulator) == [("DELETE", f"/v2/identifications/{made.uuid}")]
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="observation"):
        me.identifications.create_v2(Identification(taxon_id=3))  # no observation to name
    assert emulator.requests == []


def test_comment_body_names_its_parent_by_uuid(
    emulator: Emulator, me: iNatClient, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    made = me.comments.create_v2(Comment(body="hi"), parent=Observation(uuid=uuid))
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/comments")
    assert _body(post)["comment"] == {
        "body": "hi",
        "parent_id": uuid,
        "parent_type": "Observation",
    }
    assert made.body == "hi"
    assert made.id in {c.id for c in _fresh(me, observation_id).comments or ()}


def test_annotation_create_sends_v2s_flat_body(
    emulator: Emulator, me: iNatClient, seeded: tuple[int, str]
) -> None:
    observation_id, uuid = seeded
    me.annotations.create_v2(
        Annotation(controlled_attribute_id=1, controlled_value_id=2), observation=uuid
    )
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/annotations")
    assert _body(post) == {
        "controlled_attribute_id": 1,
        "controlled_value_id": 2,
        "resource_type": "Observation",
        "resource_id": uuid,
    }
    shown = _fresh(me, observation_id).annotations or ()
    assert (1, 2) in {(a.controlled_attribute_id, a.controlled_value_id) for a in shown}


def test_annotation_vote_goes_to_v2_by_uuid(
    emulator: Emulator, me: iNatClient, owner: int, seeded: tuple[int, str]
) -> None:
    observation_id, _ = seeded
    made = me.annotations.create(
        Annotation(controlled_attribute_id=1, controlled_value_id=2), observation=observation_id
    )
    assert made.uuid is not None
    emulator.clear_requests()
    me.annotations.vote_v2(made.uuid)
    assert _sent(emulator) == [("POST", f"/v2/annotations/{made.uuid}/vote")]
    shown = {a.uuid: a for a in _fresh(me, observation_id).annotations or ()}
    voters = {v.user.id for v in shown[made.uuid].votes or () if v.user}
    assert owner in voters


# --- v2-only resources -------------------------------------------------------------------------


def test_relationships_create_save_delete(emulator: Emulator, me: iNatClient) -> None:
    friend = emulator.store.user_ids()[1]
    relationships = me.relationships
    made = relationships.create(Relationship(friend_id=friend, following=True))
    [post] = emulator.requests
    assert (post.method, post.path) == ("POST", "/v2/relationships")
    assert _body(post)["relationship"] == {"friend_id": friend, "following": True}
    assert made.id is not None
    assert made.friend_user is not None and made.friend_user.id == friend
    assert (made.following, made.trust) == (True, False)

    emulator.clear_requests()
    made.trust = True
    saved = relationships.save(made)
    [put] = emulator.requests
    assert (put.method, put.path) == ("PUT", f"/v2/relationships/{made.id}")
    assert _body(put)["relationship"] == {"trust": True}
    assert saved.trust is True
    emulator.clear_requests()
    relationships.delete(made)
    assert _sent(emulator) == [("DELETE", f"/v2/relationships/{made.id}")]
    assert list(relationships.search()) == []


def test_a_body_key_outside_the_schema_is_refused_before_sending(
    emulator: Emulator, me: iNatClient
) -> None:
    with pytest.raises(InvalidParameterError, match="needs latitude, longitude"):
        me.saved_locations.create(SavedLocation(title="Home"))
    with pytest.raises(InvalidParameterError, match="did you mean 'latitude'"):
        me._requester.call_v2(
            SAVED_LOCATION_CREATE_V2, body={"saved_location": {"latitud": 1.0, "longitude": 2.0}}
        )
    assert emulator.requests == []


def test_v2_listings_page_with_a_rison_selection(emulator: Emulator, me: iNatClient) -> None:
    me.saved_locations.create(SavedLocation(title="Home", latitude=1.5, longitude=2.5))
    emulator.clear_requests()
    found = me.saved_locations.search(fields=Fields("title")).all()
    assert [(x.title, x.latitude) for x in found] == [("Home", None)]  # only what was selected
    [sent] = emulator.requests
    assert (sent.method, sent.path) == ("GET", "/v2/saved_locations")
    assert sent.query["fields"] == "(id:!t,title:!t)"
    assert "per_page" not in sent.query  # a whole list: no paging parameters


def test_a_misspelt_field_is_refused_naming_the_closest(emulator: Emulator, me: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="title"):
        me.saved_locations.search(fields=Fields("titel")).first()
    assert emulator.requests == []


def test_a_long_selection_goes_as_a_method_override_post(
    emulator: Emulator, me: iNatClient
) -> None:
    long_q = "x" * MAX_URL_LENGTH
    # a read, though POSTed: a client that rehearses its writes still sends it
    assert me.with_options(dry_run="writes").places.search(q=long_q).first() is None
    [sent] = emulator.requests
    assert (sent.method, sent.path, sent.status) == ("POST", "/v2/places", 200)
    assert _header(sent, "X-HTTP-Method-Override") == "GET"
    assert sent.query == {}
    assert _body(sent)["q"] == long_q
    assert _body(sent)["fields"] == "all"


def test_objects_and_tiles(emulator: Emulator, me: iNatClient, seeded: tuple[int, str]) -> None:
    assert me.account.ping().status == "available"
    [ping] = emulator.requests
    assert (ping.path, ping.query) == ("/v2/ping", {})  # /v2/ping takes no fields

    core = emulator.store.observation_core(seeded[0])
    assert core is not None and core.lat is not None and core.lng is not None
    emulator.clear_requests()
    suggestions = me.taxon_suggestions.suggest(source="observations", lat=core.lat, lng=core.lng)
    [suggest] = emulator.requests
    assert (suggest.method, suggest.path) == ("GET", "/v2/taxa/suggest")
    assert suggest.query["source"] == "observations"
    rows = suggestions.results or []
    assert rows and {r.source_type for r in rows} == {"observations"}
    assert all(r.score is not None and r.score > 0 for r in rows)
    assert core.taxon_id in {r.taxon.id for r in rows if r.taxon}

    emulator.clear_requests()
    tile = me.geomodel.tile(3, 2, 1, 0)
    assert tile.startswith(b"\x89PNG")
    assert _sent(emulator) == [("GET", "/v2/geomodel/3/2/1/0.png")]
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match="outside zoom"):
        me.geomodel.tile(3, 2, 9, 0)
    assert emulator.requests == []


def test_a_wrong_query_parameter_is_refused_naming_the_closest(
    emulator: Emulator, me: iNatClient
) -> None:
    with pytest.raises(InvalidParameterError, match="'q'"):
        me.places.search(qq="park")  # type: ignore[call-arg]
    assert emulator.requests == []


def test_photo_uploads_need_an_observation_uuid(emulator: Emulator, me: iNatClient) -> None:
    with pytest.raises(InvalidParameterError, match="UUID"):
        me.observation_photos.upload_v2(7, [jpeg_bytes()])  # type: ignore[arg-type]
    assert emulator.requests == []


def test_dry_run_writes_sends_nothing(
    emulator: Emulator, owner: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    friend = emulator.store.user_ids()[1]
    token = emulator.issue_jwt(owner)
    with make_client(
        emulator, credentials=Credentials(api_token=token), dry_run="writes"
    ) as rehearsing:
        rehearsed = rehearsing.relationships.create(Relationship(friend_id=friend))
        assert rehearsed.friend_id == friend
        assert emulator.requests == []  # built, logged, answered locally
        logged = [
            match.groups()
            for record in caplog.records
            if (match := _DRY.match(record.getMessage())) is not None
        ]
        [(method, url, _, body)] = logged
        assert (method, url.removeprefix(emulator.api_url)) == ("POST", "/v2/relationships")
        assert json.loads(body)["relationship"] == {"friend_id": friend}
        assert list(rehearsing.relationships.search()) == []  # reads are sent: none was made
    assert _sent(emulator) == [("GET", "/v2/relationships")]


def test_v2_error_bodies_join_the_exception_tree(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        me.relationships.create(Relationship(friend_id=owner))  # oneself
    [post] = emulator.requests
    assert (post.method, post.path, post.status) == ("POST", "/v2/relationships", 422)
    # v2's {"status", "errors": [{"errorCode", "message"}]} is read into the message
    assert "Unprocessable Entity: You cannot be friends with yourself" in str(refused.value)

    emulator.clear_requests()
    missing = str(uuid_module.uuid4())
    with pytest.raises(NotFoundError):
        me.identifications.delete_v2(missing)
    [delete] = emulator.requests
    assert (delete.method, delete.path, delete.status) == (
        "DELETE",
        f"/v2/identifications/{missing}",
        404,
    )


def test_a_twin_that_cannot_take_a_v1_value_is_left_to_v1(
    emulator: Emulator, me: iNatClient
) -> None:
    project = max(emulator.store.project_catalog().rows, key=lambda r: (len(r.members), -r.id))
    by_slug = me.projects.members(project.slug).first()
    assert by_slug is not None and by_slug.project_id == project.id
    assert _sent(emulator) == [("GET", f"/v1/projects/{project.slug}/members")]
    on_v2 = me.with_options(api_version="v2")
    emulator.clear_requests()
    with pytest.raises(InvalidParameterError, match=re.escape(project.slug)):
        on_v2.projects.members(project.slug)  # v2 takes project ids only
    assert emulator.requests == []
    by_id = on_v2.projects.members(project.id).first()
    assert by_id is not None and by_id.project_id == project.id
    assert _sent(emulator) == [("GET", f"/v2/projects/{project.id}/members")]


def test_a_v2_client_routes_the_methods_with_a_v2_form(
    emulator: Emulator, me: iNatClient, owner: int
) -> None:
    store = emulator.store
    first, second = [
        core
        for core in (store.observation_core(i) for i in store.observation_ids())
        if core is not None and core.user_id != owner
    ][:2]
    other = next(u for u in store.user_ids() if u != owner)
    flag = me.flags.create(Flag(flaggable_type="Observation", flaggable_id=first.id, flag="spam"))
    gone = me.observations.create_v2(Observation(species_guess="soon deleted"))
    assert flag.id is not None and gone.id is not None
    me.observations.delete_v2(gone)
    v1_histogram = me.observations.histogram(taxon_id=3).month_of_year
    emulator.clear_requests()

    on_v2 = me.with_options(api_version="v2")
    observations = on_v2.observations
    assert observations.fave(Observation(id=first.id, uuid=first.uuid)).uuid == first.uuid
    observations.fave(second.id)  # no UUID to name it by: v1
    on_v2.flags.delete(flag.id)
    on_v2.users.mute(other)
    vote = observations.set_quality_metric(Observation(uuid=first.uuid), "wild", agree=False)
    assert (vote.metric, vote.agree) == ("wild", False)
    histogram = observations.histogram(taxon_id=3).month_of_year
    assert histogram and histogram == v1_histogram
    assert gone.id in observations.deleted("2024-01-01")
    assert _sent(emulator) == [
        ("POST", f"/v2/observations/{first.uuid}/fave"),
        ("POST", f"/v1/observations/{second.id}/fave"),
        ("DELETE", f"/v2/flags/{flag.id}"),
        ("POST", f"/v2/users/{other}/mute"),
        ("POST", f"/v2/observations/{first.uuid}/quality/wild"),
        ("GET", "/v2/observations/histogram"),
        ("GET", "/v2/observations/deleted"),
    ]
    assert all(r.status in (200, 204) for r in emulator.requests)
    assert other in (me.users.me().muted_user_ids or [])
    assert _fresh(me, first.id).flags == []
