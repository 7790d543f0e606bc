"""Enqueue a job for every outbox lane with pending copies: run at the worker's start (the
Procfile's ``worker:``), it picks up what a killed worker left (its rows' lease runs out)."""

from django.core.management.base import BaseCommand

from botapp.handoff.models import OutboxMessage
from botapp.handoff.tasks import schedule


class Command(BaseCommand):
    help = "Enqueue the outbox's lanes that have pending copies (run before db_worker)."

    def handle(self, *args, **options):
        pending = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING)
        lanes = sorted(set(pending.values_list("lane", flat=True)))
        for lane in lanes:
            schedule(lane)
        self.stdout.write(f"{len(lanes)} lane(s) with pending copies enqueued.")
