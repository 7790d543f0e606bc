"""Messages during a conversation (the database side): what the user sends goes to their
topic through the outbox; what a team member writes in the topic comes back to the user.

Budget (tests/test_query_budget.py): a user's message costs the chat's lookup (one query, shared
with the hint and the reasons: botapp.chat.reasons.look_up), the outbox row and its job; a team
member's reply one lookup, the row that records it (and stops a re-delivery) and, for the
conversation's first answer, who answered and when.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from advisor.conversation import person_words
from botapp.chat.reasons import OpenConversation
from botapp.handoff import outbox
from botapp.handoff.conversations import Said
from botapp.handoff.models import Conversation, TeamGroup
from botapp.handoff.sending import group_gone

#: What a user may send into their topic in a minute before "please wait" (Telegram lets a
#: bot post about 20 messages a minute into one group); the rest is held, not dropped.
USER_MESSAGES_PER_MINUTE = 20


def from_user(message, conversation: OpenConversation) -> Said | None:
    """Queue the user's message for their topic; what to tell them, if anything."""
    if not conversation.group_can_post:  # the user is told, with the others
        group = TeamGroup.objects.get(topics__pk=conversation.topic_id)
        group_gone(group, group.problem or "the bot cannot post in the group")
        return None
    added = outbox.add(
        outbox.topic_lane(conversation.topic_id),
        conversation.id,
        message.message_id,
        from_chat_id=message.chat.id,
        message_id=message.message_id,
        album=message.media_group_id or "",
    )
    if added and conversation.sent_last_minute == USER_MESSAGES_PER_MINUTE:
        return Said(person_words(conversation.map_id, conversation.language).slow_down)
    return None


@dataclass(frozen=True)
class TeamTopic:
    """The open conversation a topic of a team group belongs to."""

    conversation_id: int
    user_chat_id: int
    answered: bool


def team_topic(group_chat_id: int, thread_id: int) -> TeamTopic | None:
    """The open conversation of the group's topic ``thread_id`` (one query), or None."""
    sql = (
        "SELECT c.id, c.user_chat_id, c.first_answer_at FROM botapp_conversation c "
        "JOIN botapp_usertopic t ON t.id = c.topic_id "
        "JOIN botapp_teamgroup g ON g.id = t.group_id "
        "WHERE g.chat_id = %s AND t.thread_id = %s AND c.closed_at IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [group_chat_id, thread_id])
        row = cursor.fetchone()
    return TeamTopic(row[0], row[1], row[2] is not None) if row else None


def from_team(message, topic: TeamTopic) -> bool:
    """Record a member's message for the user; False for a re-delivered update. An album's
    part goes through the outbox (its parts together); other messages are copied as the
    webhook's answer by the handler (True)."""
    lane = outbox.user_lane(topic.user_chat_id)
    if message.media_group_id:
        added = outbox.add(
            lane,
            topic.conversation_id,
            message.message_id,
            from_chat_id=message.chat.id,
            message_id=message.message_id,
            album=message.media_group_id,
        )
        copy_now = False
    else:
        added = outbox.record_sent(
            lane, topic.conversation_id, message.message_id, message.chat.id, message.message_id
        )
        copy_now = added
    if added and not topic.answered:
        member = message.from_user
        Conversation.objects.filter(pk=topic.conversation_id, first_answer_at=None).update(
            first_answer_at=timezone.now(),
            answered_by_id=member.id,
            answered_by_name=member.full_name[:255],
        )
    return copy_now
