"""Photos for the Bot API stand-in: multipart uploads, image headers, and file ids.

Telegram takes a photo as a multipart upload (python-telegram-bot sends one whenever a file's
bytes are given) or as a ``file_id`` it issued before; it answers with the photo's sizes, each
with a ``file_id`` (new for every upload) and a ``file_unique_id`` (the same for the same
content). An upload it cannot read as an image fails with the server's IMAGE_PROCESS_FAILED.
"""

import hashlib
import itertools
import struct
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser

from botapi_standin.rules import bad_request

#: The boxes Telegram fits a photo's sizes into (its "s", "m", "x", "y" and "w" sizes).
SIZE_BOXES = (90, 320, 800, 1280, 2560)
DIMENSIONS_LIMIT, RATIO_LIMIT = 10000, 20  # width + height; longer side over shorter side


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)


def parse_multipart(content_type: str, body: bytes) -> dict:
    """The fields of a multipart/form-data body: text as str, files as ``Upload``."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    params = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        filename = part.get_filename()
        if filename is None:
            params[name] = data.decode()
        else:
            params[name] = Upload(filename, part.get_content_type(), data)
    return params


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG, PNG, GIF, BMP or WebP header; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return width, abs(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in the first start-of-frame segment."""
    i = 2
    while i + 9 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD8:  # segments without a length
            i += 2
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        else:
            i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None


def photo_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes Telegram keeps of a photo: fitted into each box up to the one it fits."""
    sizes = []
    for box in SIZE_BOXES:
        scale = min(1.0, box / max(width, height))
        sizes.append((max(1, round(width * scale)), max(1, round(height * scale))))
        if scale == 1.0:
            break
    return sizes


class PhotoStore:
    """The photos Telegram holds for the bot: every file id it issued stays valid."""

    def __init__(self):
        self.photos: dict[str, list[dict]] = {}  # file_id of any size -> all sizes
        self._uploads = itertools.count(1)

    def upload(self, data: bytes) -> list[dict]:
        """Take an uploaded image; its sizes with new file ids."""
        size = image_size(data)
        if size is None or min(size) <= 0:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > DIMENSIONS_LIMIT or max(size) > RATIO_LIMIT * min(size):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        digest, number = hashlib.sha256(data).hexdigest(), next(self._uploads)
        return self._kept(
            width, height, f"AgACAgIAAxk{digest[:20]}{number:06d}", f"AQAD{digest[:16]}"
        )

    def taken(self, width: int, height: int) -> list[dict]:
        """A photo a user sent (taken with their camera): its sizes with new file ids, which
        the bot may send again."""
        number = next(self._uploads)
        return self._kept(width, height, f"AgACAgIAAxkBAAI{number:08d}", f"AQADtaken{number:06d}")

    def _kept(self, width: int, height: int, file_id: str, unique_id: str) -> list[dict]:
        """The photo's sizes, each with its ids (the prefixes and its index), kept to be sent
        again by any of them."""
        photo = [
            {
                "file_id": f"{file_id}{index}",
                "file_unique_id": f"{unique_id}{index}",
                "width": w,
                "height": h,
            }
            for index, (w, h) in enumerate(photo_sizes(width, height))
        ]
        for kept in photo:
            self.photos[kept["file_id"]] = photo
        return photo

    def find(self, file_id: str) -> list[dict]:
        """The photo a file id names (the stand-in cannot fetch HTTP URLs)."""
        if file_id not in self.photos:
            raise bad_request("Wrong file identifier/HTTP URL specified")
        return self.photos[file_id]
