"""Formatted messages in map files, on the step's page, in the checks and in the preview."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisor.actions.base import count_draft_edit
from advisor.core.mapcheck import MESSAGE_TOO_LONG, check_map
from advisor.mapfile import MapFileError, export_map, import_map, parse_map_json
from advisor.models import Map, Node
from tests.editing.maps import Q, R, graph_of, make_map
from tests.forms import submit

pytestmark = pytest.mark.django_db


def small_file(text: str, **extra) -> dict:
    return {
        "slug": "small",
        "title": "Small",
        "start": "ask",
        "nodes": [{"key": "ask", "kind": "recommendation", "text": text, "buttons": []}],
        **extra,
    }


def test_a_plain_map_file_keeps_reading_as_it_did():
    map_obj = import_map(small_file("<100K & more?"))
    assert map_obj.nodes.get().text == "&lt;100K &amp; more?"
    exported = export_map(map_obj)
    assert exported["text_format"] == "html"
    assert exported["nodes"][0]["text"] == "&lt;100K &amp; more?"


def test_a_formatted_map_file_round_trips():
    text = 'Try <b>SVC</b> (<a href="https://scikit-learn.org/">docs</a>)'
    data = small_file(text, text_format="html")
    map_obj = import_map(data)
    assert map_obj.nodes.get().text == text
    again = export_map(map_obj)
    assert again["nodes"][0]["text"] == text and again["text_format"] == "html"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<100K", "nodes[0].text: A “<” on its own must be written &lt;"),
        ("<b>open", "nodes[0].text: <b> is never closed"),
        ('<a href="ftp://x">x</a>', "nodes[0].text: “ftp://x” is not a web address"),
    ],
)
def test_a_formatted_map_file_with_broken_markup_is_refused(text, said):
    import json

    with pytest.raises(MapFileError) as refused:
        parse_map_json(json.dumps(small_file(text, text_format="html")))
    assert str(refused.value).startswith(said)


def test_a_message_telegram_would_refuse_cannot_be_saved(editor_client):
    step = Node.objects.get(map__slug="sklearn", key="linear-svc")
    url = reverse("admin:advisor_node_change", args=[step.pk])
    for typed, said in (
        ("Try <span>SVC</span>", "Telegram has no &lt;span&gt; formatting"),
        ('Try <a href="javascript:alert(1)">SVC</a>', "is not a web address"),
    ):
        response = submit(editor_client, url, {"text": typed})
        assert response.status_code == 200 and said in response.content.decode()
    step.refresh_from_db()
    assert step.text.startswith("Try <b>Linear SVC</b>")


def test_a_formatted_message_is_saved_in_one_spelling(editor_client):
    step = Node.objects.get(map__slug="sklearn", key="linear-svc")
    url = reverse("admin:advisor_node_change", args=[step.pk])
    typed = "Try <B>Linear SVC</B> &#60;fast&#62; <a href='https://scikit-learn.org/'>docs</a>"
    response = submit(editor_client, url, {"text": typed})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.text == (
        'Try <b>Linear SVC</b> &lt;fast&gt; <a href="https://scikit-learn.org/">docs</a>'
    )


def test_a_message_too_long_as_telegram_counts_it_blocks_publishing():
    tiny = make_map({"ask": (Q, [("Go", "end")]), "end": (R, [])})
    end = tiny.nodes.get(key="end")
    end.doc_url = "https://example.com/" + "d" * 170
    end.text = "<b>" + "x" * 3500 + "</b>"  # 3500 shown: the field's own limit
    end.save()
    Map.objects.filter(pk=tiny.pk).update(texts={"answers": "Your answers so far: " + "a" * 380})
    [finding] = [f for f in check_map(graph_of(tiny)) if f.problem == MESSAGE_TOO_LONG]
    assert finding.node_key == "end" and finding.language == "en"
    assert "Telegram allows 4096" in finding.message


def test_the_preview_shows_the_formatting_as_telegram_does(editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    Node.objects.filter(pk=step.pk).update(
        text='Do you have <b>more</b> than 50 &lt;samples&gt;? <a href="https://a.example/">Why</a>'
    )
    page = editor_client.get(reverse("admin:advisor_map_preview", args=[sklearn.pk]), {"draft": 1})
    html = page.content.decode()
    assert "Do you have <b>more</b> than 50 &lt;samples&gt;?" in html
    assert '<a href="https://a.example/" rel="noopener noreferrer" target="_blank">Why</a>' in html


HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_markup_typed_into_any_text_never_runs_in_an_admin_page(editor_client):
    """Whatever an editor types shows as text on every page that shows it: stored escaped
    (the editor's box and the migration escape it), and shown through advisor.markup."""
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
    Node.objects.filter(pk=step.pk).update(
        text=escaped, translations={"es": {"text": escaped, "source": {}}}
    )
    Map.objects.filter(pk=sklearn.pk).update(greeting=escaped, goodbye=escaped)
    count_draft_edit(sklearn)
    pages = [
        reverse("admin:advisor_map_change", args=[sklearn.pk]),
        reverse("admin:advisor_map_preview", args=[sklearn.pk]),
        reverse("admin:advisor_map_changes", args=[sklearn.pk]),
        reverse("admin:advisor_map_translate", args=[sklearn.pk, "es"]),
        reverse("admin:advisor_node_change", args=[step.pk]),
        reverse("admin:advisor_map_check", args=[sklearn.pk]),
        reverse("admin:advisor_map_history", args=[sklearn.pk]),
    ]
    for page in pages:
        html = editor_client.get(page).content.decode()
        assert "<img src=x" not in html and "<script>alert" not in html, page
        assert "onerror" not in html.replace("onerror=&quot;", "").replace("onerror=&amp;quot;", "")


def test_raw_markup_posted_without_the_editor_is_refused_not_stored():
    tiny = make_map({"ask": (Q, [("Go", "end")]), "end": (R, [])})
    step = tiny.nodes.get(key="ask")
    step.text = HOSTILE
    with pytest.raises(ValidationError, match="Telegram has no <img> formatting"):
        step.full_clean()


def test_a_message_only_reformatted_shows_formatted_before_and_after(editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    bold = step.text.replace("50 samples", "<b>50 samples</b>")
    Node.objects.filter(pk=step.pk).update(text=bold)
    count_draft_edit(sklearn)
    html = editor_client.get(reverse("admin:advisor_map_changes", args=[sklearn.pk])).content
    shown = html.decode().split('<div class="side-by-side formatted">')[1].split("</div>\n")
    assert shown[0].endswith(f'<span class="side-label">Before</span>{step.text}')
    assert shown[1].endswith(f'<span class="side-label">After</span>{bold}')
