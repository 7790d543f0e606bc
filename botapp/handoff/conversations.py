"""Opening and closing a conversation with the team (the database side; the handlers in
botapp.handoff.handlers make the Bot API calls). A user has at most one open conversation
(a unique constraint) and one topic per group (another), so two workers handling two of a
user's updates at once never open two."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from advisor.core import engine
from advisor.core.callbacks import Restart, encode
from advisor.loading import live_graph
from botapp.handoff import outbox
from botapp.handoff.buttons import END, HELPFUL, NOT_HELPFUL, button_data
from botapp.handoff.models import Conversation, OutboxMessage, TeamGroup, UserTopic
from botapp.handoff.sending import close_quietly
from botapp.handoff.words import ask_go, word

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
    """Open (or find) the user's conversation and queue its card for their topic."""
    go = ask_go(asker.data)
    graph = live_graph(go.map_id if go else None)
    group = connected_group()
    if group is None:
        return Said(word(graph, asker.language, "person_unavailable"))
    with transaction.atomic():
        topic, _ = UserTopic.objects.get_or_create(group=group, user_chat_id=asker.chat_id)
        topic = UserTopic.objects.select_for_update().get(pk=topic.pk)  # one user at a time
        if topic.blocked:
            return Said(word(graph, asker.language, "person_blocked"))
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
                map_id=graph.id if graph else None,
                node_id=_step_id(graph, go),
                path=asker.data[:64],
            )
            lane = outbox.topic_lane(topic.pk)
            outbox.add(lane, conversation.pk, asker.message_id, OutboxMessage.Kind.CARD)
    # TODO(personmap): the map's opening hours choose "person_out_of_hours" instead.
    text = word(graph, asker.language, "person_will_answer")
    end = {"text": word(graph, asker.language, "person_end_button")}
    return Said(text, [[{**end, "callback_data": button_data(END, conversation.pk)}]])


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
    """What the user gets when the conversation is closed: the closing words, "Back to the
    map" and "Was this helpful?" about the person's answer."""
    graph = live_graph(conversation.map_id) if conversation.map_id else None
    language = conversation.language

    def said(key):
        return word(graph, language, key)

    if conversation.closed_by == ClosedBy.BLOCKED:
        return Said(said("person_blocked"))
    votes = (("person_helpful_yes", HELPFUL), ("person_helpful_no", NOT_HELPFUL))
    pk = conversation.pk
    rows = [[{"text": said(key), "callback_data": button_data(what, pk)} for key, what in votes]]
    if graph is not None:
        back = encode(Restart(graph.id))
        rows.append([{"text": said("person_back_to_map"), "callback_data": back}])
    return Said(f"{said('person_closed')}\n\n{said('person_was_helpful')}", rows)


def vote(conversation_id: int, user_chat_id: int, helpful: bool) -> Said | None:
    """Keep the user's vote on the person's answer (counted apart from the map's votes)."""
    found = Conversation.objects.filter(pk=conversation_id, user_chat_id=user_chat_id)
    if not found.exclude(closed_at=None).update(helpful=helpful):
        return None
    conversation = found.first()
    graph = live_graph(conversation.map_id) if conversation.map_id else None
    return Said(word(graph, conversation.language, "person_thanks"))


def _step_id(graph, go) -> int | None:
    """The step the user asked from (the map's start for /person)."""
    if graph is None:
        return None
    node = engine.walk(graph, go) if go else graph.start
    return node.id if node else None
