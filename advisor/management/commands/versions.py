"""``manage.py versions SLUG``: a map's published versions, newest first."""

from django.core.management.base import BaseCommand

from advisor.management.lookup import map_named


class Command(BaseCommand):
    help = "List a map's published versions, newest first; the live one is marked."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")

    def handle(self, *args, slug, **options):
        map_obj = map_named(slug)
        versions = map_obj.versions.select_related("published_by").order_by("-number")
        if not versions:
            self.stdout.write(f"Map '{slug}' was never published.")
        for version in versions:
            by = version.published_by.get_username() if version.published_by else "-"
            live = "  (live)" if version.pk == map_obj.live_version_id else ""
            when = version.published_at.strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{version.number:>4}  {when}  {by:<12}  {version.note}{live}")
