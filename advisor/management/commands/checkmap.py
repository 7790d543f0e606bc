"""``manage.py checkmap [slug]``: the "Check this map" report in the terminal."""

from django.core.management.base import BaseCommand, CommandError

from advisor.graph import draft_graph
from advisor.mapcheck import check_map
from advisor.models import Map


class Command(BaseCommand):
    help = "Check the draft of one map (or of every map); exit status 1 when a problem is found."

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
            problems += len(findings)
            self.stdout.write(f"{map_obj.slug}: {len(findings) or 'no'} problem(s)")
            for finding in findings:
                where = f" '{finding.node_key}'" if finding.node_key else ""
                self.stdout.write(f"  {finding.problem}{where}: {finding.message}")
        if problems:
            raise CommandError(f"{problems} problem(s) found.")
