"""Actions that change what users see: publishing, restoring a version and publishing it,
and pruning old versions."""

from advisor import pictures, versions
from advisor.actions.base import PUBLISH, EditorialAction, VersionAction
from advisor.core.changes import count_summary
from advisor.history import Action
from advisor.models import MapVersion


def _note(note: str) -> str:
    return f": {note}" if note else ""


class Publish(EditorialAction):
    """Make the draft live; ``seen``: the fingerprint of the draft the publisher reviewed."""

    permission = PUBLISH
    refusal = "Only Map publishers can publish"
    edits_draft = False

    def __init__(self, map_obj, *, note: str = "", seen: str | None = None, **who):
        super().__init__(map_obj, **who)
        self.note, self.seen = note, seen

    def perform(self) -> MapVersion:
        changes = versions.unpublished_changes(self.map)
        version = versions.publish(self.map, user=self.user, note=self.note, seen=self.seen)
        summary = count_summary(changes).replace("unpublished ", "")
        self.record(
            Action.PUBLISHED,
            f"Published version {version.number} ({summary.lower()}){_note(self.note)}",
        )
        return version


class RestoreAndPublish(VersionAction):
    """Roll back: a version live again, as a new version; ``seen``: the draft's fingerprint
    when the confirmation was shown (its unpublished work is replaced)."""

    permission = PUBLISH
    refusal = "Only Map publishers can restore and publish a version"

    def perform(self) -> MapVersion:
        replaced = versions.unpublished_changes(self.map)
        versions.restore_draft(self.map, self.version, seen=self.seen)
        self.count_edit()
        note = f"Restored version {self.version.number}"
        new = versions.publish(
            self.map, user=self.user, note=note, restored_from=self.version.number
        )
        lost = f"; it replaced {count_summary(replaced).lower()}" if replaced else ""
        self.record(
            Action.ROLLED_BACK,
            f"Restored version {self.version.number} and published it as version "
            f"{new.number}{lost}",
        )
        return new


class PruneVersions(EditorialAction):
    """Delete all but the newest ``keep`` versions, never the live one."""

    permission = PUBLISH
    refusal = "Only Map publishers can remove old versions"
    edits_draft = False

    def __init__(self, map_obj, *, keep: int, **who):
        super().__init__(map_obj, **who)
        self.keep = keep

    def perform(self) -> int:
        removed = versions.prune_versions(self.map, self.keep)
        freed = pictures.free_unused()  # pictures of the versions removed, or replaced since
        if removed or freed:
            note = f"; freed {freed} picture(s) nothing uses any more" if freed else ""
            self.record(
                Action.PRUNED,
                f"Removed {removed} old version(s), keeping the newest {self.keep} and the "
                f"live one{note}",
            )
        return removed
