"""``manage.py importmap map.json [--replace]``: load a map file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from advisor.mapfile import MapFileError, import_map, read_map_file


class Command(BaseCommand):
    help = "Import a map file made by exportmap; a bad file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the JSON map file")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite the map with the same short name"
        )

    def handle(self, *args, file, replace, **options):
        try:
            with file.open("rb") as stream:
                data = read_map_file(stream)
            map_obj = import_map(data, replace=replace)
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        except MapFileError as error:
            raise CommandError(f"{file}: {error}") from None
        steps = map_obj.nodes.count()
        self.stdout.write(f"Imported map '{map_obj.slug}' ({steps} steps) from {file}.")
