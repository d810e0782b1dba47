"""Uploads end to end: photos and sounds from paths, bytes and file objects; per-file results
where one bad file does not lose the others; never sent twice; dry-run."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from inatsdk import APIError, Credentials, InvalidParameterError, TransportError, iNatClient
from inatsdk.models import Observation, ObservationPhoto, ObservationSound, Photo, Sound
from inatsdk.testing import Emulator, Fault
from inatsdk.testing.media import jpeg_bytes, png_bytes, wav_bytes
from inatsdk.uploads import (
    PartialUploadError,
    UploadError,
    UploadFile,
    UploadResults,
)
from tests.e2e.conftest import make_client


@pytest.fixture
def owner(emulator: Emulator) -> int:
    return emulator.store.user_ids()[0]


@pytest.fixture
def me(emulator: Emulator, owner: int) -> Iterator[iNatClient]:
    with make_client(emulator, credentials=Credentials(api_token=emulator.issue_jwt(owner))) as c:
        yield c


@pytest.fixture
def observation(me: iNatClient) -> Observation:
    return me.observations.create(Observation(species_guess="Wren", description="uploads"))


def _posts(emulator: Emulator, path: str) -> list[int]:
    return [r.status for r in emulator.requests if r.method == "POST" and r.path == path]


# --- files, loaded and checked before sending --------------------------------------------------


def test_every_kind_of_source(
    emulator: Emulator, me: iNatClient, observation: Observation, tmp_path: Path
) -> None:
    on_disk = tmp_path / "wing.jpg"
    on_disk.write_bytes(jpeg_bytes(8, 8, 1))
    opened = tmp_path / "tail.png"
    third = png_bytes(3, 3, (9, 9, 9))
    opened.write_bytes(png_bytes(2, 2, (1, 1, 1)))
    with opened.open("rb") as handle:
        results = me.observation_photos.upload(
            observation,
            [
                on_disk,  # a Path
                str(on_disk),  # a str path
                png_bytes(3, 3, (9, 9, 9)),  # bytes
                bytearray(jpeg_bytes(8, 8, 2)),  # a bytearray
                io.BytesIO(png_bytes(4, 4, (4, 4, 4))),  # a file object
                handle,  # an open file
                UploadFile(
                    data=jpeg_bytes(8, 8, 3), filename="named.jpg", content_type="image/jpeg"
                ),
            ],
        )
    assert results.ok, results.failed
    assert len(results) == 7 and all(isinstance(r, ObservationPhoto) for r in results.records)
    names = [f.filename for f in emulator.store.observation_writes().files.values()]
    assert names == [
        "wing.jpg",
        "wing.jpg",
        "photo3.png",
        "photo4.jpg",
        "photo5.png",
        "tail.png",
        "named.jpg",
    ]
    assert [r.source for r in results][:3] == [
        str(on_disk),
        str(on_disk),
        f"<bytes #2: {len(third)}>",
    ]
    assert all(r.sent and not r.dry_run for r in results)
    assert observation.id is not None
    assert len(me.observations.get(observation.id).photos or []) == 7


def test_one_bad_file_does_not_lose_the_rest(
    emulator: Emulator, me: iNatClient, observation: Observation, tmp_path: Path
) -> None:
    good = [png_bytes(1, 1, (c, c, c)) for c in (10, 20, 30)]
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a photo")
    with text_file.open("r") as text_mode:
        results = me.observation_photos.upload(
            observation,
            [
                good[0],
                tmp_path / "missing.jpg",  # no such file
                tmp_path,  # a directory
                text_file,  # not an image
                text_mode,  # type: ignore[list-item]  # opened in text mode (mypy sees it)
                b"",  # empty
                wav_bytes(),  # a sound, not a photo
                png_bytes()[:-9],  # cut short: the server refuses it
                good[1],
                good[2],
            ],
        )
    assert not results.ok
    assert [r.index for r in results.succeeded] == [0, 8, 9]
    reasons = {r.index: str(r.error) for r in results.failed}
    assert "no such file" in reasons[1]
    assert "directory" in reasons[2]
    assert "text/plain" in reasons[3] and "not an image" in reasons[3]
    assert "text mode" in reasons[4]
    assert "empty" in reasons[5]
    assert "audio/x-wav" in reasons[6]
    refused = results[7]
    assert isinstance(refused.error, APIError) and refused.error.status == 422
    assert refused.sent is True
    assert all(
        isinstance(results[i].error, UploadError) and not results[i].sent for i in range(1, 7)
    )
    # only the good files and the one the server refused were sent
    assert _posts(emulator, "/v1/observation_photos") == [200, 422, 200, 200]
    stored = [f.data for f in emulator.store.observation_writes().files.values()]
    assert stored == good
    assert repr(results) == "<UploadResults 3 ok, 7 failed>"
    with pytest.raises(PartialUploadError, match="7 of 10 files failed"):
        results.raise_for_failures()


def test_size_guard(me: iNatClient, observation: Observation) -> None:
    big = png_bytes(64, 64)
    results = me.observation_photos.upload(observation, [big], max_bytes=100)
    assert not results.ok and "more than the 100 allowed" in str(results[0].error)
    assert me.observation_photos.upload(observation, [big], max_bytes=None).ok


def test_create_with_media_checks_every_file_first(
    emulator: Emulator, me: iNatClient, tmp_path: Path
) -> None:
    emulator.clear_requests()
    with pytest.raises(UploadError, match="no such file"):
        me.observations.create(
            Observation(species_guess="Wren"), photos=[png_bytes(), tmp_path / "gone.jpg"]
        )
    assert emulator.requests == []  # nothing created


def test_create_with_a_file_the_server_refuses(emulator: Emulator, me: iNatClient) -> None:
    with pytest.raises(PartialUploadError) as info:
        me.observations.create(
            Observation(species_guess="Wren"),
            photos=[png_bytes(), jpeg_bytes()[:-2]],
            sounds=[wav_bytes()],
        )
    error = info.value
    created = error.observation
    assert isinstance(created, Observation) and created.id is not None
    assert len(created.photos or []) == 1 and len(created.sounds or []) == 1
    assert [r.ok for r in error.results] == [True, False, True]
    assert isinstance(error.results[1].error, APIError)


def test_one_photo_at_a_time(me: iNatClient, observation: Observation) -> None:
    first = me.observation_photos.create(observation, png_bytes(1, 1, (5, 5, 5)))
    second = me.observation_photos.create(observation, jpeg_bytes(), position=0)
    assert (first.position, second.position) == (0, 0)
    with pytest.raises(UploadError):
        me.observation_photos.create(observation, b"nope")
    with pytest.raises(APIError):
        me.observation_photos.create(observation, png_bytes()[:-9])

    first.position = 5
    moved = me.observation_photos.save(first)
    assert moved.position == 5
    assert observation.id is not None
    order = [op.id for op in me.observations.get(observation.id).observation_photos or []]
    assert order == [second.id, first.id]
    me.observation_photos.delete(second)
    assert [p.id for p in me.observations.get(observation.id).observation_photos or []] == [
        first.id
    ]


def test_the_observation_is_named_by_id_or_uuid(
    emulator: Emulator, me: iNatClient, observation: Observation
) -> None:
    assert observation.uuid is not None and observation.id is not None
    by_uuid = me.observation_photos.create(observation.uuid.upper(), png_bytes())
    by_digits = me.observation_sounds.create(str(observation.id), wav_bytes())
    assert by_uuid.id is not None and by_digits.id is not None
    again = me.observations.get(observation.id)
    assert [op.id for op in again.observation_photos or []] == [by_uuid.id]
    assert [os_.id for os_ in again.observation_sounds or []] == [by_digits.id]
    emulator.clear_requests()
    for bad in (0, -5, "0", "-5", "abc", "../1", "1/../2", True, 1.5, None):
        with pytest.raises(InvalidParameterError, match="observation"):
            me.observation_photos.upload(bad, [png_bytes()])  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="observation"):
            me.observation_sounds.create(bad, wav_bytes())  # type: ignore[arg-type]
    assert emulator.requests == []  # refused before anything was sent


# --- never sent twice ----------------------------------------------------------------------------


def test_a_dropped_upload_is_not_sent_again(
    emulator: Emulator, me: iNatClient, observation: Observation
) -> None:
    emulator.clear_requests()
    emulator.inject(Fault(kind="drop", method="POST", path="/v1/observation_photos", times=1))
    results = me.observation_photos.upload(observation, [png_bytes(), jpeg_bytes()])
    assert [r.ok for r in results] == [False, True]
    assert isinstance(results[0].error, TransportError) and results[0].sent is True
    assert _posts(emulator, "/v1/observation_photos") == [0, 200]  # one attempt each


def test_a_throttled_upload_is_sent_again(
    emulator: Emulator, me: iNatClient, observation: Observation
) -> None:
    emulator.clear_requests()
    emulator.inject(Fault(kind="status", status=429, path="/v1/observation_photos", times=1))
    results = me.observation_photos.upload(observation, [png_bytes()])
    assert results.ok  # a 429 comes before the server handles the request: safe to repeat
    assert _posts(emulator, "/v1/observation_photos") == [429, 200]
    assert len(emulator.store.observation_writes().files) == 1


# --- sounds and standalone media ---------------------------------------------------------------


def test_sounds_and_standalone_media(
    emulator: Emulator, me: iNatClient, observation: Observation
) -> None:
    sounds = me.observation_sounds.upload(observation, [wav_bytes(0.1), png_bytes()])
    assert [r.ok for r in sounds] == [True, False]
    record = sounds.records[0]
    assert isinstance(record, ObservationSound) and record.sound is not None
    assert record.sound.file_content_type == "audio/x-wav"
    assert observation.id is not None
    assert [s.id for s in me.observations.get(observation.id).sounds or []] == [record.sound.id]
    me.observation_sounds.delete(record)
    assert me.observations.get(observation.id).sounds == []

    photo = me.photos.create(jpeg_bytes())
    assert isinstance(photo, Photo) and photo.id is not None and photo.type == "LocalPhoto"
    loose = me.sounds.upload([wav_bytes(), wav_bytes(0.2)])
    assert loose.ok and all(isinstance(s, Sound) for s in loose.records)
    both = me.observations.upload(observation, photos=png_bytes(), sounds=[wav_bytes()])
    assert isinstance(both, UploadResults)
    assert [(r.kind, r.index, r.ok) for r in both] == [("photo", 0, True), ("sound", 0, True)]


def test_dry_run_uploads(emulator: Emulator, owner: int, observation: Observation) -> None:
    token = emulator.issue_jwt(owner)
    emulator.clear_requests()
    with make_client(emulator, credentials=Credentials(api_token=token), dry_run="writes") as dry:
        results = dry.observation_photos.upload(observation, [png_bytes(), "missing.png"])
        sounds = dry.observation_sounds.upload(observation, wav_bytes())
        photo = dry.photos.create(jpeg_bytes())
    assert emulator.requests == []
    assert [r.ok for r in results] == [True, False]
    assert results[0].dry_run and not results[0].sent
    rehearsed = results.records[0]
    assert rehearsed.observation_id == observation.id and rehearsed.photo is not None
    assert rehearsed.photo.original_filename == "photo1.png"
    assert sounds.records[0].sound is not None
    assert sounds.records[0].sound.file_content_type == "audio/x-wav"
    assert photo.original_filename == "photo1.jpg"


# --- the file loader ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "expected"),
    [
        (jpeg_bytes(), None, "photo", "image/jpeg"),
        (png_bytes(), None, "photo", "image/png"),
        (b"GIF89a" + b"\x00" * 10, None, "photo", "image/gif"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 8, None, "photo", "image/heic"),
        (wav_bytes(), None, "sound", "audio/x-wav"),
        (b"ID3\x03" + b"\x00" * 20, None, "sound", "audio/mpeg"),
        (b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 8, None, "sound", "audio/mp4"),
        (b"OggS" + b"\x00" * 20, None, "sound", "audio/ogg"),
        (b"unknown bytes", "call.flac", "sound", "audio/flac"),
        (b"unknown bytes", "shot.heic", "photo", "image/heic"),
    ],
)
def test_content_types(data: bytes, name: str | None, kind: str, expected: str) -> None:
    loaded = UploadFile.load(data, kind, filename=name)  # type: ignore[arg-type]
    assert loaded.content_type == expected
    assert os.path.splitext(loaded.filename)[1]
    assert loaded.size == len(data)


class _BrokenDisk(io.RawIOBase):
    name = "/mnt/card/IMG_0001.JPG"

    def read(self, size: int = -1, /) -> bytes:
        raise OSError(5, "Input/output error")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(UploadError, match=r"IMG_0001\.JPG'> cannot be read: Input/output error"):
        UploadFile.load(_BrokenDisk())
    if sys.platform == "win32" or os.geteuid() == 0:
        return  # permissions do not stop root
    locked = tmp_path / "locked.jpg"
    locked.write_bytes(jpeg_bytes())
    locked.chmod(0)
    with pytest.raises(UploadError, match="cannot be read"):
        UploadFile.load(locked)


def test_given_content_type_for_unknown_bytes() -> None:
    with pytest.raises(UploadError, match="cannot tell"):
        UploadFile.load(b"raw sensor data")
    loaded = UploadFile.load(b"raw sensor data", content_type="image/jpeg", filename="x")
    assert (loaded.content_type, loaded.filename) == ("image/jpeg", "x.jpg")
    assert "raw sensor data" not in repr(loaded)
