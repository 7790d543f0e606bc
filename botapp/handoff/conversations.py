"""Opening and closing a conversation with the team (the database side; the handlers in
botapp.handoff.handlers make the Bot API calls). A user has at most one open conversation
(a unique constraint) and one topic per group (another), so two workers handling two of a
user's updates at once never open two."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from advisor import conversation as advisor_conversation
from advisor.core.asking import Handoff, HandoffWords, handoff_words
from advisor.core.callbacks import Ask, decode
from advisor.core.markup import escape
from advisor.loading import current_bot_words
from botapp.handoff import outbox
from botapp.handoff.buttons import END, HELPFUL, NOT_HELPFUL, button_data
from botapp.handoff.models import Conversation, OutboxMessage, TeamGroup, UserTopic
from botapp.handoff.sending import close_quietly

ClosedBy = Conversation.ClosedBy


@dataclass(frozen=True)
class Asker:
    """Who asks for a person, from which press or message."""

    chat_id: int
    first_name: str
    username: str
    language: str
    data: str  # the Ask button's data ("" for /person)
    message_id: int  # the pressed message, or the /person message


@dataclass(frozen=True)
class Said:
    """A message for the user: its text and buttons (Bot API shapes)."""

    text: str
    rows: list = field(default_factory=list)


def connected_group() -> TeamGroup | None:
    return TeamGroup.objects.filter(can_post=True).first()


def open_conversation(asker: Asker) -> Said:
    """Open (or find) the user's conversation and queue its card for their topic: the user is
    told a person will answer (and, outside the map's opening hours, when), or why not."""
    handoff, step_id, path = _where(asker)
    if handoff is None:  # no map is online
        return Said(escape(current_bot_words().wording(asker.language)["no_map"]))
    words = handoff.words
    group = connected_group()
    if group is None:
        return Said(words.unavailable)
    with transaction.atomic():
        topic, _ = UserTopic.objects.get_or_create(group=group, user_chat_id=asker.chat_id)
        topic = UserTopic.objects.select_for_update().get(pk=topic.pk)  # one user at a time
        if topic.blocked:
            return Said(words.blocked)
        conversation = Conversation.objects.filter(
            user_chat_id=asker.chat_id, closed_at__isnull=True
        ).first()
        if conversation is None:
            conversation = Conversation.objects.create(
                topic=topic,
                user_chat_id=asker.chat_id,
                first_name=asker.first_name[:255],
                username=asker.username[:64],
                language=asker.language[:16],
                map_id=handoff.map_id,
                node_id=step_id,
                path=path[:64],
            )
            lane = outbox.topic_lane(topic.pk)
            outbox.add(lane, conversation.pk, asker.message_id, OutboxMessage.Kind.CARD)
    text = words.will_answer
    if not handoff.is_open:
        text += f"\n\n{words.out_of_hours}"
    end = {"text": words.end_button, "callback_data": button_data(END, conversation.pk)}
    return Said(text, [[end]])


def _where(asker: Asker) -> tuple[Handoff | None, int | None, str]:
    """The map's side of the request, the step it was made on and the Ask button's data: an
    Ask press whose path the live map no longer has is taken as /person on its map."""
    asked = advisor_conversation.ask(asker.data, asker.language)
    if asked is not None:
        return asked.handoff, asked.step_id, asker.data
    action = decode(asker.data)
    map_id = action.map_id if isinstance(action, Ask) else None
    return advisor_conversation.person(map_id, asker.language), None, ""


def close(conversation_id: int, closed_by: str, user_chat_id: int | None = None):
    """Close an open conversation (only the user's own, when ``user_chat_id`` is given); the
    closed conversation, or None if it was not open."""
    found = Conversation.objects.select_related("topic__group").filter(
        pk=conversation_id, closed_at__isnull=True
    )
    if user_chat_id is not None:
        found = found.filter(user_chat_id=user_chat_id)
    now = timezone.now()
    if not found.update(closed_at=now, closed_by=closed_by):
        return None
    return Conversation.objects.select_related("topic__group").get(pk=conversation_id)


def open_conversation_of(user_chat_id: int) -> Conversation | None:
    return (
        Conversation.objects.select_related("topic__group")
        .filter(user_chat_id=user_chat_id, closed_at__isnull=True)
        .first()
    )


def topic_of(conversation_id: int) -> UserTopic | None:
    return (
        UserTopic.objects.select_related("group").filter(conversations__pk=conversation_id).first()
    )


def group_by_chat(chat_id: int) -> TeamGroup | None:
    return TeamGroup.objects.filter(chat_id=chat_id).first()


def close_all_of(user_chat_id: int, closed_by: str) -> None:
    """Close the user's open conversation (they blocked the bot) and drop its copies."""
    ids = list(
        Conversation.objects.filter(user_chat_id=user_chat_id, closed_at=None).values_list(
            "pk", flat=True
        )
    )
    close_quietly(ids, closed_by)


def block(conversation: Conversation) -> None:
    """The team blocks the user: their topic takes no more conversations."""
    UserTopic.objects.filter(pk=conversation.topic_id).update(blocked=True)


def closing_words(conversation: Conversation) -> Said:
    """What the user gets when the conversation is closed: the closing words, "Was this
    helpful?" about the person's answer and "Back to the map"; a blocked user only "This
    conversation is closed"."""
    handoff = advisor_conversation.person(conversation.map_id, conversation.language)
    words = handoff.words if handoff is not None else handoff_words()  # no map is online
    if conversation.closed_by == ClosedBy.BLOCKED:
        return Said(words.blocked)
    pk = conversation.pk
    rows = [
        [
            {"text": words.helpful_yes, "callback_data": button_data(HELPFUL, pk)},
            {"text": words.helpful_no, "callback_data": button_data(NOT_HELPFUL, pk)},
        ]
    ]
    if handoff is not None:
        rows.append([{"text": words.back_button, "callback_data": handoff.back_data}])
    return Said(f"{words.closed}\n\n{words.helpful}", rows)


def vote(conversation_id: int, user_chat_id: int, helpful: bool) -> str | None:
    """Keep the user's vote on the person's answer (counted apart from the map's votes); the
    press's notice, or None when the conversation is not theirs or still open."""
    found = Conversation.objects.filter(
        pk=conversation_id, user_chat_id=user_chat_id, closed_at__isnull=False
    )
    conversation = found.first()
    if conversation is None:
        return None
    Conversation.objects.filter(pk=conversation.pk).update(helpful=helpful)
    return words_of(conversation).vote_thanks


def words_of(conversation: Conversation) -> HandoffWords:
    """The words of the conversation's map in the user's language."""
    return advisor_conversation.person_words(conversation.map_id, conversation.language)
