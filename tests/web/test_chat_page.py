"""The chat page of a map (/chat/<short name>/, botapp.web) through Django's test client: the
shipped map walked to a recommendation with the bot's own words, languages, Back, Start over
and Done, a picture, link buttons, stale paths and maps users cannot open."""

import re
from html import unescape

import pytest

from advisor import conversation
from advisor.core.callbacks import Go, decode, encode
from advisor.core.markup import plain
from advisor.core.texts import MAP_DEFAULTS
from advisor.models import Map

pytestmark = pytest.mark.django_db
CHAT = "/chat/sklearn/"
LINK = re.compile(r'<a class="button[^"]*" href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def shown(response) -> str:
    """The page's words, tags left out, spaces folded."""
    text = re.sub(
        r"<br>|</?(li|div|p|h1|ol|ul|nav|header|main|title)\b[^>]*>", " ", response.content.decode()
    )
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(unescape(text).split())


def buttons(response) -> dict[str, str]:
    """The page's buttons: label → address."""
    found = LINK.findall(response.content.decode())
    return {
        " ".join(unescape(re.sub(r"<[^>]+>", "", label)).split()): unescape(href)
        for href, label in found
    }


def go_of(href: str) -> str:
    return unescape(re.search(r"go=([^&#]*)", href)[1]) if "go=" in href else ""


def walk_to_a_recommendation(client, **headers):
    """Follow each page's first answer until it offers Done; (response, its go) at the end."""
    response, href = client.get(CHAT, **headers), ""
    for _ in range(12):
        links = buttons(response)
        if MAP_DEFAULTS["done"] in links or "Listo" in links:
            return response, go_of(href)
        href = next(iter(links.values()))
        response = client.get(CHAT + href.split("#")[0], **headers)
        assert response.status_code == 200
    raise AssertionError("no recommendation reached")


def test_the_shipped_map_walked_to_a_recommendation_says_what_the_bot_says(client, sklearn_map):
    first = client.get(CHAT)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/html")
    start = conversation.start(slug="sklearn")
    assert plain(start.text).split()[:6] == shown(first).split("The advisor says: ")[1].split()[:6]
    response, go = walk_to_a_recommendation(client)
    bot = conversation.press(go)
    words = shown(response)
    for line in plain(bot.text).splitlines():
        if line.strip():
            assert " ".join(line.split()) in words
    assert '<html lang="en">' in response.content.decode()
    # The answers pressed, on the right, as the "Your answers" line names them.
    answers = re.findall(r'<li class="you">.*?</span>(.*?)</li>', response.content.decode(), re.S)
    assert len(answers) == len(decode(go).path)
    # "Was this helpful?" is asked (its answers are forms: tests/web/test_chat_feedback.py),
    # "Ask a person" (Telegram's) is not offered: no dead buttons.
    assert "Was this helpful?" in words
    assert set(buttons(response)) >= {"Back", "Start over", "Done"}
    assert not any(go_of(href)[:1] in ("v", "a") for href in buttons(response).values())


def test_back_start_over_and_done(client, sklearn_map):
    response, go = walk_to_a_recommendation(client)
    links = buttons(response)
    back = client.get(CHAT + links["Back"].split("#")[0])
    assert decode(go_of(links["Back"])).path == decode(go).path[:-1]
    assert back.status_code == 200 and "Back" in buttons(back) or len(decode(go).path) == 1
    again = client.get(CHAT + links["Start over"].split("#")[0])
    assert shown(again).count("You answered") == 0
    assert again.content.decode().count('class="bot') == 1
    done = client.get(CHAT + links["Done"].split("#")[0])
    goodbye = conversation.press(go_of(links["Done"]))
    assert plain(goodbye.text) in shown(done)
    assert list(buttons(done)) == ["Start over"]


def test_spanish_by_accept_language_and_by_the_switcher(client, sklearn_map):
    spanish = client.get(CHAT, HTTP_ACCEPT_LANGUAGE="de-DE,es;q=0.8,en;q=0.5")
    assert '<html lang="es">' in spanish.content.decode()
    start = conversation.start(slug="sklearn", language_code="es")
    assert plain(start.text).split()[0] in shown(spanish)
    response, go = walk_to_a_recommendation(client, HTTP_ACCEPT_LANGUAGE="es")
    assert {"Atrás", "Empezar de nuevo", "Listo"} <= set(buttons(response))
    assert plain(conversation.press(go, "es").text).splitlines()[0] in shown(response)
    # The switcher keeps the chat where it is, in the language chosen, and every link after.
    english = client.get(CHAT, HTTP_ACCEPT_LANGUAGE="en")
    switch = re.search(r'<a href="([^"]*)" lang="es"', english.content.decode())[1]
    chosen = client.get(CHAT + unescape(switch).split("#")[0], HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es">' in chosen.content.decode()
    assert all("lang=es" in href for href in buttons(chosen).values())
    assert 'aria-current="true">Español' in chosen.content.decode()


def test_a_path_the_live_version_no_longer_has_restarts_with_this_map_changed(client, sklearn_map):
    stale = encode(Go(sklearn_map.pk, sklearn_map.start_node_id, (10**12,)))
    response = client.get(CHAT, {"go": stale})
    assert response.status_code == 200
    assert MAP_DEFAULTS["map_changed"] in shown(response)
    other_map = encode(Go(sklearn_map.pk + 1, sklearn_map.start_node_id))
    assert MAP_DEFAULTS["map_changed"] in shown(client.get(CHAT, {"go": other_map}))


@pytest.mark.parametrize(
    "path, words",
    [
        ("/chat/nothing-here/", "There is no map with this name here."),
        ("/chat/%3Cscript%3E/", "There is no map with this name here."),
        ("/chat/" + "x" * 300 + "/", "There is no map with this name here."),
    ],
)
def test_an_unknown_map_is_a_plain_404(client, sklearn_map, path, words):
    response = client.get(path)
    assert response.status_code == 404
    assert words in shown(response)
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("how", ["offline", "archived", "never published"])
def test_a_map_users_cannot_see_is_not_available(client, sklearn_map, how):
    from django.utils import timezone

    changes = {
        "offline": {"is_published": False},
        "archived": {"is_published": False, "archived_at": timezone.now()},
        "never published": {"live_version": None},
    }[how]
    Map.objects.filter(pk=sklearn_map.pk).update(**changes)
    response = client.get(CHAT)
    assert response.status_code == 404
    assert "This map is not available" in shown(response)
