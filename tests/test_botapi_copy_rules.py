"""The Bot API stand-in copies messages as Telegram does: what a user sends the bot (text,
photo, document, voice, sticker, album) reaches a topic of the team's group, and what a member
writes there reaches the user, as the bot's own messages without their author, in order."""

import pytest
from telegram import Bot, MessageId, Update

from botapi_standin import incoming
from botapi_standin.groups import FloodLimit
from tests.botapi_calls import CHAT, call, ok, refused, with_bot


@pytest.fixture
def api(botapi_server):
    botapi_server.reset()
    return botapi_server


def test_what_a_user_sends_is_copied_into_a_topic_in_order(api):
    group = api.supergroup()
    thread = group.open_topic("Ada · Estimators").thread_id
    chat = api.chat(CHAT, "Ada")
    contents = [
        incoming.text("/person I need <b>help</b>"),
        incoming.photo(api, caption="my plot"),
        incoming.document(api, "results.csv", caption="the numbers"),
        incoming.voice(api, 7),
        incoming.sticker(api, "🙏"),
    ]
    updates = [chat.content_update(content) for content in contents]
    sent = [update["message"] for update in updates]
    in_ptb = Update.de_json(updates[1], None).message
    assert (in_ptb.photo[-1].width, in_ptb.caption, in_ptb.from_user.first_name) == (
        1280,
        "my plot",
        "Ada",
    )

    async def steps(bot: Bot):
        return [
            await bot.copy_message(group.chat_id, CHAT, m["message_id"], message_thread_id=thread)
            for m in sent
        ]

    copies = with_bot(api, steps)
    assert all(isinstance(copy, MessageId) for copy in copies)
    shown = group.shown_in(thread)
    assert shown == [
        ("text", "/person I need <b>help</b>"),
        ("photo", sent[1]["photo"][-1]["file_unique_id"], "my plot"),
        ("document", "results.csv", "the numbers"),
        ("voice", 7),
        ("sticker", "🙏"),
    ]
    arrived = group.messages_in(thread)[1:]
    assert [m["message_id"] for m in arrived] == [copy.message_id for copy in copies]
    for original, copy in zip(sent, arrived, strict=True):
        assert copy["from"]["username"] == "advisor_test_bot"  # the user's name stays private
        assert "forward_origin" not in copy and copy["is_topic_message"]
        assert api.copied_from(group.chat_id, copy["message_id"]) == (CHAT, original["message_id"])
    assert arrived[0]["entities"] == sent[0]["entities"]  # the command's entity comes along


def test_a_members_reply_in_the_topic_is_copied_back_to_the_user(api):
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    grace = group.add_member(8001, "Grace")
    reply = Update.de_json(group.message_update(grace, "Try LinearSVC", thread), None).message
    assert (reply.message_thread_id, reply.is_topic_message) == (thread, True)
    assert reply.reply_to_message.forum_topic_created.name == "Ada"
    assert (reply.from_user.first_name, reply.from_user.is_bot) == ("Grace", False)
    picture = group.message_update(grace, incoming.photo(api), thread)["message"]
    in_general = Update.de_json(group.message_update(grace, "lunch?"), None).message
    assert (in_general.message_thread_id, in_general.is_topic_message) == (None, None)
    other_bot = group.add_member(8002, "Helper", is_bot=True)
    from_bot = Update.de_json(group.message_update(other_bot, "beep", thread), None).message
    assert from_bot.from_user.is_bot and from_bot.is_topic_message

    async def steps(bot: Bot):
        first = await bot.copy_message(CHAT, group.chat_id, reply.message_id)
        second = await bot.copy_message(CHAT, group.chat_id, picture["message_id"])
        return first, second

    first, second = with_bot(api, steps)
    chat = api.chat(CHAT, "Ada")
    seen = chat.bot_messages()
    assert [incoming.summary(m) for m in seen] == [
        ("text", "Try LinearSVC"),
        ("photo", picture["photo"][-1]["file_unique_id"], ""),
    ]
    assert [m["message_id"] for m in seen] == [first.message_id, second.message_id]
    assert seen[0]["from"]["is_bot"] and "message_thread_id" not in seen[0]
    assert api.copied_from(CHAT, seen[0]["message_id"]) == (group.chat_id, reply.message_id)
    edit = {"chat_id": group.chat_id, "message_id": reply.message_id, "text": "x"}
    assert refused(api, "editMessageText", **edit) == "Bad Request: message can't be edited"


