"""Each page view of a step of the web chat is one analytics record, like a Telegram update's:
a HandledUpdate with channel web, the visitor's number as its chat id and the kind the same
press in Telegram gets (botapp.chat.updates). Nothing else of the visitor is kept: no address,
no user agent. One INSERT (botapp.recording, as the bot's), the page's second statement once
the map's graph is cached."""

import secrets

from advisor.core.transcript import Transcript
from botapp.models import Channel, HandledUpdate
from botapp.recording import record_once

Kind = HandledUpdate.Kind
#: Each page view's update id: random, so a reload is one more view and never a duplicate.
UPDATE_IDS = range(2**62)


def kind_of(data: str | None, chat: Transcript) -> str:
    """The kind of a page view: the first page (no ``go``) is a /start; a press is what
    Telegram records for it (an outdated or forged path, an answer, the goodbye). Votes are
    the forms' (botapp.web.records), never a page view."""
    screen = chat.screen
    if data is None:
        return Kind.START
    return Kind.STALE if screen.notice else Kind.ANSWER if screen.node_id else Kind.GOODBYE


def record_view(request, data: str | None, chat: Transcript, visitor: int) -> None:
    """Record a GET's page view of the chat (a HEAD shows nothing to anyone: not counted)."""
    if request.method != "GET":
        return
    update_id = secrets.randbelow(len(UPDATE_IDS))
    kind = kind_of(data, chat)
    record_once(update_id, visitor, kind, chat.screen, data or "", chat.language, Channel.WEB)
