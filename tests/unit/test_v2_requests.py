"""v2 requests as the controllers build them, over a recording transport (no server): paths
by UUID, checked bodies with a ``fields`` selection, RISON GETs and method-override POSTs,
v2-only resources, and the refusals that come before anything is sent."""

from __future__ import annotations

import json
from typing import Any, cast

import attrs
import pytest

from inatsdk.controllers import (
    AccountController,
    AnnotationsController,
    CommentsController,
    GeomodelController,
    IdentificationsController,
    ObservationPhotosController,
    ObservationsController,
    PlacesController,
    RelationshipsController,
    SavedLocationsController,
    TaxonSuggestionsController,
)
from inatsdk.errors import InvalidParameterError
from inatsdk.fields import MAX_URL_LENGTH, Fields
from inatsdk.models import (
    Annotation,
    Comment,
    Identification,
    Observation,
    Relationship,
    SavedLocation,
)
from inatsdk.requester import Requester
from inatsdk.session import ApiRequest, ApiResponse, CallOptions, Transport
from inatsdk.settings import Settings, Timeout

UUID = "6444ede0-9831-47bd-8c3b-ee32e08cbfe4"
OTHER = "3595235e-96b1-450f-92ec-49162721cc6f"
API = "https://api.example.test"

# a tiny valid JPEG header is enough for the upload checks (they sniff the type)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@attrs.define
class Recorder:
    """A transport that records each request and answers ``answers`` in turn (else an empty
    result list)."""

    sent: list[ApiRequest] = attrs.Factory(list)
    answers: list[object] = attrs.Factory(list)

    def send(self, request: ApiRequest, options: CallOptions) -> ApiResponse:
        self.sent.append(request)
        if options.dry_run == "all" or (options.dry_run == "writes" and request.is_write):
            return ApiResponse(status=200, url=request.url, json=None, dry_run=True)
        body = self.answers.pop(0) if self.answers else {"total_results": 0, "results": []}
        return ApiResponse(status=200, url=request.url, json=body)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def _requester(recorder: Recorder, *, dry_run: str = "off") -> Requester:
    options = CallOptions(dry_run=dry_run, user_agent=None, timeout=Timeout())  # type: ignore[arg-type]
    return Requester(cast(Transport, recorder), Settings(api_url=API), options)


def _body(request: ApiRequest) -> dict[str, Any]:
    assert isinstance(request.json, dict)
    return cast("dict[str, Any]", request.json)


# --- observations by UUID -------------------------------------------------------------------


def test_observation_writes_go_to_v2_by_uuid_with_a_checked_body(recorder: Recorder) -> None:
    recorder.answers = [
        {"results": [{"uuid": UUID, "id": 7, "species_guess": "Raven", "description": "x"}]},
        {"results": [{"uuid": UUID, "id": 7, "description": "on the roof"}]},
        {},
    ]
    observations = ObservationsController(_requester(recorder))
    created = observations.create_v2(Observation(uuid=UUID, species_guess="Raven", description="x"))
    post = recorder.sent[0]
    assert (post.method, post.url) == ("POST", f"{API}/v2/observations")
    assert _body(post)["observation"] == {
        "uuid": UUID,
        "species_guess": "Raven",
        "description": "x",
    }
    assert _body(post)["fields"] == "all"  # so the answer holds the record, not only its uuid
    assert created.id == 7 and created.is_loaded

    created.description = "on the roof"
    saved = observations.save_v2(created)
    put = recorder.sent[1]
    assert (put.method, put.url) == ("PUT", f"{API}/v2/observations/{UUID}")
    assert _body(put)["observation"] == {"description": "on the roof"}  # only what changed
    assert _body(put)["ignore_photos"] is True
    assert saved.description == "on the roof"
    assert observations.save_v2(saved) is saved  # nothing changed: nothing sent
    assert len(recorder.sent) == 2

    observations.delete_v2(UUID.upper())
    assert (recorder.sent[2].method, recorder.sent[2].url) == (
        "DELETE",
        f"{API}/v2/observations/{UUID}",
    )


