"""Forum topics in the Bot API stand-in: create, edit, close, reopen and delete, as Telegram does.

Checks and their words come from TDLib's ForumTopicManager (is_forum, the rights checks, and
clean_name: a name is trimmed, its runs of spaces and newlines made one space, and cut at 128
characters) and from the Telegram server (TOPIC_NOT_MODIFIED, TOPIC_ID_INVALID). A topic's id
is the id of the service message that opened it; sends to a deleted topic fail with "message
thread not found" (groups.py).
"""

import re
import time

from botapi_standin.groups import Supergroup, Topic
from botapi_standin.messages import BOT_USER
from botapi_standin.rules import bad_request

NAME_LIMIT = 128  # characters (TDLib's MAX_FORUM_TOPIC_TITLE_LENGTH)
#: The colors a topic's icon may have (Bot API createForumTopic); the stand-in gives other
#: values the first one.
ICON_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)
#: Characters TDLib's strip_empty_characters turns into a space.
WIDE_SPACES = re.compile("[\u1680\u180e\u2000-\u200a\u202e\u202f\u205f\u2800\u3000\ufffc\xa0]")
#: Characters that do not make a name non-empty (zero-width ones, direction marks, BOM).
INVISIBLE = re.compile("[\u200b-\u200f\u202e\ufeff\xa0 \n]")


def clean_name(name: str) -> str:
    """A topic name as TDLib keeps it (clean_name); "" if nothing visible is left."""
    name = WIDE_SPACES.sub(" ", name).strip(" \n")[:NAME_LIMIT].strip(" \n")
    if not INVISIBLE.sub("", name):
        return ""
    return re.sub("[ \n]+", " ", name).strip()


def service_message(message_id: int, group: Supergroup, sender: dict, topic: Topic, **event):
    """A service message in the topic (forum_topic_created, _edited, _closed, _reopened)."""
    return {
        "message_id": message_id,
        "from": sender,
        "chat": group.as_chat(),
        "date": int(time.time()),
        "message_thread_id": topic.thread_id,
        **event,
        "is_topic_message": True,
    }


class ForumTopicMethods:
    """The methods of BotApiStandIn for forum topics (it holds ``groups`` and ``messages``)."""

    def _forum(self, params: dict) -> Supergroup:
        group = self._group(params)
        if not group.is_forum:
            raise bad_request("The chat is not a forum")
        return group

    def _topic_of(self, group: Supergroup, params: dict, refusal: str, right: str) -> Topic:
        """The topic ``message_thread_id`` names, if the bot may act on it: with ``right``,
        or on a topic it created (TDLib checks the rights of topics it knows)."""
        try:
            thread_id = int(params.get("message_thread_id") or 0)
        except ValueError:
            thread_id = 0
        if thread_id <= 0:
            raise bad_request("Invalid forum topic identifier specified")
        topic = group.topics.get(thread_id)
        known = topic is not None and not topic.deleted
        if known and not topic.by_bot and not group.may(BOT_USER["id"], right):
            raise bad_request(refusal)
        if not known:
            raise bad_request("TOPIC_ID_INVALID")
        return topic

    def post_event(self, group: Supergroup, topic: Topic, sender: dict, **event) -> dict:
        """Post a service message about the topic (e.g. ``forum_topic_closed={}``) as
        ``sender``."""
        message = service_message(next(self._ids), group, sender, topic, **event)
        if topic.thread_id in self.messages.get(group.id, {}):
            message["reply_to_message"] = dict(self.messages[group.id][topic.thread_id])
        self.messages.setdefault(group.id, {})[message["message_id"]] = message
        return message

    def open_topic(self, group: Supergroup, name: str, sender: dict, color: int = 0, emoji=""):
        """Open a topic in the group as ``sender``; the topic (its service message kept)."""
        color = color if color in ICON_COLORS else ICON_COLORS[0]
        topic = Topic(next(self._ids), name, color, emoji, by_bot=sender == BOT_USER)
        group.topics[topic.thread_id] = topic
        created = {"name": name, "icon_color": color}
        if emoji:
            created["icon_custom_emoji_id"] = emoji
        event = {"forum_topic_created": created}
        opening = service_message(topic.thread_id, group, sender, topic, **event)
        self.messages.setdefault(group.id, {})[topic.thread_id] = opening
        return topic

    def remove_topic(self, group: Supergroup, topic: Topic) -> None:
        """Delete the topic with all its messages."""
        topic.deleted = True
        kept = self.messages.get(group.id, {})
        for message_id, message in list(kept.items()):
            if message.get("message_thread_id") == topic.thread_id:
                del kept[message_id]

    def api_createForumTopic(self, params):
        group = self._forum(params)
        bot = group.members[BOT_USER["id"]]
        may_create = group.may(BOT_USER["id"], "can_manage_topics") or (
            bot["status"] == "member" and group.members_may_create_topics
        )
        if not may_create:
            raise bad_request("Not enough rights to create a topic")
        name = clean_name(params.get("name") or "")
        if not name:
            raise bad_request("Name must be non-empty")
        color = int(params.get("icon_color") or 0)
        if not 0 <= color <= 0xFFFFFF:
            raise bad_request("Invalid icon color specified")
        emoji = str(params.get("icon_custom_emoji_id") or "")
        return self.open_topic(group, name, BOT_USER, color, emoji).as_forum_topic()

    def api_editForumTopic(self, params):
        group = self._forum(params)
        refusal = "Not enough rights to edit the topic"
        topic = self._topic_of(group, params, refusal, "can_manage_topics")
        raw_name = params.get("name") or ""
        name = clean_name(raw_name)
        if raw_name and not name:
            raise bad_request("Name must be non-empty")
        edits_emoji = "icon_custom_emoji_id" in params
        if not name and not edits_emoji:
            return True  # TDLib answers without asking the server
        emoji = topic.icon_custom_emoji_id
        if edits_emoji:
            emoji = str(params.get("icon_custom_emoji_id") or "")
        if (name or topic.name, emoji) == (topic.name, topic.icon_custom_emoji_id):
            raise bad_request("TOPIC_NOT_MODIFIED")
        edited = {"name": name} if name else {}
        if edits_emoji:
            edited["icon_custom_emoji_id"] = emoji
        topic.name, topic.icon_custom_emoji_id = name or topic.name, emoji
        self.post_event(group, topic, BOT_USER, forum_topic_edited=edited)
        return True

    def _set_closed(self, params: dict, closed: bool) -> bool:
        group = self._forum(params)
        refusal = "Not enough rights to close or open the topic"
        topic = self._topic_of(group, params, refusal, "can_manage_topics")
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        event = "forum_topic_closed" if closed else "forum_topic_reopened"
        self.post_event(group, topic, BOT_USER, **{event: {}})
        return True

    def api_closeForumTopic(self, params):
        return self._set_closed(params, True)

    def api_reopenForumTopic(self, params):
        return self._set_closed(params, False)

    def api_deleteForumTopic(self, params):
        group = self._forum(params)
        refusal = "Not enough rights to delete the topic"
        topic = self._topic_of(group, params, refusal, "can_delete_messages")
        self.remove_topic(group, topic)
        return True
