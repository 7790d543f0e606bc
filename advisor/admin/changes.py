"""The changes since the live version, each with its own Discard, and discarding all of
them. Editors may discard: it edits the draft and publishes nothing. Thin: the rules are
advisor.core.undo's and advisor.actions'."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from advisor.actions import DiscardAll, DiscardOne
from advisor.admin.pages import editable_map, map_page, viewable_map
from advisor.admin.publishing import (
    confirm_context,
    confirmed,
    draft_changed,
    may_publish,
    numbered_or_404,
    status_line,
)
from advisor.core.changes import changes_between, count_summary
from advisor.core.undo import UndoRefused, unit_fingerprint
from advisor.core.worddiff import shown_changes
from advisor.history import last_entry_id
from advisor.versions import DraftChanged, VersionError, draft_content, unpublished_changes


def may_discard(request, map_obj) -> bool:
    live = map_obj.live_version_id is not None and map_obj.archived_at is None
    return live and request.user.has_perm("advisor.change_map")


def with_discards(shown: list[dict], draft: dict) -> list[dict]:
    """The list with a Discard after the last line of each change that can be taken back
    alone (a step's own lines, one button's, one text's)."""
    for index, item in enumerate(shown):
        unit = item["change"].unit
        following = shown[index + 1]["change"].unit if index + 1 < len(shown) else None
        if unit and unit != following:
            item["discard"] = {"unit": unit, "seen": unit_fingerprint(draft, unit)}
    return shown


def changes_page(model_admin, request, map_id):
    """The changes publishing would make; with ?compare=N, those between version N and the
    live version."""
    map_obj = viewable_map(model_admin, request, map_id)
    compared = None
    if "compare" in request.GET:
        compared = numbered_or_404(map_obj, request.GET["compare"])
        live = map_obj.live_version
        changes = changes_between(live.content if live else None, compared.content)
        shown = shown_changes(changes)
    else:
        draft = draft_content(map_obj)
        changes = unpublished_changes(map_obj, draft)
        shown = shown_changes(changes)
        if may_discard(request, map_obj):
            shown = with_discards(shown, draft)
    return map_page(
        model_admin,
        request,
        "changes.html",
        f"Version {compared.number} compared with the live version"
        if compared
        else "Changes since the live version",
        original=map_obj,
        compared=compared,
        changes=shown,
        summary=count_summary(changes),
        status=status_line(map_obj, None if compared else changes),
        may_publish=may_publish(request),
        may_discard=may_discard(request, map_obj),
        since=last_entry_id(map_obj.pk),
    )


def discard_page(model_admin, request, map_id):
    """POST with a unit: take back that one change. Otherwise confirm, then put the whole
    draft back to the live version."""
    map_obj = editable_map(model_admin, request, map_id, DiscardAll)
    if request.method == "POST" and "unit" in request.POST:
        return discard_one(request, map_obj)
    action = DiscardAll(map_obj, user=request.user)
    action.check()
    if request.method == "POST":
        done = confirmed(
            request,
            action,
            "Nothing was discarded",
            lambda changes: (
                f"Discarded {count_summary(changes).lower()}: the draft is the live version again."
            ),
        )
        if done:
            return done
    draft = draft_content(map_obj)
    changes = unpublished_changes(map_obj, draft)
    return map_page(
        model_admin,
        request,
        "confirm.html",
        "Discard changes",
        original=map_obj,
        question=f"Discard {count_summary(changes).lower()}? The draft goes back to the "
        "live version; this cannot be undone.",
        action="Yes, discard them",
        changes=shown_changes(changes),
        **confirm_context(map_obj, draft),
    )


def discard_one(request, map_obj):
    unit, seen = request.POST["unit"], request.POST.get("seen", "")
    try:
        undone = DiscardOne(map_obj, unit, seen=seen, user=request.user).execute()
    except DraftChanged:
        draft_changed(request, map_obj)
    except (UndoRefused, VersionError) as error:
        messages.error(request, f"Not discarded: {error}.")
    else:
        what = "; ".join(change.summary.rstrip(".") for change in undone)
        messages.success(request, f"Discarded: {what}. It is as users see it again.")
    return HttpResponseRedirect(reverse("admin:advisor_map_changes", args=[map_obj.pk]))
