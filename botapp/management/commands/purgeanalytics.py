from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from botapp.analytics.rollup import pending_days, prune_raw_rows, prune_reasons, roll_up_day


class Command(BaseCommand):
    help = (
        "The daily analytics job: roll up every day that is over into its figures, then delete "
        "the raw records of handled updates (chat ids included) older than DAYS days "
        "(ANALYTICS_RETENTION_DAYS, 30 unless set), and what users said they were looking for "
        "older than FEEDBACK_RETENTION_DAYS (365 unless set). Rolled-up figures (votes and "
        "shared arrivals among them) are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, metavar="DAYS")

    def handle(self, *args, older_than: int | None, **options):
        days = settings.ANALYTICS_RETENTION_DAYS if older_than is None else older_than
        if days < 1:
            raise CommandError(
                "--older-than must be at least 1: the last day's records stop Telegram's "
                "re-deliveries from being answered twice."
            )
        rolled = sum(roll_up_day(day) for day in pending_days())
        self.stdout.write(f"Rolled up {rolled} day(s).")
        deleted = prune_raw_rows(timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} record(s) older than {days} day(s).")
        kept = settings.FEEDBACK_RETENTION_DAYS
        reasons = prune_reasons(timedelta(days=kept))
        self.stdout.write(f"Deleted {reasons} reason(s) older than {kept} day(s).")
