"""A map's or a step's own admin page saved as an editorial action: the page's form and its
inline rows, validated by the page but not saved yet, written in one transaction and put on
the map's History (added, or what changed in plain words)."""

from collections.abc import Callable

from advisor.actions.base import EditorialAction, Refused
from advisor.versions import VersionError


def allowed(action: EditorialAction) -> bool:
    """Whether ``action.check()`` lets it through: what a page asks before it offers a form or
    a button, so the page and the action give one answer."""
    try:
        action.check()
    except (Refused, VersionError):
        return False
    return True


class PageSave(EditorialAction):
    """A page's save: ``form`` (a model form) with its inline ``formsets``; ``changes``, called
    once they are saved, says in plain words what changed ("" for nothing)."""

    def __init__(self, map_obj, form=None, formsets=(), *, changes: Callable | None = None, **who):
        super().__init__(map_obj, **who)
        self.form, self.formsets = form, list(formsets)
        self.changes = changes or (lambda: "")

    def written(self):
        """The page's object and its inline rows, saved as posted."""
        obj = self.form.save()
        for formset in self.formsets:
            formset.save()
        return obj
