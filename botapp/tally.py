"""One day's analytics figures, counted from that day's handled updates (pure Python).

Within a day each chat's updates are walked in order, as the analytics page always did: a
visit (/start, an answer, an outdated button) to a known step counts the chat as having
reached it; the chat left at the question its day ended on, unless a goodbye, free text or
/help came after. Figures are kept for every language together and for each Telegram language
alone (the page's filter), each distinct count with its sketch for ranges of days.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Protocol

from advisor.models import Node
from botapp.models import EVERY_LANGUAGE, HandledUpdate
from botapp.sketches import new_sketch

VISITS = frozenset({HandledUpdate.Kind.START, HandledUpdate.Kind.ANSWER, HandledUpdate.Kind.STALE})
QUESTION, RECOMMENDATION = Node.Kind.QUESTION, Node.Kind.RECOMMENDATION

#: One handled update: chat id, node id (or None), kind, pressed button's data, language.
Row = tuple[int, int | None, str, str, str]


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

    def count_chat(self, chat_id: int, rows: list[Row], steps: Steps) -> None:
        self.chats += 1
        self.chats_sketch.update(chat_id)
        reached: set[int] = set()
        last = None
        for _chat, node_id, kind, path, _language in rows:
            step = steps.get(node_id) if kind in VISITS else None
            if step is None:
                last = None  # a goodbye ends the walk; it is no drop-off
                continue
            reached.add(node_id)
            last = node_id, step
            if step[1] == RECOMMENDATION and path:
                self.paths[path] += 1
        completed = False
        for node_id in reached:
            key, kind = steps.get(node_id)
            tally = self.steps.get(node_id) or self.steps.setdefault(node_id, StepTally(key, kind))
            tally.reached += 1
            tally.sketch.update(chat_id)
            completed = completed or kind == RECOMMENDATION
        if completed:
            self.completions += 1
            self.completions_sketch.update(chat_id)
        if last and last[1][1] == QUESTION:
            self.steps[last[0]].left_here += 1


def tally_day(rows: Iterable[Row], steps: Steps) -> dict[str, GroupTally]:
    """The day's figures per language (and EVERY_LANGUAGE) from its handled updates of one
    map, ordered by chat and then by the time they were handled."""
    groups: dict[str, GroupTally] = defaultdict(GroupTally)
    for chat_id, chat_rows in groupby(rows, key=itemgetter(0)):
        chat_rows = list(chat_rows)
        everyone = groups[EVERY_LANGUAGE]
        everyone.count_chat(chat_id, chat_rows, steps)
        everyone.last_languages[chat_rows[-1][4]] += 1
        by_language = defaultdict(list)
        for row in chat_rows:
            by_language[row[4]].append(row)
        for language, language_rows in by_language.items():
            groups[language].count_chat(chat_id, language_rows, steps)
    return dict(groups)
