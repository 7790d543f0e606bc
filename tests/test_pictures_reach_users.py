"""Steps' pictures as a Telegram user gets them, through the real webhook: every move between
text and picture steps, double and stale presses, and each picture uploaded once per bot."""

import copy
import logging

import pytest

from advisor.models import Button, Map, Node
from advisor.versions import publish
from botapi_standin.server import TOKEN
from botapp.chat import photos
from botapp.models import TelegramFile
from tests.pictures import image, show_pictures
from tests.test_formatting_reaches_users import entity_texts

pytestmark = pytest.mark.django_db(transaction=True)

PNG, JPEG, WEBP = image("PNG", "red"), image("JPEG", "green"), image("WEBP", "blue")
START = ("Do you have more than 50 samples?", [["Yes", "No"]])
QUESTION_ROWS = [["Yes", "No"], ["Back"]]
CLASSIFICATION = (
    "Classification. How many samples do you have?",
    [["<100K samples", ">100K samples"], ["Back"]],
)
GOODBYE = ("Goodbye, and all the best — /start to begin again", [])
GREETING = (
    "Hi Ada! I will help you choose the right scikit-learn estimator. Answer with the buttons."
)
NOTICE = "This map changed — here is the start again."


@pytest.fixture(autouse=True)
def no_known_file_ids():
    """Each test starts as a new process would: knowing no file_id."""
    photos._file_ids.clear()
    yield
    photos._file_ids.clear()


def messages(api, chat) -> dict[int, dict]:
    return api.messages[chat.chat_id]


def test_every_move_between_text_and_picture_steps(botapi, sklearn_map):
    show_pictures(
        sklearn_map, {"predicting-category": PNG, "labeled-data": JPEG, "linear-svc": WEBP}
    )
    chat = botapi.chat(5001)
    chat.send("/start")
    first = chat.last_message()["message_id"]

    chat.press("Yes")  # text -> picture: the message takes the photo, uploaded
    assert chat.screen() == ("Are you predicting a category?", QUESTION_ROWS)
    red = chat.photo()
    chat.press("Yes")  # picture -> picture, uploaded
    assert chat.screen() == ("Do you have labeled data?", QUESTION_ROWS)
    green = chat.photo()
    assert None not in (red, green) and red != green
    chat.press("Back")  # picture -> picture, by its file_id from now on
    assert (chat.screen()[0], chat.photo()) == ("Are you predicting a category?", red)
    chat.press("Yes")
    assert chat.photo() == green
    assert list(messages(botapi, chat)) == [first]  # the one message, edited each time
    assert [send["uploaded"] for send in botapi.photo_sends] == [True, True, False, False]
    # An upload is made at once; a file_id travels in the webhook's answer.
    assert botapi.replies == ["sendMessage", "editMessageMedia", "editMessageMedia"]

    chat.press("Yes")  # picture -> text: a new message; the photo keeps no buttons
    assert (chat.screen(), chat.photo()) == (CLASSIFICATION, None)
    photo_message = messages(botapi, chat)[first]
    assert "reply_markup" not in photo_message
    assert photo_message["photo"][-1]["file_unique_id"] == green
    assert botapi.replies[-1] == "sendMessage"
    assert len(botapi.calls_of("editMessageReplyMarkup")) == 1

    chat.press("Back")  # text -> picture, by file_id
    assert (chat.screen()[0], chat.photo()) == ("Do you have labeled data?", green)
    assert botapi.replies[-1] == "editMessageMedia"
    chat.press("Yes")
    chat.press("<100K samples")  # text -> picture: the caption keeps its formatting
    text, rows = chat.screen()
    assert text.startswith("Try Linear SVC (sklearn.svm.LinearSVC).")
    assert rows == [["👍 Yes", "👎 No"], ["Not working"], ["Back", "Start over", "Done"]]
    assert {("bold", "Linear SVC"), ("code", "sklearn.svm.LinearSVC")} <= set(entity_texts(chat))
    blue = chat.photo()
    chat.press("Back")  # picture -> text
    assert chat.screen() == CLASSIFICATION
    chat.press("<100K samples")
    assert chat.photo() == blue
    chat.press("Start over")  # picture -> text
    assert (chat.screen(), chat.photo()) == (START, None)

    for label in ("Yes", "Yes", "Yes", "<100K samples"):
        chat.press(label)
    chat.press("Done")  # the goodbye comes as a new text message
    assert chat.screen() == GOODBYE
    assert botapi.keyboard_message(chat.chat_id) is None  # no buttons left anywhere
    assert len(messages(botapi, chat)) == 7
    assert len(botapi.uploads) == 3
    assert len(chat.answers(16)) == 16  # every spinner stopped


