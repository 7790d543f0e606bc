"""How long conversations' records are kept (``HANDOFF_RETENTION_DAYS``), and the worker's
finished jobs: what the daily ``purgeconversations`` deletes."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from botapp.handoff.models import Conversation, OutboxMessage, UserTopic

#: How long the queue keeps a finished job's row (its outcome, for whoever looks into a
#: problem): the outbox row, not the job, is the record of a copy.
FINISHED_JOBS_KEPT = timedelta(days=7)
FINISHED = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]


def prune_conversations(older_than: timedelta) -> dict[str, int]:
    """Delete conversations closed more than ``older_than`` ago (their outbox rows with them),
    outbox rows sent or given up that long ago, and topics no conversation is left in (but
    never a blocked user's: that would unblock them); how many of each."""
    cutoff = timezone.now() - older_than
    outbox, _ = (
        OutboxMessage.objects.exclude(state=OutboxMessage.State.PENDING)
        .filter(created_at__lt=cutoff)
        .delete()
    )
    conversations = Conversation.objects.filter(closed_at__lt=cutoff).delete()[1]
    topics, _ = UserTopic.objects.filter(blocked=False, conversations__isnull=True).delete()
    return {
        "conversations": conversations.get(Conversation._meta.label, 0),
        "outbox": outbox + conversations.get(OutboxMessage._meta.label, 0),
        "topics": topics,
    }


def prune_finished_jobs(older_than: timedelta = FINISHED_JOBS_KEPT) -> int:
    """Delete the job queue's rows of jobs finished (done or failed) ``older_than`` ago."""
    cutoff = timezone.now() - older_than
    deleted, _ = DBTaskResult.objects.filter(status__in=FINISHED, finished_at__lt=cutoff).delete()
    return deleted
