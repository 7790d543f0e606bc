"""Was this helpful?, what the user was looking for, and shared recommendations, as a
Telegram user gets them through the real webhook and the Bot API stand-in."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from advisor.core.callbacks import share_code
from advisor.models import Map, Node
from advisor.versions import publish
from botapp.chat.reasons import REASON_WINDOW
from botapp.models import HandledUpdate, Reason

pytestmark = pytest.mark.django_db(transaction=True)

TO_LINEAR_SVC = ("Yes", "Yes", "Yes", "<100K samples")
IN_SPANISH = ("Sí", "Sí", "Sí", "<100K muestras")
ANSWERS = ">50 samples · predicting a category · Classification · <100K samples"
LINEAR_SVC = (
    "Try Linear SVC (sklearn.svm.LinearSVC).\n\nDocumentation: "
    f"https://scikit-learn.org/stable/modules/svm.html#classification\n\nYour answers: {ANSWERS}"
)
NAVIGATION = [["Not working"], ["Back", "Start over", "Done"]]
THANKS = "Thank you for telling us!"
QUESTION = "What were you looking for?"
HINT = "Please answer with the buttons under my last message, or send /start to begin again."


def walk_to_linear_svc(botapi, user_id: int, language: str = "en"):
    chat = botapi.chat(user_id)
    chat.user["language_code"] = language
    chat.send("/start")
    for label in IN_SPANISH if language == "es" else TO_LINEAR_SVC:
        assert chat.press(label) == 200
    return chat


def press_on(chat, message: dict, label: str) -> int:
    """Press a button of an earlier message of the bot (not its last)."""
    return chat.api.deliver(chat.press_update(label, message))


def recorded(chat, kind: str) -> list[HandledUpdate]:
    return list(HandledUpdate.objects.filter(chat_id=chat.chat_id, kind=kind).order_by("id"))


def test_a_vote_thanks_in_the_same_message_and_a_change_replaces_it(botapi):
    chat = walk_to_linear_svc(botapi, 6001)
    assert chat.screen() == (
        f"{LINEAR_SVC}\n\nWas this helpful?",
        [["👍 Yes", "👎 No"], *NAVIGATION],
    )
    recommendation = chat.last_message()
    assert chat.press("👍 Yes") == 200
    assert chat.screen() == (f"{LINEAR_SVC}\n\n{THANKS}", [["✓ 👍 Yes", "👎 No"], *NAVIGATION])
    assert chat.last_message()["message_id"] == recommendation["message_id"]
    assert not chat.asked_for_reply()

    assert chat.press("👎 No") == 200  # changes the vote: the question comes in a new message
    question = chat.last_message()
    assert (question["text"], chat.asked_for_reply()) == (QUESTION, True)
    edited = botapi.messages[chat.chat_id][recommendation["message_id"]]
    assert edited["text"] == f"{LINEAR_SVC}\n\n{THANKS}"
    rows = [[b["text"] for b in row] for row in edited["reply_markup"]["inline_keyboard"]]
    assert rows == [["👍 Yes", "✓ 👎 No"], *NAVIGATION]

    assert press_on(chat, edited, "✓ 👎 No") == 200  # pressed again: nothing new, no question
    assert chat.last_message()["message_id"] == question["message_id"]
    assert len(botapi.calls_of("sendMessage")) == 2  # /start's and the one question

    votes = recorded(chat, HandledUpdate.Kind.VOTE)
    assert [vote.node.key for vote in votes] == ["linear-svc"] * 3
    assert [vote.path[:3] for vote in votes] == ["vy-", "vny", "vnn"]


def test_after_no_the_reply_is_kept_as_the_reason_and_thanked(botapi):
    chat = walk_to_linear_svc(botapi, 6002, "es")
    assert chat.press("👎 No") == 200
    assert (chat.last_message()["text"], chat.asked_for_reply()) == (
        "¿Qué estabas buscando?",
        True,
    )
    said = 'Something for "time series", with commas, quotes\nand a line break 📈'
    assert chat.reply(said) == 200
    assert chat.last_message()["text"] == "Gracias: los editores leen todas las respuestas."
    reason = Reason.objects.get()
    assert (reason.key, reason.text, reason.language) == ("linear-svc", said, "es")
    assert reason.map.slug == "sklearn" and reason.path.startswith("vn-")
    assert str(chat.chat_id) not in str(Reason.objects.values().get())  # never the chat
    # Only the reply right after the question is a reason: the next one gets the hint.
    assert chat.reply("and another thing") == 200
    assert chat.last_message()["text"].startswith("Responde con los botones")
    assert Reason.objects.count() == 1


def test_a_reason_too_late_or_not_as_an_answer_gets_the_hint(botapi):
    late = walk_to_linear_svc(botapi, 6003)
    late.press("👎 No")
    HandledUpdate.objects.filter(chat_id=late.chat_id).update(
        handled_at=HandledUpdate.objects.latest("id").handled_at - REASON_WINDOW - timedelta(1)
    )
    assert late.reply("too late now") == 200
    assert late.last_message()["text"] == HINT

    typed = walk_to_linear_svc(botapi, 6004)
    typed.press("👎 No")
    assert typed.send("not a reply") == 200  # typed without replying: the hint
    assert typed.last_message()["text"] == HINT
    assert typed.reply("a reply, after something else") == 200
    assert typed.last_message()["text"] == HINT

    moved_on = walk_to_linear_svc(botapi, 6005)
    moved_on.press("👎 No")
    question = moved_on.last_message()
    moved_on.send("/start")  # walked on
    assert moved_on.reply("an old question's answer", to=question) == 200
    assert moved_on.last_message()["text"] == HINT

    never_asked = walk_to_linear_svc(botapi, 6006)
    assert never_asked.reply("replying to a recommendation") == 200
    assert never_asked.last_message()["text"] == HINT
    assert not Reason.objects.exists()


def test_a_shared_recommendation_opens_for_another_user_in_their_language(botapi, settings):
    settings.TELEGRAM_BOT_USERNAME = "@sklearn_advisor_bot"
    chat = walk_to_linear_svc(botapi, 6007)
    text, rows = chat.screen()
    assert rows == [["👍 Yes", "👎 No"], ["Not working"], ["Share"], ["Back", "Start over", "Done"]]
    share = urlsplit(chat.links()["Share"])
    assert (share.scheme, share.netloc, share.path) == ("https", "t.me", "/share/url")
    sheet = parse_qs(share.query)
    assert sheet["text"] == ["Try Linear SVC (sklearn.svm.LinearSVC)."]
    link = urlsplit(sheet["url"][0])
    assert (link.netloc, link.path) == ("t.me", "/sklearn_advisor_bot")
    code = parse_qs(link.query)["start"][0]
    linear_svc = Node.objects.get(key="linear-svc")
    assert code == share_code(linear_svc.map_id, linear_svc.id)
    assert len(code) <= 64 and code.replace("_", "").replace("-", "").isalnum()

    friend = botapi.chat(6008, "Bea")
    friend.user["language_code"] = "es"
    assert friend.send(f"/start {code}") == 200
    text, rows = friend.screen()
    assert text.startswith("Prueba Linear SVC (sklearn.svm.LinearSVC).")
    assert "Tus respuestas" not in text and text.endswith("¿Te ha sido útil?")
    assert rows == [
        ["👍 Sí", "👎 No"],
        ["No funciona"],
        ["Compartir"],
        ["Empezar de nuevo", "Listo"],
    ]
    arrival = recorded(friend, HandledUpdate.Kind.SHARED)
    assert [(row.node_id, row.language) for row in arrival] == [(linear_svc.id, "es")]
    assert friend.press("👍 Sí") == 200  # they may vote at once
    assert friend.screen()[0].endswith("¡Gracias por decírnoslo!")
    assert friend.press("Empezar de nuevo") == 200
    assert friend.screen() == ("¿Tienes más de 50 muestras?", [["Sí", "No"]])


def test_a_shared_link_to_a_step_deleted_since_opens_the_start(botapi, settings):
    settings.TELEGRAM_BOT_USERNAME = "sklearn_advisor_bot"
    map_obj = Map.objects.get(slug="sklearn")
    extra = Node.objects.create(
        map=map_obj, key="extra", kind=Node.Kind.RECOMMENDATION, text="Try something else."
    )
    publish(map_obj)
    chat = botapi.chat(6009)
    code = share_code(map_obj.pk, extra.pk)
    assert chat.send(f"/start {code}") == 200
    assert chat.screen()[0].startswith("Try something else.")
    extra.delete()
    publish(Map.objects.get(pk=map_obj.pk))
    assert chat.send(f"/start {code}") == 200
    assert chat.screen() == (
        "This map changed — here is the start again.\n\nDo you have more than 50 samples?",
        [["Yes", "No"]],
    )
    assert chat.send("/start r_zzzzzz_1") == 200  # a map that never was: the default's start
    assert chat.screen()[0].endswith("Do you have more than 50 samples?")


def test_a_map_can_turn_the_question_and_the_share_button_off(botapi, settings):
    settings.TELEGRAM_BOT_USERNAME = "sklearn_advisor_bot"
    chat = walk_to_linear_svc(botapi, 6010)
    with_buttons = chat.last_message()
    Map.objects.filter(slug="sklearn").update(asks_if_helpful=False, offers_share=False)
    chat.send("/start")
    for label in TO_LINEAR_SVC:
        chat.press(label)
    assert chat.screen()[1] == [["👍 Yes", "👎 No"], ["Not working"], ["Share"], *NAVIGATION[1:]]
    publish(Map.objects.get(slug="sklearn"))  # users see it once published

    chat.send("/start")
    for label in TO_LINEAR_SVC:
        chat.press(label)
    assert chat.screen() == (LINEAR_SVC, NAVIGATION)
    assert press_on(chat, with_buttons, "👎 No") == 200  # an older message's button
    assert botapi.messages[chat.chat_id][with_buttons["message_id"]]["text"] == LINEAR_SVC
    assert not recorded(chat, HandledUpdate.Kind.VOTE)
    assert not chat.asked_for_reply()
