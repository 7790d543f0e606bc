"""Per-day roll-ups against the old exact computation (tests/analytics_reference.py): every
figure of a day is the same, a range of days sums what adds up and estimates distinct chats;
deleted steps, pruning and rolling up twice lose or change nothing; the sketches' 2 % bound."""

import random
from datetime import date, timedelta
from io import StringIO
from itertools import count

import pytest
from django.core.management import call_command
from django.utils import timezone

from advisor.core.callbacks import Finish, Go, Restart, encode
from advisor.core.engine import walk
from advisor.core.graph import MapGraph
from advisor.loading import draft_graph, live_graph
from advisor.models import Button, Map, Node
from advisor.versions import publish
from botapp.analytics.paths import path_labels
from botapp.analytics.rollup import day_start, last_settled_day, roll_up_day, roll_up_pending
from botapp.analytics.sketches import DistinctCount, sketch_bytes
from botapp.analytics.stats import TOP_PATHS, Count, map_stats
from botapp.analytics.tally import tally_day
from botapp.models import (
    EVERY_CHANNEL,
    EVERY_LANGUAGE,
    DayFigures,
    HandledUpdate,
    RolledUpDay,
    StepFigures,
)
from tests import analytics_reference as reference

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "")
FILTERS = (None, *LANGUAGES)
UNKNOWN_STEP = 10**9


def walk_days() -> list[date]:
    """Five days settled at any hour (today-6 to today-2), and today (counted live)."""
    today = timezone.localdate()
    return [today - timedelta(days=n) for n in (6, 5, 4, 3, 2, 0)]


def walk_rows(graph: MapGraph, days: list[date], chats: int = 400, seed: int = 7) -> list:
    """Chats walking the map over 1-3 of the days as the bot records them: /start, answers
    with their button's data, Back, Start over, outdated buttons, goodbyes, free text and
    /help, an unknown step, language changes; a walk may go on from where a day ended."""
    rng, rows, update_ids, start = random.Random(seed), [], count(1), graph.start_id

    def go(pressed: tuple) -> str:
        return encode(Go(graph.id, start, pressed))

    for chat_id in range(5000, 5000 + chats):
        language, pressed = rng.choice(LANGUAGES), None
        for day in sorted(rng.sample(days, rng.randint(1, 3))):
            events = []
            if pressed is None or rng.random() < 0.4:
                pressed, events = (), [("start", start, "")]
            for _ in range(rng.randint(0, 12)):
                chance = rng.random()
                if pressed is None:  # after a goodbye: gone, or back with /start
                    if chance < 0.5:
                        break
                    pressed, event = (), ("start", start, "")
                elif chance < 0.06:
                    pressed = None  # /cancel, or Done under a recommendation
                    event = ("goodbye", None, rng.choice(["", encode(Finish(graph.id))]))
                elif chance < 0.12:
                    event = (rng.choice(["hint", "help"]), None, "", rng.choice([graph.id, None]))
                elif chance < 0.16:
                    pressed, event = (), ("stale", start, go((UNKNOWN_STEP,)))
                elif chance < 0.19:
                    pressed, event = (), ("answer", start, encode(Restart(graph.id)))
                elif chance < 0.24 and pressed:
                    pressed = pressed[:-1]
                    event = ("answer", walk(graph, Go(graph.id, start, pressed)).id, go(pressed))
                elif chance < 0.26:
                    event = ("answer", UNKNOWN_STEP, go(pressed))
                else:
                    buttons = walk(graph, Go(graph.id, start, pressed)).buttons
                    if not buttons:
                        break  # done at a recommendation or dead end
                    button = rng.choice(buttons)
                    pressed += (button.id,)
                    event = ("answer", button.target_id, go(pressed))
                events.append(event)
            moment = day_start(day) + timedelta(seconds=rng.randrange(3600, 60000))
            for kind, node_id, path, *map_id in events:
                language = rng.choice(LANGUAGES) if rng.random() < 0.03 else language
                moment += timedelta(seconds=rng.randint(1, 90))
                rows.append(
                    HandledUpdate(
                        update_id=next(update_ids),
                        chat_id=chat_id,
                        kind=kind,
                        map_id=map_id[0] if map_id else graph.id,
                        node_id=node_id,
                        path=path,
                        language=language,
                        handled_at=moment,
                    )
                )
    return rows


@pytest.fixture
def walks(sklearn_map) -> MapGraph:
    """The walks recorded; the graph they walked (the live version, the draft alike)."""
    graph = live_graph(sklearn_map.id)
    HandledUpdate.objects.bulk_create(walk_rows(graph, walk_days()), batch_size=1000)
    return graph


def reference_day(graph: MapGraph, day: date, language: str | None):
    return reference.map_stats(graph, day_start(day), day_start(day + timedelta(1)), language)


def node_figures(stats) -> dict:
    return {node.node_id: (node.reached, node.left_here) for node in stats.nodes}


