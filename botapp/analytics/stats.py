"""Analytics for editors over a range of days: per step how many chats reached it and how many
left there, completions, the most common paths, chats per day, per language and per channel;
of every channel or of one (Telegram, web), of every language or of one.

Days that are over come from their roll-ups (botapp.analytics.rollup), rolled up here if the
daily job has not yet; today (and a day still settling) is counted from its raw rows. Counts of
one day are exact; distinct chats over several days are estimates from the days' sketches.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from advisor.core.graph import MapGraph
from advisor.core.outline import Outline
from advisor.core.ratings import Rating
from advisor.core.texts import start_of
from botapp.analytics.asked import Asked, asked_for_person, with_asked
from botapp.analytics.paths import PathReader
from botapp.analytics.rollup import day_start, last_settled_day, roll_up_pending, tally_map_day
from botapp.analytics.sketches import DistinctCount, sketch_bytes
from botapp.analytics.tally import GroupTally
from botapp.models import (
    EVERY_CHANNEL,
    EVERY_LANGUAGE,
    Channel,
    DayFigures,
    HandledUpdate,
    StepFigures,
)

#: How long the page may spend rolling up days the daily job has not reached.
ROLL_UP_SECONDS = 1.0
TOP_PATHS = 5


@dataclass(frozen=True)
class Count:
    value: int
    approximate: bool = False


@dataclass(frozen=True)
class NodeStats:
    node_id: int
    key: str
    kind: str
    reached: Count
    left_here: int
    #: False for a step since deleted from the draft (it keeps the key it had).
    in_draft: bool = True
    #: The start of its message (its key, for a step deleted since).
    name: str = ""
    #: Answers to "Was this helpful?", and openings by a shared link.
    helpful: int = 0
    not_helpful: int = 0
    shared_arrivals: int = 0
    #: Conversations with the team opened here, and their median wait for a first answer.
    asked_for_person: int = 0
    median_wait: timedelta | None = None

    @property
    def kind_name(self) -> str:
        """The kind in plain words: "question", "recommendation", "dead end"."""
        return self.kind.replace("_", " ")

    @property
    def votes(self) -> int:
        return self.rating.votes

    @property
    def rating(self) -> Rating:
        """Its 👍 and 👎 as the diagram rates them (advisor.core.ratings)."""
        return Rating(self.helpful, self.not_helpful)

    @property
    def helpful_percent(self) -> int | None:
        """The share of the votes that said 👍 Yes, in whole percent (None without votes),
        as the page and the exports show it."""
        return self.rating.percent


@dataclass(frozen=True)
class MapStats:
    chats: Count
    completions: Count
    nodes: list[NodeStats]
    paths: list[tuple[str, int]]
    #: Chats per language code ("" where Telegram sent none), most first.
    languages: list[tuple[str, Count]]
    #: Chats on each day of the range that had any, oldest first (exact).
    days: list[tuple[date, int]]
    #: Days of the range not rolled up yet (the page ran out of time): left out.
    pending: list[date]
    #: Conversations with the team opened from the map (botapp.analytics.asked); None where
    #: not counted (the web's chats: asking for a person is Telegram's).
    asked: Asked | None = Asked()
    #: Chats per channel (a Channel's value), most first.
    channels: list[tuple[str, Count]] = ()


@dataclass
class StepRange:
    """One step's figures over the days added."""

    key: str
    kind: str
    reached: DistinctCount = field(default_factory=DistinctCount)
    left_here: int = 0
    helpful: int = 0
    not_helpful: int = 0
    shared_arrivals: int = 0


class RangeFigures:
    """The figures of one channel and language (or all) summed and unioned over the days
    added, with the chats of each language and of each channel."""

    def __init__(self):
        self.chats, self.completions = DistinctCount(), DistinctCount()
        self.steps: dict[int, StepRange] = {}
        self.paths: Counter[str] = Counter()
        self.per_day: dict[date, int] = {}
        self.last_languages: Counter[str] = Counter()
        self.languages: dict[str, DistinctCount] = {}
        self.channels: dict[str, DistinctCount] = {}

    def add_day(self, day, chats, chats_sketch, completions, completions_sketch, paths, last):
        self.per_day[day] = chats
        self.chats.add(chats, chats_sketch)
        self.completions.add(completions, completions_sketch)
        self.paths.update(paths)
        self.last_languages.update(last)

    def add_step(self, node_id, key, kind, reached, left_here, sketch, helpful, not_, shared):
        step = self.steps.get(node_id) or self.steps.setdefault(node_id, StepRange(key, kind))
        step.reached.add(reached, sketch)
        step.left_here += left_here
        step.helpful += helpful
        step.not_helpful += not_
        step.shared_arrivals += shared

    def add_language(self, language, chats, sketch):
        self.languages.setdefault(language, DistinctCount()).add(chats, sketch)

    def add_channel(self, channel, chats, sketch):
        self.channels.setdefault(channel, DistinctCount()).add(chats, sketch)

    def add_tally(self, day: date, group: GroupTally) -> None:
        self.add_day(
            day,
            group.chats,
            sketch_bytes(group.chats_sketch),
            group.completions,
            sketch_bytes(group.completions_sketch),
            group.paths,
            group.last_languages,
        )
        for node_id, step in group.steps.items():
            counts = (step.reached, step.left_here, sketch_bytes(step.sketch))
            votes = (step.helpful, step.not_helpful, step.shared_arrivals)
            self.add_step(node_id, step.key, step.kind, *counts, *votes)

    def stats(self, graphs: list[MapGraph], pending: list[date]) -> MapStats:
        """The page's figures, with the steps of the first graph (the draft) and those since
        deleted from it, and paths labelled as PathReader reads them."""
        graph = graphs[0]
        nodes = [
            self.node(node.id, node.key, node.kind, True, start_of(node.text))
            for node in (graph.nodes[step_id] for step_id in Outline.of(graph).order)
        ]  # in conversation order, the steps deleted since after them
        nodes += sorted(
            (
                self.node(node_id, step.key, step.kind, False)
                for node_id, step in self.steps.items()
                if node_id not in graph.nodes
            ),
            key=lambda stats: stats.key,
        )
        paths: Counter[str] = Counter()
        reader = PathReader(graphs)
        for data, visits in self.paths.items():
            if labels := reader.labels(data):
                paths[labels] += visits
        if self.last_languages and len(self.per_day) == 1:  # by their last language, exactly
            languages = [(code, Count(n)) for code, n in self.last_languages.items()]
        else:
            languages = [(code, count_of(each)) for code, each in self.languages.items()]
        languages.sort(key=lambda item: (-item[1].value, item[0]))
        channels = [(code, count_of(each)) for code, each in self.channels.items()]
        return MapStats(
            count_of(self.chats),
            count_of(self.completions),
            nodes,
            paths.most_common(TOP_PATHS),
            languages,
            sorted(self.per_day.items()),
            pending,
            channels=sorted(channels, key=lambda item: (-item[1].value, item[0])),
        )

    def node(self, node_id: int, key: str, kind: str, in_draft: bool, name="") -> NodeStats:
        step = self.steps.get(node_id) or StepRange(key, kind)
        return NodeStats(
            node_id,
            key,
            kind,
            count_of(step.reached),
            step.left_here,
            in_draft,
            name or key,
            # A range may start after a vote and end after its change: never below none.
            max(0, step.helpful),
            max(0, step.not_helpful),
            step.shared_arrivals,
        )


