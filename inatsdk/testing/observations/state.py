"""What clients write to observations, kept beside the seeded world.

The emulator's records are drawn from a seed and never change; what clients write to them
(``PUT /observations/{id}``, photos, sounds, field values, faves, votes, reviews, quality
votes, subscriptions, viewed updates) is kept here, per :class:`~inatsdk.testing.store.Store`,
and laid over a record each time it is rendered (:meth:`ObservationWrites.apply`). A
:meth:`~inatsdk.testing.store.Store.reset` forgets all of it.

Uploaded files are kept whole (:class:`StoredFile`: the bytes, their size, SHA-256, content
type and, for photos, pixel size), so a test can check that what arrived is what was sent:
``emulator.store.observation_writes().files[photo_id]``.

The emulator's own rules for uploads (see :func:`check_photo` and :func:`check_sound`): a
photo must be a readable JPEG, PNG, GIF or WebP image (a PNG's chunks must all pass their
CRC, a JPEG must hold a frame header and end with its end-of-image marker), a sound a WAV,
MP3, MP4/M4A, Ogg, FLAC or AMR file; each at most :data:`MAX_UPLOAD_BYTES`. Anything else
is refused with HTTP 422, as the real site refuses files it cannot process.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import struct
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from inatsdk.testing.records import JSON, ORIGIN, PHOTO_BASE, iso_time
from inatsdk.testing.rules import ApiError

if TYPE_CHECKING:
    from inatsdk.testing.records import Renderer
    from inatsdk.testing.seed import ObservationCore

__all__ = [
    "MAX_UPLOAD_BYTES",
    "QUALITY_METRICS",
    "ObservationEdit",
    "ObservationWrites",
    "StoredFile",
    "attribution",
    "check_photo",
    "check_sound",
    "seeded_observation_id",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""The largest photo or sound the emulator takes (20 MiB); larger files get HTTP 422."""

QUALITY_METRICS = ("wild", "location", "date", "evidence", "recent", "subject")
"""The data-quality criteria users vote on (the v1 spec lists only the first three)."""

SOUND_BASE = f"{ORIGIN}/sounds"

# Id ranges of records clients add: far above every seeded id of the same kind.
_PHOTO_IDS = 900_000_000
_OBSERVATION_PHOTO_IDS = 950_000_000
_SOUND_IDS = 800_000_000
_OBSERVATION_SOUND_IDS = 850_000_000
_OFV_IDS = 880_000_000
_QUALITY_IDS = 960_000_000
_VOTE_IDS = 970_000_000
_SUBSCRIPTION_IDS = 990_000_000

# Seeded ids (see inatsdk.testing.records): photo 100M + obs*4 + k, observation photo
# 60M + obs*4 + k, field value 80M + obs.
_SEEDED_OBSERVATION_PHOTO_BASE = 60_000_000
_SEEDED_OFV_BASE = 80_000_000

_LICENSE_NAMES = {
    "cc-by": "Creative Commons Attribution License",
    "cc-by-nc": "Creative Commons Attribution-NonCommercial License",
    "cc-by-sa": "Creative Commons Attribution-ShareAlike License",
    "cc-by-nd": "Creative Commons Attribution-NoDerivs License",
    "cc-by-nc-sa": "Creative Commons Attribution-NonCommercial-ShareAlike License",
    "cc-by-nc-nd": "Creative Commons Attribution-NonCommercial-NoDerivs License",
    "cc0": "Creative Commons CC0 Universal Public Domain Dedication",
}
_LICENSE_NUMBERS = {
    None: 0,
    "cc-by-nc-sa": 1,
    "cc-by-nc": 2,
    "cc-by-nc-nd": 3,
    "cc-by": 4,
    "cc-by-sa": 5,
    "cc-by-nd": 6,
    "cc0": 7,
}
_LICENSE_LABELS = {
    "cc-by": "CC BY",
    "cc-by-nc": "CC BY-NC",
    "cc-by-sa": "CC BY-SA",
    "cc-by-nd": "CC BY-ND",
    "cc-by-nc-sa": "CC BY-NC-SA",
    "cc-by-nc-nd": "CC BY-NC-ND",
}


