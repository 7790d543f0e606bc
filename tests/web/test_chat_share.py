"""Share under a recommendation of the web chat (botapp.web.pages): this page's absolute link
to the step (no visitor's number), the bot's deep link beside it where the bot has a username
(advisor.core.feedback.deep_link, the Telegram Share's), and what opening the link shows."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from advisor import conversation
from advisor.core.callbacks import Go, encode
from advisor.core.feedback import deep_link
from advisor.core.markup import plain
from advisor.core.texts import MAP_DEFAULTS
from advisor.models import Map
from advisor.versions import publish
from tests.web.feedback_forms import forms
from tests.web.test_chat_page import CHAT, buttons, shown, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
SHARE = re.compile(r'<section class="share"[^>]*>.*?</section>', re.S)


def shared_links(response) -> list[str]:
    section = SHARE.search(response.content.decode())
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', section[0])] if section else []


def test_share_links_this_page_at_the_step_and_the_bots_deep_link(client, sklearn_map, settings):
    settings.TELEGRAM_BOT_USERNAME = "@sklearn_advisor_bot"
    page, go = walk_to_a_recommendation(client)
    node_id = conversation.press(go).node_id
    assert f">{MAP_DEFAULTS['share']}</h2>" in page.content.decode()
    web, telegram = shared_links(page)
    assert web == f"http://testserver{CHAT}?go={encode(Go(sklearn_map.pk, node_id))}"
    assert "v=" not in web
    assert telegram == deep_link(sklearn_map.pk, node_id, "sklearn_advisor_bot")
    # The Telegram Share button of the same recommendation passes on the same deep link.
    bot = conversation.press(go, bot_username="sklearn_advisor_bot")
    (sheet,) = [choice.url for row in bot.rows for choice in row if "t.me/share" in choice.url]
    assert parse_qs(urlsplit(sheet).query)["url"] == [telegram]


def test_the_shared_link_opens_the_recommendation(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    (web,) = shared_links(page)
    opened = client.get(web.removeprefix("http://testserver"))
    assert opened.status_code == 200
    bot = conversation.press(go)
    first_line = next(line for line in plain(bot.text).splitlines() if line.strip())
    assert " ".join(first_line.split()) in shown(opened)
    assert {MAP_DEFAULTS["helpful_yes"], MAP_DEFAULTS["helpful_no"]} <= set(forms(opened))
    assert {"Start over", "Done"} <= set(buttons(opened)) and "Back" not in buttons(opened)
    assert shared_links(opened) == [web]


def test_no_share_where_the_map_does_not_offer_it_nor_before_a_recommendation(client, sklearn_map):
    assert shared_links(client.get(CHAT)) == []
    Map.objects.filter(pk=sklearn_map.pk).update(offers_share=False)
    publish(Map.objects.get(pk=sklearn_map.pk))
    page, _ = walk_to_a_recommendation(client)
    assert shared_links(page) == [] and MAP_DEFAULTS["share"] not in shown(page).split("Done")[-1]
