"""The chat page with JavaScript (htmx): an answer asked with HX-Request gets the chat alone
(the same words and links as the whole page); a history restore and every other request the
whole page; the policy allows htmx's file and nothing inline; the page (sent as is: no
GZipMiddleware) with its stylesheet and script (gzipped by whitenoise) is under 50 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from advisor.core.texts import MAP_DEFAULTS
from botapp.web.visitors import VISITOR_IDS
from tests.web.test_chat_page import CHAT, buttons

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
CHAT_PART = re.compile(r'<div id="chat"[^>]*>(.*?)</div>\s*<div id="said"', re.S)


def walk(client, **headers):
    """Each step's response on the way to a recommendation, by the first answer, for one
    visitor (whose number every link carries)."""
    responses = [client.get(CHAT, {"v": VISITOR_IDS.start}, **headers)]
    while MAP_DEFAULTS["done"] not in buttons(responses[-1]):
        assert len(responses) < 12, "no recommendation reached"
        href = next(iter(buttons(responses[-1]).values()))
        responses.append(client.get(CHAT + href.split("#")[0], **headers))
    return responses


def test_an_htmx_answer_gets_the_chat_alone_with_the_same_words(client, sklearn_map):
    for whole, alone in zip(walk(client), walk(client, **HTMX), strict=True):
        html = alone.content.decode()
        assert alone.status_code == 200 and "<html" not in html and "<head" not in html
        assert buttons(alone) == buttons(whole)
        chat = CHAT_PART.search(whole.content.decode())[1]
        assert html.startswith(chat.strip().replace('tabindex="-1"', 'tabindex="-1" autofocus'))
        # The new message is announced (a polite live region), the switcher follows the chat.
        assert '<div id="said" hx-swap-oob="innerHTML">' in html
        assert 'id="languages" aria-label="Languages" hx-swap-oob="true"' in html
        assert alone["Vary"] == whole["Vary"] == "Accept-Language, HX-Request"


def test_the_whole_page_links_each_answer_for_htmx_and_without_it(client, sklearn_map):
    html = client.get(CHAT).content.decode()
    assert 'aria-live="polite"' in html and 'hx-push-url="true"' in html
    for href, hx_get in re.findall(r'<a class="button" href="([^"]*)" hx-get="([^"]*)"', html):
        assert href == hx_get
    assert len(re.findall(r"hx-get=", html)) == len(buttons(client.get(CHAT)))
    assert "autofocus" not in html  # the page without JavaScript opens at #now instead


def test_a_history_restore_gets_the_whole_page(client, sklearn_map):
    restore = client.get(CHAT, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()
    assert "<html" in client.get(CHAT, HTTP_HX_REQUEST="false").content.decode()


def test_the_policy_allows_htmx_file_and_nothing_inline(client, sklearn_map):
    response = client.get(CHAT)
    policy = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert policy["script-src"] == policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'" and policy["style-src"] == "'self'"
    html = response.content.decode()
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/advisor/vendor/htmx.min.js" defer>',
        '<script src="/static/web/framed.js" defer>',  # Escape closes the embed (docs/web.md)
    ]
    assert "<style" not in html and " style=" not in html
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)[1]
    for setting in ('"allowEval":false', '"includeIndicatorStyles":false'):
        assert setting in config


def test_the_page_with_its_stylesheet_and_script_is_under_50_kb(client, sklearn_map):
    page = walk(client)[-1]  # a recommendation: the longest chat of the walk
    assets = [
        finders.find(f) for f in ("web/chat.css", "advisor/vendor/htmx.min.js", "web/framed.js")
    ]
    sizes = [len(page.content)]
    for path in assets:
        with open(path, "rb") as asset:
            sizes.append(len(gzip.compress(asset.read())))
    print(
        f"transferred: page {sizes[0]} B, chat.css {sizes[1]} B gzipped, htmx {sizes[2]} B, "
        f"framed.js {sizes[3]} B"
    )
    assert sum(sizes) < 50_000
