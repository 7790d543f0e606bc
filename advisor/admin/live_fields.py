"""What only a Map publisher changes on the map's page, because users see it at once: the
short name (links use it), online and the default map. A Map editor sees each as text with
the reason beside it, never as a box; a forged submit of one is refused with that same
sentence; a map a Map editor adds starts offline."""

from django.contrib import admin
from django.utils.html import format_html

from advisor.actions import PUBLISH, people_who_may
from advisor.models import Map

#: Each field only a publisher changes, and what shows it as text to a Map editor.
LIVE_FIELDS = {"slug": "short_name", "is_published": "online", "is_default": "default_map"}


def locked_fields(request, obj: Map | None) -> list[str]:
    """The live fields the user may not change (a new map's short name is theirs to give)."""
    if request.user.has_perm(PUBLISH):
        return []
    return [name for name in LIVE_FIELDS if obj is not None or name != "slug"]


def reasons(map_obj: Map) -> dict[str, str]:
    """Per live field, why a Map editor cannot change it, with whom to ask."""
    names = people_who_may(PUBLISH)
    ask = f"ask {', '.join(names) if names else 'a Map publisher'}"
    online = "offline" if map_obj.is_published else "online"
    return {
        "slug": f"Only Map publishers can change the short name, as links use it: {ask}.",
        "is_published": f"Only Map publishers can take a map {online}: {ask}.",
        "is_default": f"Only Map publishers can choose the default map: {ask}.",
    }


def shown(value: str, map_obj: Map, name: str):
    return format_html(
        '{} <span class="help locked-reason">{}</span>', value, reasons(map_obj)[name]
    )


class LiveFieldsShown:
    """The map admin's live fields as text with the reason, for whoever may not change
    them (the fieldsets and read-only fields name these instead)."""

    def locked_fieldsets(self, request, obj, fieldsets):
        locked = locked_fields(request, obj)
        return [
            (title, {**options, "fields": [shown_name(f, locked) for f in options["fields"]]})
            for title, options in fieldsets
        ]

    @admin.display(description="short name")
    def short_name(self, map_obj):
        return shown(map_obj.slug, map_obj, "slug")

    @admin.display(description="online")
    def online(self, map_obj):
        state = "online" if map_obj.is_published else "offline"
        return shown(state, map_obj, "is_published")

    @admin.display(description="default map")
    def default_map(self, map_obj):
        state = "yes: /start opens it when no map is named" if map_obj.is_default else "no"
        return shown(state, map_obj, "is_default")


def shown_name(field: str, locked: list[str]) -> str:
    return LIVE_FIELDS[field] if field in locked else field
