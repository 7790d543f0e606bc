"""The worker's side of the outbox: one job sends one lane's pending rows in order.

A job claims the lane's first rows (locked with ``select_for_update(skip_locked=True)``, then
leased for LEASE): a second job finding the lane's first row locked or leased leaves it and
looks again when the lease ends, so two workers never send one lane out of order or twice.
A job killed mid-way leaves its rows pending; they are claimed again once the lease is over
(``resumeoutbox`` at the worker's start enqueues every lane with pending rows).

One window is left, and Telegram leaves it: a copy Telegram made just before the worker died,
before its row was marked sent, is sent again (the Bot API has no idempotency key). The row is
marked sent in its own commit right after Telegram's answer, so that window is one call wide.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.db import transaction
from django.utils import timezone

from botapp.handoff import sending
from botapp.handoff.botapi import Refused
from botapp.handoff.models import OutboxMessage, UserTopic
from botapp.handoff.outbox import TOPIC, topic_lane
from botapp.handoff.tasks import schedule

logger = logging.getLogger(__name__)
PENDING = OutboxMessage.State.PENDING
#: How long a job holds the rows it claimed (a killed job's rows wait this long).
LEASE = timedelta(minutes=2)
#: Rows claimed at once.
BATCH = 20
#: The longest wait between two tries of a passing failure.
MAX_BACKOFF = timedelta(hours=1)


@dataclass
class Claim:
    rows: list[OutboxMessage]
    look_again_at: datetime | None = None  # the lane is held or waits: when to look again


def claim(lane: str) -> Claim:
    """The lane's first due rows, leased to this job; none if another job holds the lane or
    its first row waits (then ``look_again_at`` says when)."""
    now = timezone.now()
    pending = OutboxMessage.objects.filter(lane=lane, state=PENDING).order_by("position", "id")
    with transaction.atomic():
        locked = list(pending.select_for_update(skip_locked=True)[:BATCH])
        first = pending.first()
        if first is None:
            return Claim([])
        if not locked or locked[0].pk != first.pk:  # another job is claiming the lane
            return Claim([], now + timedelta(seconds=5))
        held = [
            row.claimed_until for row in locked if row.claimed_until and row.claimed_until > now
        ]
        if held:
            return Claim([], max(held))
        if first.not_before > now:  # 429, a backoff or an album: its job is enqueued for then
            return Claim([])
        rows = []
        for row in locked:
            if row.not_before > now:
                break
            rows.append(row)
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(claimed_until=now + LEASE)
    return Claim(rows)


def drain(lane: str) -> int:
    """Send the lane's pending rows in order until none is due; how many were sent."""
    sent = 0
    while True:
        claimed = claim(lane)
        if not claimed.rows:
            if claimed.look_again_at:
                schedule(lane, claimed.look_again_at)
            return sent
        done, stop_at = _send_claimed(claimed.rows)
        sent += done
        if stop_at is not None:
            if stop_at is not False:
                schedule(lane, stop_at)
            return sent


def _batches(rows: list[OutboxMessage]) -> list[list[OutboxMessage]]:
    """The rows in order, an album's consecutive parts together (one copyMessages)."""
    batches: list[list[OutboxMessage]] = []
    for row in rows:
        if batches and row.album and batches[-1][-1].album == row.album:
            batches[-1].append(row)
        else:
            batches.append([row])
    return batches


def _send_claimed(rows: list[OutboxMessage]):
    """Send claimed rows in order: (how many sent, None to go on | a time to look again |
    False to stop). Rows not reached are released."""
    sent, batches = 0, _batches(rows)
    try:
        for batch in batches:
            try:
                sending.send(batch)
            except Refused as refusal:
                outcome = _refused(batch, refusal)
                if outcome is not None:
                    return sent, outcome
                continue
            except httpx.HTTPError as error:  # no answer: Telegram may or may not have it
                return sent, _postpone(batch, repr(error))
            _mark(batch, state=OutboxMessage.State.SENT, sent_at=timezone.now(), last_error="")
            sent += len(batch)
        return sent, None
    finally:  # the rows not reached wait for the next claim
        claimed = [row.pk for row in rows]
        OutboxMessage.objects.filter(pk__in=claimed, state=PENDING).update(claimed_until=None)


def _mark(batch: list[OutboxMessage], **fields) -> None:
    OutboxMessage.objects.filter(pk__in=[row.pk for row in batch]).update(
        claimed_until=None, **fields
    )


def _postpone(batch: list[OutboxMessage], error: str, seconds: float | None = None):
    """Try the batch (and so its lane) again later: after ``seconds``, else a backoff."""
    attempts = batch[0].attempts + 1
    if seconds is None:
        seconds = min(2**attempts, MAX_BACKOFF.total_seconds())
    at = timezone.now() + timedelta(seconds=seconds)
    _mark(batch, attempts=attempts, not_before=at, last_error=error[:255])
    return at


def hold_group(lane: str, at: datetime, error: str) -> None:
    """Telegram's limit is the group's: its other topics' lanes wait until ``at`` too, each
    with its job enqueued for then, rather than each meeting a 429 of its own."""
    group = UserTopic.objects.filter(pk=int(lane.removeprefix(TOPIC))).values("group_id")
    lanes = [
        topic_lane(pk)
        for pk in UserTopic.objects.filter(group__in=group).values_list("pk", flat=True)
    ]
    waiting = OutboxMessage.objects.filter(lane__in=lanes, state=PENDING, not_before__lt=at)
    held = sorted(set(waiting.exclude(lane=lane).values_list("lane", flat=True)))
    waiting.update(not_before=at, last_error=error[:255])
    for other in held:
        schedule(other, at)


def _refused(batch: list[OutboxMessage], refusal: Refused):
    """What a refusal does to the lane: None to go on with the next rows, else drain's stop."""
    if refusal.code == 429:
        logger.info("outbox %s: %s", batch[0].lane, refusal)
        at = _postpone(batch, str(refusal), refusal.retry_after or 1)
        if batch[0].lane.startswith(TOPIC):
            hold_group(batch[0].lane, at, str(refusal))
        return at
    if refusal.is_passing():
        return _postpone(batch, str(refusal))
    gone = refusal.gone(to_user=batch[0].lane.startswith("user:"))
    if gone is not None:
        sending.lane_gone(batch[0], gone, refusal.description)
        return False
    # Refused for good (the user deleted the message meanwhile, …): that copy is skipped.
    logger.warning("outbox %s: not sent: %s", batch[0].lane, refusal)
    _mark(batch, state=OutboxMessage.State.DROPPED, last_error=str(refusal)[:255])
    return None
