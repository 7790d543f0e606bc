"""What the web chat writes: a vote as the HandledUpdate row a Telegram vote writes (so the
analytics tally counts it), and a reason as a Reason with the REASON row Telegram writes
beside it, never with the visitor's number. Each row is named by its form's token
(botapp.web.tokens), so the same form sent twice writes once."""

from django.db import transaction

from advisor.core.transcript import Transcript
from botapp.models import Channel, HandledUpdate, Reason
from botapp.recording import record_once
from botapp.web.tokens import Signed

Kind = HandledUpdate.Kind
#: The columns of a row that its (chat_id, update_id) does not name.
COLUMNS = ("channel", "kind", "map_id", "node_id", "path", "language")


def handled(signed: Signed, chat: Transcript, kind: str, path: str) -> HandledUpdate:
    screen = chat.screen
    return HandledUpdate(
        update_id=signed.update_id,
        chat_id=signed.visitor,
        channel=Channel.WEB,
        kind=kind,
        map_id=screen.map_id,
        node_id=screen.node_id,
        path=path,
        language=chat.language,
    )


def record_vote(signed: Signed, chat: Transcript) -> None:
    """One statement, the bot's (botapp.recording): a form sent again writes nothing."""
    row = (signed.update_id, signed.visitor, Kind.VOTE, chat.screen, signed.data)
    record_once(*row, chat.language, Channel.WEB)


def record_reason(signed: Signed, chat: Transcript, key: str, text: str) -> None:
    """The REASON row and the Reason, both or neither; nothing again for the same form."""
    row = handled(signed, chat, Kind.REASON, "")
    with transaction.atomic():
        found, created = HandledUpdate.objects.get_or_create(
            chat_id=row.chat_id,
            update_id=row.update_id,
            defaults={column: getattr(row, column) for column in COLUMNS},
        )
        if created:
            Reason.objects.create(
                map_id=row.map_id,
                node_id=row.node_id,
                key=key,
                path=signed.data,
                language=row.language,
                channel=Channel.WEB,
                text=text,
                given_at=found.handled_at,
            )
