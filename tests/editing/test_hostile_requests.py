"""Hostile but well-formed requests to every admin page of a map, its steps and its
analytics, as a Map editor and as a Map publisher: each query parameter and posted field
missing, empty, 100 000 characters long, text, huge, negative, a Unicode digit, with a NUL
byte or sent twice; forged page-state tokens, odd uploads, huge form counts. None may
answer 5xx or take over 2 s, no GET may write, and an editor changes nothing users see.

Each request runs in a savepoint rolled back after it, so every variant meets the same
map; a fixed share of the variants of a big form is sent (each role its own share)."""

from dataclasses import dataclass, field
from datetime import timedelta
from time import perf_counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisor import graph, versions
from advisor.models import Button, HistoryEntry, Map, Node
from advisor.texts import DEFAULT_BOT_WORDS
from botapp.models import HandledUpdate, Reason
from tests.editing.hostile import (
    TOKENS,
    form_data,
    live_state,
    sampled,
    varied,
    written,
)
from tests.editing.maps import Q, R, make_map

pytestmark = pytest.mark.django_db
#: A number too big for any database integer.
HUGE = 10**30
#: The slowest answer allowed.
SLOWEST = 2.0
#: The most requests sent per page and method (an even share of its variants beyond it).
MOST = 8


@dataclass
class Ids:
    """The map the requests are about, with a step with answers, one without, a button."""

    map: int
    step: int
    leaf: int
    button: int
    other_button: int
    version: int
    reason: int
    language: str = "es"


def setting_up() -> Ids:
    map_obj = Map.objects.get(slug="sklearn")
    step = map_obj.start_node
    leaf = map_obj.nodes.filter(kind=Node.Kind.RECOMMENDATION).order_by("pk").first()
    buttons = list(step.buttons.order_by("order"))
    make_map({"a": (Q, [("Yes", "b")]), "b": (R, [])}, slug="other")
    node = leaf
    now = timezone.now()
    for days in (0, 3):
        HandledUpdate.objects.create(
            update_id=days, chat_id=7, kind="start", map=map_obj, node=node,
            handled_at=now - timedelta(days=days), language="en",
        )  # fmt: skip
    reason = Reason.objects.create(
        map=map_obj, node_id=leaf.pk, key=leaf.key, text="a reason", language="en"
    )
    assert map_obj.languages.filter(code="es").exists() and len(buttons) > 1
    return Ids(
        map_obj.pk,
        step.pk,
        leaf.pk,
        buttons[0].pk,
        buttons[1].pk,
        map_obj.live_version.number,
        reason.pk,
    )


