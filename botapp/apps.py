from django.apps import AppConfig


class BotappConfig(AppConfig):
    name = "botapp"
    verbose_name = "Telegram bot"

    def ready(self):
        from advisor.core import ratings
        from botapp import checks  # noqa: F401  (registers the configuration checks)
        from botapp.ratings import map_votes

        ratings.set_source(map_votes)  # the votes the diagram and the outline are tinted by
