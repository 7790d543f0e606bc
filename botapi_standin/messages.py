"""The stand-in's message methods: send, edit and delete texts and photos, as Telegram does.

Checks run in the order the Bot API server, TDLib and the Telegram server make them
(telegram-bot-api's Client.cpp, TDLib's MessagesManager::edit_message_*), so a call with
one mistake gets the error Telegram gives for it.
"""

import time

from botapi_standin.media import Upload
from botapi_standin.rules import (
    ApiError,
    bad_request,
    input_caption,
    input_markup,
    input_text,
    kept_caption,
    kept_markup,
    kept_text,
)

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Advisor", "username": "advisor_test_bot"}
CONTENT = ("text", "entities", "photo", "caption", "caption_entities")
#: A message's markup: its inline keyboard, or the ForceReply it asked for (which Telegram
#: keeps with the message but never shows the bot: a Message's reply_markup is inline only).
MARKUP = ("reply_markup", "force_reply")
#: The server's MESSAGE_NOT_MODIFIED, as the Bot API words it.
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
MEDIA_TYPES_NOT_EMULATED = {"video", "animation", "audio", "document", "live_photo"}


def text_content(text: str, entities: list) -> dict:
    return {"text": text, **({"entities": entities} if entities else {})}


def photo_content(photo: list, caption: str, entities: list) -> dict:
    content = {"photo": photo}
    if caption:
        content["caption"] = caption
    if entities:
        content["caption_entities"] = entities
    return content


def as_sent(message: dict) -> dict:
    """A stored message as the Bot API shows it (Client.cpp's JsonMessage): no ForceReply."""
    return {key: value for key, value in message.items() if key != "force_reply"}


def _shown(message: dict) -> dict:
    """What an edit must change: content and markup, a photo by its file_unique_id."""
    shown = {key: message[key] for key in (*CONTENT, *MARKUP) if key in message}
    if "photo" in shown:
        shown["photo"] = [size["file_unique_id"] for size in shown["photo"]]
    return shown


def _input_media(params: dict) -> dict:
    """editMessageMedia's ``media`` as the Bot API reads it (Client::get_input_media)."""
    media = params.get("media")
    if not media:
        raise bad_request('Parameter "media" is required')
    if isinstance(media, str):
        raise bad_request("Can't parse input media JSON object")
    if not isinstance(media, dict):
        raise bad_request("Can't parse InputMedia: expected an Object")
    return media


def file_source(value, params: dict, missing: str):
    """The upload or file id a ``photo`` or ``media`` value names (``attach://<part>`` names
    a part of the request); ``missing`` is the error when it names none."""
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value[len("attach://") :])
        value = value if isinstance(value, Upload) else None
    if not value or not isinstance(value, str | Upload):
        raise bad_request(missing)
    return value


