from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from botapp.handoff.retention import FINISHED_JOBS_KEPT, prune_conversations, prune_finished_jobs


class Command(BaseCommand):
    help = (
        "The daily job of conversations handed to the team: delete the records of conversations "
        "closed more than HANDOFF_RETENTION_DAYS days ago (365 unless set), the outbox's rows "
        "sent or given up that long ago, topics no conversation is left in (a blocked user's "
        "stay), and the job queue's rows of jobs finished more than 7 days ago."
    )

    def handle(self, *args, **options):
        days = settings.HANDOFF_RETENTION_DAYS
        deleted = prune_conversations(timedelta(days=days))
        self.stdout.write(
            f"Deleted {deleted['conversations']} conversation(s), {deleted['outbox']} outbox "
            f"row(s) and {deleted['topics']} topic(s) older than {days} day(s)."
        )
        jobs = prune_finished_jobs()
        self.stdout.write(
            f"Deleted {jobs} finished job(s) older than {FINISHED_JOBS_KEPT.days} day(s)."
        )
