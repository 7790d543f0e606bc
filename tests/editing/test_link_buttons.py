"""Link buttons: a button that opens a web page instead of leading to a step, with its
address per language, in map files, the change list, the admin and through the webhook."""

import json

import pytest
from django.urls import reverse

from advisor.actions.base import count_draft_edit
from advisor.core.mapcheck import translation_warnings
from advisor.loading import load_draft
from advisor.mapfile import MapFileError, export_map, import_map, parse_map_json
from advisor.models import Button, Map, MapLanguage
from advisor.versions import publish, unpublished_changes
from tests.forms import submit

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE = "https://scikit-learn.org/stable/user_guide.html"


def add_guide_button(map_obj: Map, **extra) -> Button:
    step = map_obj.nodes.get(key="linear-svc")
    button = Button.objects.create(node=step, label="User guide", url=GUIDE, order=9, **extra)
    count_draft_edit(map_obj)
    return button


def test_a_link_button_opens_its_page_in_the_users_language(botapi):
    sklearn = Map.objects.get(slug="sklearn")
    add_guide_button(sklearn, translations={"es": {"label": "Guía", "url": GUIDE + "?es"}})
    publish(Map.objects.get(pk=sklearn.pk))
    for user_id, language, label, url in (
        (3001, "en", "User guide", GUIDE),
        (3002, "es", "Guía", GUIDE + "?es"),
    ):
        chat = botapi.chat(user_id)
        chat.user["language_code"] = language
        assert chat.send("/start") == 200
        for answer in ("Yes", "Yes", "Yes") if language == "en" else ("Sí", "Sí", "Sí"):
            assert chat.press(answer) == 200
        assert chat.press("<100K samples" if language == "en" else "<100K muestras") == 200
        text, rows = chat.screen()
        assert rows[-2] == [label]  # under the answers, above the navigation
        assert chat.links() == {label: url}
        with pytest.raises(AssertionError, match="the bot gets nothing"):
            chat.press_update(label)
        assert chat.press(rows[-1][0]) == 200  # Back still walks the map


def test_a_map_file_with_link_buttons_round_trips():
    data = {
        "slug": "links",
        "title": "Links",
        "start": "ask",
        "nodes": [
            {
                "key": "ask",
                "kind": "recommendation",
                "text": "Read on.",
                "buttons": [{"label": "Docs", "summary": "", "url": GUIDE}],
            }
        ],
    }
    map_obj = import_map(data)
    assert map_obj.nodes.get().buttons.get().url == GUIDE
    exported = export_map(map_obj)
    assert exported["nodes"][0]["buttons"] == [{"label": "Docs", "summary": "", "url": GUIDE}]
    for button, said in (
        ({"label": "Docs", "url": "http://example.com/"}, "buttons[0].url: is not https"),
        ({"label": "Docs", "url": GUIDE, "target": "ask"}, "has a target and a url"),
    ):
        data["nodes"][0]["buttons"] = [button]
        with pytest.raises(MapFileError, match=said.replace("[", r"\[").replace("]", r"\]")):
            parse_map_json(json.dumps(data))


def test_link_buttons_are_changes_like_any_other(sklearn_map):
    sklearn = Map.objects.get(slug="sklearn")
    button = add_guide_button(sklearn)
    [added] = unpublished_changes(Map.objects.get(pk=sklearn.pk))
    assert added.summary.endswith(f"leading to the web page {GUIDE}.")
    publish(Map.objects.get(pk=sklearn.pk))
    Button.objects.filter(pk=button.pk).update(url=GUIDE + "#svm")
    count_draft_edit(sklearn)
    [moved] = unpublished_changes(Map.objects.get(pk=sklearn.pk))
    assert f"now leads to the web page {GUIDE}#svm (was the web page {GUIDE})" in moved.summary


def test_the_step_page_takes_a_step_or_a_page_not_both(sklearn_map, editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="linear-svc")
    url = reverse("admin:advisor_node_change", args=[step.pk])
    row = {"buttons-1-label": "Guide", "buttons-1-order": "5"}
    for extra, said in (
        ({"buttons-1-url": "http://x.example/"}, "starting with https://"),
        ({}, "Pick the step this answer leads to, or give the web page it opens"),
        (
            {"buttons-1-url": GUIDE, "buttons-1-target": str(step.pk)},
            "Pick the step this answer leads to, or give the web page it opens",
        ),
    ):
        response = submit(editor_client, url, {**row, **extra})
        assert response.status_code == 200 and said in response.content.decode()
    response = submit(editor_client, url, {**row, "buttons-1-url": GUIDE})
    assert response.status_code == 302
    assert step.buttons.get(label="Guide").url == GUIDE
    outline = editor_client.get(reverse("admin:advisor_map_change", args=[sklearn.pk]))
    assert (
        f'<a href="{GUIDE}" rel="noopener noreferrer" target="_blank">' in outline.content.decode()
    )


def test_a_translated_address_must_be_https(sklearn_map, editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    button = add_guide_button(sklearn)
    MapLanguage.objects.get_or_create(map=sklearn, code="es", defaults={"name": "Español"})
    url = reverse("admin:advisor_map_translate", args=[sklearn.pk, "es"])
    response = submit(editor_client, url, {f"button-{button.pk}-url": "ftp://x.example/"})
    assert "starting with https://" in response.content.decode()
    response = submit(editor_client, url, {f"button-{button.pk}-url": GUIDE + "?es"})
    assert response.status_code == 302
    button.refresh_from_db()
    assert button.translations["es"]["url"] == GUIDE + "?es"


def test_an_untranslated_link_button_is_counted_as_missing(sklearn_map):
    add_guide_button(sklearn_map)
    warnings = translation_warnings(load_draft(sklearn_map.pk))
    assert [w.message.split(" text(s)")[0] for w in warnings] == ["1"]
