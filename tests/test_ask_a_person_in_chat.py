""" "Ask a person" as a Telegram user meets it, through the real webhook and the Bot API
stand-in: the button under a recommendation and after a reason once a publisher turned it
on, in the user's language, and what advisor.conversation gives the Telegram side for a
press of it."""

from datetime import UTC, datetime

import pytest

from advisor import conversation
from advisor.core.callbacks import Ask, decode
from advisor.core.engine import walk
from advisor.loading import live_graph
from advisor.models import Map
from advisor.versions import publish
from tests.test_feedback_in_chat import IN_SPANISH, NAVIGATION, walk_to_linear_svc

pytestmark = pytest.mark.django_db(transaction=True)

ASK_ES = "🙋 Preguntar a una persona"
SATURDAY = datetime(2026, 12, 12, 11, tzinfo=UTC)


def turn_on(**settings) -> Map:
    Map.objects.filter(slug="sklearn").update(offers_person=True, **settings)
    map_obj = Map.objects.get(slug="sklearn")
    publish(map_obj)
    return map_obj


def button_data(message: dict, label: str) -> str:
    rows = message["reply_markup"]["inline_keyboard"]
    return next(
        button["callback_data"] for row in rows for button in row if button["text"] == label
    )


def test_no_button_until_a_publisher_turns_it_on(botapi):
    chat = walk_to_linear_svc(botapi, 6101)
    assert chat.screen()[1] == [["👍 Yes", "👎 No"], *NAVIGATION]


def test_a_spanish_user_gets_it_under_the_recommendation_and_after_a_reason(botapi):
    map_obj = turn_on(
        opening_hours={
            "time_zone": "Europe/Madrid",
            "days": [0, 1, 2, 3, 4],
            "from": "09:00",
            "to": "17:00",
        }
    )
    chat = walk_to_linear_svc(botapi, 6102, "es")
    _, rows = chat.screen()
    assert rows == [
        ["👍 Sí", "👎 No"],
        ["No funciona"],
        [ASK_ES],
        ["Atrás", "Empezar de nuevo", "Listo"],
    ]
    data = button_data(chat.last_message(), ASK_ES)
    assert len(data.encode()) <= 64
    assert walk(live_graph(map_obj.pk), decode(data).go).key == "linear-svc"

    assert chat.press("👎 No") == 200
    assert chat.reply("algo para series temporales") == 200
    assert chat.screen() == ("Gracias: los editores leen todas las respuestas.", [[ASK_ES]])
    after_reason = button_data(chat.last_message(), ASK_ES)
    assert decode(after_reason) == Ask(decode(data).go)

    asked = conversation.ask(after_reason, "es", SATURDAY)
    assert (asked.step_key, asked.answers, asked.answers_from_start) == (
        "linear-svc",
        IN_SPANISH,
        True,
    )
    assert asked.recommendation.startswith("Prueba")
    assert asked.offered and asked.handoff.map_slug == "sklearn"
    assert asked.handoff.words.out_of_hours == (
        "Respondemos de lunes a viernes, 9:00–17:00 (Europe/Madrid) — deja tu mensaje."
    )
    assert conversation.ask("g:1:2:", "es") is None  # not an Ask
    assert conversation.person(None, "es", SATURDAY).words.will_answer == (
        "Una persona de nuestro equipo te responderá aquí."
    )
