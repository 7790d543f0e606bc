"""Making a code to connect a team group as an editorial action: a publisher's act (the group
answers users of every map), on the History with the bot texts' changes (no map), never with
the code itself."""

from advisor.actions.base import PUBLISH, EditorialAction
from advisor.history import Action
from botapp.handoff.connecting import CODE_LIFETIME, make_code
from botapp.handoff.models import ConnectCode


class MakeConnectCode(EditorialAction):
    """A one-time code a group member sends there as ``/connect CODE``."""

    permission = PUBLISH
    refusal = "Only Map publishers can connect a team group: it answers the users of every map"
    edits_draft = False  # it belongs to no map

    def __init__(self, **who):
        super().__init__(None, **who)

    def perform(self) -> ConnectCode:
        code = make_code(self.user)
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        self.record(
            Action.TEAM_GROUP_CODE,
            f"Made a code to connect a team group (valid {minutes} minutes)",
        )
        return code