def attribution(author: str, license_code: str | None) -> str:
    """A photo's or sound's attribution line, as the site writes it from its author and license."""
    if license_code is None:
        return f"(c) {author}, all rights reserved"
    if license_code == "cc0":
        return f"no rights reserved, uploaded by {author}"
    label = _LICENSE_LABELS.get(license_code, license_code.upper())
    return f"(c) {author}, some rights reserved ({label})"


# ---------------------------------------------------------------------------------------------
# Uploaded files
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class StoredFile:
    """One uploaded photo or sound, as the emulator received it."""

    id: int
    """The photo's or sound's id."""
    kind: Literal["photo", "sound"]
    data: bytes = attrs.field(repr=False)
    filename: str
    content_type: str
    """As the emulator read it from the bytes (not as the client declared it)."""
    user_id: int
    created: float
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "audio/x-wav": "wav",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/flac": "flac",
    "audio/amr": "amr",
}


def _png(data: bytes) -> tuple[int, int]:
    """The size of a PNG whose chunks all pass their CRC and which ends with ``IEND``."""
    pos = 8
    size: tuple[int, int] | None = None
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            break
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : end])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError(f"the PNG chunk {kind.decode('latin-1')!r} is damaged")
        if kind == b"IHDR" and length >= 8:
            size = struct.unpack(">II", body[:8])
        if kind == b"IEND":
            if size is None:
                raise ValueError("the PNG has no header chunk")
            return size
        pos = end
    raise ValueError("the PNG is cut short")


_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def _jpeg(data: bytes) -> tuple[int, int]:
    """The size of a JPEG with a frame header that ends with its end-of-image marker."""
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise ValueError("the JPEG is cut short (no end-of-image marker)")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        pos += 2 + length
    raise ValueError("the JPEG has no frame header")


