"""Two editors at once, through the admin's real request path: a save over someone else's
newer one is refused with who changed what, keeps what was typed and shows the other
version; one more save applies both. Different steps never conflict; Publish publishes only
what the publisher saw."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisor.models import Button, Map, Node
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db


def step_url(node: Node) -> str:
    return reverse("admin:advisor_node_change", args=[node.pk])


def text(response) -> str:
    return unescape(" ".join(response.content.decode().split()))


@pytest.fixture
def step(sklearn_map) -> Node:
    return sklearn_map.nodes.get(key="labeled-data")


def opened(client: Client, url: str) -> dict:
    """The form of a page as a browser holds it once opened."""
    return form_data(client.get(url).content.decode())


def test_a_stale_step_save_is_refused_names_the_change_and_keeps_what_was_typed(
    editor_client, second_editor, step
):
    url = step_url(step)
    bobs_page = opened(second_editor, url)  # sam opens the step first
    yes_row = next(k for k, v in bobs_page.items() if k.endswith("-label") and v == "Yes")
    submit(editor_client, url, {"text": "Do you have labelled examples?"})  # eve saves

    refused = second_editor.post(url, {**bobs_page, yes_row: "Yes, labelled"})
    page = text(refused)
    assert refused.status_code == 200
    assert "eve changed this step just now: the message. Nothing was saved." in page
    assert Node.objects.get(pk=step.pk).text == "Do you have labelled examples?"
    assert Button.objects.get(node=step, order=0).label == "Yes"  # sam's not saved either
    form = form_data(refused.content.decode())
    assert form[yes_row] == "Yes, labelled"  # what sam typed is kept
    assert form["text"] == "Do you have labelled examples?"  # eve's, where sam typed nothing
    assert "Do you have labelled examples?" in page.split('id="conflict"')[1].split("</table>")[0]

    again = second_editor.post(url, form)  # one more save applies both
    assert again.status_code == 302
    assert Node.objects.get(pk=step.pk).text == "Do you have labelled examples?"
    assert Button.objects.get(node=step, order=0).label == "Yes, labelled"


def test_the_same_field_changed_by_both_keeps_yours_and_shows_theirs(
    editor_client, second_editor, step
):
    url = step_url(step)
    bobs_page = opened(second_editor, url)
    submit(editor_client, url, {"text": "Eve's wording?"})
    refused = second_editor.post(url, {**bobs_page, "text": "Sam's wording?"})
    conflict = text(refused).split('id="conflict"')[1].split("</div>")[0]
    assert "eve changed this step just now: the message." in conflict
    assert '<tr class="clash"> <th scope="row">Message</th> <td class="theirs">Eve' in conflict
    assert '<td class="yours">Sam\'s wording?<br><strong>kept in the form</strong>' in conflict
    assert form_data(refused.content.decode())["text"] == "Sam's wording?"
    assert Node.objects.get(pk=step.pk).text == "Eve's wording?"


def test_buttons_added_and_removed_meanwhile_are_named_and_not_lost(
    editor_client, second_editor, step
):
    url = step_url(step)
    bobs_page = opened(second_editor, url)
    eves = opened(editor_client, url)
    no_row = next(k for k, v in eves.items() if k.endswith("-label") and v == "No")
    extra = str(int(eves["buttons-TOTAL_FORMS"]) - 1)  # the empty row for a new button
    kmeans = step.map.nodes.get(key="kmeans").pk
    new_button = {f"buttons-{extra}-label": "Not sure", f"buttons-{extra}-target": kmeans}
    eves[no_row.replace("-label", "-DELETE")] = "on"
    assert editor_client.post(url, {**eves, **new_button}).status_code == 302

    refused = second_editor.post(url, {**bobs_page, "text": "Labelled data?"})
    page = text(refused)
    assert "eve changed this step just now:" in page
    assert "removed the “No” button" in page and "added the “Not sure” button" in page
    form = form_data(refused.content.decode())
    labels = [v for k, v in form.items() if re.fullmatch(r"buttons-\d+-label", k)]
    assert labels == ["Yes", "Not sure"]  # the form shows the buttons as they are now
    assert second_editor.post(url, form).status_code == 302
    assert list(step.buttons.values_list("label", flat=True)) == ["Yes", "Not sure"]
    assert Node.objects.get(pk=step.pk).text == "Labelled data?"


def test_two_editors_on_different_steps_never_conflict(editor_client, second_editor, step):
    other = step.map.nodes.get(key="text-data")
    eves, sams = opened(editor_client, step_url(step)), opened(second_editor, step_url(other))
    assert editor_client.post(step_url(step), {**eves, "text": "Labelled?"}).status_code == 302
    assert second_editor.post(step_url(other), {**sams, "text": "Text?"}).status_code == 302
    assert Node.objects.get(pk=step.pk).text == "Labelled?"
    assert Node.objects.get(pk=other.pk).text == "Text?"


def test_a_page_without_the_state_it_was_opened_at_saves_nothing_it_cannot_check(
    editor_client, step
):
    data = opened(editor_client, step_url(step))
    del data["opened"]
    refused = editor_client.post(step_url(step), {**data, "text": "Forged?"})
    assert "Someone changed this step since you opened this page" in text(refused)
    assert Node.objects.get(pk=step.pk).text != "Forged?"


def test_the_conflict_check_costs_one_query(editor, step):
    """The stored buttons; the step itself comes with the object the admin loads anyway
    (and the form reads the map's languages, each of which may have its own picture)."""
    data = opened_as(editor, step)
    request = RequestFactory().post(step_url(step), data)
    request.user = editor
    editor.get_all_permissions()  # read once per request, before the form, by the admin
    model_admin = admin.site._registry[Node]
    with CaptureQueriesContext(connection) as queries:
        form_class = model_admin.get_form(request, step, change=True)
    assert form_class.conflict is None
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries]
    assert tables == ['"advisor_maplanguage"', '"advisor_button"']


