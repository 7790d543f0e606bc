"""What a map keeps of its past: each published version whole, and the History of every
editorial action (who did what, when, in plain words)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from advisor.models.maps import Map


class VersionQuerySet(models.QuerySet):
    def numbered(self, number: int | None) -> "MapVersion | None":
        """The version of that number (``map_obj.versions.numbered(7)``); None when there is
        none, or no number."""
        return None if number is None else self.filter(number=number).first()


class MapVersion(models.Model):
    """A published state of a map, kept whole and never edited: what users saw while it was
    live. Its content is the map file's data with the ids of its steps and buttons."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    draft_revision = models.PositiveIntegerField(help_text="The draft edit it was made from.")
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    restored_from = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version this one brought back, if any."
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["map", "-number"]
        verbose_name = "published version"
        constraints = [
            models.UniqueConstraint(fields=["map", "number"], name="advisor_version_number_unique")
        ]

    def __str__(self):
        return f"{self.map} version {self.number}"


class HistoryEntry(models.Model):
    """One editorial action, as the map's History lists it. Written by advisor.history
    alike from the admin and from the commands; never edited."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        TRANSLATED = "translated", "Translated"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"
        RESTORED = "restored", "Restored as draft"
        ROLLED_BACK = "rolled_back", "Restored and published"
        UPLOADED = "uploaded", "Map file uploaded"
        PRUNED = "pruned", "Old versions removed"
        ARCHIVED = "archived", "Archived"
        UNARCHIVED = "unarchived", "Brought back from the archive"
        BOT_TEXTS = "bot_texts", "Bot texts changed"
        REASON_DELETED = "reason_deleted", "A user's reason deleted"
        TEAM_GROUP_CODE = "team_group_code", "Team group code made"

    #: None for the bot texts, which belong to every map.
    map = models.ForeignKey(
        Map, null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    #: The step the action was about, if one (no constraint: the step may be deleted since).
    step_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The manage.py command that did it, when it was not done in the admin.
    command = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    summary = models.TextField()

    class Meta:
        ordering = ["-id"]
        verbose_name = "history entry"
        verbose_name_plural = "history"
        indexes = [
            models.Index(fields=["map", "id"], name="advisor_history_map"),
            models.Index(fields=["step_id", "id"], name="advisor_history_step"),
        ]

    def __str__(self):
        return self.summary

    @property
    def who(self) -> str:
        """The editor's username, or the command that acted ("not recorded" for a version
        published before History began without a name, or by a user deleted since)."""
        if self.command:
            return f"{self.command} (command line)"
        return self.user.get_username() if self.user else "not recorded"
