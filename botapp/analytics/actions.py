"""Deleting what a user was looking for (a reason given after "👎 No") as an editorial
action: only a superuser may; the admin's log and the map's History say so, never with the
words."""

from django.contrib.admin.models import DELETION, LogEntry
from django.utils import timezone

from advisor.actions.base import EditorialAction, Refused
from advisor.history import Action
from botapp.models import Reason


class DeleteReason(EditorialAction):
    """Delete one reason (None: it is gone, which a page answers with 404)."""

    permission = None
    refusal = "Only superusers can delete what a user wrote"

    def __init__(self, reason: Reason | None, **who):
        super().__init__(reason.map if reason else None, **who)
        self.reason = reason

    def check(self) -> None:
        """Refused unless a superuser; an archived map's reasons are deleted all the same."""
        if not self.may(self.permission):
            raise Refused(self.refusal, self.permission)

    def perform(self) -> None:
        reason = self.reason
        if self.user is not None:  # a command's operator has no admin log
            LogEntry.objects.log_actions(self.user.pk, [reason], DELETION, single_object=True)
        given = timezone.localdate(reason.given_at).isoformat()
        summary = f"Deleted what a user was looking for under {reason.key} (given {given})."
        self.record(Action.REASON_DELETED, summary, step_id=reason.node_id)
        reason.delete()
