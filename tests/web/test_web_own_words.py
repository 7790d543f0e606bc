"""The web chat's own words (advisor.core.texts.WEB_TEXTS) are bot texts: a Spanish visitor
reads the shipped Spanish on the chat page, in the reason's form and its problems, on a
refused form's page and on the 404 page; other visitors read the (English) defaults."""

import pytest

from advisor import conversation
from advisor.models import Map
from tests.web.feedback_forms import FEEDBACK, send
from tests.web.test_chat_page import CHAT, buttons, shown, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}


def asked_why(client, headers: dict):
    """The chat after "👎 No" in the visitor's language: the question with its form."""
    page, go = walk_to_a_recommendation(client, **headers)
    language = "es" if headers else ""
    bot = {choice.label: choice.data for choice in conversation.press(go, language).rows[0]}
    no = next(label for label in bot if bot[label].startswith("vn"))
    return send(client, page, no, headers=headers)


def test_a_spanish_visitor_reads_the_chat_pages_own_words_in_spanish(client, sklearn_map):
    html = client.get(CHAT, **SPANISH).content.decode()
    assert '<html lang="es">' in html
    assert ">Saltar al mensaje más reciente</a>" in html
    assert '<span class="visually-hidden">El asesor dice: </span>' in html
    assert 'aria-label="Tu respuesta"' in html and 'aria-label="Idiomas"' in html
    assert html.count(' lang="en"') == 1 and 'lang="en" hreflang="en">English' in html  # switcher
    assert "Skip to the newest message" not in html
    answered = client.get(
        CHAT + next(iter(buttons(client.get(CHAT, **SPANISH)).values())), **SPANISH
    )
    assert "Respondiste:" in shown(answered) and "You answered" not in shown(answered)
    english = client.get(CHAT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Skip to the newest message</a>" in english and 'aria-label="Your answer"' in english


def test_the_reason_form_and_its_problems_are_in_the_visitors_language(client, sklearn_map):
    asked = asked_why(client, SPANISH)
    assert '<button class="button" type="submit">Enviar</button>' in asked.content.decode()
    too_long = send(client, asked, "reason", headers=SPANISH, reason="é" * 4097)
    assert too_long.status_code == 422
    assert "Como máximo 4096 caracteres, por favor: el tuyo tiene 4097." in shown(too_long)
    empty = send(client, asked, "reason", headers=SPANISH, reason=" ")
    assert empty.status_code == 422 and "Escribe lo que buscabas y envíalo." in shown(empty)
    english = asked_why(client, {})
    assert '<button class="button" type="submit">Send</button>' in english.content.decode()


def test_a_refused_form_says_so_in_the_visitors_language(client, sklearn_map):
    refused = client.post(FEEDBACK, {"t": "forged"}, **SPANISH)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert '<html lang="es">' in html and "<title>No guardado</title>" in html
    assert "Este formulario ha caducado" in shown(refused) and "Volver al chat" in buttons(refused)
    german = client.post(FEEDBACK, {"t": "forged"}, HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="en">' in german.content.decode()
    assert "This form has expired" in shown(german) and "Back to the chat" in buttons(german)


def test_the_404_page_is_in_the_visitors_language_for_a_query_at_most(
    client, sklearn_map, django_assert_max_num_queries
):
    client.get(CHAT)  # the bot texts read once, then cached by their revision
    for address in ("/chat/no-such-map/", "/chat/not%20a%20name/"):
        with django_assert_max_num_queries(1):
            missing = client.get(address, **SPANISH)
        assert missing.status_code == 404 and '<html lang="es">' in missing.content.decode()
        assert "Mapa no encontrado" in shown(missing)
        assert "No hay ningún mapa con este nombre aquí." in shown(missing)
    assert "Accept-Language" in missing["Vary"]
    Map.objects.filter(pk=sklearn_map.pk).update(is_published=False)
    offline = client.get(CHAT, HTTP_ACCEPT_LANGUAGE="pt-BR,es;q=0.5")
    assert offline.status_code == 404 and "Este mapa no está disponible" in shown(offline)
    english = client.get(CHAT)
    assert '<html lang="en">' in english.content.decode()
    assert "This map is not available. It may come back later." in shown(english)
