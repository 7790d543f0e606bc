"""The chat page's guards (botapp.web): pictures of the live version only, link buttons in a
new tab, a map's markup never run as script, hostile parameters answered with a page (never a
500), two statements per answer (the map's read and the page view's record), no framing, and
no Telegram setting needed."""

import re
from html import unescape

import pytest

from advisor.core.callbacks import Go, encode
from advisor.core.texts import MAP_DEFAULTS
from advisor.models import Button, Map, Node
from advisor.pictures import store
from advisor.versions import publish
from botapp.models import HandledUpdate
from tests.pictures import image, show_pictures
from tests.web.test_chat_page import CHAT, buttons, go_of, shown, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
GUIDE = "https://scikit-learn.org/stable/user_guide.html"
HTMX = '<script src="/static/advisor/vendor/htmx.min.js" defer>'
FRAMED = '<script src="/static/web/framed.js" defer>'


def page_at(client, key: str, sklearn_map, **params):
    """The chat page at the step ``key`` (its map's start if it is the first question)."""
    step = Node.objects.get(map=sklearn_map, key=key)
    return client.get(CHAT, {"go": encode(Go(sklearn_map.pk, step.pk)), **params})


def test_a_steps_picture_is_served_from_the_live_version_only(client, sklearn_map):
    start = Node.objects.get(pk=sklearn_map.start_node_id)
    show_pictures(sklearn_map, {start.key: image()})
    response = client.get(CHAT)
    src = re.search(r'<img src="([^"]+)" alt="">', response.content.decode())[1]
    picture = client.get(src)
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png" and picture.content == image()
    # A picture of the draft only (not published) is not public, nor is one of another map.
    draft_only = store(image(color="red")).pk
    Node.objects.filter(pk=start.pk).update(picture=draft_only)
    assert client.get(src.replace(src.split("/")[-2], draft_only)).status_code == 404
    assert client.get(src.replace("/sklearn/", "/other/")).status_code == 404
    Map.objects.filter(pk=sklearn_map.pk).update(is_published=False)  # offline: none
    assert client.get(src).status_code == 404


def test_a_link_button_opens_in_a_new_tab(client, sklearn_map):
    start = Node.objects.get(pk=sklearn_map.start_node_id)
    Button.objects.create(node=start, label="User guide", url=GUIDE, order=9)
    publish(Map.objects.get(pk=sklearn_map.pk))
    html = client.get(CHAT).content.decode()
    link = re.search(rf'<a class="button external" href="{re.escape(GUIDE)}"[^>]*>', html)[0]
    assert 'target="_blank"' in link and 'rel="noopener noreferrer"' in link


def test_what_the_web_does_not_offer_shows_no_button(client, sklearn_map):
    """ "Ask a person" (a step's, or the map's under its recommendations) needs Telegram: no
    dead button; a map that neither asks "Was this helpful?" nor offers Share shows neither."""
    Node.objects.filter(pk=sklearn_map.start_node_id).update(offers_person=True)
    Map.objects.filter(pk=sklearn_map.pk).update(
        offers_person=True, asks_if_helpful=False, offers_share=False
    )
    publish(Map.objects.get(pk=sklearn_map.pk))
    start = client.get(CHAT)
    assert MAP_DEFAULTS["ask_person"] not in shown(start)
    response, _ = walk_to_a_recommendation(client)
    words = shown(response)
    for key in ("ask_person", "helpful", "helpful_yes", "helpful_no", "share"):
        assert MAP_DEFAULTS[key] not in words
    assert response["Vary"] == "Accept-Language, HX-Request"


def test_markup_in_a_maps_text_never_runs_as_script(client, sklearn_map):
    start = Node.objects.get(pk=sklearn_map.start_node_id)
    Node.objects.filter(pk=start.pk).update(
        text='<b>Bold</b> &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://x.org/">a</a>'
    )
    Button.objects.filter(node=start).update(label='<img src=x onerror="alert(1)">')
    publish(Map.objects.get(pk=sklearn_map.pk))
    html = client.get(CHAT).content.decode()
    assert "<b>Bold</b>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://x.org/" rel="noopener noreferrer" target="_blank">a</a>' in html
    assert scripts_of(html) == [HTMX, FRAMED] and "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # A text stored unchecked (bypassing the validators) shows literally, whole.
    Node.objects.filter(pk=start.pk).update(text="<script>alert(1)</script>")
    publish(Map.objects.get(pk=sklearn_map.pk))
    html = client.get(CHAT).content.decode()
    assert scripts_of(html) == [HTMX, FRAMED] and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def scripts_of(html: str) -> list[str]:
    """Every script tag of a page: the chat page's are htmx's file and framed.js alone."""
    return re.findall(r"<script[^>]*>", html)


HOSTILE = [
    "x" * 100_000,
    "g:1:4:" + ".".join(["1"] * 5000),
    "g:1:\x00:",
    "g:1:²:",
    "g:zzzzzzzzzzzzzzzzzzzz:1:",
    "v" * 64,
    "s:-1",
    "<script>alert(1)</script>",
    "",
]


@pytest.mark.parametrize("go", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_parameters_get_the_maps_start_never_a_500(client, sklearn_map, go):
    response = client.get(CHAT, {"go": go, "lang": go})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert MAP_DEFAULTS["back"] not in buttons(response)  # the start, alone
    if go:
        assert MAP_DEFAULTS["map_changed"] in shown(response)


def test_a_deep_path_walks_or_restarts(client, sklearn_map):
    """A path of many presses (a loop through "Not working" and Back) answers either way."""
    response, go = walk_to_a_recommendation(client)
    deep = go + "." + ".".join([go.rsplit(".", 1)[-1]] * 20)
    assert client.get(CHAT, {"go": deep}).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "htmx"])
def test_each_answer_costs_at_most_two_statements(
    client, sklearn_map, django_assert_num_queries, headers
):
    """As a page load, and as htmx's request for the chat alone: the map's read and the page
    view's record (botapp.web.visits), once the live version is cached."""
    client.get(CHAT)  # the live version read once, then cached by its id

    views = []

    def answered(*args):
        with django_assert_num_queries(2) as statements:
            response = client.get(*args, **headers)
        assert "INSERT INTO" in statements.captured_queries[-1]["sql"]  # the page view
        views.append(response)
        return response

    href = ""
    for _ in range(12):
        links = buttons(answered(CHAT + href.split("#")[0]))
        if MAP_DEFAULTS["done"] in links:
            break
        href = next(iter(links.values()))
    for label in ("Back", "Start over", "Done"):
        answered(CHAT, {"go": go_of(links[label])})
    answered(CHAT, {"go": "forged"})
    assert HandledUpdate.objects.filter(channel="web").count() == 1 + len(views)


def test_the_chat_page_is_framed_by_this_site_only_and_every_other_page_by_none(
    client, sklearn_map
):
    """With no site allowed to embed the map (tests/web/test_embed.py lists some)."""
    for path in ("/chat/unknown/", "/admin/login/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in client.get("/chat/unknown/")["Content-Security-Policy"]
    response = client.get(CHAT)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"].endswith("; frame-ancestors 'self'")


def test_the_page_needs_no_telegram_setting(client, sklearn_map, settings):
    settings.TELEGRAM_BOT_TOKEN = settings.TELEGRAM_WEBHOOK_SECRET = ""
    settings.TELEGRAM_BOT_USERNAME = ""
    response, _ = walk_to_a_recommendation(client)
    assert response.status_code == 200
    assert "t.me" not in unescape(response.content.decode())
