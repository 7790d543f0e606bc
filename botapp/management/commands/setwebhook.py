from django.conf import settings
from django.core.management.base import CommandError

from botapp.handlers import ALLOWED_UPDATES, MENU_COMMANDS
from botapp.management.telegram_command import TelegramCommand
from botapp.settings import bot_token, webhook_secret


class Command(TelegramCommand):
    help = (
        "Tell Telegram to post the bot's updates to this site's webhook, and register the "
        "commands menu (/start, /help, /cancel)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url",
            nargs="?",
            help="Public HTTPS URL of /telegram/webhook/ (default: TELEGRAM_WEBHOOK_URL).",
        )
        parser.add_argument(
            "--drop-pending-updates",
            action="store_true",
            help="Discard the updates Telegram has queued for the bot.",
        )

    def handle(self, *args, url=None, drop_pending_updates=False, **options):
        url = url or settings.TELEGRAM_WEBHOOK_URL
        if not url:
            raise CommandError(
                "No webhook URL: pass it as an argument or set TELEGRAM_WEBHOOK_URL."
            )
        self.setting(bot_token)
        secret = self.setting(webhook_secret)
        self.call_bot(
            "set_webhook",
            url=url,
            secret_token=secret,
            drop_pending_updates=drop_pending_updates,
            allowed_updates=ALLOWED_UPDATES,
        )
        self.call_bot("set_my_commands", commands=MENU_COMMANDS)
        self.stdout.write(self.style.SUCCESS(f"Webhook set to {url}, commands menu registered"))
