"""The team's side of a supergroup in the Bot API stand-in: who is in it, what the bot may do
there, what members write (in a topic or in General), and what the group shows.

A member's message in a topic has ``message_thread_id``, ``is_topic_message`` and, unless it
replies to another, the topic's opening message as ``reply_to_message`` (Client.cpp's
implicit reply); one in General has none of them. Telegram delivers another bot's messages
only to a bot in Bot-to-Bot Communication Mode (or on a command or reply to it): the helpers
make them anyway, to test that the bot ignores them.
"""

import itertools
import time

from botapi_standin import incoming
from botapi_standin.groups import SUPERGROUP_ID_BASE, Supergroup, Topic
from botapi_standin.messages import BOT_USER, as_sent

_group_numbers = itertools.count(1_900_000_001)


def new_supergroup(title: str, is_forum: bool, owner: dict) -> Supergroup:
    group = Supergroup(SUPERGROUP_ID_BASE - next(_group_numbers), title, is_forum)
    group.join(owner, "creator")
    return group


class GroupChat:
    """One supergroup as its owner and members act in it (``api.supergroup`` makes one)."""

    def __init__(self, api, group: Supergroup):
        self.api, self.group = api, group

    @property
    def chat_id(self) -> int:
        return self.group.id

    @property
    def owner(self) -> dict:
        return next(m["user"] for m in self.group.members.values() if m["status"] == "creator")

    # --- membership and rights ------------------------------------------------------------

    def add_member(self, user_id: int, first_name: str, is_bot: bool = False, **admin) -> dict:
        """Add a person (or, with ``is_bot``, another bot); with ``admin`` rights given, as an
        administrator. The user."""
        user = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        self.group.join(user, "administrator" if admin else "member", **admin)
        return user

    def promote_bot(self, **rights) -> dict:
        """Make the bot an administrator with ``rights`` over the defaults (e.g.
        ``can_manage_topics=False``); the my_chat_member update about it."""
        return self._bot_becomes("administrator", **rights)

    def demote_bot(self) -> dict:
        return self._bot_becomes("member")

    def remove_bot(self, banned: bool = True) -> dict:
        """Remove the bot: a supergroup's "Remove" bans it ("kicked"); ``banned=False`` is
        the bot leaving ("left")."""
        return self._bot_becomes("kicked" if banned else "left")

    def _bot_becomes(self, status: str, **rights) -> dict:
        old = dict(self.group.members.get(BOT_USER["id"], {"user": BOT_USER, "status": "left"}))
        new = self.group.join(BOT_USER, status, **rights)
        change = {"chat": self.group.as_chat(), "from": self.owner, "date": int(time.time())}
        change.update(old_chat_member=old, new_chat_member=dict(new))
        return {"update_id": self.api.next_update_id(), "my_chat_member": change}

    def turn_topics(self, on: bool) -> None:
        """Turn the group's topics on or off (its "Topics" switch)."""
        self.group.is_forum = on

    # --- topics a member handles ------------------------------------------------------------

    def open_topic(self, name: str, by: dict | None = None) -> Topic:
        """A topic a member (by default the owner) opens."""
        return self.api.open_topic(self.group, name, by or self.owner)

    def close_topic(self, thread_id: int, by: dict | None = None) -> None:
        """A member (by default the owner) closes the topic."""
        topic = self.group.topics[thread_id]
        topic.closed = True
        self.api.post_event(self.group, topic, by or self.owner, forum_topic_closed={})

    def delete_topic(self, thread_id: int) -> None:
        """A member deletes the topic and its messages."""
        self.api.remove_topic(self.group, self.group.topics[thread_id])

    def topic(self, thread_id: int) -> Topic:
        return self.group.topics[thread_id]

    def topic_named(self, name: str) -> Topic | None:
        """The topic (not deleted) with this name."""
        live = [t for t in self.group.topics.values() if t.name == name and not t.deleted]
        return live[-1] if live else None

    # --- what members write -----------------------------------------------------------------

    def message_update(
        self, sender: dict, content: str | dict, thread_id: int | None = None, reply_to=None
    ) -> dict:
        """The update for ``sender``'s message (words, or incoming.py's content) in the topic
        ``thread_id`` (None: General), replying to ``reply_to`` (a message) if given. The
        stand-in keeps it in the group."""
        content = incoming.text(content) if isinstance(content, str) else content
        fields = {}
        if thread_id is not None:
            fields.update(message_thread_id=thread_id, is_topic_message=True)
            reply_to = reply_to or self.api.messages.get(self.chat_id, {}).get(thread_id)
        if reply_to is not None:
            fields["reply_to_message"] = {
                key: value for key, value in reply_to.items() if key != "reply_to_message"
            }
        message = incoming.message(self.api, self.group.as_chat(), sender, content, **fields)
        self.api.messages.setdefault(self.chat_id, {})[message["message_id"]] = message
        return {"update_id": self.api.next_update_id(), "message": message}

    def write(self, sender: dict, content: str | dict, thread_id: int | None = None) -> int:
        """Deliver ``sender``'s message to the bot's webhook; the HTTP status."""
        return self.api.deliver(self.message_update(sender, content, thread_id))

    def press_update(self, presser: dict, label: str, message: dict) -> dict:
        """The callback query for ``presser`` pressing the button ``label`` under the bot's
        ``message`` in the group (anyone who sees the message may press it)."""
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        button = next(b for b in buttons if b["text"] == label)
        query = {
            "id": str(self.api.next_update_id()),
            "from": presser,
            "message": as_sent(self.api.messages[self.chat_id][message["message_id"]]),
            "chat_instance": str(-self.chat_id),
            "data": button["callback_data"],
        }
        return {"update_id": self.api.next_update_id(), "callback_query": query}

    # --- what the group shows ---------------------------------------------------------------

    def messages_in(self, thread_id: int | None = None) -> list[dict]:
        """The messages in the topic (None: General), oldest first, service messages too."""
        kept = self.api.messages.get(self.chat_id, {})
        return [kept[i] for i in sorted(kept) if kept[i].get("message_thread_id") == thread_id]

    def shown_in(self, thread_id: int | None = None) -> list[tuple]:
        """incoming.summary of each message in the topic but its service messages, in order."""
        return [
            incoming.summary(m)
            for m in self.messages_in(thread_id)
            if not any(key.startswith("forum_topic_") for key in m)
        ]
