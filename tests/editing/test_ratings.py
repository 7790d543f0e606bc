"""The helpful rate on the diagram and the outline: a recommendation is tinted once 10 users
answered "Was this helpful?" (all time, every language: rolled-up days, days the daily job
has not reached, today), with its figures on hover; one with fewer votes is not tinted."""

import colorsys
import re
from datetime import timedelta
from html import unescape
from itertools import count

import pytest
from django.utils import timezone

from advisor.core import ratings
from advisor.core.callbacks import Go, Vote, encode
from advisor.core.ratings import MIN_VOTES, Rating, ratings_of
from advisor.loading import draft_graph
from advisor.models import Map, Node
from botapp.analytics.ratings import map_votes
from botapp.analytics.rollup import day_start, last_settled_day, roll_up_day
from botapp.analytics.stats import map_stats
from botapp.models import HandledUpdate, RolledUpDay

pytestmark = pytest.mark.django_db
UPDATE_IDS = count(1)
TINTED_HOVER = "Helpful for 10 of 14 who answered (71 %)"


def vote(step: Node, chat_id: int, helpful: bool, was=None, at=None, language="en") -> None:
    """A press of 👍 or 👎 under ``step`` as the webhook records it."""
    go = Go(step.map_id, step.map.start_node_id, ())
    HandledUpdate.objects.create(
        update_id=next(UPDATE_IDS),
        chat_id=chat_id,
        kind=HandledUpdate.Kind.VOTE,
        map_id=step.map_id,
        node=step,
        path=encode(Vote(go, helpful, was)),
        language=language,
        handled_at=at or timezone.now(),
    )


def cast_votes(map_obj: Map) -> tuple[Node, Node]:
    """kmeans: 14 votes, 10 👍 (a day rolled up, a day not yet, today with a changed vote);
    lle: 3 votes, today."""
    kmeans, lle = (map_obj.nodes.get(key=key) for key in ("kmeans", "lle"))
    settled = last_settled_day()
    rolled, pending = (day_start(settled - timedelta(days=n)) + timedelta(hours=12) for n in (4, 1))
    for chat_id in range(1, 9):
        vote(kmeans, chat_id, True, at=rolled)
    assert roll_up_day(settled - timedelta(days=4))
    for chat_id, helpful in ((9, True), (10, True), (11, False)):
        vote(kmeans, chat_id, helpful, at=pending, language="es")
    for chat_id, helpful in ((12, True), (13, False), (14, False)):
        vote(kmeans, chat_id, helpful)
    vote(kmeans, 1, False, was=True)  # chat 1 changes its mind today
    for chat_id, helpful in ((20, True), (21, True), (22, False)):
        vote(lle, chat_id, helpful)
    return kmeans, lle


def test_a_rating_counts_its_votes_and_is_tinted_from_ten():
    assert Rating(0, 0).rate is None and Rating(0, 0).percent is None
    assert (Rating(12, 3).votes, Rating(12, 3).rate, Rating(12, 3).percent) == (15, 0.8, 80)
    assert not Rating(6, 3).tinted and Rating(7, 3).tinted and MIN_VOTES == 10
    assert Rating(12, 3).summary == "Helpful for 12 of 15 who answered (80 %)"
    assert Rating(2, 1).summary == "3 votes so far: tinted from 10"
    assert Rating(0, 1).summary == "1 vote so far: tinted from 10"


def hue(colour: str) -> int:
    """A "#rrggbb"'s hue in degrees."""
    red, green, blue = (channel / 255 for channel in bytes.fromhex(colour[1:]))
    return round(360 * colorsys.rgb_to_hls(red, green, blue)[0])


def test_the_tint_goes_from_red_through_amber_to_green():
    assert Rating(5, 4).colour is None  # too few votes
    hues = [hue(Rating(helpful, 10 - helpful).colour) for helpful in (0, 5, 10)]
    assert hues == [0, 40, 120]  # red, amber, green
    assert hue(Rating(30, 10).colour) == 80  # 75 %: halfway from amber to green
    assert Rating(30, 10).colour == ratings.tint(0.75) == "#d3eba2"


def test_without_a_source_nothing_is_rated(monkeypatch):
    monkeypatch.setattr(ratings, "_source", None)
    assert ratings_of(1) == {}
    ratings.set_source(lambda map_id: {1: (12, 3), 2: (0, 0), 3: (-1, 4)})
    assert ratings_of(1) == {1: Rating(12, 3), 3: Rating(0, 4)}  # never below none


def test_the_votes_are_summed_over_all_time_without_rolling_up(sklearn_map):
    kmeans, lle = cast_votes(sklearn_map)
    days_rolled_up = RolledUpDay.objects.count()
    assert map_votes(sklearn_map.pk) == {kmeans.pk: (10, 4), lle.pk: (2, 1)}
    assert RolledUpDay.objects.count() == days_rolled_up
    by_id = {node.node_id: node for node in map_stats([draft_graph(sklearn_map.pk)]).nodes}
    for step in (kmeans, lle):  # the analytics page's figures, all time
        assert map_votes(sklearn_map.pk)[step.pk] == (
            by_id[step.pk].helpful,
            by_id[step.pk].not_helpful,
        )


def diagram_box(html: str, key: str) -> str:
    return re.search(rf'<a [^>]*data-key="{key}">.*?</a>', html, re.S).group(0)


def outline_head(html: str, step: Node) -> str:
    return re.search(rf'<div class="step-head[^>]*id="step-{step.pk}-head"[^>]*>', html).group(0)


def test_the_map_page_tints_only_the_recommendation_with_ten_votes(sklearn_map, editor_client):
    kmeans, lle = cast_votes(sklearn_map)
    colour = Rating(10, 4).colour
    html = unescape(editor_client.get(f"/admin/advisor/map/{sklearn_map.pk}/change/").text)
    box = diagram_box(html, "kmeans")
    assert 'class="step recommendation rated"' in box
    assert TINTED_HOVER in box and f'style="fill: {colour}"' in box and "71 %</text>" in box
    box = diagram_box(html, "lle")
    assert "3 votes so far: tinted from 10" in box and "rated" not in box and "style" not in box
    assert "votes so far" not in diagram_box(html, "linear-svc")  # no votes: nothing said
    head = outline_head(html, kmeans)
    assert f'title="{TINTED_HOVER}"' in head and f'style="background: {colour}"' in head
    assert "71 % helpful" in html
    head = outline_head(html, lle)
    assert 'title="3 votes so far: tinted from 10"' in head and "style" not in head
    assert html.count('class="help ratings-legend"') == 2  # under the outline and the diagram
    live = editor_client.get(f"/admin/advisor/map/{sklearn_map.pk}/change/?version=live").text
    assert f'style="fill: {colour}"' in diagram_box(unescape(live), "kmeans")


def test_without_ten_votes_anywhere_there_is_no_legend(sklearn_map, editor_client):
    lle = sklearn_map.nodes.get(key="lle")
    for chat_id in range(MIN_VOTES - 1):
        vote(lle, chat_id, True)
    html = editor_client.get(f"/admin/advisor/map/{sklearn_map.pk}/change/").text
    assert "9 votes so far" in html and "ratings-legend" not in html and "% helpful" not in html


def test_the_map_page_reads_the_votes_once(sklearn_map, editor_client, monkeypatch):
    calls = []
    monkeypatch.setattr(ratings, "_source", lambda map_id: calls.append(map_id) or {})
    editor_client.get(f"/admin/advisor/map/{sklearn_map.pk}/change/")
    assert calls == [sklearn_map.pk]  # for the outline and the diagram both
