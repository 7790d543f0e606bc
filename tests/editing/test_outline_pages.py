"""The outline's requests through the admin's request path, as htmx sends them: the map's
page shows the outline, each edit answers with the outline, the status line and "Saved", a
refused edit answers with its form again where it was typed, a newer save is not
overwritten, and only those who may edit get the edits."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from advisor.models import Button, Map, Node
from tests.forms import form_data, submit
from tests.pictures import image, show_pictures

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def url(name: str, map_obj: Map, *args) -> str:
    return reverse(f"admin:advisor_map_outline{name}", args=[map_obj.pk, *args])


def open_form(client, address: str) -> dict:
    """An edit's form as the outline shows it (a GET of its fragment)."""
    return form_data(client.get(address, **HTMX).content.decode())


def test_the_map_page_is_its_outline_in_conversation_order(editor_client, sklearn_map):
    page = editor_client.get(reverse("admin:advisor_map_change", args=[sklearn_map.pk]))
    html = page.content.decode()
    order = re.findall(r'<li class="outline-step [^"]*" id="step-(\d+)"', html)
    assert len(order) == sklearn_map.nodes.count()  # every step in full, once
    assert int(order[0]) == sklearn_map.start_node_id
    words = text(page)
    assert "The map, as the conversation goes" in words
    assert "question Do you have more than 50 samples? more-than-50-samples" in words
    assert ", above" in words  # a step several answers lead to, referred to


def test_a_reword_is_one_request_answered_with_the_outline_and_the_status(
    editor_client, sklearn_map
):
    start = sklearn_map.start_node
    form = open_form(editor_client, url("_step", sklearn_map, start.pk))
    assert form["text"] == start.text and form["opened"]
    response = editor_client.post(
        url("_step", sklearn_map, start.pk), {**form, "text": "50+?"}, **HTMX
    )
    assert response.status_code == 200
    assert "Saved · 1 unpublished change" in text(response)
    assert 'id="map-status" hx-swap-oob="true"' in response.content.decode()
    trigger = json.loads(response["HX-Trigger-After-Settle"])
    assert trigger == {"outlineFocus": {"id": f"step-{start.pk}"}}
    assert Node.objects.get(pk=start.pk).text == "50+?"


def test_a_refused_edit_comes_back_where_it_was_typed(editor_client, sklearn_map):
    start = sklearn_map.start_node
    form = open_form(editor_client, url("_step", sklearn_map, start.pk))
    response = editor_client.post(
        url("_step", sklearn_map, start.pk), {**form, "text": " "}, **HTMX
    )
    assert response["HX-Retarget"] == f"#slot-{start.pk}"
    assert "Write what the bot says at this step; it cannot be empty." in text(response)
    button = start.buttons.first()
    form = open_form(editor_client, url("_button", sklearn_map, button.pk))
    long = "A button text far too long for it"
    response = editor_client.post(
        url("_button", sklearn_map, button.pk), {**form, "label": long}, **HTMX
    )
    assert "keep a button to 32 characters (this one has 33)" in text(response)
    assert f'value="{long}"' in response.content.decode()  # what was typed stays
    assert Button.objects.get(pk=button.pk).label == button.label


def test_another_editors_newer_reword_is_not_overwritten(editor_client, sklearn_map):
    sam = User.objects.create_user("sam", is_staff=True)
    sam.user_permissions.add(*Permission.objects.filter(codename__in=["change_map", "view_map"]))
    other = Client()
    other.force_login(sam)
    start = sklearn_map.start_node
    sams = open_form(other, url("_step", sklearn_map, start.pk))
    eves = open_form(editor_client, url("_step", sklearn_map, start.pk))
    editor_client.post(url("_step", sklearn_map, start.pk), {**eves, "text": "Eve's?"}, **HTMX)
    refused = other.post(url("_step", sklearn_map, start.pk), {**sams, "text": "Sam's?"}, **HTMX)
    words = text(refused)
    assert "eve changed this step just now: nothing was saved." in words
    assert "Theirs, saved meanwhile Eve's?" in words
    assert form_data(refused.content.decode())["text"] == "Sam's?"
    assert Node.objects.get(pk=start.pk).text == "Eve's?"
    kind = other.post(url("_step", sklearn_map, start.pk), {**sams, "kind": "dead_end"}, **HTMX)
    assert "Saved" in text(kind)  # another field: both kept
    assert (Node.objects.get(pk=start.pk).text, Node.objects.get(pk=start.pk).kind) == (
        "Eve's?",
        "dead_end",
    )


def test_an_answer_to_a_new_step_in_one_request(editor_client, sklearn_map):
    start = sklearn_map.start_node
    form = open_form(editor_client, url("_answer", sklearn_map, start.pk))
    assert form["leads"] == "new"
    new = {"label": "Not sure", "new_text": "Count them first.", "new_kind": "dead_end"}
    response = editor_client.post(url("_answer", sklearn_map, start.pk), {**form, **new}, **HTMX)
    assert "Saved · 2 unpublished changes" in text(response)
    button = start.buttons.get(label="Not sure")
    assert (button.target.text, button.target.kind) == ("Count them first.", "dead_end")


