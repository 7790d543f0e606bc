"""Who asked for a person, per step, and how soon the team first answered: counted from the
conversations' own records (botapp.handoff) when the page or an export asks, so the webhook
counts nothing more per update."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from statistics import median

from botapp.analytics.rollup import on_days
from botapp.models import Conversation


@dataclass(frozen=True)
class Asked:
    """The conversations opened from one map over a range."""

    total: int = 0
    answered: int = 0
    #: The median wait for a first answer, over the answered ones (None: none answered).
    median_wait: timedelta | None = None
    #: Per step id: how many started there, and their median wait.
    per_step: dict = field(default_factory=dict)


def asked_for_person(
    map_id: int, since: date | None, until: date | None, language: str | None
) -> Asked:
    """The conversations opened from the map on the days [since, until] (local, inclusive;
    open ends: no bound), of chats in one Telegram language when ``language`` is given."""
    opened = on_days(
        Conversation.objects.filter(map_id=map_id), "opened_at", since, until, language
    )
    waits, steps = [], defaultdict(list)
    rows = opened.values_list("node_id", "opened_at", "first_answer_at")
    for node_id, opened_at, answered_at in rows:
        wait = answered_at - opened_at if answered_at else None
        steps[node_id].append(wait)
        if wait is not None:
            waits.append(wait)
    per_step = {
        node_id: (len(each), median_of([wait for wait in each if wait is not None]))
        for node_id, each in steps.items()
    }
    return Asked(sum(len(each) for each in steps.values()), len(waits), median_of(waits), per_step)


def median_of(waits: list[timedelta]) -> timedelta | None:
    return timedelta(seconds=round(median(w.total_seconds() for w in waits))) if waits else None


def with_asked(stats, asked: Asked | None):
    """The map's figures (stats.MapStats) with the conversations' counts put on its steps
    (None: not counted, e.g. for the web's chats, which cannot ask)."""
    nodes = []
    for node in stats.nodes:
        count, wait = asked.per_step.get(node.node_id, (0, None)) if asked else (None, None)
        nodes.append(replace(node, asked_for_person=count, median_wait=wait))
    return replace(stats, nodes=nodes, asked=asked)


def wait_in_words(wait: timedelta | None) -> str:
    """A wait as people say it: 45 s, 12 min, 3 h 5 min, 2 days 4 h; "—" for none."""
    if wait is None:
        return "—"
    seconds = int(wait.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"
