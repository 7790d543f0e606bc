"""python-telegram-bot handlers: thin translators between Telegram and advisor.conversation."""

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from advisor import conversation
from advisor.engine import HINT_TEXT, Screen
from botapp.runtime import record_handler_error, run_sync

logger = logging.getLogger(__name__)

#: The update kinds the bot handles (also sent to Telegram by setwebhook and runbot).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    """The screen's buttons as an inline keyboard."""
    if not screen.rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(c.label, callback_data=c.data) for c in row] for row in screen.rows]
    )


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    screen = await run_sync(conversation.start, user.first_name if user else "")
    await update.effective_message.reply_text(screen.text, reply_markup=keyboard(screen))


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    screen = await run_sync(conversation.goodbye)
    await update.effective_message.reply_text(screen.text)


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(HINT_TEXT)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    screen = await run_sync(conversation.press, query.data)
    await query.answer(screen.notice or None)
    try:
        await query.edit_message_text(screen.text, reply_markup=keyboard(screen))
    except BadRequest as error:
        # A double press asks for the screen already shown: nothing to change.
        if "message is not modified" not in error.message.lower():
            raise


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed: %r", update_id, context.error)
    record_handler_error(context.error)


def add_handlers(application: Application) -> None:
    application.add_handler(CommandHandler("start", on_start))
    application.add_handler(CommandHandler("cancel", on_cancel))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.ALL, on_other_message))
    application.add_error_handler(on_error)
