"""Determinism of the seed, reset, and the store's thread-safe additions."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable

import requests

from inatsdk.testing import Emulator, Fault
from inatsdk.testing import seed as seed_module
from inatsdk.testing import store as store_module
from tests.emulator.helpers import get, get_json


def _fingerprint(emu: Emulator) -> str:
    digest = hashlib.sha256()
    for path in ("/v1/observations?per_page=200&page=3", "/v1/taxa?per_page=50", "/v1/taxa/3"):
        body = requests.get(emu.api_url + path, timeout=30).content
        # media URLs name the emulator's own origin, which differs between emulators
        digest.update(body.replace(emu.api_url.encode(), b"ORIGIN"))
    digest.update(repr(emu.store.observation_ids()).encode())
    return digest.hexdigest()


def test_same_seed_same_data_different_seed_different_data(
    emulator_factory: Callable[..., Emulator],
) -> None:
    first = _fingerprint(emulator_factory(observations=700, seed=11))
    # regenerate from scratch, not from the caches emulators of one seed share
    seed_module.generate_world.cache_clear()
    store_module._renderer.cache_clear()
    store_module._indexes.cache_clear()
    again = _fingerprint(emulator_factory(observations=700, seed=11))
    other = _fingerprint(emulator_factory(observations=700, seed=12))
    assert first == again
    assert first != other


def test_reset_restores_the_seeded_state(emulator: Emulator) -> None:
    before = get_json(emulator, "/v1/observations", per_page=5)
    emulator.store.add_observations(10)
    token = emulator.issue_jwt(emulator.store.user_ids()[0])
    requests.post(
        emulator.api_url + "/v1/observations",
        json={"observation": {"species_guess": "x"}},
        headers={"Authorization": token},
        timeout=10,
    )
    emulator.inject(Fault(kind="status", status=500, times=None))
    assert emulator.store.observation_count() == 2011
    emulator.reset()
    assert emulator.requests == []
    assert emulator.faults == []
    assert emulator.store.observation_count() == 2000
    assert get_json(emulator, "/v1/observations", per_page=5) == before
    # additions after a reset are the same records again
    first = emulator.store.add_observations(3)
    emulator.reset()
    assert emulator.store.add_observations(3) == first


def test_added_records_are_newer(emulator: Emulator) -> None:
    old_newest = get_json(emulator, "/v1/observations", per_page=1)["results"][0]
    added = emulator.store.add_observations(4, user_id=emulator.store.user_ids()[0])
    newest = get_json(emulator, "/v1/observations", per_page=4)["results"]
    assert [r["id"] for r in newest] == sorted(added, reverse=True)
    newest_before = dt.datetime.fromisoformat(old_newest["created_at"])
    assert all(dt.datetime.fromisoformat(r["created_at"]) > newest_before for r in newest)
    assert all(r["user"]["id"] == emulator.store.user_ids()[0] for r in newest)
    record = emulator.store.get_observation(added[0])
    assert record is not None
    assert record["id"] == added[0]
    assert emulator.store.get_observation(1) is None


def test_add_observations_is_thread_safe_while_serving(emulator: Emulator) -> None:
    errors: list[BaseException] = []
    results: list[list[int]] = []
    lock = threading.Lock()

    def add() -> None:
        try:
            for _ in range(10):
                ids = emulator.store.add_observations(5)
                with lock:
                    results.append(ids)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(5):
        assert get(emulator, "/v1/observations", per_page=50).status_code == 200
    for t in threads:
        t.join()
    assert errors == []
    added = [i for batch in results for i in batch]
    assert len(added) == len(set(added)) == 200
    ids = emulator.store.observation_ids()
    assert ids == sorted(ids)
    assert len(ids) == 2200


def test_seeding_20000_observations_is_fast() -> None:
    seed_module.generate_world.cache_clear()
    started = time.perf_counter()
    world = seed_module.generate_world(424242, 20_000)
    elapsed = time.perf_counter() - started
    assert len(world.observations) == 20_000
    assert elapsed < 1.5, elapsed


def test_seeded_world_is_realistic(emulator: Emulator) -> None:
    store = emulator.store
    assert 300 <= store.taxa_count() <= 1000
    assert len(store.user_ids()) >= 50
    assert {1, 14, 6712, 97394} <= set(store.place_ids())
    logins = store.user_logins()
    assert len(set(logins.values())) == len(logins)
    assert store.user_id(next(iter(logins.values()))) == next(iter(logins))
    grades = {
        g: get_json(emulator, "/v1/observations", quality_grade=g, per_page=0)["total_results"]
        for g in ("research", "needs_id", "casual")
    }
    assert sum(grades.values()) == 2000
    assert grades["research"] > grades["needs_id"] > grades["casual"] > 0


def test_serve_forever_serves_until_stopped() -> None:
    from inatsdk.testing import serve_forever

    started: list[Emulator] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_forever,
        kwargs={"port": 0, "observations": 30, "ready": started.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    emu = started[0]
    assert get_json(emu, "/v1/observations", per_page=0)["total_results"] == 30
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert not emu.running


def test_the_store_is_a_registry_of_resource_states_with_one_reset(emulator: Emulator) -> None:
    import doctest

    from inatsdk.testing import states as states_module
    from inatsdk.testing.media import png_bytes
    from inatsdk.testing.observations.state import ObservationWrites

    assert doctest.testmod(states_module).failed == 0
    store = emulator.store
    token = emulator.issue_jwt(store.user_ids()[0])
    assert store.states.peek(ObservationWrites) is None
    uploaded = requests.post(
        emulator.api_url + "/v1/photos",
        files={"file": ("a.png", png_bytes(), "image/png")},
        headers={"Authorization": token},
        timeout=10,
    )
    assert uploaded.status_code == 200, uploaded.text
    writes = store.states.peek(ObservationWrites)
    assert writes is not None and len(writes.files) == 1
    emulator.reset()
    assert store.states.kinds() == []
