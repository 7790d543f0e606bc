"""Archiving maps instead of deleting them: the confirmation, bringing a map back, the map
list's filter, and a superuser's final delete of an archived map (its confirmation names
the versions and the link that stop). Thin: the rules are advisor.actions.archiving's."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from advisor.actions import Archive, Unarchive
from advisor.actions.archiving import users_see
from advisor.admin.pages import deep_link, map_page, viewable_map
from advisor.admin.publishing import back_to_map
from advisor.versions import VersionError


def deep_link_text(map_obj, link: str | None) -> str:
    return link or f"t.me/YOUR_BOT?start={map_obj.slug} (once TELEGRAM_BOT_USERNAME is set)"


def archive_page(model_admin, request, map_id):
    """Confirm, then archive the map: offline, out of the list, versions and History kept."""
    map_obj = viewable_map(model_admin, request, map_id)
    action = Archive(map_obj, user=request.user)
    if request.method == "POST":
        try:
            action.execute()
        except VersionError as error:
            messages.error(request, f"Not archived: {error}.")
            return back_to_map(map_obj)
        messages.success(
            request,
            f"Archived “{map_obj}”: users no longer see it. Find it under “Show: archived maps” "
            "to bring it back.",
        )
        return HttpResponseRedirect(reverse("admin:advisor_map_changelist"))
    action.check()
    return map_page(
        model_admin,
        request,
        "archive.html",
        f"Archive “{map_obj}”",
        original=map_obj,
        users_see=users_see(map_obj),
        versions=map_obj.versions.count(),
        link=deep_link_text(map_obj, deep_link(map_obj.slug)),
    )


def unarchive_page(model_admin, request, map_id):
    """POST: bring the map back from the archive, offline."""
    map_obj = viewable_map(model_admin, request, map_id)
    action = Unarchive(map_obj, user=request.user)
    action.check()
    if request.method == "POST":
        action.execute()
        messages.success(
            request,
            f"“{map_obj}” is back, offline: publish it (or tick online) to show it to users.",
        )
    return back_to_map(map_obj)


class ArchiveFilter(admin.SimpleListFilter):
    """The map list shows the maps in use; archived ones one click away."""

    title = "show"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("yes", "archived maps")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "maps in use",
        }
        yield {
            "selected": self.value() == "yes",
            "query_string": changelist.get_query_string({self.parameter_name: "yes"}),
            "display": "archived maps",
        }

    def queryset(self, request, queryset):
        return queryset.filter(archived_at__isnull=self.value() != "yes")
