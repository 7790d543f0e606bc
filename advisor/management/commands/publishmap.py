"""``manage.py publishmap SLUG [--note TEXT]``: make a map's draft its live version."""

from django.core.management.base import BaseCommand, CommandError

from advisor.management.lookup import map_named
from advisor.versions import PublishRefused, check_content, draft_content, publish


class Command(BaseCommand):
    help = "Publish a map's draft as a new version, unless a problem would leave users stuck."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("--note", default="", help="what this version changes")

    def handle(self, *args, slug, note, **options):
        map_obj = map_named(slug)
        try:
            version = publish(map_obj, note=note)
        except PublishRefused as refused:
            raise CommandError(f"Map '{slug}' {refused}.") from None
        for warning in check_content(map_obj, draft_content(map_obj))[1]:
            self.stdout.write(f"  warning: {warning.problem} {warning.node_key}".rstrip())
        self.stdout.write(f"Published map '{slug}' as version {version.number}.")
