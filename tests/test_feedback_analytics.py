"""Votes and shared arrivals rolled up per day against a direct count from the raw rows, kept
through pruning; the analytics page's recommendations and reasons (shown as text, never with
the chat), and a superuser deleting a reason on record."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from advisor.core.callbacks import Go, Vote, decode, encode
from advisor.core.graph import MapGraph
from advisor.loading import live_graph
from advisor.models import HistoryEntry
from botapp.analytics.rollup import day_start, last_settled_day, roll_up_pending, tally_map_day
from botapp.analytics.stats import map_stats
from botapp.models import EVERY_CHANNEL, EVERY_LANGUAGE, HandledUpdate, Reason, StepFigures
from tests.editing.conftest import map_editors

pytestmark = pytest.mark.django_db

R1, R2 = "linear-svc", "naive-bayes"
#: Days ago, chat, language, then a shared link opened ("s") or a vote ("<now><was>").
EVENTS = [
    (5, 1, "en", R1, "y-"),
    (5, 2, "en", R1, "y-"),
    (5, 2, "en", R1, "y-"),  # a double press
    (5, 2, "en", R1, "ny"),  # a change the same day
    (5, 3, "es", R1, "n-"),
    (4, 1, "en", R1, "ny"),  # a change across days
    (4, 3, "es", R2, "n-"),
    (4, 3, "es", R2, "n-"),
    (4, 3, "es", R1, "s"),
    (4, 4, "es", R2, "s"),
    (4, 4, "es", R2, "s"),
    (4, 4, "es", R2, "y-"),
    (3, 3, "es", R2, "yn"),
    (3, 5, "en", R1, "s"),
    (3, 5, "en", R1, "y-"),
    (3, 5, "en", R1, "ny"),
    (3, 5, "en", R1, "yn"),  # changed twice the same day
    (0, 1, "en", R1, "yn"),  # today, counted live
    (0, 4, "es", R2, "ny"),
    (0, 4, "es", R1, "s"),
    (0, 6, "en", R1, "y-"),
]
LETTERS = {"y": True, "n": False, "-": None}


def go_to(graph: MapGraph, key: str) -> Go:
    """The Go from the start that reaches the step ``key`` (breadth first)."""
    paths = {graph.start_id: ()}
    queue = [graph.start_id]
    for node_id in queue:
        if graph.nodes[node_id].key == key:
            return Go(graph.id, graph.start_id, paths[node_id])
        for button in graph.nodes[node_id].buttons:
            if button.target_id is not None and button.target_id not in paths:
                paths[button.target_id] = (*paths[node_id], button.id)
                queue.append(button.target_id)
    raise LookupError(key)


def vote_data(graph: MapGraph, key: str, letters: str) -> str:
    return encode(Vote(go_to(graph, key), LETTERS[letters[0]], LETTERS[letters[1]]))


def event_rows(graph: MapGraph, events=EVENTS, first_chat: int = 9000) -> list[HandledUpdate]:
    """The events as the bot records them, a minute apart in each day."""
    ids = {node.key: node.id for node in graph.nodes.values()}
    rows = []
    for n, (ago, chat, language, key, what) in enumerate(events):
        day = timezone.localdate() - timedelta(days=ago)
        rows.append(
            HandledUpdate(
                update_id=n + 1,
                chat_id=first_chat + chat,
                kind="shared" if what == "s" else "vote",
                map_id=graph.id,
                node_id=ids[key],
                path="" if what == "s" else vote_data(graph, key, what),
                language=language,
                handled_at=day_start(day) + timedelta(minutes=n),
            )
        )
    return rows


@pytest.fixture
def recorded(sklearn_map) -> MapGraph:
    graph = live_graph(sklearn_map.id)
    HandledUpdate.objects.bulk_create(event_rows(graph))
    return graph


def votes_until(rows: list[HandledUpdate], moment, language: str | None) -> Counter:
    """Each chat's last answer per step before ``moment``: (node, helpful) → chats."""
    last = {}
    for row in sorted(rows, key=lambda row: row.handled_at):
        if row.kind == "vote" and row.handled_at < moment and language in (None, row.language):
            last[row.chat_id, row.node_id] = decode(row.path).helpful
    return Counter((node_id, helpful) for (_chat, node_id), helpful in last.items())


