"""Nothing is lost when Telegram refuses: a deleted topic is opened again, a removed bot or a
user who blocked it closes the conversation plainly, 429 waits its retry_after with the order
kept, a re-delivered update copies nothing twice, and a job killed mid-way is taken up again."""

import pytest
from django_tasks_db.models import DBTaskResult

from botapi_standin import incoming
from botapi_standin.groups import ApiError, FloodLimit
from botapp.handoff import connecting
from botapp.handoff.delivery import claim
from botapp.handoff.models import Conversation, OutboxMessage, TeamGroup, UserTopic
from botapp.handoff.outbox import topic_lane
from tests.handoff.helpers import UNAVAILABLE, Team, User, run_jobs, time_passes

pytestmark = pytest.mark.django_db(transaction=True)


def asked(api, post) -> tuple[Team, User, int]:
    team = Team(api, post)
    team.connect()
    ada = User(api, post)
    ada.send("/person")
    run_jobs()
    return team, ada, UserTopic.objects.get().thread_id


def test_a_deleted_topic_is_opened_again_with_its_card_then_the_message(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    team.group.delete_topic(thread)
    ada.send("still there?")
    run_jobs()
    new_thread = UserTopic.objects.get().thread_id
    assert new_thread != thread
    shown = team.group.shown_in(new_thread)
    assert shown[0][1].startswith("<b>") is False and "Ada" in shown[0][1]  # the card
    assert shown[1:] == [("text", "still there?")]


def test_the_bot_removed_from_the_group_closes_conversations_plainly(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    assert webhook_post(team.group.remove_bot()).status_code == 200
    group = TeamGroup.objects.get()
    assert not group.can_post and "removed" in group.problem
    assert Conversation.objects.get().closed_by == "group_gone"
    assert ada.seen()[-1] == UNAVAILABLE


def test_the_worker_finds_the_bot_removed(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    team.group.remove_bot()  # Telegram's my_chat_member update is lost
    ada.send("hello?")
    run_jobs()
    group = TeamGroup.objects.get()
    assert not group.can_post and "kicked" in group.problem
    assert Conversation.objects.get().closed_by == "group_gone"
    assert ada.seen()[-1] == UNAVAILABLE
    assert OutboxMessage.objects.filter(state="pending").count() == 0


def test_a_user_who_blocked_the_bot_closes_the_conversation(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    assert webhook_post(ada.chat.block_bot()).status_code == 200
    assert Conversation.objects.get().closed_by == "bot_blocked"


def test_the_worker_finds_the_user_blocked_the_bot(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    ada.chat.block_bot()  # the update is lost; an album from the team goes by the outbox
    for part in incoming.album(api, 2):
        team.write(team.grace, part, thread)
    run_jobs()
    time_passes(5)
    run_jobs()
    assert Conversation.objects.get().closed_by == "bot_blocked"


def test_429_waits_its_retry_after_and_keeps_the_order(api, webhook_post):
    clock = [1000.0]
    api.flood = FloodLimit(per_minute=4, clock=lambda: clock[0])
    team, ada, thread = asked(api, webhook_post)  # "Connected." and the card: 2 of 4
    for number in range(1, 6):
        ada.send(f"message {number}")
    run_jobs()
    assert [m[1] for m in team.group.shown_in(thread)[1:]] == ["message 1", "message 2"]
    waiting = OutboxMessage.objects.filter(state="pending").order_by("position")
    assert waiting.count() == 3 and "retry after" in waiting[0].last_error
    assert DBTaskResult.objects.filter(status="READY").exists()  # the lane's job, for later
    run_jobs()  # not yet due: nothing more is sent
    assert len(team.group.shown_in(thread)) == 3
    clock[0] += 61
    time_passes(61)
    run_jobs()
    expected = [f"message {number}" for number in range(1, 6)]
    assert [m[1] for m in team.group.shown_in(thread)[1:]] == expected
    assert not OutboxMessage.objects.filter(state="pending").exists()


def test_strangers_general_other_groups_and_bots_change_nothing(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    before = len(ada.chat.bot_messages())
    team.write(team.grace, "lunch?")  # General
    helper = team.group.add_member(8002, "Helper", is_bot=True)
    team.write(helper, "beep", thread)
    other = Team(api, webhook_post, "Another group")
    other_thread = other.group.open_topic("Ada").thread_id
    other.write(other.grace, "hi Ada", other_thread)
    assert len(ada.chat.bot_messages()) == before
    stranger = {"id": 9999, "is_bot": False, "first_name": "Mallory"}
    team.press(stranger, "✅ Resolved", team.card(thread))
    assert Conversation.objects.get().closed_at is None


def test_a_double_delivery_copies_once(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    update = ada.chat.message_update("once")
    ada.deliver(update)
    ada.deliver(update)
    reply = team.group.message_update(team.grace, "once back", thread)
    assert webhook_post(reply).status_code == 200
    assert webhook_post(reply).status_code == 200
    run_jobs()
    assert [m[1] for m in team.group.shown_in(thread)[1:]].count("once") == 1
    assert ada.seen().count("once back") == 1


def test_a_job_killed_after_claiming_is_taken_up_again_and_sends_once(api, webhook_post):
    team, ada, thread = asked(api, webhook_post)
    ada.send("first")
    ada.send("second")
    lane = topic_lane(UserTopic.objects.get().pk)
    assert len(claim(lane).rows) == 2  # a worker claims them, then dies before sending
    run_jobs()  # another worker: the lane is held until the lease ends
    assert len(team.group.shown_in(thread)) == 1
    time_passes(180)
    run_jobs()
    assert [m[1] for m in team.group.shown_in(thread)[1:]] == ["first", "second"]
    run_jobs()
    assert len(team.group.shown_in(thread)) == 3


def test_connect_refuses_plainly(api, webhook_post):
    team = Team(api, webhook_post)
    team.write(team.group.owner, "/connect WRONG123")
    assert team.said_in_general()[-1][1].startswith("This code is wrong")
    team.group.turn_topics(False)
    team.write(team.group.owner, f"/connect {connecting.make_code(None).code}")
    assert "has no topics" in team.said_in_general()[-1][1]
    team.group.turn_topics(True)
    team.group.promote_bot(can_manage_topics=False)
    team.write(team.group.owner, f"/connect {connecting.make_code(None).code}")
    assert "right to manage topics" in team.said_in_general()[-1][1]
    assert not TeamGroup.objects.exists()


def test_a_user_who_floods_gets_one_please_wait_and_nothing_is_dropped(api, webhook_post):
    clock = [1000.0]
    api.flood = FloodLimit(clock=lambda: clock[0])  # Telegram's 20 a minute into the group
    team, ada, thread = asked(api, webhook_post)
    please_wait = "Please wait a moment: your messages will reach our team shortly."
    for number in range(1, 26):
        ada.send(f"flood {number}")
        assert ada.seen().count(please_wait) == (1 if number > 20 else 0)
    assert OutboxMessage.objects.filter(kind="copy", state="pending").count() == 25
    run_jobs()
    assert len(team.group.shown_in(thread)) == 19  # "Connected." and the card took 2 of 20
    clock[0] += 61
    time_passes(61)
    run_jobs()
    expected = [f"flood {number}" for number in range(1, 26)]
    assert [m[1] for m in team.group.shown_in(thread)[1:]] == expected


def test_resumeoutbox_enqueues_every_lane_left_pending(api, webhook_post):
    from io import StringIO

    from django.core.management import call_command

    team, ada, thread = asked(api, webhook_post)
    ada.send("left behind")
    DBTaskResult.objects.all().delete()  # as if the worker died with its queue's jobs claimed
    out = StringIO()
    call_command("resumeoutbox", stdout=out)
    assert out.getvalue().strip() == "1 lane(s) with pending copies enqueued."
    run_jobs()
    assert team.group.shown_in(thread)[-1] == ("text", "left behind")


def test_a_429_holds_every_topic_of_the_group_not_only_its_own(api, webhook_post):
    """Telegram's limit is the group's: one 429 makes every topic's lane wait its
    retry_after, so the worker does not earn a 429 per topic."""
    clock, refused = [1000.0], []

    class CountedFlood(FloodLimit):
        def take(self, chat_id: int, count: int = 1) -> None:
            try:
                super().take(chat_id, count)
            except ApiError:
                refused.append(chat_id)
                raise

    api.flood = CountedFlood(per_minute=6, clock=lambda: clock[0])
    team, ada, ada_thread = asked(api, webhook_post)  # "Connected." and Ada's card
    bob = User(api, webhook_post, 5003, "Bob")
    bob.send("/person")
    run_jobs()  # Bob's topic and card: 4 of 6
    bob_thread = UserTopic.objects.get(user_chat_id=5003).thread_id
    for number in range(1, 5):
        ada.send(f"ada {number}")
        bob.send(f"bob {number}")
    run_jobs()
    assert len(refused) == 1  # the first 429 held the other topic's lane too
    assert OutboxMessage.objects.filter(state="pending").count() == 5  # 3 fitted in the minute
    run_jobs()  # nothing is due: no call, no 429
    assert len(refused) == 1
    clock[0] += 61
    time_passes(61)
    run_jobs()
    assert [m[1] for m in team.group.shown_in(ada_thread)[1:]] == [f"ada {n}" for n in range(1, 5)]
    assert [m[1] for m in team.group.shown_in(bob_thread)[1:]] == [f"bob {n}" for n in range(1, 5)]
    assert not OutboxMessage.objects.filter(state="pending").exists()
