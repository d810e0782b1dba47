"""Small, valid media files made from nothing, for tests, examples and docs that upload photos
and sounds (no imaging library needed).

>>> png = png_bytes(4, 3, (200, 30, 30))
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
>>> jpeg_bytes(16, 8, 200)[:3] == b"\\xff\\xd8\\xff"
True
>>> wav_bytes(0.1)[:4]
b'RIFF'

Each call with the same arguments gives the same bytes; vary the colour (or the tone) to get
files with different contents.
"""

from __future__ import annotations

import struct
import zlib

__all__ = ["jpeg_bytes", "png_bytes", "wav_bytes"]


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (40, 160, 60)) -> bytes:
    """A PNG of ``width`` x ``height`` pixels, all of colour ``rgb``."""
    if width < 1 or height < 1:
        raise ValueError("a PNG needs at least one pixel")
    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    raw = row * height

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# The standard luminance DC table (ITU T.81, K.3): code lengths and symbols.
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALUES = tuple(range(12))
# An AC table that only needs end-of-block (every block is one flat colour).
_AC_BITS = (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
_AC_VALUES = (0x00,)


def _huffman_codes(bits: tuple[int, ...], values: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """Symbol -> (code, length), the canonical codes of a JPEG Huffman table."""
    codes: dict[int, tuple[int, int]] = {}
    code = 0
    k = 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def _segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def jpeg_bytes(width: int = 8, height: int = 8, gray: int = 128) -> bytes:
    """A baseline greyscale JPEG of ``width`` x ``height`` pixels, all of level ``gray``
    (0-255)."""
    if width < 1 or height < 1:
        raise ValueError("a JPEG needs at least one pixel")
    if not 0 <= gray <= 255:
        raise ValueError("gray must be 0-255")
    dc_codes = _huffman_codes(_DC_BITS, _DC_VALUES)
    eob, eob_length = _huffman_codes(_AC_BITS, _AC_VALUES)[0]
    blocks = ((width + 7) // 8) * ((height + 7) // 8)

    bits: list[int] = []

    def put(value: int, length: int) -> None:
        bits.extend((value >> (length - 1 - i)) & 1 for i in range(length))

    previous = 0
    dc = 8 * (gray - 128)  # the DC coefficient of a flat 8x8 block, quantised by 1
    for _ in range(blocks):
        diff = dc - previous
        previous = dc
        size = abs(diff).bit_length()
        code, length = dc_codes[size]
        put(code, length)
        if size:
            put(diff if diff > 0 else diff + (1 << size) - 1, size)
        put(eob, eob_length)
    bits.extend([1] * (-len(bits) % 8))  # pad the last byte with ones
    data = bytearray()
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i : i + 8])), 2)
        data.append(byte)
        if byte == 0xFF:
            data.append(0x00)  # byte stuffing

    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    quant = b"\x00" + b"\x01" * 64  # table 0, 8-bit, all ones
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    dc_table = b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALUES)
    ac_table = b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALUES)
    scan = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + _segment(0xE0, jfif)
        + _segment(0xDB, quant)
        + _segment(0xC0, frame)
        + _segment(0xC4, dc_table)
        + _segment(0xC4, ac_table)
        + _segment(0xDA, scan)
        + bytes(data)
        + b"\xff\xd9"
    )


def wav_bytes(seconds: float = 0.25, hertz: int = 440, rate: int = 8000) -> bytes:
    """A mono 8-bit WAV of ``seconds`` of a square wave at ``hertz``."""
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    frames = max(1, int(seconds * rate))
    period = max(2, rate // max(1, hertz))
    samples = bytes(200 if (i % period) < period // 2 else 56 for i in range(frames))
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(samples)) + samples
    return b"RIFF" + struct.pack("<I", len(body)) + body
