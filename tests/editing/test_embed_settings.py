"""The sites allowed to show a map's web chat (Map.embed_origins): edited on the map's page,
checked, on its History, listed as a change, discarded alone, published to the chat page's
header, carried by map files; and the snippet the page shows to paste into a site."""

import pytest

from advisor.actions import Publish
from advisor.core.origins import OriginError, normalized_origin
from advisor.mapfile import MapFileError, export_map, import_map
from advisor.models import HistoryEntry, Map
from tests.editing.test_small_undo import discard_forms, map_url, text
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db
CHANGED = (
    "The sites allowed to show the web chat are now https://www.example.org, "
    "http://localhost:8000 (was none)."
)


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://www.Example.org/", "https://www.example.org"),
        ("  HTTP://localhost:8000 ", "http://localhost:8000"),
        ("https://shop.example.org:443", "https://shop.example.org"),
    ],
)
def test_a_site_is_written_one_way(typed, origin):
    assert normalized_origin(typed) == origin


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("www.example.org", "must start with https://"),
        ("https://www.example.org/help", "has a path after the site's name"),
        ("https://www.example.org/?x=1", "has a path after the site's name"),
        ("javascript:alert(1)", "must start with https://"),
        ("https://user@example.org", "has no valid site name"),
        ("https://*.example.org", "has no valid site name"),
        ("https://example.org:99999", "is not a site's address"),
    ],
)
def test_what_is_not_a_site_is_refused_in_plain_words(typed, said):
    with pytest.raises(OriginError, match=said):
        normalized_origin(typed)


def test_an_editor_lists_sites_in_the_draft_and_a_publisher_makes_them_live(
    editor_client, publisher, client, sklearn_map
):
    url = map_url(sklearn_map)
    typed = "https://WWW.example.org/\r\nhttp://localhost:8000\r\nhttps://www.example.org"
    assert submit(editor_client, url, {"embed_origins": typed}).status_code == 302
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert saved.embed_origins == ["https://www.example.org", "http://localhost:8000"]
    entry = HistoryEntry.objects.filter(map=saved).latest("id")
    assert entry.summary == "Changed the map's page: the sites allowed to show this chat"
    assert entry.user.username == "eve"
    page = text(editor_client.get(url))
    assert "https://www.example.org http://localhost:8000" in page  # the field, one a line
    assert "(the draft lists: https://www.example.org, http://localhost:8000)" in page
    assert CHANGED in text(editor_client.get(map_url(saved, "changes")))
    assert client.get("/chat/sklearn/")["X-Frame-Options"] == "SAMEORIGIN"  # not yet

    Publish(saved, user=publisher).execute()
    response = client.get("/chat/sklearn/")
    policy = response["Content-Security-Policy"]
    assert policy.endswith("; frame-ancestors https://www.example.org http://localhost:8000")
    published = HistoryEntry.objects.filter(map=saved).latest("id")
    assert published.summary == "Published version 2 (1 change)"


def test_a_wrong_site_is_refused_and_nothing_is_saved(editor_client, sklearn_map):
    url = map_url(sklearn_map)
    before = HistoryEntry.objects.count()
    refused = submit(editor_client, url, {"embed_origins": "https://ok.org\nwww.example.org/x"})
    assert refused.status_code == 200
    assert "“www.example.org/x” must start with https:// (or http://)." in text(refused)
    assert Map.objects.get(pk=sklearn_map.pk).embed_origins == []
    assert HistoryEntry.objects.count() == before


def test_a_mistake_corrected_on_the_refused_page_is_saved(editor_client, sklearn_map):
    """The page shown again for a mistake still knows when it was opened: correcting the
    mistake and saving saves, with no "someone changed this" (nobody did)."""
    url = map_url(sklearn_map)
    refused = submit(editor_client, url, {"embed_origins": "http://localhost:8732/x"})
    assert "Nothing was saved" not in text(refused) and "must" in text(refused)
    again = form_data(refused.content.decode())
    saved = editor_client.post(url, {**again, "embed_origins": "http://localhost:8732"})
    assert saved.status_code == 302
    assert Map.objects.get(pk=sklearn_map.pk).embed_origins == ["http://localhost:8732"]


def test_the_drafted_sites_are_discarded_alone(editor_client, sklearn_map):
    submit(editor_client, map_url(sklearn_map), {"embed_origins": "https://www.example.org"})
    changes = editor_client.get(map_url(sklearn_map, "changes")).content.decode()
    summary = "The sites allowed to show the web chat are now https://www.example.org (was none)."
    done = editor_client.post(
        map_url(sklearn_map, "discard"), discard_forms(changes)[summary], follow=True
    )
    assert f"Discarded: {summary}" in text(done)
    assert Map.objects.get(pk=sklearn_map.pk).embed_origins == []


def test_the_map_page_shows_the_snippet_to_copy_escaped(editor_client, sklearn_map):
    Map.objects.filter(pk=sklearn_map.pk).update(title='Estimators <img src=x onerror="alert(1)">')
    html = editor_client.get(map_url(sklearn_map)).content.decode()
    script = (
        "&lt;script src=&quot;http://testserver/embed.js&quot; data-map=&quot;sklearn&quot; "
        "async&gt;&lt;/script&gt;"
    )
    assert f"{script}</textarea>" in html
    frame = (
        "&lt;iframe src=&quot;http://testserver/chat/sklearn/&quot; title=&quot;Estimators "
        "&amp;lt;img src=x onerror=&amp;quot;alert(1)&amp;quot;&amp;gt;&quot;"
    )
    assert frame in html  # the title escaped in the snippet, and the snippet on the page
    assert "<img src=x" not in html
    assert "the draft lists none: only this site" in text(editor_client.get(map_url(sklearn_map)))


def test_a_map_file_carries_the_sites(sklearn_map):
    Map.objects.filter(pk=sklearn_map.pk).update(embed_origins=["https://www.example.org"])
    data = export_map(Map.objects.get(pk=sklearn_map.pk))
    assert data["embed_origins"] == ["https://www.example.org"]
    copied = import_map({**data, "slug": "copy", "embed_origins": ["HTTPS://Copy.org/"]})
    assert copied.embed_origins == ["https://copy.org"]
    Map.objects.filter(slug="copy").update(embed_origins=[])
    assert "embed_origins" not in export_map(Map.objects.get(slug="copy"))  # none: left out
    with pytest.raises(MapFileError, match="map.embed_origins: “copy.org” must start"):
        import_map({**data, "slug": "wrong", "embed_origins": ["copy.org"]})
    with pytest.raises(MapFileError, match="map.embed_origins: must be a list of sites"):
        import_map({**data, "slug": "wrong", "embed_origins": "https://copy.org"})
    assert not Map.objects.filter(slug="wrong").exists()
