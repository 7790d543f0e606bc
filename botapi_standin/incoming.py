"""What people send, for the stand-in's updates: the content of a message (text, photo,
document, voice, sticker, album) in the Bot API's shapes, and the message around it.

Each builder returns a message's content fields; a chat helper (user.py for a private chat,
group_chat.py for a group) puts them in a message, keeps it (the bot may copy it) and makes the
update. File ids are new for each file and stay valid (a photo's may be sent again by id).
"""

import time


def text(words: str) -> dict:
    """A text message's content; a leading /command is marked as Telegram marks it."""
    content = {"text": words}
    if words.startswith("/"):
        command = words.split()[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return content


def _with_caption(content: dict, caption: str) -> dict:
    return {**content, "caption": caption} if caption else content


def photo(api, caption: str = "", width: int = 1280, height: int = 960) -> dict:
    return _with_caption({"photo": api.photos.taken(width, height)}, caption)


def _file(api, prefix: str) -> dict:
    number = api.next_update_id()
    return {"file_id": f"{prefix}AgIAAxkBAAI{number:08d}", "file_unique_id": f"AgAD{number:08d}"}


def document(api, file_name: str = "invoice.pdf", caption: str = "") -> dict:
    kind = "application/pdf" if file_name.endswith(".pdf") else "application/octet-stream"
    document = {**_file(api, "BQAC"), "file_name": file_name, "mime_type": kind}
    return _with_caption({"document": {**document, "file_size": 48_213}}, caption)


def voice(api, duration: int = 4) -> dict:
    voice = {**_file(api, "AwAC"), "duration": duration, "mime_type": "audio/ogg"}
    return {"voice": {**voice, "file_size": 5_300 * duration}}


def sticker(api, emoji: str = "👍") -> dict:
    sticker = {**_file(api, "CAAC"), "type": "regular", "width": 512, "height": 512}
    sticker.update(is_animated=False, is_video=False, emoji=emoji, set_name="Animals")
    return {"sticker": sticker}


def album(api, count: int = 3, caption: str = "") -> list[dict]:
    """The contents of an album of ``count`` photos: one message each, with one
    media_group_id; the first carries the caption."""
    group_id = str(13_600_000_000_000_000 + api.next_update_id())
    return [
        {**photo(api, caption if index == 0 else ""), "media_group_id": group_id}
        for index in range(count)
    ]


def message(api, chat: dict, sender: dict, content: dict, **fields) -> dict:
    """A message a person sent to ``chat`` with ``content`` (and ``fields`` such as a topic's)."""
    return {
        "message_id": api.next_update_id(),
        "from": sender,
        "chat": chat,
        "date": int(time.time()),
        **fields,
        **content,
    }


def summary(message: dict) -> tuple:
    """What a message shows, for a test's assertion: ("text", words), ("photo", its
    file_unique_id, caption), ("document", file name, caption), ("voice", seconds),
    ("sticker", emoji), or the service event's name and its fields."""
    if "text" in message:
        return ("text", message["text"])
    if "photo" in message:
        return ("photo", message["photo"][-1]["file_unique_id"], message.get("caption", ""))
    if "document" in message:
        return ("document", message["document"]["file_name"], message.get("caption", ""))
    if "voice" in message:
        return ("voice", message["voice"]["duration"])
    if "sticker" in message:
        return ("sticker", message["sticker"]["emoji"])
    event = next(key for key in message if key.startswith("forum_topic_"))
    return (event, message[event])
