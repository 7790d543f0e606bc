"""Change forms that know the state they were opened at (advisor.conflict_check).

The page carries a fingerprint of every value it shows. A save over someone else's newer
one is refused with who changed what and when (advisor.admin.change_phrases); the form
keeps what the editor typed, shows the stored value where the editor changed nothing, and
the other person's value beside the editor's where both changed the same field, so one more
save applies it. Nothing else is written meanwhile: the row being saved (for a step, its
map's row) is locked from the moment the save reads it, so two saves of one thing queue.
The check costs one query (the inline rows as stored); the rest comes with the object the
admin loads anyway.
"""

from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction

from advisor import history
from advisor.admin.change_phrases import changed_fields, changed_phrases, side_by_side, who_and_when
from advisor.admin.formdata import (
    field_values,
    posted_rows,
    posted_values,
    rewritten_rows,
    row_values,
)
from advisor.conflict_check import Scope, Stale, check
from advisor.core.conflicts import normal, opened_token, read_token
from advisor.core.params import has_nul, whole_number
from advisor.templatetags.advisor_admin import ago

#: The hidden field that carries the state a page was opened at.
TOKEN = "opened"
#: The longest search a search box runs (SQLite refuses patterns much longer).
MAX_SEARCH = 1000


@dataclass
class Conflict:
    """A refused save: who changed what since the page opened, and the values side by side."""

    message: str
    rows: list[dict]


