from django.apps import AppConfig


class BotappConfig(AppConfig):
    name = "botapp"
    verbose_name = "Telegram bot"

    def ready(self):
        from advisor.core import ratings
        from botapp.analytics import admin  # noqa: F401  (registers the analytics page)
        from botapp.analytics.ratings import map_votes
        from botapp.chat import checks  # noqa: F401  (registers the configuration checks)
        from botapp.handoff import admin as handoff_admin  # noqa: F401  (the Team group page)
        from botapp.handoff import conversation_list  # noqa: F401  (the Conversations page)

        ratings.set_source(map_votes)  # the votes the diagram and the outline are tinted by
