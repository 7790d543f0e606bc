"""A base for management commands that call the Bot API: one clear line on failure."""

import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from telegram import Bot
from telegram.error import TelegramError

from botapp.chat.settings import BotNotConfigured, bot_token


class TelegramCommand(BaseCommand):
    requires_system_checks = []  # a missing setting is reported by the command itself

    @staticmethod
    def setting(read) -> str:
        """A Telegram setting from ``botapp.chat.settings``; a missing one becomes CommandError."""
        try:
            return read()
        except BotNotConfigured as missing:
            raise CommandError(str(missing)) from None

    def call_bot(self, method: str, **params):
        """Call one Bot API method and return its result; failures become CommandError."""

        token = self.setting(bot_token)

        async def call():
            async with Bot(token, base_url=settings.TELEGRAM_API_BASE_URL) as bot:
                return await getattr(bot, method)(**params)

        try:
            return asyncio.run(call())
        except TelegramError as error:
            raise CommandError(f"Telegram refused {method}: {error}") from None