def assert_same_top(shown: list, expected: list) -> None:
    """The same top paths, but for which of those tied at the last place are shown."""
    assert sorted(n for _, n in shown) == sorted(n for _, n in expected)
    floor = min(n for _, n in expected) if len(expected) == TOP_PATHS else 0
    assert {p for p in shown if p[1] > floor} == {p for p in expected if p[1] > floor}


def assert_near(estimate: Count, exact: int, days: int) -> None:
    """An estimate over several days within 2 % of the exact count; one day's exact."""
    assert estimate.approximate == (days > 1)
    assert abs(estimate.value - exact) <= 0.02 * exact, (estimate, exact)


def test_each_day_gives_the_reference_figures_exactly(walks):
    """Every figure of every day (settled or today), for every language filter, is the old
    computation's exactly, and says it is exact."""
    for day in walk_days():
        for language in FILTERS:
            new, old = map_stats([walks], day, day, language), reference_day(walks, day, language)
            assert (new.chats, new.completions) == (Count(old.chats), Count(old.completions))
            assert node_figures(new) == {
                node_id: (Count(reached), left)
                for node_id, (reached, left) in node_figures(old).items()
            }
            assert dict(new.languages) == {code: Count(n) for code, n in old.languages}
            assert_same_top(new.paths, old.paths)
            assert new.days == ([(day, old.chats)] if old.chats else [])
            assert new.pending == []
    assert RolledUpDay.objects.count() == 5  # the settled days only
    everyone = reference_day(walks, walk_days()[-2], None)
    assert everyone.paths and everyone.completions and any(n.left_here for n in everyone.nodes)


def test_a_range_sums_what_adds_up_and_estimates_distinct_chats(walks):
    """Over all the days: drop-offs and paths are the days' sums, chats per day are the
    days' counts, and distinct chats, completions and reached steps (estimates where more
    than one day has any) are within 2 % of the exact counts."""
    days = walk_days()
    for language in FILTERS:
        new = map_stats([walks], days[0], days[-1], language)
        whole = reference.map_stats(walks, day_start(days[0]), None, language)
        per_day = [reference_day(walks, day, language) for day in days]
        assert new.days == [(day, s.chats) for day, s in zip(days, per_day, strict=True) if s.chats]
        assert_near(new.chats, whole.chats, sum(s.chats > 0 for s in per_day))
        assert_near(new.completions, whole.completions, sum(s.completions > 0 for s in per_day))
        assert_same_top(new.paths, whole.paths)  # visits: the days' sum
        reached_on, left_sum = dict.fromkeys(walks.nodes, 0), dict.fromkeys(walks.nodes, 0)
        for node in (node for stats in per_day for node in stats.nodes):
            reached_on[node.node_id] += node.reached > 0
            left_sum[node.node_id] += node.left_here
        exact = {node.node_id: node.reached for node in whole.nodes}
        assert {node.node_id: node.left_here for node in new.nodes} == left_sum
        for node in new.nodes:
            assert_near(node.reached, exact[node.node_id], reached_on[node.node_id])
        if language is None:  # the case in point: estimates, and a drop-off per chat-day
            assert new.chats.approximate and new.completions.approximate
            assert sum(left_sum.values()) > sum(n.left_here for n in whole.nodes)


def test_a_step_deleted_from_the_draft_keeps_its_figures(walks, sklearn_map):
    """A reached step deleted from the draft and from the live version (published) is still
    listed, not in the draft, with the key and figures it had: on days rolled up after the
    deletion, today, and over the range."""
    before = live_graph(sklearn_map.id)
    gone = Node.objects.get(map=sklearn_map, key="labeled-data")
    gone_id = gone.id
    Button.objects.filter(target=gone).delete()
    gone.delete()
    publish(sklearn_map)
    graphs = [draft_graph(sklearn_map.id), live_graph(sklearn_map.id)]
    assert gone_id not in graphs[0].nodes and gone_id not in graphs[1].nodes
    left_total = days_reached = 0
    for day in walk_days():
        new, old = map_stats(graphs, day, day), reference_day(before, day, None)
        shown = {node.node_id: node for node in new.nodes}
        expected = {n.node_id: n for n in old.nodes if n.node_id != gone_id or n.reached}
        assert shown.keys() == expected.keys()
        for node_id, node in expected.items():
            figures = shown[node_id].key, shown[node_id].reached, shown[node_id].left_here
            assert figures == (node.key, Count(node.reached), node.left_here)
            assert shown[node_id].in_draft == (node_id != gone_id)
        if gone_id in expected:
            days_reached += 1
            left_total += expected[gone_id].left_here
    assert days_reached == len(walk_days()) and left_total > 0
    whole = map_stats(graphs, walk_days()[0], None)
    assert [n.left_here for n in whole.nodes if n.node_id == gone_id] == [left_total]
    # Paths through it are read in the version that still had it.
    expected_paths = reference.map_stats(before, day_start(walk_days()[0]), None, None).paths
    walked = set(HandledUpdate.objects.exclude(path="").values_list("path", flat=True))
    assert any(path_labels(before, p) and not path_labels(graphs[1], p) for p in walked)
    assert_same_top(whole.paths, expected_paths)


