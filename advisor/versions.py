"""A map's draft and its published versions: publish, discard, restore and prune.

Editors change the draft (the map's steps and buttons in the tables); publishing copies it
whole into a numbered MapVersion and makes that the live version in one transaction, so no
user ever sees a half-published map. Steps and buttons keep their ids throughout.
"""

from django.db import transaction
from django.db.models import Max

from advisor.core.change_kinds import Change
from advisor.core.changes import changes_between
from advisor.core.conflicts import content_fingerprint
from advisor.core.graph import graph_from_content
from advisor.core.hours import hours_content
from advisor.core.mapcheck import NO_BUTTONS, NO_EXIT, NO_START, Finding, check_map
from advisor.core.params import whole_number
from advisor.core.undo import revert, unit_fingerprint
from advisor.drafts import write_draft
from advisor.mapfile import FEEDBACK_FIELDS, export_map
from advisor.models import Map, MapVersion

#: Problems that would leave a user stuck: they stop a publish. Others are warnings.
BLOCKING = (NO_START, NO_BUTTONS, NO_EXIT)
#: The content of a version that a restore writes back onto the map itself.
MAP_CONTENT = ("title", "greeting", "goodbye")


class VersionError(Exception):
    """A publish, discard or restore that cannot be done; the message says why."""


class DraftChanged(VersionError):
    """The draft changed after the page asking for this was opened: nothing was done."""

    def __init__(self):
        super().__init__("the draft changed since this page was opened")


class PublishRefused(VersionError):
    """The draft has problems that would leave users stuck."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        where = "; ".join(f"{f.problem} {f.node_key}".strip() for f in findings)
        count = len(findings)
        super().__init__(f"not published, {count} problem(s) would leave users stuck: {where}")


def draft_content(map_obj: Map) -> dict:
    """The draft as a version's content."""
    return export_map(map_obj, with_ids=True)


def check_content(map_obj: Map, content: dict) -> tuple[list[Finding], list[Finding]]:
    """The check's findings for content, split into what stops a publish and warnings."""
    findings = check_map(graph_from_content(map_obj.pk, content, 0))
    stuck = [finding for finding in findings if finding.problem in BLOCKING]
    return stuck, [finding for finding in findings if finding.problem not in BLOCKING]


def _seen(content: dict, seen: str | None) -> None:
    """DraftChanged unless ``seen`` (a fingerprint the page showed, if it sent one) is still
    the content's."""
    if seen is not None and content_fingerprint(content) != seen:
        raise DraftChanged


def publish(
    map_obj: Map,
    *,
    user=None,
    note: str = "",
    restored_from: int | None = None,
    seen: str | None = None,
):
    """Make the draft the live version, numbered after the last; PublishRefused if it would
    leave users stuck, DraftChanged if it is no longer the draft whose fingerprint the
    publisher saw (``seen``). Two publishes at once are serialized on the map's row."""
    with transaction.atomic():
        locked = Map.objects.select_for_update().get(pk=map_obj.pk)
        content = draft_content(locked)
        _seen(content, seen)
        stuck, _ = check_content(locked, content)
        if stuck:
            raise PublishRefused(stuck)
        last = locked.versions.aggregate(last=Max("number"))["last"] or 0
        version = MapVersion.objects.create(
            map=locked,
            number=last + 1,
            content=content,
            draft_revision=locked.draft_revision,
            published_by=user,
            note=note[:200],
            restored_from=restored_from,
        )
        Map.objects.filter(pk=locked.pk).update(live_version=version, is_published=True)
    return version


def write_content(locked: Map, content: dict) -> None:
    """Make the draft exactly ``content`` (a version's, with ids), in the caller's
    transaction with the map's row locked."""
    write_draft(locked, content)
    restored = {field: content[field] for field in MAP_CONTENT}
    restored.update({field: content.get(field, True) for field in FEEDBACK_FIELDS})
    restored.update(
        offers_person=content.get("offers_person", False),
        opening_hours=hours_content(content.get("opening_hours")),
        embed_origins=content.get("embed_origins", []),
    )
    Map.objects.filter(pk=locked.pk).update(**restored)


def restore_draft(map_obj: Map, version: MapVersion, *, seen: str | None = None) -> None:
    """Make the draft exactly ``version`` again, with the ids it had; DraftChanged if the
    draft is no longer the one whose fingerprint the page showed (``seen``)."""
    with transaction.atomic():
        locked = Map.objects.select_for_update().get(pk=map_obj.pk)
        if seen is not None:
            _seen(draft_content(locked), seen)
        write_content(locked, version.content)


def discard_changes(map_obj: Map, *, seen: str | None = None) -> None:
    """Put the draft back to the live version."""
    if map_obj.live_version is None:
        raise VersionError("nothing to go back to: this map was never published")
    restore_draft(map_obj, map_obj.live_version, seen=seen)


def discard_one(map_obj: Map, unit: str, *, seen: str | None = None) -> list[Change]:
    """Put one unit of the draft (advisor.core.undo) back as the live version has it; the
    changes that took back. DraftChanged if that part of the draft is no longer what the
    page showed (``seen``: the fingerprint of its unit_content); UndoRefused (a ValueError)
    when it cannot go back alone."""
    with transaction.atomic():
        locked = (
            Map.objects.select_for_update(of=("self",))
            .select_related("live_version")
            .get(pk=map_obj.pk)
        )
        if locked.live_version is None:
            raise VersionError("nothing to go back to: this map was never published")
        draft, live = draft_content(locked), locked.live_version.content
        if seen is not None and unit_fingerprint(draft, unit) != seen:
            raise DraftChanged
        undone = [change for change in changes_between(live, draft) if change.unit == unit]
        if not undone:
            raise VersionError("that change is no longer in the draft")
        write_content(locked, revert(draft, live, unit))
    return undone


#: The last change lists worked out, by map, draft revision and live version: a big map's
#: list costs a read of its draft and a comparison, and every page of the map shows it.
_changes: dict[tuple, list[Change]] = {}
CACHED_LISTS = 16


def unpublished_changes(map_obj: Map, draft: dict | None = None) -> list[Change]:
    """What publishing the draft (its content, if the caller has read it) would change for
    users, in plain words."""
    key = (map_obj.pk, map_obj.draft_revision, map_obj.live_version_id)
    if key in _changes:
        return list(_changes[key])
    live = map_obj.live_version
    if live is not None and live.draft_revision == map_obj.draft_revision:
        return []
    changes = changes_between(live.content if live else None, draft or draft_content(map_obj))
    if isinstance(map_obj.draft_revision, int):
        while len(_changes) >= CACHED_LISTS:
            _changes.pop(next(iter(_changes)))
        _changes[key] = changes
    return list(changes)


def version_numbered(map_obj: Map, number) -> MapVersion:
    """One of the map's versions; VersionError when it has none of that number."""
    version = map_obj.versions.numbered(whole_number(str(number)))
    if version is None:
        raise VersionError(f"map '{map_obj.slug}' has no version {str(number)[:20]}")
    return version


def prune_versions(map_obj: Map, keep: int) -> int:
    """Delete all but the newest ``keep`` versions, never the live one; how many went."""
    newest = map_obj.versions.order_by("-number").values_list("pk", flat=True)[:keep]
    old = map_obj.versions.exclude(pk__in=list(newest)).exclude(pk=map_obj.live_version_id)
    return old.delete()[0]
