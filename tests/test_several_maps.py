"""Several maps through the webhook: deep links, the picker, drafts, Back, /help, the menu."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from advisor.mapfile import import_map
from advisor.models import Map
from advisor.versions import publish

pytestmark = pytest.mark.django_db(transaction=True)

PETS = {
    "slug": "pets",
    "title": "Which pet?",
    "greeting": "Hello {first_name}, let's find you a pet.",
    "goodbye": "Enjoy your pet!",
    "start": "space",
    "nodes": [
        {
            "key": "space",
            "kind": "question",
            "text": "Do you have a garden?",
            "buttons": [{"label": "Yes", "target": "dog"}, {"label": "No", "target": "cat"}],
        },
        {"key": "dog", "kind": "recommendation", "text": "A dog.", "buttons": []},
        {"key": "cat", "kind": "recommendation", "text": "A cat.", "buttons": []},
    ],
}


def import_live(data: dict) -> Map:
    """A map imported from data and published."""
    map_obj = import_map(data)
    publish(map_obj)
    return map_obj


def test_a_deep_link_opens_that_map(botapi):
    import_live(PETS)
    chat = botapi.chat(7001, "Kim")
    chat.send("/start pets")
    assert chat.screen() == (
        "Hello Kim, let's find you a pet.\n\nDo you have a garden?",
        [["Yes", "No"]],
    )
    chat.press("No")
    chat.press("Done")
    assert chat.screen() == ("Enjoy your pet!", [])
    chat.send("/start")  # the default map is still the scikit-learn one
    assert chat.screen()[0].endswith("Do you have more than 50 samples?")


def test_an_unknown_never_published_or_offline_map_falls_back_to_the_default(botapi):
    import_map(PETS)  # a draft, never published
    import_live({**PETS, "slug": "pets-offline"})
    Map.objects.filter(slug="pets-offline").update(is_published=False)
    chat = botapi.chat(7002)
    for text in ("/start pets", "/start pets-offline", "/start nothing-here"):
        chat.send(text)
        assert chat.screen() == (
            "I don't know that advisor — here is where to start.\n\n"
            "Hi Ada! I will help you choose the right scikit-learn estimator. "
            "Answer with the buttons.\n\nDo you have more than 50 samples?",
            [["Yes", "No"]],
        )


def test_with_two_maps_and_no_default_start_offers_a_picker(botapi):
    import_live(PETS)
    Map.objects.filter(slug="sklearn").update(is_default=False)
    chat = botapi.chat(7003, "Lee")
    chat.send("/start")
    assert chat.screen() == (
        "Hi Lee! Which advisor would you like?",
        [["Choosing the right scikit-learn estimator"], ["Which pet?"]],
    )
    chat.press("Which pet?")
    assert chat.screen() == ("Do you have a garden?", [["Yes", "No"]])


def test_a_button_of_a_map_taken_offline_since_restarts_elsewhere(botapi):
    import_live(PETS)
    chat = botapi.chat(7004)
    chat.send("/start pets")
    Map.objects.filter(slug="pets").update(is_published=False)
    chat.press("Yes")
    assert chat.screen() == (
        "This map changed — here is the start again.\n\nDo you have more than 50 samples?",
        [["Yes", "No"]],
    )


def test_back_at_depth_one_and_three(botapi):
    chat = botapi.chat(7005)
    chat.send("/start")
    chat.press("Yes")
    chat.press("Back")
    assert chat.screen() == ("Do you have more than 50 samples?", [["Yes", "No"]])
    for label in ("Yes", "Yes", "Yes", "<100K samples"):
        chat.press(label)
    assert chat.screen()[0].startswith("Try Linear SVC")
    for _ in range(3):
        chat.press("Back")
    assert chat.screen() == ("Are you predicting a category?", [["Yes", "No"], ["Back"]])


def test_help_and_the_commands_menu(botapi, live_server):
    chat = botapi.chat(7006)
    chat.send("/help")
    assert chat.screen() == (
        "I help you choose by asking a few questions: answer with the buttons.\n"
        "/start begins (or /start <name> for one advisor), /cancel ends.",
        [],
    )
    call_command("setwebhook", f"{live_server.url}/telegram/webhook/")
    [menu] = [call for call in botapi.calls_of("setMyCommands") if "language_code" not in call]
    assert [command["command"] for command in menu["commands"]] == [
        "start",
        "help",
        "cancel",
        "person",
        "end",
    ]


def test_the_admin_shows_each_map_deep_link(client, settings, sklearn_map):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    page = client.get(f"/admin/advisor/map/{sklearn_map.id}/change/").content.decode()
    assert "t.me/YOUR_BOT?start=sklearn (set TELEGRAM_BOT_USERNAME to see it)" in page
    settings.TELEGRAM_BOT_USERNAME = "@advisor_test_bot"
    listing = client.get("/admin/advisor/map/").content.decode()
    link = "https://t.me/advisor_test_bot?start=sklearn"
    assert f'<a href="{link}">{link}</a>' in listing
