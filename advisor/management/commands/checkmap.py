"""``manage.py checkmap [slug]``: the "Check this map" report in the terminal."""

from django.core.management.base import BaseCommand, CommandError

from advisor.core.mapcheck import TRANSLATION_WARNINGS, check_map
from advisor.loading import draft_graph
from advisor.models import Map


class Command(BaseCommand):
    help = (
        "Check the draft of one map (or of every map); exit status 1 when a problem is found "
        "(translation warnings are listed, and do not count)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="the map's short name (default: all maps)")

    def handle(self, *args, slug=None, **options):
        maps = Map.objects.order_by("slug")
        if slug is not None:
            maps = maps.filter(slug=slug)
            if not maps.exists():
                raise CommandError(f"No map is called '{slug}'.")
        problems = 0
        for map_obj in maps:
            findings = check_map(draft_graph(map_obj.pk))
            found = [f for f in findings if f.problem not in TRANSLATION_WARNINGS]
            problems += len(found)
            self.stdout.write(f"{map_obj.slug}: {len(found) or 'no'} problem(s)")
            for finding in findings:
                where = f" '{finding.node_key}'" if finding.node_key else ""
                warning = "warning: " if finding not in found else ""
                self.stdout.write(f"  {warning}{finding.problem}{where}: {finding.message}")
        if problems:
            raise CommandError(f"{problems} problem(s) found.")
