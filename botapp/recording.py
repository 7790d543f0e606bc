"""A handled update's record, or a web page view's, written in one INSERT that does nothing
for a row already there (the unique chat and update ids): Telegram's re-delivered update, or
a web form sent twice; and a reason after "👎 No" with its record, both or neither. Shared by
the bot (botapp.chat) and the web chat (botapp.web): it imports nothing of Telegram."""

from django.db import connection, transaction
from django.utils import timezone

from advisor.core.screens import Screen
from botapp.models import Channel, HandledUpdate, Reason

_COLUMNS = (
    "update_id",
    "chat_id",
    "channel",
    "kind",
    "map_id",
    "node_id",
    "path",
    "language",
    "handled_at",
)
_REASON_COLUMNS = ("map_id", "node_id", "key", "path", "language", "text", "channel", "given_at")


def insert_once(
    update_id: int,
    chat_id: int,
    kind: str,
    screen: Screen,
    path: str = "",
    language: str = "",
    channel: str = Channel.TELEGRAM,
) -> tuple[str, tuple]:
    """The INSERT of a record (doing nothing for one already there), and its values.
    PostgreSQL's text holds no NUL, and no button the bot made has one: only forged data
    does."""
    table = connection.ops.quote_name(HandledUpdate._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    handled_at = connection.ops.adapt_datetimefield_value(timezone.now())
    path = path[:64].replace("\x00", "")
    language = language[:16].replace("\x00", "")
    values = (update_id, chat_id, str(channel), kind, screen.map_id, screen.node_id, path)
    values += (language, handled_at)
    insert = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(values))}) "
        "ON CONFLICT (chat_id, update_id) DO NOTHING"
    )
    return insert, values


def run_once(insert: str, values: tuple) -> bool:
    """Run a record's INSERT, one round trip; False when it inserted nothing (there before)."""
    if connection.vendor == "postgresql":
        # In the same round trip, do not wait for the disk at commit: a database crash in
        # the next split second could lose the record, but Telegram, already answered, would
        # not send the update again, and a visitor already has the page (PostgreSQL manual,
        # "Asynchronous Commit").
        insert = f"SET LOCAL synchronous_commit TO OFF; {insert}"
    with connection.cursor() as cursor:
        cursor.execute(insert, values)
        return cursor.rowcount == 1


def record_once(*record, **named) -> bool:
    """Record a handled update or page view (``insert_once``'s arguments); False when it was
    recorded before."""
    return run_once(*insert_once(*record, **named))


def record_reason(
    insert: str, values: tuple, reason: tuple, channel: str = Channel.TELEGRAM
) -> bool:
    """Run a record's INSERT (``insert_once``'s) and keep its reason (map id, node id, key,
    path, language, text), both or neither, in one statement on PostgreSQL; False when the
    record was there before (a re-delivery, a form sent twice)."""
    quote = connection.ops.quote_name
    table = quote(Reason._meta.db_table)
    columns = ", ".join(quote(column) for column in _REASON_COLUMNS)
    reason = tuple(
        value.replace("\x00", "") if isinstance(value, str) else value for value in reason
    ) + (str(channel),)
    if connection.vendor == "postgresql":
        both = (
            f"WITH handled AS ({insert} RETURNING handled_at) "
            f"INSERT INTO {table} ({columns}) SELECT {', '.join(['%s'] * len(reason))}, "
            "handled_at FROM handled"
        )
        return run_once(both, (*values, *reason))
    with transaction.atomic(savepoint=False):  # no savepoint's statements inside another
        if not run_once(insert, values):
            return False
        given_at = values[-1]
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(_REASON_COLUMNS))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", (*reason, given_at)
            )
    return True
