"""Images for the picture tests, made with Pillow, and files that only pretend to be one."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(size=(64, 48), color="teal", kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, kind)
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A small file that claims width × height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


BAD_UPLOADS = [
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "This is not a JPEG, PNG or WebP"),
    (b"\0" * (10 * 2**20 + 1), "Telegram takes photos up to 10 MB"),
    (huge_png(30_000, 30_000), "far more pixels than a photo can have"),
    (image_bytes((2100, 100)), "too long and thin"),
    (image_bytes((5200, 5000), kind="JPEG"), "add up to at most 10000"),
    (image_bytes()[:60], "damaged"),
]
