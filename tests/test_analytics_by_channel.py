"""Analytics by channel: days of Telegram chats and web visitors rolled up give each channel's
figures and every channel's, exactly as the reference counts them (tests/analytics_reference.py)
over that channel's rows; web votes count as Telegram's; the page filtered by channel after
walks through the real chat page and the webhook, and its CSV."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from advisor.loading import live_graph
from botapp.analytics.ratings import map_votes
from botapp.analytics.rollup import day_start
from botapp.analytics.stats import Count, map_stats
from botapp.models import HandledUpdate, Reason, RolledUpDay
from botapp.web.visitors import VISITOR_IDS
from tests import analytics_reference as reference
from tests.test_exports import parsed
from tests.test_feedback_analytics import add_reason, event_rows
from tests.test_rollups import FILTERS, assert_near, assert_same_top, walk_days, walk_rows
from tests.web.test_chat_page import CHAT, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
CHANNELS = (None, "telegram", "web")


def on_the_web(rows: list[HandledUpdate]) -> list[HandledUpdate]:
    """The same walks by web visitors: their numbers, their own update ids."""
    for row in rows:
        row.chat_id += VISITOR_IDS.start
        row.update_id += 10**9
        row.channel = "web"
    return rows


@pytest.fixture
def mixed(sklearn_map):
    graph = live_graph(sklearn_map.id)
    telegram = walk_rows(graph, walk_days(), chats=300, seed=7)
    web = on_the_web(walk_rows(graph, walk_days(), chats=200, seed=8))
    HandledUpdate.objects.bulk_create([*telegram, *web], batch_size=1000)
    return graph


def reference_of(graph, since, until, language, channel):
    end = day_start(until + timedelta(days=1)) if until else None
    return reference.map_stats(graph, day_start(since), end, language, channel)


def test_each_day_gives_each_channels_figures_and_every_channels_exactly(mixed):
    for day in walk_days():
        for channel in CHANNELS:
            for language in FILTERS:
                new = map_stats([mixed], day, day, language, channel)
                old = reference_of(mixed, day, day, language, channel)
                assert (new.chats, new.completions) == (Count(old.chats), Count(old.completions))
                assert {n.node_id: (n.reached, n.left_here) for n in new.nodes} == {
                    n.node_id: (Count(n.reached), n.left_here) for n in old.nodes
                }
                assert dict(new.languages) == {code: Count(n) for code, n in old.languages}
                assert_same_top(new.paths, old.paths)
                each = {
                    shown: reference_of(mixed, day, day, language, shown).chats
                    for shown in ("telegram", "web")
                    if channel in (None, shown)
                }
                assert dict(new.channels) == {c: Count(n) for c, n in each.items() if n}
        every, telegram, web = (map_stats([mixed], day, day, None, c).chats for c in CHANNELS)
        assert every.value == telegram.value + web.value > 0 and web.value > 0
    assert RolledUpDay.objects.count() == 5


def test_a_range_of_one_channel_estimates_its_distinct_chats(mixed):
    days = walk_days()
    for channel in CHANNELS:
        new = map_stats([mixed], days[0], days[-1], None, channel)
        whole = reference_of(mixed, days[0], days[-1], None, channel)
        assert_near(new.chats, whole.chats, days=len(days))
        assert_near(new.completions, whole.completions, days=len(days))
        assert_same_top(new.paths, whole.paths)


def test_web_votes_count_as_telegrams(sklearn_map):
    """The same votes and shared links on the web and in Telegram give the same figures, on
    days rolled up and today; every channel's are both; the diagram's tint counts both."""
    graph = live_graph(sklearn_map.id)
    HandledUpdate.objects.bulk_create(event_rows(graph))
    telegram_votes = map_votes(graph.id)
    HandledUpdate.objects.bulk_create(on_the_web(event_rows(graph)))
    both = {node_id: (2 * yes, 2 * no) for node_id, (yes, no) in telegram_votes.items()}
    assert map_votes(graph.id) == both and any(yes for yes, _no in both.values())

    def votes(channel):
        stats = map_stats([graph], timezone.localdate() - timedelta(days=6), None, None, channel)
        return {n.key: (n.helpful, n.not_helpful, n.shared_arrivals) for n in stats.nodes}

    web, telegram, every = votes("web"), votes("telegram"), votes(None)
    assert web == telegram and any(any(figures) for figures in web.values())
    assert every == {key: tuple(2 * n for n in figures) for key, figures in web.items()}
    assert map_votes(graph.id) == both  # from the roll-ups now


ANALYTICS = "/admin/botapp/handledupdate/analytics"


@pytest.mark.django_db(transaction=True)
def test_the_page_filtered_by_channel_after_walks_in_telegram_and_on_the_web(
    botapi, sklearn_map, client, admin_client
):
    for chat_id, presses in ((8000, ["Yes", "No"]), (8001, [])):
        chat = botapi.chat(chat_id)
        chat.send("/start")
        for label in presses:
            assert chat.press(label) == 200
    walk_to_a_recommendation(client)  # a web visitor reaching a recommendation
    client.get(CHAT)  # another, who only saw the first question
    page = f"{ANALYTICS}/{sklearn_map.id}/"

    def shown(**query) -> str:
        response = admin_client.get(page, query)
        assert response.status_code == 200
        return response.content.decode()

    every, web, telegram = shown(), shown(channel="web"), shown(channel="telegram")
    assert "4 chats used this map;\n  1 reached a recommendation." in every
    assert "<tr><td>Telegram</td><td>2</td></tr><tr><td>Web</td><td>2</td></tr>" in every
    assert "2 chats used this map;\n  1 reached a recommendation." in web
    assert "2 chats used this map;\n  0 reached a recommendation." in telegram
    assert '<option value="web" selected>Web</option>' in web
    assert '<a href="?days=all&amp;channel=web">All time</a>' in web
    assert 'figures.csv?channel=web"' in web
    assert "Asking for a person is offered in Telegram only" in web
    assert "<th>Asked for a person</th>" not in web and "<th>Asked for a person</th>" in telegram
    assert "0 conversations with your team began from this map" in telegram
    assert admin_client.get(page, {"channel": "fax"}).status_code == 400

    response = admin_client.get(f"{ANALYTICS}/{sklearn_map.id}/figures.csv", {"channel": "web"})
    rows = parsed(response.content.decode())
    name = response["Content-Disposition"].split('filename="')[1]
    assert name.startswith("sklearn-figures-web-")
    reached = {row["step_key"]: row["reached"] for row in rows if row["reached"] != "0"}
    assert reached["more-than-50-samples"] == "2" and len(reached) == 5
    assert {(row["asked_for_person"], row["median_seconds_to_first_answer"]) for row in rows} == {
        ("", "")
    }  # not counted on the web, rather than zeros

    HandledUpdate.objects.update(handled_at=timezone.now() - timedelta(days=3))
    assert shown(channel="web").count("2 chats used this map;\n  1 reached") == 1  # rolled up
    assert RolledUpDay.objects.exists()
    assert "2 chats used this map;\n  0 reached a recommendation." in shown(channel="telegram")


def test_reasons_show_and_filter_their_channel(sklearn_map, admin_client):
    graph = live_graph(sklearn_map.id)
    add_reason(graph, "asked in Telegram")
    Reason.objects.filter(pk=add_reason(graph, "asked on the web").pk).update(channel="web")
    shown = admin_client.get(f"{ANALYTICS}/{graph.id}/", {"channel": "web"}).content.decode()
    table = shown[shown.index('id="analytics-reasons"') :]
    assert "asked on the web" in table and "asked in Telegram" not in table
    assert "<td>Web</td>" in table
    response = admin_client.get(f"{ANALYTICS}/{graph.id}/reasons.csv", {"channel": "web"})
    rows = parsed(response.content.decode())
    assert [(row["channel"], row["text"]) for row in rows] == [("web", "asked on the web")]
    assert "reasons-web-" in response["Content-Disposition"]
    out = StringIO()
    call_command("exportanalytics", "sklearn", "--reasons", "--channel=telegram", stdout=out)
    assert [row["text"] for row in parsed(out.getvalue())] == ["asked in Telegram"]
