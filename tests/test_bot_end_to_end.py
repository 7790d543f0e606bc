"""The bot end to end: Telegram (the stand-in) posts updates to the real webhook over HTTP,
the bot answers over HTTP, and the tests read what the user would see."""

import pytest
from django.core.management import call_command

from advisor.models import Button, Map, Node
from advisor.versions import publish

pytestmark = pytest.mark.django_db(transaction=True)

GREETING = (
    "Hi Ada! I will help you choose the right scikit-learn estimator. Answer with the buttons."
)
DOCS = "https://scikit-learn.org/stable/modules/"


def test_walk_to_a_recommendation_then_done(botapi, live_server):
    botapi.webhook = {}
    call_command("setwebhook", f"{live_server.url}/telegram/webhook/")
    assert botapi.webhook["allowed_updates"] == ["message", "callback_query", "my_chat_member"]

    chat = botapi.chat(1001, "Ada")
    assert chat.send("/start") == 200
    assert chat.screen() == (f"{GREETING}\n\nDo you have more than 50 samples?", [["Yes", "No"]])
    first_message = chat.last_message()["message_id"]

    steps = [
        ("Yes", "Are you predicting a category?", [["Yes", "No"], ["Back"]]),
        ("Yes", "Do you have labeled data?", [["Yes", "No"], ["Back"]]),
        (
            "Yes",
            "Classification. How many samples do you have?",
            [["<100K samples", ">100K samples"], ["Back"]],
        ),
        (
            "<100K samples",
            "Try Linear SVC (sklearn.svm.LinearSVC)."
            f"\n\nDocumentation: {DOCS}svm.html#classification"
            "\n\nYour answers: >50 samples · predicting a category · Classification · "
            "<100K samples\n\nWas this helpful?",
            [["👍 Yes", "👎 No"], ["Not working"], ["Back", "Start over", "Done"]],
        ),
        ("Not working", "Are you working with text data?", [["Yes", "No"], ["Back"]]),
        (
            "Yes",
            "Try Naive Bayes (sklearn.naive_bayes, e.g. MultinomialNB for word counts)."
            f"\n\nDocumentation: {DOCS}naive_bayes.html"
            "\n\nYour answers: >50 samples · predicting a category · Classification · "
            "<100K samples · Linear SVC not working · text data\n\nWas this helpful?",
            [["👍 Yes", "👎 No"], ["Back", "Start over", "Done"]],
        ),
    ]
    for label, text, buttons in steps:
        assert chat.press(label) == 200
        assert chat.screen() == (text, buttons)
    # Every press edited the one message in place and stopped the button's spinner.
    assert chat.last_message()["message_id"] == first_message
    assert len(chat.answers(len(steps))) == len(steps)
    assert len(botapi.calls_of("sendMessage")) == 1
    # The messages travelled in the webhook's answers; only the spinners took calls of their own.
    assert botapi.replies == ["sendMessage"] + ["editMessageText"] * len(steps)

    assert chat.press("Done") == 200
    assert chat.screen() == ("Goodbye, and all the best — /start to begin again", [])


def test_start_over_and_cancel(botapi):
    chat = botapi.chat(1002, "Grace")
    chat.send("/start")
    chat.press("No")
    assert chat.screen()[0].startswith("Get more data.")
    chat.press("Start over")
    assert chat.screen() == ("Do you have more than 50 samples?", [["Yes", "No"]])
    assert chat.send("/cancel") == 200
    assert chat.screen() == ("Goodbye, and all the best — /start to begin again", [])


def test_free_text_and_unknown_commands_get_a_hint(botapi):
    chat = botapi.chat(1003)
    hint = "Please answer with the buttons under my last message, or send /start to begin again."
    for text in ("hello?", "/unknown"):
        assert chat.send(text) == 200
        assert chat.screen() == (hint, [])


def test_a_stale_or_forged_button_restarts_with_a_notice(botapi):
    chat = botapi.chat(1004)
    chat.send("/start")
    chat.press("Yes")
    stale = chat.press_update("Yes")
    Button.objects.filter(node__key="predicting-category").delete()
    Node.objects.filter(key="predicting-category").update(kind=Node.Kind.DEAD_END)
    publish(Map.objects.get(slug="sklearn"))
    assert botapi.deliver(stale) == 200
    notice = "This map changed — here is the start again."
    assert chat.screen() == (f"{notice}\n\nDo you have more than 50 samples?", [["Yes", "No"]])
    assert chat.answers(2)[-1]["text"] == notice

    for answered, forged in enumerate(("g:zzzz:1:", "nonsense", "s:" + "9" * 60), start=3):
        assert botapi.deliver(chat.callback_update(forged)) == 200
        assert chat.answers(answered)[-1]["text"] == notice


def test_users_see_a_draft_edit_only_once_published_and_at_the_next_press(botapi):
    chat = botapi.chat(1005)
    chat.send("/start")
    node = Node.objects.get(key="predicting-category")
    node.text = "Do you want to predict a category (a class label)?"
    node.save()
    chat.press("Yes")
    assert chat.screen()[0] == "Are you predicting a category?"  # the draft is not live
    map_obj = Map.objects.get(slug="sklearn")
    Button.objects.create(node=node, label="Not sure", order=5, target=map_obj.start_node)
    publish(map_obj)
    chat.press("Back")
    chat.press("Yes")
    assert chat.screen() == (
        "Do you want to predict a category (a class label)?",
        [["Yes", "No", "Not sure"], ["Back"]],
    )


def test_two_conversations_interleaved(botapi):
    ada, bob = botapi.chat(1006, "Ada"), botapi.chat(1007, "Bob")
    ada.send("/start")
    bob.send("/start")
    assert bob.screen()[0].startswith("Hi Bob!")
    ada.press("Yes")
    bob.press("No")
    ada.press("No")
    assert ada.screen()[0] == "Are you predicting a quantity?"
    assert bob.screen()[0].startswith("Get more data.")
    bob.press("Back")
    ada.press("Yes")
    assert bob.screen()[0] == "Do you have more than 50 samples?"
    assert ada.screen()[0] == "Regression. How many samples do you have?"


def test_a_user_mid_walk_keeps_walking_across_a_publish_and_a_rollback(botapi):
    walker, newcomer = botapi.chat(1008, "Wes"), botapi.chat(1009, "Nia")
    walker.send("/start")
    walker.press("Yes")
    walker.press("No")  # on the quantity branch, which the edit leaves alone
    assert walker.screen()[0] == "Are you predicting a quantity?"
    node = Node.objects.get(key="labeled-data")
    node.text = "Do you have labelled examples?"
    node.save()
    newcomer.send("/start")
    newcomer.press("Yes")
    newcomer.press("Yes")
    assert newcomer.screen()[0] == "Do you have labeled data?"  # the draft is not live yet
    publish(Map.objects.get(slug="sklearn"), note="Plainer")
    walker.press("Yes")
    assert walker.screen()[0] == "Regression. How many samples do you have?"  # no restart
    newcomer.press("Back")
    newcomer.press("Yes")
    assert newcomer.screen()[0] == "Do you have labelled examples?"
    call_command("rollback", "sklearn", "1")
    walker.press("Back")
    assert walker.screen()[0] == "Are you predicting a quantity?"
    newcomer.press("Back")
    newcomer.press("Yes")
    assert newcomer.screen()[0] == "Do you have labeled data?"
