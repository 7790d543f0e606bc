"""The admin pages that make the draft live or bring a version back: Publish, Versions and
restoring one, and the status line. Thin: the rules are advisor.versions' and
advisor.actions', the wording advisor.core.changes'.

Each confirmation carries the fingerprint of the draft it showed (``seen``) and the last
History entry it knew (``since``): if the draft changed meanwhile nothing happens, and the
page shows the list as it is now and who changed it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from advisor import history
from advisor.actions import (
    CHANGE,
    PUBLISH,
    Publish,
    Refused,
    RestoreAndPublish,
    RestoreAsDraft,
    people_who_may,
)
from advisor.admin.change_phrases import who_and_when
from advisor.admin.pages import map_page, viewable_map
from advisor.core.changes import changes_between, count_summary
from advisor.core.conflicts import content_fingerprint
from advisor.core.params import whole_number
from advisor.core.worddiff import shown_changes
from advisor.models import Map, MapVersion
from advisor.templatetags.advisor_admin import ago
from advisor.versions import (
    DraftChanged,
    PublishRefused,
    VersionError,
    check_content,
    draft_content,
    unpublished_changes,
    version_numbered,
)


def may_publish(request) -> bool:
    return request.user.has_perm(PUBLISH)


def version_line(version: MapVersion) -> str:
    """ "version 7 (published 2 hours ago by alice)"."""
    by = f" by {version.published_by.get_username()}" if version.published_by else ""
    return f"version {version.number} (published {ago(version.published_at)}{by})"


def status_line(map_obj: Map, changes: list | None = None) -> str:
    """What users see of the map and what waits in the draft (``changes``, if the caller has
    them), in one line."""
    live = map_obj.live_version
    if map_obj.archived_at is not None:
        live_part = "Archived: users do not see it"
    elif live is None:
        live_part = "Not published yet: users do not see this map"
    elif not map_obj.is_published:
        live_part = f"Offline: users do not see it (live {version_line(live)})"
    else:
        live_part = f"Live: {version_line(live)}"
    if changes is None:
        changes = unpublished_changes(map_obj)
    return f"{live_part} · {count_summary(changes)}"


def review_line(map_obj: Map, request, has_changes: bool) -> str:
    """Who publishes what waits in the draft, as the map's page tells each editor."""
    if not has_changes or map_obj.archived_at is not None:
        return ""
    if not may_publish(request):
        names = ", ".join(people_who_may(PUBLISH)) or "nobody yet: ask a superuser"
        return (
            "Your changes are saved in the draft. Users see them once a Map publisher "
            f"publishes them ({names})."
        )
    authors = history.waiting_authors(map_obj)
    if not authors:
        return "Waiting for review: publish the draft when it is ready."
    who = ", ".join(f"{entry.who} ({ago(entry.at)})" for entry in authors)
    return f"Waiting for review: unpublished changes by {who}."


def draft_changed(request, map_obj: Map) -> None:
    """Say that the draft changed after the page was opened, and who changed it."""
    since = whole_number(request.POST.get("since"))
    entries = history.entries_after(map_obj.pk, since) if since is not None else []
    messages.error(
        request,
        f"{who_and_when(entries, 'the draft', request.user.get_username())}, after you opened "
        "this page: nothing was done. "
        "Here is the list as it is now; look it over, then try again.",
    )


def confirm_context(map_obj: Map, draft: dict) -> dict:
    """What a confirmation carries: the draft it showed and the History it knew."""
    return {"seen": content_fingerprint(draft), "since": history.last_entry_id(map_obj.pk)}


class PublishForm(forms.Form):
    note = forms.CharField(
        label="note (optional)",
        max_length=200,
        required=False,
        help_text="What this version changes, e.g. “Split the text-data question”.",
    )


def publish_page(model_admin, request, map_id):
    """The changes, the checks and a note; POST publishes exactly the draft the page showed,
    unless a problem would leave users stuck."""
    map_obj = viewable_map(model_admin, request, map_id)
    action = Publish(map_obj, user=request.user)
    action.check()
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action.note, action.seen = form.cleaned_data["note"], request.POST.get("seen", "")
        try:
            version = action.execute()
        except DraftChanged:
            draft_changed(request, map_obj)
        except PublishRefused:
            pass  # the same check below shows what stopped it
        else:
            messages.success(request, f"Published version {version.number}: users see it now.")
            return back_to_map(map_obj)
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
        **confirm_context(map_obj, draft),
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
        may_change=request.user.has_perm(CHANGE) and map_obj.archived_at is None,
    )


def numbered_or_404(map_obj: Map, number) -> MapVersion:
    try:
        return version_numbered(map_obj, number)
    except VersionError as error:
        raise Http404(str(error)) from None


def restore_page(model_admin, request, map_id, number):
    """Confirm, then restore a version as the draft, or (with ?publish) also publish it. The
    confirmation lists what changes for users and, apart, the unpublished work it replaces."""
    map_obj = viewable_map(model_admin, request, map_id)
    version = numbered_or_404(map_obj, number)
    and_publish = "publish" in request.GET
    restore = RestoreAndPublish if and_publish else RestoreAsDraft
    action = restore(map_obj, version, user=request.user)
    if not action.may(action.permission):
        raise Refused(action.refusal, action.permission)
    if request.method == "POST":
        done = confirmed(
            request,
            action,
            "Nothing was restored",
            lambda new: (
                f"Version {version.number} is live again, as version {new.number}."
                if and_publish
                else f"The draft is version {version.number} again; publish it when ready."
            ),
        )
        if done:
            return done
    draft = draft_content(map_obj)
    live = map_obj.live_version
    for_users = changes_between(live.content if live else None, version.content)
    replaced = unpublished_changes(map_obj, draft)
    what = "restore it and publish it at once" if and_publish else "restore it as the draft"
    return map_page(
        model_admin,
        request,
        "restore.html",
        f"Restore version {version.number}",
        original=map_obj,
        version=version,
        and_publish=and_publish,
        action=f"Yes, {what}",
        for_users=shown_changes(for_users),
        replaced=shown_changes(replaced),
        **confirm_context(map_obj, draft),
    )


def confirmed(request, action, refused: str, done) -> HttpResponseRedirect | None:
    """Do a confirmation's action on the draft its page showed, then go back to the map
    saying what happened (``done`` words the result); None when the draft changed
    meanwhile: the page shows the list as it is now."""
    action.seen = request.POST.get("seen", "")
    try:
        result = action.execute()
    except DraftChanged:
        draft_changed(request, action.map)
        return None
    except VersionError as error:
        messages.error(request, f"{refused}: {error}.")
    else:
        messages.success(request, done(result))
    return back_to_map(action.map)


def back_to_map(map_obj: Map) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:advisor_map_change", args=[map_obj.pk]))
