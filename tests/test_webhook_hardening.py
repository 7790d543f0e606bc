"""Hostile and unlucky deliveries: oversized bodies, unhandled kinds, duplicates, Bot API
failures. The webhook never answers a client with a 5xx and never loses track."""

import logging
import time

import pytest
from django.db import connection, connections

from botapi_standin.server import DROP, TOKEN
from botapp.chat.runtime import BOT_API_TIMEOUT
from botapp.chat.views import MAX_BODY_BYTES
from botapp.models import HandledUpdate
from tests.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(botapi_server, sklearn_map):
    botapi_server.reset()
    return botapi_server


@pytest.fixture
def deliver(webhook_post, caplog):
    """Post an update as Telegram would (the status); afterwards, no log line holds a secret."""
    caplog.set_level(logging.DEBUG)
    yield lambda update, **headers: webhook_post(update, **headers).status_code
    for secret in (TOKEN, TOKEN.split(":")[1], WEBHOOK_SECRET):
        assert secret not in caplog.text


def test_a_body_over_the_limit_is_refused_with_413(deliver, api):
    padding = "x" * MAX_BODY_BYTES
    update = api.chat(4001).message_update("/start")
    update["message"]["text"] = padding
    assert deliver(update) == 413
    assert deliver(b"{}", CONTENT_LENGTH=str(MAX_BODY_BYTES + 1)) == 413
    assert api.calls_of("sendMessage") == []


def test_a_redelivered_update_is_answered_once(deliver, api):
    chat = api.chat(4003)
    start = chat.message_update("/start")
    assert deliver(start) == 200
    press = chat.press_update("Yes")
    assert [deliver(press), deliver(press), deliver(start)] == [200, 200, 200]
    assert len(api.calls_of("sendMessage")) == 1
    assert len(api.calls_of("editMessageText")) == 1
    assert len(chat.answers(2, timeout=1)) == 1
    assert HandledUpdate.objects.filter(chat_id=4003).count() == 2


def test_the_same_update_id_in_another_chat_is_not_a_duplicate(deliver, api):
    first, second = api.chat(4004).message_update("/start"), api.chat(4005).message_update("/x")
    second["update_id"] = first["update_id"]
    assert [deliver(first), deliver(second)] == [200, 200]
    assert len(api.calls_of("sendMessage")) == 2


def test_a_double_press_is_not_an_error(deliver, api, caplog):
    chat = api.chat(4006)
    deliver(chat.message_update("/start"))
    message = chat.last_message()
    assert deliver(chat.press_update("Yes", message)) == 200
    assert deliver(chat.press_update("Yes", message)) == 200  # the same screen again
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "failure",
    [
        (429, "Too Many Requests: retry after 7", {"retry_after": 7}),
        (500, "Internal Server Error", {}),
        (502, "Bad Gateway", {}),
        (DROP, "", {}),
    ],
)
def test_bot_api_failures_are_logged_with_the_update_id(deliver, api, caplog, failure):
    code, description, extra = failure
    chat = api.chat(4007)
    deliver(chat.message_update("/start"))
    api.fail_next("answerCallbackQuery", code, description, **extra)
    update = chat.press_update("Yes")
    assert deliver(update) == 200
    assert chat.screen()[0].endswith("Are you predicting a category?")  # the reply got through
    assert_logged_soon(caplog, f"update {update['update_id']} failed")
    assert deliver(update) == 200  # recorded as handled: a retry would repeat what was sent
    assert len(chat.answers(2, timeout=1)) == 1


def test_a_slow_bot_api_times_out_within_the_bound(deliver, api, caplog):
    chat = api.chat(4008)
    deliver(chat.message_update("/start"))
    api.delays["answerCallbackQuery"] = BOT_API_TIMEOUT + 1
    update = chat.press_update("Yes")
    assert deliver(update) == 200
    assert_logged_soon(caplog, f"update {update['update_id']} failed: TimedOut")


def assert_logged_soon(caplog, text: str, timeout: float = BOT_API_TIMEOUT + 3) -> None:
    """An error containing ``text`` is logged within ``timeout`` (the call is on the side)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        if any(text in line for line in errors):
            return
        time.sleep(0.02)
    raise AssertionError(f"no error with {text!r} in {errors}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_without_failing_the_update(deliver, api):
    chat = api.chat(4010)
    assert deliver(chat.message_update("/start")) == 200
    other = connections.create_connection("default")
    with other.cursor() as cursor:  # as a database restart or failover would
        cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.get_backend_pid()])
    other.close()
    assert deliver(chat.press_update("Yes")) == 200
    assert chat.screen()[0].endswith("Are you predicting a category?")
