"""``manage.py publishmap SLUG [--note TEXT]``: make a map's draft its live version."""

from django.core.management.base import BaseCommand, CommandError

from advisor.actions import Publish
from advisor.management.lookup import map_named
from advisor.versions import PublishRefused, VersionError, check_content, draft_content


class Command(BaseCommand):
    help = "Publish a map's draft as a new version, unless a problem would leave users stuck."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("--note", default="", help="what this version changes")

    def handle(self, *args, slug, note, **options):
        map_obj = map_named(slug)
        try:
            version = Publish(map_obj, note=note, command="publishmap").execute()
        except PublishRefused as refused:
            raise CommandError(f"Map '{slug}' {refused}.") from None
        except VersionError as error:
            raise CommandError(f"Map '{slug}': {error}.") from None
        for warning in check_content(map_obj, draft_content(map_obj))[1]:
            self.stdout.write(f"  warning: {warning.problem} {warning.node_key}".rstrip())
        self.stdout.write(f"Published map '{slug}' as version {version.number}.")
