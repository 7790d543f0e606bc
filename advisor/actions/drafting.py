"""Actions on the draft only (nothing users see changes until someone publishes): discard
all or one change, restore a version as the draft, import a map file."""

from advisor import versions
from advisor.actions.base import CHANGE, PUBLISH, EditorialAction, Refused, VersionAction
from advisor.actions.publishing import Publish
from advisor.core.changes import count_summary
from advisor.history import Action
from advisor.mapfile import import_map
from advisor.models import Map, MapVersion
from advisor.versions import VersionError

#: How many changes a History entry names before "and N more".
NAMED = 5


def listed(changes) -> str:
    """The changes' summaries, the first few of them."""
    shown = "; ".join(change.summary.rstrip(".") for change in changes[:NAMED])
    more = len(changes) - NAMED
    return f"{shown}; and {more} more" if more > 0 else shown


class DiscardAll(EditorialAction):
    """Put the whole draft back to the live version."""

    refusal = "Only Map editors can discard changes"

    def __init__(self, map_obj, *, seen: str | None = None, **who):
        super().__init__(map_obj, **who)
        self.seen = seen

    def perform(self) -> list:
        changes = versions.unpublished_changes(self.map)
        versions.discard_changes(self.map, seen=self.seen)
        self.record(
            Action.DISCARDED, f"Discarded {count_summary(changes).lower()}: {listed(changes)}"
        )
        return changes


class DiscardOne(EditorialAction):
    """Put one step, button or text back as it is live (advisor.core.undo); ``seen``: its
    fingerprint when the change list was shown."""

    refusal = "Only Map editors can discard changes"

    def __init__(self, map_obj, unit: str, *, seen: str | None = None, **who):
        super().__init__(map_obj, **who)
        self.unit, self.seen = unit, seen

    def perform(self) -> list:
        undone = versions.discard_one(self.map, self.unit, seen=self.seen)
        kind, _, name = self.unit.partition(":")
        step_id = int(name) if kind in ("step", "order") else undone[0].step_id
        self.record(Action.DISCARDED, f"Discarded a change: {listed(undone)}", step_id=step_id)
        return undone


class RestoreAsDraft(VersionAction):
    """Make the draft an earlier version again (publishing it is another action)."""

    refusal = "Only Map editors can restore a version as the draft"

    def perform(self) -> None:
        replaced = versions.unpublished_changes(self.map)
        versions.restore_draft(self.map, self.version, seen=self.seen)
        lost = f"; it replaced {count_summary(replaced).lower()}" if replaced else ""
        self.record(Action.RESTORED, f"Restored version {self.version.number} as the draft{lost}")


class ImportMapFile(EditorialAction):
    """A map file into a new map, or (``replace``) over the draft of the map of its short
    name; with ``publish``, published in the same transaction. Without the publish right
    the file's "online" and "default map" are left out: importing changes nothing users
    see."""

    permission = "advisor.add_map"
    refusal = "Only Map editors can upload map files"

    def __init__(self, data: dict, *, name: str, replace=False, publish=False, **who):
        super().__init__(Map.objects.filter(slug=data.get("slug")).first(), **who)
        self.data, self.name, self.replace, self.publish = data, name, replace, publish

    def check(self) -> None:
        replacing = self.replace and self.map is not None
        if not self.may(CHANGE if replacing else self.permission):
            raise Refused("Only Map editors can upload map files", CHANGE)
        if self.publish and not self.may(PUBLISH):
            raise Refused("Only Map publishers can publish", PUBLISH)
        if replacing and self.map.archived_at is not None:
            raise VersionError("the map is archived: bring it back from the archive first")

    def perform(self) -> tuple[Map, MapVersion | None]:
        existed = self.map is not None
        self.map = import_map(self.data, replace=self.replace, with_visibility=self.may(PUBLISH))
        steps = self.map.nodes.count()
        what = f"replaced the draft ({steps} steps)" if existed else f"a new map, {steps} steps"
        self.record(Action.UPLOADED, f"Uploaded the map file “{self.name}”: {what}")
        version = None
        if self.publish:
            self.count_edit()
            note = f"Imported from {self.name}"
            version = Publish(self.map, note=note, user=self.user, command=self.command).perform()
        return self.map, version
