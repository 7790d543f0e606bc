"""The admin pages of safe editing: the changes since the live version, Publish, Discard,
Versions and restoring one. Thin: the rules are advisor.versions', the wording
advisor.changes'."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.timesince import timesince

from advisor.admin_views import map_page, viewable_map
from advisor.changes import (
    BUTTON_RELABELLED,
    GOODBYE_CHANGED,
    GREETING_CHANGED,
    MESSAGE_REWORDED,
    OWN_WORD_CHANGED,
    changes_between,
    count_summary,
    marked_words,
)
from advisor.models import Map, MapVersion
from advisor.versions import (
    PublishRefused,
    VersionError,
    check_content,
    discard_changes,
    draft_content,
    publish,
    restore_and_publish,
    restore_draft,
    unpublished_changes,
    version_numbered,
)

PUBLISH_PERMISSION = "advisor.publish_map"


def may_publish(request) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


def version_line(version: MapVersion) -> str:
    """ "version 7 (published 2 hours ago by alice)"."""
    by = f" by {version.published_by.get_username()}" if version.published_by else ""
    return f"version {version.number} (published {timesince(version.published_at)} ago{by})"


def status_line(map_obj: Map, changes: list | None = None) -> str:
    """What users see of the map and what waits in the draft (``changes``, if the caller has
    them), in one line."""
    live = map_obj.live_version
    if live is None:
        live_part = "Not published yet: users do not see this map"
    elif not map_obj.is_published:
        live_part = f"Offline: users do not see it (live {version_line(live)})"
    else:
        live_part = f"Live: {version_line(live)}"
    if changes is None:
        changes = unpublished_changes(map_obj)
    return f"{live_part} · {count_summary(changes)}"


#: Changes whose old and new wording show side by side, the changed words marked.
REWORDINGS = (
    MESSAGE_REWORDED,
    GREETING_CHANGED,
    GOODBYE_CHANGED,
    BUTTON_RELABELLED,
    OWN_WORD_CHANGED,
)


def shown_changes(changes) -> list[dict]:
    """Each change, a rewording with its old and new texts split into marked words."""
    shown = []
    for change in changes:
        old, new = marked_words(change.old, change.new) if change.what in REWORDINGS else ([], [])
        shown.append({"change": change, "old_words": old, "new_words": new})
    return shown


def numbered_or_404(map_obj: Map, number) -> MapVersion:
    try:
        return version_numbered(map_obj, number)
    except VersionError as error:
        raise Http404(str(error)) from None


def _publishable(model_admin, request, map_id) -> Map:
    map_obj = viewable_map(model_admin, request, map_id)
    if not may_publish(request):
        raise PermissionDenied
    return map_obj


def _back_to_map(map_obj: Map) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:advisor_map_change", args=[map_obj.pk]))


def changes_page(model_admin, request, map_id):
    """The changes publishing would make; with ?compare=N, those between version N and the
    live version."""
    map_obj = viewable_map(model_admin, request, map_id)
    compared = None
    if "compare" in request.GET:
        compared = numbered_or_404(map_obj, request.GET["compare"])
        live = map_obj.live_version
        changes = changes_between(live.content if live else None, compared.content)
    else:
        changes = unpublished_changes(map_obj)
    return map_page(
        model_admin,
        request,
        "changes.html",
        f"Version {compared.number} compared with the live version"
        if compared
        else "Changes since the live version",
        original=map_obj,
        compared=compared,
        changes=shown_changes(changes),
        summary=count_summary(changes),
        status=status_line(map_obj, None if compared else changes),
        may_publish=may_publish(request),
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label="note (optional)",
        max_length=200,
        required=False,
        help_text="What this version changes, e.g. “Split the text-data question”.",
    )


def publish_page(model_admin, request, map_id):
    """The changes, the checks and a note; POST publishes unless a problem would leave users
    stuck."""
    map_obj = _publishable(model_admin, request, map_id)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = publish(map_obj, user=request.user, note=form.cleaned_data["note"])
        except PublishRefused:
            pass  # the same check below shows what stopped it
        else:
            messages.success(request, f"Published version {version.number}: users see it now.")
            return _back_to_map(map_obj)
    draft = draft_content(map_obj)
    stuck, warnings = check_content(map_obj, draft)
    changes = unpublished_changes(map_obj, draft)
    return map_page(
        model_admin,
        request,
        "publish.html",
        "Publish",
        original=map_obj,
        form=form,
        stuck=stuck,
        warnings=warnings,
        changes=shown_changes(changes),
        summary=count_summary(changes),
        status=status_line(map_obj, changes),
    )


def discard_page(model_admin, request, map_id):
    """Confirm, then put the draft back to the live version."""
    map_obj = _publishable(model_admin, request, map_id)
    if request.method == "POST":
        try:
            discard_changes(map_obj)
        except VersionError as error:
            messages.error(request, f"Nothing was discarded: {error}.")
        else:
            messages.success(request, "The draft is the live version again.")
        return _back_to_map(map_obj)
    changes = unpublished_changes(map_obj)
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
    )


def versions_page(model_admin, request, map_id):
    """Every published version, newest first, with what can be done with each."""
    map_obj = viewable_map(model_admin, request, map_id)
    if not request.user.has_perm("advisor.view_mapversion"):
        raise PermissionDenied
    versions = map_obj.versions.select_related("published_by").order_by("-number")
    return map_page(
        model_admin,
        request,
        "versions.html",
        "Versions",
        original=map_obj,
        versions=versions,
        status=status_line(map_obj),
        may_publish=may_publish(request),
    )


def restore_page(model_admin, request, map_id, number):
    """Confirm, then restore a version as the draft, or (with ?publish) also publish it."""
    map_obj = _publishable(model_admin, request, map_id)
    version = numbered_or_404(map_obj, number)
    and_publish = "publish" in request.GET
    if request.method == "POST":
        try:
            if and_publish:
                new = restore_and_publish(map_obj, version, user=request.user)
                done = f"Version {version.number} is live again, as version {new.number}."
            else:
                restore_draft(map_obj, version)
                done = f"The draft is version {version.number} again; publish it when ready."
        except VersionError as error:
            messages.error(request, f"Nothing was restored: {error}.")
        else:
            messages.success(request, done)
        return _back_to_map(map_obj)
    changes = changes_between(draft_content(map_obj), version.content)
    what = "restore it and publish it at once" if and_publish else "restore it as the draft"
    return map_page(
        model_admin,
        request,
        "confirm.html",
        f"Restore version {version.number}",
        original=map_obj,
        question=f"{what.capitalize()}? The draft becomes version {version.number} again; "
        f"what that changes in the draft as it is now is listed below ({len(changes)}).",
        action=f"Yes, {what}",
        changes=shown_changes(changes),
    )