def count_of(distinct: DistinctCount) -> Count:
    return Count(distinct.value, distinct.approximate)


def map_stats(
    graphs: list[MapGraph],
    since: date | None = None,
    until: date | None = None,
    language: str | None = None,
    channel: str | None = None,
) -> MapStats:
    """The map's figures over the days [since, until] (all time without ``since``), of the
    chats in one language when ``language`` is given, of one channel (a Channel's value) when
    ``channel`` is. ``graphs``: the draft, then the live version (for the keys and labels of
    steps the draft no longer has)."""
    map_id, today = graphs[0].id, timezone.localdate()
    last = min(until or today, today)
    settled = min(last, last_settled_day())
    pending = roll_up_pending(since, settled, seconds=ROLL_UP_SECONDS)
    figures = RangeFigures()
    stored = DayFigures.objects.filter(map_id=map_id, day__lte=settled)
    add_stored_days(figures, stored.filter(day__gte=since) if since else stored, language, channel)
    day = max(settled + timedelta(days=1), since or date.min)
    chosen = (
        EVERY_CHANNEL if channel is None else channel,
        EVERY_LANGUAGE if language is None else language,
    )
    while day <= last:  # today, and yesterday while it settles: from the raw rows
        tallies = tally_map_day(map_id, day)
        if chosen in tallies:
            figures.add_tally(day, tallies[chosen])
        for (each, code), tally in tallies.items():
            counted = (tally.chats, sketch_bytes(tally.chats_sketch))
            if each == chosen[0] and code != EVERY_LANGUAGE and language in (None, code):
                figures.add_language(code, *counted)
            if each != EVERY_CHANNEL and code == chosen[1] and channel in (None, each):
                figures.add_channel(each, *counted)
        day += timedelta(days=1)
    if channel == Channel.WEB:
        return with_asked(figures.stats(graphs, pending), None)
    asked = asked_for_person(map_id, since, last, language)
    return with_asked(figures.stats(graphs, pending), asked)


def add_stored_days(figures: RangeFigures, stored, language: str | None, channel: str | None):
    """Add the rolled-up days ``stored`` (a DayFigures query) of one language and channel, or
    of all."""
    of_channel = stored.filter(channel=EVERY_CHANNEL if channel is None else channel)
    chosen = of_channel.filter(language=EVERY_LANGUAGE if language is None else language)
    day_columns = ("day", "chats", "chats_sketch", "completions", "completions_sketch")
    for row in chosen.values_list(*day_columns, "paths", "last_languages"):
        figures.add_day(*row)
    steps = StepFigures.objects.filter(day_figures__in=chosen.values("pk"))
    step_columns = (
        *("node_id", "key", "kind", "reached", "left_here", "reached_sketch"),
        *("helpful", "not_helpful", "shared_arrivals"),
    )
    for row in steps.values_list(*step_columns).iterator(chunk_size=1000):
        figures.add_step(*row)
    languages = of_channel.exclude(language=EVERY_LANGUAGE)
    if language is not None:
        languages = languages.filter(language=language)
    for row in languages.values_list("language", "chats", "chats_sketch"):
        figures.add_language(*row)
    channels = stored.exclude(channel=EVERY_CHANNEL).filter(
        language=EVERY_LANGUAGE if language is None else language
    )
    if channel is not None:
        channels = channels.filter(channel=channel)
    for row in channels.values_list("channel", "chats", "chats_sketch"):
        figures.add_channel(*row)


def languages_seen(map_id: int) -> list[str]:
    """The languages the map's chats used (Telegram's, the web chat's), for the page's
    filter."""
    days = DayFigures.objects.filter(map_id=map_id).exclude(language=EVERY_LANGUAGE)
    recent = HandledUpdate.objects.filter(
        map_id=map_id, handled_at__gte=day_start(last_settled_day() + timedelta(days=1))
    )
    seen = set(days.values_list("language", flat=True).distinct())
    return sorted(seen | set(recent.values_list("language", flat=True).distinct()))
