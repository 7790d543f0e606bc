"""What the webhook answers to requests that are not a good update from Telegram."""

import json

import pytest

from tests.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db
URL = "/telegram/webhook/"


def post(client, body, secret=WEBHOOK_SECRET, content_type="application/json"):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post(URL, data=body, content_type=content_type, **headers)


@pytest.fixture
def start_update(botapi_server, sklearn_map):
    botapi_server.reset()
    return botapi_server.chat(2001).message_update("/start")


def test_missing_or_wrong_secret_is_forbidden_and_nothing_is_sent(
    client, botapi_server, start_update
):
    for secret in (None, "", "wrong", WEBHOOK_SECRET + "x", WEBHOOK_SECRET.upper()):
        assert post(client, json.dumps(start_update), secret).status_code == 403
    assert botapi_server.calls_of("sendMessage") == []


def test_no_secret_configured_refuses_everything(client, settings, start_update):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert post(client, json.dumps(start_update), "").status_code == 403


def test_other_methods_are_not_allowed(client):
    for method in (client.get, client.put, client.delete):
        response = method(URL, HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=WEBHOOK_SECRET)
        assert response.status_code == 405


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"42", b"null"],
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(client, botapi_server, body):
    botapi_server.reset()
    assert post(client, body).status_code == 400
    assert botapi_server.calls_of("sendMessage") == []


def test_an_object_that_is_not_an_update_is_acknowledged_and_nothing_is_sent(client, botapi_server):
    botapi_server.reset()
    for body in ({}, {"update_id": "7"}, {"message": {"text": "hi"}}):
        response = post(client, json.dumps(body))
        assert (response.status_code, response.content) == (200, b"ok"), body
    assert botapi_server.calls_of("sendMessage") == []


def test_a_good_update_is_answered_with_the_message_for_telegram_to_send(
    client, botapi_server, start_update
):
    response = post(client, json.dumps(start_update))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    reply = response.json()
    assert (reply["method"], reply["chat_id"]) == ("sendMessage", 2001)
    assert reply["text"].endswith("Do you have more than 50 samples?")
    keyboard = reply["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in keyboard] == [["Yes", "No"]]
    # The answer travels in the response, not as a call (an earlier test's press may still
    # be answering its spinner on the side: that is not this update's).
    assert botapi_server.calls_of("sendMessage") == []
