"""Webhook replies: the message an update's handler sends or edits travels back to Telegram in
the webhook's HTTP response instead of as a Bot API call of its own.

The Bot API allows one method call in the answer to a webhook request ("Making requests when
getting updates"); Telegram executes it after the answer, without telling the bot how it went.
It saves the bot a whole HTTP round trip for most updates (docs/performance.md). Handlers stay
plain python-telegram-bot code: ``ReplyingRequest`` holds the first message call
(``REPLY_METHODS``) of an update being handled under the webhook, and the view answers with it.
A call uploading a file cannot be JSON, so it is made at once, as is every call outside the
webhook (``runbot``'s polling).
"""

import json
from contextvars import ContextVar

from django.http import HttpResponse
from telegram.request import HTTPXRequest, RequestData

#: The calls that may travel in the webhook's answer: the message the user sees (a photo
#: by its file_id, a team member's reply copied to the user). Not editMessageReplyMarkup: its
#: "not modified" tells a double press.
REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "sendPhoto", "editMessageMedia", "copyMessage"}
)
#: What a held call reports to the handler: accepted, result unknown (as Telegram tells us).
ACCEPTED = b'{"ok":true,"result":true}'


class WebhookReply:
    """The one Bot API call held for the webhook's answer while an update is handled."""

    def __init__(self):
        self.held: tuple[str, RequestData] | None = None
        self.open = True  # until the update's handlers have returned

    def close(self) -> None:
        """No more holding: tasks a handler left running make their calls themselves."""
        self.open = False

    def response(self) -> HttpResponse | None:
        """The webhook's answer carrying the held call, if there is one."""
        if self.held is None:
            return None
        url, request_data = self.held
        call = {"method": url.rpartition("/")[2], **request_data.parameters}
        return HttpResponse(json.dumps(call), content_type="application/json")


_current: ContextVar[WebhookReply | None] = ContextVar("webhook_reply", default=None)


def collect_into(reply: WebhookReply) -> None:
    """Hold the current update's message call (in this asyncio context) in ``reply``."""
    _current.set(reply)


class ReplyingRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, which holds an update's message for the reply.

    A second message call of the same update sends the held one first, keeping their order.
    """

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        reply = _current.get()
        if (
            reply is None
            or not reply.open
            or request_data is None
            or request_data.contains_files
            or url.rpartition("/")[2] not in REPLY_METHODS
        ):
            return await super().do_request(url, method, request_data, *args, **kwargs)
        earlier, reply.held = reply.held, (url, request_data)
        if earlier is not None:
            await super().do_request(earlier[0], method, earlier[1], *args, **kwargs)
        return 200, ACCEPTED