def opened_as(user, node) -> dict:
    client = Client()
    client.force_login(user)
    return opened(client, step_url(node))


def test_a_stale_map_page_save_is_refused_and_merged(editor_client, second_editor, sklearn_map):
    url = reverse("admin:advisor_map_change", args=[sklearn_map.pk])
    sams = opened(second_editor, url)
    submit(editor_client, url, {"greeting": "Welcome, {first_name}!"})
    refused = second_editor.post(url, {**sams, "text_back": "Previous"})
    assert "eve changed this map's page just now: the greeting." in text(refused)
    assert Map.objects.get(pk=sklearn_map.pk).texts == {}
    form = form_data(refused.content.decode())
    assert (form["greeting"], form["text_back"]) == ("Welcome, {first_name}!", "Previous")
    assert second_editor.post(url, form).status_code == 302
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.greeting, saved.texts) == ("Welcome, {first_name}!", {"back": "Previous"})


def test_a_stale_publish_is_refused_and_shows_the_new_list(editor_client, publisher_client, step):
    url = reverse("admin:advisor_map_publish", args=[step.map_id])
    submit(editor_client, step_url(step), {"text": "Labelled?"})
    publish_page = opened(publisher_client, url)  # one change listed
    other = step.map.nodes.get(key="text-data")
    submit(editor_client, step_url(other), {"text": "Is it text?"})  # a second one meanwhile

    refused = publisher_client.post(url, {**publish_page, "note": "First"}, follow=True)
    page = text(refused)
    assert "Eve changed the draft just now, after you opened this page: nothing was done." in page
    assert "2 unpublished changes" in page and "The message of “Is it text?” was reworded." in page
    assert Map.objects.get(pk=step.map_id).live_version.number == 1
    published = publisher_client.post(url, {**form_data(refused.content.decode()), "note": "x"})
    assert published.status_code == 302
    assert Map.objects.get(pk=step.map_id).live_version.number == 2


def test_a_stale_discard_of_everything_discards_nothing(editor_client, second_editor, step):
    url = reverse("admin:advisor_map_discard", args=[step.map_id])
    submit(editor_client, step_url(step), {"text": "Labelled?"})
    confirm = opened(second_editor, url)
    submit(editor_client, step_url(step), {"text": "Labelled, really?"})
    refused = second_editor.post(url, confirm, follow=True)
    assert "nothing was done" in text(refused)
    assert Node.objects.get(pk=step.pk).text == "Labelled, really?"
    second_editor.post(url, form_data(refused.content.decode(), "confirm-form"))
    assert Node.objects.get(pk=step.pk).text == "Do you have labeled data?"


def test_a_new_step_whose_short_name_was_taken_meanwhile_says_by_whom(
    editor_client, second_editor, sklearn_map
):
    url = reverse("admin:advisor_node_add") + f"?map={sklearn_map.pk}"
    sams = opened(second_editor, url)
    submit(editor_client, url, {"key": "maybe", "kind": "dead_end", "text": "Later."})
    refused = second_editor.post(url, {**sams, "key": "maybe", "kind": "dead_end", "text": "No?"})
    page = unescape(" ".join(re.sub(r"<[^>]+>", " ", refused.content.decode()).split()))
    assert "Another step of this map is already called 'maybe'." in page
    assert "Since you opened this page: eve, just now: Added dead end “Later.” (maybe)" in page
    assert sklearn_map.nodes.get(key="maybe").text == "Later."
