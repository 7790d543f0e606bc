"""The languages a map is translated into, and the bot-wide words with their translations."""

from django.core.exceptions import ValidationError
from django.db import models

from advisor.core.texts import LANGUAGE_CODE, normalized
from advisor.models.maps import Map


class MapLanguage(models.Model):
    """A language a map is translated into, besides its default language."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(
        "language code",
        max_length=16,
        help_text="As Telegram sends it: es, pt-br, uk… (pt also answers pt-br users).",
    )
    name = models.CharField(max_length=60, help_text="As editors read it: Português (Brasil).")

    class Meta:
        ordering = ["map", "code"]
        verbose_name = "translation"
        constraints = [
            models.UniqueConstraint(fields=["map", "code"], name="advisor_language_once_per_map")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        self.code = normalized(self.code)
        if not LANGUAGE_CODE.fullmatch(self.code):
            raise ValidationError({"code": "Write a language code such as es, uk or pt-br."})


class BotTexts(models.Model):
    """The bot-wide words (advisor.core.texts.BOT_TEXTS) and their translations: one row."""

    #: The one row's id (migration 0008 makes it; the Bot texts page again if need be).
    ROW_ID = 1

    texts = models.JSONField(default=dict, blank=True)
    translations = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "bot texts"
        verbose_name_plural = "bot texts"

    def __str__(self):
        return "Bot texts"