def _image_type(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _sound_type(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/x-wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[:6] == b"#!AMR\n":
        return "audio/amr"
    return None


def _check_size(data: bytes, what: str) -> None:
    if not data:
        raise ApiError(422, f"{what} is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(422, f"{what} must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")


def check_photo(data: bytes) -> tuple[str, int | None, int | None]:
    """The content type and pixel size of an uploaded photo; HTTP 422 when it is no readable
    image the emulator knows (see the module docstring)."""
    _check_size(data, "Photo file")
    kind = _image_type(data)
    if kind is None:
        raise ApiError(422, "Photo file content type is invalid (JPEG, PNG, GIF or WebP)")
    try:
        if kind == "image/png":
            width, height = _png(data)
        elif kind == "image/jpeg":
            width, height = _jpeg(data)
        elif kind == "image/gif" and len(data) >= 10:
            width, height = struct.unpack("<HH", data[6:10])
        else:
            return kind, None, None
    except (ValueError, struct.error) as exc:
        raise ApiError(422, f"Photo file could not be processed: {exc}") from None
    return kind, width, height


def check_sound(data: bytes) -> str:
    """The content type of an uploaded sound; HTTP 422 when it is no audio file the emulator
    knows."""
    _check_size(data, "Sound file")
    kind = _sound_type(data)
    if kind is None:
        raise ApiError(422, "Sound file content type is invalid (WAV, MP3, M4A, Ogg, FLAC or AMR)")
    return kind


# ---------------------------------------------------------------------------------------------
# Per-observation edits
# ---------------------------------------------------------------------------------------------


@attrs.define
class ObservationEdit:
    """Everything written to one observation, laid over its rendered record."""

    fields: dict[str, Any] = attrs.Factory(dict[str, Any])
    """JSON values that replace the rendered ones (seeded records' text fields)."""
    photos: list[JSON] = attrs.Factory(list[JSON])
    """Observation photos added (each with its ``photo``), in upload order."""
    removed_photos: set[int] = attrs.Factory(set[int])
    """Ids of seeded observation photos removed."""
    positions: dict[int, int] = attrs.Factory(dict[int, int])
    """Observation photo id -> position set by ``PUT /observation_photos/{id}``."""
    sounds: list[JSON] = attrs.Factory(list[JSON])
    faves: dict[int, JSON] = attrs.Factory(dict[int, JSON])
    """User id -> the fave (a vote without scope) added."""
    unfaved: set[int] = attrs.Factory(set[int])
    """Users whose seeded fave was withdrawn."""
    votes: dict[tuple[int, str], JSON] = attrs.Factory(dict[tuple[int, str], JSON])
    """(user id, scope) -> a scoped vote (``needs_id``)."""
    reviewed: dict[int, bool] = attrs.Factory(dict[int, bool])
    """User id -> reviewed (True) or un-reviewed (False)."""
    quality: dict[tuple[int, str], JSON | None] = attrs.Factory(dict[tuple[int, str], JSON | None])
    """(user id, metric) -> the vote, or ``None`` for one withdrawn."""
    ofvs: dict[int, JSON] = attrs.Factory(dict[int, JSON])
    """Field value id -> the value as the observation shows it (added, or replacing a seeded
    one), in the order added."""
    removed_ofvs: set[int] = attrs.Factory(set[int])
    subscribed: dict[int, bool] = attrs.Factory(dict[int, bool])
    """User id -> subscribed to the observation (True) or not (False), after a toggle."""
    viewed: set[int] = attrs.Factory(set[int])
    """Users who marked the observation's updates viewed."""


def seeded_observation_id(kind: Literal["observation_photo", "ofv"], record_id: int) -> int:
    """The observation a seeded observation photo or field value belongs to (by the seed's id
    scheme; the caller checks that the record exists)."""
    if kind == "observation_photo":
        return (record_id - _SEEDED_OBSERVATION_PHOTO_BASE) // 4
    return record_id - _SEEDED_OFV_BASE


class ObservationWrites:
    """The writes one store has taken since its last reset. Not thread-safe by itself: the
    store calls it under its lock."""

    def __init__(self) -> None:
        self.edits: dict[int, ObservationEdit] = {}
        self.files: dict[int, StoredFile] = {}
        """Uploaded photos and sounds, by photo or sound id."""
        self.standalone: dict[int, JSON] = {}
        """Photos and sounds uploaded on their own (``POST /photos``, ``POST /sounds``)."""
        self.observation_photo_owner: dict[int, int] = {}
        """Observation photo id -> observation id, for those added."""
        self.observation_sound_owner: dict[int, int] = {}
        self.ofv_owner: dict[int, int] = {}
        """Field value id -> observation id, for those added."""
        self.deleted: dict[int, tuple[int, float]] = {}
        """Observation id -> (observer, when), for records deleted by their observer."""
        self._ids: dict[str, Iterator[int]] = {
            "photo": itertools.count(_PHOTO_IDS + 1),
            "observation_photo": itertools.count(_OBSERVATION_PHOTO_IDS + 1),
            "sound": itertools.count(_SOUND_IDS + 1),
            "observation_sound": itertools.count(_OBSERVATION_SOUND_IDS + 1),
            "ofv": itertools.count(_OFV_IDS + 1),
            "quality": itertools.count(_QUALITY_IDS + 1),
            "vote": itertools.count(_VOTE_IDS + 1),
            "subscription": itertools.count(_SUBSCRIPTION_IDS + 1),
        }
        self._uuid_counter = itertools.count(1)
        self._subscription_rows: dict[tuple[int, int], JSON] = {}
        self.ofv_meta: dict[int, JSON] = {}
        """Field value id -> what the write answers carry besides the value (``observation_id``,
        ``observation_field_id``, ``created_at``, ``updated_at``, ``user_id``, ``updater_id``)."""

    def next_id(self, kind: str) -> int:
        return next(self._ids[kind])

    def new_uuid(self, kind: str) -> str:
        """A UUID (version 4 layout) unique within the store, deterministic per reset."""
        digest = hashlib.sha256(f"{kind}:{next(self._uuid_counter)}".encode()).hexdigest()
        return (
            f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-"
            f"{'89ab'[int(digest[16], 16) % 4]}{digest[17:20]}-{digest[20:32]}"
        )

    def edit(self, observation_id: int) -> ObservationEdit:
        found = self.edits.get(observation_id)
        if found is None:
            found = self.edits[observation_id] = ObservationEdit()
        return found

    # --- files -----------------------------------------------------------------------------

    def store_photo(
        self, data: bytes, filename: str, user_id: int, renderer: Renderer, license_code: str
    ) -> JSON:
        """Keep an uploaded photo (checked with :func:`check_photo`); its ``LocalPhoto``
        record, as the upload answers it."""
        kind, width, height = check_photo(data)
        photo_id = self.next_id("photo")
        now = float(int(time.time()))
        self.files[photo_id] = StoredFile(
            id=photo_id,
            kind="photo",
            data=data,
            filename=filename,
            content_type=kind,
            user_id=user_id,
            created=now,
            width=width,
            height=height,
        )
        user = renderer.user(user_id)
        author = user.get("name") or user.get("login") or str(user_id)
        ext = _EXTENSIONS[kind]
        urls = {size: f"{PHOTO_BASE}/{photo_id}/{size}.{ext}" for size in _PHOTO_SIZES}
        record: JSON = {
            "id": photo_id,
            "uuid": self.new_uuid("photo"),
            "user_id": user_id,
            "native_photo_id": str(photo_id),
            "url": urls["square"],
            "square_url": urls["square"],
            "thumb_url": urls["thumb"],
            "small_url": urls["small"],
            "medium_url": urls["medium"],
            "large_url": urls["large"],
            "original_url": urls["original"],
            "created_at": iso_time(now),
            "updated_at": iso_time(now),
            "native_page_url": None,
            "native_username": user.get("login"),
            "native_realname": user.get("name"),
            "license": _LICENSE_NUMBERS.get(license_code, 0),
            "license_code": license_code,
            "license_name": _LICENSE_NAMES.get(license_code),
            "attribution": attribution(str(author), license_code),
            "type": "LocalPhoto",
            "original_dimensions": (
                {"width": width, "height": height} if width is not None else None
            ),
            "flags": [],
        }
        return record

    def store_sound(
        self, data: bytes, filename: str, user_id: int, renderer: Renderer, license_code: str
    ) -> JSON:
        """Keep an uploaded sound (checked with :func:`check_sound`); its ``LocalSound``
        record."""
        kind = check_sound(data)
        sound_id = self.next_id("sound")
        now = float(int(time.time()))
        self.files[sound_id] = StoredFile(
            id=sound_id,
            kind="sound",
            data=data,
            filename=filename,
            content_type=kind,
            user_id=user_id,
            created=now,
        )
        user = renderer.user(user_id)
        author = user.get("name") or user.get("login") or str(user_id)
        return {
            "id": sound_id,
            "uuid": self.new_uuid("sound"),
            "license_code": license_code,
            "attribution": attribution(str(author), license_code),
            "native_sound_id": None,
            "secret_token": None,
            "file_url": f"{SOUND_BASE}/{sound_id}.{_EXTENSIONS[kind]}?{int(now)}",
            "file_content_type": kind,
            "play_local": True,
            "subtype": "LocalSound",
            "flags": [],
        }

    # --- the overlay -----------------------------------------------------------------------

    def apply(self, core: ObservationCore, record: JSON, details: bool, renderer: Renderer) -> JSON:
        """``record`` (a rendered observation) with this observation's edits laid over it; a
        new dict, the given one is not changed."""
        edit = self.edits.get(core.id)
        if edit is None:
            return record
        out = dict(record)
        out.update(copy.deepcopy(edit.fields))

        # photos: the seeded ones left, then those added; positions as set
        kept: list[JSON] = [
            op
            for op in record.get("observation_photos") or ()
            if op["id"] not in edit.removed_photos
        ]
        if core.extra is not None:
            kept = []  # a record a client created: only its real uploads (see Store)
        photos: list[JSON] = [*kept, *edit.photos]
        if edit.positions:
            photos = [
                {**op, "position": edit.positions[op["id"]]} if op["id"] in edit.positions else op
                for op in photos
            ]

        def position(op: dict[str, Any]) -> float:
            value = op.get("position")
            return float(value) if value is not None else 1e9

        photos.sort(key=position)
        out["observation_photos"] = [_observation_photo_json(op) for op in photos]
        out["photos"] = [_photo_in_observation(op["photo"]) for op in photos]

        sounds = [*(record.get("observation_sounds") or ()), *edit.sounds]
        out["observation_sounds"] = [
            {"id": s["id"], "uuid": s["uuid"], "sound": s["sound"]} for s in sounds
        ]
        out["sounds"] = [s["sound"] for s in sounds]

        # faves and votes
        faves = [f for f in record.get("faves") or () if f.get("user_id") not in edit.unfaved] + [
            f for u, f in edit.faves.items() if u not in edit.unfaved
        ]
        out["faves"] = faves
        out["faves_count"] = len(faves)
        out["cached_votes_total"] = len(faves)
        if details:
            out["votes"] = [*faves, *edit.votes.values()]

        # reviews
        reviewed: set[int] = set(record.get("reviewed_by") or ())
        for user_id, flag in edit.reviewed.items():
            if flag:
                reviewed.add(user_id)
            else:
                reviewed.discard(user_id)
        out["reviewed_by"] = sorted(reviewed)

        # quality votes
        if edit.quality:
            out["quality_metrics"] = self.quality_metrics(core, [], renderer)

        # field values
        if edit.ofvs or edit.removed_ofvs:
            ofvs = [
                o
                for o in record.get("ofvs") or ()
                if o["id"] not in edit.removed_ofvs and o["id"] not in edit.ofvs
            ]
            ofvs.extend(edit.ofvs.values())
            out["ofvs"] = ofvs
        return out

    def quality_metrics(
        self, core: ObservationCore, seeded: Iterable[JSON], renderer: Renderer
    ) -> list[JSON]:
        """The quality votes on ``core``: the seeded ones (``seeded``), with those users
        changed or withdrew replaced, then the new ones."""
        edit = self.edits.get(core.id)
        rows = list(seeded)
        if edit is None or not edit.quality:
            return rows
        rows = [r for r in rows if (r.get("user_id"), r.get("metric")) not in edit.quality]
        rows.extend(v for v in edit.quality.values() if v is not None)
        return rows

    def subscriptions(self, core: ObservationCore, rows: list[JSON], user_id: int) -> list[JSON]:
        """``rows`` (a user's subscriptions covering ``core``) after that user's toggles."""
        edit = self.edits.get(core.id)
        if edit is None or user_id not in edit.subscribed:
            return rows
        others = [r for r in rows if r.get("resource_type") != "Observation"]
        if not edit.subscribed[user_id]:
            return others
        mine = [r for r in rows if r.get("resource_type") == "Observation"]
        return mine + others if mine else [self._subscription(core.id, user_id), *others]

    def is_subscribed(self, core: ObservationCore, rows: Iterable[JSON], user_id: int) -> bool:
        edit = self.edits.get(core.id)
        if edit is not None and user_id in edit.subscribed:
            return edit.subscribed[user_id]
        return any(r.get("resource_type") == "Observation" for r in rows)

    def _subscription(self, observation_id: int, user_id: int) -> JSON:
        key = (observation_id, user_id)
        found = self._subscription_rows.get(key)
        if found is None:
            now = iso_time(float(int(time.time())))
            found = {
                "id": self.next_id("subscription"),
                "resource_type": "Observation",
                "resource_id": observation_id,
                "user_id": user_id,
                "created_at": now,
                "updated_at": now,
                "taxon_id": None,
            }
            self._subscription_rows[key] = found
        return found

    def viewed(self, rows: list[JSON], user_id: int) -> list[JSON]:
        """A user's updates with those on observations they marked viewed set ``viewed``."""
        marked = {oid for oid, edit in self.edits.items() if user_id in edit.viewed}
        if not marked:
            return rows
        return [
            {**r, "viewed": True} if r.get("resource_id") in marked and not r["viewed"] else r
            for r in rows
        ]


_PHOTO_SIZES = ("square", "thumb", "small", "medium", "large", "original")


def _photo_in_observation(photo: Mapping[str, Any]) -> JSON:
    """A photo as ``observation.photos`` lists it."""
    keys = ("id", "license_code", "url", "attribution", "original_dimensions")
    out: JSON = {k: photo[k] for k in keys if k in photo}
    out.update(flags=[], moderator_actions=[], hidden=False)
    return out


def _observation_photo_json(op: Mapping[str, Any]) -> JSON:
    """An observation photo as ``observation.observation_photos`` lists it."""
    return {
        "id": op["id"],
        "position": op.get("position"),
        "uuid": op["uuid"],
        "photo_id": op.get("photo_id", op["photo"]["id"]),
        "photo": _photo_in_observation(op["photo"]),
    }
