"""A step deleted on its own page as in the outline: the same choice for the buttons that
lead to it (remove them, or lead them to another step of the map; the first question must be
led elsewhere), done by the same action, so the History reads the same; the list's "Delete
selected" by that action too, refusing steps that other buttons lead to."""

from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from advisor.actions.outline import AddAnswer
from advisor.models import Button, HistoryEntry, Map, Node
from tests.editing.maps import Q, R, make_map
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db

#: "no" is led to by two buttons of two steps; "other" by none.
SHAPE = {
    "ask": (Q, [("Yes", "yes"), ("No", "no")]),
    "yes": (Q, [("Again", "no")]),
    "no": (R, []),
    "other": (R, []),
}


@pytest.fixture
def tiny() -> Map:
    return make_map(SHAPE)


def step(map_obj: Map, key: str) -> Node:
    return map_obj.nodes.get(key=key)


def delete_url(node: Node) -> str:
    return reverse("admin:advisor_node_delete", args=[node.pk])


def text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def latest(map_obj: Map) -> tuple[str, str, str]:
    entry = HistoryEntry.objects.filter(map=map_obj).first()
    return entry.action, entry.who, entry.summary


def test_the_page_offers_the_outlines_choice_for_the_buttons_that_lead_to_the_step(
    editor_client, tiny
):
    page = text(editor_client.get(delete_url(step(tiny, "no"))))
    assert "<strong>Delete the step “Step no?”?</strong> It is deleted from the draft" in page
    assert "2 buttons lead to it:" in page
    assert "the button “No” under" in page and "the button “Again” under" in page
    assert "<legend>Those buttons</legend>" in page
    assert '<input type="radio" name="then" value="remove" checked> remove them</label>' in page
    assert '<input type="radio" name="then" value="redirect"> lead them to another step' in page
    assert "Find that step by any words of its message</label>" in page
    search = reverse("admin:advisor_map_outline_search", args=[tiny.pk])
    no = step(tiny, "no")
    assert f"{search}?choose=redirect&skip={no.pk}" in page
    elsewhere = make_map({"a": (Q, [("Yes", "b")]), "b": (R, [])}, slug="elsewhere")
    found = text(editor_client.get(search, {"choose": "redirect", "skip": no.pk, "q": "Step"}))
    assert f'name="redirect" value="{step(tiny, "other").pk}"' in found
    assert f'value="{no.pk}"' not in found and f'value="{step(elsewhere, "b").pk}"' not in found
    assert '<input type="submit" value="Delete the step">' in page


def test_removing_the_buttons_that_lead_to_it(editor_client, tiny):
    no = step(tiny, "no")
    done = submit(editor_client, delete_url(no), {"then": "remove"})
    assert done.status_code == 302
    assert not Node.objects.filter(pk=no.pk).exists()
    assert sorted(Button.objects.filter(node__map=tiny).values_list("label", flat=True)) == ["Yes"]
    assert latest(tiny) == (
        "deleted",
        "eve",
        "Deleted step “Step no?” (no), and the 2 buttons that led to it",
    )
    assert LogEntry.objects.filter(object_id=str(no.pk)).count() == 1


def test_leading_the_buttons_to_another_step(editor_client, tiny):
    no, other = step(tiny, "no"), step(tiny, "other")
    submit(editor_client, delete_url(no), {"then": "redirect", "redirect": str(other.pk)})
    assert not Node.objects.filter(pk=no.pk).exists()
    led = Button.objects.filter(label__in=["No", "Again"], node__map=tiny)
    assert sorted(led.values_list("target__key", flat=True)) == ["other", "other"]
    assert latest(tiny) == (
        "deleted",
        "eve",
        "Deleted step “Step no?” (no); the 2 buttons that led to it now lead to "
        "“Step other?” (other)",
    )


def test_the_history_reads_as_the_outlines_delete(editor_client, tiny):
    twin = make_map(SHAPE, slug="twin")
    outline = reverse("admin:advisor_map_outline_delete", args=[tiny.pk, step(tiny, "no").pk])
    target = {"then": "redirect", "redirect": str(step(tiny, "other").pk)}
    assert submit(editor_client, outline, target, HTTP_HX_REQUEST="true").status_code == 200
    on_page = {"then": "redirect", "redirect": str(step(twin, "other").pk)}
    submit(editor_client, delete_url(step(twin, "no")), on_page)
    assert latest(twin) == latest(tiny)
    assert latest(twin)[2].startswith("Deleted step “Step no?” (no); the 2 buttons")


