"""What the bot keeps of the updates it handled."""

from django.db import models
from django.utils import timezone

from advisor.models import Map, Node


class HandledUpdate(models.Model):
    """One handled Telegram update: it stops a re-delivered update from being answered twice,
    and it is the analytics record (which chat reached which node, and when)."""

    class Kind(models.TextChoices):
        START = "start", "/start"
        ANSWER = "answer", "Button pressed"
        STALE = "stale", "Outdated button"
        GOODBYE = "goodbye", "Goodbye"
        HINT = "hint", "Free text"
        HELP = "help", "/help"

    update_id = models.BigIntegerField()
    chat_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    map = models.ForeignKey(Map, null=True, on_delete=models.SET_NULL, related_name="+")
    # No constraint: a step deleted from the draft is still reached in the live version, and
    # its past records keep naming it.
    node = models.ForeignKey(
        Node, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    path = models.CharField(max_length=64, blank=True, help_text="The pressed button's data.")
    language = models.CharField(
        max_length=16, blank=True, help_text="The user's language, as Telegram sent it."
    )
    handled_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chat_id", "update_id"], name="botapp_update_once")
        ]
        indexes = [models.Index(fields=["map", "handled_at"])]

    def __str__(self):
        return f"update {self.update_id} in chat {self.chat_id}"
