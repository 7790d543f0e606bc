"""Updates the bot never handles, or can never answer, are acknowledged (200) so that
Telegram drops them instead of delivering them again ahead of every user's next update."""

import logging

import pytest

from botapp.models import HandledUpdate

pytestmark = pytest.mark.django_db

USER = {"id": 6001, "is_bot": False, "first_name": "Ada", "language_code": "en"}
CHAT = {"id": 6001, "type": "private", "first_name": "Ada"}
GROUP = {"id": -100123, "type": "supergroup", "title": "Readers"}
#: Other kinds of update, shaped as the current Bot API sends them.
OTHER_KINDS = {
    "poll": {
        "id": "5368843720932442115",
        "question": "Which estimator?",
        "question_entities": [],
        "options": [
            {"text": "SVC", "voter_count": 1, "persistent_id": "0"},
            {"text": "SGD", "voter_count": 0, "persistent_id": "1"},
        ],
        "total_voter_count": 1,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": True,
    },
    "poll_answer": {"poll_id": "5368843720932442115", "user": USER, "option_ids": [0]},
    "message_reaction": {
        "chat": CHAT,
        "message_id": 42,
        "user": USER,
        "date": 1_780_000_000,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    },
    "my_chat_member": {
        "chat": CHAT,
        "from": USER,
        "date": 1_780_000_000,
        "old_chat_member": {"status": "member", "user": USER},
        "new_chat_member": {"status": "kicked", "user": USER, "until_date": 0},
    },
    "chat_join_request": {
        "chat": GROUP,
        "from": USER,
        "user_chat_id": 6001,
        "date": 1_780_000_000,
    },
    "edited_message": {
        "message_id": 43,
        "date": 1_780_000_000,
        "edit_date": 1_780_000_100,
        "chat": CHAT,
        "from": USER,
        "text": "/start",
    },
    "channel_post": {
        "message_id": 44,
        "date": 1_780_000_000,
        "chat": {"id": -100456, "type": "channel", "title": "News"},
        "text": "/start",
    },
    "inline_query": {"id": "77", "from": USER, "query": "svm", "offset": ""},
    "a_kind_newer_than_the_library": {"id": 1, "anything": ["at", "all"]},
}


def messages_sent(api) -> list:
    """The messages sent or edited: what would reach a user (an earlier test's press may
    still be answering its spinner on the side)."""
    return [call for call in api.calls if call[0] in ("sendMessage", "editMessageText")]


@pytest.fixture
def api(botapi_server, sklearn_map):
    botapi_server.reset()
    return botapi_server


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_a_kind_the_bot_does_not_handle_is_acknowledged_unparsed(webhook_post, api, kind, caplog):
    update = {"update_id": api.next_update_id(), kind: OTHER_KINDS[kind]}
    response = webhook_post(update)
    assert (response.status_code, response.content) == (200, b"ok")
    assert messages_sent(api) == []
    assert not HandledUpdate.objects.exists()
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_other_kinds_are_acknowledged_even_while_the_bot_is_not_configured(
    webhook_post, api, settings
):
    settings.TELEGRAM_BOT_TOKEN = ""
    update = {"update_id": api.next_update_id(), "poll": OTHER_KINDS["poll"]}
    assert webhook_post(update).status_code == 200
    start = api.chat(6002).message_update("/start")
    assert webhook_post(start).status_code == 503  # a handled kind waits for the bot


def unanswerable(api) -> dict[str, dict]:
    """Updates of a handled kind that can never be answered, by why."""
    chat = api.chat(6003)
    no_chat = chat.message_update("/start")
    del no_chat["message"]["chat"]
    wrong_date = chat.message_update("/start")
    wrong_date["message"]["date"] = "yesterday"
    huge_chat = chat.message_update("/start")
    huge_chat["message"]["chat"]["id"] = 2**70
    no_update_id = chat.message_update("/start")
    del no_update_id["update_id"]
    huge_update_id = chat.message_update("/start")
    huge_update_id["update_id"] = -(2**64)
    return {
        "a message with no chat": no_chat,
        "a date that is not a number": wrong_date,
        "a chat id beyond 64 bits": huge_chat,
        "no update id": no_update_id,
        "an update id beyond 64 bits": huge_update_id,
    }


def test_a_handled_kind_that_can_never_be_answered_is_acknowledged_and_logged_once(
    webhook_post, api, caplog
):
    caplog.set_level(logging.WARNING, logger="botapp.chat.views")
    for why, update in unanswerable(api).items():
        caplog.clear()
        response = webhook_post(update)
        assert (response.status_code, response.content) == (200, b"ok"), why
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1, (why, warnings)
        assert f"update {update.get('update_id')!r} cannot be handled" in warnings[0], why
    assert messages_sent(api) == []
    assert not HandledUpdate.objects.exists()


def test_the_bot_answers_normally_after_unanswerable_updates(webhook_post, api):
    for update in unanswerable(api).values():
        webhook_post(update)
    chat = api.chat(6004)
    assert webhook_post(chat.message_update("/start")).status_code == 200
    assert chat.screen()[0].endswith("Do you have more than 50 samples?")


def test_button_data_the_database_cannot_store_is_answered_as_a_stale_button(
    webhook_post, api, caplog
):
    chat = api.chat(6005)
    webhook_post(chat.message_update("/start"))
    assert webhook_post(chat.callback_update("g:1:1:\x00" + "é" * 40)).status_code == 200
    assert chat.screen()[0].startswith("This map changed")
    assert HandledUpdate.objects.filter(chat_id=6005, kind=HandledUpdate.Kind.STALE).exists()
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
