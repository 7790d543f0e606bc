"""Analytics after scripted conversations through the webhook, and purging the records."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from advisor.graph import live_graph
from botapp.analytics import map_stats
from botapp.models import HandledUpdate

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


def test_counts_after_scripted_conversations(conversations, sklearn_map):
    stats = map_stats(live_graph(sklearn_map.id))
    assert (stats.chats, stats.completions) == (4, 1)
    counts = {node.key: (node.reached, node.left_here) for node in stats.nodes if node.reached}
    assert counts == {
        "more-than-50-samples": (4, 1),
        "predicting-category": (2, 0),
        "labeled-data": (1, 0),
        "classification-samples": (1, 0),
        "linear-svc": (1, 0),
        "predicting-quantity": (1, 1),
        "get-more-data": (1, 0),
    }
    assert stats.paths == [("Yes › Yes › Yes › <100K samples", 1)]
    assert HandledUpdate.objects.count() == 13  # one record per handled update


def test_the_analytics_page_shows_them_with_a_date_range(conversations, sklearn_map, client):
    client.force_login(User.objects.create_superuser("editor", password="x"))
    url = f"/admin/botapp/handledupdate/analytics/{sklearn_map.id}/"
    page = client.get(url).content.decode()
    assert "4 chats used this map;\n  1 reached a recommendation." in page
    assert page.count("<rect") == 2 * 7  # a bar (and its dark part) per reached step
    assert "Yes › Yes › Yes › &lt;100K samples — 1" in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = client.get(url, {"since": tomorrow}).content.decode()
    assert "0 chats used this map" in later and "No conversations in this range yet." in later


def test_purge_deletes_records_older_than_the_given_days(conversations):
    HandledUpdate.objects.filter(chat_id=8000).update(
        handled_at=timezone.now() - timedelta(days=40)
    )
    out = StringIO()
    call_command("purgeanalytics", "--older-than", "30", stdout=out)
    assert out.getvalue().strip() == "Deleted 6 record(s) older than 30 day(s)."
    assert not HandledUpdate.objects.filter(chat_id=8000).exists()
    assert HandledUpdate.objects.count() == 7
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purgeanalytics", "--older-than", "0")
