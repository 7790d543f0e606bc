"""What users were looking for: the text a user sends in reply to the bot right after
answering "👎 No" under a recommendation is kept as a Reason.

No conversation state is kept in any process: the chat's handled updates tell. A reply to
the bot whose chat's last handled update is a 👎 vote, less than REASON_WINDOW ago, answers
"What were you looking for?"; anything else (a text that is no reply, one sent after
something else, or too late) gets the hint. One query finds the chat's last update with its
map's live version and the bot texts' revision; the Reason and the update's record are then
written in one statement on PostgreSQL (two on SQLite).
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from telegram import Update

from advisor.core.callbacks import Vote, decode
from advisor.core.engine import Audience, Screen, reason_thanks_screen
from advisor.core.markup import escape
from advisor.loading import ONLINE, bot_words, live_graph_for
from advisor.models import BotTexts
from botapp.chat.updates import chat_id_of, insert_once, language_of, record_once, run_once
from botapp.models import HandledUpdate, Reason

Kind = HandledUpdate.Kind
#: How long after "👎 No" a reply is still taken as what the user was looking for.
REASON_WINDOW = timedelta(hours=1)
#: The start of a "👎 No" press's data (advisor.core.callbacks.Vote).
NOT_HELPFUL = "vn"
_REASON_COLUMNS = ("map_id", "node_id", "key", "path", "language", "text", "given_at")


@dataclass(frozen=True)
class LastUpdate:
    """A chat's last handled update, its map's live version (None: offline) and the bot
    texts' revision (None: never edited)."""

    kind: str
    map_id: int | None
    node_id: int | None
    path: str
    handled_at: datetime
    live_version_id: int | None
    revision: int | None

    def asked_for_reason(self) -> bool:
        if self.kind != Kind.VOTE or not self.path.startswith(NOT_HELPFUL):
            return False
        handled_at = self.handled_at
        if timezone.is_naive(handled_at):  # SQLite's, read back without the ORM
            handled_at = timezone.make_aware(handled_at, UTC)
        return handled_at >= timezone.now() - REASON_WINDOW


def last_update(chat_id: int) -> tuple[LastUpdate | None, int | None]:
    """The chat's last handled update, and the bot texts' revision (one query)."""
    table = HandledUpdate._meta.db_table
    sql = (
        "SELECT h.kind, h.map_id, h.node_id, h.path, h.handled_at, m.live_version_id, "
        f"(SELECT b.revision FROM advisor_bottexts b WHERE b.id = {BotTexts.ROW_ID}) "
        f"FROM (SELECT 1 AS one) o LEFT JOIN {table} h ON h.id = ("
        f"SELECT id FROM {table} WHERE chat_id = %s ORDER BY update_id DESC LIMIT 1) "
        f"LEFT JOIN advisor_map m ON m.id = h.map_id AND {ONLINE}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [chat_id])
        row = cursor.fetchone()
    if row[0] is None:
        return None, row[6]
    handled_at = row[4]
    if isinstance(handled_at, str):
        handled_at = datetime.fromisoformat(handled_at)
    return LastUpdate(*row[:4], handled_at, *row[5:]), row[6]


def reason_once(update: Update, text: str) -> Screen | None:
    """Keep ``text`` as the reason if it answers "What were you looking for?" and thank the
    user, else answer with the hint; None if this update was handled before."""
    chat_id, language = chat_id_of(update), language_of(update)
    last, revision = last_update(chat_id)
    words = bot_words(revision)
    graph = None
    if last is not None and last.asked_for_reason() and last.live_version_id:
        graph = live_graph_for(last.map_id, last.live_version_id)
    if graph is None:
        screen = Screen(escape(words.wording(language)["hint"]))
        return screen if record_once(update.update_id, chat_id, Kind.HINT, screen) else None
    vote = decode(last.path)  # the "👎 No" press, whose Go reaches the recommendation
    go = vote.go if isinstance(vote, Vote) else None
    screen = reason_thanks_screen(graph, Audience(language, words.wording(language)), go)
    node = graph.nodes.get(last.node_id)
    reason = (last.map_id, last.node_id, node.key if node else "", last.path, language, text)
    recorded = replace(screen, node_id=last.node_id)  # the recommendation it is about
    insert, values = insert_once(update.update_id, chat_id, Kind.REASON, recorded, "", language)
    return screen if record_reason(insert, values, reason) else None


def record_reason(insert: str, values: tuple, reason: tuple) -> bool:
    """Record the update and keep its reason, both or neither; False for a re-delivery."""
    quote = connection.ops.quote_name
    table = quote(Reason._meta.db_table)
    columns = ", ".join(quote(column) for column in _REASON_COLUMNS)
    reason = tuple(
        value.replace("\x00", "") if isinstance(value, str) else value for value in reason
    )
    if connection.vendor == "postgresql":
        both = (
            f"WITH handled AS ({insert} RETURNING handled_at) "
            f"INSERT INTO {table} ({columns}) SELECT {', '.join(['%s'] * 6)}, handled_at "
            "FROM handled"
        )
        return run_once(both, (*values, *reason))
    with transaction.atomic(savepoint=False):  # no savepoint's statements inside another
        if not run_once(insert, values):
            return False
        given_at = values[-1]
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * 7)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", (*reason, given_at)
            )
    return True