def pages(ids: Ids) -> list[tuple[str, dict]]:
    """Every page a GET reaches, with the query parameters it reads (valid values)."""
    m, s, leaf, b = ids.map, ids.step, ids.leaf, ids.button
    outline = f"/admin/advisor/map/{m}/outline/"
    by_id = {"open": f"{s},{leaf}", "reveal": str(leaf)}
    analytics = {"since": "2026-01-01", "until": "2026-12-31", "days": "7", "language": "en"}
    return [
        (reverse("admin:advisor_map_changelist"), {"q": "a", "o": "1", "archived": "yes"}),
        (reverse("admin:advisor_map_add"), {}),
        (reverse("admin:advisor_map_change", args=[m]), {"version": "live", **by_id}),
        (reverse("admin:advisor_map_history", args=[m]), {"p": "1"}),
        (reverse("admin:advisor_map_delete", args=[m]), {}),
        (reverse("admin:advisor_map_import"), {}),
        (reverse("admin:advisor_bot_texts"), {"language": "es"}),
        (f"/admin/advisor/map/{m}/check/", {"version": str(ids.version)}),
        (
            f"/admin/advisor/map/{m}/preview/",
            {"version": "live", "send": "/start", "press": "g:1:1:1", "language": "es"},
        ),
        (f"/admin/advisor/map/{m}/picture/{'0' * 64}/", {}),
        (f"/admin/advisor/map/{m}/download/", {}),
        (f"/admin/advisor/map/{m}/changes/", {"compare": str(ids.version)}),
        (f"/admin/advisor/map/{m}/discard/", {}),
        (f"/admin/advisor/map/{m}/publish/", {}),
        (f"/admin/advisor/map/{m}/versions/", {}),
        (f"/admin/advisor/map/{m}/versions/{ids.version}/restore/", {"publish": "1"}),
        (f"/admin/advisor/map/{m}/translate/{ids.language}/", {"show": "all"}),
        (f"/admin/advisor/map/{m}/archive/", {}),
        (f"/admin/advisor/map/{m}/unarchive/", {}),
        (outline, by_id),
        (f"{outline}search/", {"q": "a", "skip": str(s), "choose": "target"}),
        (f"{outline}{s}/", {"open": str(leaf)}),
        (f"{outline}{s}/edit/", {}),
        (f"{outline}{s}/answer/", {}),
        (f"{outline}{s}/order/", {}),
        (f"{outline}{leaf}/order/", {}),
        (f"{outline}{s}/delete/", {}),
        (f"{outline}button/{b}/", {}),
        (reverse("admin:advisor_node_changelist"), {"q": "a", "map__id__exact": str(m)}),
        (reverse("admin:advisor_node_add"), {"map": str(m)}),
        (reverse("admin:advisor_node_change", args=[s]), {}),
        (reverse("admin:advisor_node_delete", args=[s]), {}),
        (reverse("admin:advisor_node_history", args=[s]), {"p": "1"}),
        (
            reverse("admin:autocomplete"),
            {
                "app_label": "advisor",
                "model_name": "button",
                "field_name": "target",
                "term": "a",
                "map": str(m),
                "page": "1",
            },
        ),
        (reverse("admin:botapp_map_analytics", args=[m]), analytics),
        (reverse("admin:botapp_map_analytics_figures", args=[m]), analytics),
        (reverse("admin:botapp_map_analytics_reasons", args=[m]), analytics),
    ]


def elsewhere(ids: Ids) -> Ids:
    """Ids of nothing (too big for the database), or of another map's step."""
    other = Map.objects.get(slug="other").start_node
    return Ids(HUGE, other.pk, HUGE, other.buttons.get().pk, HUGE, HUGE, HUGE, "x" * 300)


def forged_object_ids() -> list[str]:
    """The admin's own pages of a map or a step named by what is no id."""
    return [
        f"/admin/advisor/{model}/{object_id}/{page}/"
        for model in ("map", "node")
        for object_id in ("abc", "²", str(HUGE))
        for page in ("change", "history", "delete")
    ]


