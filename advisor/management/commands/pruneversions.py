"""``manage.py pruneversions SLUG --keep N``: delete a map's old versions."""

from django.core.management.base import BaseCommand, CommandError

from advisor.actions import PruneVersions
from advisor.management.lookup import map_named


class Command(BaseCommand):
    help = "Delete all but the newest N versions of a map; the live version always stays."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("--keep", type=int, required=True, metavar="N")

    def handle(self, *args, slug, keep, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        removed = PruneVersions(map_named(slug), keep=keep, command="pruneversions").execute()
        self.stdout.write(f"Removed {removed} old version(s) of map '{slug}'.")
