"""python-telegram-bot handlers: thin translators between Telegram and advisor.conversation."""

import logging

from telegram import (
    BotCommand,
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from advisor import conversation
from advisor.core.callbacks import ASK_PREFIX
from advisor.core.engine import Screen
from advisor.core.texts import MENU, Wording
from botapp.chat.photos import with_photo
from botapp.chat.reasons import hint_once, look_up, reason_once
from botapp.chat.runtime import record_handler_error, run_sync
from botapp.chat.settings import bot_username
from botapp.chat.updates import Kind, chat_id_of, language_of, screen_once
from botapp.handoff import handlers as handoff
from botapp.handoff.buttons import PREFIX as CONVERSATION_BUTTON
from botapp.handoff.relay import from_user

logger = logging.getLogger(__name__)

#: The update kinds the bot handles (also sent to Telegram by setwebhook and runbot).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


def menu_commands(words: Wording) -> list[BotCommand]:
    """The commands shown in the Telegram client's menu, described in one language."""
    return [BotCommand(command, words[key]) for command, key in MENU]


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    """The screen's buttons as an inline keyboard."""
    if not screen.rows:
        return None
    return InlineKeyboardMarkup([[_button(choice) for choice in row] for row in screen.rows])


def _button(choice) -> InlineKeyboardButton:
    if choice.url:
        return InlineKeyboardButton(choice.label, url=choice.url)
    return InlineKeyboardButton(choice.label, callback_data=choice.data)


async def reply(update: Update, kind: str, compute, *args) -> None:
    """Answer a message with the screen ``compute`` gives, once per update."""
    screen = await run_sync(screen_once, update, kind, compute, *args)
    if screen is not None:
        await send(update.effective_message, screen)


async def send(message: Message, screen: Screen) -> None:
    """Send ``screen`` to the message's chat: its text, or its picture with the text as caption."""
    markup = keyboard(screen)
    if not screen.picture:
        await message.reply_text(screen.text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return

    def photo_message(photo):
        return message.reply_photo(
            photo, caption=screen.text, parse_mode=ParseMode.HTML, reply_markup=markup
        )

    await with_photo(message.get_bot(), screen.picture, photo_message)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    slug = context.args[0] if context.args else ""  # a deep link: t.me/<bot>?start=<slug>
    first_name = user.first_name if user else ""
    language = language_of(update)
    await reply(
        update, Kind.START, conversation.start, first_name, slug, language, False, bot_username()
    )


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, Kind.HELP, conversation.help_text, language_of(update))


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, Kind.GOODBYE, conversation.goodbye, language_of(update))


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    lookup = await run_sync(look_up, chat_id_of(update))
    if lookup.conversation is not None:  # a conversation with the team: it goes to them
        said = await run_sync(from_user, message, lookup.conversation)
        if said is not None:
            await handoff.say(message, said)
        return
    replied_to = message.reply_to_message
    if (
        message.text
        and replied_to
        and replied_to.from_user
        and replied_to.from_user.id == context.bot.id
    ):
        # Perhaps what the user was looking for (botapp.chat.reasons tells), else the hint.
        screen = await run_sync(reason_once, update, message.text, lookup)
    else:
        screen = await run_sync(hint_once, update, lookup.revision)
    if screen is not None:
        await send(message, screen)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    language = language_of(update)
    screen = await run_sync(
        screen_once, update, Kind.ANSWER, conversation.press, query.data, language, bot_username()
    )
    if screen is None:
        return
    # Stop the button's spinner on the side, without holding up the edit: under the webhook
    # the edit goes back in its answer (botapp.chat.replies), which need not wait for this call.
    context.application.create_task(query.answer(screen.notice or None), update=update)
    await edit(query, screen)
    if screen.ask_reason:  # after "👎 No": a question the user answers by replying
        await query.message.reply_text(
            screen.ask_reason, parse_mode=ParseMode.HTML, reply_markup=ForceReply()
        )


async def edit(query: CallbackQuery, screen: Screen) -> None:
    """Show ``screen`` in place of the pressed message (docs/bot.md, "Pictures in the chat")."""
    try:
        await _edit(query, screen)
    except BadRequest as error:
        # A double press asks for the screen already shown: nothing to change.
        if "message is not modified" not in error.message.lower():
            raise


async def _edit(query: CallbackQuery, screen: Screen) -> None:
    markup = keyboard(screen)
    if screen.picture:  # a text message takes a photo too

        def photo_message(photo):
            media = InputMediaPhoto(photo, caption=screen.text, parse_mode=ParseMode.HTML)
            return query.edit_message_media(media, reply_markup=markup)

        await with_photo(query.get_bot(), screen.picture, photo_message)
    elif getattr(query.message, "photo", None):
        # A photo message cannot become text: its buttons go, then the screen comes as a new
        # message. The buttons go first, so that a double press stops at "not modified".
        await query.edit_message_reply_markup(None)
        await send(query.message, screen)
    else:
        await query.edit_message_text(screen.text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a handler's error, unless the webhook waits for it (the view logs it once)."""
    if not record_handler_error(context.error):
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("update %s failed: %r", update_id, context.error)


def add_handlers(application: Application) -> None:
    new_messages = filters.UpdateType.MESSAGE  # edits of old messages are ignored
    private = filters.ChatType.PRIVATE & new_messages
    # The team's groups: /connect, and members' messages in users' topics (botapp.handoff).
    groups = filters.ChatType.GROUPS & new_messages
    application.add_handler(MessageHandler(groups, handoff.on_group_message))
    application.add_handler(ChatMemberHandler(handoff.on_my_chat_member))
    application.add_handler(CommandHandler("person", handoff.on_person, filters=private))
    application.add_handler(CommandHandler("end", handoff.on_end, filters=private))
    application.add_handler(CallbackQueryHandler(handoff.on_ask, pattern=f"^{ASK_PREFIX}"))
    application.add_handler(
        CallbackQueryHandler(handoff.on_conversation_button, pattern=f"^{CONVERSATION_BUTTON}")
    )
    application.add_handler(CommandHandler("start", on_start, filters=new_messages))
    application.add_handler(CommandHandler("cancel", on_cancel, filters=new_messages))
    application.add_handler(CommandHandler("help", on_help, filters=new_messages))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(new_messages, on_other_message))
    application.add_error_handler(on_error)
