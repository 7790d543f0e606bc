"""The Translate page of each map and language.

Thin: what there is to translate, and how it is saved, is advisor.translating's; the limits
and the plain-word errors are advisor.core.texts'."""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from advisor import history
from advisor.actions import CHANGE, SaveTranslations, people_who_may
from advisor.admin.pages import map_page, viewable_map
from advisor.admin.richtext import RichTextarea
from advisor.admin.textlists import (
    clash_message,
    clashing,
    refused_data,
    shown_fingerprints,
    text_check,
)
from advisor.conflict_check import Scope, Stale
from advisor.core.markup import plain
from advisor.core.translations import source_hash
from advisor.translating import Entry, entry_error, translation_entries

#: The Translate page's filters: ?show=… and what each link reads.
SHOWN = {
    "all": "all",
    "untranslated": "not translated yet",
    "changed": "changed since translated",
}
#: Up to this many characters a text gets a one-line box, longer ones a text area.
SHORT_LIMIT = 40
HASH = re.compile(r"[0-9a-f]{10}")


class TextField(forms.CharField):
    """A text as a browser posts it: line breaks as the bot sends them, ends trimmed."""

    def to_python(self, value):
        return super().to_python((value or "").replace("\r\n", "\n").replace("\r", "\n"))


def text_widget(limit: int, original: str, formatted: bool = False) -> forms.Widget:
    """A one-line box for a short text, else a text area about as tall as the original (with
    the formatting toolbar for a ``formatted`` one: a message, a greeting, a goodbye)."""
    if limit <= SHORT_LIMIT:
        return forms.TextInput(attrs={"size": 34})
    lines = sum(1 + len(line) // 55 for line in plain(original).splitlines() or [""])
    attrs = {"rows": max(2, min(lines + 1, 12)), "cols": 60}
    return RichTextarea(attrs) if formatted else forms.Textarea(attrs)


class TranslateForm(forms.Form):
    """One optional field per entry shown, and for each entry flagged as changed since
    translated a box to confirm the translation still fits its new original."""

    def __init__(self, entries: list[Entry], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[entry.field] = TextField(
                label=entry.where,
                required=False,
                initial=entry.translated,
                widget=text_widget(entry.limit, entry.original, entry.formatted),
            )
            if entry.changed:
                self.fields[f"confirm-{entry.field}"] = forms.BooleanField(
                    label="The translation still fits the new original", required=False
                )

    def clean(self):
        cleaned = super().clean()
        for entry in self.entries:
            error = entry_error(entry, cleaned.get(entry.field, ""))
            if error:
                self.add_error(entry.field, error)
        return cleaned

    def values(self) -> dict[str, str]:
        return {entry.field: self.cleaned_data[entry.field] for entry in self.entries}

    def confirmed(self) -> set[str]:
        return {
            entry.field
            for entry in self.entries
            if entry.changed and self.cleaned_data.get(f"confirm-{entry.field}")
        }


def shown_entries(entries: list[Entry], show: str) -> list[Entry]:
    if show == "untranslated":
        return [entry for entry in entries if not entry.translated]
    if show == "changed":
        return [entry for entry in entries if entry.changed]
    return entries


def entry_rows(form: TranslateForm, seen: dict[str, str], was: dict, theirs: dict) -> list[dict]:
    """What the page shows of each entry: its group ("Step labeled-data"), what it is
    ("message"), the original, the field and its confirm box, the original's hash, the
    fingerprint of the translation shown, and another editor's clashing translation."""
    rows = []
    for entry in form.entries:
        rows.append(
            {
                "entry": entry,
                "group": entry.group,
                "what": entry.what,
                "key": entry.key,
                "field": form[entry.field],
                "confirm": form[f"confirm-{entry.field}"] if entry.changed else None,
                "seen": seen[entry.field],
                "was": was[entry.field],
                "theirs": theirs.get(entry.field),
            }
        )
    return rows


def seen_hash(request, field: str, current: dict[str, str]) -> str:
    posted = request.POST.get(f"seen-{field}", "")
    return posted if HASH.fullmatch(posted) else current[field]


def readonly_reason(map_obj) -> str:
    """Why the user may read this map's translations but not change them."""
    if map_obj.archived_at is not None:
        return "This map is archived: bring it back from the archive to change it."
    names = people_who_may(CHANGE)
    return f"Only Map editors can change the translations: ask {', '.join(names) or 'one'}."


def _translate_url(map_id, code: str, show: str) -> str:
    url = reverse("admin:advisor_map_translate", args=[map_id, code])
    return f"{url}?{urlencode({'show': show})}" if show != "all" else url


def save_posted(request, action: SaveTranslations, form, result, seen: dict) -> None:
    """Save the translations this editor changed or confirmed (where another editor's are
    newer, theirs stay), and say what was saved."""
    mine = result.mine | (form.confirmed() - result.theirs.keys())
    if not mine:
        messages.info(request, "Nothing to save: the translations were already so.")
        return
    # The hash of the original the editor read (the page carries it): a translation of an
    # original reworded since the page was opened stays flagged.
    values = form.values()
    action.values = {name: values[name] for name in mine}
    action.confirmed = frozenset(form.confirmed() & mine)
    action.seen = {name: seen_hash(request, name, seen) for name in mine}
    action.execute()
    what = f"{len(mine)} translation{'s' if len(mine) != 1 else ''}"
    messages.success(request, f"Saved {what} to the draft: publish to show them to users.")


def translate_page(model_admin, request, map_id, code):
    """The map's texts beside their translation into ``code``; POST saves the fields it
    carries (the ones the filter showed) onto the draft, all or nothing."""
    map_obj = viewable_map(model_admin, request, map_id)
    languages = list(map_obj.languages.order_by("code").values_list("code", "name"))
    names = dict(languages)
    if code not in names:
        raise Http404("This map has no translation into that language.")
    show = request.GET.get("show", "all")
    show = show if show in SHOWN else "all"
    may_change = model_admin.has_change_permission(request, map_obj)
    entries = translation_entries(map_obj, code)
    seen = {entry.field: source_hash(entry.original) for entry in entries}
    current = {entry.field: entry.translated for entry in entries}
    theirs = {}
    if request.method == "POST":
        action = SaveTranslations(map_obj, code, names[code], {}, user=request.user)
        action.check()
        posted = [entry for entry in entries if entry.field in request.POST]
        fields = [entry.field for entry in posted]
        form = TranslateForm(posted, request.POST)
        try:
            result = text_check(request.POST, current, fields, Scope(map_obj.pk, whole_map=True))
        except Stale as stale:
            label = {entry.field: f"“{entry.where}”" for entry in posted}
            messages.error(request, clash_message(stale, label.get, request.user.get_username()))
            form = TranslateForm(posted, refused_data(request.POST, stale.result, current, fields))
            theirs = clashing(stale)
        else:
            if form.is_valid():
                save_posted(request, action, form, result, seen)
                return HttpResponseRedirect(_translate_url(map_obj.pk, code, show))
    else:
        form = TranslateForm(shown_entries(entries, show))
    was = shown_fingerprints(form.data, current, current)
    translated = sum(1 for entry in entries if entry.translated)
    changed = sum(1 for entry in entries if entry.changed)
    counts = {
        "all": len(entries),
        "untranslated": len(entries) - translated,
        "changed": changed,
    }
    filters = [
        {
            "show": key,
            "label": label,
            "count": counts[key],
            "url": _translate_url(map_obj.pk, code, key),
            "current": key == show,
        }
        for key, label in SHOWN.items()
    ]
    others = [
        {
            "code": other,
            "name": name,
            "url": _translate_url(map_obj.pk, other, show),
            "current": other == code,
        }
        for other, name in languages
    ]
    preview = reverse("admin:advisor_map_preview", args=[map_obj.pk]) + f"?language={code}"
    return map_page(
        model_admin,
        request,
        "translate.html",
        f"Translate into {names[code]}",
        original=map_obj,
        code=code,
        language_name=names[code],
        form=form,
        rows=entry_rows(form, seen, was, theirs),
        since=request.POST.get("since") or history.last_entry_id(map_obj.pk),
        translated=translated,
        changed=changed,
        total=len(entries),
        show=show,
        filters=filters,
        languages=others,
        preview_url=preview,
        may_change=may_change,
        readonly_reason="" if may_change else readonly_reason(map_obj),
    )
