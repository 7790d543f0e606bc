"""python-telegram-bot handlers of conversations with the team (registered by
botapp.chat.handlers): the Ask press and /person, /end and the conversation's buttons, what
members write in the team group (and /connect, /close there), and the bot's own membership."""

import warnings

from telegram import ChatMember, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes
from telegram.warnings import PTBUserWarning

from botapp.chat.runtime import run_sync
from botapp.chat.updates import language_of
from botapp.handoff import connecting, conversations, relay
from botapp.handoff.buttons import BLOCK, END, HELPFUL, TEAM_ACTIONS, read
from botapp.handoff.conversations import Asker, Said
from botapp.handoff.models import Conversation
from botapp.handoff.sending import group_gone

ClosedBy = Conversation.ClosedBy
MEMBERS = (ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER)


def _markup(said: Said) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup.de_json({"inline_keyboard": said.rows}, None) if said.rows else None


async def say(message: Message, said: Said) -> None:
    """Answer the user's message (its words are the map's, as HTML)."""
    await message.reply_text(said.text, parse_mode=ParseMode.HTML, reply_markup=_markup(said))


async def tell_user(context, chat_id: int, said: Said) -> None:
    await context.bot.send_message(
        chat_id, said.text, parse_mode=ParseMode.HTML, reply_markup=_markup(said)
    )


def _asker(update: Update, data: str, message_id: int) -> Asker:
    user = update.effective_user
    return Asker(
        update.effective_chat.id,
        user.first_name or "",
        user.username or "",
        language_of(update),
        data,
        message_id,
    )


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Ask a person" under a step: open a conversation from there."""
    query = update.callback_query
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    said = await run_sync(
        conversations.open_conversation, _asker(update, query.data, query.message.message_id)
    )
    context.application.create_task(query.answer(), update=update)
    await say(query.message, said)


async def on_person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/person: a conversation from anywhere (the default map)."""
    message = update.effective_message
    said = await run_sync(conversations.open_conversation, _asker(update, "", message.message_id))
    await say(message, said)


async def on_end(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/end: the user closes their conversation."""
    open_one = await run_sync(conversations.open_conversation_of, update.effective_chat.id)
    if open_one is not None:
        await _closed(context, open_one.pk, ClosedBy.USER, update.effective_chat.id)


async def _closed(context, conversation_id: int, closed_by: str, user_chat_id=None) -> bool:
    """Close the conversation: the user gets the closing words, the topic is closed."""
    closed = await run_sync(conversations.close, conversation_id, closed_by, user_chat_id)
    if closed is None:
        return False
    if closed_by == ClosedBy.BLOCKED:
        await run_sync(conversations.block, closed)
    said = await run_sync(conversations.closing_words, closed)
    try:
        await tell_user(context, closed.user_chat_id, said)
    except TelegramError:
        pass  # the user blocked the bot meanwhile: nothing to tell
    topic = closed.topic
    if topic.thread_id:
        try:
            await context.bot.close_forum_topic(topic.group.chat_id, topic.thread_id)
        except TelegramError:
            pass  # closed already, deleted, or the group is gone: the next card reopens it
    return True


async def on_conversation_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    found = read(query.data)
    if found is None:
        return
    what, conversation_id = found
    chat = update.effective_chat
    if what in TEAM_ACTIONS:
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        member = await context.bot.get_chat_member(chat.id, update.effective_user.id)
        if member.status not in MEMBERS or member.user.is_bot:
            return
        topic = await run_sync(conversations.topic_of, conversation_id)
        if topic is None or topic.group.chat_id != chat.id:
            return
        closed_by = ClosedBy.BLOCKED if what == BLOCK else ClosedBy.TEAM
        await _closed(context, conversation_id, closed_by)
        context.application.create_task(query.answer(), update=update)
        return
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    if what == END:
        await _closed(context, conversation_id, ClosedBy.USER, chat.id)
        context.application.create_task(query.answer(), update=update)
        return
    thanks = await run_sync(conversations.vote, conversation_id, chat.id, what == HELPFUL)
    await query.answer(thanks)


def _command(message: Message) -> str:
    """The message's command without the bot's name ("" when it is none)."""
    text = message.text or ""
    if not text.startswith("/"):
        return ""
    return text.split()[0].split("@")[0].lower()


async def on_group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message in a group: /connect, or a member's message in a user's topic."""
    message = update.effective_message
    member = message.from_user
    if member is None or member.is_bot or message.sender_chat is not None:
        return
    command = _command(message)
    if command == "/connect":
        await on_connect(update, context)
        return
    if not message.is_topic_message or not message.message_thread_id:
        return  # General, or a group without topics
    if not message.text and message.effective_attachment is None:
        return  # a service message (a topic opened, closed, …)
    topic = await run_sync(relay.team_topic, message.chat.id, message.message_thread_id)
    if topic is None:
        return
    if command == "/close":
        await _closed(context, topic.conversation_id, ClosedBy.TEAM)
        return
    if await run_sync(relay.from_team, message, topic):
        await copy_as_answer(context.bot, topic.user_chat_id, message)


async def copy_as_answer(bot, chat_id: int, message: Message) -> None:
    """Copy a member's message to the user's private chat: it may go as the webhook's answer
    (botapp.chat.replies), whose result ("accepted") is no MessageId, so the call is made
    raw rather than with Bot.copy_message."""
    params = {"chat_id": chat_id, "from_chat_id": message.chat.id, "message_id": message.message_id}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Please use 'Bot.copyMessage'", PTBUserWarning)
        await bot.do_api_request("copyMessage", api_kwargs=params)


async def on_connect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    chat = update.effective_chat
    parts = (message.text or "").split()
    code = parts[1] if len(parts) > 1 else ""
    if await run_sync(connecting.usable_code, code) is None:
        await message.reply_text(connecting.WRONG_CODE)
        return
    full = await context.bot.get_chat(chat.id)
    if not full.is_forum:
        await message.reply_text(connecting.NOT_A_FORUM)
        return
    me = await context.bot.get_chat_member(chat.id, context.bot.id)
    if me.status != ChatMember.ADMINISTRATOR or not me.can_manage_topics:
        await message.reply_text(connecting.NOT_ADMIN)
        return
    user = message.from_user
    answer = await run_sync(
        connecting.connect, code, chat.id, full.title or "", user.id, user.full_name
    )
    await message.reply_text(answer)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's own membership changed: a user blocked it, or a group removed or demoted it."""
    change = update.my_chat_member
    status = change.new_chat_member.status
    if change.chat.type == ChatType.PRIVATE:
        if status == ChatMember.BANNED:
            await run_sync(conversations.close_all_of, change.chat.id, ClosedBy.USER_BLOCKED_BOT)
        return
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        group = await run_sync(conversations.group_by_chat, change.chat.id)
        if group is not None:
            await run_sync(group_gone, group, "The bot was removed from the group.")
    elif status == ChatMember.ADMINISTRATOR:
        rights = bool(change.new_chat_member.can_manage_topics)
        await run_sync(connecting.rights_changed, change.chat.id, rights)
    else:
        await run_sync(connecting.rights_changed, change.chat.id, False)
