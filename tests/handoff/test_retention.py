"""`purgeconversations`, the daily job: conversations closed more than HANDOFF_RETENTION_DAYS
ago go with their outbox rows, sent rows that old go, topics left empty go (a blocked user's
stay), and the job queue's finished jobs go after a week; open conversations and what waits
to be sent stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from botapp.handoff.models import Conversation, OutboxMessage, TeamGroup, UserTopic
from botapp.handoff.tasks import deliver

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def conversation(group, chat_id: int, *, opened: int, closed: int | None, blocked=False):
    topic = UserTopic.objects.create(group=group, user_chat_id=chat_id, blocked=blocked)
    talk = Conversation.objects.create(
        topic=topic,
        user_chat_id=chat_id,
        opened_at=days_ago(opened),
        closed_at=days_ago(closed) if closed is not None else None,
    )
    for position, state in enumerate(["sent", "pending"]):
        OutboxMessage.objects.create(
            lane=f"topic:{topic.pk}",
            position=position,
            conversation=talk,
            state=state,
            created_at=days_ago(opened),
        )
    return talk


def purge() -> list[str]:
    out = StringIO()
    call_command("purgeconversations", stdout=out)
    return out.getvalue().splitlines()


def test_old_records_go_and_the_rest_stays(settings):
    settings.HANDOFF_RETENTION_DAYS = 30
    group = TeamGroup.objects.create(chat_id=-1001, title="Support", connected_by_id=1)
    conversation(group, 1, opened=40, closed=35)  # goes, with its topic
    conversation(group, 2, opened=40, closed=35, blocked=True)  # goes; the topic stays
    recent = conversation(group, 3, opened=40, closed=10)  # stays; its old sent row goes
    still_open = conversation(group, 4, opened=400, closed=None)  # stays; its old sent row goes

    assert (
        purge()[0]
        == "Deleted 2 conversation(s), 6 outbox row(s) and 1 topic(s) older than 30 day(s)."
    )
    assert set(Conversation.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert list(OutboxMessage.objects.values_list("state", flat=True)) == ["pending", "pending"]
    assert sorted(UserTopic.objects.values_list("user_chat_id", flat=True)) == [2, 3, 4]
    assert (
        purge()[0]
        == "Deleted 0 conversation(s), 0 outbox row(s) and 0 topic(s) older than 30 day(s)."
    )


def test_finished_jobs_go_after_a_week():
    for _ in range(3):
        deliver.enqueue("topic:1")
    old, recent, waiting = DBTaskResult.objects.all()
    DBTaskResult.objects.filter(pk=old.pk).update(status="SUCCESSFUL", finished_at=days_ago(8))
    DBTaskResult.objects.filter(pk=recent.pk).update(status="FAILED", finished_at=days_ago(2))
    assert purge()[1] == "Deleted 1 finished job(s) older than 7 day(s)."
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
