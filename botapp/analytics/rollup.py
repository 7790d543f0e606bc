"""Rolling handled updates up into per-day figures, and pruning the raw rows after.

A day is rolled up once, for every map, when it is over (by TIME_ZONE's clock): by the daily
``purgeanalytics`` job, or by the analytics page for a day the job has not reached yet. Raw
rows are pruned only once their day is rolled up.
"""

import time as clock
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import groupby
from operator import itemgetter

from django.db import IntegrityError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from advisor.models import MapVersion, Node
from botapp.analytics.sketches import sketch_bytes
from botapp.analytics.tally import GroupTally, tally_day
from botapp.models import DayFigures, HandledUpdate, Reason, RolledUpDay, StepFigures

#: A day is rolled up this long after it ended: an update handled at 23:59:59 has committed.
SETTLING_TIME = timedelta(minutes=5)
ROW_COLUMNS = ("chat_id", "node_id", "kind", "path", "language", "channel")


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def on_days(rows, at: str, since: date | None, until: date | None, language: str | None):
    """``rows`` whose ``at`` time falls on the local days [since, until] (open where None), of
    one Telegram language when ``language`` is given."""
    if since:
        rows = rows.filter(**{f"{at}__gte": day_start(since)})
    if until:
        rows = rows.filter(**{f"{at}__lt": day_start(until + timedelta(days=1))})
    return rows if language is None else rows.filter(language=language)


class KnownSteps:
    """The steps of a map by id, the draft's first and then those of its versions (a step
    deleted from the draft, or from every later version, is still known)."""

    def __init__(self, map_id: int):
        self.map_id = map_id
        self.steps = {
            node_id: (key, kind)
            for node_id, key, kind in Node.objects.filter(map_id=map_id).values_list(
                "id", "key", "kind"
            )
        }
        self._versions: Iterator | None = None

    def get(self, node_id: int | None) -> tuple[str, str] | None:
        if node_id is None:
            return None
        if node_id not in self.steps:
            self._read_versions_until(node_id)
        return self.steps.get(node_id)

    def _read_versions_until(self, node_id: int) -> None:
        if self._versions is None:
            versions = MapVersion.objects.filter(map_id=self.map_id).order_by("-number")
            self._versions = versions.values_list("content", flat=True).iterator()
        for content in self._versions:
            for node in content["nodes"]:
                self.steps.setdefault(node["id"], (node["key"], node["kind"]))
            if node_id in self.steps:
                return
        self.steps.setdefault(node_id, None)


def day_rows(day: date, map_id: int | None = None) -> Iterator[tuple]:
    """The day's handled updates with a map, by map, chat and time (one map's if given)."""
    rows = HandledUpdate.objects.filter(
        handled_at__gte=day_start(day), handled_at__lt=day_start(day + timedelta(days=1))
    )
    rows = rows.filter(map_id=map_id) if map_id else rows.filter(map__isnull=False)
    ordered = rows.order_by("map_id", "chat_id", "handled_at", "id")
    # A plain cursor, not the server-side one of QuerySet.iterator(): PostgreSQL plans a
    # server-side cursor for its first rows and walks the whole (chat_id, update_id) index
    # for them (1.5 s for a day instead of 0.2 s). The rows wait in the driver's buffer, a
    # fraction of their size as Python tuples.
    sql, params = ordered.values_list("map_id", *ROW_COLUMNS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            yield from chunk


def tally_map_day(map_id: int, day: date) -> dict[tuple[str, str], GroupTally]:
    """One map's figures for a day from its raw rows (the page's count for today)."""
    rows = (row[1:] for row in day_rows(day, map_id))
    return tally_day(rows, KnownSteps(map_id))


def save_figures(map_id: int, day: date, groups: dict[tuple[str, str], GroupTally]) -> None:
    days = DayFigures.objects.bulk_create(
        DayFigures(
            map_id=map_id,
            day=day,
            channel=channel,
            language=language,
            chats=group.chats,
            chats_sketch=sketch_bytes(group.chats_sketch),
            completions=group.completions,
            completions_sketch=sketch_bytes(group.completions_sketch),
            paths=dict(group.paths),
            last_languages=dict(group.last_languages),
        )
        for (channel, language), group in groups.items()
    )
    StepFigures.objects.bulk_create(
        (
            StepFigures(
                day_figures=figures,
                node_id=node_id,
                key=step.key,
                kind=step.kind,
                reached=step.reached,
                left_here=step.left_here,
                reached_sketch=sketch_bytes(step.sketch),
                helpful=step.helpful,
                not_helpful=step.not_helpful,
                shared_arrivals=step.shared_arrivals,
            )
            for figures, group in zip(days, groups.values(), strict=True)
            for node_id, step in group.steps.items()
        ),
        batch_size=500,
    )


def roll_up_day(day: date) -> bool:
    """Roll up every map's figures for a day that is over; False if it was rolled up before
    (or is being rolled up by another process right now)."""
    if RolledUpDay.objects.filter(day=day).exists():
        return False
    try:
        with transaction.atomic():
            RolledUpDay.objects.create(day=day)
            for map_id, rows in groupby(day_rows(day), key=itemgetter(0)):
                tallies = tally_day((row[1:] for row in rows), KnownSteps(map_id))
                save_figures(map_id, day, tallies)
    except IntegrityError:
        return False
    return True


def last_settled_day() -> date:
    """The last day that is over and settled, in TIME_ZONE."""
    return timezone.localdate(timezone.now() - SETTLING_TIME) - timedelta(days=1)


def pending_days(first: date | None = None, last: date | None = None) -> list[date]:
    """Settled days in [first, last] that have raw rows kept and are not rolled up, newest
    first (days from the oldest raw row on; a day without updates counts, and is cheap)."""
    oldest = HandledUpdate.objects.aggregate(oldest=Min("handled_at"))["oldest"]
    if oldest is None:
        return []
    first = max(first or date.min, timezone.localdate(oldest))
    last = min(last or date.max, last_settled_day())
    done = set(
        RolledUpDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True)
    )
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return sorted((day for day in days if day not in done), reverse=True)


def roll_up_pending(first: date | None, last: date, seconds: float) -> list[date]:
    """Roll up the pending days in [first, last], newest first, for about ``seconds``; the
    days left pending."""
    started = clock.monotonic()
    days = pending_days(first, last)
    for index, day in enumerate(days):
        if clock.monotonic() - started > seconds:
            return days[index:]
        roll_up_day(day)
    return []


def prune_raw_rows(older_than: timedelta) -> int:
    """Delete raw rows older than ``older_than`` whose days are rolled up; how many."""
    pending = pending_days()
    first_kept = pending[-1] if pending else last_settled_day() + timedelta(days=1)
    cutoff = min(timezone.now() - older_than, day_start(first_kept))
    deleted, _ = HandledUpdate.objects.filter(handled_at__lt=cutoff).delete()
    if deleted and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Until a vacuum, every index scan steps over the deleted rows: after a first prune of
        # millions, the page's MIN(handled_at) took 5.5 s instead of milliseconds. It also
        # makes their space reusable for the next days' rows.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {HandledUpdate._meta.db_table}")
    return deleted


def prune_reasons(older_than: timedelta) -> int:
    """Delete what users said they were looking for, given more than ``older_than`` ago."""
    deleted, _ = Reason.objects.filter(given_at__lt=timezone.now() - older_than).delete()
    return deleted