def test_a_copy_takes_a_new_caption_and_only_what_telegram_can_copy(api):
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    chat = api.chat(CHAT, "Ada")
    photo = chat.content_update(incoming.photo(api, caption="old"))["message"]
    words = chat.content_update(incoming.text("plain words"))["message"]
    into = {"chat_id": group.chat_id, "message_thread_id": thread, "from_chat_id": CHAT}
    new_caption = {"caption": "<b>new</b>", "parse_mode": "HTML"}
    recaptioned = ok(api, "copyMessage", message_id=photo["message_id"], **new_caption, **into)
    kept = group.messages_in(thread)[-1]
    assert kept["message_id"] == recaptioned["message_id"] and kept["caption"] == "new"
    assert kept["caption_entities"] == [{"type": "bold", "offset": 0, "length": 3}]
    ok(api, "copyMessage", message_id=words["message_id"], caption="ignored", **into)
    assert group.shown_in(thread)[-1] == ("text", "plain words")
    opening = {**into, "from_chat_id": group.chat_id, "message_id": thread}  # a service message
    assert refused(api, "copyMessage", **opening) == "Bad Request: the message can't be copied"
    assert refused(api, "copyMessage", message_id=999_999, **into) == (
        "Bad Request: message to copy not found"
    )
    answer = refused(api, "copyMessage", chat_id=group.chat_id, message_id=photo["message_id"])
    assert answer == 'Bad Request: parameter "from_chat_id" is required'
    chat.block_bot()
    back = {"chat_id": CHAT, "from_chat_id": group.chat_id, "message_id": kept["message_id"]}
    answer = call(api, "copyMessage", **back)
    assert (answer["error_code"], answer["description"]) == (
        403,
        "Forbidden: bot was blocked by the user",
    )


def test_an_album_is_copied_as_one_album(api):
    group = api.supergroup()
    thread = group.open_topic("Ada").thread_id
    chat = api.chat(CHAT, "Ada")
    album = [chat.content_update(part)["message"] for part in incoming.album(api, 3, "three plots")]
    assert len({m["media_group_id"] for m in album}) == 1 and album[0]["caption"] == "three plots"
    ids = [m["message_id"] for m in album]

    async def steps(bot: Bot):  # a message that is not there is skipped
        return await bot.copy_messages(
            group.chat_id, CHAT, [*ids, 999_999], message_thread_id=thread
        )

    copies = with_bot(api, steps)
    arrived = group.messages_in(thread)[1:]
    assert [m["message_id"] for m in arrived] == [copy.message_id for copy in copies]
    assert len(arrived) == 3 and arrived[0]["caption"] == "three plots"
    groups = {m["media_group_id"] for m in arrived}
    assert len(groups) == 1 and groups != {album[0]["media_group_id"]}  # a new album
    into = {"chat_id": group.chat_id, "from_chat_id": CHAT}
    assert refused(api, "copyMessages", message_ids=[ids[1], ids[0]], **into) == (
        "Bad Request: message identifiers must be in a strictly increasing order"
    )
    assert refused(api, "copyMessages", message_ids=[999_998, 999_999], **into) == (
        "Bad Request: messages can't be forwarded"
    )
    assert refused(api, "copyMessages", message_ids=[], **into) == (
        "Bad Request: message identifiers are not specified"
    )
    bare = ok(api, "copyMessages", message_ids=ids, remove_caption=True, **into)
    in_general = group.messages_in(None)
    assert [m["message_id"] for m in in_general] == [copy["message_id"] for copy in bare]
    assert not any("caption" in m for m in in_general)


def test_copies_count_toward_the_groups_limit_all_or_none(api):
    api.flood = FloodLimit(per_minute=4, clock=lambda: 50.0)
    group = api.supergroup()
    chat = api.chat(CHAT, "Ada")
    ids = [chat.content_update(part)["message"]["message_id"] for part in incoming.album(api)]
    into = {"chat_id": group.chat_id, "from_chat_id": CHAT}
    assert len(ok(api, "copyMessages", message_ids=ids, **into)) == 3
    answer = call(api, "copyMessages", message_ids=ids, **into)
    assert (answer["description"], answer["parameters"]) == (
        "Too Many Requests: retry after 60",
        {"retry_after": 60},
    )
    assert len(group.messages_in(None)) == 3  # none of the three went
    assert ok(api, "copyMessage", message_id=ids[0], **into)
    assert call(api, "copyMessage", message_id=ids[1], **into)["error_code"] == 429
