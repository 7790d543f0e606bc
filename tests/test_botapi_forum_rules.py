"""The Bot API stand-in keeps Telegram's rules for supergroups with topics: who the bot is
there and what it may do, topics opened, edited, closed and deleted, where messages land,
and Telegram's refusals (429 past 20 messages a minute into a group, a user who blocked the
bot, a group the bot was removed from, a deleted topic), with Telegram's words."""

import pytest
from telegram import Bot, ChatMemberAdministrator, ChatMemberMember, Update
from telegram.error import BadRequest, Forbidden, RetryAfter

from botapi_standin.groups import FloodLimit
from tests.botapi_calls import CHAT, call, ok, refused, with_bot


class Clock:
    """A clock a test moves by hand (for the group's limit per minute)."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def api(botapi_server):
    botapi_server.reset()
    return botapi_server


def test_the_group_shows_it_is_a_forum_and_what_the_bot_may_do(api):
    group = api.supergroup("Support team")
    ada = group.add_member(8001, "Ada")
    group.add_member(8002, "Helper bot", is_bot=True, can_manage_topics=True)

    async def steps(bot: Bot):
        me = await bot.get_me()
        chat = await bot.get_chat(group.chat_id)
        mine = await bot.get_chat_member(group.chat_id, me.id)
        member = await bot.get_chat_member(group.chat_id, ada["id"])
        stranger = await bot.get_chat_member(group.chat_id, 8999)
        admins = await bot.get_chat_administrators(group.chat_id)
        return chat, mine, member, stranger, admins

    chat, mine, member, stranger, admins = with_bot(api, steps)
    assert (chat.type, chat.title, chat.is_forum) == ("supergroup", "Support team", True)
    assert isinstance(mine, ChatMemberAdministrator) and mine.can_manage_topics
    assert mine.can_be_edited is False and mine.can_delete_messages
    assert isinstance(member, ChatMemberMember) and member.user.first_name == "Ada"
    assert stranger.status == "left"
    # The owner and this bot; another bot, administrator or not, is left out.
    assert [(a.status, a.user.first_name) for a in admins] == [
        ("creator", "Olga"),
        ("administrator", "Advisor"),
    ]
    group.promote_bot(can_manage_topics=False)
    group.turn_topics(False)
    plain = ok(api, "getChat", chat_id=group.chat_id)
    assert "is_forum" not in plain and plain["type"] == "supergroup"
    me = ok(api, "getChatMember", chat_id=group.chat_id, user_id=123456)
    assert (me["status"], me["can_manage_topics"]) == ("administrator", False)


def test_a_topic_is_opened_only_in_a_forum_by_a_bot_with_the_right(api):
    group = api.supergroup("Support team", is_forum=False)
    create = {"chat_id": group.chat_id, "name": "Ada · Estimators"}
    assert refused(api, "createForumTopic", **create) == "Bad Request: the chat is not a forum"
    group.turn_topics(True)
    group.promote_bot(can_manage_topics=False)
    assert refused(api, "createForumTopic", **create) == (
        "Bad Request: not enough rights to create a topic"
    )
    group.demote_bot()
    assert refused(api, "createForumTopic", **create) == (
        "Bad Request: not enough rights to create a topic"
    )
    group.promote_bot()
    for empty in ("", "  \n ", "\u200b"):
        answer = refused(api, "createForumTopic", chat_id=group.chat_id, name=empty)
        assert answer == "Bad Request: name must be non-empty"
    too_bright = refused(api, "createForumTopic", icon_color=0x1000000, **create)
    assert too_bright == "Bad Request: invalid icon color specified"

    topic = with_bot(api, lambda bot: bot.create_forum_topic(group.chat_id, "Ada · Estimators"))
    assert (topic.name, topic.icon_color) == ("Ada · Estimators", 0x6FB9F0)
    opening = group.messages_in(topic.message_thread_id)[0]
    assert opening["message_id"] == topic.message_thread_id  # a topic's id is its first message's
    assert opening["forum_topic_created"] == {"name": "Ada · Estimators", "icon_color": 0x6FB9F0}
    # Telegram keeps 128 characters of a longer name, and one space for a run of them.
    long = ok(api, "createForumTopic", chat_id=group.chat_id, name="é" * 200, icon_color=0xFB6F5F)
    assert (long["name"], long["icon_color"]) == ("é" * 128, 0xFB6F5F)
    spaced = ok(api, "createForumTopic", chat_id=group.chat_id, name="  Grace \n\n Hopper ")
    assert spaced["name"] == "Grace Hopper"


def test_messages_land_in_a_topic_or_in_general(api):
    group = api.supergroup()
    thread = ok(api, "createForumTopic", chat_id=group.chat_id, name="Ada")["message_thread_id"]

    async def steps(bot: Bot):
        in_topic = await bot.send_message(group.chat_id, "card", message_thread_id=thread)
        in_general = await bot.send_message(group.chat_id, "hello team")
        return in_topic, in_general

    in_topic, in_general = with_bot(api, steps)
    assert (in_topic.message_thread_id, in_topic.is_topic_message) == (thread, True)
    assert in_topic.reply_to_message.forum_topic_created.name == "Ada"  # Telegram's implicit reply
    assert in_topic.chat.is_forum and in_topic.from_user.is_bot
    assert (in_general.message_thread_id, in_general.is_topic_message) == (None, None)
    assert group.shown_in(thread) == [("text", "card")]
    assert group.shown_in(None) == [("text", "hello team")]
    # General cannot be named; a private chat has no topics; neither has a group without them.
    for chat_id, thread_id in ((group.chat_id, 1), (group.chat_id, 999), (CHAT, thread)):
        answer = refused(api, "sendMessage", chat_id=chat_id, text="x", message_thread_id=thread_id)
        assert answer == "Bad Request: message thread not found"
    group.turn_topics(False)
    plain = ok(api, "sendMessage", chat_id=group.chat_id, text="x", message_thread_id=thread)
    assert "message_thread_id" not in plain and "is_topic_message" not in plain


def test_a_topic_is_renamed_closed_reopened_and_deleted(api):
    group = api.supergroup()
    thread = ok(api, "createForumTopic", chat_id=group.chat_id, name="Ada")["message_thread_id"]
    on_topic = {"chat_id": group.chat_id, "message_thread_id": thread}
    assert ok(api, "editForumTopic", name="Ada · Pipelines", **on_topic) is True
    assert group.topic(thread).name == "Ada · Pipelines"
    assert refused(api, "editForumTopic", name="Ada · Pipelines", **on_topic) == (
        "Bad Request: TOPIC_NOT_MODIFIED"
    )
    assert ok(api, "editForumTopic", **on_topic) is True  # nothing to change: TDLib says yes
    assert ok(api, "closeForumTopic", **on_topic) is True
    assert refused(api, "closeForumTopic", **on_topic) == "Bad Request: TOPIC_NOT_MODIFIED"
    assert ok(api, "sendMessage", text="still here", **on_topic)  # an admin may post in it
    assert ok(api, "reopenForumTopic", **on_topic) is True
    assert refused(api, "reopenForumTopic", **on_topic) == "Bad Request: TOPIC_NOT_MODIFIED"
    events = [m for m in group.messages_in(thread) if "text" not in m]
    assert [sorted(k for k in m if k.startswith("forum_topic_")) for m in events] == [
        ["forum_topic_created"],
        ["forum_topic_edited"],
        ["forum_topic_closed"],
        ["forum_topic_reopened"],
    ]
    assert events[1]["forum_topic_edited"] == {"name": "Ada · Pipelines"}

    assert with_bot(api, lambda bot: bot.delete_forum_topic(group.chat_id, thread)) is True
    assert group.messages_in(thread) == []  # its messages go with it
    answer = refused(api, "sendMessage", text="are you there?", **on_topic)
    assert answer == "Bad Request: message thread not found"
    for method in ("editForumTopic", "closeForumTopic", "deleteForumTopic"):
        assert refused(api, method, name="x", **on_topic) == "Bad Request: TOPIC_ID_INVALID"
    assert refused(api, "closeForumTopic", chat_id=group.chat_id) == (
        "Bad Request: invalid forum topic identifier specified"
    )


def test_without_rights_the_bot_handles_only_its_own_topics(api):
    group = api.supergroup()
    own = ok(api, "createForumTopic", chat_id=group.chat_id, name="Ada")["message_thread_id"]
    theirs = group.open_topic("Announcements").thread_id
    group.close_topic(theirs)
    group.promote_bot(can_manage_topics=False, can_delete_messages=False)
    on_theirs = {"chat_id": group.chat_id, "message_thread_id": theirs}
    assert refused(api, "sendMessage", text="x", **on_theirs) == "Bad Request: TOPIC_CLOSED"
    assert refused(api, "editForumTopic", name="Mine", **on_theirs) == (
        "Bad Request: not enough rights to edit the topic"
    )
    assert refused(api, "reopenForumTopic", **on_theirs) == (
        "Bad Request: not enough rights to close or open the topic"
    )
    assert refused(api, "deleteForumTopic", **on_theirs) == (
        "Bad Request: not enough rights to delete the topic"
    )
    on_own = {"chat_id": group.chat_id, "message_thread_id": own}
    assert ok(api, "closeForumTopic", **on_own) and ok(api, "deleteForumTopic", **on_own)
    group.promote_bot()
    assert ok(api, "sendMessage", text="x", **on_theirs)["message_thread_id"] == theirs


def test_past_20_messages_a_minute_into_a_group_telegram_answers_429(api):
    clock = Clock()
    api.flood = FloodLimit(clock=clock)
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    for number in range(20):
        clock.now += 1
        ok(api, "sendMessage", chat_id=group.chat_id, text=f"#{number}", message_thread_id=thread)
    answer = call(api, "sendMessage", chat_id=group.chat_id, text="#20", message_thread_id=thread)
    # The first of the 20 went at 1 001 s, now is 1 020 s: one more fits at 1 061 s.
    assert answer == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 41",
        "parameters": {"retry_after": 41},
    }
    with pytest.raises(RetryAfter) as refusal:
        with_bot(api, lambda bot: bot.send_message(group.chat_id, "#20"))
    assert refusal.value.message == "Flood control exceeded. Retry in 41 seconds"
    assert len(group.messages_in(thread)) == 21  # the opening and the 20: nothing more kept
    for _ in range(30):  # a private chat is not this group
        ok(api, "sendMessage", chat_id=CHAT, text="hi")
    clock.now += 41
    assert ok(api, "sendMessage", chat_id=group.chat_id, text="#20", message_thread_id=thread)
    assert call(api, "sendMessage", chat_id=group.chat_id, text="#21")["error_code"] == 429
    clock.now += 60
    api.flood.per_minute = 2
    assert ok(api, "sendMessage", chat_id=group.chat_id, text="#21")
    assert ok(api, "sendMessage", chat_id=group.chat_id, text="#22")
    assert call(api, "sendMessage", chat_id=group.chat_id, text="#23")["parameters"] == {
        "retry_after": 60
    }


def test_a_user_who_blocked_the_bot_gets_nothing(api):
    chat = api.chat(CHAT, "Ada")
    blocked = Update.de_json(chat.block_bot(), None).my_chat_member
    assert (blocked.old_chat_member.status, blocked.new_chat_member.status) == ("member", "kicked")
    answer = call(api, "sendMessage", chat_id=CHAT, text="Are you still there?")
    assert answer == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        with_bot(api, lambda bot: bot.send_message(CHAT, "hello?"))
    assert CHAT not in api.messages
    chat.unblock_bot()
    assert ok(api, "sendMessage", chat_id=CHAT, text="Welcome back")


def test_a_bot_removed_from_the_group_is_refused_there(api):
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    removal = Update.de_json(group.remove_bot(), None).my_chat_member
    assert (removal.chat.id, removal.new_chat_member.status) == (group.chat_id, "kicked")
    kicked = "Forbidden: bot was kicked from the supergroup chat"
    calls = [
        ("sendMessage", {"text": "x", "message_thread_id": thread}),
        ("createForumTopic", {"name": "Grace"}),
        ("getChat", {}),
        ("getChatMember", {"user_id": 123456}),
    ]
    for method, params in calls:
        answer = call(api, method, chat_id=group.chat_id, **params)
        assert (answer["error_code"], answer["description"]) == (403, kicked), method
    group.remove_bot(banned=False)
    with pytest.raises(Forbidden, match="bot is not a member of the supergroup chat"):
        with_bot(api, lambda bot: bot.send_message(group.chat_id, "x"))
    assert refused(api, "sendMessage", chat_id=-1009999999999, text="x") == (
        "Bad Request: chat not found"
    )
    with pytest.raises(BadRequest, match="Chat not found"):
        with_bot(api, lambda bot: bot.create_forum_topic(-1009999999999, "x"))


def test_members_write_and_press_in_the_group_as_telegram_delivers_it(api):
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    grace = group.add_member(8001, "Grace")
    keyboard = {"inline_keyboard": [[{"text": "✅ Resolved", "callback_data": "resolve:1"}]]}
    card = ok(
        api,
        "sendMessage",
        chat_id=group.chat_id,
        message_thread_id=thread,
        text="Ada asks",
        reply_markup=keyboard,
    )
    press = Update.de_json(group.press_update(grace, "✅ Resolved", card), None).callback_query
    assert (press.from_user.first_name, press.data) == ("Grace", "resolve:1")
    assert (press.message.chat.id, press.message.message_thread_id) == (group.chat_id, thread)
    command = Update.de_json(group.message_update(grace, "/connect 4F7Q-2KD9"), None).message
    assert command.text == "/connect 4F7Q-2KD9" and command.chat.type == "supergroup"
    assert command.entities[0].type == "bot_command" and command.message_thread_id is None
    assert group.shown_in(thread) == [("text", "Ada asks")]
    assert group.shown_in(None) == [("text", "/connect 4F7Q-2KD9")]
