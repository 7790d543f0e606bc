"""A conversation handed to the team, through the webhook with the Bot API stand-in and the
worker's jobs run for real: the user asks, the team's topic gets the card and the user's
messages, a member's reply comes back, "✅ Resolved" closes, the user walks the map again."""

import pytest

from botapi_standin import incoming
from botapp.handoff.models import Conversation, OutboxMessage, UserTopic
from tests.handoff.helpers import UNAVAILABLE, WILL_ANSWER, Team, User, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_ask_topic_card_copies_both_ways_resolved_and_the_map_again(botapi, delivered):
    api, webhook_post = botapi, delivered  # real HTTP to a live server
    team = Team(api, webhook_post)
    assert team.connect().title == "Support team"
    assert team.said_in_general()[-1][1].startswith("Connected.")
    ada = User(api, webhook_post, username="ada_l", language_code="en")
    ada.walk_and_ask()
    assert ada.seen()[-1] == WILL_ANSWER
    assert ada.chat.screen()[1] == [["End the conversation"]]
    run_jobs()
    topic = UserTopic.objects.get()
    shown = team.group.topic(topic.thread_id)
    assert shown.name.startswith("Ada · ")
    card = team.card(topic.thread_id)["text"]
    assert "Ada @ada_l" in card and "Language: en" in card and "Recommendation:" in card
    photo = incoming.photo(api, caption="my plot")
    sent = [ada.send("It does not converge"), ada.send_content(photo)]
    sent.append(ada.send_content(incoming.document(api, "results.csv")))
    run_jobs()
    assert team.group.shown_in(topic.thread_id)[1:] == [
        ("text", "It does not converge"),
        ("photo", sent[1]["photo"][-1]["file_unique_id"], "my plot"),
        ("document", "results.csv", ""),
    ]
    team.write(team.grace, "Try LinearSVC", topic.thread_id)
    assert ada.seen()[-1] == "Try LinearSVC"
    reply = ada.chat.last_message()
    assert api.copied_from(ada.chat.chat_id, reply["message_id"])[0] == team.group.chat_id
    team.press(team.grace, "✅ Resolved", team.card(topic.thread_id))
    conversation = Conversation.objects.get()
    assert conversation.closed_by == "team" and conversation.answered_by_name == "Grace"
    assert conversation.first_answer_at is not None
    assert ada.chat.screen() == (
        "Our team closed this conversation. Thank you for writing to us!\n\nWas this helpful?",
        [["👍 Yes", "👎 No"], ["Back to the map"]],
    )
    ada.press("👍 Yes")
    assert Conversation.objects.get().helpful is True
    assert ada.chat.answers(len(ada.chat.query_ids))[-1]["text"] == "Thank you for telling us!"
    ada.press("Back to the map")
    assert ada.chat.screen()[1]  # the map's first question again
    before = OutboxMessage.objects.count()
    ada.send("thanks!")
    assert OutboxMessage.objects.count() == before  # no conversation: nothing copied


def test_a_second_request_reopens_the_same_topic(api, webhook_post):
    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post)
    ada.send("/person")
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    ada.send("/end")
    assert Conversation.objects.get().closed_by == "user"
    assert team.group.topic(thread).closed
    ada.send("/person")
    run_jobs()
    assert UserTopic.objects.count() == 1 and not team.group.topic(thread).closed
    cards = [m for m in team.group.messages_in(thread) if m.get("reply_markup")]
    assert len(cards) == 2 and Conversation.objects.count() == 2


def test_a_blocked_user_gets_this_conversation_is_closed_and_no_new_one(api, webhook_post):
    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post)
    ada.send("/person")
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    team.press(team.grace, "🚫 Block this user", team.card(thread))
    assert Conversation.objects.get().closed_by == "blocked" and UserTopic.objects.get().blocked
    assert ada.seen()[-1] == "This conversation is closed."
    ada.send("/person")
    assert ada.seen()[-1] == "This conversation is closed."
    ada.send("hello?")
    assert Conversation.objects.count() == 1 and not OutboxMessage.objects.filter(kind="copy")


def test_the_card_shows_the_vote_and_the_reason_escaped(api, webhook_post):
    from advisor.core.texts import MAP_DEFAULTS

    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post, first_name="<Ada & co>")
    data = ada.walk_and_ask()  # a first conversation, closed at once
    ada.send("/end")
    ada.send("/start")
    message = api.keyboard_message(ada.chat.chat_id)
    ada.deliver(ada.chat.callback_update(data, message))  # the recommendation again
    ada.press(MAP_DEFAULTS["helpful_no"])
    ada.deliver(ada.chat.message_update("<b>time series</b>", ada.chat.reply_target()))
    ada.deliver(ada.chat.callback_update("a:" + data[2:], ada.chat.last_message()))
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    cards = [m for m in team.group.messages_in(thread) if m.get("reply_markup")]
    text = cards[-1]["text"]
    assert text.startswith("<Ada & co>") and "Vote: 👎 not helpful" in text
    assert "Looking for: “<b>time series</b>”" in text  # shown as typed, not as bold
    assert not any(e["type"] == "bold" and e["offset"] > 0 for e in cards[-1].get("entities", []))


def test_without_a_connected_group_the_user_is_told_plainly(api, webhook_post):
    ada = User(api, webhook_post)
    ada.send("/person")
    assert ada.seen()[-1] == UNAVAILABLE
    assert not Conversation.objects.exists()
