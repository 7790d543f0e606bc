"""The outbox: what the worker will send, as references (chat and message ids), one row per
copy, in order within its lane (one destination). A row and its lane's job are written in one
transaction, and a re-delivered update inserts nothing (INSERT … ON CONFLICT DO NOTHING)."""

import json
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from botapp.handoff.models import OutboxMessage
from botapp.handoff.tasks import schedule

#: An album's parts arrive as separate updates: the worker waits this long for the rest.
ALBUM_WAIT = timedelta(seconds=2)
_COLUMNS = (
    "lane",
    "position",
    "conversation_id",
    "kind",
    "from_chat_id",
    "message_ids",
    "album",
    "state",
    "attempts",
    "not_before",
    "last_error",
    "created_at",
)


#: How a topic's lane begins: "topic:<UserTopic id>".
TOPIC = "topic:"


def topic_lane(topic_id: int) -> str:
    return f"{TOPIC}{topic_id}"


def user_lane(chat_id: int) -> str:
    return f"user:{chat_id}"


def _insert_once(row: dict) -> bool:
    """INSERT the row unless it is there (one statement); False when it was."""
    quote = connection.ops.quote_name
    table = quote(OutboxMessage._meta.db_table)
    now = timezone.now()
    row = {
        "state": OutboxMessage.State.PENDING,
        "attempts": 0,
        "not_before": now,
        "last_error": "",
        "created_at": now,
        **row,
    }
    values = [row[column] for column in _COLUMNS]
    values = [
        connection.ops.adapt_datetimefield_value(value) if hasattr(value, "tzinfo") else value
        for value in values
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in _COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(values))}) "
        "ON CONFLICT (lane, kind, position, conversation_id) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount == 1


def add(
    lane: str,
    conversation_id: int,
    position: int,
    kind: str = OutboxMessage.Kind.COPY,
    from_chat_id: int | None = None,
    message_id: int | None = None,
    album: str = "",
) -> bool:
    """Put a copy (or the card) in the outbox and enqueue its lane's job, both or neither;
    False for a re-delivered update (nothing added)."""
    not_before = timezone.now() + (ALBUM_WAIT if album else timedelta(0))
    row = {
        "lane": lane,
        "position": position,
        "conversation_id": conversation_id,
        "kind": kind,
        "from_chat_id": from_chat_id,
        "message_ids": json.dumps([message_id] if message_id else []),
        "album": album[:32],
        "not_before": not_before,
    }
    with transaction.atomic(savepoint=False):  # no savepoint's statements inside another
        if not _insert_once(row):
            return False
        schedule(lane, not_before if album else None)
    return True


def record_sent(lane: str, conversation_id: int, position: int, from_chat_id: int, message_id):
    """Keep a copy sent as the webhook's answer, as sent (it stops a re-delivery's copy);
    False for a re-delivered update."""
    row = {
        "lane": lane,
        "position": position,
        "conversation_id": conversation_id,
        "kind": OutboxMessage.Kind.COPY,
        "from_chat_id": from_chat_id,
        "message_ids": json.dumps([message_id]),
        "album": "",
        "state": OutboxMessage.State.SENT,
    }
    return _insert_once(row)
