"""What the web chat writes: a vote as the HandledUpdate row a Telegram vote writes (so the
analytics tally counts it), and a reason as a Reason with the REASON row Telegram writes
beside it, never with the visitor's number. Each row is named by its form's token
(botapp.web.tokens), so the same form sent twice writes once."""

from advisor.core.transcript import Transcript
from botapp.models import Channel, HandledUpdate
from botapp.recording import insert_once, record_once, record_reason
from botapp.web.tokens import Signed

Kind = HandledUpdate.Kind


def record_vote(signed: Signed, chat: Transcript) -> None:
    """One statement, the bot's (botapp.recording): a form sent again writes nothing."""
    row = (signed.update_id, signed.visitor, Kind.VOTE, chat.screen, signed.data)
    record_once(*row, chat.language, Channel.WEB)


def keep_reason(signed: Signed, chat: Transcript, key: str, text: str) -> None:
    """The REASON row and the Reason as the bot writes them (botapp.recording), both or
    neither; nothing again for the same form."""
    screen, language = chat.screen, chat.language
    row = (signed.update_id, signed.visitor, Kind.REASON, screen, "", language, Channel.WEB)
    reason = (screen.map_id, screen.node_id, key, signed.data, language, text)
    record_reason(*insert_once(*row), reason, Channel.WEB)
