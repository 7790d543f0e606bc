"""Hostile but well-formed admin requests: the variants of a value, a page's form as a
browser would post it, and a fingerprint of what a request may write."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from math import gcd
from time import perf_counter

from django.apps import apps
from django.db import connection, transaction
from django.test import Client

from advisor.models import BotTexts, Map, MapVersion
from tests.conftest import clear_caches

#: What a field or query parameter gets instead of its value (None: left out; DUPLICATED:
#: sent twice, its own value then a number).
DUPLICATED = object()
VARIANTS = {
    "missing": None,
    "empty": "",
    "100 000 characters": "9" * 100_000,
    "text": "abc",
    "huge": str(10**30),
    "negative": "-1",
    "superscript digit": "²",
    "Arabic digit": "٣",
    "NUL byte": "1\x00",
    "duplicated": DUPLICATED,
}
#: The slowest answer allowed.
SLOWEST = 2.0
#: Forged page-state tokens (advisor.conflicts.read_token).
TOKENS = [
    "[" * 100_000,
    '{"e":' * 50_000 + "1",
    f'{{"e":{10**30},"f":{{}}}}',
    '{"e":-1,"f":{"text":"x"}}',
    '{"e":1,"f":[]}',
]


class Forms(HTMLParser):
    """Every form of a page with its fields' values as a browser posts them unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.current: dict[str, list[str]] | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None

    def add(self, name, value):
        if self.current is not None and name:
            self.current.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        kind = (attrs.get("type") or "text").lower()
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        elif tag == "input" and kind not in ("submit", "button", "file", "image", "reset"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea, self.text = name, ""
        elif tag == "select":
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            for value in chosen or [value for value, _ in self.options[:1]]:
                self.add(self.select, value)
            self.select = None
        elif tag == "form":
            self.current = None


def form_data(html: str) -> dict[str, list[str]]:
    """The page's biggest form (the admin's header has a small logout form)."""
    parser = Forms()
    parser.feed(html)
    return max(parser.forms, key=len, default={})


def varied(data: dict, name: str, variant) -> dict:
    """``data`` with ``name`` replaced by one variant."""
    data = dict(data)
    if variant is None:
        data.pop(name, None)
    elif variant is DUPLICATED:
        data[name] = [*(data.get(name) or ["1"])[:1], "2"]
    else:
        data[name] = variant
    return data


def sampled(names: list[str], offset: int, most: int) -> list[tuple[str, str, object]]:
    """(name, variant's name, variant) for every name and variant, or an even, fixed share
    of them where there are more than ``most`` (``offset`` picks which share: each role
    gets its own)."""
    pairs = [(name, label, value) for name in names for label, value in VARIANTS.items()]
    step = max(1, -(-len(pairs) // most))
    while step > 1 and gcd(step, len(VARIANTS)) != 1:  # else each name gets the same few
        step += 1
    return [pair for index, pair in enumerate(pairs) if (index + offset) % step == 0]


#: Figures the analytics page rolls up from the raw rows as it reads them, by design.
ROLLED_UP = ("botapp.DayFigures", "botapp.StepFigures", "botapp.RolledUpDay")


def row_counts() -> dict[str, int]:
    """Every table of the project's apps and the admin's log (but the rolled-up figures),
    counted in one query."""
    models = [
        model
        for label in ("advisor", "botapp", "admin", "auth")
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in ROLLED_UP
    ]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}


def written() -> tuple:
    """What a GET must leave as it is: every table's row count and every map's draft, then
    what users see (live_state, the tuple's last three)."""
    maps = list(Map.objects.order_by("pk").values_list("pk", "draft_revision", "archived_at"))
    return row_counts(), maps, *live_state()


def live_state() -> tuple:
    """What only a Map publisher changes: what users see of each map, the bot texts, the
    versions."""
    maps = list(
        Map.objects.order_by("pk").values_list(
            "pk", "slug", "is_published", "is_default", "live_version_id"
        )
    )
    bot_texts = list(BotTexts.objects.values_list("texts", "translations", "revision"))
    versions = list(MapVersion.objects.order_by("pk").values_list("pk", "number"))
    return maps, bot_texts, versions


@dataclass
class Sender:
    """Sends requests as one role and notes every answer that breaks a rule."""

    client: Client
    role: str
    problems: list[str] = field(default_factory=list)

    def send(self, method: str, url: str, data=None, label: str = "", **extra) -> str:
        """The answer's text (rolled back: the next request meets the same data)."""
        what = f"{self.role} {method} {url[:120]} [{label}]"
        before = written() if method == "GET" else None
        before_live = live_state() if before is None else before[2:]  # counted once
        maps = set(Map.objects.values_list("pk", flat=True))
        with transaction.atomic():
            started = perf_counter()
            if method == "GET":
                response = self.client.get(url, data, **extra)
            else:
                response = self.client.post(url, data, **extra)
            took = perf_counter() - started
            if response.status_code >= 500:
                error = getattr(response, "exc_info", None)
                reason = repr(error[1])[:300] if error else ""
                self.problems.append(f"{what}: {response.status_code} {reason}")
            else:
                after = None if before is None else written()
                if after is not None and after != before:
                    self.problems.append(f"{what}: a GET wrote")
                if self.role == "editor":
                    live_now = live_state() if after is None else after[2:]
                    if live_now != before_live:
                        self.problems.append(f"{what}: an editor changed what users see")
                if not maps <= set(Map.objects.values_list("pk", flat=True)):
                    self.problems.append(f"{what}: a map was deleted for good")
            if took > SLOWEST:
                self.problems.append(f"{what}: took {took:.1f} s")
            text = response.content.decode(errors="replace") if response.status_code < 300 else ""
            transaction.set_rollback(True)
        clear_caches()  # the rolled-back request may have cached what no longer exists
        return text
