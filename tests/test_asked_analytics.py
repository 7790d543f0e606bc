"""The map's analytics count the conversations with the team: "asked for a person" per step and
the median time to a first answer over the chosen range and language, on the page and in the
figures' CSV; counted from the conversations' records when the page is drawn."""

from datetime import timedelta

import pytest
from django.utils import timezone

from botapp.analytics.asked import wait_in_words
from botapp.analytics.exports import FIGURE_COLUMNS
from botapp.models import Conversation
from tests.editing.test_conversations_page import talk
from tests.test_exports import download

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(sklearn_map):
    """Four conversations from kmeans (answered after 2, 4 and 30 minutes, one not yet), one
    from the start (in Spanish, answered after 10 minutes), one 40 days ago."""
    kmeans = sklearn_map.nodes.get(key="kmeans").pk
    start = sklearn_map.start_node_id
    for chat, after in enumerate([2, 4, 30, None]):
        wait = timedelta(minutes=after) if after else None
        talk(sklearn_map, 10 + chat, minutes_ago=60, answered_after=wait, node_id=kmeans)
    talk(
        sklearn_map,
        20,
        minutes_ago=60,
        answered_after=timedelta(minutes=10),
        node_id=start,
        language="es",
    )
    old = talk(sklearn_map, 30, minutes_ago=60, answered_after=timedelta(hours=5), node_id=start)
    Conversation.objects.filter(pk=old.pk).update(opened_at=timezone.now() - timedelta(days=40))
    return sklearn_map


def page(client, map_obj, **query):
    return client.get(f"/admin/botapp/handledupdate/analytics/{map_obj.pk}/", query)


def step_row(stats, key):
    return next(node for node in stats.nodes if node.key == key)


def test_the_page_counts_them_per_step_with_the_median_wait(admin_client, asked):
    response = page(admin_client, asked)
    stats = response.context["stats"]
    assert (stats.asked.total, stats.asked.answered) == (5, 4)
    assert stats.asked.median_wait == timedelta(minutes=7)  # of 2, 4, 10 and 30
    kmeans = step_row(stats, "kmeans")
    assert (kmeans.asked_for_person, kmeans.median_wait) == (4, timedelta(minutes=4))
    text = response.content.decode()
    assert "5 conversations with your team began from this map in this range (4 answered)" in text
    assert "the median time to a first answer was <strong>7 min</strong>" in text
    assert "<th>Asked for a person</th>" in text


def test_the_range_and_the_language_choose_them(admin_client, asked):
    every = page(admin_client, asked, days="all").context["stats"].asked
    assert (every.total, every.median_wait) == (6, timedelta(minutes=10))
    spanish = page(admin_client, asked, days="all", language="es").context["stats"]
    assert (spanish.asked.total, spanish.asked.median_wait) == (1, timedelta(minutes=10))
    assert step_row(spanish, "kmeans").asked_for_person == 0
    day = (timezone.localdate() - timedelta(days=60)).isoformat()
    long_ago = page(admin_client, asked, since=day, until=day).content.decode()
    assert "0 conversations with your team began from this map in this range." in long_ago


def test_the_figures_csv_has_them(admin_client, asked):
    assert FIGURE_COLUMNS[-2:] == ("asked_for_person", "median_seconds_to_first_answer")
    _, rows = download(admin_client, asked, "figures")
    kmeans = next(row for row in rows if row["step_key"] == "kmeans")
    assert (kmeans["asked_for_person"], kmeans["median_seconds_to_first_answer"]) == ("4", "240")
    assert next(row for row in rows if row["step_key"] == "text-data")["asked_for_person"] == "0"


def test_waits_in_words():
    words = [wait_in_words(timedelta(seconds=s)) for s in (45, 720, 3 * 3600 + 300, 52 * 3600)]
    assert words == ["45 s", "12 min", "3 h 5 min", "2 days 4 h"]
    assert wait_in_words(None) == "—"
