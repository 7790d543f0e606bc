"""The webhook Telegram posts updates to (docs/operating.md says what each answer means)."""

import hmac
import json
import logging

from django.conf import settings
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
)
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from telegram.error import TelegramError

from botapp.chat.handlers import ALLOWED_UPDATES, add_handlers
from botapp.chat.replies import WebhookReply
from botapp.chat.runtime import InvalidUpdate, get_runtime
from botapp.chat.settings import BotNotConfigured
from botapp.chat.updates import unanswerable

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Largest body accepted; Telegram's updates are a few kilobytes.
MAX_BODY_BYTES = 1024 * 1024
#: The top-level keys of the update kinds the bot handles; any other kind is not parsed.
HANDLED_KINDS = frozenset(ALLOWED_UPDATES)


def _answer(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain")


def _secret_matches(request) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get(SECRET_HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _read_update(request) -> dict | HttpResponse:
    """The body as a JSON object, or the error response for it."""
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return _answer(413, f"the body is over {MAX_BODY_BYTES} bytes")
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _answer(413, f"the body is over {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _answer(400, "the body is not JSON")
    if not isinstance(data, dict):
        return _answer(400, "the body is not a JSON object")
    return data


@csrf_exempt
@require_POST
def telegram_webhook(request):
    if not _secret_matches(request):
        return _answer(403, "wrong or missing secret token")
    data = _read_update(request)
    if isinstance(data, HttpResponse):
        return data
    if not HANDLED_KINDS.intersection(data):
        # A kind the bot never handles (polls, reactions, kinds newer than the library):
        # acknowledged unparsed, so Telegram drops it instead of delivering it again.
        return _answer(200, "ok")
    # No health check (CONN_HEALTH_CHECKS) for the update's connection: that would be a
    # third round trip per update; a dropped connection is replaced below instead.
    connection.health_check_done = True
    update_id = data.get("update_id")
    try:
        runtime = get_runtime(add_handlers)
    except BotNotConfigured as missing:
        logger.error("%s", missing)
        return _answer(503, "the bot is not configured")
    except TelegramError as error:
        logger.error("update %s: the bot cannot start: %r", update_id, error)
        return _answer(503, "the bot cannot reach Telegram, retry later")
    try:
        update = runtime.parse_update(data)
    except InvalidUpdate as invalid:
        return _acknowledge_unanswerable(update_id, str(invalid))
    if reason := unanswerable(update):
        return _acknowledge_unanswerable(update_id, reason)
    try:
        try:
            return _handle(runtime, update)
        except (InterfaceError, OperationalError):
            if connection.is_usable():
                raise
            # The database dropped this worker's connection (a restart, a failover) before the
            # update was recorded, so nothing was sent: once more, on a new connection.
            connection.close()
            return _handle(runtime, update)
    except (DataError, IntegrityError) as error:
        return _acknowledge_unanswerable(update_id, f"its data does not fit the database: {error}")
    except DatabaseError as error:
        logger.error("update %s: database unavailable: %s", update_id, error)
        return _answer(503, "database unavailable, retry later")


def _acknowledge_unanswerable(update_id, reason: str) -> HttpResponse:
    """An update that can never be handled, whatever the retry: logged once and acknowledged,
    so that Telegram does not deliver it again and hold up the updates behind it."""
    logger.warning("update %.40r cannot be handled, acknowledged: %.300s", update_id, reason)
    return _answer(200, "ok")


def _handle(runtime, update) -> HttpResponse:
    """Handle the update; answer with its message for Telegram to send (botapp.chat.replies).

    Its only write, the handled-update record, is its last database statement (see
    botapp.chat.updates), so no transaction is needed: an update that failed before it left no
    trace and Telegram's retry is handled afresh. (Sending a step's picture may look up its
    file_id after it, and keep the file_id of a first upload: botapp.chat.photos.)
    """
    reply = WebhookReply()
    try:
        runtime.process_update(update, reply)
    except DatabaseError:
        raise
    except Exception as error:
        # A Bot API call a handler waited for (timeouts, 429, 5xx) or anything unforeseen:
        # logged; the update counts as handled, since a retry could repeat what was sent.
        logger.exception("update %s failed: %r", update.update_id, error)
    return reply.response() or _answer(200, "ok")
