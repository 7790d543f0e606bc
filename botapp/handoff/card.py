"""The first message of a conversation in the user's topic: who asks, from where, what the map
told them and what they thought of it, with the team's two buttons. Everything taken from the
user (names, reasons) is escaped."""

from django.utils import timezone

from advisor.core import engine
from advisor.core.markup import escape, plain
from advisor.loading import live_graph
from botapp.handoff.buttons import BLOCK, RESOLVE, button_data
from botapp.handoff.words import ask_go
from botapp.models import Conversation, HandledUpdate, Reason

#: Telegram's limit on a topic's name, in characters.
TOPIC_NAME_LIMIT = 128
RESOLVED_LABEL = "✅ Resolved"
BLOCK_LABEL = "🚫 Block this user"


def map_title(conversation: Conversation) -> str:
    graph = live_graph(conversation.map_id) if conversation.map_id else None
    return graph.title if graph else ""


def topic_name(conversation: Conversation) -> str:
    """ "<first name> · <map>", within Telegram's 128 characters."""
    name = conversation.first_name or str(conversation.user_chat_id)
    title = map_title(conversation)
    return (f"{name} · {title}" if title else name)[:TOPIC_NAME_LIMIT]


def _vote_and_reason(conversation: Conversation, node_id: int) -> tuple[str, str]:
    """The user's last vote on the recommendation, and what they said they looked for."""
    records = HandledUpdate.objects.filter(chat_id=conversation.user_chat_id, node_id=node_id)
    vote = records.filter(kind=HandledUpdate.Kind.VOTE).order_by("-update_id").first()
    if vote is None:
        return "", ""
    said = records.filter(kind=HandledUpdate.Kind.REASON, update_id__gt=vote.update_id).first()
    reason = None
    if said is not None:
        reason = Reason.objects.filter(
            map_id=conversation.map_id, node_id=node_id, given_at=said.handled_at
        ).first()
    helpful = "👍 helpful" if vote.path.startswith("vy") else "👎 not helpful"
    return helpful, reason.text if reason else ""


def card_text(conversation: Conversation) -> str:
    """The card as HTML."""
    who = f"<b>{escape(conversation.first_name or 'Someone')}</b>"
    if conversation.username:
        who += f" @{escape(conversation.username)}"
    lines = [who, f"Language: {escape(conversation.language or '?')}"]
    graph = live_graph(conversation.map_id) if conversation.map_id else None
    if graph is not None:
        lines.append(f"Map: {escape(graph.title)}")
        go = ask_go(conversation.path)
        node = engine.walk(graph, go) if go else None
        if node is not None:
            answers = engine.answers_line(graph, go, graph.language)
            lines.append(f"Answers: {escape(answers) or '—'}")
            label = "Recommendation" if node.is_recommendation else "Step"
            lines.append(f"{label}: {escape(plain(node.text_in(graph.language))[:300])}")
            vote, reason = _vote_and_reason(conversation, node.id)
            if vote:
                lines.append(f"Vote: {vote}")
            if reason:
                lines.append(f"Looking for: “{escape(reason[:500])}”")
    opened = timezone.localtime(conversation.opened_at)
    lines.append(f"Asked at {opened:%Y-%m-%d %H:%M}")
    return "\n".join(lines)


def card_markup(conversation: Conversation) -> dict:
    row = [
        {"text": RESOLVED_LABEL, "callback_data": button_data(RESOLVE, conversation.pk)},
        {"text": BLOCK_LABEL, "callback_data": button_data(BLOCK, conversation.pk)},
    ]
    return {"inline_keyboard": [row]}
