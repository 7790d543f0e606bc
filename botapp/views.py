"""The webhook Telegram posts updates to."""

import hmac
import json
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from telegram.error import TelegramError

from botapp.runtime import InvalidUpdate, get_runtime
from botapp.settings import BotNotConfigured

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _secret_matches(request) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get(SECRET_HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _unavailable(reason: str) -> HttpResponse:
    """503: Telegram keeps the update and delivers it again later."""
    return HttpResponse(reason, status=503, content_type="text/plain")


@csrf_exempt
@require_POST
def telegram_webhook(request):
    if not _secret_matches(request):
        return HttpResponseForbidden("wrong or missing secret token")
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("the body is not JSON")
    if not isinstance(data, dict):
        return HttpResponseBadRequest("the body is not a JSON object")
    try:
        runtime = get_runtime()
    except BotNotConfigured as missing:
        logger.error("%s", missing)
        return _unavailable("the bot is not configured")
    except TelegramError as error:
        logger.error("the bot cannot start: %r", error)
        return _unavailable("the bot cannot reach Telegram, retry later")
    try:
        runtime.process_update(data)
    except InvalidUpdate as invalid:
        return HttpResponseBadRequest(str(invalid))
    except DatabaseError as error:
        logger.error("update %s: database unavailable: %s", data.get("update_id"), error)
        return _unavailable("database unavailable, retry later")
    except Exception as error:
        # Bot API failures (timeouts, 429, 5xx) are logged; a retry could repeat messages.
        logger.error("update %s: not answered: %r", data.get("update_id"), error)
    return HttpResponse("ok", content_type="text/plain")
