"""The first message of a conversation in the user's topic: who asks, from where, what the map
told them and what they thought of it, with the team's two buttons. Everything taken from the
user (names, reasons) is escaped."""

from django.utils import timezone

from advisor import conversation as advisor_conversation
from advisor.core.asking import Asked
from advisor.core.markup import escape
from botapp.handoff.buttons import BLOCK, RESOLVE, button_data
from botapp.models import Conversation, HandledUpdate, Reason

#: Telegram's limit on a topic's name, in characters.
TOPIC_NAME_LIMIT = 128
RESOLVED_LABEL = "✅ Resolved"
BLOCK_LABEL = "🚫 Block this user"


def map_title(conversation: Conversation) -> str:
    """The title of the conversation's map in the user's language ("" once it is offline)."""
    if conversation.map_id is None:
        return ""
    handoff = advisor_conversation.person(conversation.map_id, conversation.language)
    return handoff.map_title if handoff and handoff.map_id == conversation.map_id else ""


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
    """The card as HTML: the map's words as the user read them (their language)."""
    who = f"<b>{escape(conversation.first_name or 'Someone')}</b>"
    if conversation.username:
        who += f" @{escape(conversation.username)}"
    lines = [who, f"Language: {escape(conversation.language or '?')}"]
    title = map_title(conversation)
    if title:
        lines.append(f"Map: {escape(title)}")
    asked = advisor_conversation.ask(conversation.path, conversation.language)
    if asked is not None and asked.handoff.map_id == conversation.map_id:
        lines += _where_asked(conversation, asked)
    elif title:
        lines.append("Asked with /person")
    opened = timezone.localtime(conversation.opened_at)
    lines.append(f"Asked at {opened:%Y-%m-%d %H:%M}")
    return "\n".join(lines)


def _where_asked(conversation: Conversation, asked: Asked) -> list[str]:
    """The answers the user pressed, where they got, their vote and what they looked for."""
    answers = " · ".join(asked.answers)
    if answers and not asked.answers_from_start:
        answers = f"… {answers}"
    lines = [f"Answers: {escape(answers) or '—'}"]
    if asked.recommendation:
        lines.append(f"Recommendation: {escape(asked.recommendation[:300])}")
    else:
        lines.append(f"Step: {escape(asked.step_text[:300])}")
    vote, reason = _vote_and_reason(conversation, asked.step_id)
    if vote:
        lines.append(f"Vote: {vote}")
    if reason:
        lines.append(f"Looking for: “{escape(reason[:500])}”")
    return lines


def card_markup(conversation: Conversation) -> dict:
    row = [
        {"text": RESOLVED_LABEL, "callback_data": button_data(RESOLVE, conversation.pk)},
        {"text": BLOCK_LABEL, "callback_data": button_data(BLOCK, conversation.pk)},
    ]
    return {"inline_keyboard": [row]}
