"""The embed (botapp/web/embed.js, botapp.web.framing) and editors' draft chat
(botapp.web.drafts): the loader's size and type, the frame-ancestors of the chat page with no
site and with the sites the live version allows, every other page refusing frames, and the
draft page for editors alone."""

import gzip
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from advisor.models import Map, Node
from advisor.pictures import store
from advisor.versions import publish
from tests.editing.conftest import PASSWORD
from tests.pictures import image
from tests.web.test_chat_page import CHAT, buttons, shown

pytestmark = pytest.mark.django_db
DRAFT = f"{CHAT}draft/"
SITES = ["https://www.example.org", "http://localhost:8000"]


def allow(map_obj: Map, origins: list[str], *, published: bool = True) -> None:
    Map.objects.filter(pk=map_obj.pk).update(embed_origins=origins)
    if published:
        publish(Map.objects.get(pk=map_obj.pk))


def frame_ancestors(response) -> str:
    return response["Content-Security-Policy"].rpartition("; frame-ancestors ")[2]


def test_the_loader_is_plain_javascript_under_3_kb(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    script = response.content
    assert len(script) < 3 * 1024  # under 3 KB even to a browser that takes no gzip
    zipped = client.get("/embed.js", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == script
    print(f"embed.js: {len(script)} B, {len(zipped.content)} B gzipped as sent")
    # data-map is only ever text: nothing in the loader parses HTML.
    for parser in (b"innerHTML", b"outerHTML", b"insertAdjacentHTML", b"document.write"):
        assert parser not in script
    assert b'encodeURIComponent(script.getAttribute("data-map")' in script
    assert client.post("/embed.js").status_code == 405


def test_the_chat_page_is_framed_by_exactly_the_sites_the_live_version_allows(client, sklearn_map):
    allow(sklearn_map, SITES)
    for response in (client.get(CHAT), client.get(CHAT, HTTP_HX_REQUEST="true")):
        assert frame_ancestors(response) == "https://www.example.org http://localhost:8000"
        assert "X-Frame-Options" not in response  # it cannot list sites: the policy does
        assert "form-action 'self'" in response["Content-Security-Policy"]
    # Every other page keeps refusing frames, the loader and a picture included.
    for path in ("/admin/login/", "/chat/unknown/", "/embed.js", DRAFT):
        assert client.get(path)["X-Frame-Options"] == "DENY", path


def test_a_drafted_list_changes_no_header_until_published(client, sklearn_map):
    allow(sklearn_map, SITES, published=False)
    assert frame_ancestors(client.get(CHAT)) == "'self'"
    assert client.get(CHAT)["X-Frame-Options"] == "SAMEORIGIN"
    publish(Map.objects.get(pk=sklearn_map.pk))
    assert frame_ancestors(client.get(CHAT)) == " ".join(SITES)
    allow(sklearn_map, [])  # and emptied again: this site only
    assert frame_ancestors(client.get(CHAT)) == "'self'"


@pytest.fixture
def draft_changed(sklearn_map) -> Node:
    """The first question reworded in the draft, with a picture only the draft shows."""
    start = Node.objects.get(pk=sklearn_map.start_node_id)
    Node.objects.filter(pk=start.pk).update(
        text="What are you working on? (draft)", picture=store(image(color="red"))
    )
    Map.objects.filter(pk=sklearn_map.pk).update(draft_revision=start.map.draft_revision + 1)
    return start


def test_an_editor_walks_the_draft_with_its_links_under_draft(editor_client, draft_changed):
    response = editor_client.get(DRAFT)
    assert response.status_code == 200
    page = shown(response)
    assert "Draft — not what users see" in page and "(draft)" in page
    assert "(draft)" not in shown(Client().get(CHAT))  # users still see the live version
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert frame_ancestors(response) == "'none'" and response["X-Frame-Options"] == "DENY"
    # Every answer is a link relative to this page: the walk stays under /draft/.
    first = next(iter(buttons(response).values()))
    assert first.startswith("?go=")
    answered = editor_client.get(DRAFT + first.split("#")[0])
    assert answered.status_code == 200 and "Draft — not what users see" in shown(answered)
    # The draft's picture, for editors only.
    src = re.search(r'<img src="([^"]+)" alt="">', html)[1]
    assert src.startswith(f"{DRAFT}pictures/")
    picture = editor_client.get(src)
    assert picture.status_code == 200 and picture.content == image(color="red")
    assert "no-store" in picture["Cache-Control"]
    assert Client().get(src).status_code == 302
    assert Client().get(src.replace("/draft/", "/")).status_code == 404  # not public


def test_the_draft_is_never_public(client, draft_changed):
    anonymous = client.get(f"{DRAFT}?go=x")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/admin/login/?next=/chat/sklearn/draft/%3Fgo%3Dx"
    User.objects.create_user("visitor", password=PASSWORD)  # signed in, but not staff
    client.force_login(User.objects.get(username="visitor"))
    assert client.get(DRAFT).status_code == 302
    User.objects.create_user("staff", password=PASSWORD, is_staff=True)  # no right on maps
    client.force_login(User.objects.get(username="staff"))
    refused = client.get(DRAFT)
    assert refused.status_code == 403 and "(draft)" not in refused.content.decode()


def test_an_unknown_map_has_no_draft_either(editor_client, sklearn_map):
    assert editor_client.get("/chat/nothing/draft/").status_code == 404
    assert editor_client.get("/chat/<b>/draft/").status_code == 404


def test_the_preview_opens_the_draft_and_the_live_web_chat(editor_client, sklearn_map):
    url = f"/admin/advisor/map/{sklearn_map.pk}/preview/"
    html = editor_client.get(url).content.decode()
    assert f'href="{DRAFT}"' in html and f'href="{CHAT}"' in html
    Map.objects.filter(pk=sklearn_map.pk).update(is_published=False)
    html = editor_client.get(url).content.decode()
    assert f'href="{DRAFT}"' in html and f'href="{CHAT}"' not in html
    assert "users see no web chat while the map is offline" in html
