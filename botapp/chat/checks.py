"""A deployment check (`check --deploy`) for the Telegram settings. It is not run in local
development, where the admin, the preview and `chat` work without them."""

from django.core.checks import Warning, register

from botapp.chat.settings import BotNotConfigured, bot_token, webhook_secret


@register(deploy=True)
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
