"""How the stand-in's own tests (tests/test_botapi_rules.py) call it over HTTP, as a bot
would, and the pictures they send."""

import asyncio
import json
import struct
import zlib

import httpx
from telegram import Bot

from botapi_standin.server import TOKEN

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
CHAT = 4242


def png(width: int, height: int, color: bytes = b"\x20\x60\xa0") -> bytes:
    """A real PNG image of one color."""
    rows = b"".join(b"\x00" + color * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png_chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + png_chunks


def call(api, method: str, files: dict | None = None, **params) -> dict:
    """Telegram's answer to a call: a JSON body, or multipart/form-data with ``files``."""
    url = f"{api.base_url}{TOKEN}/{method}"
    if files is None:
        return httpx.post(url, json=params).json()
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return httpx.post(url, data=form, files=files).json()


def ok(api, method: str, **params) -> dict:
    answer = call(api, method, **params)
    assert answer["ok"], answer
    return answer["result"]


def refused(api, method: str, **params) -> str:
    answer = call(api, method, **params)
    assert not answer["ok"] and answer["error_code"] == 400, answer
    return answer["description"]


def send_html(api, text: str, **params) -> dict:
    return ok(api, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML", **params)


def upload(api, data: bytes = b"", **params) -> dict:
    """sendPhoto with the image uploaded as python-telegram-bot sends it (multipart)."""
    files = {"photo": ("step.png", data or png(640, 480), "image/png")}
    return ok(api, "sendPhoto", files=files, chat_id=CHAT, **params)


def covered(text: str, entity: dict) -> str:
    """The part of ``text`` an entity covers (offsets count UTF-16 code units)."""
    units = text.encode("utf-16-le")
    start = 2 * entity["offset"]
    return units[start : start + 2 * entity["length"]].decode("utf-16-le")


def with_bot(api, steps):
    """What ``steps(bot)`` comes to, awaited with python-telegram-bot's Bot on the stand-in."""

    async def run():
        async with Bot(TOKEN, base_url=api.base_url) as bot:
            return await steps(bot)

    return asyncio.run(run())
