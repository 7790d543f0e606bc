"""The user's side of a chat with the bot in the Bot API stand-in: what they send, press
and see."""

import time

from botapi_standin import incoming
from botapi_standin.messages import BOT_USER, as_sent


class UserChat:
    """One Telegram user in a private chat with the bot."""

    def __init__(self, api, user: dict):
        self.api, self.user = api, user
        self.query_ids: set[str] = set()  # of this chat's button presses

    @property
    def chat_id(self) -> int:
        return self.user["id"]

    def _chat(self) -> dict:
        """The chat as Telegram shows it in the user's updates."""
        return {"id": self.chat_id, "type": "private", "first_name": self.user["first_name"]}

    def message_update(self, text: str, reply_to: dict | None = None) -> dict:
        """The update for the user's ``text``; with ``reply_to`` (one of the bot's messages),
        sent as a reply to it."""
        fields = {}
        if reply_to is not None:
            replied = self.replied_message(reply_to)
            if replied is not None:
                fields["reply_to_message"] = replied
        return self.content_update(incoming.text(text), **fields)

    def content_update(self, content: dict, **fields) -> dict:
        """The update for the user's message with ``content`` (incoming.py's text, photo,
        document, voice, sticker, or one of an album's); the stand-in keeps the message in
        ``received``, so the bot may copy it."""
        message = incoming.message(self.api, self._chat(), self.user, content, **fields)
        self.api.received.setdefault(self.chat_id, {})[message["message_id"]] = message
        return {"update_id": self.api.next_update_id(), "message": message}

    def send_content(self, content: dict) -> int:
        return self.api.deliver(self.content_update(content))

    def block_bot(self) -> dict:
        """Block the bot: its sends here fail from now on. The my_chat_member update
        Telegram sends the bot about it."""
        self.api.blocked.add(self.chat_id)
        return self._my_status_update("member", "kicked")

    def unblock_bot(self) -> dict:
        """Unblock the bot (Telegram's "Restart"); the my_chat_member update about it."""
        self.api.blocked.discard(self.chat_id)
        return self._my_status_update("kicked", "member")

    def _my_status_update(self, old: str, new: str) -> dict:
        def member(status: str) -> dict:
            banned = {"until_date": 0} if status == "kicked" else {}
            return {"user": BOT_USER, "status": status, **banned}

        change = {"chat": self._chat(), "from": self.user, "date": int(time.time())}
        change.update(old_chat_member=member(old), new_chat_member=member(new))
        return {"update_id": self.api.next_update_id(), "my_chat_member": change}

    def replied_message(self, message: dict) -> dict | None:
        """``reply_to_message`` for a reply to the bot's ``message`` as Telegram sends it: the
        message as it is now (after edits), without a reply of its own (Client.cpp's
        JsonMessage with need_reply false); None once it is deleted, as Telegram leaves it out."""
        stored = self._stored(message)
        if stored is None:
            return None
        replied = as_sent(stored)
        replied.pop("reply_to_message", None)
        return {**replied, "chat": self._chat()}

    def press_update(self, label: str, message: dict | None = None) -> dict:
        """The callback query for pressing the button labelled ``label``; a URL button opens
        its link instead and sends the bot nothing, so it cannot be pressed here."""
        message = message or self.last_message()
        buttons = [
            b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        button = next((b for b in buttons if b["text"] == label), None)
        assert button, f"no button {label!r} in {[b['text'] for b in buttons]}"
        assert "callback_data" in button, f"{label!r} opens {button['url']}: the bot gets nothing"
        return self.callback_update(button["callback_data"], message)

    def callback_update(self, data: str, message: dict | None = None) -> dict:
        query_id = str(self.api.next_update_id())
        self.query_ids.add(query_id)
        return {
            "update_id": self.api.next_update_id(),
            "callback_query": {
                "id": query_id,
                "from": self.user,
                "chat_instance": str(self.chat_id),
                "message": as_sent(message or self.last_message()),
                "data": data,
            },
        }

    def send(self, text: str) -> int:
        return self.api.deliver(self.message_update(text))

    def reply(self, text: str, to: dict | None = None) -> int:
        """Send ``text`` as a reply to the bot's message ``to``: by default the last one that
        asked for a reply (ForceReply), else the last one. The webhook's HTTP status."""
        return self.api.deliver(self.message_update(text, reply_to=to or self.reply_target()))

    def reply_target(self) -> dict:
        """The message a reply goes to by default: the newest that asked for one (Telegram's
        apps open the reply to it), else the newest."""
        messages = self.api.messages.get(self.chat_id, {})
        asking = [message_id for message_id, m in messages.items() if m.get("force_reply")]
        return messages[max(asking)] if asking else self.last_message()

    def force_reply(self, message: dict | None = None) -> dict | None:
        """The ForceReply the bot's message (default: its last) asked with, e.g.
        ``{"force_reply": True, "input_field_placeholder": "..."}``; None if it asked none."""
        stored = self._stored(message) if message else self.last_message()
        return (stored or {}).get("force_reply")

    def asked_for_reply(self, message: dict | None = None) -> bool:
        """Whether the bot's message (default: its last) asked for a reply (ForceReply)."""
        return self.force_reply(message) is not None

    def _stored(self, message: dict) -> dict | None:
        """The chat's message as the stand-in keeps it now (a ForceReply too), by its id."""
        return self.api.messages.get(self.chat_id, {}).get(message["message_id"])

    def press(self, label: str) -> int:
        return self.api.deliver(self.press_update(label))

    def answers(self, count: int, timeout: float = 10.0) -> list[dict]:
        """The bot's answers to this chat's presses (which stop the buttons' spinners), once
        there are ``count``; waiting longer for more shows that no more come."""
        return self.api.wait_for_calls(
            "answerCallbackQuery",
            count,
            timeout,
            lambda call: call["callback_query_id"] in self.query_ids,
        )

    def bot_messages(self) -> list[dict]:
        """The bot's messages in this chat, oldest first (copies among them: copied_from)."""
        messages = self.api.messages.get(self.chat_id, {})
        return [messages[message_id] for message_id in sorted(messages)]

    def last_message(self) -> dict:
        messages = self.api.messages.get(self.chat_id, {})
        assert messages, "the bot has sent this chat nothing"
        return messages[max(messages)]

    def screen(self) -> tuple[str, list[list[str]]]:
        """What the user sees in the bot's last message: its text (a photo's caption) and
        button labels."""
        message = self.last_message()
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        text = message["text"] if "text" in message else message.get("caption", "")
        return text, [[button["text"] for button in row] for row in rows]

    def entities(self) -> list[dict]:
        """The formatting of the last message's text or caption (Bot API MessageEntity
        dicts, offsets and lengths in UTF-16 code units)."""
        message = self.last_message()
        return message.get("entities", message.get("caption_entities", []))

    def photo(self) -> str | None:
        """The file_unique_id of the last message's photo (its largest size); None for text."""
        photo = self.last_message().get("photo")
        return photo[-1]["file_unique_id"] if photo else None

    def links(self) -> dict[str, str]:
        """The last message's URL buttons: label to the URL as Telegram keeps it."""
        rows = self.last_message().get("reply_markup", {}).get("inline_keyboard", [])
        return {b["text"]: b["url"] for row in rows for b in row if "url" in b}
