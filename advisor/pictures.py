"""Steps' pictures: checked as Telegram accepts photos, stored once per content, written in
map files as ``data:`` URLs, and freed when no draft or version uses them."""

import base64
import binascii
import hashlib
import io
import re
import warnings

from PIL import Image, UnidentifiedImageError

from advisor.models import MapVersion, Node, Picture

#: What Telegram takes as a photo (sendPhoto): these formats, this size and shape.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 10 * 2**20
MAX_SIDES = 10_000  # width + height
MAX_RATIO = 20
#: Decoding more pixels than this is refused before it starts (a decompression bomb).
MAX_PIXELS = 50_000_000
_DATA_URL = re.compile(r"data:(image/(?:jpeg|png|webp));base64,([A-Za-z0-9+/=\s]+)")


class PictureError(ValueError):
    """A file that cannot be a step's picture; the message says why in plain words."""


def checked(data: bytes) -> tuple[str, int, int]:
    """The content type, width and height of an image Telegram takes as a photo;
    PictureError otherwise. The whole image is decoded, so a damaged one is refused too."""
    if len(data) > MAX_BYTES:
        raise PictureError(
            f"The picture is {len(data) / 2**20:.1f} MB; Telegram takes photos up to 10 MB."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                width, height, kind = image.width, image.height, image.format
                if width * height > MAX_PIXELS:
                    raise PictureError(
                        f"The picture is {width}×{height} pixels, more than a photo can be."
                    )
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError("The picture has far more pixels than a photo can have.") from None
    except UnidentifiedImageError:
        raise PictureError("This is not a JPEG, PNG or WebP picture.") from None
    except (OSError, SyntaxError, ValueError):
        raise PictureError("The picture is damaged: it cannot be read to the end.") from None
    if width + height > MAX_SIDES:
        raise PictureError(
            f"The picture is {width}×{height} pixels; Telegram takes photos whose width and "
            f"height add up to at most {MAX_SIDES}."
        )
    if max(width, height) > MAX_RATIO * min(width, height):
        raise PictureError(
            f"The picture is {width}×{height} pixels, too long and thin: Telegram takes photos "
            f"at most {MAX_RATIO} times longer than wide."
        )
    return FORMATS[kind], width, height


def store(data: bytes) -> Picture:
    """The stored picture with these bytes, checked and saved once; PictureError if it
    cannot be a step's picture."""
    sha256 = hashlib.sha256(data).hexdigest()
    found = Picture.objects.filter(pk=sha256).defer("data").first()
    if found is not None:
        return found
    content_type, width, height = checked(data)
    picture, _ = Picture.objects.get_or_create(
        sha256=sha256,
        defaults={"data": data, "content_type": content_type, "width": width, "height": height},
    )
    return picture


def picture_id(value: str) -> str:
    """The stored picture a map file's or a version's ``picture`` names: a ``data:`` URL is
    checked and stored; a version names a stored picture by its SHA-256."""
    if value.startswith("data:"):
        return store(from_data_url(value)).pk
    check_reference(value)
    return value


def check_reference(value: str) -> None:
    """PictureError unless ``value`` is a picture as content may hold it: a ``data:`` URL of a
    picture Telegram takes, or the SHA-256 of a stored one."""
    if value.startswith("data:"):
        checked(from_data_url(value))
    elif not Picture.objects.filter(pk=value).exists():
        raise PictureError("must be a data: URL of a JPEG, PNG or WebP")


def data_url(sha256: str) -> str:
    """A stored picture as a ``data:`` URL (how a map file holds it)."""
    picture = Picture.objects.get(pk=sha256)
    encoded = base64.b64encode(bytes(picture.data)).decode()
    return f"data:{picture.content_type};base64,{encoded}"


def from_data_url(url: str) -> bytes:
    """The bytes of a ``data:`` URL of a JPEG, PNG or WebP; PictureError for anything else."""
    found = _DATA_URL.fullmatch(url.strip()) if isinstance(url, str) else None
    if found is None:
        raise PictureError("must be a data: URL of a JPEG, PNG or WebP (data:image/png;base64,…)")
    try:
        return base64.b64decode("".join(found[2].split()), validate=True)
    except binascii.Error:
        raise PictureError("its base64 is broken") from None


def in_use() -> set[str]:
    """The pictures some draft step or some version uses."""
    used = set(Node.objects.exclude(picture=None).values_list("picture_id", flat=True))
    for translations in Node.objects.exclude(translations={}).values_list(
        "translations", flat=True
    ):
        used.update(words.get("picture") for words in translations.values())
    for content in MapVersion.objects.values_list("content", flat=True).iterator():
        for node in content.get("nodes", []):
            used.add(node.get("picture"))
            used.update(words.get("picture") for words in node.get("translations", {}).values())
    return used - {None, ""}


def free_unused() -> int:
    """Delete the pictures nothing uses any more; how many."""
    deleted, _ = Picture.objects.exclude(pk__in=in_use()).delete()
    return deleted
