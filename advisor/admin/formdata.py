"""A change form's values as flat fields, the way the conflict check compares them: a
form's shown and posted values, an inline formset's rows ("buttons-40-label"), and writing
merged rows back into posted data."""

from django import forms
from django.forms.models import BaseInlineFormSet

from advisor.core.conflicts import Merge, normal
from advisor.core.params import whole_number

#: Fields whose value an empty inline row has by default (a button's position).
NUMBERS = (forms.IntegerField,)
#: The most inline rows a posted form is read with (Django's own cap is 1000).
MAX_ROWS = 1000


class RowsFormSet(BaseInlineFormSet):
    """An inline's rows, refused when a new row names a stored one (a page posting fewer
    rows as stored than it has: ``*-INITIAL_FORMS`` forged or stale)."""

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        if any(getattr(form, "cleaned_data", {}).get(pk) for form in self.extra_forms):
            raise forms.ValidationError(
                "The rows of this table came back out of order: open the page again."
            )


class BoundedInline:
    """An inline of at most ``max_num`` rows, however many a post claims: a larger
    ``*-TOTAL_FORMS`` gets the page again with Django's "Please submit at most … forms",
    and no more rows than that are read or shown again (as DATA_UPLOAD_MAX_NUMBER_FIELDS
    bounds fields). Rendering each row takes milliseconds: thousands hold a worker."""

    formset = RowsFormSet
    #: Telegram shows at most 100 buttons under a message: no step needs more rows.
    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)


def field_values(form: forms.BaseForm) -> dict[str, str]:
    """A form's values as shown before any editing (from its instance and initial data)."""
    return {
        name: normal(form.get_initial_for_field(field, name)) for name, field in form.fields.items()
    }


def posted_values(form_class, data, prefix: str = "") -> dict[str, str]:
    """The values a form of ``form_class`` posted (as the form would read them)."""
    names = form_class.base_fields
    return {
        name: normal(field.widget.value_from_datadict(data, {}, f"{prefix}{name}"))
        for name, field in names.items()
    }


def row_values(formset, fields) -> tuple[dict[str, str], list[int]]:
    """An unbound inline formset's stored rows as flat values ("buttons-40-label", and
    "buttons-40" for the row itself), and the rows' ids in their order."""
    values, order = {}, []
    for form in formset.initial_forms:
        key = f"{formset.prefix}-{form.instance.pk}"
        order.append(form.instance.pk)
        values[key] = "on"
        values.update({f"{key}-{name}": normal(form.initial.get(name)) for name in fields})
    return values, order


def posted_rows(formset_class, prefix: str, data) -> dict[str, str]:
    """An inline formset's posted rows as row_values names them; rows not saved yet are
    "buttons-new3", a row ticked for deletion has "" for itself."""
    fields = formset_class.form.base_fields
    values = {}
    total = min(whole_number(data.get(f"{prefix}-TOTAL_FORMS")) or 0, MAX_ROWS)
    for index in range(total):
        posted = posted_values(formset_class.form, data, f"{prefix}-{index}-")
        row_id = data.get(f"{prefix}-{index}-id", "")
        if whole_number(row_id) is not None:
            key = f"{prefix}-{row_id}"
            deleted = forms.CheckboxInput().value_from_datadict(
                data, {}, f"{prefix}-{index}-DELETE"
            )
            values[key] = "" if deleted else "on"
        elif any(
            posted.get(name) for name, field in fields.items() if not isinstance(field, NUMBERS)
        ):
            key = f"{prefix}-new{index}"  # typed into (an empty row's numbers are defaults)
        else:
            continue
        values.update({f"{key}-{name}": posted.get(name, "") for name in fields})
    return values


def rewritten_rows(data, prefix: str, fk_name: str, parent, fields, result: Merge, order):
    """Write an inline formset's rows into ``data`` as the merge leaves them: the stored
    rows in their order (with the editor's changes), then the editor's new rows and the
    rows another editor removed while this one changed them (as new rows)."""
    kept, added = [], []
    for row_id in order:
        key = f"{prefix}-{row_id}"
        if key in result.values:
            kept.append((str(row_id), key, result.values[key] == ""))
    stored = {f"{prefix}-{row_id}" for row_id in order}
    for key in sorted({name.rpartition("-")[0] for name in result.values} - stored):
        if key.startswith(f"{prefix}-") and key.count("-") == 1 and key not in result.values:
            clashed = any(f"{key}-{name}" in result.clashes for name in fields)
            if key.removeprefix(f"{prefix}-").startswith("new") or clashed:
                added.append(("", key, False))
    for name in [name for name in data if name.startswith(f"{prefix}-")]:
        del data[name]
    for index, (row_id, key, delete) in enumerate(kept + added):
        data[f"{prefix}-{index}-id"] = row_id
        data[f"{prefix}-{index}-{fk_name}"] = str(parent.pk)
        for name in fields:
            data[f"{prefix}-{index}-{name}"] = result.values.get(f"{key}-{name}", "")
        if delete:
            data[f"{prefix}-{index}-DELETE"] = "on"
    data[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + len(added))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_ROWS)
