"""Analytics after scripted conversations through the webhook; the page's ranges; the daily
job that rolls days up and prunes raw records without losing the figures or re-answering."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from advisor.loading import live_graph
from botapp.analytics.rollup import last_settled_day
from botapp.analytics.stats import map_stats
from botapp.models import DayFigures, HandledUpdate, RolledUpDay

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversations(botapi):
    ada, bob, cyd, dee = (botapi.chat(8000 + n) for n in range(4))
    for chat, presses in (
        (ada, ["Yes", "Yes", "Yes", "<100K samples", "Done"]),
        (bob, ["Yes", "No"]),
        (cyd, ["No"]),
        (dee, []),
    ):
        chat.send("/start")
        for label in presses:
            assert chat.press(label) == 200
    dee.send("what now?")
    return botapi


#: The day three days back from yesterday's end: three settled days from it, whatever the time
#: (yesterday settles some time after midnight: botapp.analytics.rollup.SETTLING_TIME).
def three_settled_days_ago() -> datetime:
    return timezone.make_aware(datetime.combine(last_settled_day() - timedelta(days=2), time(12)))


def counts(stats) -> dict:
    return {n.key: (n.reached.value, n.left_here) for n in stats.nodes if n.reached.value}


def test_counts_after_scripted_conversations(conversations, sklearn_map):
    stats = map_stats([live_graph(sklearn_map.id)])
    assert (stats.chats.value, stats.completions.value) == (4, 1)
    assert not stats.chats.approximate  # one day: exact
    assert counts(stats) == {
        "more-than-50-samples": (4, 1),
        "predicting-category": (2, 0),
        "labeled-data": (1, 0),
        "classification-samples": (1, 0),
        "linear-svc": (1, 0),
        "predicting-quantity": (1, 1),
        "get-more-data": (1, 0),
    }
    assert stats.paths == [("Yes › Yes › Yes › <100K samples", 1)]
    assert stats.days == [(timezone.localdate(), 4)]
    assert HandledUpdate.objects.count() == 13  # one record per handled update


@pytest.fixture
def page(sklearn_map, client):
    client.force_login(User.objects.create_superuser("editor", password="x"))
    url = f"/admin/botapp/handledupdate/analytics/{sklearn_map.id}/"
    return lambda **query: client.get(url, query).content.decode()


def figures_shown(page: str) -> str:
    """The page's figures, from the range links to the paths (without the CSRF token)."""
    return page[page.index('<p id="analytics-periods">') : page.index('id="analytics-paths"')]


def test_the_page_shows_the_last_30_days_with_all_time_one_click_away(conversations, page):
    shown = page()
    assert "<strong>Last 30 days</strong>" in shown
    assert '<a href="?days=all">All time</a>' in shown and '<a href="?days=7">' in shown
    assert "4 chats used this map;\n  1 reached a recommendation." in shown
    assert shown.count("<rect") == 2 * 7 + 30  # a bar (and its dark part) per step; 30 days
    assert "Yes › Yes › Yes › &lt;100K samples — 1" in shown
    assert "<strong>All time</strong>" in page(days="all")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = page(since=tomorrow)
    assert "0 chats used this map" in later and "No conversations in this range yet." in later


def test_older_days_are_rolled_up_and_stay_on_the_page_after_pruning(
    conversations, page, monkeypatch
):
    # Time enough to roll up all 40 days at once, however busy the machine (the budget
    # itself is test_days_the_page_had_no_time_to_roll_up_are_named_and_left_out's).
    monkeypatch.setattr("botapp.analytics.stats.ROLL_UP_SECONDS", 60)
    HandledUpdate.objects.filter(chat_id=8000).update(
        handled_at=timezone.now() - timedelta(days=40)
    )
    before = page(days="all")
    assert "About 4 chats used this map;\n  1 reached a recommendation." in before
    assert RolledUpDay.objects.exists()  # the page rolled the old day up itself
    out = StringIO()
    call_command("purgeanalytics", stdout=out)
    assert out.getvalue().splitlines()[-2:] == [
        "Deleted 6 record(s) older than 30 day(s).",
        "Deleted 0 reason(s) older than 365 day(s).",
    ]
    assert not HandledUpdate.objects.filter(chat_id=8000).exists()
    assert HandledUpdate.objects.count() == 7
    assert figures_shown(page(days="all")) == figures_shown(before)
    assert "3 chats used this map;\n  0 reached a recommendation." in page()


def test_the_daily_job_rolls_up_first_and_then_prunes(conversations):
    HandledUpdate.objects.filter(chat_id=8001).update(handled_at=three_settled_days_ago())
    out = StringIO()
    call_command("purgeanalytics", "--older-than", "2", stdout=out)
    assert out.getvalue().splitlines() == [
        "Rolled up 3 day(s).",  # from the oldest raw record to yesterday
        "Deleted 3 record(s) older than 2 day(s).",
        "Deleted 0 reason(s) older than 365 day(s).",
    ]
    day = last_settled_day() - timedelta(days=2)
    figures = DayFigures.objects.get(day=day, channel="*", language="*")
    assert (figures.chats, figures.completions) == (1, 0)
    again = StringIO()
    call_command("purgeanalytics", "--older-than", "2", stdout=again)
    assert again.getvalue().splitlines()[0] == "Rolled up 0 day(s)."
    # Every language and the chat's own, of every channel and of Telegram's.
    assert DayFigures.objects.count() == 4
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purgeanalytics", "--older-than", "0")


def test_a_redelivery_within_the_retention_is_not_answered_twice(botapi, sklearn_map):
    chat = botapi.chat(8100)
    start = chat.message_update("/start")
    assert botapi.deliver(start) == 200
    HandledUpdate.objects.update(handled_at=timezone.now() - timedelta(days=2))
    call_command("purgeanalytics", stdout=StringIO())
    assert botapi.deliver(start) == 200
    assert len(botapi.calls_of("sendMessage")) == 1
    assert HandledUpdate.objects.filter(chat_id=8100).count() == 1


def test_days_the_page_had_no_time_to_roll_up_are_named_and_left_out(
    conversations, page, monkeypatch
):
    HandledUpdate.objects.filter(chat_id=8000).update(handled_at=three_settled_days_ago())
    monkeypatch.setattr("botapp.analytics.stats.ROLL_UP_SECONDS", -1)  # no time at all
    hurried = page()
    assert "3 days of this range (the oldest " in hurried
    assert "are not rolled up yet and left out" in hurried
    assert "3 chats used this map" in hurried
    monkeypatch.undo()
    patient = page()
    assert "not rolled up yet" not in patient
    assert "About 4 chats used this map" in patient
