"""A base for management commands that call the Bot API: one clear line on failure."""

import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from telegram import Bot
from telegram.error import TelegramError

from botapp.settings import BotNotConfigured, bot_token


class TelegramCommand(BaseCommand):
    def call_bot(self, method: str, **params):
        """Call one Bot API method and return its result; failures become CommandError."""

        async def call():
            async with Bot(bot_token(), base_url=settings.TELEGRAM_API_BASE_URL) as bot:
                return await getattr(bot, method)(**params)

        try:
            return asyncio.run(call())
        except BotNotConfigured as missing:
            raise CommandError(str(missing)) from None
        except TelegramError as error:
            raise CommandError(f"Telegram refused {method}: {error}") from None
