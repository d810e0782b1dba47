"""inatsdk.sync end to end: a first sync of 3,000 observations, changes made on the emulator
through a signed-in client (50 created, 20 edited, 10 deleted), a second sync that asks only
for what changed, a sync interrupted halfway that resumes without fetching a page twice, and
the id scan that finds deletions when the deleted-ids route cannot."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from inatsdk import Credentials, InvalidParameterError, ServerError, iNatClient
from inatsdk.models import Coordinates, Observation
from inatsdk.sync import SyncProgress, SyncReport, open_observations, sync_observations
from inatsdk.testing import Emulator, Fault
from tests.e2e.conftest import make_client

SEEDED = 2990


@pytest.fixture
def owner(emulator: Emulator) -> int:
    """The seeded user with the most observations (found through the API)."""
    with make_client(emulator) as anon:
        top = anon.observations.observers().first()
    assert top is not None and top.user is not None and top.user.id is not None
    return top.user.id


@pytest.fixture
def me(emulator: Emulator, owner: int) -> Iterator[iNatClient]:
    token = emulator.issue_jwt(owner)
    with make_client(emulator, credentials=Credentials(api_token=token)) as c:
        yield c


def _create(client: iNatClient, n: int, label: str) -> list[Observation]:
    return [
        client.observations.create(
            Observation(
                species_guess=f"{label} {i}",
                location=Coordinates(latitude=37.5, longitude=-122.1),
            )
        )
        for i in range(n)
    ]


def _server_view(client: iNatClient) -> dict[int, object]:
    return {o.id: o.to_json() for o in client.observations.search() if o.id is not None}


def _mirror_view(db: Path) -> dict[int, object]:
    return {o.id: o.to_json() for o in open_observations(db) if o.id is not None}


def _search_requests(emulator: Emulator) -> list[dict[str, str]]:
    return [dict(r.query) for r in emulator.requests if r.path == "/v1/observations"]


@pytest.mark.emulator(observations=SEEDED)
def test_first_sync_then_only_what_changed(
    emulator: Emulator, me: iNatClient, owner: int, tmp_path: Path
) -> None:
    doomed = _create(me, 10, "doomed")  # 3,000 on the server
    db = tmp_path / "mirror.db"
    emulator.clear_requests()

    first = sync_observations(me, db)
    first_requests = len(emulator.requests)
    assert (first.added, first.updated, first.deleted) == (3000, 0, 0)
    assert first.mode == "full" and not first.resumed and first.total == 3000
    assert first.requests == first_requests == 16  # 15 full pages of 200, one empty
    assert _mirror_view(db) == _server_view(me)

    _create(me, 50, "new")
    seeded = me.observations.search(user_id=owner).order_by("id", desc=False).limit(20).all()
    assert len(seeded) == 20 and all(o.id is not None and o.id < doomed[0].id for o in seeded)  # type: ignore[operator]
    for obs in seeded:
        obs.description = f"edited {obs.id}"
        me.observations.save(obs)
    for obs in doomed:
        me.observations.delete(obs)
    emulator.clear_requests()

    second = sync_observations(me, db)
    second_requests = len(emulator.requests)
    assert (second.added, second.updated, second.deleted) == (50, 20, 10)
    assert second.mode == "incremental" and second.total == 3040
    assert second.requests == second_requests
    assert second_requests <= 4 < first_requests  # changed records, deleted ids, one count
    paths = [r.path for r in emulator.requests]
    assert paths.count("/v1/observations/deleted") == 1
    assert all("updated_since" in q or q.get("per_page") == "0" for q in _search_requests(emulator))
    assert _mirror_view(db) == _server_view(me)
    edited = open_observations(db).get(seeded[0].id or 0)
    assert edited is not None and edited.description == f"edited {seeded[0].id}"

    with sqlite3.connect(db) as con:
        photos = con.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
        taxa = con.execute("SELECT COUNT(*) FROM taxa").fetchone()[0]
        users = con.execute("SELECT COUNT(*) FROM users").fetchone()[0]
        runs = con.execute("SELECT mode, requests FROM sync_runs ORDER BY id").fetchall()
    assert photos > 0 and taxa > 0 and users > 0
    assert runs == [("full", first_requests), ("incremental", second_requests)]


@pytest.mark.emulator(observations=1200)
def test_an_interrupted_sync_resumes_without_repeating_pages(
    emulator: Emulator, tmp_path: Path
) -> None:
    db = tmp_path / "mirror.db"
    seen: list[SyncProgress] = []

    def fail_after_three_pages(progress: SyncProgress) -> None:
        seen.append(progress)
        if progress.pages == 3:  # the next request fails, and is not retried
            emulator.inject(Fault(kind="status", status=503, path="/v1/observations"))

    with make_client(emulator, retries=0) as client, pytest.raises(ServerError):
        sync_observations(client, db, on_page=fail_after_three_pages)
    checkpoint = seen[-1].cursor
    assert len(seen) == 3 and len(open_observations(db)) == 600
    emulator.clear_requests()

    with make_client(emulator) as client:
        report = sync_observations(client, db)
        pages = [q for q in _search_requests(emulator) if q.get("per_page") != "0"]
        server = _server_view(client)
    assert report.resumed and report.mode == "full"
    assert report.added == 600 and report.total == 1200
    assert len(pages) == 4  # 600 left: three pages of 200, then an empty one
    # Pages start after the checkpoint: no finished page is fetched again.
    assert pages[0]["id_above"] == str(checkpoint)
    assert all(int(q["id_above"]) >= checkpoint for q in pages)
    assert _mirror_view(db) == server


@pytest.mark.emulator(observations=600)
def test_without_the_deleted_route_an_id_scan_finds_deletions(
    emulator: Emulator, me: iNatClient, tmp_path: Path
) -> None:
    created = _create(me, 5, "short-lived")
    db = tmp_path / "mirror.db"
    with make_client(emulator) as anon:  # signed out: the deleted-ids route is not for it
        assert sync_observations(anon, db).added == 605
        for obs in created[:3]:
            me.observations.delete(obs)
        emulator.clear_requests()
        report = sync_observations(anon, db)
        assert report.deleted == 3 and report.complete
        scans = [q for q in _search_requests(emulator) if q.get("only_id") == "true"]
        assert len(scans) == 4  # 602 ids, 200 a request
        assert report.requests == len(emulator.requests)
        assert _mirror_view(db) == _server_view(anon)

        # a bound on the scan: the check is skipped, and the report says so
        me.observations.delete(created[3])
        skipped = sync_observations(anon, db, max_scan=100)
        assert not skipped.complete and skipped.deleted == 0


@pytest.mark.emulator(observations=300)
def test_filters_are_kept_and_checked(emulator: Emulator, tmp_path: Path) -> None:
    db = tmp_path / "research.db"
    with make_client(emulator) as client:
        report = sync_observations(client, db, quality_grade="research")
        assert report.total == client.observations.search(quality_grade="research").count()
        assert {o.quality_grade for o in open_observations(db)} == {"research"}
        assert open_observations(db).query == {"quality_grade": "research"}
        v2 = client.with_options(api_version="v2")  # the mirror keeps v1's record shape
        assert sync_observations(v2, tmp_path / "v2.db", quality_grade="research").total == (
            report.total
        )
        assert _mirror_view(tmp_path / "v2.db") == _mirror_view(db)
        emulator.clear_requests()
        with pytest.raises(InvalidParameterError, match="another search"):
            sync_observations(client, db, quality_grade="needs_id")
        with pytest.raises(InvalidParameterError, match="updated_since"):
            sync_observations(client, tmp_path / "x.db", updated_since="2020-01-01")
        with pytest.raises(InvalidParameterError):
            sync_observations(client, tmp_path / "y.db", taxon_idd=3)  # type: ignore[call-arg]
        assert emulator.requests == []
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"not a database" * 100)
        with pytest.raises(InvalidParameterError, match="cannot hold a mirror"):
            sync_observations(client, junk)
        assert emulator.requests == []
    with pytest.raises(InvalidParameterError, match="does not exist"):
        open_observations(tmp_path / "missing.db")
    with pytest.raises(InvalidParameterError, match="not an observation mirror"):
        open_observations(junk)


def test_dry_run_sends_nothing_and_writes_nothing(emulator: Emulator, tmp_path: Path) -> None:
    db = tmp_path / "dry.db"
    with make_client(emulator, dry_run=True) as client:
        assert sync_observations(client, db) == SyncReport(requests=0)
    assert emulator.requests == [] and not db.exists()


@pytest.mark.emulator(observations=SEEDED)
def test_a_few_deletions_are_found_by_halving_counts(
    emulator: Emulator, me: iNatClient, tmp_path: Path
) -> None:
    created = _create(me, 10, "short-lived")
    db = tmp_path / "mirror.db"
    with make_client(emulator) as anon:  # signed out: the count check, then the id scan
        assert sync_observations(anon, db).added == 3000
        me.observations.delete(created[4])
        emulator.clear_requests()
        report = sync_observations(anon, db)
        assert report.deleted == 1 and report.requests == len(emulator.requests)
        counts = [q for q in _search_requests(emulator) if q.get("per_page") == "0"]
        listed = [q for q in _search_requests(emulator) if q.get("only_id") == "true"]
        assert len(counts) >= 2 and len(listed) <= 4  # counted halves, listed one quarter
        assert report.requests < 16  # listing every id would take 16 requests
        assert _mirror_view(db) == _server_view(anon)
