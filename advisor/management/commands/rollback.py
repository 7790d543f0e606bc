"""``manage.py rollback SLUG VERSION``: make an earlier version live again, as a new one."""

from django.core.management.base import BaseCommand, CommandError

from advisor.actions import RestoreAndPublish
from advisor.management.lookup import map_named, version_of
from advisor.versions import VersionError


class Command(BaseCommand):
    help = "Restore a published version of a map and publish it at once (a new version)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("version", help="the version number to bring back")

    def handle(self, *args, slug, version, **options):
        map_obj = map_named(slug)
        old = version_of(map_obj, version)
        try:
            new = RestoreAndPublish(map_obj, old, command="rollback").execute()
        except VersionError as error:
            raise CommandError(f"Map '{slug}' {error}.") from None
        self.stdout.write(
            f"Version {old.number} of map '{slug}' is live again, as version {new.number}."
        )
