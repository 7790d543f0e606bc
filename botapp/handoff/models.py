"""What the bot keeps of conversations handed to the team: who talked to whom and when, never
what they said (that stays in Telegram). Django finds these through ``botapp.models``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from advisor.models import Map


class TeamGroup(models.Model):
    """A team's supergroup connected with ``/connect CODE``; the newest connected is used."""

    chat_id = models.BigIntegerField(unique=True)
    title = models.CharField(max_length=255)
    connected_at = models.DateTimeField(default=timezone.now)
    connected_by_id = models.BigIntegerField(help_text="The member who sent /connect.")
    connected_by_name = models.CharField(max_length=255)
    code_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    can_post = models.BooleanField(default=True)
    problem = models.CharField(max_length=255, blank=True, help_text="What went wrong last.")
    problem_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-connected_at"]

    def __str__(self):
        return self.title


class ConnectCode(models.Model):
    """A one-time code a publisher makes; a member sends ``/connect CODE`` in the group."""

    code = models.CharField(max_length=32, unique=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_in = models.ForeignKey(TeamGroup, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"code made {self.made_at:%Y-%m-%d %H:%M}"


class UserTopic(models.Model):
    """A user's topic in a team group, opened at their first request and reused after."""

    group = models.ForeignKey(TeamGroup, on_delete=models.CASCADE, related_name="topics")
    user_chat_id = models.BigIntegerField()
    thread_id = models.BigIntegerField(null=True, help_text="None until it is created.")
    blocked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user_chat_id"], name="botapp_topic_once"),
        ]
        indexes = [models.Index(fields=["group", "thread_id"], name="botapp_topic_thread")]

    def __str__(self):
        return f"topic of {self.user_chat_id}"


class Conversation(models.Model):
    """One request for a person, from the press (or /person) to its close."""

    class ClosedBy(models.TextChoices):
        USER = "user", "the user"
        TEAM = "team", "the team"
        BLOCKED = "blocked", "blocked by the team"
        USER_BLOCKED_BOT = "bot_blocked", "the user blocked the bot"
        GROUP_GONE = "group_gone", "the team group was gone"

    topic = models.ForeignKey(UserTopic, on_delete=models.CASCADE, related_name="conversations")
    user_chat_id = models.BigIntegerField()
    first_name = models.CharField(max_length=255, blank=True)
    username = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=16, blank=True)
    map = models.ForeignKey(Map, null=True, on_delete=models.SET_NULL, related_name="+")
    node_id = models.BigIntegerField(null=True, help_text="The step it started from.")
    path = models.CharField(max_length=64, blank=True, help_text="The Ask button's data.")
    opened_at = models.DateTimeField(default=timezone.now)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    answered_by_id = models.BigIntegerField(null=True, blank=True)
    answered_by_name = models.CharField(max_length=255, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=12, choices=ClosedBy.choices, blank=True)
    helpful = models.BooleanField(null=True, help_text="The user's vote on the person's answer.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_chat_id"],
                condition=Q(closed_at__isnull=True),
                name="botapp_one_open_conversation",
            )
        ]
        indexes = [models.Index(fields=["-opened_at"], name="botapp_conversation_newest")]

    def __str__(self):
        return f"conversation of {self.first_name or self.user_chat_id}"


class OutboxMessage(models.Model):
    """A copy (or the topic's card) to send: references only, sent in ``position`` order
    within its ``lane`` (one destination) by the worker (botapp.handoff.delivery)."""

    class Kind(models.TextChoices):
        CARD = "card", "the topic's card"
        COPY = "copy", "a copy"

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"
        DROPPED = "dropped", "not sent"

    lane = models.CharField(max_length=40, help_text="topic:<id> or user:<chat id>.")
    position = models.BigIntegerField(help_text="Order in the lane: the source message's id.")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.COPY)
    from_chat_id = models.BigIntegerField(null=True)
    message_ids = models.JSONField(default=list)
    album = models.CharField(max_length=32, blank=True, help_text="Telegram's media_group_id.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A re-delivered update inserts nothing (INSERT … ON CONFLICT DO NOTHING).
            models.UniqueConstraint(
                fields=["lane", "kind", "position", "conversation"], name="botapp_outbox_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["lane", "position"],
                condition=Q(state="pending"),
                name="botapp_outbox_pending",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.position} to {self.lane}"
