from django.apps import AppConfig


class BotappConfig(AppConfig):
    name = "botapp"
    verbose_name = "Telegram bot"

    def ready(self):
        from botapp import checks  # noqa: F401  (registers the configuration checks)
