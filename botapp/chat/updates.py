"""Handle each Telegram update once: compute its screen and record it in one INSERT
(botapp.recording).

The INSERT is the update's last database statement and its only write: a re-delivered
update finds its row and is not answered again, and an update whose handling failed before
it leaves no row, so Telegram's retry is handled afresh (see ``botapp.chat.views``).
"""

from telegram import Update

from advisor.core.engine import Screen
from botapp.models import HandledUpdate
from botapp.recording import record_once

Kind = HandledUpdate.Kind
#: Telegram's ids fit in a signed 64-bit integer, as do the columns that store them.
ID_RANGE = range(-(2**63), 2**63)


def chat_id_of(update: Update) -> int | None:
    """The chat an update belongs to (the user's id for a private chat)."""
    source = update.effective_chat or update.effective_user
    return source.id if source else None


def language_of(update: Update) -> str:
    """The user's language as Telegram sends it ("" when it does not)."""
    user = update.effective_user
    return (user.language_code or "") if user else ""


def unanswerable(update: Update) -> str | None:
    """Why an update of a kind the bot handles can never be answered, or None if it can."""
    if update.message and update.message.chat is None:
        return "its message has no chat"
    ids = [update.update_id]
    if update.message or update.callback_query:
        ids.append(chat_id_of(update))
    if not all(type(value) is int and value in ID_RANGE for value in ids):
        return "its ids are not 64-bit integers"
    return None


def screen_once(update: Update, kind: str, compute, *args) -> Screen | None:
    """The screen ``compute(*args)`` answers with, or None if this update was handled before."""
    screen = compute(*args)
    path = (update.callback_query.data or "") if update.callback_query else ""
    if kind == Kind.ANSWER:
        kind = Kind.STALE if screen.notice else Kind.ANSWER if screen.node_id else Kind.GOODBYE
        kind = Kind.VOTE if screen.vote is not None else kind
    elif kind == Kind.START and screen.shared:
        kind = Kind.SHARED
    chat_id = chat_id_of(update)
    recorded = record_once(update.update_id, chat_id, kind, screen, path, language_of(update))
    return screen if recorded else None
