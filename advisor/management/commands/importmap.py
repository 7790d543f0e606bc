"""``manage.py importmap map.json [--replace] [--publish]``: load a map file into a map's
draft, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from advisor.actions import ImportMapFile
from advisor.mapfile import MapFileError, read_map_file
from advisor.versions import VersionError


class Command(BaseCommand):
    help = "Import a map file made by exportmap; a bad file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the JSON map file")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite the draft of the map with that name"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish it too, in the same transaction"
        )

    def handle(self, *args, file, replace, publish, **options):
        try:
            with file.open("rb") as stream:
                data = read_map_file(stream)
            action = ImportMapFile(
                data, name=file.name, replace=replace, publish=publish, command="importmap"
            )
            map_obj, version = action.execute()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        except (MapFileError, VersionError) as error:
            raise CommandError(f"{file}: {error}") from None
        steps = map_obj.nodes.count()
        self.stdout.write(f"Imported map '{map_obj.slug}' ({steps} steps) from {file}.")
        if version is not None:
            self.stdout.write(f"Published it as version {version.number}.")
