"""One day's analytics figures, counted from that day's handled updates (pure Python).

Within a day each chat's updates are walked in order, as the analytics page always did: a
visit (/start, an answer, an outdated button) to a known step counts the chat as having
reached it; the chat left at the question its day ended on, unless a goodbye, free text or
/help came after. A chat's answers to "Was this helpful?" on a step count once a day, as the
last it gave, less the answer its first press that day changed (advisor.core.callbacks.Vote): a
change of vote moves a vote, even from an earlier day's. Shared links opened count each time.
Figures are kept per channel (Telegram, web) and for every channel together, each for every
language together and for each language alone (the page's filters), each distinct count with
its sketch for ranges of days. A chat is of one channel (a web visitor's number is a range
Telegram's chat ids never reach), so every channel's figures are the channels' summed, their
sketches united.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Protocol

from advisor.core.callbacks import Vote, decode
from advisor.models import Node
from botapp.analytics.sketches import merged, new_sketch
from botapp.models import EVERY_CHANNEL, EVERY_LANGUAGE, HandledUpdate

Kind = HandledUpdate.Kind
VISITS = frozenset({Kind.START, Kind.ANSWER, Kind.STALE, Kind.SHARED})
QUESTION, RECOMMENDATION = Node.Kind.QUESTION, Node.Kind.RECOMMENDATION

#: One handled update: chat id, node id (or None), kind, pressed button's data, language,
#: channel.
Row = tuple[int, int | None, str, str, str, str]
LANGUAGE, CHANNEL = 4, 5


class Steps(Protocol):
    def get(self, node_id: int | None) -> tuple[str, str] | None:
        """A step's (key, kind), or None for no step or one the map never had."""


@dataclass
class StepTally:
    key: str
    kind: str
    reached: int = 0
    left_here: int = 0
    sketch: object = field(default_factory=new_sketch)
    helpful: int = 0
    not_helpful: int = 0
    shared_arrivals: int = 0

    def merge(self, other: "StepTally") -> "StepTally":
        return StepTally(
            self.key,
            self.kind,
            self.reached + other.reached,
            self.left_here + other.left_here,
            merged(self.sketch, other.sketch),
            self.helpful + other.helpful,
            self.not_helpful + other.not_helpful,
            self.shared_arrivals + other.shared_arrivals,
        )


@dataclass
class GroupTally:
    """One day's figures over the chats of one language (or of all)."""

    chats: int = 0
    chats_sketch: object = field(default_factory=new_sketch)
    completions: int = 0
    completions_sketch: object = field(default_factory=new_sketch)
    steps: dict[int, StepTally] = field(default_factory=dict)
    #: Visits to a recommendation, per pressed button's data (the path taken).
    paths: Counter = field(default_factory=Counter)
    #: Chats per the language of their day's last update (every-language tally only).
    last_languages: Counter = field(default_factory=Counter)

    def add(self, chat_id: int, walk: "Walk") -> None:
        self.chats += 1
        self.chats_sketch.update(chat_id)
        for node_id, (key, kind) in walk.reached.items():
            tally = self.steps.get(node_id) or self.steps.setdefault(node_id, StepTally(key, kind))
            tally.reached += 1
            tally.sketch.update(chat_id)
        if walk.completed:
            self.completions += 1
            self.completions_sketch.update(chat_id)
        if walk.left_at is not None:
            self.steps[walk.left_at].left_here += 1
        self.paths.update(walk.paths)
        for node_id, (was, now) in walk.votes.items():
            tally = self.steps.get(node_id) or self.steps.setdefault(
                node_id, StepTally(*walk.voted[node_id])
            )
            tally.helpful += (now is True) - (was is True)
            tally.not_helpful += (now is False) - (was is False)
        for node_id in walk.shared:
            self.steps[node_id].shared_arrivals += 1

    def merge(self, other: "GroupTally") -> "GroupTally":
        """The figures of both groups' chats (no chat in both)."""
        steps = dict(self.steps)
        for node_id, step in other.steps.items():
            steps[node_id] = steps[node_id].merge(step) if node_id in steps else step
        return GroupTally(
            self.chats + other.chats,
            merged(self.chats_sketch, other.chats_sketch),
            self.completions + other.completions,
            merged(self.completions_sketch, other.completions_sketch),
            steps,
            self.paths + other.paths,
            self.last_languages + other.last_languages,
        )


