"""What every editorial action shares: who may do it, and its History entry.

One class per change of data (as Wagtail's actions): ``check()`` refuses a user without the
right, ``execute()`` checks, does the change in one transaction and puts it on the record.
The admin, the commands and code call the same classes; a command passes no user (its
operator has the shell) and its name, which History shows.

The map's draft revision, the key of every per-process cache of the draft, is counted here
and nowhere else (``count_draft_edit``): after an action that edits the draft put its
change on the History.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q

from advisor import history
from advisor.models import Map
from advisor.versions import VersionError

CHANGE = "advisor.change_map"
DELETE = "advisor.delete_map"
PUBLISH = "advisor.publish_map"
#: Who holds each right, as a refusal names them.
HOLDERS = {PUBLISH: "Map publishers", CHANGE: "Map editors", DELETE: "Map editors"}


class Refused(PermissionDenied):
    """An action this user may not do; ``permission`` is the right it needs (None: only a
    superuser)."""

    def __init__(self, message: str, permission: str | None = None):
        super().__init__(message)
        self.message = message
        self.permission = permission


def people_who_may(permission: str | None) -> list[str]:
    """The usernames of the active staff users who hold a right (None: superusers)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    if permission is None:
        users = users.filter(is_superuser=True)
    else:
        app_label, codename = permission.split(".")
        holds = Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        ) | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        users = users.filter(Q(is_superuser=True) | holds)
    return sorted(set(users.values_list("username", flat=True)))


def count_draft_edit(map_obj: Map) -> None:
    """Count an edit of the map's draft, and read its new revision into ``map_obj``: caches
    of the draft follow the revision, and a version records the one it was made from, so
    that "no unpublished changes" needs no comparison while the two match."""
    Map.objects.filter(pk=map_obj.pk).update(draft_revision=F("draft_revision") + 1)
    map_obj.refresh_from_db(fields=["draft_revision"])


class EditorialAction:
    """One editorial change of a map, by ``user`` in the admin or by ``command``."""

    #: The right it needs, and what a refusal says.
    permission = CHANGE
    refusal = "Only Map editors can change maps"
    #: Whether it changes the map's draft (steps, buttons, words, the map's own fields):
    #: then ``execute()`` counts the edit once ``perform()`` has put it on the History.
    edits_draft = True

    def __init__(self, map_obj: Map | None, *, user=None, command: str = ""):
        self.map = map_obj
        self.user = user
        self.command = command
        self.recorded = self.counted = False

    def may(self, permission: str | None) -> bool:
        """Whether the acting user holds a right (None: is a superuser); a command may all."""
        if self.user is None:
            return True
        return self.user.is_superuser if permission is None else self.user.has_perm(permission)

    def check(self) -> None:
        """Refused unless the user may; VersionError for an archived map."""
        if not self.may(self.permission):
            raise Refused(self.refusal, self.permission)
        if self.map is not None and self.map.archived_at is not None:
            raise VersionError("the map is archived: bring it back from the archive first")

    def execute(self):
        """Check, then perform in one transaction; a draft edit (an action that
        ``edits_draft`` and recorded a change: no entry, nothing changed) is counted."""
        self.check()
        with transaction.atomic():
            result = self.perform()
            if self.edits_draft and self.recorded:
                self.count_edit()
        return result

    def count_edit(self) -> None:
        """Count this action's draft edit, once. ``execute()`` does it after ``perform()``;
        an action that publishes what it edited does it first, so that the version records
        the revision it was made from."""
        if not self.counted:
            count_draft_edit(self.map)
            self.counted = True

    def perform(self):
        raise NotImplementedError

    def record(self, action: str, summary: str, step_id: int | None = None):
        self.recorded = True
        return history.record(
            self.map, action, summary, user=self.user, command=self.command, step_id=step_id
        )


class VersionAction(EditorialAction):
    """An action with one of the map's versions; ``seen``: the fingerprint of the draft its
    confirmation showed (the draft it replaces)."""

    def __init__(self, map_obj: Map, version, *, seen: str | None = None, **who):
        super().__init__(map_obj, **who)
        self.version, self.seen = version, seen
