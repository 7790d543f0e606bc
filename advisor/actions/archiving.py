"""Archiving a map instead of deleting it: offline, out of the list, its versions and History
kept, restorable; only a superuser deletes an archived map for good."""

import logging

from django.utils import timezone

from advisor.actions.base import DELETE, PUBLISH, EditorialAction, Refused
from advisor.history import Action
from advisor.models import Map
from advisor.versions import VersionError

logger = logging.getLogger("advisor.history")


def users_see(map_obj: Map) -> bool:
    return map_obj.is_published and map_obj.live_version_id is not None


class Archive(EditorialAction):
    """Take a map offline and out of the list; a map users see needs the publish right."""

    permission = DELETE
    refusal = "Only Map editors can archive maps"
    edits_draft = False

    def check(self) -> None:
        super().check()
        if users_see(self.map) and not self.may(PUBLISH):
            raise Refused("Only Map publishers can archive a map users see", PUBLISH)

    def perform(self) -> None:
        was = "it was online, so users no longer see it" if users_see(self.map) else "offline"
        default = "; it was the default map" if self.map.is_default else ""
        Map.objects.filter(pk=self.map.pk).update(
            archived_at=timezone.now(), archived_by=self.user, is_published=False, is_default=False
        )
        self.record(Action.ARCHIVED, f"Archived the map ({was}{default})")


class Unarchive(EditorialAction):
    """Bring an archived map back, offline: publishing it (or ticking online) shows it."""

    permission = DELETE
    refusal = "Only Map editors can bring back archived maps"
    edits_draft = False

    def check(self) -> None:
        if not self.may(self.permission):
            raise Refused(self.refusal, self.permission)
        if self.map.archived_at is None:
            raise VersionError("the map is not archived")

    def perform(self) -> None:
        Map.objects.filter(pk=self.map.pk).update(archived_at=None, archived_by=None)
        self.record(Action.UNARCHIVED, "Brought the map back from the archive (offline)")


class DeleteForGood(EditorialAction):
    """Delete an archived map with its versions and History; only a superuser may."""

    permission = None
    refusal = "Only superusers can delete a map for good, once it is archived"
    edits_draft = False

    def check(self) -> None:
        if not self.may(None):
            raise Refused(self.refusal, None)
        if self.map.archived_at is None:
            raise Refused("Archive the map first: only an archived map is deleted for good", None)

    def perform(self) -> None:
        count = self.map.versions.count()
        who = self.command or (self.user.get_username() if self.user else "")
        self.map.delete()
        logger.info(
            "map '%s': deleted for good with %d version(s) (by %s)", self.map.slug, count, who
        )
