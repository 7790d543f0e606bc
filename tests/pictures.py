"""Small pictures for tests, made with Pillow, files that only pretend to be one, and a way to
put pictures on the shipped map."""

import io
import struct
import zlib

from PIL import Image

from advisor.models import Map, Node
from advisor.pictures import store
from advisor.versions import publish


def image(kind: str = "PNG", color: str = "teal", size: tuple[int, int] = (40, 30)) -> bytes:
    """An image of one color in a format Pillow writes ("PNG", "JPEG", "WEBP")."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


def show_pictures(map_obj: Map, pictures: dict[str, bytes]) -> None:
    """Give the map's steps (by key) these pictures, then publish the map."""
    for key, data in pictures.items():
        Node.objects.filter(map=map_obj, key=key).update(picture=store(data))
    publish(Map.objects.get(pk=map_obj.pk))


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
    (image(size=(2100, 100)), "too long and thin"),
    (image("JPEG", size=(5200, 5000)), "add up to at most 10000"),
    (image()[:60], "damaged"),
]
