from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from botapp.models import HandledUpdate


class Command(BaseCommand):
    help = "Delete the records of handled updates (chat ids included) older than DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than: int, **options):
        if older_than < 1:
            raise CommandError(
                "--older-than must be at least 1: the last day's records stop Telegram's "
                "re-deliveries from being answered twice."
            )
        cutoff = timezone.now() - timedelta(days=older_than)
        deleted, _ = HandledUpdate.objects.filter(handled_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} record(s) older than {older_than} day(s).")
