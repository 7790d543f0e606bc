"""System checks: warn (never fail) when the Telegram settings are missing, so the admin
still runs without them."""

from django.core.checks import Warning, register

from botapp.settings import BotNotConfigured, bot_token, webhook_secret


@register()
def telegram_settings(app_configs, **kwargs):
    warnings = []
    for check_id, read in (("botapp.W001", bot_token), ("botapp.W002", webhook_secret)):
        try:
            read()
        except BotNotConfigured as missing:
            warnings.append(
                Warning(
                    str(missing),
                    hint="The bot's webhook refuses updates until it is set.",
                    id=check_id,
                )
            )
    return warnings
