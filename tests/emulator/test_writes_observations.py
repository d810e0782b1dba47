"""The emulator's writes to observations, photos, sounds, field values and computer vision,
with plain ``requests``."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import requests

from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes, png_bytes, wav_bytes
from inatsdk.testing.seed import ObservationCore
from tests.emulator.helpers import get_json

UUID = "3f1c2f7e-4b8a-4c1d-9e2f-5a6b7c8d9e0f"


def _auth(emu: Emulator, user_id: int) -> dict[str, str]:
    return {"Authorization": emu.issue_jwt(user_id)}


def _send(
    emu: Emulator, method: str, path: str, user_id: int | None, **kwargs: Any
) -> requests.Response:
    headers = _auth(emu, user_id) if user_id is not None else {}
    return requests.request(method, emu.api_url + path, headers=headers, timeout=30, **kwargs)


def _users(emu: Emulator) -> tuple[int, int]:
    ids = emu.store.user_ids()
    return ids[0], ids[1]


def _create(emu: Emulator, user_id: int, **fields: Any) -> dict[str, Any]:
    body = {
        "observation": {"species_guess": "Raven", "latitude": 37.5, "longitude": -122.1, **fields}
    }
    response = _send(emu, "POST", "/v1/observations", user_id, json=body)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


def _photo(
    emu: Emulator, user_id: int, observation_id: int | str, data: bytes
) -> requests.Response:
    return _send(
        emu,
        "POST",
        "/v1/observation_photos",
        user_id,
        data={"observation_photo[observation_id]": str(observation_id)},
        files={"file": ("wing.png", data, "image/png")},
    )


def _show(emu: Emulator, observation_id: int, user_id: int | None = None) -> dict[str, Any]:
    response = _send(emu, "GET", f"/v1/observations/{observation_id}", user_id)
    results = response.json()["results"]
    assert results, f"observation {observation_id} not found"
    record: dict[str, Any] = results[0]
    return record


def _seeded(emu: Emulator, **want: Any) -> ObservationCore:
    for core in emu.store.observations_snapshot():
        if all(getattr(core, k) == v for k, v in want.items()):
            return core
    raise AssertionError(f"no seeded observation with {want}")


# --- create, update, delete ----------------------------------------------------------------------


def test_photo_upload_is_stored_whole_and_shown(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    assert created["quality_grade"] == "casual" and created["photos"] == []
    data = png_bytes(6, 4, (10, 120, 200))
    answer = _photo(emulator, owner, created["id"], data)
    assert answer.status_code == 200, answer.text
    op = answer.json()
    assert op["observation_id"] == created["id"] and op["position"] == 0
    assert op["photo"]["original_dimensions"] == {"width": 6, "height": 4}
    stored = emulator.store.observation_writes().files[op["photo"]["id"]]
    assert stored.data == data and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (stored.content_type, stored.filename) == ("image/png", "wing.png")

    second = _photo(emulator, owner, created["uuid"], jpeg_bytes(16, 8, 90)).json()
    assert second["position"] == 1
    assert second["photo"]["original_dimensions"] == {"width": 16, "height": 8}
    record = _show(emulator, created["id"])
    assert [p["id"] for p in record["photos"]] == [op["photo_id"], second["photo_id"]]
    assert [p["id"] for p in record["observation_photos"]] == [op["id"], second["id"]]
    assert record["quality_grade"] == "needs_id"
    found = get_json(emulator, "/v1/observations", id=created["id"], photos="true")
    assert found["total_results"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_bytes()[:-12], "cut short"),
        (b"GIF? no, a text file", "content type is invalid"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "PNG"),
        (jpeg_bytes()[:-2], "end-of-image"),
        (b"", "empty"),
    ],
)
def test_unreadable_photos_are_refused(emulator: Emulator, data: bytes, message: str) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    answer = _photo(emulator, owner, created["id"], data)
    assert answer.status_code == 422
    assert message in answer.json()["error"]
    assert _show(emulator, created["id"])["photos"] == []


def test_photo_upload_rules(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    created = _create(emulator, owner)
    assert _photo(emulator, other, created["id"], png_bytes()).status_code == 403
    no_auth = _send(
        emulator,
        "POST",
        "/v1/observation_photos",
        None,
        data={"observation_photo[observation_id]": str(created["id"])},
        files={"file": ("a.png", png_bytes(), "image/png")},
    )
    assert no_auth.status_code == 401
    no_file = _send(
        emulator,
        "POST",
        "/v1/observation_photos",
        owner,
        data={"observation_photo[observation_id]": str(created["id"])},
    )
    assert no_file.status_code == 422
    assert _photo(emulator, owner, 1, png_bytes()).status_code == 422  # no such observation


def test_create_with_a_known_uuid_updates_that_record(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    before = emulator.store.observation_count()
    first = _create(emulator, owner, uuid=UUID, description="first")
    again = _create(emulator, owner, uuid=UUID.upper(), description="second")
    assert again["id"] == first["id"] and again["description"] == "second"
    assert emulator.store.observation_count() == before + 1
    clash = _send(emulator, "POST", "/v1/observations", other, json={"observation": {"uuid": UUID}})
    assert clash.status_code == 422


def test_create_takes_field_values_and_a_license(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(
        emulator,
        owner,
        license="CC-BY",
        observation_field_values_attributes=[{"observation_field_id": 1, "value": "4"}],
    )
    assert created["license_code"] == "cc-by"
    assert [(o["field_id"], o["value"]) for o in created["ofvs"]] == [(1, "4")]


def test_update_changes_only_what_is_sent(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    created = _create(emulator, owner, description="old", place_guess="Here")
    _photo(emulator, owner, created["id"], png_bytes())
    body = {"observation": {"description": "new"}, "ignore_photos": True}
    answer = _send(emulator, "PUT", f"/v1/observations/{created['id']}", owner, json=body)
    assert answer.status_code == 200, answer.text
    record = answer.json()
    assert record["description"] == "new" and record["place_guess"] == "Here"
    assert record["species_guess"] == "Raven" and len(record["photos"]) == 1
    assert record["updated_at"] >= created["updated_at"]
    forbidden = _send(emulator, "PUT", f"/v1/observations/{created['id']}", other, json=body)
    assert forbidden.status_code == 403
    by_uuid = _send(
        emulator,
        "PUT",
        f"/v1/observations/{created['uuid']}",
        owner,
        json={"observation": {"taxon_id": 3}, "ignore_photos": True},
    )
    assert by_uuid.json()["taxon"]["id"] == 3


def test_update_without_ignore_photos_detaches_them(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    kept = _photo(emulator, owner, created["id"], png_bytes(2, 2, (1, 2, 3))).json()
    _photo(emulator, owner, created["id"], png_bytes(2, 2, (4, 5, 6)))
    body = {
        "observation": {"description": "x"},
        "local_photos": {str(created["id"]): [kept["photo_id"]]},
    }
    record = _send(emulator, "PUT", f"/v1/observations/{created['id']}", owner, json=body).json()
    assert [p["id"] for p in record["photos"]] == [kept["photo_id"]]
    record = _send(
        emulator, "PUT", f"/v1/observations/{created['id']}", owner, json={"observation": {}}
    ).json()
    assert record["photos"] == [] and record["quality_grade"] == "casual"


def test_update_of_a_seeded_record(emulator: Emulator) -> None:
    core = _seeded(emulator, captive=False, geoprivacy=None)
    body = {"observation": {"description": "Fixed it", "tag_list": "a, b"}, "ignore_photos": True}
    answer = _send(emulator, "PUT", f"/v1/observations/{core.id}", core.user_id, json=body)
    record = answer.json()
    assert record["description"] == "Fixed it" and record["tags"] == ["a", "b"]
    assert len(record["photos"]) == core.n_photos
    assert _show(emulator, core.id)["description"] == "Fixed it"
    emulator.reset()
    assert _show(emulator, core.id)["description"] != "Fixed it"


def test_delete(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    created = _create(emulator, owner)
    path = f"/v1/observations/{created['id']}"
    assert _send(emulator, "DELETE", path, other).status_code == 403
    assert _send(emulator, "DELETE", path, None).status_code == 401
    assert _send(emulator, "DELETE", path, owner).status_code == 200
    assert get_json(emulator, path)["results"] == []
    assert _send(emulator, "DELETE", path, owner).status_code == 404
    deleted = _send(
        emulator, "GET", "/v1/observations/deleted", owner, params={"since": "2000-01-01"}
    ).json()
    assert created["id"] in deleted["results"]
    seeded = _seeded(emulator)
    refused = _send(emulator, "DELETE", f"/v1/observations/{seeded.id}", seeded.user_id)
    assert refused.status_code == 403 and "seeded" in refused.json()["error"]


# --- faves, votes, reviews, quality, subscriptions ----------------------------------------------


def test_faves_and_votes(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    created = _create(emulator, owner)
    path = f"/v1/observations/{created['id']}"
    faved = _send(emulator, "POST", path + "/fave", other).json()
    assert faved["faves_count"] == 1 and faved["faves"][0]["user_id"] == other
    assert _send(emulator, "POST", path + "/fave", other).json()["faves_count"] == 1  # once
    voted = _send(
        emulator,
        "POST",
        f"/v1/votes/vote/observation/{created['id']}",
        owner,
        json={"vote": "down", "scope": "needs_id"},
    ).json()
    scoped = [v for v in voted["votes"] if v["vote_scope"] == "needs_id"]
    assert [(v["user_id"], v["vote_flag"]) for v in scoped] == [(owner, False)]
    unvoted = _send(
        emulator,
        "DELETE",
        f"/v1/votes/unvote/observation/{created['id']}",
        owner,
        json={"scope": "needs_id"},
    ).json()
    assert [v for v in unvoted["votes"] if v["vote_scope"]] == []
    assert _send(emulator, "DELETE", path + "/unfave", other).json()["faves_count"] == 0
    plain_vote = _send(
        emulator, "POST", f"/v1/votes/vote/observation/{created['id']}", other, json={}
    ).json()
    assert plain_vote["faves_count"] == 1  # a vote without scope is a fave


def test_unfave_a_seeded_fave(emulator: Emulator) -> None:
    core = next(c for c in emulator.store.observations_snapshot() if c.n_faves > 0)
    record = _show(emulator, core.id)
    faver = record["faves"][0]["user_id"]
    after = _send(emulator, "DELETE", f"/v1/observations/{core.id}/unfave", faver).json()
    assert faver not in [f["user_id"] for f in after["faves"]]
    assert after["faves_count"] == record["faves_count"] - 1


def test_reviews_and_quality_votes(emulator: Emulator) -> None:
    core = _seeded(emulator)
    reviewer = next(u for u in emulator.store.user_ids() if u != core.user_id)
    path = f"/v1/observations/{core.id}"
    assert _send(emulator, "POST", path + "/review", reviewer).status_code == 200
    assert reviewer in _show(emulator, core.id)["reviewed_by"]
    _send(emulator, "DELETE", path + "/review", reviewer)
    assert reviewer not in _show(emulator, core.id)["reviewed_by"]

    vote = _send(emulator, "POST", path + "/quality/wild", reviewer, json={"agree": False})
    assert vote.json()["agree"] is False and vote.json()["metric"] == "wild"
    metrics = get_json(emulator, path + "/quality_metrics")["results"]
    assert [(m["metric"], m["agree"]) for m in metrics if m["user_id"] == reviewer] == [
        ("wild", False)
    ]
    _send(emulator, "POST", path + "/quality/wild", reviewer, json={"agree": True})
    metrics = get_json(emulator, path + "/quality_metrics")["results"]
    assert [(m["metric"], m["agree"]) for m in metrics if m["user_id"] == reviewer] == [
        ("wild", True)
    ]
    assert _send(emulator, "DELETE", path + "/quality/wild", reviewer).status_code == 200
    metrics = get_json(emulator, path + "/quality_metrics")["results"]
    assert [m for m in metrics if m["user_id"] == reviewer] == []
    assert _send(emulator, "POST", path + "/quality/nonsense", reviewer).status_code == 422


def test_subscribe_toggles(emulator: Emulator) -> None:
    core = _seeded(emulator)
    user = next(
        u
        for u in emulator.store.user_ids()
        if u != core.user_id
        and not any(
            r["resource_type"] == "Observation"
            for r in emulator.store.observation_subscriptions(core.id, u)
        )
    )

    def following() -> bool:
        rows = _send(emulator, "GET", f"/v1/observations/{core.id}/subscriptions", user).json()
        return any(r["resource_type"] == "Observation" for r in rows["results"])

    path = f"/v1/subscriptions/observation/{core.id}/subscribe"
    assert _send(emulator, "POST", path, user).json() is True
    assert following()
    _send(emulator, "POST", path.replace("observation", "Observation"), user)
    assert not following()


def test_viewed_updates(emulator: Emulator) -> None:
    user = next(
        u
        for u in emulator.store.user_ids()
        if any(not r["viewed"] for r in emulator.store.observation_updates(u))
    )
    unseen = next(r for r in emulator.store.observation_updates(user) if not r["viewed"])
    path = f"/v1/observations/{unseen['resource_id']}/viewed_updates"
    assert _send(emulator, "PUT", path, user).status_code == 200
    rows = _send(emulator, "GET", "/v1/observations/updates", user, params={"per_page": 200}).json()
    mine = [r for r in rows["results"] if r["resource_id"] == unseen["resource_id"]]
    assert mine and all(r["viewed"] for r in mine)


# --- field values -------------------------------------------------------------------------------


def test_field_values(emulator: Emulator) -> None:
    owner, other = _users(emulator)
    created = _create(emulator, owner)

    def post(field: int, value: object, user: int = other) -> requests.Response:
        body = {
            "observation_field_value": {
                "observation_id": created["id"],
                "observation_field_id": field,
                "value": value,
            }
        }
        return _send(emulator, "POST", "/v1/observation_field_values", user, json=body)

    first = post(1, "3")
    assert first.status_code == 200, first.text
    ofv = first.json()
    assert (ofv["observation_id"], ofv["observation_field_id"], ofv["value"]) == (
        created["id"],
        1,
        "3",
    )
    again = post(1, "5").json()  # the observation has a value for that field: updated
    assert again["id"] == ofv["id"] and again["value"] == "5"
    assert post(1, "many").status_code == 422  # numeric
    assert post(2, "lots").status_code == 422  # not an allowed value
    assert post(9999, "x").status_code == 422  # no such field
    assert post(47, "99999999").status_code == 422  # no such taxon
    taxon_value = post(47, "3")
    assert taxon_value.status_code == 200

    record = _show(emulator, created["id"])
    values = {o["field_id"]: o for o in record["ofvs"]}
    assert values[1]["value"] == "5" and values[47]["taxon"]["id"] == 3

    path = f"/v1/observation_field_values/{ofv['id']}"
    updated = _send(
        emulator, "PUT", path, other, json={"observation_field_value": {"value": "7"}}
    ).json()
    assert updated["value"] == "7" and updated["updater_id"] == other
    assert _send(emulator, "DELETE", path, other).status_code == 403  # the observer's call
    assert _send(emulator, "DELETE", path, owner).status_code == 200
    assert 1 not in {o["field_id"] for o in _show(emulator, created["id"])["ofvs"]}
    assert _send(emulator, "DELETE", path, owner).status_code == 404


def test_field_value_of_a_seeded_record(emulator: Emulator) -> None:
    core = next(
        c
        for c in emulator.store.observations_snapshot()
        if any(o["field_id"] == 1 for o in emulator.store.render_observation(c)["ofvs"])
    )
    ofv = next(o for o in _show(emulator, core.id)["ofvs"] if o["field_id"] == 1)
    path = f"/v1/observation_field_values/{ofv['id']}"
    answer = _send(
        emulator, "PUT", path, core.user_id, json={"observation_field_value": {"value": "12"}}
    )
    assert answer.status_code == 200, answer.text
    assert (
        next(o for o in _show(emulator, core.id)["ofvs"] if o["id"] == ofv["id"])["value"] == "12"
    )


# --- sounds and standalone media -------------------------------------------------------------------


def test_sounds_and_standalone_uploads(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    sound = _send(
        emulator,
        "POST",
        "/v1/observation_sounds",
        owner,
        data={"observation_sound[observation_id]": str(created["id"])},
        files={"file": ("song.wav", wav_bytes(), "audio/wav")},
    )
    assert sound.status_code == 200, sound.text
    record = _show(emulator, created["id"])
    assert [s["id"] for s in record["sounds"]] == [sound.json()["sound"]["id"]]
    assert record["sounds"][0]["file_content_type"] == "audio/x-wav"
    assert record["quality_grade"] == "needs_id"
    wrong = _send(
        emulator,
        "POST",
        "/v1/observation_sounds",
        owner,
        data={"observation_sound[observation_id]": str(created["id"])},
        files={"file": ("song.wav", png_bytes(), "audio/wav")},
    )
    assert wrong.status_code == 422
    deleted = _send(emulator, "DELETE", f"/v1/observation_sounds/{sound.json()['id']}", owner)
    assert deleted.status_code == 200 and _show(emulator, created["id"])["sounds"] == []

    photo = _send(
        emulator, "POST", "/v1/photos", owner, files={"file": ("p.jpg", jpeg_bytes(), "image/jpeg")}
    ).json()
    assert photo["type"] == "LocalPhoto" and photo["user_id"] == owner
    alone = _send(
        emulator, "POST", "/v1/sounds", owner, files={"file": ("s.wav", wav_bytes(), "audio/wav")}
    ).json()
    assert alone["file_content_type"] == "audio/x-wav"
    body = {"observation": {}, "local_photos": {str(created["id"]): [photo["id"]]}}
    record = _send(emulator, "PUT", f"/v1/observations/{created['id']}", owner, json=body).json()
    assert [p["id"] for p in record["photos"]] == [photo["id"]]


def test_observation_photo_position_and_delete(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    a = _photo(emulator, owner, created["id"], png_bytes(1, 1, (1, 1, 1))).json()
    b = _photo(emulator, owner, created["id"], png_bytes(1, 1, (2, 2, 2))).json()
    moved = _send(
        emulator,
        "PUT",
        f"/v1/observation_photos/{b['id']}",
        owner,
        data={"observation_photo[position]": "-1"},
    ).json()
    assert moved["position"] == -1
    assert [p["id"] for p in _show(emulator, created["id"])["photos"]] == [
        b["photo_id"],
        a["photo_id"],
    ]
    assert _send(emulator, "DELETE", f"/v1/observation_photos/{b['id']}", owner).status_code == 200
    assert [p["id"] for p in _show(emulator, created["id"])["photos"]] == [a["photo_id"]]


# --- computer vision ---------------------------------------------------------------------------


def _score(emu: Emulator, user: int | None, image: bytes, **fields: str) -> requests.Response:
    return _send(
        emu,
        "POST",
        "/v1/computervision/score_image",
        user,
        data=fields,
        files={"image": ("x.jpg", image, "image/jpeg")},
    )


def test_score_image_is_deterministic(emulator: Emulator) -> None:
    user, _ = _users(emulator)
    first = _score(emulator, user, jpeg_bytes(8, 8, 10)).json()
    again = _score(emulator, user, jpeg_bytes(8, 8, 10)).json()
    other = _score(emulator, user, jpeg_bytes(8, 8, 11)).json()
    assert first == again and first != other
    assert len(first["results"]) == 10
    scores = [r["combined_score"] for r in first["results"]]
    assert scores == sorted(scores, reverse=True) and abs(sum(scores) - 100) < 1e-3
    assert all(r["taxon"]["rank"] == "species" for r in first["results"])
    assert all(r["frequency_score"] == 0 for r in first["results"])


def test_score_image_with_place_and_taxon(emulator: Emulator) -> None:
    user, _ = _users(emulator)
    birds = _score(emulator, user, png_bytes(), taxon_id="3", lat="37.5", lng="-122.1").json()
    assert all(3 in r["taxon"]["ancestor_ids"] for r in birds["results"])
    assert "common_ancestor" not in birds or 3 in birds["common_ancestor"]["taxon"]["ancestor_ids"]
    assert _score(emulator, None, png_bytes()).status_code == 401
    assert _score(emulator, user, b"not an image").status_code == 422


def test_score_observation(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    path = f"/v1/computervision/score_observation/{created['id']}"
    assert _send(emulator, "GET", path, owner).status_code == 422  # no photos
    _photo(emulator, owner, created["id"], jpeg_bytes(8, 8, 33))
    answer = _send(emulator, "GET", path, owner).json()
    direct = _score(emulator, owner, jpeg_bytes(8, 8, 33), lat="37.5", lng="-122.1").json()
    assert answer == direct
    core = next(c for c in emulator.store.observations_snapshot() if c.n_photos)
    assert _send(emulator, "GET", f"/v1/computervision/score_observation/{core.id}", owner).ok
    assert _send(emulator, "GET", path, None).status_code == 401


def test_reset_drops_every_write(emulator: Emulator) -> None:
    owner, _ = _users(emulator)
    created = _create(emulator, owner)
    _photo(emulator, owner, created["id"], png_bytes())
    assert emulator.store.observation_writes().files
    emulator.reset()
    assert emulator.store.observation_writes().files == {}
    assert get_json(emulator, f"/v1/observations/{created['id']}")["results"] == []