def direct_count(rows: list[HandledUpdate], day: date, language: str | None) -> dict:
    """Per step, the day's change in 👍 and 👎 answers held, and shared links opened."""
    end = votes_until(rows, day_start(day + timedelta(days=1)), language)
    start = votes_until(rows, day_start(day), language)
    change = end.copy()
    change.subtract(start)
    shared = Counter(
        row.node_id
        for row in rows
        if row.kind == "shared"
        and day_start(day) <= row.handled_at < day_start(day + timedelta(days=1))
        and language in (None, row.language)
    )
    counts = {
        node_id: (change[node_id, True], change[node_id, False], shared[node_id])
        for node_id in {node_id for node_id, _ in change} | set(shared)
    }
    return {node_id: figures for node_id, figures in counts.items() if any(figures)}


def rolled_up(day: date, language: str | None) -> dict:
    """The day's vote and arrival figures per step: rolled up, or today's from its rows."""
    group = EVERY_LANGUAGE if language is None else language
    if day > last_settled_day():
        steps = tally_map_day(HandledUpdate.objects.first().map_id, day).get((EVERY_CHANNEL, group))
        found = [
            (node_id, s.helpful, s.not_helpful, s.shared_arrivals)
            for node_id, s in (steps.steps.items() if steps else ())
        ]
    else:
        found = StepFigures.objects.filter(
            day_figures__day=day, day_figures__channel=EVERY_CHANNEL, day_figures__language=group
        )
        found = found.values_list("node_id", "helpful", "not_helpful", "shared_arrivals")
    return {node_id: tuple(figures) for node_id, *figures in found if any(figures)}


def test_votes_and_arrivals_per_day_equal_a_direct_count(recorded):
    rows = list(HandledUpdate.objects.all())
    assert roll_up_pending(None, last_settled_day(), seconds=60) == []
    days = [timezone.localdate() - timedelta(days=ago) for ago in (5, 4, 3, 0)]
    for day in days:
        for language in (None, "en", "es"):
            assert rolled_up(day, language) == direct_count(rows, day, language), (day, language)
    ids = {node.key: node.id for node in recorded.nodes.values()}
    # The cases in point: a change across days moves a vote; a double press counts once.
    assert rolled_up(days[1], None)[ids[R1]] == (-1, 1, 1)
    assert rolled_up(days[0], "en")[ids[R1]] == (1, 1, 0)  # chat 1 👍; chat 2 👎 at last
    # Over all time each chat counts with its last answer per step.
    for language in (None, "en", "es"):
        held = votes_until(rows, day_start(days[-1] + timedelta(days=1)), language)
        shared = Counter(
            r.node_id for r in rows if r.kind == "shared" and language in (None, r.language)
        )
        for node in map_stats([recorded], None, None, language).nodes:
            expected = (held[node.node_id, True], held[node.node_id, False], shared[node.node_id])
            assert (node.helpful, node.not_helpful, node.shared_arrivals) == expected
    assert held[ids[R2], True] == held[ids[R2], False] == 1  # ("es"): changed across days


def test_vote_figures_survive_pruning(recorded):
    def figures():
        days = [timezone.localdate() - timedelta(days=ago) for ago in range(6)]
        ranges = [(day, day) for day in days] + [(None, None)]
        return [
            [
                (n.key, n.helpful, n.not_helpful, n.shared_arrivals, n.reached)
                for n in map_stats([recorded], *r, language).nodes
            ]
            for r in ranges
            for language in (None, "en", "es")
        ]

    before = figures()
    call_command("purgeanalytics", older_than=1, stdout=StringIO())
    assert not HandledUpdate.objects.filter(handled_at__lt=day_start(last_settled_day())).exists()
    assert HandledUpdate.objects.exists()  # today's
    assert figures() == before


def add_reason(graph: MapGraph, text: str, language="en", ago=timedelta(0), key=R1, path=None):
    return Reason.objects.create(
        map_id=graph.id,
        node_id=next(n.id for n in graph.nodes.values() if n.key == key),
        key=key,
        path=vote_data(graph, key, "n-") if path is None else path,
        language=language,
        text=text,
        given_at=timezone.now() - ago,
    )


def page_of(client, graph: MapGraph, **query):
    return client.get(f"/admin/botapp/handledupdate/analytics/{graph.id}/", query)