def test_actions_on_observations_fill_uuid_paths(recorder: Recorder) -> None:
    observations = ObservationsController(_requester(recorder))
    obs = Observation(uuid=UUID)
    observations.fave_v2(obs)
    observations.unfave_v2(UUID)
    observations.set_quality_metric_v2(obs, "needs_id", agree=False)
    observations.review_v2(obs)
    observations.subscribe_v2(obs)
    got = [(r.method, r.url.removeprefix(API)) for r in recorder.sent]
    assert got == [
        ("POST", f"/v2/observations/{UUID}/fave"),
        ("DELETE", f"/v2/observations/{UUID}/fave"),
        ("POST", f"/v2/observations/{UUID}/quality/needs_id"),
        ("POST", f"/v2/observations/{UUID}/review"),
        ("PUT", f"/v2/observations/{UUID}/subscription"),
    ]
    assert recorder.sent[2].params == {"agree": "false"}


@pytest.mark.parametrize("bad", [7, "7", "not-a-uuid", None, Observation(id=7)])
def test_v2_observation_paths_refuse_what_is_not_a_uuid(recorder: Recorder, bad: Any) -> None:
    observations = ObservationsController(_requester(recorder))
    with pytest.raises(InvalidParameterError, match=r"(?i)uuid"):
        observations.delete_v2(bad)
    with pytest.raises(InvalidParameterError):
        observations.fave_v2(bad)
    assert recorder.sent == []


def test_a_quality_metric_outside_the_spec_is_refused(recorder: Recorder) -> None:
    observations = ObservationsController(_requester(recorder))
    with pytest.raises(InvalidParameterError, match="metric"):
        observations.set_quality_metric_v2(UUID, "wildd")  # type: ignore[arg-type]
    assert recorder.sent == []


def test_create_v2_uploads_two_photos_by_uuid_then_reads_back(recorder: Recorder) -> None:
    recorder.answers = [
        {"results": [{"uuid": UUID, "id": 7}]},
        {"results": [{"id": 1, "uuid": OTHER}]},
        {"results": [{"id": 2}]},
        {"total_results": 1, "results": [{"uuid": UUID, "id": 7, "observation_photos": []}]},
    ]
    observations = ObservationsController(_requester(recorder))
    final = observations.create_v2(Observation(uuid=UUID), photos=[JPEG, JPEG])
    methods = [(r.method, r.url.split("?")[0].removeprefix(API)) for r in recorder.sent]
    assert methods == [
        ("POST", "/v2/observations"),
        ("POST", "/v2/observation_photos"),
        ("POST", "/v2/observation_photos"),
        ("GET", f"/v2/observations/{UUID}"),
    ]
    for upload in recorder.sent[1:3]:
        assert upload.data == {"observation_photo[observation_id]": UUID, "fields": "all"}
        assert upload.files is not None and "file" in upload.files
    assert recorder.sent[3].params.get("fields") == "all"
    assert final.uuid == UUID


def test_create_v2_in_dry_run_sends_nothing_and_answers_the_draft(recorder: Recorder) -> None:
    observations = ObservationsController(_requester(recorder, dry_run="all"))
    rehearsed = observations.create_v2(Observation(species_guess="Raven"), photos=[JPEG, JPEG])
    assert rehearsed.species_guess == "Raven"
    assert rehearsed.uuid is not None
    assert len(rehearsed.observation_photos or []) == 2
    # the transport answered each request locally: nothing reached a server
    assert [r.method for r in recorder.sent] == ["POST", "POST", "POST"]


# --- identifications, comments, annotations -------------------------------------------------


def test_identification_create_names_the_observation_by_uuid(recorder: Recorder) -> None:
    recorder.answers = [{"results": [{"uuid": OTHER, "taxon_id": 3, "body": "ok"}]}]
    identifications = IdentificationsController(_requester(recorder))
    made = identifications.create_v2(Identification(taxon_id=3), observation=Observation(uuid=UUID))
    body = _body(recorder.sent[0])
    assert body["identification"] == {"taxon_id": 3, "observation_id": UUID}
    assert made.uuid == OTHER
    identifications.delete_v2(made)
    assert recorder.sent[1].url == f"{API}/v2/identifications/{OTHER}"
    with pytest.raises(InvalidParameterError, match="observation"):
        identifications.create_v2(Identification(taxon_id=3))  # no observation to name