def test_answers_move_and_a_move_over_a_newer_order_is_refused(editor_client, sklearn_map):
    start = sklearn_map.start_node
    yes, no = start.buttons.order_by("order")
    shown = f"{yes.pk},{no.pk}"
    moved = editor_client.post(
        url("_order", sklearn_map, start.pk), {"order": f"{no.pk},{yes.pk}", "was": shown}, **HTMX
    )
    assert "Saved" in text(moved)
    assert list(start.buttons.order_by("order").values_list("pk", flat=True)) == [no.pk, yes.pk]
    again = editor_client.post(
        url("_order", sklearn_map, start.pk), {"order": shown, "was": shown}, **HTMX
    )
    assert "Not moved: you changed these answers just now" in text(again)
    assert list(start.buttons.order_by("order").values_list("pk", flat=True)) == [no.pk, yes.pk]


def test_delete_a_step_redirecting_the_buttons_that_lead_to_it(editor_client, sklearn_map):
    target = sklearn_map.nodes.get(key="kernel-approximation")
    leading = list(Button.objects.filter(target=target).values_list("pk", flat=True))
    assert len(leading) == 2
    form = open_form(editor_client, url("_delete", sklearn_map, target.pk))
    assert "2 buttons lead to it" in text(
        editor_client.get(url("_delete", sklearn_map, target.pk), **HTMX)
    )
    choices = editor_client.get(
        url("_search", sklearn_map), {"q": "SGD", "choose": "redirect"}, **HTMX
    )
    sgd = re.search(r'name="redirect" value="(\d+)"', choices.content.decode()).group(1)
    response = editor_client.post(
        url("_delete", sklearn_map, target.pk),
        {**form, "then": "redirect", "redirect": sgd},
        **HTMX,
    )
    assert "Deleted" in text(response)
    assert not Node.objects.filter(pk=target.pk).exists()
    assert set(Button.objects.filter(pk__in=leading).values_list("target_id", flat=True)) == {
        int(sgd)
    }


def test_search_unfold_and_who_may_edit(editor_client, sklearn_map, client):
    found = editor_client.get(url("_search", sklearn_map), {"q": "kernel approx"}, **HTMX)
    assert "“Try Kernel approximation" in text(found) and "(message)" in text(found)
    branch = editor_client.get(url("_branch", sklearn_map, sklearn_map.start_node_id), **HTMX)
    assert "Are you predicting a category?" in text(branch)

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_map"))
    client.force_login(viewer)
    page = client.get(reverse("admin:advisor_map_change", args=[sklearn_map.pk])).content.decode()
    assert "outline-step" in page and "Add an answer" not in page
    # Every outline door gives the refusal page the other pages give, naming who may.
    start, before = sklearn_map.start_node_id, sklearn_map.start_node.text
    button = Button.objects.filter(node_id=start).first().pk
    doors = [url(name, sklearn_map, start) for name in ("_step", "_answer", "_delete")]
    for refused in [
        *(client.get(door, **HTMX) for door in doors),
        client.get(url("_button", sklearn_map, button), **HTMX),
        client.post(url("_order", sklearn_map, start), {"order": ""}, **HTMX),
        client.post(url("_step", sklearn_map, start), {"text": "Changed?"}, **HTMX),
    ]:
        assert refused.status_code == 403
        assert "Only Map editors can change maps" in text(refused) and "eve" in text(refused)
    assert Node.objects.get(pk=start).text == before


def test_an_archived_maps_outline_answers_as_its_other_pages(publisher_client, sklearn_map):
    """An edit of an archived map's outline (from a page opened before it was archived) is
    refused as publishing or discarding it is: said on the map's page, where htmx goes."""
    publisher_client.post(reverse("admin:advisor_map_archive", args=[sklearn_map.pk]))
    start, before = sklearn_map.start_node_id, sklearn_map.start_node.text
    page = reverse("admin:advisor_map_change", args=[sklearn_map.pk])
    edit = publisher_client.post(url("_step", sklearn_map, start), {"text": "Changed?"}, **HTMX)
    assert edit.status_code == 200 and edit["HX-Redirect"] == page
    shown = publisher_client.get(url("_step", sklearn_map, start), follow=True)
    assert shown.redirect_chain == [(page, 302)]
    said = "Not done: the map is archived: bring it back from the archive first."
    assert said in text(shown)
    assert Node.objects.get(pk=start).text == before


def test_saving_a_steps_own_page_goes_back_to_the_map_at_that_step(editor_client, sklearn_map):
    start = sklearn_map.start_node
    page = reverse("admin:advisor_node_change", args=[start.pk])
    response = submit(editor_client, page, {"text": "Fifty or more?"})
    assert response["Location"] == reverse("admin:advisor_map_change", args=[sklearn_map.pk]) + (
        f"#step-{start.pk}"
    )
    stay = submit(editor_client, page, {"text": "Fifty or more, really?", "_continue": "1"})
    assert stay["Location"] == page


def test_an_outline_row_says_its_step_has_a_picture(editor_client, sklearn_map):
    show_pictures(sklearn_map, {"linear-svc": image()})
    page = text(editor_client.get(reverse("admin:advisor_map_change", args=[sklearn_map.pk])))
    assert "Try Linear SVC ( sklearn.svm.LinearSVC ). linear-svc 🖼 picture documentation" in page
    assert page.count("🖼 picture") == 1  # only the step that has one
