"""The decision map: a map of nodes (questions and recommendations) joined by answer buttons."""

from django.core.validators import MaxLengthValidator
from django.db import models

#: Telegram refuses a message text longer than this.
TELEGRAM_TEXT_LIMIT = 4096
#: Longest node message, leaving room in a Telegram message for greeting, notices and links.
NODE_TEXT_LIMIT = TELEGRAM_TEXT_LIMIT - 596
#: Longest button label that still fits a phone screen on one line.
BUTTON_LABEL_LIMIT = 32


class Map(models.Model):
    """One decision map the bot can walk a user through."""

    slug = models.SlugField(
        "short name", unique=True, help_text="Used in links such as /start <short name>."
    )
    title = models.CharField(max_length=200)
    greeting = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text="Shown above the first question after /start. {first_name} is replaced "
        "by the user's first name.",
    )
    goodbye = models.TextField(
        validators=[MaxLengthValidator(1000)],
        default="Goodbye, and all the best — /start to begin again",
        help_text="Shown when the user presses Done or sends /cancel.",
    )
    start_node = models.ForeignKey(
        "Node",
        verbose_name="first question",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where /start begins.",
    )
    is_default = models.BooleanField(
        "default map", default=False, help_text="The map /start opens when no map is named."
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Users only see published maps."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="advisor_one_default_map",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Save, bumping the version in the same UPDATE (never writing back a stale one)."""
        if not self._state.adding:
            self.version = models.F("version") + 1
        super().save(*args, **kwargs)


class Node(models.Model):
    """A question, a recommendation, or a dead end of a map."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        RECOMMENDATION = "recommendation", "Recommendation"
        DEAD_END = "dead_end", "Dead end"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="nodes")
    key = models.SlugField(
        "short name",
        max_length=60,
        help_text="A name for this step, unique within the map (letters, digits, - and _).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    text = models.TextField(
        "message",
        validators=[MaxLengthValidator(NODE_TEXT_LIMIT)],
        help_text="What the bot says at this step.",
    )
    doc_url = models.URLField(
        "documentation link", blank=True, help_text="Shown under a recommendation."
    )

    class Meta:
        ordering = ["map", "key"]
        constraints = [
            models.UniqueConstraint(fields=["map", "key"], name="advisor_node_key_unique_per_map")
        ]

    def __str__(self):
        return self.key


class Button(models.Model):
    """An answer button under a node, leading to another node of the same map."""

    node = models.ForeignKey(
        Node, verbose_name="shown under", on_delete=models.CASCADE, related_name="buttons"
    )
    label = models.CharField(max_length=BUTTON_LABEL_LIMIT)
    order = models.PositiveSmallIntegerField(default=0)
    target = models.ForeignKey(
        Node,
        verbose_name="leads to",
        on_delete=models.RESTRICT,
        related_name="incoming",
    )

    class Meta:
        ordering = ["node", "order", "id"]

    def __str__(self):
        return self.label
