"""A refused edit never loses what the editor chose, nor shows refused words as stored:
the outline's delete and answer forms come back as they were left (the step picked still
ticked, the search still shown), the step being deleted is never offered as where its
buttons lead, and after a refusal the page (or the outline's row) names the step by its
stored wording."""

import re
from html import unescape

import pytest
from django.urls import reverse

from advisor.models import Button, Node
from tests.editing.test_outline_pages import HTMX, open_form, text, url
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def search_address(form_html: str) -> str:
    """The address the form's step search asks, as the browser reads it from the page."""
    return unescape(re.search(r'type="search"[^>]*hx-get="([^"]+)"', form_html).group(1))


def test_a_delete_never_offers_the_step_itself_and_a_refusal_keeps_the_redirect(
    editor_client, second_editor, sklearn_map
):
    doomed = sklearn_map.nodes.get(key="kernel-approximation")
    leading = set(Button.objects.filter(target=doomed).values_list("pk", flat=True))
    address = url("_delete", sklearn_map, doomed.pk)
    form_html = editor_client.get(address, **HTMX).content.decode()
    found = editor_client.get(search_address(form_html) + "&q=kernel", **HTMX)
    offered = re.findall(r'name="redirect" value="(\d+)"', found.content.decode())
    assert offered and str(doomed.pk) not in offered  # another step says it

    form = form_data(form_html)
    refused = editor_client.post(
        address, {**form, "then": "redirect", "redirect": doomed.pk}, **HTMX
    )
    assert refused["HX-Retarget"] == f"#slot-{doomed.pk}"
    again = refused.content.decode()
    assert form_data(again)["then"] == "redirect"  # not "remove them"
    assert re.search(r"Pick another step of this map\.</p>\s*</div>\s*</div>", again)
    assert set(Button.objects.filter(target=doomed).values_list("pk", flat=True)) == leading

    sgd = sklearn_map.nodes.get(key="sgd-classifier")
    sams = open_form(second_editor, url("_step", sklearn_map, doomed.pk))
    second_editor.post(url("_step", sklearn_map, doomed.pk), {**sams, "text": "Nystroem"}, **HTMX)
    clash = editor_client.post(address, {**form, "then": "redirect", "redirect": sgd.pk}, **HTMX)
    assert "sam changed this step or the buttons that lead to it" in text(clash)
    kept = form_data(clash.content.decode())
    assert (kept["then"], kept["redirect"]) == ("redirect", str(sgd.pk))  # as it was left
    assert Node.objects.filter(pk=doomed.pk).exists()


def test_a_refused_answer_keeps_the_step_it_leads_to(editor_client, sklearn_map):
    start = sklearn_map.start_node
    sgd = sklearn_map.nodes.get(key="sgd-classifier")
    form = open_form(editor_client, url("_answer", sklearn_map, start.pk))
    refused = editor_client.post(
        url("_answer", sklearn_map, start.pk),
        {**form, "label": "x" * 40, "leads": "existing", "target": sgd.pk},
        **HTMX,
    )
    assert "keep a button to 32 characters" in text(refused)
    again = form_data(refused.content.decode())
    assert (again["leads"], again["target"]) == ("existing", str(sgd.pk))


def test_a_refused_step_page_is_headed_by_the_stored_wording(editor_client, sklearn_map):
    start = sklearn_map.start_node
    page = reverse("admin:advisor_node_change", args=[start.pk])
    form = form_data(editor_client.get(page).content.decode())
    refused = editor_client.post(page, {**form, "text": "Fifty?", "buttons-0-label": ""})
    assert refused.status_code == 200  # refused: the page again
    html = refused.content.decode()
    heading = re.search(r"</h1>\s*<h2>(.*?)</h2>", html, re.S).group(1)
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    assert "Fifty?" not in heading + crumbs
    assert "Do you have more than 50 samples?" in unescape(heading + crumbs)
    assert Node.objects.get(pk=start.pk).text == start.text


def oob(response, element_id: str) -> str:
    """The words an out-of-band swap puts into the outline's element of that id."""
    html = response.content.decode()
    pattern = rf'<span[^>]* id="{element_id}" hx-swap-oob="true">(.*?)</span>'
    return unescape(re.search(pattern, html, re.S).group(1))


def test_a_refused_reword_redraws_its_row_with_the_stored_wording(
    editor_client, second_editor, sklearn_map
):
    start = sklearn_map.start_node
    step_url = url("_step", sklearn_map, start.pk)
    sams = open_form(second_editor, step_url)
    eves = open_form(editor_client, step_url)
    editor_client.post(step_url, {**eves, "text": "Fifty or more?"}, **HTMX)
    refused = second_editor.post(step_url, {**sams, "text": "Over fifty?"}, **HTMX)
    assert "nothing was saved" in text(refused)
    assert oob(refused, f"step-{start.pk}-message") == "Fifty or more?"

    button = start.buttons.get(label="Yes")
    button_url = url("_button", sklearn_map, button.pk)
    sams = open_form(second_editor, button_url)
    editor_client.post(button_url, {**open_form(editor_client, button_url), "label": "Y"}, **HTMX)
    refused = second_editor.post(button_url, {**sams, "label": "x" * 40}, **HTMX)
    assert "eve changed this button just now: nothing was saved." in text(refused)
    assert oob(refused, f"button-{button.pk}-label") == "Y"
