"""Steps' pictures as Telegram photos: each is uploaded once per bot, then sent by the file_id
Telegram gave it (docs/bot.md, "Pictures in the chat").

The file ids a process has used stay in memory, so a picture costs no query once this process
has sent it; otherwise one query finds its file_id, or else its bytes to upload.
"""

from collections.abc import Awaitable, Callable

from django.db.models import Case, OuterRef, Subquery, When
from telegram import Bot, Message

from advisor.models import Picture
from botapp.chat.runtime import run_sync
from botapp.models import TelegramFile

#: (bot id, picture SHA-256) -> the picture's file_id for that bot.
_file_ids: dict[tuple[int, str], str] = {}


def _stored(bot_id: int, sha256: str) -> tuple[str | None, bytes | None]:
    """In one query: the picture's file_id for the bot, or else its bytes."""
    file_id = TelegramFile.objects.filter(bot_id=bot_id, sha256=OuterRef("pk")).values("file_id")
    found, data = (
        Picture.objects.filter(pk=sha256)
        .annotate(file_id=Subquery(file_id))
        .values_list("file_id", Case(When(file_id=None, then="data")))
        .get()
    )
    return found, None if data is None else bytes(data)


def _remember(bot_id: int, sha256: str, file_id: str) -> None:
    row = TelegramFile(bot_id=bot_id, sha256=sha256, file_id=file_id)
    TelegramFile.objects.bulk_create([row], ignore_conflicts=True)  # another worker's is as good


async def photo_of(bot: Bot, sha256: str) -> str | bytes:
    """The picture as the bot sends it: its file_id, or its bytes to upload the first time."""
    key = (bot.id, sha256)
    if key not in _file_ids:
        file_id, data = await run_sync(_stored, *key)
        if file_id is None:
            return data
        _file_ids[key] = file_id
    return _file_ids[key]


async def with_photo(
    bot: Bot, sha256: str, send: Callable[[str | bytes], Awaitable[Message | bool]]
) -> None:
    """Make the call ``send(photo)`` with the picture; after an upload, keep the file_id of
    the largest size in the message Telegram answered with."""
    photo = await photo_of(bot, sha256)
    message = await send(photo)
    if isinstance(photo, bytes):
        file_id = message.photo[-1].file_id
        _file_ids[(bot.id, sha256)] = file_id
        await run_sync(_remember, bot.id, sha256, file_id)
