"""What the worker sends for one outbox batch, and what it does when a destination is gone:
the topic opened (or opened again, with its card, when the team deleted it), the card, the
copies (an album in one copyMessages)."""

import logging

import httpx
from django.db import transaction
from django.utils import timezone

from advisor.conversation import person_words
from botapp.handoff import botapi, card
from botapp.handoff.botapi import Refused
from botapp.handoff.models import Conversation, OutboxMessage, TeamGroup, UserTopic

logger = logging.getLogger(__name__)
ClosedBy = Conversation.ClosedBy


def send(batch: list[OutboxMessage]) -> None:
    """Send one batch (a row, or an album's rows); Refused or httpx.HTTPError if it failed."""
    conversation = Conversation.objects.select_related("topic__group").get(
        pk=batch[0].conversation_id
    )
    ids = [row.message_ids[0] for row in batch if row.message_ids]
    if batch[0].lane.startswith("user:"):
        _copy(conversation.user_chat_id, batch[0].from_chat_id, ids)
        return
    topic = conversation.topic
    if topic.thread_id is None:
        _open_topic(topic, conversation)
    try:
        _to_topic(batch[0], ids, topic, conversation)
    except Refused as refusal:
        if not refusal.is_thread_gone():
            raise
        logger.info("the topic of %s was deleted: opening it again", conversation)
        _open_topic(topic, conversation)
        if batch[0].kind != OutboxMessage.Kind.CARD:
            _send_card(topic, conversation)
        _to_topic(batch[0], ids, topic, conversation)


def _copy(chat_id: int, from_chat_id: int, ids: list[int], thread_id: int | None = None):
    if len(ids) == 1:
        botapi.call(
            "copyMessage",
            chat_id=chat_id,
            from_chat_id=from_chat_id,
            message_id=ids[0],
            message_thread_id=thread_id,
        )
    else:
        botapi.call(
            "copyMessages",
            chat_id=chat_id,
            from_chat_id=from_chat_id,
            message_ids=ids,
            message_thread_id=thread_id,
        )


def _open_topic(topic: UserTopic, conversation: Conversation) -> None:
    """Create the user's topic (one lane per topic: no other job creates it meanwhile)."""
    name = card.topic_name(conversation)
    created = botapi.call("createForumTopic", chat_id=topic.group.chat_id, name=name)
    topic.thread_id = created["message_thread_id"]
    UserTopic.objects.filter(pk=topic.pk).update(thread_id=topic.thread_id)


def _send_card(topic: UserTopic, conversation: Conversation) -> None:
    botapi.call(
        "sendMessage",
        chat_id=topic.group.chat_id,
        message_thread_id=topic.thread_id,
        text=card.card_text(conversation),
        parse_mode="HTML",
        reply_markup=card.card_markup(conversation),
    )


def _to_topic(row: OutboxMessage, ids, topic: UserTopic, conversation: Conversation) -> None:
    if row.kind == OutboxMessage.Kind.CARD:
        try:  # a topic closed at the last conversation's end opens again
            botapi.call(
                "reopenForumTopic", chat_id=topic.group.chat_id, message_thread_id=topic.thread_id
            )
        except Refused as refusal:
            if refusal.is_thread_gone() or refusal.code != 400:
                raise
        _send_card(topic, conversation)
    else:
        _copy(topic.group.chat_id, row.from_chat_id, ids, topic.thread_id)


def lane_gone(row: OutboxMessage, gone: str, problem: str) -> None:
    """The lane's destination is gone for good: the ``gone`` "group" (the bot was removed) or
    "user" (they blocked the bot). Its conversations close and nothing more is sent there."""
    conversation = Conversation.objects.select_related("topic__group").get(pk=row.conversation_id)
    if gone == "user":
        close_quietly([conversation.pk], ClosedBy.USER_BLOCKED_BOT)
        return
    group_gone(conversation.topic.group, problem)


def group_gone(group: TeamGroup, problem: str) -> None:
    """The bot can no longer post in the group: say so in the admin, close its open
    conversations and tell their users plainly."""
    now = timezone.now()
    TeamGroup.objects.filter(pk=group.pk).update(
        can_post=False, problem=problem[:255], problem_at=now
    )
    open_ones = list(
        Conversation.objects.filter(topic__group=group, closed_at__isnull=True).values_list(
            "pk", "user_chat_id", "map_id", "language"
        )
    )
    close_quietly([pk for pk, *_ in open_ones], ClosedBy.GROUP_GONE)
    for _, chat_id, map_id, language in open_ones:
        tell(chat_id, person_words(map_id, language).unavailable)


def close_quietly(conversation_ids: list[int], closed_by: str) -> None:
    """Close conversations and drop what they still had to send."""
    with transaction.atomic():
        Conversation.objects.filter(pk__in=conversation_ids, closed_at__isnull=True).update(
            closed_at=timezone.now(), closed_by=closed_by
        )
        OutboxMessage.objects.filter(
            conversation_id__in=conversation_ids, state=OutboxMessage.State.PENDING
        ).update(state=OutboxMessage.State.DROPPED, claimed_until=None, last_error=closed_by)


def tell(chat_id: int, text: str) -> None:
    """Send the user one of the conversation's words, as HTML (best effort: they may be gone
    too)."""
    try:
        botapi.call("sendMessage", chat_id=chat_id, text=text, parse_mode="HTML")
    except (Refused, httpx.HTTPError) as error:
        logger.info("could not tell %s: %r", chat_id, error)
