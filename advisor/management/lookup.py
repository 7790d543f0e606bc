"""What the map commands share: finding a map and one of its versions, or saying why not."""

from django.core.management.base import CommandError

from advisor.models import Map, MapVersion
from advisor.versions import VersionError, version_numbered


def map_named(slug: str) -> Map:
    map_obj = Map.objects.select_related("live_version").filter(slug=slug).first()
    if map_obj is None:
        raise CommandError(f"No map is called '{slug}'.")
    return map_obj


def version_of(map_obj: Map, number) -> MapVersion:
    try:
        return version_numbered(map_obj, number)
    except VersionError as error:
        raise CommandError(f"{error}.") from None
