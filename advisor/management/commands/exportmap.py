"""``manage.py exportmap SLUG [--draft | --version N] > map.json``: a map as a file
``importmap`` reads back; by default its live version."""

from django.core.management.base import BaseCommand, CommandError

from advisor.management.lookup import map_named, version_of
from advisor.mapfile import export_map, export_map_json, without_ids


class Command(BaseCommand):
    help = "Print a map's live version (or its draft, or any version) as JSON for importmap."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names a map version here, not Django's.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--draft", action="store_true", help="the draft, as editors left it")
        which.add_argument("--version", type=int, metavar="N", help="published version N")

    def handle(self, *args, slug, draft=False, version=None, **options):
        map_obj = map_named(slug)
        if draft:
            data = export_map(map_obj)
        elif version is not None:
            data = without_ids(version_of(map_obj, version).content)
        elif map_obj.live_version is None:
            raise CommandError(f"Map '{slug}' was never published: add --draft.")
        else:
            data = without_ids(map_obj.live_version.content)
        self.stdout.write(export_map_json(data), ending="")