def all_figures() -> list:
    """Every roll-up row's values (sketches as bytes), ids included."""
    rows = [
        *DayFigures.objects.order_by("pk").values_list(),
        *StepFigures.objects.order_by("pk").values_list(),
        *RolledUpDay.objects.order_by("pk").values_list(),
    ]
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]


def test_pruning_raw_rows_leaves_the_figures(walks):
    """Once the settled days are rolled up, pruning their raw rows changes no figure of any
    of those days, nor of the whole range; today's rows are kept."""
    days = walk_days()

    def figures() -> list:
        ranges = [(day, day) for day in days] + [(days[0], days[-1]), (None, None)]
        return [map_stats([walks], *r, language) for r in ranges for language in FILTERS]

    before = figures()
    old_rows = HandledUpdate.objects.filter(handled_at__lt=day_start(days[-1]))
    assert old_rows.exists()
    out = StringIO()
    call_command("purgeanalytics", "--older-than", "1", stdout=out)
    assert out.getvalue().splitlines()[0] == "Rolled up 0 day(s)."  # map_stats did them
    assert not old_rows.exists()
    assert HandledUpdate.objects.filter(handled_at__gte=day_start(days[-1])).exists()
    assert figures() == before


def test_rolling_up_again_changes_nothing(walks):
    """A day is rolled up once: rolling it up again, or the daily job run twice, leaves
    every stored figure as it was."""
    settled = walk_days()[:-1]
    assert roll_up_pending(None, last_settled_day(), seconds=60) == []
    rolled = all_figures()
    assert len(rolled) > 100 and not DayFigures.objects.filter(day=walk_days()[-1]).exists()
    assert [roll_up_day(day) for day in settled] == [False] * len(settled)
    assert all_figures() == rolled
    for _ in range(2):
        call_command("purgeanalytics", "--older-than", "1", stdout=StringIO())
        assert all_figures() == rolled
    assert [roll_up_day(day) for day in settled] == [False] * len(settled)
    assert all_figures() == rolled


def test_distinct_chats_over_many_days_stay_within_two_percent():
    """100 000 chats over 10 days, each on 1-3 of them: the days' sketches united count the
    chats of all the days, and of several sets of them, within 2 % (estimates); one day's
    count is exact."""
    rng, days = random.Random(14), [[] for _ in range(10)]
    for chat_id in range(100_000):
        for day in rng.sample(range(10), rng.randint(1, 3)):
            days[day].append(chat_id)
    chats, reached = [], []
    for chat_ids in days:
        steps = {1: ("start-step", "question")}
        rows = ((c, 1, "start", "", "en", "telegram") for c in chat_ids)
        group = tally_day(rows, steps)[EVERY_CHANNEL, EVERY_LANGUAGE]
        assert group.chats == group.steps[1].left_here == len(chat_ids)
        chats.append((group.chats, sketch_bytes(group.chats_sketch)))
        reached.append((group.steps[1].reached, sketch_bytes(group.steps[1].sketch)))
    for chosen in (range(10), range(5), range(5, 10), range(0, 10, 2), range(1, 10, 3)):
        exact = len(set().union(*(days[day] for day in chosen)))
        for figures in (chats, reached):
            distinct = DistinctCount()
            for day in chosen:
                distinct.add(*figures[day])
            assert distinct.approximate and abs(distinct.value - exact) <= 0.02 * exact
    assert len(set().union(*days)) == 100_000 < 0.6 * sum(map(len, days))  # not the sum
    one = DistinctCount()
    one.add(*chats[3])
    assert (one.value, one.approximate) == (len(days[3]), False)


def test_a_busy_day_of_two_maps_rolls_up_whole(sklearn_map):
    """More rows than one read brings (5 000): the day's figures are written between reads."""
    other = Map.objects.create(slug="other", title="Other")
    day = last_settled_day() - timedelta(days=2)
    at = day_start(day) + timedelta(hours=1)
    start_id = sklearn_map.start_node_id
    rows = [
        HandledUpdate(
            update_id=chat, chat_id=chat, kind="start", map=map_obj, node_id=start_id, handled_at=at
        )
        for map_obj, chats in ((sklearn_map, range(1, 6001)), (other, range(7001, 7101)))
        for chat in chats
    ]
    HandledUpdate.objects.bulk_create(rows, batch_size=1000)
    assert roll_up_day(day)
    figures = DayFigures.objects.filter(day=day, channel=EVERY_CHANNEL, language=EVERY_LANGUAGE)
    assert dict(figures.values_list("map__slug", "chats")) == {"sklearn": 6000, "other": 100}
    first_step = StepFigures.objects.get(
        day_figures__map=sklearn_map, day_figures__channel="*", day_figures__language="*"
    )
    assert (first_step.node_id, first_step.reached, first_step.left_here) == (start_id, 6000, 6000)
