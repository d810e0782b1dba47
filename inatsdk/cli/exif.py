"""The date and place a photo was taken, from its EXIF data (JPEG files), with no dependency.

Reads the APP1 ``Exif`` segment: ``DateTimeOriginal`` (else ``DateTime``) and the GPS
latitude and longitude. Anything missing or malformed is simply not found.
"""

from __future__ import annotations

import struct
from datetime import datetime
from pathlib import Path

import attrs

__all__ = ["PhotoFacts", "read_facts"]

_DATETIME_ORIGINAL = 0x9003
_DATETIME = 0x0132
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825


@attrs.frozen
class PhotoFacts:
    """What a photo's EXIF data says: when and where it was taken (``None`` when it does
    not say)."""

    taken: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


def _exif_block(data: bytes) -> bytes | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no more metadata
            return None
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        segment = data[i + 4 : i + 2 + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            return segment[6:]
        i += 2 + length
    return None


class _Tiff:
    def __init__(self, block: bytes) -> None:
        self.block = block
        self.order = "<" if block[:2] == b"II" else ">"

    def unpack(self, fmt: str, offset: int) -> tuple[int, ...]:
        return struct.unpack_from(self.order + fmt, self.block, offset)

    def ifd(self, offset: int) -> dict[int, tuple[int, int, int]]:
        """tag -> (type, count, value or offset) of the IFD at ``offset``."""
        (count,) = self.unpack("H", offset)
        entries: dict[int, tuple[int, int, int]] = {}
        for n in range(count):
            tag, kind, number, value = self.unpack("HHII", offset + 2 + 12 * n)
            entries[tag] = (kind, number, value)
        return entries

    def ascii(self, entry: tuple[int, int, int], at: int) -> str:
        _, number, value = entry
        start = value if number > 4 else at
        return self.block[start : start + number].split(b"\x00", 1)[0].decode("ascii", "replace")

    def rationals(self, entry: tuple[int, int, int]) -> list[float]:
        _, number, offset = entry
        out: list[float] = []
        for n in range(number):
            top, bottom = self.unpack("II", offset + 8 * n)
            out.append(top / bottom if bottom else 0.0)
        return out


def _entry_offset(tiff: _Tiff, ifd_offset: int, tag: int) -> int:
    """Where the value field of ``tag`` sits in the IFD (for values of 4 bytes or fewer)."""
    (count,) = tiff.unpack("H", ifd_offset)
    for n in range(count):
        at = ifd_offset + 2 + 12 * n
        if tiff.unpack("H", at)[0] == tag:
            return at + 8
    return 0


def _degrees(parts: list[float], ref: str, negative: str) -> float | None:
    if len(parts) != 3:
        return None
    value = parts[0] + parts[1] / 60 + parts[2] / 3600
    return -value if ref.upper().startswith(negative) else value


def read_facts(path: Path) -> PhotoFacts:
    """When and where the photo at ``path`` was taken, as far as its EXIF data says."""
    try:
        with path.open("rb") as f:
            head = f.read(256 * 1024)
        block = _exif_block(head)
        if block is None:
            return PhotoFacts()
        return _facts(block)
    except (OSError, struct.error, ValueError, IndexError):
        return PhotoFacts()


def _facts(block: bytes) -> PhotoFacts:
    tiff = _Tiff(block)
    (first,) = tiff.unpack("I", 4)
    ifd0 = tiff.ifd(first)
    taken: datetime | None = None
    stamp = ""
    if _EXIF_IFD in ifd0:
        offset = ifd0[_EXIF_IFD][2]
        exif = tiff.ifd(offset)
        if _DATETIME_ORIGINAL in exif:
            stamp = tiff.ascii(exif[_DATETIME_ORIGINAL], 0)
    if not stamp and _DATETIME in ifd0:
        stamp = tiff.ascii(ifd0[_DATETIME], _entry_offset(tiff, first, _DATETIME))
    try:
        taken = datetime.strptime(stamp.strip(), "%Y:%m:%d %H:%M:%S") if stamp else None
    except ValueError:
        taken = None
    latitude = longitude = None
    if _GPS_IFD in ifd0:
        gps_offset = ifd0[_GPS_IFD][2]
        gps = tiff.ifd(gps_offset)
        if all(t in gps for t in (1, 2, 3, 4)):
            lat_ref = tiff.ascii(gps[1], _entry_offset(tiff, gps_offset, 1))
            lng_ref = tiff.ascii(gps[3], _entry_offset(tiff, gps_offset, 3))
            latitude = _degrees(tiff.rationals(gps[2]), lat_ref, "S")
            longitude = _degrees(tiff.rationals(gps[4]), lng_ref, "W")
    return PhotoFacts(taken=taken, latitude=latitude, longitude=longitude)
