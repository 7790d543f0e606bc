"""What the bot keeps of the updates it handled."""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Min
from django.utils import timezone

from advisor.models import Map, Node


def period_start(moment: datetime, kind: str) -> datetime:
    """The start of the year, month or day a local time falls in, as a naive local time."""
    day = moment.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    if kind == "day":
        return day
    return day.replace(day=1, month=1 if kind == "year" else day.month)


def next_period(start: datetime, kind: str) -> datetime:
    if kind == "year":
        return start.replace(year=start.year + 1)
    if kind == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start + timedelta(days=1)


class HandledUpdateQuerySet(models.QuerySet):
    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """Django's, found with one index probe per year, month or day there is instead of
        one DISTINCT over every row: the admin's date drill-down over millions of rows."""
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        rows, found = self.order_by(), []
        moment = rows.aggregate(first=Min(field_name))["first"]
        while moment is not None:
            start = period_start(timezone.localtime(moment, tzinfo), kind)
            found.append(timezone.make_aware(start, tzinfo))
            later = {f"{field_name}__gte": timezone.make_aware(next_period(start, kind), tzinfo)}
            moment = rows.filter(**later).aggregate(first=Min(field_name))["first"]
        return found[::-1] if order == "DESC" else found


class Channel(models.TextChoices):
    """Where a visit came from: the bot in Telegram, or the web chat (botapp.web)."""

    TELEGRAM = "telegram", "Telegram"
    WEB = "web", "Web"


def channel_field() -> models.CharField:
    # db_default: the webhook's raw inserts (botapp.chat.updates) leave the column out.
    return models.CharField(
        max_length=8, choices=Channel.choices, default=Channel.TELEGRAM, db_default="telegram"
    )


class HandledUpdate(models.Model):
    """One handled Telegram update: it stops a re-delivered update from being answered twice,
    and it is the analytics record (which chat reached which node, and when) until its day is
    rolled up into DayFigures. Kept ANALYTICS_RETENTION_DAYS, with as few indexes as its
    readers need: the unique one, and the time (roll-ups, pruning, the admin's list)."""

    class Kind(models.TextChoices):
        START = "start", "/start"
        ANSWER = "answer", "Button pressed"
        STALE = "stale", "Outdated button"
        GOODBYE = "goodbye", "Goodbye"
        HINT = "hint", "Free text"
        HELP = "help", "/help"
        VOTE = "vote", "Was this helpful? answered"
        SHARED = "shared", "Shared link opened"
        REASON = "reason", "What they were looking for"

    update_id = models.BigIntegerField()
    #: Telegram's chat id, or a web visitor's (botapp.web.visitors: a range Telegram never uses).
    chat_id = models.BigIntegerField()
    channel = channel_field()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    map = models.ForeignKey(
        Map, null=True, on_delete=models.SET_NULL, db_index=False, related_name="+"
    )
    # No constraint: a step deleted from the draft is still reached in the live version, and
    # its past records keep naming it.
    node = models.ForeignKey(
        Node,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    path = models.CharField(max_length=64, blank=True, help_text="The pressed button's data.")
    language = models.CharField(
        max_length=16,
        blank=True,
        help_text="The user's language, as Telegram sent it (on the web: the page's).",
    )
    handled_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = HandledUpdateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chat_id", "update_id"], name="botapp_update_once")
        ]

    def __str__(self):
        return f"update {self.update_id} in chat {self.chat_id}"


#: DayFigures.language of the figures over every chat, whatever its language.
EVERY_LANGUAGE = "*"
#: DayFigures.channel of the figures over every chat, whatever its channel.
EVERY_CHANNEL = "*"


class RolledUpDay(models.Model):
    """A day whose handled updates are rolled up into DayFigures, for every map: it is never
    rolled up again, so pruning its raw rows later loses nothing."""

    day = models.DateField(primary_key=True)
    rolled_up_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.day} rolled up"


class DayFigures(models.Model):
    """One map's analytics for one day, over the chats of one channel (a Channel) or of every
    channel (EVERY_CHANNEL), and of one language ("" for none sent) or of every language
    (EVERY_LANGUAGE). Counts are exact for the day; the sketches
    (botapp.analytics.sketches) give distinct chats over a range of days."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=8)
    language = models.CharField(max_length=16)
    chats = models.PositiveIntegerField()
    chats_sketch = models.BinaryField()
    completions = models.PositiveIntegerField()
    completions_sketch = models.BinaryField()
    #: Visits to a recommendation per pressed button's data, e.g. {"g:1:2:a.b": 3}.
    paths = models.JSONField(default=dict)
    #: Chats per the language of their day's last update (EVERY_LANGUAGE's rows only).
    last_languages = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "day figures"
        constraints = [
            models.UniqueConstraint(
                fields=["map", "day", "channel", "language"], name="botapp_day_figures_once"
            )
        ]

    def __str__(self):
        return f"{self.map_id} on {self.day} ({self.channel}, {self.language})"


class StepFigures(models.Model):
    """One step's figures on a day: chats that reached it, and that left there. The step's
    key and kind are kept, so a step deleted since still shows where it was reached."""

    day_figures = models.ForeignKey(DayFigures, on_delete=models.CASCADE, related_name="steps")
    node_id = models.BigIntegerField()
    key = models.CharField(max_length=60)
    kind = models.CharField(max_length=20)
    reached = models.PositiveIntegerField()
    left_here = models.PositiveIntegerField()
    reached_sketch = models.BinaryField()
    #: Answers to "Was this helpful?" given that day less those changed that day from an
    #: earlier day's (so a change of vote moves one vote): a sum over days is exact.
    helpful = models.IntegerField(default=0)
    not_helpful = models.IntegerField(default=0)
    #: Times the step was opened by a shared link.
    shared_arrivals = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key} on {self.day_figures_id}"


class Reason(models.Model):
    """What a user was looking for, in their words, after answering "👎 No" under a
    recommendation. Kept FEEDBACK_RETENTION_DAYS; never with the chat it came from."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    #: The recommendation (no constraint: it may be deleted since), and its key then.
    node_id = models.BigIntegerField()
    key = models.CharField(max_length=60)
    #: The data of the pressed 👎 button: the answers that led there.
    path = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=16, blank=True)
    channel = channel_field()
    text = models.TextField()
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["map", "-given_at"], name="botapp_reason_newest")]

    def __str__(self):
        return f"reason for {self.key} on {self.given_at:%Y-%m-%d}"


class TelegramFile(models.Model):
    """The file_id Telegram gave a step's picture when a bot first uploaded it: that bot
    sends it by this id from then on (botapp.chat.photos). Named by the picture's SHA-256, so a
    picture freed and stored again later is not uploaded again."""

    bot_id = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    file_id = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bot_id", "sha256"], name="botapp_file_once_per_bot")
        ]

    def __str__(self):
        return f"picture {self.sha256[:12]} of bot {self.bot_id}"


# Conversations handed to the team (botapp.handoff): Django finds an app's models here.
from botapp.handoff.models import (  # noqa: E402, F401
    ConnectCode,
    Conversation,
    OutboxMessage,
    TeamGroup,
    UserTopic,
)