@dataclass(frozen=True)
class Walk:
    """One chat's day on a map: the steps it reached, the question it left at, its paths."""

    reached: dict[int, tuple[str, str]]
    left_at: int | None
    completed: bool
    paths: list[str]
    #: Per step voted on: the answer the day's first vote changed, and the last one.
    votes: dict[int, tuple[bool | None, bool]] = field(default_factory=dict)
    #: The (key, kind) of the steps voted on.
    voted: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: The steps opened by a shared link, once per opening.
    shared: list[int] = field(default_factory=list)


def walk(rows: list[Row], steps: Steps) -> Walk:
    reached: dict[int, tuple[str, str]] = {}
    paths, last, votes, voted, shared = [], None, {}, {}, []
    for _chat, node_id, kind, path, _language, _channel in rows:
        if kind == Kind.VOTE and (step := steps.get(node_id)):
            vote = decode(path)
            if isinstance(vote, Vote):
                was = votes[node_id][0] if node_id in votes else vote.was
                votes[node_id], voted[node_id] = (was, vote.helpful), step
        step = steps.get(node_id) if kind in VISITS else None
        if step is None:
            last = None  # a goodbye ends the walk; it is no drop-off
            continue
        reached[node_id], last = step, node_id
        if kind == Kind.SHARED:
            shared.append(node_id)
        elif step[1] == RECOMMENDATION and path:
            paths.append(path)
    left_at = last if last is not None and reached[last][1] == QUESTION else None
    completed = any(kind == RECOMMENDATION for _key, kind in reached.values())
    return Walk(reached, left_at, completed, paths, votes, voted, shared)


def tally_day(rows: Iterable[Row], steps: Steps) -> dict[tuple[str, str], GroupTally]:
    """The day's figures per (channel, language), EVERY_CHANNEL and EVERY_LANGUAGE included,
    from its handled updates of one map, ordered by chat and then by the time they were
    handled."""
    groups: dict[tuple[str, str], GroupTally] = defaultdict(GroupTally)
    for _chat_id, chat_rows in groupby(rows, key=itemgetter(0)):
        chat_rows = list(chat_rows)
        for channel, own in split(chat_rows, CHANNEL):
            add_chat(groups, channel, own, steps)
    for (_channel, language), group in list(groups.items()):
        every = groups.get((EVERY_CHANNEL, language))
        groups[EVERY_CHANNEL, language] = every.merge(group) if every else group
    return dict(groups)


def split(chat_rows: list[Row], column: int) -> Iterable[tuple[str, list[Row]]]:
    """A chat's rows per value of one column (nearly always one: then all of them)."""
    values = {row[column] for row in chat_rows}
    if len(values) == 1:
        return [(values.pop(), chat_rows)]
    return [(value, [row for row in chat_rows if row[column] == value]) for value in values]


def add_chat(groups: dict, channel: str, chat_rows: list[Row], steps: Steps) -> None:
    """Add one chat's rows of one channel to the channel's groups."""
    chat_id, whole = chat_rows[0][0], walk(chat_rows, steps)
    groups[channel, EVERY_LANGUAGE].add(chat_id, whole)
    groups[channel, EVERY_LANGUAGE].last_languages[chat_rows[-1][LANGUAGE]] += 1
    for language, own in split(chat_rows, LANGUAGE):
        same = len(own) == len(chat_rows)  # the whole walk is that language's
        groups[channel, language].add(chat_id, whole if same else walk(own, steps))
