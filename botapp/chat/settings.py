"""The bot's settings, checked where something needs to talk to Telegram."""

from django.conf import settings


class BotNotConfigured(Exception):
    """A setting the bot needs is missing; the message says which, in one line."""


def bot_token() -> str:
    """The bot token, or BotNotConfigured with a one-line explanation."""
    if not settings.TELEGRAM_BOT_TOKEN:
        raise BotNotConfigured(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather "
            "and set it in the environment."
        )
    return settings.TELEGRAM_BOT_TOKEN


def webhook_secret() -> str:
    """The webhook secret token, or BotNotConfigured."""
    if not settings.TELEGRAM_WEBHOOK_SECRET:
        raise BotNotConfigured(
            "TELEGRAM_WEBHOOK_SECRET is not set: choose a random string (A-Z, a-z, 0-9, _ and -, "
            "up to 256 characters) and set it in the environment."
        )
    return settings.TELEGRAM_WEBHOOK_SECRET


def bot_username() -> str:
    """The bot's username without its @ (for share links), "" when not set."""
    return settings.TELEGRAM_BOT_USERNAME.strip().lstrip("@")