def post_pages(ids: Ids) -> list[tuple[str, str | None, dict, list]]:
    """Every page a POST reaches: (its URL, the page whose form it posts, data beyond that
    form's, more variants as (label, data))."""
    m, s, leaf, b = ids.map, ids.step, ids.leaf, ids.button
    outline = f"/admin/advisor/map/{m}/outline/"
    change = reverse("admin:advisor_map_change", args=[m])
    step = reverse("admin:advisor_node_change", args=[s])
    bad_picture = [
        ("empty picture", {"new_picture": SimpleUploadedFile("a.jpg", b"")}),
        ("text as a picture", {"new_picture": SimpleUploadedFile("a.jpg", b"<svg/>" * 100)}),
        ("picture's long name", {"new_picture": SimpleUploadedFile("a" * 5000 + ".png", b"x")}),
    ]
    return [
        (
            change,
            change,
            {},
            [
                ("no translations counted", {"languages-INITIAL_FORMS": "0"}),
                ("huge count of translations", {"languages-TOTAL_FORMS": str(HUGE)}),
                ("a million translations", {"languages-TOTAL_FORMS": "1000000"}),
                ("another map's first step", {"start_node": str(elsewhere(ids).step)}),
                ("first step as text", {"start_node": "abc"}),
            ],
        ),  # fmt: skip
        (reverse("admin:advisor_map_add"), reverse("admin:advisor_map_add"), {}, []),
        (reverse("admin:advisor_map_delete", args=[m]), None, {"post": "yes"}, []),
        (
            reverse("admin:advisor_map_changelist"),
            None,
            {"action": "download_map_file", "_selected_action": str(m), "index": "0"},
            [],
        ),
        (
            reverse("admin:advisor_map_import"),
            None,
            {},
            [
                ("empty file", {"file": SimpleUploadedFile("m.json", b"")}),
                ("deep JSON", {"file": SimpleUploadedFile("m.json", b"[" * 100_000)}),
                ("not UTF-8", {"file": SimpleUploadedFile("m.json", b"\xff\xfe\x00")}),
                ("NUL in JSON", {"file": SimpleUploadedFile("m.json", b'{"slug":"a\\u0000"}')}),
            ],
        ),  # fmt: skip
        (reverse("admin:advisor_bot_texts"), reverse("admin:advisor_bot_texts"), {}, []),
        (f"/admin/advisor/map/{m}/publish/", f"/admin/advisor/map/{m}/publish/", {}, []),
        (f"/admin/advisor/map/{m}/discard/", f"/admin/advisor/map/{m}/discard/", {}, []),
        (
            f"/admin/advisor/map/{m}/discard/",
            None,
            {"unit": f"step:{s}", "seen": "x", "since": "1"},
            [("unit step:²", {"unit": "step:²"}), ("unit button:huge", {"unit": f"button:{HUGE}"})],
        ),
        (
            f"/admin/advisor/map/{m}/versions/{ids.version}/restore/",
            f"/admin/advisor/map/{m}/versions/{ids.version}/restore/",
            {},
            [],
        ),
        (
            f"/admin/advisor/map/{m}/translate/{ids.language}/",
            f"/admin/advisor/map/{m}/translate/{ids.language}/",
            {},
            [],
        ),
        (f"/admin/advisor/map/{m}/archive/", f"/admin/advisor/map/{m}/archive/", {}, []),
        (f"{outline}{s}/edit/", f"{outline}{s}/edit/", {}, bad_picture),
        (
            f"{outline}{s}/answer/",
            f"{outline}{s}/answer/",
            {},
            [
                ("to an existing step", {"leads": "existing", "target": str(leaf)}),
                ("to an existing step ٣", {"leads": "existing", "target": "٣"}),
                ("to a huge step", {"leads": "existing", "target": str(HUGE)}),
            ],
        ),  # fmt: skip
        (
            f"{outline}{s}/order/",
            None,
            {"order": f"{ids.other_button},{b}", "was": "x", "since": "1"},
            [],
        ),
        (
            f"{outline}{leaf}/delete/",
            f"{outline}{leaf}/delete/",
            {},
            [
                ("redirected", {"then": "redirect", "redirect": str(s)}),
                ("redirected to ²", {"then": "redirect", "redirect": "²"}),
                ("redirected to a huge step", {"then": "redirect", "redirect": str(HUGE)}),
            ],
        ),  # fmt: skip
        (f"{outline}button/{b}/", f"{outline}button/{b}/", {}, []),
        (
            f"{reverse('admin:advisor_node_add')}?map={m}",
            f"{reverse('admin:advisor_node_add')}?map={m}",
            {},
            [],
        ),
        (
            step,
            step,
            {},
            [
                *bad_picture,
                ("huge count of buttons", {"buttons-TOTAL_FORMS": str(HUGE)}),
                ("a million buttons", {"buttons-TOTAL_FORMS": "1000000"}),
                ("a button to text", {"buttons-0-target": "abc"}),
                ("a button to another map", {"buttons-0-target": str(elsewhere(ids).step)}),
                ("odd pictures", {"pictures": ["abc", str(HUGE), "-1", "²"]}),
            ],
        ),  # fmt: skip
        (reverse("admin:advisor_node_delete", args=[s]), None, {"post": "yes"}, []),
        (
            reverse("admin:advisor_node_changelist"),
            None,
            {"action": "delete_selected", "_selected_action": str(leaf), "index": "0"},
            [],
        ),
        (reverse("admin:botapp_reason_delete", args=[ids.reason]), None, {}, []),
    ]


@dataclass
class Sender:
    """Sends requests as one role and notes every answer that breaks a rule."""

    client: Client
    role: str
    problems: list[str] = field(default_factory=list)

    def send(self, method: str, url: str, data=None, label: str = "", **extra) -> str:
        """The answer's text (rolled back: the next request meets the same data)."""
        what = f"{self.role} {method} {url[:120]} [{label}]"
        before_live = live_state()
        before = written() if method == "GET" else None
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
                if before is not None and written() != before:
                    self.problems.append(f"{what}: a GET wrote")
                if self.role == "editor" and live_state() != before_live:
                    self.problems.append(f"{what}: an editor changed what users see")
            if took > SLOWEST:
                self.problems.append(f"{what}: took {took:.1f} s")
            text = response.content.decode(errors="replace") if response.status_code < 300 else ""
            transaction.set_rollback(True)
        graph._cache.clear()
        graph._bot_words[0] = DEFAULT_BOT_WORDS
        versions._changes.clear()
        return text


