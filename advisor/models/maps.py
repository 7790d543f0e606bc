"""The decision map: a map of nodes (questions, recommendations, dead ends) joined by answer
buttons, some of which open a web page instead."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from advisor.core import graph
from advisor.core.graph import BUTTON_LABEL_LIMIT, NODE_TEXT_LIMIT
from advisor.core.markup import canonical
from advisor.core.texts import start_of
from advisor.markup import TelegramLengthValidator, validate_https, validate_markup

EMPTY_TEXT_MESSAGE = "Write what the bot says at this step; it cannot be empty."
TEXT_TOO_LONG_MESSAGE = (
    "Too long for Telegram: a message holds at most 4096 characters, and a step may use "
    "%(limit_value)d of them (the rest is kept for the greeting and the link). "
    "This one has %(show_value)d."
)
EMPTY_LABEL_MESSAGE = "Write the text shown on the button."
LABEL_TOO_LONG_MESSAGE = (
    "Too long for a phone screen: keep a button to %(limit_value)d characters "
    "(this one has %(show_value)d)."
)


class Map(models.Model):
    """One decision map the bot can walk a user through.

    Its steps and buttons in the tables are the editors' draft; users see its live version,
    a MapVersion made by publishing (advisor.versions)."""

    slug = models.SlugField(
        "short name",
        unique=True,
        help_text="Used in links that open this map directly, such as /start sklearn.",
    )
    title = models.CharField(max_length=200, help_text="The map's name, as editors see it.")
    greeting = models.TextField(
        blank=True,
        validators=[validate_markup, TelegramLengthValidator(1000)],
        help_text="Shown above the first question after /start. {first_name} is replaced "
        "by the user's first name.",
    )
    goodbye = models.TextField(
        validators=[validate_markup, TelegramLengthValidator(1000)],
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
        "online",
        default=True,
        help_text="Users see the live version while this is ticked; untick to take the map "
        "offline. A map never published stays a draft users never see.",
    )
    live_version = models.ForeignKey(
        "MapVersion",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    #: Counts the draft's edits: caches of the draft follow it, and a version records it.
    draft_revision = models.PositiveIntegerField(default=1, editable=False)
    #: When the map was archived (deleting a published map archives it): offline, hidden
    #: from the list, its versions and History kept; None while it is in use.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    language_code = models.CharField(
        "default language",
        max_length=16,
        default="en",
        help_text="The language the map is written in, as Telegram names it (en, es, pt-br…). "
        "Users whose language has no translation read this one.",
    )
    language_name = models.CharField("default language's name", max_length=60, default="English")
    asks_if_helpful = models.BooleanField(
        "“Was this helpful?” question",
        default=True,
        help_text="Under each recommendation, users answer 👍 Yes or 👎 No, and say what they "
        "were looking for after a No (the map's analytics show both).",
    )
    offers_share = models.BooleanField(
        "Share button",
        default=True,
        help_text="Under each recommendation, a button that passes it on in Telegram with a "
        "link opening the same recommendation (needs TELEGRAM_BOT_USERNAME).",
    )
    offers_person = models.BooleanField(
        "“Ask a person” button",
        default=False,
        help_text="Under each recommendation, and after a user said what they were looking "
        "for, a button that hands the conversation to a person of your team in its Telegram "
        "group (any step can also offer it on its own).",
    )
    #: When a person of the team answers (advisor.core.hours); empty: always.
    opening_hours = models.JSONField(default=dict, blank=True)
    #: The sites allowed to show the map's web chat in a frame (advisor.core.origins),
    #: drafted and published like the map's other settings.
    embed_origins = models.JSONField("sites allowed to show this chat", default=list, blank=True)
    #: The map's own words (advisor.core.texts.MAP_TEXTS) where editors changed them.
    texts = models.JSONField(default=dict, blank=True)
    #: Per language code: the map's title, greeting, goodbye and own words translated.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["title"]
        permissions = [("publish_map", "Can publish: change what users see of a map")]
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
        """Save, never writing back a stale draft revision: only the editorial actions count
        the draft's edits (advisor.actions.base)."""
        if not self._state.adding:
            self.draft_revision = models.F("draft_revision")
        super().save(*args, **kwargs)

    def clean(self):
        self.greeting, self.goodbye = canonical(self.greeting), canonical(self.goodbye)
        if self.start_node_id and self.start_node.map_id != self.pk:
            raise ValidationError(
                {"start_node": "Pick a step of this map: the first question cannot be elsewhere."}
            )