def test_the_first_question_must_be_led_to_another_step(editor_client, tiny):
    ask, yes = step(tiny, "ask"), step(tiny, "yes")
    page = editor_client.get(delete_url(ask))
    shown = " ".join(page.content.decode().split())
    link = reverse("admin:advisor_map_change", args=[tiny.pk])
    assert (
        f"It is the first question of <a href='{link}'>Tiny</a>: pick the step that takes "
        "its place." in shown
    )
    assert "<legend>The first question</legend>" in shown and 'value="remove"' not in shown
    assert "becomes another step" in shown

    refused = text(submit(editor_client, delete_url(ask), {}))
    assert "Not deleted: Pick the step the buttons lead to instead." in refused
    assert Node.objects.filter(pk=ask.pk).exists()

    submit(editor_client, delete_url(ask), {"redirect": str(yes.pk)})
    assert not Node.objects.filter(pk=ask.pk).exists()
    assert Map.objects.get(pk=tiny.pk).start_node_id == yes.pk
    assert latest(tiny) == ("deleted", "eve", "Deleted step “Step ask?” (ask)")


def test_a_forged_step_of_another_map_is_refused_and_nothing_is_recorded(editor_client, tiny):
    elsewhere = make_map({"a": (Q, [("Yes", "b")]), "b": (R, [])}, slug="elsewhere")
    no = step(tiny, "no")
    entries = HistoryEntry.objects.count()
    forged = {"then": "redirect", "redirect": str(step(elsewhere, "b").pk)}
    refused = submit(editor_client, delete_url(no), forged)
    assert refused.status_code == 200
    assert "Not deleted: Pick another step of this map." in text(refused)
    assert '<input type="radio" name="then" value="redirect" checked>' in text(refused)
    assert Node.objects.filter(pk=no.pk).exists()
    led = Button.objects.filter(label__in=["No", "Again"], node__map=tiny)
    assert sorted(led.values_list("target__key", flat=True)) == ["no", "no"]
    assert HistoryEntry.objects.count() == entries and not LogEntry.objects.exists()


def test_a_button_led_to_the_step_meanwhile_is_never_removed_unseen(editor_client, publisher, tiny):
    no, other = step(tiny, "no"), step(tiny, "other")
    shown = form_data(editor_client.get(delete_url(no)).content.decode())
    AddAnswer(tiny, step(tiny, "ask").pk, "Maybe", target_id=no.pk, user=publisher).execute()
    refused = text(editor_client.post(delete_url(no), shown))
    assert "changed this step or the buttons that lead to it since you opened" in refused
    assert "nothing was deleted. Look again." in refused and "3 buttons lead to it:" in refused
    assert Button.objects.filter(label="Maybe", target=no).exists()

    quiet = form_data(editor_client.get(delete_url(other)).content.decode())
    assert "then" not in quiet  # nothing leads to it: no choice to make
    AddAnswer(tiny, step(tiny, "yes").pk, "Later", target_id=other.pk, user=publisher).execute()
    refused = text(editor_client.post(delete_url(other), quiet))
    assert "cannot be deleted while the draft still leads to it" in refused
    assert Node.objects.filter(pk=other.pk).exists()


def test_the_lists_delete_goes_through_the_action_and_refuses_steps_buttons_lead_to(
    editor_client, tiny
):
    changelist = reverse("admin:advisor_node_changelist")
    ticked = {"action": "delete_selected", "index": "0"}
    no, other = step(tiny, "no"), step(tiny, "other")
    refused = text(editor_client.post(changelist, {**ticked, "_selected_action": [no.pk]}))
    assert "Not deleted: the draft still leads to this step." in refused
    assert "Delete each on its own page or in the map's outline" in refused
    assert "the button “Again” under" in refused
    confirmed = {**ticked, "_selected_action": [no.pk], "post": "yes"}
    editor_client.post(changelist, confirmed)
    assert Node.objects.filter(pk=no.pk).exists()

    done = editor_client.post(changelist, {**ticked, "_selected_action": [other.pk], "post": "yes"})
    assert done.status_code == 302
    assert not Node.objects.filter(pk=other.pk).exists()
    assert latest(tiny) == ("deleted", "eve", "Deleted step “Step other?” (other)")
