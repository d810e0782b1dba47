"""v2's observation photo writes by UUID (``PUT``/``DELETE /v2/observation_photos/{uuid}``)
through the client's typed methods against the emulator, seen by v1 and v2 reads."""

from __future__ import annotations

import uuid as uuid_module

import pytest

from inatsdk import iNatClient
from inatsdk.errors import NotFoundError
from inatsdk.models import Observation
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes


def _positions(client: iNatClient, observation_id: int) -> dict[str, int | None]:
    found = client.with_options(use_cache=False).observations.get(observation_id)
    return {op.uuid or "": op.position for op in found.observation_photos or ()}


def test_observation_photo_moved_and_deleted_by_uuid(emulator: Emulator, me: iNatClient) -> None:
    on_v2 = me.with_options(api_version="v2")
    created = on_v2.observations.create(
        Observation(uuid=str(uuid_module.uuid4()), species_guess="Raven")
    )
    assert created.uuid is not None
    made = [
        on_v2.observation_photos.create_v2(created.uuid, jpeg_bytes(8, 8, 90)),
        on_v2.observation_photos.create_v2(created.uuid, jpeg_bytes(9, 9, 90)),
    ]
    # the upload asks for every field, so the answer is the record, UUID included
    assert all(m.uuid and m.id for m in made)
    first, second = on_v2.observations.get(created.uuid, fields="all").observation_photos or []
    assert first.uuid and second.uuid
    assert [first.uuid, second.uuid] == [m.uuid for m in made]
    observation_id = me.observations.get(created.uuid).id
    assert observation_id is not None
    before = _positions(me, observation_id)
    assert before[first.uuid] == 0 and before[second.uuid] == 1
    second.position = 5
    emulator.clear_requests()
    moved = on_v2.observation_photos.save_v2(second, observation=created.uuid)
    [put] = emulator.requests
    assert (put.method, put.path) == ("PUT", f"/v2/observation_photos/{second.uuid}")
    assert moved.uuid == second.uuid and moved.position == 5
    assert _positions(me, observation_id)[second.uuid] == 5  # v1 sees the v2 write
    on_v2.observation_photos.delete_v2(first)
    assert set(_positions(me, observation_id)) == {second.uuid}
    v2_read = on_v2.observations.get(created.uuid, fields="all")
    assert [op.uuid for op in v2_read.observation_photos or ()] == [second.uuid]
    with pytest.raises(NotFoundError):
        on_v2.observation_photos.delete_v2(first.uuid)


def test_seeded_photo_of_anothers_observation_is_refused(
    emulator: Emulator, me: iNatClient
) -> None:
    import requests

    owner = emulator.store.user_ids()[0]
    store = emulator.store
    for core in store.observations_snapshot():
        photos = store.render_observation(core).get("observation_photos") or []
        if core.user_id != owner and photos:
            break
    else:
        pytest.skip("no seeded photo of another user")
    url = f"{emulator.api_url}/v2/observation_photos/{photos[0]['uuid']}"
    answer = requests.delete(url, timeout=30)
    assert answer.status_code == 401
    answer = requests.delete(url, headers={"Authorization": emulator.issue_jwt(owner)}, timeout=30)
    assert answer.status_code == 403
    assert set(answer.json()) == {"status", "errors"}
