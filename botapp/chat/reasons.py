"""What users were looking for: the text a user sends in reply to the bot right after
answering "👎 No" under a recommendation is kept as a Reason.

No conversation state is kept in any process: the chat's handled updates tell. A reply to
the bot whose chat's last handled update is a 👎 vote, less than REASON_WINDOW ago, answers
"What were you looking for?"; anything else (a text that is no reply, one sent after
something else, or too late) gets the hint. One query (``look_up``) finds the chat's last
update with its map's live version, the bot texts' revision and the chat's open conversation
with the team, if any (botapp.handoff: then the message goes to the team instead); the Reason
and the update's record are then written in one statement on PostgreSQL (two on SQLite).
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone
from telegram import Update

from advisor.core.callbacks import Vote, decode
from advisor.core.engine import Audience, Screen, reason_thanks_screen
from advisor.core.feedback import REASON_WINDOW
from advisor.core.markup import escape
from advisor.loading import ONLINE, bot_words, live_graph_for
from advisor.models import BotTexts
from botapp.chat.updates import chat_id_of, language_of
from botapp.models import HandledUpdate
from botapp.recording import insert_once, record_once, record_reason

Kind = HandledUpdate.Kind
#: The start of a "👎 No" press's data (advisor.core.callbacks.Vote).
NOT_HELPFUL = "vn"


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


@dataclass(frozen=True)
class OpenConversation:
    """The chat's open conversation with the team (botapp.handoff), as the lookup finds it:
    its topic, whether the bot may still post in the team's group, and how many messages the
    user sent into it in the last minute."""

    id: int
    topic_id: int
    map_id: int | None
    language: str
    group_can_post: bool
    sent_last_minute: int


@dataclass(frozen=True)
class Lookup:
    """What one query tells about a private chat before its message is answered."""

    last: LastUpdate | None
    revision: int | None
    conversation: OpenConversation | None


def look_up(chat_id: int) -> Lookup:
    """The chat's last handled update, the bot texts' revision and its open conversation
    with the team, if any (one query)."""
    table = HandledUpdate._meta.db_table
    minute_ago = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(minutes=1))
    sql = (
        "SELECT h.kind, h.map_id, h.node_id, h.path, h.handled_at, m.live_version_id, "
        f"(SELECT b.revision FROM advisor_bottexts b WHERE b.id = {BotTexts.ROW_ID}), "
        "c.id, c.topic_id, c.map_id, c.language, g.can_post, "
        "(SELECT COUNT(*) FROM botapp_outboxmessage x WHERE x.conversation_id = c.id "
        "AND x.from_chat_id = c.user_chat_id AND x.created_at >= %s) "
        f"FROM (SELECT 1 AS one) o LEFT JOIN {table} h ON h.id = ("
        f"SELECT id FROM {table} WHERE chat_id = %s ORDER BY update_id DESC LIMIT 1) "
        f"LEFT JOIN advisor_map m ON m.id = h.map_id AND {ONLINE} "
        "LEFT JOIN botapp_conversation c ON c.user_chat_id = %s AND c.closed_at IS NULL "
        "LEFT JOIN botapp_usertopic t ON t.id = c.topic_id "
        "LEFT JOIN botapp_teamgroup g ON g.id = t.group_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [minute_ago, chat_id, chat_id])
        row = cursor.fetchone()
    conversation = None
    if row[7] is not None:
        conversation = OpenConversation(*row[7:11], bool(row[11]), row[12] or 0)
    if row[0] is None:
        return Lookup(None, row[6], conversation)
    handled_at = row[4]
    if isinstance(handled_at, str):
        handled_at = datetime.fromisoformat(handled_at)
    return Lookup(LastUpdate(*row[:4], handled_at, *row[5:6], row[6]), row[6], conversation)


def hint_once(update: Update, revision: int | None) -> Screen | None:
    """The hint, once per update (the bot texts' revision is known)."""
    words = bot_words(revision)
    screen = Screen(escape(words.wording(language_of(update))["hint"]))
    recorded = record_once(update.update_id, chat_id_of(update), Kind.HINT, screen)
    return screen if recorded else None


def reason_once(update: Update, text: str, lookup: Lookup) -> Screen | None:
    """Keep ``text`` as the reason if it answers "What were you looking for?" and thank the
    user, else answer with the hint; None if this update was handled before."""
    chat_id, language = chat_id_of(update), language_of(update)
    last, revision = lookup.last, lookup.revision
    words = bot_words(revision)
    graph = None
    if last is not None and last.asked_for_reason() and last.live_version_id:
        graph = live_graph_for(last.map_id, last.live_version_id)
    if graph is None:
        return hint_once(update, revision)
    vote = decode(last.path)  # the "👎 No" press, whose Go reaches the recommendation
    go = vote.go if isinstance(vote, Vote) else None
    screen = reason_thanks_screen(graph, Audience(language, words.wording(language)), go)
    node = graph.nodes.get(last.node_id)
    reason = (last.map_id, last.node_id, node.key if node else "", last.path, language, text)
    recorded = replace(screen, node_id=last.node_id)  # the recommendation it is about
    insert, values = insert_once(update.update_id, chat_id, Kind.REASON, recorded, "", language)
    return screen if record_reason(insert, values, reason) else None
