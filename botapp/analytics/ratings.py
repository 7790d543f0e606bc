"""The votes under a map's recommendations for advisor.core.ratings (the tint of the diagram and
the outline): all time, every channel and every language, from the roll-ups, and from the raw
rows of the days not rolled up yet, counted as their roll-up will count them (nothing is
rolled up here)."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from botapp.models import EVERY_CHANNEL, EVERY_LANGUAGE, HandledUpdate, StepFigures


def map_votes(map_id: int) -> dict[int, tuple[int, int]]:
    """Per step voted on: its 👍 and its 👎, net of changed votes."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rolled_up = StepFigures.objects.filter(
        day_figures__map_id=map_id,
        day_figures__channel=EVERY_CHANNEL,
        day_figures__language=EVERY_LANGUAGE,
    ).exclude(helpful=0, not_helpful=0)
    sums = rolled_up.values("node_id").annotate(yes=Sum("helpful"), no=Sum("not_helpful"))
    for node_id, helpful, not_helpful in sums.values_list("node_id", "yes", "no"):
        totals[node_id] = [helpful, not_helpful]
    for day_rows in unrolled_votes(map_id):
        for node_id, step in day_rows.items():
            totals[node_id][0] += step.helpful
            totals[node_id][1] += step.not_helpful
    return {node_id: (helpful, not_helpful) for node_id, (helpful, not_helpful) in totals.items()}


def unrolled_votes(map_id: int) -> list[dict]:
    """Per day not rolled up yet (today too) with votes on the map: its StepTally per step."""
    # Imported here: botapp.analytics.sketches loads numpy; the webhook's process does without.
    from botapp.analytics.rollup import KnownSteps, day_start, last_settled_day, pending_days
    from botapp.analytics.tally import tally_day

    settled, pending = last_settled_day(), set(pending_days())
    first = min(pending, default=settled + timedelta(days=1))
    votes = HandledUpdate.objects.filter(
        map_id=map_id, kind=HandledUpdate.Kind.VOTE, handled_at__gte=day_start(first)
    ).order_by("chat_id", "handled_at", "id")
    by_day: dict = defaultdict(list)  # each day's rows still by chat and time, as tallied
    columns = ("handled_at", "chat_id", "node_id", "kind", "path", "language", "channel")
    for handled_at, *row in votes.values_list(*columns):
        day = timezone.localdate(handled_at)
        if day in pending or day > settled:
            by_day[day].append(row)
    steps = KnownSteps(map_id) if by_day else None
    every = (EVERY_CHANNEL, EVERY_LANGUAGE)
    return [tally_day(rows, steps)[every].steps for rows in by_day.values()]
