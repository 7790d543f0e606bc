"""``manage.py exportmap SLUG > map.json``: a map as a file ``importmap`` reads back."""

from django.core.management.base import BaseCommand, CommandError

from advisor.mapfile import export_map_json
from advisor.models import Map


class Command(BaseCommand):
    help = "Print a map as JSON, in the form importmap reads."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")

    def handle(self, *args, slug, **options):
        map_obj = Map.objects.filter(slug=slug).first()
        if map_obj is None:
            raise CommandError(f"No map is called '{slug}'.")
        self.stdout.write(export_map_json(map_obj), ending="")
