"""The Telegram management commands, against the Bot API stand-in, and without a token."""

import os
import signal
import subprocess
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from botapi_standin.server import TOKEN
from tests.conftest import MANAGE, PROJECT, WEBHOOK_SECRET

URL = "https://advisor.example.org/telegram/webhook/"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def api(botapi_server):
    botapi_server.reset()
    return botapi_server


@pytest.mark.django_db
def test_setwebhook_sends_url_secret_and_allowed_updates(api):
    assert run("setwebhook", URL, "--drop-pending-updates") == (
        f"Webhook set to {URL}, commands menu registered (default, es)"
    )
    assert api.webhook == {
        "url": URL,
        "secret_token": WEBHOOK_SECRET,
        "drop_pending_updates": "true",
        "allowed_updates": ["message", "callback_query", "my_chat_member"],
    }
    assert run("webhookinfo") == f"Webhook: {URL}, 0 pending update(s)"
    assert run("deletewebhook") == "Webhook deleted"
    assert run("webhookinfo") == "No webhook is set (the bot can use runbot's long polling)."


@pytest.mark.django_db
def test_setwebhook_takes_the_url_from_the_environment(api, settings):
    settings.TELEGRAM_WEBHOOK_URL = URL
    run("setwebhook")
    assert api.webhook["url"] == URL


def test_setwebhook_needs_a_url_and_a_secret(api, settings):
    with pytest.raises(CommandError, match="No webhook URL"):
        run("setwebhook")
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    with pytest.raises(CommandError, match="TELEGRAM_WEBHOOK_SECRET is not set"):
        run("setwebhook", URL)
    assert api.calls_of("setWebhook") == []


def test_a_refused_call_is_one_clear_line(api):
    api.fail_next("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided")
    with pytest.raises(CommandError) as refused:
        run("setwebhook", "http://insecure.example.org/")
    assert str(refused.value) == (
        "Telegram refused set_webhook: Bad webhook: https url must be provided"
    )


@pytest.mark.parametrize("command", [["setwebhook", URL], ["webhookinfo"], ["runbot"]])
def test_without_a_token_commands_say_so_in_one_line(command):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [*MANAGE, *command],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather "
        "and set it in the environment."
    ]


@pytest.mark.django_db
def test_without_a_token_the_webhook_answers_503(client, settings, api):
    settings.TELEGRAM_BOT_TOKEN = ""
    response = client.post(
        "/telegram/webhook/",
        data=api.chat(3000).message_update("/start"),
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=WEBHOOK_SECRET,
    )
    assert response.status_code == 503


def test_runbot_answers_by_long_polling(api, project_env):
    env = {**project_env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    chat = api.chat(3001, "Lin")
    api.queue_update(chat.message_update("/start"))
    bot = subprocess.Popen([*MANAGE, "runbot"], cwd=PROJECT, env=env, stdout=subprocess.PIPE)
    try:
        for _ in range(300):
            if api.calls_of("sendMessage"):
                break
            time.sleep(0.05)
        assert chat.screen()[0].startswith("Hi Lin!")
        api.queue_update(chat.press_update("Yes"))
        for _ in range(300):
            if api.calls_of("editMessageText"):
                break
            time.sleep(0.05)
        assert chat.screen() == ("Are you predicting a category?", [["Yes", "No"], ["Back"]])
    finally:
        bot.send_signal(signal.SIGINT)
        bot.wait(timeout=30)
    assert api.calls_of("deleteWebhook")  # polling replaces any webhook
    allowed = ["message", "callback_query", "my_chat_member"]
    assert api.calls_of("getUpdates")[0]["allowed_updates"] == allowed
