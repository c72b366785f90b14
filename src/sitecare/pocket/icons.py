"""The app's icons, drawn as PNG with the standard library (Android Chrome wants PNG).

A blue square (safe for "maskable": the mark stays in the middle 60%) with a white ring and
dot: a site on the skin. No Pillow needed.
"""

from __future__ import annotations

import struct
import zlib

BRAND = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(size: int) -> bytes:
    """A ``size``x``size`` RGB PNG of the icon."""
    c = (size - 1) / 2
    ring_out, ring_in, dot = size * 0.30, size * 0.22, size * 0.11
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter: none
        dy2 = (y - c) ** 2
        for x in range(size):
            d2 = (x - c) ** 2 + dy2
            white = ring_in**2 <= d2 <= ring_out**2 or d2 <= dot**2
            row += bytes(WHITE if white else BRAND)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
