"""Supergroups in the Bot API stand-in: members, the bot's place and rights, forum topics, and
Telegram's limit on messages into one group.

Shapes and checks follow telegram-bot-api's Client.cpp: JsonChat (a chat in a message, and
getChat's full one), JsonChatMember with json_store_administrator_rights, and check_chat_access
(a bot banned from a supergroup is "kicked from" it; one that left "is not a member of" it).
"""

import math
import time
from collections import deque
from dataclasses import dataclass, field

from botapi_standin.messages import BOT_USER
from botapi_standin.rules import ApiError, bad_request

#: A supergroup's id: -100 followed by its channel id (Client::get_supergroup_chat_id).
SUPERGROUP_ID_BASE = -1_000_000_000_000
#: What Telegram lets a bot post into one group (its Bots FAQ: "no more than 20 messages
#: per minute in the same group").
GROUP_MESSAGES_PER_MINUTE = 20
#: The administrator rights of a supergroup, in the order the Bot API lists them.
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_change_info",
    "can_delete_messages",
    "can_invite_users",
    "can_restrict_members",
    "can_pin_messages",
    "can_manage_topics",
    "can_promote_members",
    "can_manage_video_chats",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_manage_tags",
    "is_anonymous",
)
#: The rights a group's owner ticks by default when making a bot an administrator.
DEFAULT_BOT_RIGHTS = {
    right: right not in ("can_promote_members", "is_anonymous") for right in ADMIN_RIGHTS
}
#: The members' default permissions (ChatPermissions): everything but changing the group;
#: "can_manage_topics" there is the members' right to create topics.
MEMBER_PERMISSIONS = (
    "can_send_messages",
    "can_send_media_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)
CLOSED_TO_MEMBERS = {"can_change_info", "can_pin_messages", "can_manage_topics"}


class FloodLimit:
    """Telegram's limit on the bot's messages into one group: past ``per_minute`` in the last
    60 seconds of ``clock``, a send is answered 429 with the seconds until one fits."""

    def __init__(self, per_minute: int = GROUP_MESSAGES_PER_MINUTE, clock=time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self.sent: dict[int, deque] = {}

    def take(self, chat_id: int, count: int = 1) -> None:
        """Count ``count`` messages into the chat, or refuse them all as Telegram does."""
        now = self.clock()
        sent = self.sent.setdefault(chat_id, deque())
        while sent and sent[0] <= now - 60:
            sent.popleft()
        excess = len(sent) + count - self.per_minute
        if excess > 0:  # room comes when the excess-th oldest leaves the window
            fits_at = sent[excess - 1] + 60 if excess <= len(sent) else now + 60
            retry_after = max(1, math.ceil(fits_at - now))
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        sent.extend([now] * count)


@dataclass
class Topic:
    """A forum topic; its id is the id of the service message that created it."""

    thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str = ""
    by_bot: bool = False  # the bot created it (TDLib's is_outgoing: it may edit and close it)
    closed: bool = False
    deleted: bool = False

    def as_forum_topic(self) -> dict:
        """The ForumTopic object createForumTopic answers with (JsonForumTopicInfo)."""
        topic = {"message_thread_id": self.thread_id, "name": self.name}
        topic["icon_color"] = self.icon_color
        if self.icon_custom_emoji_id:
            topic["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return topic


@dataclass
class Supergroup:
    """A supergroup: title, topics on or off, members by user id, and the bot's place."""

    id: int
    title: str
    is_forum: bool
    members: dict[int, dict] = field(default_factory=dict)  # user id -> ChatMember
    topics: dict[int, Topic] = field(default_factory=dict)
    members_may_create_topics: bool = False

    def as_chat(self) -> dict:
        """The group as the Bot API shows it in a message (JsonChat, not full)."""
        chat = {"id": self.id, "title": self.title}
        if self.is_forum:
            chat["is_forum"] = True
        chat["type"] = "supergroup"
        return chat

    def as_full_chat(self) -> dict:
        """getChat's ChatFullInfo (JsonChat with is_full)."""
        permissions = {name: name not in CLOSED_TO_MEMBERS for name in MEMBER_PERMISSIONS}
        permissions["can_manage_topics"] = self.members_may_create_topics
        return {
            **self.as_chat(),
            "permissions": permissions,
            "accepted_gift_types": dict.fromkeys(GIFT_TYPES, False),
            "max_reaction_count": 11,
            "accent_color_id": self.id % 7,  # a chat without its own color gets one by its id
        }

    def status_of(self, user_id: int) -> str:
        return self.members.get(user_id, {}).get("status", "left")

    def may(self, user_id: int, right: str) -> bool:
        """Whether the member is the owner, or an administrator with ``right``."""
        member = self.members.get(user_id, {})
        return member.get("status") == "creator" or bool(member.get(right))

    def join(self, user: dict, status: str = "member", **rights) -> dict:
        """Make ``user`` a member with ``status`` (an administrator gets ``rights`` over
        DEFAULT_BOT_RIGHTS); its ChatMember."""
        member = {"user": user, "status": status}
        if status == "administrator":
            member["can_be_edited"] = False
            member.update({**DEFAULT_BOT_RIGHTS, **rights})
            member["can_manage_voice_chats"] = member["can_manage_video_chats"]
        elif status == "creator":
            member["is_anonymous"] = False
        elif status == "kicked":
            member["until_date"] = 0
        self.members[user["id"]] = member
        return member


class GroupMethods:
    """The methods of BotApiStandIn about chats: getChat, getChatMember,
    getChatAdministrators, and the checks every send into a chat passes (it holds
    ``groups``, ``blocked``, ``flood`` and ``messages``)."""

    def _group(self, params: dict) -> Supergroup:
        """The supergroup ``chat_id`` names, with Telegram's refusals (check_chat)."""
        raw = params.get("chat_id")
        if raw in (None, ""):
            raise bad_request("chat_id is empty")
        group = self.groups.get(_integer(raw))
        if group is None:
            raise bad_request("chat not found")
        status = group.status_of(BOT_USER["id"])
        if status == "kicked":
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        if status == "left":
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return group

    def api_getChat(self, params):
        if _integer(params.get("chat_id")) > 0:
            raise ApiError(501, "Not Implemented: the stand-in's getChat knows groups only")
        return self._group(params).as_full_chat()

    def api_getChatMember(self, params):
        group = self._group(params)
        user_id = _integer(params.get("user_id"))
        if user_id == 0:
            raise bad_request("invalid user_id specified")
        member = group.members.get(user_id)
        if member is None:  # Telegram answers "left" for someone who is not in the group
            return {"user": {"id": user_id, "is_bot": False, "first_name": ""}, "status": "left"}
        return member

    def api_getChatAdministrators(self, params):
        """The owner and administrators; other bots are left out, this bot is not
        (JsonChatMembers with return_bots false)."""
        group = self._group(params)
        return [
            member
            for user_id, member in group.members.items()
            if member["status"] in ("creator", "administrator")
            and (not member["user"]["is_bot"] or user_id == BOT_USER["id"])
        ]

    def _destination(self, params: dict, count: int = 1) -> dict:
        """Where a new message goes: its chat and topic fields, after Telegram's checks in
        its order (the chat, the topic, the server's refusals, then the group's limit)."""
        chat_id = _integer(params.get("chat_id"))
        thread_id = max(0, _integer(params.get("message_thread_id")))
        if chat_id > 0:
            if thread_id:  # a private chat with the bot has no topics
                raise bad_request("message thread not found")
            if chat_id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return {"chat": {"id": chat_id, "type": "private"}}
        group = self._group(params)
        place = {"chat": group.as_chat()}
        if thread_id and group.is_forum:
            topic = group.topics.get(thread_id)
            if topic is None or topic.deleted:  # the General topic (1) too
                raise bad_request("message thread not found")
            if topic.closed and not group.may(BOT_USER["id"], "can_manage_topics"):
                raise bad_request("TOPIC_CLOSED")
            place.update(message_thread_id=thread_id, is_topic_message=True)
            opening = self.messages.get(group.id, {}).get(thread_id)
            if opening is not None:  # a topic's messages reply to its first one implicitly
                place["reply_to_message"] = dict(opening)
        self.flood.take(chat_id, count)
        return place


def _integer(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
