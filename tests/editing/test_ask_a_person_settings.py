""" "Ask a person" as an editor meets it: the map's setting and its opening hours on the
map's page, a step's own setting on its page and in the outline, each a draft change on
the History and in the change list, taken back alone, seen by users once published, and
carried by map files. As for the map's other drafted settings, a Map editor may change
them; only a Map publisher makes them live."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from advisor.loading import draft_graph, live_graph
from advisor.mapfile import export_map, export_map_json, import_map
from advisor.models import HistoryEntry, Map, Node
from tests.editing.test_outline_pages import HTMX, open_form, url
from tests.editing.test_small_undo import discard_forms, map_url, step_url, text
from tests.editing.test_team_editing import opened
from tests.editing.test_translate_pages import translate_url
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db

HOURS = {
    "hours_time_zone": "Europe/Madrid",
    "hours_day_5": None,
    "hours_day_6": None,
    "hours_from": "9:00",
    "hours_to": "17:00",
}
ON = "Recommendations now offer “Ask a person”, as does the thanks for saying what one looked for."
TEAM_HOURS = "The team now answers Monday to Friday, 9:00–17:00 (Europe/Madrid) (was at any hour)."


def test_a_publisher_sets_the_hours_and_turns_it_on_and_users_see_it_once_published(
    publisher_client, sklearn_map
):
    page = text(publisher_client.get(map_url(sklearn_map)))
    assert "When your team answers “Ask a person”" in page and "Opening day: Monday" in page
    saved = submit(publisher_client, map_url(sklearn_map), {"offers_person": "on", **HOURS})
    assert saved.status_code == 302
    draft = Map.objects.get(pk=sklearn_map.pk)
    assert draft.offers_person
    assert draft.opening_hours == {
        "time_zone": "Europe/Madrid",
        "days": [0, 1, 2, 3, 4],
        "from": "09:00",
        "to": "17:00",
    }
    assert draft_graph(draft.pk).offers_person
    assert not live_graph(draft.pk).offers_person  # users see nothing yet
    entry = HistoryEntry.objects.filter(map=draft).latest("id")
    assert entry.summary.startswith("Changed the map's page: the “Ask a person” button, ")
    assert "the time zone of the opening hours" in entry.summary
    assert "the opening time" in entry.summary and "the closing time" in entry.summary
    changes = text(publisher_client.get(map_url(draft, "changes")))
    assert ON in changes and TEAM_HOURS in changes
    history = text(publisher_client.get(map_url(draft, "history")))
    assert "Changed the map's page: the “Ask a person” button" in history

    submit(publisher_client, map_url(draft, "publish"), {"note": "Ask a person"})
    live = live_graph(draft.pk)
    assert live.offers_person and live.opening_hours.days == (0, 1, 2, 3, 4)
    reopened = text(publisher_client.get(map_url(draft)))
    assert "Europe/Madrid" in reopened  # the form shows the stored hours


def test_wrong_hours_are_refused_field_by_field_and_nothing_is_saved(publisher_client, sklearn_map):
    wrong = {
        **HOURS,
        "hours_time_zone": "Europe/Madird",
        "hours_from": "25:00",
        **{f"hours_day_{day}": None for day in range(7)},
    }
    refused = submit(publisher_client, map_url(sklearn_map), wrong)
    assert refused.status_code == 200
    page = text(refused)
    assert "“Europe/Madird” is not a time zone's name: write one such as Europe/Madrid." in page
    assert "Tick at least one day the team answers." in page
    assert "Write a time of day, such as 9:00 or 17:30." in page
    assert Map.objects.get(pk=sklearn_map.pk).opening_hours == {}


def test_an_empty_time_zone_is_always_open(publisher_client, sklearn_map):
    submit(publisher_client, map_url(sklearn_map), HOURS)
    submit(publisher_client, map_url(sklearn_map), {"hours_time_zone": ""})
    assert Map.objects.get(pk=sklearn_map.pk).opening_hours == {}


def test_a_map_editor_changes_the_draft_but_only_a_publisher_makes_it_live(
    editor_client, publisher, sklearn_map
):
    assert submit(editor_client, map_url(sklearn_map), {"offers_person": "on", **HOURS})
    assert Map.objects.get(pk=sklearn_map.pk).offers_person
    refused = submit(editor_client, map_url(sklearn_map, "publish"), {"note": "mine"})
    assert refused.status_code == 403
    assert "Only Map publishers can publish" in text(refused)
    assert not live_graph(sklearn_map.pk).offers_person
    assert live_graph(sklearn_map.pk).opening_hours is None


def test_each_setting_is_discarded_alone(editor_client, sklearn_map):
    submit(editor_client, map_url(sklearn_map), {"offers_person": "on", **HOURS})
    buttons = discard_forms(editor_client.get(map_url(sklearn_map, "changes")).content.decode())
    done = editor_client.post(map_url(sklearn_map, "discard"), buttons[TEAM_HOURS], follow=True)
    assert f"Discarded: {TEAM_HOURS}" in text(done)
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.offers_person, saved.opening_hours) == (True, {})


def test_a_step_offers_it_from_its_page_and_from_the_outline(editor_client, sklearn_map):
    start = sklearn_map.start_node
    assert 'name="offers_person"' in editor_client.get(step_url(start)).content.decode()
    assert submit(editor_client, step_url(start), {"offers_person": "on"}).status_code == 302
    assert Node.objects.get(pk=start.pk).offers_person
    entry = HistoryEntry.objects.filter(step_id=start.pk).latest("id")
    assert entry.summary.endswith(": the offer “Ask a person”")
    outline = text(editor_client.get(map_url(sklearn_map)))
    assert "🙋 Ask a person" in outline  # the step's badge

    other = Node.objects.get(map=sklearn_map, key="predicting-category")
    address = url("_step", sklearn_map, other.pk)
    form = open_form(editor_client, address)
    assert form["offers_person"] == ""
    response = editor_client.post(address, {**form, "offers_person": "on"}, **HTMX)
    assert "Saved · 2 unpublished changes" in text(response)
    assert Node.objects.get(pk=other.pk).offers_person
    assert open_form(editor_client, address)["offers_person"] == "on"
    entry = HistoryEntry.objects.filter(step_id=other.pk).latest("id")
    assert entry.summary.endswith(": “Ask a person”")
    form = open_form(editor_client, address)
    editor_client.post(address, {**form, "offers_person": ""}, **HTMX)  # the box unticked
    assert not Node.objects.get(pk=other.pk).offers_person

    changes = text(editor_client.get(map_url(sklearn_map, "changes")))
    assert "Step “Do you have more than 50 samples?” now offers “Ask a person”." in changes
    assert draft_graph(sklearn_map.pk).nodes[start.pk].offers_person
    assert not live_graph(sklearn_map.pk).nodes[start.pk].offers_person


def test_map_files_carry_the_settings_and_refuse_wrong_hours(publisher_client, sklearn_map):
    submit(publisher_client, map_url(sklearn_map), {"offers_person": "on", **HOURS})
    Node.objects.filter(pk=sklearn_map.start_node_id).update(offers_person=True)
    data = json.loads(export_map_json(export_map(Map.objects.get(pk=sklearn_map.pk))))
    assert data["offers_person"] is True
    assert data["opening_hours"]["time_zone"] == "Europe/Madrid"
    assert [node["key"] for node in data["nodes"] if node.get("offers_person")] == [
        sklearn_map.start_node.key
    ]
    copy = import_map({**data, "slug": "copy", "is_default": False})
    assert export_map(copy) == {**data, "slug": "copy", "is_default": False}

    wrong = {**data, "slug": "wrong", "is_default": False}
    wrong["opening_hours"] = {**data["opening_hours"], "time_zone": "Mars/Olympus"}
    page = publisher_client.post(
        "/admin/advisor/map/import/",
        {"file": _file(wrong)},
        follow=True,
    )
    assert (
        "Nothing was imported: map.opening_hours: time_zone must be a time zone's name, "
        "such as Europe/Madrid" in text(page)
    )
    assert not Map.objects.filter(slug="wrong").exists()


def _file(data: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("map.json", json.dumps(data).encode(), "application/json")


def test_the_out_of_hours_words_may_hold_the_hours_and_nothing_else(publisher_client, sklearn_map):
    kept = submit(
        publisher_client,
        map_url(sklearn_map),
        {"text_out_of_hours": "Our hours: {hours}. Write anyway!"},
    )
    assert kept.status_code == 302
    assert Map.objects.get(pk=sklearn_map.pk).texts == {
        "out_of_hours": "Our hours: {hours}. Write anyway!"
    }
    refused = submit(
        publisher_client, map_url(sklearn_map), {"text_out_of_hours": "Hi {first_name}"}
    )
    assert "Only {hours} is filled in here: remove {first_name}." in text(refused)
    refused = submit(publisher_client, map_url(sklearn_map), {"text_ask_person": "Ask ({hours})"})
    assert "Nothing is filled in here: remove {hours}." in text(refused)

    page = translate_url(sklearn_map, "es")
    translated = submit(publisher_client, page, {"text-out_of_hours": "Horario: {hours}."})
    assert translated.status_code == 302
    assert (
        Map.objects.get(pk=sklearn_map.pk).translations["es"]["out_of_hours"] == "Horario: {hours}."
    )
    refused = submit(publisher_client, page, {"text-end_conversation": "Fin {hours}"})
    assert "Nothing is filled in here: remove {hours}." in text(refused)


def test_restoring_an_older_version_brings_its_settings_back(publisher_client, sklearn_map):
    submit(publisher_client, map_url(sklearn_map), {"offers_person": "on", **HOURS})
    submit(publisher_client, map_url(sklearn_map, "publish"), {"note": "Ask a person"})
    assert submit(publisher_client, map_url(sklearn_map, "restore", 1)).status_code == 302
    draft = Map.objects.get(pk=sklearn_map.pk)
    assert (draft.offers_person, draft.opening_hours) == (False, {})
    changes = text(publisher_client.get(map_url(draft, "changes")))
    assert "Recommendations no longer offer “Ask a person”." in changes
    assert submit(publisher_client, map_url(sklearn_map, "restore", 2)).status_code == 302
    draft = Map.objects.get(pk=sklearn_map.pk)
    assert draft.offers_person and draft.opening_hours["time_zone"] == "Europe/Madrid"


def test_two_editors_changing_the_hours_at_once_never_overwrite(
    editor_client, second_editor, sklearn_map
):
    url = map_url(sklearn_map)
    sams = opened(second_editor, url)
    submit(editor_client, url, HOURS)
    refused = second_editor.post(url, {**sams, "hours_time_zone": "Atlantic/Canary"})
    assert refused.status_code == 200
    assert "eve changed this map's page just now: the time zone of the opening hours, " in text(
        refused
    )
    assert Map.objects.get(pk=sklearn_map.pk).opening_hours["time_zone"] == "Europe/Madrid"
    form = form_data(refused.content.decode())
    assert form["hours_time_zone"] == "Atlantic/Canary" and form["hours_from"] == "09:00"
    assert second_editor.post(url, form).status_code == 302
    saved = Map.objects.get(pk=sklearn_map.pk).opening_hours
    assert (saved["time_zone"], saved["from"]) == ("Atlantic/Canary", "09:00")
