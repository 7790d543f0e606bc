from django.core.management.base import BaseCommand, CommandError
from telegram.error import TelegramError

from botapp.chat.handlers import ALLOWED_UPDATES, add_handlers
from botapp.chat.runtime import build_application
from botapp.chat.settings import BotNotConfigured


class Command(BaseCommand):
    help = "Run the bot with long polling, for local development without a public URL."
    requires_system_checks = []  # a missing token is reported by the command itself

    def handle(self, *args, **options):
        try:
            application = build_application(add_handlers)
        except BotNotConfigured as missing:
            raise CommandError(str(missing)) from None
        self.stdout.write("Polling Telegram for updates (this removes any webhook); Ctrl+C stops.")
        try:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
        except TelegramError as error:
            raise CommandError(f"Telegram refused polling: {error}") from None