class GuardedAdmin(admin.ModelAdmin):
    """A model admin whose change form refuses a save over a newer one (see the module)."""

    #: What the refusal calls the object: "this step".
    subject = "this"
    #: Per inline prefix: how a row is named in a refusal, from its values.
    row_names: dict = {}

    def locked(self):
        """The queryset a save reads its object from, locking what serializes its saves."""
        return self.model._default_manager.select_for_update()

    def history_scope(self, obj) -> tuple[int, int | None]:
        """The map and step whose History entries name who changed the object."""
        return obj.pk, None

    def response_action(self, request, queryset):
        """An action on the rows ticked in the list; a forged row (not an id) does nothing."""
        ticked = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(whole_number(row) is None for row in ticked):
            self.message_user(request, "Nothing was done: tick rows of the list.", messages.WARNING)
            return None
        return super().response_action(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        """No match for a search no database can run: a NUL character, or too long."""
        if has_nul(search_term) or len(search_term) > MAX_SEARCH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def get_object(self, request, object_id, from_field=None):
        """On a save (in its transaction), the object read with its lock."""
        saving = request.method == "POST" and transaction.get_connection().in_atomic_block
        if not saving or from_field is not None:
            return super().get_object(request, object_id, from_field)
        pk = whole_number(str(object_id))
        return self.locked().filter(pk=pk).first() if pk is not None else None

    def stored_state(self, obj, form_class, formsets) -> tuple[dict, dict]:
        """The object's values as stored, and each inline's rows in order (one query per
        inline)."""
        values = field_values(form_class(instance=obj))
        orders = {}
        for prefix, formset_class in formsets.items():
            formset = formset_class(instance=obj, prefix=prefix)
            rows, orders[prefix] = row_values(formset, self.inline_fields(formset_class))
            values.update(rows)
        return values, orders

    @staticmethod
    def inline_fields(formset_class) -> list[str]:
        return [name for name in formset_class.form.base_fields if name not in ("id", "DELETE")]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if not change or obj is None:
            return self.add_form(request, form_class)
        formsets = self.formsets_of(request, obj)
        stored, orders = self.stored_state(obj, form_class, formsets)
        request.advisor_stored = stored
        token, conflict = "", None
        if request.method == "POST":
            conflict = self.check_opened(request, obj, form_class, formsets, stored, orders)
            # Kept as posted (on a conflict, the merge's): a form shown again for a mistake in
            # it still knows when it was opened.
            token = request.POST.get(TOKEN, "")
        else:
            token = opened_token(stored, history.last_entry_id(self.history_scope(obj)[0]))
        return type(form_class.__name__, (form_class,), {"opened": token, "conflict": conflict})

    def add_form(self, request, form_class):
        """An add page remembers where the map's History stood when it opened; a refused
        save then lists what others did meanwhile (a short name taken, a step deleted)."""
        map_id = self.map_of_new(request)
        if map_id is None:
            return form_class
        opened = read_token(request.POST.get(TOKEN)) if request.method == "POST" else None
        entries = history.entries_after(map_id, opened.last_entry) if opened else []
        meanwhile = [f"{entry.who}, {ago(entry.at)}: {entry.summary}" for entry in entries]
        token = opened_token({}, history.last_entry_id(map_id))
        return type(form_class.__name__, (form_class,), {"opened": token, "meanwhile": meanwhile})

    def map_of_new(self, request) -> int | None:
        """The map a new object is added to, if it has one."""
        return None

    def formsets_of(self, request, obj) -> dict:
        return {
            formset_class.get_default_prefix(): formset_class
            for formset_class, _ in self.get_formsets_with_inlines(request, obj)
        }

    def check_opened(self, request, obj, form_class, formsets, stored, orders):
        """The conflict of a posted form (advisor.conflict_check), None when nothing changed
        since it opened. On a conflict the posted data becomes the merge, with a token of
        the state stored now."""
        opened = read_token(request.POST.get(TOKEN))
        mine = posted_values(form_class, request.POST)
        if hasattr(form_class, "posted_changes"):  # what its files change (a picture)
            mine.update(form_class.posted_changes(request.POST, request.FILES))
        for prefix, formset_class in formsets.items():
            mine.update(posted_rows(formset_class, prefix, request.POST))
        scope = Scope(*self.history_scope(obj))
        try:
            check(opened, mine, stored, scope, strict=True)
        except Stale as stale:
            result, entries = stale.result, stale.entries
        else:
            return None
        data = request.POST.copy()
        for name, field in form_class.base_fields.items():
            value = result.values.get(name, "")
            if isinstance(field, forms.BooleanField) and not value:
                data.pop(name, None)
            else:
                data[name] = value
        for prefix, formset_class in formsets.items():
            fields = self.inline_fields(formset_class)
            fk_name = formset_class.fk.name
            rewritten_rows(data, prefix, fk_name, obj, fields, result, orders[prefix])
        data[TOKEN] = opened_token(stored, scope.newest())
        request.POST = data
        named = {**mine, **stored}  # a row removed meanwhile is named as the form showed it
        changed = changed_phrases(form_class, formsets, self.row_names, result.theirs, named)
        message = (
            f"{who_and_when(entries, self.subject, request.user.get_username())}: "
            f"{', '.join(changed)}. Nothing was saved. "
            "What you typed is kept below; where you had changed nothing, the form now shows "
            "the newer version. Check the fields listed here, then save again."
        )
        rows = [
            side_by_side(label, field, result, name)
            for name, label, field in changed_fields(
                form_class, formsets, self.row_names, result.theirs, named
            )
        ]
        return Conflict(message, rows)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A refused save's page is headed, and its breadcrumb named, by what is stored: the
        form put the refused words on ``obj``."""
        if request.method == "POST" and obj is not None and obj.pk:
            stored = self.model._default_manager.get(pk=obj.pk)
            context = {**context, "original": stored, "subtitle": str(stored)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    #: The actions that save the page (advisor.actions.pages.PageSave): a new object, a change.
    add_action: type
    change_action: type

    def map_of(self, obj):
        """The map whose History a save of ``obj`` goes on."""
        return obj

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related's action saves the object with its inline rows."""

    def save_formset(self, request, form, formset, change):
        """Nothing here: save_related's action saves the inline rows with the object."""

    def save_related(self, request, form, formsets, change):
        """The page's action saves the object and its inline rows, in one transaction, and
        puts it on the map's History: added, or what changed since the page opened."""
        action = self.change_action if change else self.add_action
        changes = partial(self.what_changed, request, form, formsets)
        obj = form.instance
        action(self.map_of(obj), form, formsets, changes=changes, user=request.user).execute()

    def what_changed(self, request, form, formsets) -> str:
        """What a change page's save changed, in plain words ("" for nothing)."""
        before = getattr(request, "advisor_stored", None)
        if before is None:
            return ""
        after, _ = self.stored_state(
            form.instance, type(form), self.formsets_of(request, form.instance)
        )
        differing = {
            name: after.get(name)
            for name in before.keys() | after.keys()
            if normal(before.get(name)) != normal(after.get(name))
        }
        kinds = {formset.prefix: type(formset) for formset in formsets}
        values = {**before, **after}
        return ", ".join(changed_phrases(type(form), kinds, self.row_names, differing, values))


class GuardedForm(forms.ModelForm):
    """A model form refused while its page is stale (GuardedAdmin sets ``conflict``)."""

    opened = ""
    conflict: Conflict | None = None
    meanwhile: list = []

    def clean(self):
        if self.conflict is not None:
            raise forms.ValidationError(
                "Not saved: this changed since you opened the page (see above).", code="stale"
            )
        return super().clean()