def hostile_gets(sender: Sender, ids: Ids, offset: int) -> None:
    for url, params in pages(ids):
        sender.send("GET", url, params, "as is")
        for name, label, value in sampled(list(params), offset, MOST):
            query = {key: [value] for key, value in params.items()}
            sender.send("GET", url, varied(query, name, value), f"{name}: {label}")
    for url, _ in pages(elsewhere(ids))[offset::2]:  # each role half of them
        sender.send("GET", url, {}, "ids of nothing")
    for url in forged_object_ids()[offset::2]:
        sender.send("GET", url, {}, "no id")


def hostile_posts(sender: Sender, ids: Ids, offset: int) -> None:
    htmx = {"HTTP_HX_REQUEST": "true"}
    for index, (url, form_url, more, variants) in enumerate(post_pages(ids)):
        base = form_data(sender.send("GET", form_url, None, "its form", **htmx)) if form_url else {}
        base = {name: values for name, values in base.items() if name != "csrfmiddlewaretoken"}
        base.update({name: value for name, value in more.items()})
        sender.send("POST", url, base, "as shown", **htmx)
        for label, changes in variants:
            sender.send("POST", url, {**base, **changes}, label, **htmx)
        if "opened" in base:
            for token in TOKENS[offset::2]:
                sender.send("POST", url, {**base, "opened": token}, "forged token", **htmx)
        for name, label, value in sampled(list(base), offset, MOST):
            sender.send("POST", url, varied(base, name, value), f"{name}: {label}", **htmx)
        if index % 2 == offset:
            body, kind = oversized_headers()
            sender.send("POST", url, body, "oversized multipart headers", content_type=kind)


def oversized_headers() -> tuple[bytes, str]:
    """A multipart body whose part's headers are far over Django's limit."""
    boundary = "hostile"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n'
        f"X-Padding: {'p' * 20_000}\r\n\r\nvalue\r\n--{boundary}--\r\n"
    )
    return body.encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_hostile_requests_never_crash_stall_or_write_what_they_may_not(role, request):
    ids = setting_up()
    user = request.getfixturevalue(role)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    sender = Sender(client, role)
    offset = 0 if role == "editor" else 1
    hostile_gets(sender, ids, offset)
    hostile_posts(sender, ids, offset)
    assert Button.objects.filter(pk=ids.button).exists()  # every request was rolled back
    shown = "\n".join(problem[:250] for problem in sender.problems[:400])
    assert not sender.problems, f"{len(sender.problems)} problems:\n{shown}"


def test_a_get_of_the_answers_order_writes_nothing(editor_client):
    ids = setting_up()
    entries = HistoryEntry.objects.count()
    response = editor_client.get(f"/admin/advisor/map/{ids.map}/outline/{ids.leaf}/order/")
    assert response.status_code == 405 and HistoryEntry.objects.count() == entries


def test_a_forged_count_of_buttons_gets_the_step_page_again_at_once(editor_client):
    ids = setting_up()
    url = reverse("admin:advisor_node_change", args=[ids.step])
    data = form_data(editor_client.get(url).content.decode())
    started = perf_counter()
    response = editor_client.post(url, {**data, "buttons-TOTAL_FORMS": str(HUGE)})
    assert perf_counter() - started < SLOWEST
    assert "Please submit at most 40 forms." in response.content.decode()


def test_analytics_from_year_one_draw_at_most_a_year_before_the_first_chats(editor_client):
    ids = setting_up()
    url = reverse("admin:botapp_map_analytics", args=[ids.map])
    shown = editor_client.get(url, {"since": "0001-01-01"}).content.decode()
    days = shown[shown.index('id="analytics-days"') : shown.index('id="analytics-chart"')]
    assert days.count("<rect") == 366 + 3 + 1  # the first chats were 3 days ago
