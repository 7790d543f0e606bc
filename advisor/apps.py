from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Advisor maps"

    def ready(self):
        from advisor import signals  # noqa: F401  (connects the draft revision counts)