def test_comment_and_annotation_bodies(recorder: Recorder) -> None:
    recorder.answers = [{"results": [{"uuid": OTHER, "body": "hi"}]}, {"results": []}]
    CommentsController(_requester(recorder)).create_v2(
        Comment(body="hi"), parent=Observation(uuid=UUID)
    )
    assert _body(recorder.sent[0])["comment"] == {
        "body": "hi",
        "parent_id": UUID,
        "parent_type": "Observation",
    }
    AnnotationsController(_requester(recorder)).create_v2(
        Annotation(controlled_attribute_id=1, controlled_value_id=2), observation=UUID
    )
    assert _body(recorder.sent[1]) == {
        "controlled_attribute_id": 1,
        "controlled_value_id": 2,
        "resource_type": "Observation",
        "resource_id": UUID,
    }
    AnnotationsController(_requester(recorder)).vote_v2(OTHER)
    assert (recorder.sent[2].method, recorder.sent[2].url) == (
        "POST",
        f"{API}/v2/annotations/{OTHER}/vote",
    )


# --- v2-only resources -------------------------------------------------------------------------


def test_relationships_create_save_delete(recorder: Recorder) -> None:
    recorder.answers = [
        {"results": [{"id": 5, "friend_user": {"id": 9}, "trust": False, "following": True}]},
        {"results": [{"id": 5, "trust": True}]},
    ]
    relationships = RelationshipsController(_requester(recorder))
    made = relationships.create(Relationship(friend_id=9, following=True))
    assert _body(recorder.sent[0])["relationship"] == {"friend_id": 9, "following": True}
    made.trust = True
    relationships.save(made)
    assert recorder.sent[1].url == f"{API}/v2/relationships/5"
    assert _body(recorder.sent[1])["relationship"] == {"trust": True}
    relationships.delete(made)
    assert (recorder.sent[2].method, recorder.sent[2].url) == (
        "DELETE",
        f"{API}/v2/relationships/5",
    )


def test_a_body_key_outside_the_schema_is_refused_before_sending(recorder: Recorder) -> None:
    locations = SavedLocationsController(_requester(recorder))
    with pytest.raises(InvalidParameterError, match="needs latitude, longitude"):
        locations.create(SavedLocation(title="Home"))
    requester = _requester(recorder)
    from inatsdk.endpoints import SAVED_LOCATION_CREATE_V2

    with pytest.raises(InvalidParameterError, match="did you mean 'latitude'"):
        requester.call_v2(
            SAVED_LOCATION_CREATE_V2, body={"saved_location": {"latitud": 1.0, "longitude": 2.0}}
        )
    assert recorder.sent == []


def test_v2_listings_page_with_a_rison_selection(recorder: Recorder) -> None:
    recorder.answers = [{"total_results": 1, "results": [{"id": 1, "title": "Home"}]}]
    found = SavedLocationsController(_requester(recorder)).search(fields=Fields("title")).all()
    assert [x.title for x in found] == ["Home"]
    sent = recorder.sent[0]
    assert sent.url == f"{API}/v2/saved_locations"
    assert sent.params["fields"] == "(id:!t,title:!t)"
    assert "per_page" not in sent.params  # a whole list: no paging parameters


def test_a_misspelt_field_is_refused_naming_the_closest(recorder: Recorder) -> None:
    with pytest.raises(InvalidParameterError, match="title"):
        SavedLocationsController(_requester(recorder)).search(fields=Fields("titel")).first()
    assert recorder.sent == []


def test_a_long_selection_goes_as_a_method_override_post(recorder: Recorder) -> None:
    recorder.answers = [{"total_results": 0, "results": []}]
    places = PlacesController(_requester(recorder))
    long_q = "x" * MAX_URL_LENGTH
    places.search(q=long_q).first()
    sent = recorder.sent[0]
    assert sent.method == "POST"
    assert sent.headers.get("X-HTTP-Method-Override") == "GET"
    assert not sent.is_write
    assert _body(sent)["q"] == long_q
    assert _body(sent)["fields"] == "all"


def test_objects_and_tiles(recorder: Recorder) -> None:
    recorder.answers = [{"status": "available"}, {"results": [{"taxon": {"id": 3}, "score": 1}]}]
    requester = _requester(recorder)
    assert AccountController(requester).ping().status == "available"
    assert recorder.sent[0].params == {}  # /v2/ping takes no fields
    suggestions = TaxonSuggestionsController(requester).suggest(source="observations", lat=1.5)
    assert suggestions.results is not None and suggestions.results[0].score == 1
    assert recorder.sent[1].params["source"] == "observations"
    GeomodelController(requester).tile(3, 2, 1, 0)
    assert recorder.sent[2].url == f"{API}/v2/geomodel/3/2/1/0.png"
    with pytest.raises(InvalidParameterError, match="outside zoom"):
        GeomodelController(requester).tile(3, 2, 9, 0)
    assert len(recorder.sent) == 3


