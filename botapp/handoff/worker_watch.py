"""The admin says so when no worker sends the outbox: jobs wait (due for minutes) and none was
started meanwhile. One query, asked at most every few seconds per process, and only when a
publisher's page is drawn (the template's context processor is lazy)."""

import time
from datetime import timedelta

from django.db.models import Exists, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from botapp.handoff.tasks import QUEUE

#: How long jobs may wait with no job started before the admin says so.
IDLE_FOR = timedelta(minutes=5)
#: How long a process trusts its last look (seconds).
CHECK_EVERY = 5.0

WARNING = (
    "No worker has taken a job for {minutes} minutes: what users write to your team waits to "
    "be sent to the team's Telegram group, and the team's albums to users. Start the worker: "
    "on Heroku, “heroku ps:scale worker=1” (the Procfile's worker line); elsewhere, "
    "“python manage.py db_worker --queue-name outbox”. Nothing is lost: it sends what waits "
    "once it runs."
)

_last_look = {"at": float("-inf"), "idle": False}


def worker_idle() -> bool:
    """Whether a job of the outbox's queue has been due for IDLE_FOR and no job was started
    since then (one statement)."""
    since = timezone.now() - IDLE_FOR
    started = DBTaskResult.objects.filter(started_at__gte=since)
    due_long_ago = Q(run_after=get_date_max()) | Q(run_after__lte=since)
    waiting = DBTaskResult.objects.filter(
        due_long_ago, status="READY", queue_name=QUEUE, enqueued_at__lte=since
    )
    return waiting.exclude(Exists(started)).exists()


def worker_idle_lately() -> bool:
    """worker_idle, as this process last saw it within CHECK_EVERY seconds."""
    now = time.monotonic()
    if now - _last_look["at"] >= CHECK_EVERY:
        _last_look.update(at=now, idle=worker_idle())
    return _last_look["idle"]


def admin_alerts(request) -> dict:
    """The context processor: ``admin_alerts``, the warnings every admin page shows a
    publisher (looked up only when a template asks for them)."""

    def alerts() -> list[str]:
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("advisor.publish_map") or not worker_idle_lately():
            return []
        return [WARNING.format(minutes=int(IDLE_FOR.total_seconds() // 60))]

    return {"admin_alerts": alerts}
