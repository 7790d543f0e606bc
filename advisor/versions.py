"""A map's draft and its published versions: publish, discard, restore and prune.

Editors change the draft (the map's steps and buttons in the tables); publishing copies it
whole into a numbered MapVersion and makes that the live version in one transaction, so no
user ever sees a half-published map. Steps and buttons keep their ids throughout.
"""

from django.db import transaction
from django.db.models import F, Max

from advisor.changes import Change, changes_between
from advisor.drafts import write_draft
from advisor.graph import graph_from_content
from advisor.mapcheck import NO_BUTTONS, NO_EXIT, NO_START, Finding, check_map
from advisor.mapfile import export_map
from advisor.models import Map, MapVersion
from advisor.translations import apply_languages

#: Problems that would leave a user stuck: they stop a publish. Others are warnings.
BLOCKING = (NO_START, NO_BUTTONS, NO_EXIT)
#: The content of a version that a restore writes back onto the map itself.
MAP_CONTENT = ("title", "greeting", "goodbye")


class VersionError(Exception):
    """A publish, discard or restore that cannot be done; the message says why."""


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


def publish(map_obj: Map, *, user=None, note: str = "", restored_from: int | None = None):
    """Make the draft the live version, numbered after the last; PublishRefused if it would
    leave users stuck. Two publishes at once are serialized on the map's row."""
    with transaction.atomic():
        locked = Map.objects.select_for_update().get(pk=map_obj.pk)
        content = draft_content(locked)
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


def restore_draft(map_obj: Map, version: MapVersion) -> None:
    """Make the draft exactly ``version`` again, with the ids it had."""
    with transaction.atomic():
        locked = Map.objects.select_for_update().get(pk=map_obj.pk)
        write_draft(locked, version.content)
        apply_languages(locked, version.content)
        restored = {field: version.content[field] for field in MAP_CONTENT}
        Map.objects.filter(pk=locked.pk).update(draft_revision=F("draft_revision") + 1, **restored)


def discard_changes(map_obj: Map) -> None:
    """Put the draft back to the live version."""
    if map_obj.live_version is None:
        raise VersionError("nothing to go back to: this map was never published")
    restore_draft(map_obj, map_obj.live_version)


def restore_and_publish(map_obj: Map, version: MapVersion, *, user=None) -> MapVersion:
    """Roll back: restore a version and publish it at once, as a new version."""
    with transaction.atomic():
        restore_draft(map_obj, version)
        note = f"Restored version {version.number}"
        return publish(map_obj, user=user, note=note, restored_from=version.number)


def unpublished_changes(map_obj: Map, draft: dict | None = None) -> list[Change]:
    """What publishing the draft (its content, if the caller has read it) would change for
    users, in plain words."""
    live = map_obj.live_version
    if live is not None and live.draft_revision == map_obj.draft_revision:
        return []
    return changes_between(live.content if live else None, draft or draft_content(map_obj))


def version_numbered(map_obj: Map, number) -> MapVersion:
    """One of the map's versions; VersionError when it has none of that number."""
    version = map_obj.versions.filter(number=number).first() if str(number).isdigit() else None
    if version is None:
        raise VersionError(f"map '{map_obj.slug}' has no version {number}")
    return version


def prune_versions(map_obj: Map, keep: int) -> int:
    """Delete all but the newest ``keep`` versions, never the live one; how many went."""
    newest = map_obj.versions.order_by("-number").values_list("pk", flat=True)[:keep]
    old = map_obj.versions.exclude(pk__in=list(newest)).exclude(pk=map_obj.live_version_id)
    return old.delete()[0]