def test_a_wrong_query_parameter_is_refused_naming_the_closest(recorder: Recorder) -> None:
    with pytest.raises(InvalidParameterError, match="'q'"):
        PlacesController(_requester(recorder)).search(qq="park")  # type: ignore[call-arg]
    assert recorder.sent == []


def test_photo_uploads_need_an_observation_uuid(recorder: Recorder) -> None:
    photos = ObservationPhotosController(_requester(recorder))
    with pytest.raises(InvalidParameterError, match="UUID"):
        photos.upload_v2(7, [JPEG])  # type: ignore[arg-type]
    assert recorder.sent == []


def test_dry_run_writes_sends_nothing(recorder: Recorder) -> None:
    relationships = RelationshipsController(_requester(recorder, dry_run="writes"))
    rehearsed = relationships.create(Relationship(friend_id=9))
    assert rehearsed.friend_id == 9
    assert json.dumps(_body(recorder.sent[0]))  # built, logged, answered locally


def test_v2_error_bodies_join_the_exception_tree() -> None:
    from inatsdk.errors import NotFoundError, ValidationError, error_for_response

    body = b'{"status": "422", "errors": [{"errorCode": "invalid", "message": "taxon_id"}]}'
    error = error_for_response(422, "POST", f"{API}/v2/identifications", body)
    assert isinstance(error, ValidationError)
    assert "invalid: taxon_id" in str(error)
    missing = error_for_response(404, "GET", f"{API}/v2/observations/{UUID}", b'{"status": "404"}')
    assert isinstance(missing, NotFoundError)


def test_a_twin_that_cannot_take_a_v1_value_is_left_to_v1(recorder: Recorder) -> None:
    from inatsdk.controllers import ProjectsController

    recorder.answers = [{"total_results": 0, "results": []}]
    ProjectsController(_requester(recorder)).members("dragonflies").first()
    assert recorder.sent[0].url == f"{API}/v1/projects/dragonflies/members"
    options = CallOptions(dry_run="off", user_agent=None, timeout=Timeout())
    on_v2 = Requester(cast(Transport, recorder), Settings(api_url=API, api_version="v2"), options)
    with pytest.raises(InvalidParameterError, match="dragonflies"):
        ProjectsController(on_v2).members("dragonflies")  # v2 takes project ids only
    ProjectsController(on_v2).members(5).first()
    assert recorder.sent[1].url == f"{API}/v2/projects/5/members"
    assert len(recorder.sent) == 2


def test_a_v2_client_routes_the_methods_with_a_v2_form(recorder: Recorder) -> None:
    from inatsdk.controllers import FlagsController, UsersController

    options = CallOptions(dry_run="off", user_agent=None, timeout=Timeout())
    on_v2 = Requester(cast(Transport, recorder), Settings(api_url=API, api_version="v2"), options)
    recorder.answers = [
        {},
        {},
        {},
        {},
        {},
        {"results": {"month_of_year": {"1": 2}}},
        {"results": []},
    ]
    observations = ObservationsController(on_v2)
    assert observations.fave(Observation(id=7, uuid=UUID)).uuid == UUID
    observations.fave(7)  # no UUID to name it by: v1
    FlagsController(on_v2).delete(5)
    UsersController(on_v2).mute(3)
    vote = observations.set_quality_metric(Observation(uuid=UUID), "wild", agree=False)
    assert (vote.metric, vote.agree) == ("wild", False)
    assert observations.histogram(taxon_id=3).month_of_year == {1: 2}
    assert observations.deleted("2024-01-01") == []
    got = [(r.method, r.url.removeprefix(API)) for r in recorder.sent]
    assert got == [
        ("POST", f"/v2/observations/{UUID}/fave"),
        ("POST", "/v1/observations/7/fave"),
        ("DELETE", "/v2/flags/5"),
        ("POST", "/v2/users/3/mute"),
        ("POST", f"/v2/observations/{UUID}/quality/wild"),
        ("GET", "/v2/observations/histogram"),
        ("GET", "/v2/observations/deleted"),
    ]
