"""The one conflict check of every page that writes: a save over someone else's newer one.

A page carries what it showed when it opened (advisor.core.conflicts: each field's
fingerprint, and the last History entry it saw). ``check`` compares, field by field, what
the page showed, what the editor posted and what is stored now: a field only the other
person changed keeps their value, one only this editor changed takes the typed one. A save
is refused (Stale) when both changed a field differently, and with ``strict`` when anything
it compares changed at all; the refusal carries the comparison and the History entries since
the page opened, which name who changed what. Each page shows a refusal its own way: the
change forms (advisor.admin.guarded), the outline's edits (advisor.actions.outline), the
pages of texts (advisor.admin.textlists).
"""

from dataclasses import dataclass

from advisor import history
from advisor.core.conflicts import Merge, Opened, merge


class Stale(Exception):
    """A save over a newer one, refused: nothing was saved. ``result`` is the comparison,
    ``entries`` the History entries since the page opened, oldest first."""

    def __init__(self, result: Merge, entries: list):
        super().__init__("changed since the page showed it")
        self.result, self.entries = result, entries


@dataclass(frozen=True)
class Scope:
    """The History entries that say who changed what a page writes: a map's own settings
    (``map_id`` None: the bot texts'), one of its steps, or with ``whole_map`` all of the
    map's."""

    map_id: int | None
    step_id: int | None = None
    whole_map: bool = False

    def newest(self) -> int:
        """Where the History stands now (0: empty)."""
        return history.last_entry_id(self.map_id)

    def entries_after(self, after: int) -> list:
        if self.whole_map:
            return history.entries_after(self.map_id, after)
        return history.entries_since(self.map_id, after, self.step_id)


def check(
    opened: Opened | None,
    mine: dict,
    current: dict,
    scope: Scope,
    *,
    strict: bool = False,
    since: int | None = None,
) -> Merge:
    """The comparison of a save of ``mine`` (the values the editor posted; none for an edit
    that writes what it was shown, such as a deletion) over ``current`` (stored now), as
    the page showed ``opened`` (None: the page carries no state, so every posted value that
    differs from the stored one counts as changed by both). Stale on a clash; with
    ``strict`` also when anything changed, or when an edit that posts no values carries no
    state to check. Its entries follow ``since`` (by default the entry ``opened`` names; for
    a page that names none, the newest: nobody is named)."""
    result = merge(opened, mine, current)
    unchecked = opened is None and not mine
    if result.clashes or (strict and (result.stale or unchecked)):
        if since is None:
            since = opened.last_entry if opened is not None else scope.newest()
        raise Stale(result, scope.entries_after(since))
    return result