def test_the_page_shows_recommendations_and_reasons_as_text(recorded, admin_client):
    add_reason(recorded, "<b>bold</b> & <script>x()</script>\nsecond line", "es")
    add_reason(recorded, "an old one", ago=timedelta(days=40))
    add_reason(recorded, "a stale path", key=R2, path="vn-:1:zzzz:zz")
    response = page_of(admin_client, recorded, days="all")
    shown = response.content.decode()
    linear = next(n for n in response.context["stats"].nodes if n.key == R1)
    assert (linear.helpful, linear.not_helpful, linear.helpful_percent) == (3, 2, 60)
    table = shown[shown.index('id="analytics-recommendations"') :]
    assert "<td>3</td><td>2</td>\n      <td>60 %</td><td>3</td>" in table
    assert "<td>0</td><td>0</td>\n      <td>—</td><td>0</td>" in table  # no votes: no rate
    reasons = shown[shown.index('id="analytics-reasons"') :]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;<br>second line" in (
        reasons
    )
    assert "<b>bold</b>" not in shown and "<script>x()" not in shown
    assert "Yes › Yes › Yes › &lt;100K samples" in reasons
    assert "(deleted since)" in reasons and "a stale path" in reasons
    assert reasons.index("a stale path") < reasons.index("bold")  # newest first
    assert not any(str(chat) in shown for chat in range(9001, 9007))  # never the chat
    assert "3\n  answers" in shown
    last_30 = page_of(admin_client, recorded).content.decode()
    assert "an old one" not in last_30 and "a stale path" in last_30
    spanish = page_of(admin_client, recorded, days="all", language="es").content.decode()
    assert "bold" in spanish and "a stale path" not in spanish
    assert (
        "a stale path"
        in page_of(admin_client, recorded, since=timezone.localdate()).content.decode()
    )


def test_the_page_lists_the_newest_hundred(recorded, admin_client):
    for n in range(105):
        add_reason(recorded, f"reason number {n}", ago=timedelta(minutes=n))
    shown = page_of(admin_client, recorded).content.decode()
    assert "The newest 100 of 105\n  answers" in shown and "the CSV download has them all" in shown
    assert "reason number 0<" in shown and "reason number 99<" in shown
    assert "reason number 100<" not in shown
    assert shown.index("reason number 0<") < shown.index("reason number 1<")


def test_a_superuser_deletes_a_reason_on_record(recorded, admin_client):
    kept, gone = add_reason(recorded, "kept"), add_reason(recorded, "to delete")
    assert 'value="Delete"' in page_of(admin_client, recorded).content.decode()
    url = f"/admin/botapp/handledupdate/analytics/reasons/{gone.id}/delete/"
    response = admin_client.post(f"{url}?days=all&language=en", follow=True)
    assert response.redirect_chain == [
        (f"/admin/botapp/handledupdate/analytics/{recorded.id}/?days=all&language=en", 302)
    ]
    assert "The reason was deleted." in response.content.decode()
    assert list(Reason.objects.all()) == [kept]
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id, entry.user.is_superuser) == (
        DELETION,
        str(gone.id),
        True,
    )
    assert entry.content_type.model_class() is Reason and "to delete" not in entry.object_repr
    [told] = HistoryEntry.objects.filter(
        map_id=recorded.id, action=HistoryEntry.Action.REASON_DELETED
    )
    assert told.step_id == gone.node_id and told.user.is_superuser
    assert gone.key in told.summary and "to delete" not in told.summary  # never the words
    assert admin_client.post(url).status_code == 404
    assert (
        admin_client.get(
            f"/admin/botapp/handledupdate/analytics/reasons/{kept.id}/delete/"
        ).status_code
        == 405
    )


def test_an_editor_sees_reasons_but_may_not_delete_them(recorded, client):
    editor = User.objects.create_user("eve", password="x", is_staff=True)
    editor.groups.add(map_editors())
    client.force_login(editor)
    reason = add_reason(recorded, "mine to keep")
    shown = page_of(client, recorded).content.decode()
    assert "mine to keep" in shown and 'value="Delete"' not in shown
    url = f"/admin/botapp/handledupdate/analytics/reasons/{reason.id}/delete/"
    assert client.post(url).status_code == 403
    assert Reason.objects.filter(pk=reason.id).exists() and not LogEntry.objects.exists()
