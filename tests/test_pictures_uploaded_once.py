"""What pictures cost: SQL statements per update under the webhook, and the same handlers under
``runbot``'s long polling, where every call is made directly."""

import signal
import subprocess
import time

import pytest

from botapi_standin.server import TOKEN
from botapp.chat import photos
from tests.conftest import MANAGE, PROJECT
from tests.pictures import image, show_pictures

RED, GREEN = image("PNG", "red"), image("JPEG", "green")


@pytest.fixture(autouse=True)
def no_known_file_ids():
    photos._file_ids.clear()
    yield
    photos._file_ids.clear()


@pytest.mark.django_db
def test_a_known_picture_costs_no_statement(
    webhook_post, botapi_server, sklearn_map, django_assert_num_queries
):
    show_pictures(sklearn_map, {"predicting-category": RED})
    botapi_server.reset()
    chat = botapi_server.chat(6001)

    def post(label: str, statements: int) -> None:
        """Press a button of the last message, counting the update's statements."""
        with django_assert_num_queries(statements):
            assert webhook_post(chat.press_update(label)).status_code == 200

    webhook_post(chat.message_update("/start"))  # the live version is loaded, then cached
    # The live version's id and the update's record, then: the picture's bytes (a miss), and
    # its file_id kept after the upload.
    post("Yes", 4)
    post("Back", 2)  # picture -> text
    post("Yes", 2)  # this process knows the file_id
    photos._file_ids.clear()  # as in a new worker
    post("Back", 2)
    post("Yes", 3)  # one query finds the file_id
    post("Yes", 2)  # picture -> text
    assert [send["uploaded"] for send in botapi_server.photo_sends] == [True, False, False]


def wait_for(found, what: str):
    for _ in range(300):
        if result := found():
            return result
        time.sleep(0.05)
    raise AssertionError(f"no {what}")


def manage(env: dict, *args) -> str:
    done = subprocess.run(
        [*MANAGE, *args, "-v0"], cwd=PROJECT, env=env, check=True, timeout=120, capture_output=True
    )
    return done.stdout.decode().strip()


def test_runbot_sends_pictures_by_long_polling(botapi_server, project_env):
    manage(
        project_env,
        "shell",
        "-c",
        "from advisor.models import Map; from tests.pictures import image, show_pictures; "
        "show_pictures(Map.objects.get(slug='sklearn'), "
        "{'more-than-50-samples': image('PNG', 'red'), "
        "'predicting-category': image('JPEG', 'green')})",
    )
    api = botapi_server
    api.reset()
    env = {**project_env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    chat = api.chat(6002, "Lin")
    api.queue_update(chat.message_update("/start"))
    bot = subprocess.Popen([*MANAGE, "runbot"], cwd=PROJECT, env=env, stdout=subprocess.PIPE)
    try:
        wait_for(lambda: api.photo_sends, "photo sent")
        assert chat.screen()[0].startswith("Hi Lin!")
        red = chat.photo()
        for label, sends in (("Yes", 2), ("Back", 3), ("Yes", 4)):
            api.queue_update(chat.press_update(label))
            wait_for(lambda: len(api.photo_sends) == sends, f"photo {sends}")  # noqa: B023
        assert chat.screen() == ("Are you predicting a category?", [["Yes", "No"], ["Back"]])
        assert chat.photo() not in (None, red)
        api.queue_update(chat.press_update("Yes"))  # picture -> text
        wait_for(lambda: api.calls_of("sendMessage"), "new text message")
        assert chat.screen()[0] == "Do you have labeled data?"
        assert api.keyboard_message(chat.chat_id) == chat.last_message()
    finally:
        bot.send_signal(signal.SIGINT)
        bot.wait(timeout=30)
    assert [send["uploaded"] for send in api.photo_sends] == [True, True, False, False]
    assert api.replies == []
    count = "from botapp.models import TelegramFile; print(TelegramFile.objects.count())"
    assert manage(project_env, "shell", "-c", count) == "2"
