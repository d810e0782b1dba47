"""The issue's v2 scenario against the emulator: an observation with two photos, addressed by
UUID, read back through v1 and v2, updated (only the changed field sent), identified, voted on
and deleted; once sent for real, and once in dry-run (every request built and logged, nothing
sent)."""

from __future__ import annotations

import json
import logging
import re

import pytest

from inatsdk import Credentials, iNatClient
from inatsdk.models import Identification, Observation
from inatsdk.testing import Emulator
from inatsdk.testing.media import jpeg_bytes, png_bytes
from tests.e2e.conftest import make_client

_DRY = re.compile(r"DRY RUN: (\w+) (\S+) params=(.*?) body=(.*)")


def test_created_with_two_photos_and_read_back_by_uuid_through_v1_and_v2(
    emulator: Emulator, me: iNatClient
) -> None:
    created = me.observations.create(
        Observation(species_guess="Raven", description="two photos"),
        photos=[jpeg_bytes(), png_bytes()],
    )
    assert created.uuid is not None and created.id is not None
    emulator.clear_requests()
    on_v2 = me.with_options(api_version="v2")
    by_uuid = on_v2.observations.get(created.uuid)
    by_id_v1 = me.observations.get(created.id)
    assert [r.path for r in emulator.requests] == [
        f"/v2/observations/{created.uuid}",
        f"/v1/observations/{created.id}",
    ]
    for found in (by_uuid, by_id_v1):
        assert (found.id, found.uuid, found.description) == (created.id, created.uuid, "two photos")
        assert len(found.observation_photos or []) == 2
    # a v1 client given a UUID goes to v2 too; a misspelt field is refused before sending
    emulator.clear_requests()
    assert me.observations.get(created.uuid.upper(), fields=["description"]).description == (
        "two photos"
    )
    assert emulator.requests[0].path == f"/v2/observations/{created.uuid}"


def test_the_whole_v2_scenario_in_dry_run_sends_nothing(
    emulator: Emulator, owner: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inatsdk")
    token = emulator.issue_jwt(owner)
    emulator.clear_requests()
    with make_client(
        emulator, credentials=Credentials(api_token=token), api_version="v2", dry_run=True
    ) as dry:
        draft = Observation(species_guess="Raven", description="first")
        created = dry.observations.create(draft, photos=[jpeg_bytes(), png_bytes()])
        uuid = created.uuid
        assert uuid is not None and uuid == draft.uuid
        assert len(created.observation_photos or []) == 2
        assert dry.observations.get(uuid).uuid == uuid  # the v2 read, rehearsed
        created.description = "second"
        saved = dry.observations.save(created)
        assert saved.description == "second"
        ident = dry.identifications.create_v2(Identification(taxon_id=3), observation=created)
        assert ident.taxon_id == 3
        dry.observations.set_quality_metric_v2(created, "wild", agree=True)
        dry.identifications.delete_v2("3595235e-96b1-450f-92ec-49162721cc6f")
        dry.observations.delete(created)
    assert emulator.requests == []  # nothing reached the server
    sent = [
        match.groups()
        for record in caplog.records
        if (match := _DRY.match(record.getMessage())) is not None
    ]
    paths = [(method, url.split("/v2", 1)[1].split("?")[0]) for method, url, _, _ in sent]
    assert paths == [
        ("POST", "/observations"),
        ("POST", "/observation_photos"),
        ("POST", "/observation_photos"),
        ("GET", f"/observations/{uuid}"),
        ("PUT", f"/observations/{uuid}"),
        ("POST", "/identifications"),
        ("POST", f"/observations/{uuid}/quality/wild"),
        ("DELETE", "/identifications/3595235e-96b1-450f-92ec-49162721cc6f"),
        ("DELETE", f"/observations/{uuid}"),
    ]
    assert json.loads(sent[6][2]) == {"agree": "true"}
    update = json.loads(sent[4][3])
    assert update["observation"] == {"description": "second"}  # only the changed field
    assert update["ignore_photos"] is True
    identification = json.loads(sent[5][3])
    assert identification["identification"] == {"taxon_id": 3, "observation_id": uuid}
    assert token not in caplog.text


def test_the_whole_v2_scenario_live(emulator: Emulator, me: iNatClient) -> None:
    """The same steps sent for real: the emulator's v2 writes land in the one world that both
    versions read."""
    on_v2 = me.with_options(api_version="v2")
    created = on_v2.observations.create(
        Observation(species_guess="Raven", description="first"),
        photos=[jpeg_bytes(), png_bytes()],
    )
    uuid = created.uuid
    assert uuid is not None
    emulator.clear_requests()
    by_v2 = on_v2.observations.get(uuid)
    assert by_v2.id is not None
    by_v1 = me.observations.get(by_v2.id)
    for found in (by_v2, by_v1):
        assert (found.uuid, found.description) == (uuid, "first")
        assert len(found.observation_photos or []) == 2
    assert [r.path for r in emulator.requests] == [
        f"/v2/observations/{uuid}",
        f"/v1/observations/{by_v2.id}",
    ]

    emulator.clear_requests()
    by_v2.description = "second"
    on_v2.observations.save(by_v2)
    [update] = emulator.requests
    assert (update.method, update.path) == ("PUT", f"/v2/observations/{uuid}")
    assert json.loads(update.body)["observation"] == {"description": "second"}
    assert me.with_options(use_cache=False).observations.get(by_v2.id).description == "second"

    ident = on_v2.identifications.create_v2(Identification(taxon_id=3), observation=by_v2)
    assert ident.uuid is not None
    on_v2.observations.set_quality_metric_v2(by_v2, "wild", agree=True)
    fresh = me.with_options(use_cache=False).observations.get(by_v2.id)
    assert ident.uuid in {i.uuid for i in fresh.identifications or []}
    assert any(q.metric == "wild" for q in fresh.quality_metrics or [])

    on_v2.identifications.delete_v2(ident)
    on_v2.observations.delete(by_v2)
    statuses = [r.status for r in emulator.requests if r.method == "DELETE"]
    assert statuses and all(s in (200, 204) for s in statuses)
    from inatsdk.errors import NotFoundError

    with pytest.raises(NotFoundError):
        me.with_options(use_cache=False).observations.get(by_v2.id)
