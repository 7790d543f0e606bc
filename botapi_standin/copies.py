"""copyMessage and copyMessages in the Bot API stand-in.

A copy is a new message of the bot with the original's content and none of its author: no
``from`` of the original, no forward origin, no link back (the Bot API answers only the new
``message_id``, a MessageId). Checks run in telegram-bot-api's order (Client.cpp's
process_copy_message(s)_query): the new caption, the message to copy, the reply markup,
then the chat and topic it goes to (groups.py). ``copies`` records where each came from.
"""

import json

from botapi_standin.rules import (
    bad_request,
    input_caption,
    input_markup,
    kept_caption,
    kept_markup,
)

#: The contents a copy keeps; a message with none of them (a service message) cannot be copied.
CONTENT_KINDS = ("text", "photo", "document", "voice", "sticker")
CONTENT_FIELDS = (*CONTENT_KINDS, "entities", "caption", "caption_entities")
CAPTIONED = ("photo", "document", "voice")
COPY_LIMIT = 100  # message_ids in one copyMessages


def copied_content(message: dict) -> dict | None:
    """What a copy of ``message`` shows; None if Telegram cannot copy it."""
    if not any(kind in message for kind in CONTENT_KINDS):
        return None
    return {key: message[key] for key in CONTENT_FIELDS if key in message}


def _message_ids(params: dict) -> list[int]:
    """copyMessages' ``message_ids`` as the Bot API reads them (Client::get_message_ids)."""
    raw = params.get("message_ids")
    if raw in (None, "", []):
        raise bad_request("Message identifiers are not specified")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise bad_request("Can't parse message_ids JSON object") from None
    if not isinstance(raw, list):
        raise bad_request("Expected an Array of message identifiers")
    if len(raw) > COPY_LIMIT:
        raise bad_request("Too many message identifiers specified")
    ids = []
    for value in raw:
        if not isinstance(value, int | str) or isinstance(value, bool):
            raise bad_request("Message identifier must be a Number")
        try:
            ids.append(int(value))
        except ValueError:
            raise bad_request("Can't parse message identifier as a Number") from None
        if ids[-1] <= 0:
            raise bad_request("Invalid message identifier specified")
    if any(later <= earlier for earlier, later in zip(ids, ids[1:], strict=False)):
        raise bad_request("Message identifiers must be in a strictly increasing order")
    return ids


class CopyMethods:
    """The methods of BotApiStandIn that copy messages (it holds ``messages``, ``received``
    and ``copies``)."""

    def _source_chat(self, params: dict) -> dict[int, dict]:
        """The messages of ``from_chat_id`` the bot can read: a group's (if it is still in
        it), or a private chat's, both sides."""
        if not params.get("from_chat_id"):
            raise bad_request('Parameter "from_chat_id" is required')
        try:
            chat_id = int(params["from_chat_id"])
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id < 0:
            return self.messages.get(self._group({"chat_id": chat_id}).id, {})
        return {**self.messages.get(chat_id, {}), **self.received.get(chat_id, {})}

    def _record_copy(self, source: dict, copy: dict) -> None:
        self.copies.append(
            {
                "chat_id": copy["chat"]["id"],
                "message_id": copy["message_id"],
                "message_thread_id": copy.get("message_thread_id"),
                "from_chat_id": source["chat"]["id"],
                "from_message_id": source["message_id"],
            }
        )

    def api_copyMessage(self, params):
        caption = input_caption(params) if "caption" in params else None
        try:
            source = self._source_chat(params).get(int(params.get("message_id") or 0))
        except ValueError:
            source = None
        if source is None:
            raise bad_request("Message to copy not found")
        content = copied_content(source)
        if content is None:
            raise bad_request("The message can't be copied")
        kept = kept_markup(input_markup(params))
        if caption is not None and any(kind in content for kind in CAPTIONED):
            for key in ("caption", "caption_entities"):
                content.pop(key, None)
            text, entities = kept_caption(caption, "Message caption is too long")
            content.update({"caption": text} if text else {})
            content.update({"caption_entities": entities} if entities else {})
        copy = self._new_message(params, content, kept)
        self._record_copy(source, copy)
        return {"message_id": copy["message_id"]}

    def api_copyMessages(self, params):
        """Copies of the messages found and copyable, in order; an album stays one album."""
        ids = _message_ids(params)
        chat = self._source_chat(params)
        sources = [chat[i] for i in ids if i in chat and copied_content(chat[i]) is not None]
        if not sources:
            raise bad_request("Messages can't be forwarded")
        place = self._destination(params, count=len(sources))
        albums: dict[str, str] = {}
        answer = []
        for source in sources:
            content = copied_content(source)
            if params.get("remove_caption") in (True, "true", "True", "1"):
                content.pop("caption", None)
                content.pop("caption_entities", None)
            if "media_group_id" in source:
                album = albums.setdefault(source["media_group_id"], str(self.next_update_id()))
                content["media_group_id"] = album
            copy = self._new_message(params, content, {}, place)
            self._record_copy(source, copy)
            answer.append({"message_id": copy["message_id"]})
        return answer

    def copied_from(self, chat_id: int, message_id: int) -> tuple[int, int] | None:
        """The chat and message a message of the bot was copied from; None if it is no copy."""
        for copy in self.copies:
            if (copy["chat_id"], copy["message_id"]) == (chat_id, message_id):
                return copy["from_chat_id"], copy["from_message_id"]
        return None
