"""A change form's changes in plain words, for a refused save and for the History: who
changed it and when ("alice changed this step 3 minutes ago"), what changed ("the message",
"the “No” button", "added the “Maybe” button"), and another editor's value beside the typed
one."""

from django import forms

from advisor.core.conflicts import Merge
from advisor.templatetags.advisor_admin import ago


def who_and_when(entries, subject: str, me: str = "") -> str:
    """ "alice changed this step 3 minutes ago", from the History entries since the page
    opened; the user's own entries count only when nobody else's are there ("you")."""
    others = [entry for entry in entries if entry.who != me] or entries
    if not others:
        return f"Someone changed {subject} since you opened this page"
    names = list(dict.fromkeys("you" if entry.who == me else entry.who for entry in others))
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{who} changed {subject} {ago(others[-1].at)}"


def row_keys(prefix: str, changed: dict) -> list[str]:
    """The inline rows ("buttons-40") that ``changed`` names a value of, in order."""
    keys = {name.rpartition("-")[0] for name in changed} | set(changed)
    return sorted(k for k in keys if k.startswith(f"{prefix}-") and k.count("-") == 1)


def changed_phrases(form_class, formsets, row_names, changed: dict, values: dict) -> list[str]:
    """What ``changed`` (names with their new values, None for a row removed) changes, in
    plain words: "the message", "the “No” button", "added the “Maybe” button"."""
    phrases = [
        f"the {plain(field.label or name)}"
        for name, field in form_class.base_fields.items()
        if name in changed
    ]
    for prefix, formset_class in formsets.items():
        for key in row_keys(prefix, changed):
            named = row_name(row_names, prefix, formset_class, key, values)
            presence = changed.get(key, "kept")
            if presence is None:
                phrases.append(f"removed {named}")
            elif presence == "on":
                phrases.append(f"added {named}")
            else:
                phrases.append(named)
    return phrases


def plain(label) -> str:
    """A form label inside a sentence: "Short name" reads "short name"."""
    label = str(label)
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def row_name(row_names, prefix, formset_class, key, values) -> str:
    row = {name: values.get(f"{key}-{name}") or "" for name in formset_class.form.base_fields}
    return row_names.get(prefix, lambda row: "a row")(row)


def changed_fields(form_class, formsets, row_names, changed: dict, values: dict):
    """(name, label, form field) of every changed value, for the side-by-side rows."""
    for name, field in form_class.base_fields.items():
        if name in changed:
            yield name, plain(field.label or name), field
    for prefix, formset_class in formsets.items():
        for key in row_keys(prefix, changed):
            named = row_name(row_names, prefix, formset_class, key, values)
            if key in changed:
                yield key, named, None
                continue
            for name, field in formset_class.form.base_fields.items():
                if f"{key}-{name}" in changed:
                    yield f"{key}-{name}", f"{named}: {plain(field.label or name)}", field


def side_by_side(label: str, field, result: Merge, name: str) -> dict:
    """One field another editor changed: their value, and whether the form keeps yours."""
    theirs = result.theirs.get(name)
    if field is None:  # a whole row
        theirs = "added" if theirs else None
    elif isinstance(field, forms.ModelChoiceField) and theirs:
        theirs = str(field.queryset.filter(pk=theirs).first() or theirs)
    elif isinstance(field, forms.BooleanField):
        theirs = "ticked" if theirs else "not ticked"
    clash = name in result.clashes
    return {
        "label": label,
        "theirs": "(removed)" if theirs is None else theirs or "(empty)",
        "clash": clash,
        "yours": (result.values.get(name) or "(empty)") if clash else "",
    }
