"""The web chat's own words are edited and translated on the Bot texts page, as every bot
text is: a change shows on the web chat at once (the bot texts' revision renews the cached
copy the chat reads)."""

from advisor.models import BotTexts
from tests.editing.test_translate_pages import BOT_TEXTS_URL, text_of
from tests.forms import submit
from tests.web.test_chat_page import CHAT

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_bot_texts_page_lists_the_web_chats_words_by_their_labels(publisher_client):
    page = text_of(publisher_client.get(BOT_TEXTS_URL))
    assert "Web chat: link to the newest message" in page and "Skip to the newest message" in page
    spanish = text_of(publisher_client.get(BOT_TEXTS_URL + "?language=es"))
    assert "Saltar al mensaje más reciente" in spanish


def test_an_editors_change_shows_on_the_web_chat_at_once(client, publisher_client, sklearn_map):
    assert ">Saltar al mensaje más reciente</a>" in client.get(CHAT, **SPANISH).content.decode()
    assert ">Skip to the newest message</a>" in client.get(CHAT).content.decode()
    url = BOT_TEXTS_URL + "?language=es"
    assert submit(publisher_client, url, {"web_skip": "Ir a lo último"}).status_code == 302
    assert submit(publisher_client, BOT_TEXTS_URL, {"web_skip": "Jump"}).status_code == 302
    assert ">Ir a lo último</a>" in client.get(CHAT, **SPANISH).content.decode()
    assert ">Jump</a>" in client.get(CHAT).content.decode()
    assert BotTexts.objects.get(pk=1).translations["es"]["web_skip"] == "Ir a lo último"


def test_the_too_long_words_keep_only_their_two_placeholders(publisher_client, sklearn_map):
    refused = submit(publisher_client, BOT_TEXTS_URL, {"web_too_long": "At most {limit}: {size}"})
    assert refused.status_code == 200
    assert "Only {limit} and {length} is filled in here: remove {size}." in text_of(refused)
    kept = submit(publisher_client, BOT_TEXTS_URL, {"web_too_long": "{length} > {limit}"})
    assert kept.status_code == 302