class MessageMethods:
    """The methods of BotApiStandIn that make and change messages (it holds ``messages``,
    ``photos``, ``photo_sends`` and ``_ids``)."""

    def _new_message(self, params: dict, content: dict, markup: dict, place: dict | None = None):
        """Store a new message (``markup``: what kept_markup keeps) in the chat and topic
        ``place`` (default: where ``params`` send it, checked: groups.py); the stored one,
        which a ForceReply stays in (as_sent shows it to the bot)."""
        place = place or self._destination(params)
        message = {
            "message_id": next(self._ids),
            "from": BOT_USER,
            "chat": place["chat"],
            "date": int(time.time()),
            **{key: value for key, value in place.items() if key != "chat"},
            **content,
            **markup,
        }
        self.messages.setdefault(place["chat"]["id"], {})[message["message_id"]] = message
        return message

    def _message(self, params: dict, purpose: str = "edit") -> dict:
        try:
            chat = self.messages.get(int(params["chat_id"]), {})
            message = chat.get(int(params["message_id"]))
        except (KeyError, TypeError, ValueError):
            message = None
        if message is None:
            raise bad_request(f"Message to {purpose} not found")
        if purpose == "edit" and message["from"] != BOT_USER:  # a group member's message
            raise bad_request("Message can't be edited")
        return message

    def _edit(self, message: dict, content: dict, markup: dict) -> dict:
        """Give the message new content and keyboard (a ForceReply goes); an edit must
        change something."""
        new = {**content, **markup}
        if _shown(new) == _shown(message):
            raise ApiError(400, NOT_MODIFIED)
        for key in (*CONTENT, *MARKUP):
            message.pop(key, None)
        message.update(new, edit_date=int(time.time()))
        return message

    def _sent_photo(self, method: str, message: dict, uploaded: bool) -> None:
        self.photo_sends.append(
            {
                "method": method,
                "chat_id": message["chat"]["id"],
                "message_id": message["message_id"],
                "file_unique_id": message["photo"][-1]["file_unique_id"],
                "uploaded": uploaded,
            }
        )

    def _take_photo(self, source) -> tuple[list, bool]:
        if isinstance(source, Upload):
            return self.photos.upload(source.data), True
        return self.photos.find(source), False

    def api_sendMessage(self, params):
        markup, parsed = input_markup(params), input_text(params)
        kept = kept_markup(markup)
        text, entities = kept_text(parsed, "Message is too long")
        return as_sent(self._new_message(params, text_content(text, entities), kept))

    def api_editMessageText(self, params):
        markup, parsed = input_markup(params), input_text(params)
        message = self._message(params)
        if "text" not in message:
            raise bad_request("There is no text in the message to edit")
        kept = kept_markup(markup, only_inline=True)
        text, entities = kept_text(parsed, "MESSAGE_TOO_LONG")
        return self._edit(message, text_content(text, entities), kept)

    def api_sendPhoto(self, params):
        markup = input_markup(params)
        source = file_source(params.get("photo"), params, "There is no photo in the request")
        parsed = input_caption(params)
        photo, uploaded = self._take_photo(source)
        kept = kept_markup(markup)
        caption, entities = kept_caption(parsed, "Message caption is too long")
        message = self._new_message(params, photo_content(photo, caption, entities), kept)
        self._sent_photo("sendPhoto", message, uploaded)
        return as_sent(message)

    def api_editMessageCaption(self, params):
        markup, parsed = input_markup(params), input_caption(params)
        message = self._message(params)
        if "photo" not in message:
            raise bad_request("There is no caption in the message to edit")
        kept = kept_markup(markup, only_inline=True)
        caption, entities = kept_caption(parsed, "MEDIA_CAPTION_TOO_LONG")
        return self._edit(message, photo_content(message["photo"], caption, entities), kept)

    def api_editMessageMedia(self, params):
        """A new photo and caption for a photo message, or a photo added to a text message
        (Bot API: "edit ... photo, or video messages, or to add media to text messages")."""
        markup, media = input_markup(params), _input_media(params)
        parsed = input_caption(media, "Can't parse InputMedia: ")
        if "type" not in media:
            raise bad_request("Can't parse InputMedia: Can't find field \"type\"")
        if media["type"] in MEDIA_TYPES_NOT_EMULATED:
            raise ApiError(501, f"Not Implemented: the stand-in has no {media['type']} media")
        if media["type"] != "photo":
            raise bad_request(f'Can\'t parse InputMedia: type "{media["type"]}" is unsupported')
        source = file_source(media.get("media"), params, "Can't parse InputMedia: media not found")
        message = self._message(params)
        photo, uploaded = self._take_photo(source)
        caption, entities = kept_caption(parsed, "Message caption is too long")
        kept = kept_markup(markup, only_inline=True)
        edited = self._edit(message, photo_content(photo, caption, entities), kept)
        self._sent_photo("editMessageMedia", edited, uploaded)
        return edited

    def api_editMessageReplyMarkup(self, params):
        markup = input_markup(params)
        message = self._message(params)
        content = {key: message[key] for key in CONTENT if key in message}
        return self._edit(message, content, kept_markup(markup, only_inline=True))

    def api_deleteMessage(self, params):
        if not params.get("chat_id"):
            raise bad_request("Chat identifier is not specified")
        if not params.get("message_id"):
            raise bad_request("Message identifier is not specified")
        message = self._message(params, "delete")
        del self.messages[message["chat"]["id"]][message["message_id"]]
        return True
