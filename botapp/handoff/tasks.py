"""The worker's job (django-tasks, run by ``manage.py db_worker --queue-name outbox``): send one
destination's pending copies in order (botapp.handoff.delivery)."""

from datetime import datetime

from django_tasks import task

QUEUE = "outbox"


@task(queue_name=QUEUE)
def deliver(lane: str) -> int:
    """Send the lane's pending copies in order; how many were sent."""
    from botapp.handoff.delivery import drain  # the job's code, loaded when it runs

    return drain(lane)


def schedule(lane: str, run_after: datetime | None = None) -> None:
    """Enqueue the lane's job (in the caller's transaction: the database backend's row)."""
    job = deliver.using(run_after=run_after) if run_after else deliver
    job.enqueue(lane)
