"""Small pictures for tests, made with Pillow, and a way to put them on the shipped map."""

import io

from PIL import Image

from advisor.models import Map, Node
from advisor.pictures import store
from advisor.versions import publish


def image(kind: str, color: str, size: tuple[int, int] = (40, 30)) -> bytes:
    """An image of one color in a format Pillow writes ("PNG", "JPEG", "WEBP")."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


def show_pictures(map_obj: Map, pictures: dict[str, bytes]) -> None:
    """Give the map's steps (by key) these pictures, then publish the map."""
    for key, data in pictures.items():
        Node.objects.filter(map=map_obj, key=key).update(picture=store(data))
    publish(Map.objects.get(pk=map_obj.pk))
