"""Hostile but well-formed requests to every admin page of a map, its steps and its
analytics, as a Map editor and as a Map publisher: each query parameter and posted field
missing, empty, 100 000 characters long, text, huge, negative, a Unicode digit, with a NUL
byte or sent twice; forged page-state tokens, odd uploads, huge form counts. None may
answer 5xx or take over 2 s, no GET may write, and an editor changes nothing users see.

Each request runs in a savepoint rolled back after it, so every variant meets the same
map; a fixed share of the variants of a big form is sent (each role its own share)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from advisor.admin.formdata import BoundedInline
from advisor.models import Button, HistoryEntry
from tests.editing.hostile import TOKENS, Sender, form_data, sampled, varied
from tests.editing.hostile_posts import post_pages
from tests.editing.hostile_routes import (
    HUGE,
    Ids,
    elsewhere,
    forged_object_ids,
    named_in_the_issue,
    pages,
    setting_up,
)

pytestmark = pytest.mark.django_db
#: The most requests sent per page and method (an even share of its variants beyond it).
MOST = 8


def hostile_gets(sender: Sender, ids: Ids, offset: int) -> None:
    for url, params in pages(ids):
        sender.send("GET", url, params, "as is")
        for name, label, value in sampled(list(params), offset, MOST):
            query = {key: [given] for key, given in params.items()}
            sender.send("GET", url, varied(query, name, value), f"{name}: {label}")
    for url, params in named_in_the_issue(ids):
        sender.send("GET", url, params, "named in the issue")
    for url, _ in pages(elsewhere(ids))[offset::2]:  # each role half of them
        sender.send("GET", url, {}, "ids of nothing")
    for url in forged_object_ids()[offset::2]:
        sender.send("GET", url, {}, "no id")


def hostile_posts(sender: Sender, ids: Ids, offset: int) -> None:
    htmx = {"HTTP_HX_REQUEST": "true"}
    for index, (url, form_url, more, variants) in enumerate(post_pages(ids)):
        base = form_data(sender.send("GET", form_url, None, "its form", **htmx)) if form_url else {}
        base = {name: values for name, values in base.items() if name != "csrfmiddlewaretoken"}
        base.update(more)
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
    shown = editor_client.post(url, {**data, "buttons-TOTAL_FORMS": str(HUGE)}).content.decode()
    rows = BoundedInline.max_num  # 100: Telegram's most buttons under a message
    assert f"Please submit at most {rows} forms." in shown
    assert len(re.findall(r'name="buttons-\d+-label"', shown)) == rows  # not 10**30


def test_analytics_from_year_one_draw_at_most_a_year_before_the_first_chats(editor_client):
    ids = setting_up()
    url = reverse("admin:botapp_map_analytics", args=[ids.map])
    shown = editor_client.get(url, {"since": "0001-01-01"}).content.decode()
    days = shown[shown.index('id="analytics-days"') : shown.index('id="analytics-chart"')]
    assert days.count("<rect") == 366 + 3 + 1  # the first chats were 3 days ago
