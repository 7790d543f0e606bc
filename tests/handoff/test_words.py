"""The words of a conversation with the team are the map's, in the user's language: a Spanish
user's whole conversation in Spanish, the out-of-hours words with the hours in words (the
message still reaches the team), /person from anywhere, and the menu's /person and /end."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from botapp.handoff.models import Conversation, UserTopic
from tests.handoff.helpers import WILL_ANSWER, Team, User, run_jobs
from tests.test_ask_a_person_in_chat import ASK_ES, turn_on
from tests.test_every_word import translate_everything
from tests.test_feedback_in_chat import IN_SPANISH

pytestmark = pytest.mark.django_db(transaction=True)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def test_a_spanish_user_gets_spanish_words_from_the_ask_to_the_close(botapi, delivered):
    turn_on()
    team = Team(botapi, delivered)
    team.connect()
    ana = User(botapi, delivered, first_name="Ana", language_code="es")
    ana.send("/start")
    for label in IN_SPANISH:
        ana.press(label)
    ana.press(ASK_ES)
    assert ana.chat.screen() == (
        "Una persona de nuestro equipo te responderá aquí.",
        [["Terminar la conversación"]],
    )
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    assert team.group.topic(thread).name == "Ana · Elegir el estimador adecuado de scikit-learn"
    card = team.card(thread)["text"]
    assert "Language: es" in card
    assert "Answers: Sí · Sí · Sí · <100K muestras" in card  # escaped, shown as typed
    assert "Recommendation: Prueba" in card
    ana.send("¿Y para texto?")
    run_jobs()
    assert team.group.shown_in(thread)[-1] == ("text", "¿Y para texto?")
    team.write(team.grace, "Prueba LinearSVC", thread)
    assert ana.seen()[-1] == "Prueba LinearSVC"
    team.write(team.grace, "/close", thread)
    assert Conversation.objects.get().closed_by == "team"
    assert ana.chat.screen() == (
        "Nuestro equipo ha cerrado esta conversación. ¡Gracias por escribirnos!\n\n"
        "¿Te ha sido útil?",
        [["👍 Sí", "👎 No"], ["Volver al mapa"]],
    )
    ana.press("👎 No")
    assert Conversation.objects.get().helpful is False
    assert ana.chat.answers(len(ana.chat.query_ids))[-1]["text"] == "¡Gracias por decírnoslo!"
    ana.press("Volver al mapa")
    assert ana.chat.screen()[1][0] == ["Sí", "No"]  # the map's first question, in Spanish


def test_without_a_team_group_a_spanish_user_is_told_in_spanish(api, webhook_post):
    ana = User(api, webhook_post, first_name="Ana", language_code="es")
    ana.send("/person")
    assert ana.seen()[-1] == (
        "Nadie de nuestro equipo puede responder aquí en este momento. "
        "Inténtalo de nuevo más tarde."
    )
    assert not Conversation.objects.exists()


def test_out_of_hours_the_user_is_told_when_and_the_message_still_reaches_the_team(
    api, webhook_post
):
    closed_day = (datetime.now(UTC).weekday() + 3) % 7  # neither today nor yesterday
    hours = {"time_zone": "UTC", "days": [closed_day], "from": "09:00", "to": "17:00"}
    turn_on(opening_hours=hours)
    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post)
    ada.send("/person")
    assert ada.chat.screen() == (
        f"{WILL_ANSWER}\n\nWe answer {DAYS[closed_day]}, 9:00–17:00 (UTC) — leave your message.",
        [["End the conversation"]],
    )
    ada.send("My model overfits")
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    assert team.group.shown_in(thread)[1:] == [("text", "My model overfits")]


def test_person_from_anywhere_opens_a_conversation_on_the_default_map(api, webhook_post):
    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post)
    ada.send("/person")  # before any /start
    assert ada.seen()[-1] == WILL_ANSWER
    ada.send("/end")
    ada.send("/start")
    ada.press(ada.chat.screen()[1][0][0])  # in the middle of the map
    ada.send("/person")
    assert ada.seen()[-1] == WILL_ANSWER
    run_jobs()
    conversations = Conversation.objects.order_by("id")
    assert [c.map.slug for c in conversations] == ["sklearn", "sklearn"]
    assert [c.closed_by for c in conversations] == ["user", ""]
    card = team.card(UserTopic.objects.get().thread_id)["text"]
    assert "Map: Choosing the right scikit-learn estimator" in card
    assert "Asked with /person" in card


def test_the_menu_describes_person_and_end_per_language(botapi, live_server):
    call_command("setwebhook", f"{live_server.url}/telegram/webhook/", stdout=StringIO())
    menus = {
        call.get("language_code", ""): {c["command"]: c["description"] for c in call["commands"]}
        for call in botapi.calls_of("setMyCommands")
    }
    assert (menus[""]["person"], menus[""]["end"]) == (
        "Talk to a person of our team",
        "End the conversation with our team",
    )
    assert (menus["es"]["person"], menus["es"]["end"]) == (
        "Hablar con una persona de nuestro equipo",
        "Terminar la conversación con nuestro equipo",
    )


def test_no_word_of_a_conversation_is_left_in_python(api, webhook_post, sklearn_map):
    """In a made-up language whose every text is set, a conversation shows no default word."""
    translate_everything(sklearn_map)
    ada = User(api, webhook_post, language_code="xx")
    ada.send("/person")
    assert ada.chat.screen() == ("⟪team_unavailable⟫", [])
    team = Team(api, webhook_post)
    team.connect()
    ada.send("/person")
    assert ada.chat.screen() == ("⟪person_will_answer⟫", [["⟪end_conversation⟫"]])
    run_jobs()
    thread = UserTopic.objects.get().thread_id
    team.write(team.grace, "/close", thread)
    assert ada.chat.screen() == (
        "⟪conversation_closed⟫\n\n⟪helpful⟫",
        [["⟪helpful_yes⟫", "⟪helpful_no⟫"], ["⟪back_to_map⟫"]],
    )
    ada.press("⟪helpful_yes⟫")
    assert ada.chat.answers(len(ada.chat.query_ids))[-1]["text"] == "⟪vote_thanks⟫"
    ada.send("/person")
    run_jobs()
    cards = [m for m in team.group.messages_in(thread) if m.get("reply_markup")]
    team.press(team.grace, "🚫 Block this user", cards[-1])  # the second conversation's card
    assert ada.seen()[-1] == "⟪conversation_blocked⟫"
