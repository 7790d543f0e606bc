from django.conf import settings
from django.core.management.base import CommandError

from advisor.core.texts import normalized
from advisor.loading import current_bot_words
from botapp.chat.handlers import ALLOWED_UPDATES, menu_commands
from botapp.chat.settings import bot_token, webhook_secret
from botapp.management.telegram_command import TelegramCommand


class Command(TelegramCommand):
    help = (
        "Tell Telegram to post the bot's updates to this site's webhook, and register the "
        "commands menu (/start, /help, /cancel) in the default language and in each language "
        "of the bot texts."
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
        words = current_bot_words()
        self.call_bot("set_my_commands", commands=menu_commands(words.wording("")))
        # Telegram takes a two-letter code here: "pt-br" registers as "pt" unless "pt" has its own.
        languages = {
            normalized(code).partition("-")[0]: code
            for code in sorted(words.translations, reverse=True)
        }
        for language, code in sorted(languages.items()):
            commands = menu_commands(words.wording(code))
            self.call_bot("set_my_commands", commands=commands, language_code=language)
        registered = ", ".join(["default", *sorted(languages)])
        self.stdout.write(
            self.style.SUCCESS(f"Webhook set to {url}, commands menu registered ({registered})")
        )