class Node(models.Model):
    """A question, a recommendation, or a dead end of a map."""

    class Kind(models.TextChoices):
        QUESTION = graph.QUESTION, graph.KINDS[graph.QUESTION]
        RECOMMENDATION = graph.RECOMMENDATION, graph.KINDS[graph.RECOMMENDATION]
        DEAD_END = graph.DEAD_END, graph.KINDS[graph.DEAD_END]

    map = models.ForeignKey(
        Map,
        on_delete=models.CASCADE,
        related_name="nodes",
        help_text="The map this step belongs to; it cannot change once the step is saved.",
    )
    key = models.SlugField(
        "short name",
        max_length=60,
        help_text="A name for this step, unique within the map (letters, digits, - and _).",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.QUESTION,
        help_text="A question offers answer buttons. A recommendation or a dead end ends the "
        "walk: the bot adds Start over and Done under it (and any buttons you add, such as "
        "Not working).",
    )
    text = models.TextField(
        "message",
        validators=[validate_markup, TelegramLengthValidator(NODE_TEXT_LIMIT)],
        error_messages={"blank": EMPTY_TEXT_MESSAGE, "max_length": TEXT_TOO_LONG_MESSAGE},
        help_text="What the bot says at this step.",
    )
    doc_url = models.URLField(
        "documentation link", blank=True, help_text="Shown under a recommendation."
    )
    picture = models.ForeignKey(
        "Picture",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Shown above the message, which becomes its caption (at most 1024 "
        "characters then). JPEG, PNG or WebP, up to 10 MB.",
    )
    offers_person = models.BooleanField(
        "offer “Ask a person”",
        default=False,
        help_text="A button under this step's message that hands the conversation to a "
        "person of your team, whether or not the map offers it everywhere.",
    )
    #: Per language code: {"text": …, "source": hash of the original it translates}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["map", "key"]
        verbose_name = "step"
        constraints = [
            models.UniqueConstraint(fields=["map", "key"], name="advisor_node_key_unique_per_map")
        ]

    def __str__(self):
        """The start of its message, then its short name: how editors know a step."""
        return f"{start_of(self.text, 50)} ({self.key})"

    def clean(self):
        self.text = canonical(self.text)
        if not self.map_id:
            return
        if self.pk and Node.objects.filter(pk=self.pk).exclude(map_id=self.map_id).exists():
            raise ValidationError({"map": "A step cannot move to another map."})
        if self.pk is None and self.map.archived_at is not None:
            raise ValidationError({"map": "This map is archived: bring it back first."})
        if Node.objects.filter(map_id=self.map_id, key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"key": f"Another step of this map is already called '{self.key}'."}
            )


class Button(models.Model):
    """An answer button under a node, leading to another node of the same map."""

    node = models.ForeignKey(
        Node, verbose_name="shown under", on_delete=models.CASCADE, related_name="buttons"
    )
    label = models.CharField(
        "button text",
        max_length=BUTTON_LABEL_LIMIT,
        error_messages={"blank": EMPTY_LABEL_MESSAGE, "max_length": LABEL_TOO_LONG_MESSAGE},
        help_text=f"At most {BUTTON_LABEL_LIMIT} characters, so it fits a phone screen.",
    )
    summary = models.CharField(
        "answer in short",
        max_length=40,
        blank=True,
        help_text="How this answer reads in the list of answers shown with a recommendation, "
        "e.g. 'text data'. Empty: the button text.",
    )
    order = models.PositiveSmallIntegerField(
        "position", default=0, help_text="Buttons show in this order, smallest first."
    )
    target = models.ForeignKey(
        Node,
        verbose_name="leads to",
        on_delete=models.RESTRICT,
        related_name="incoming",
        null=True,
        blank=True,
        help_text="The step this answer opens (type to search the steps of this map).",
    )
    url = models.URLField(
        "or opens the web page",
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text="A link button opens this page (https://…) instead of leading to a step. "
        "Telegram does not tell the bot when it is pressed.",
    )
    #: Per language code: {"label": …, "summary": …, "source": hash of the originals}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["node", "order", "id"]
        verbose_name = "answer button"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__isnull=False, url="")
                | (models.Q(target__isnull=True) & ~models.Q(url="")),
                name="advisor_button_step_or_page",
                violation_error_message="A button leads to a step or opens a web page: "
                "give it one of the two.",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_link(self) -> bool:
        """Whether it opens a web page (Telegram opens it; the bot hears nothing)."""
        return bool(self.url)

    def clean(self):
        try:
            node, target = self.node, self.target
        except Node.DoesNotExist:
            return  # a missing field has its own "required" message
        if (target is None) == (not self.url):
            raise ValidationError(
                {
                    "target": "Pick the step this answer leads to, or give the web page it opens "
                    "(not both)."
                }
            )
        if target is not None and target.map_id != node.map_id:
            raise ValidationError(
                {"target": f"'{target.key}' belongs to another map: pick a step of this map."}
            )