def double_press(api, chat, label: str) -> None:
    """Press a button twice before the bot's answer to the first press arrives."""
    shown = copy.deepcopy(chat.last_message())
    first, second = chat.press_update(label, shown), chat.press_update(label, shown)
    assert api.deliver(first) == 200
    assert api.deliver(second) == 200


def test_a_double_press_changes_nothing_more_and_stays_silent(botapi, sklearn_map, caplog):
    show_pictures(sklearn_map, {"predicting-category": PNG, "labeled-data": JPEG})
    chat = botapi.chat(5002)
    chat.send("/start")
    double_press(botapi, chat, "Yes")  # text -> picture
    assert chat.screen() == ("Are you predicting a category?", QUESTION_ROWS)
    double_press(botapi, chat, "Yes")  # picture -> picture
    assert chat.screen() == ("Do you have labeled data?", QUESTION_ROWS)
    double_press(botapi, chat, "Yes")  # picture -> text: one new message, not two
    assert chat.screen() == CLASSIFICATION
    assert len(messages(botapi, chat)) == 2
    # The second press found no buttons left to take off the photo, and stopped there.
    assert len(botapi.calls_of("editMessageReplyMarkup")) == 2
    assert len(botapi.calls_of("sendMessage")) == 2
    assert len(chat.answers(6)) == 6
    assert len(botapi.uploads) == 2
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_stale_press_on_a_photo_starts_again(botapi, sklearn_map):
    show_pictures(sklearn_map, {"more-than-50-samples": PNG, "predicting-category": JPEG})
    chat = botapi.chat(5003)
    chat.send("/start")
    start_photo = chat.photo()
    chat.press("Yes")
    stale = chat.press_update("Yes")
    Button.objects.filter(node__key="predicting-category").delete()
    Node.objects.filter(key="predicting-category").update(kind=Node.Kind.DEAD_END)
    publish(Map.objects.get(pk=sklearn_map.pk))
    assert botapi.deliver(stale) == 200  # picture -> picture, the notice in the caption
    assert chat.screen() == (f"{NOTICE}\n\n{START[0]}", START[1])
    assert chat.photo() == start_photo
    assert len(messages(botapi, chat)) == 1

    Node.objects.filter(key="more-than-50-samples").update(picture=None)
    publish(Map.objects.get(pk=sklearn_map.pk))
    assert botapi.deliver(chat.callback_update("nonsense")) == 200  # picture -> text
    assert (chat.screen(), chat.photo()) == ((f"{NOTICE}\n\n{START[0]}", START[1]), None)
    assert botapi.keyboard_message(chat.chat_id) == chat.last_message()
    assert chat.answers(3)[-1]["text"] == NOTICE


def test_each_picture_is_uploaded_once_then_sent_by_file_id(botapi, sklearn_map):
    show_pictures(sklearn_map, {"more-than-50-samples": WEBP})
    ada, grace = botapi.chat(5004, "Ada"), botapi.chat(5005, "Grace")
    assert ada.send("/start") == 200
    text, rows = ada.screen()
    assert (text, rows) == (f"{GREETING}\n\n{START[0]}", START[1])
    assert botapi.replies == []  # the upload was made at once: it cannot travel as JSON
    [known] = TelegramFile.objects.all()
    assert known.bot_id == int(TOKEN.partition(":")[0])
    assert botapi.photos.find(known.file_id)[-1]["file_id"] == known.file_id  # the largest

    photos._file_ids.clear()  # as another worker would: the database knows the file_id
    assert grace.send("/start") == 200
    assert grace.screen()[0].startswith("Hi Grace!")
    assert grace.photo() == ada.photo()
    assert botapi.replies == ["sendPhoto"]
    assert [send["uploaded"] for send in botapi.photo_sends] == [True, False]
    [sent] = botapi.calls_of("sendPhoto")[1:]
    assert (sent["photo"], sent["parse_mode"]) == (known.file_id, "HTML")
