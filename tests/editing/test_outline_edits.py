"""The outline's edits as plain functions and editorial actions, without a browser: adding an
answer to a new or an existing step, reordering, deleting with the buttons that lead to a
step removed or redirected, rewording field by field against a newer save."""

import pytest

from advisor.actions.outline import AddAnswer, DeleteStep, EditStep, ReorderAnswers
from advisor.conflict_check import Stale
from advisor.core.conflicts import Opened, fingerprint, opened_token, read_token
from advisor.models import Button, HistoryEntry, Map, Node
from advisor.outline_edits import (
    EditRefused,
    answers_state,
    incoming_state,
    leading_to,
    step_state,
)
from tests.editing.maps import Q, R, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny() -> Map:
    return make_map(
        {
            "ask": (Q, [("Yes", "yes"), ("No", "no")]),
            "yes": (Q, [("Again", "no")]),
            "no": (R, []),
            "other": (R, []),
        }
    )


def step(map_obj: Map, key: str) -> Node:
    return map_obj.nodes.get(key=key)


def opened(node: Node) -> Opened:
    return read_token(opened_token(step_state(node), 0))


def last_history(map_obj: Map) -> str:
    return HistoryEntry.objects.filter(map=map_obj).first().summary


def test_an_answer_to_a_new_recommendation_with_its_link(tiny, editor):
    ask = step(tiny, "ask")
    button, created = AddAnswer(
        tiny,
        ask.pk,
        "Not sure",
        new={"text": "Try a decision tree first.", "doc_url": "scikit-learn.org/tree"},
        user=editor,
    ).execute()
    assert (button.node, button.target, button.order) == (ask, created, 2)
    assert (created.kind, created.key) == ("recommendation", "try-a-decision-tree-first")
    assert created.doc_url == "https://scikit-learn.org/tree"
    assert last_history(tiny) == (
        "Added the answer “Not sure” under “Step ask?” (ask), leading to a new recommendation "
        "“Try a decision tree first.” (try-a-decision-tree-first)"
    )


def test_an_answer_to_an_existing_step_and_the_refusals_in_plain_words(tiny, editor):
    ask, other = step(tiny, "ask"), step(tiny, "other")
    AddAnswer(tiny, ask.pk, "Maybe", target_id=other.pk, user=editor).execute()
    assert ask.buttons.get(label="Maybe").target == other
    with pytest.raises(EditRefused) as long_label:
        AddAnswer(tiny, ask.pk, "x" * 33, target_id=other.pk, user=editor).execute()
    assert long_label.value.errors == {
        "label": "Too long for a phone screen: keep a button to 32 characters (this one has 33)."
    }
    with pytest.raises(EditRefused) as empty:
        AddAnswer(tiny, ask.pk, "Later", new={"text": " ", "key": "yes"}, user=editor).execute()
    assert empty.value.errors == {
        "new_text": "Write what the bot says at this step; it cannot be empty.",
        "new_key": "Another step of this map is already called 'yes'.",
    }
    assert not ask.buttons.filter(label="Later").exists()


def test_answers_are_reordered_unless_they_changed_meanwhile(tiny, editor):
    ask = step(tiny, "ask")
    yes, no = ask.buttons.order_by("order")
    shown = Opened({"order": fingerprint(answers_state([yes, no])["order"])})
    ReorderAnswers(tiny, ask.pk, [no.pk, yes.pk], opened=shown, user=editor).execute()
    assert list(ask.buttons.order_by("order").values_list("label", flat=True)) == ["No", "Yes"]
    assert last_history(tiny) == "Put the answers of “Step ask?” (ask) in the order “No”, “Yes”"
    with pytest.raises(Stale):  # the page still shows Yes, No
        ReorderAnswers(tiny, ask.pk, [yes.pk, no.pk], opened=shown, user=editor).execute()


def test_deleting_a_step_redirects_or_removes_the_buttons_that_lead_to_it(tiny, editor):
    no, other = step(tiny, "no"), step(tiny, "other")
    DeleteStep(tiny, no.pk, other.pk, opened=shown_incoming(no), user=editor).execute()
    assert not Node.objects.filter(pk=no.pk).exists()
    assert set(Button.objects.filter(target=other).values_list("label", flat=True)) == {
        "No",
        "Again",
    }
    assert last_history(tiny) == (
        "Deleted step “Step no?” (no); the 2 buttons that led to it now lead to "
        "“Step other?” (other)"
    )
    yes = step(tiny, "yes")
    DeleteStep(tiny, yes.pk, opened=shown_incoming(yes), user=editor).execute()
    assert list(step(tiny, "ask").buttons.values_list("label", flat=True)) == ["No"]


def incoming(node):
    return incoming_state(node, leading_to(node))


def shown_incoming(node) -> Opened:
    """What a delete confirmation showed of a step and the buttons that lead to it."""
    return read_token(opened_token(incoming(node), 0))


def test_the_first_question_goes_only_with_a_step_to_take_its_place(tiny, editor):
    ask, other = step(tiny, "ask"), step(tiny, "other")
    shown = shown_incoming(ask)
    with pytest.raises(EditRefused, match="This is the first question"):
        DeleteStep(tiny, ask.pk, opened=shown, user=editor).execute()
    DeleteStep(tiny, ask.pk, other.pk, opened=shown, user=editor).execute()
    assert Map.objects.get(pk=tiny.pk).start_node == other


def test_a_deletion_over_a_newer_change_of_what_leads_there_is_refused(tiny, editor):
    no = step(tiny, "no")
    shown = shown_incoming(no)
    AddAnswer(tiny, step(tiny, "other").pk, "Go", target_id=no.pk, user=editor).execute()
    with pytest.raises(Stale):
        DeleteStep(tiny, no.pk, opened=shown, user=editor).execute()
    assert Node.objects.filter(pk=no.pk).exists()


def test_a_reword_keeps_what_another_editor_changed_in_another_field(tiny, editor):
    ask = step(tiny, "ask")
    shown = opened(ask)
    Node.objects.filter(pk=ask.pk).update(kind="dead_end")  # another editor, meanwhile
    values = {**step_state(ask), "text": "Ready?"}
    EditStep(tiny, ask.pk, values, opened=shown, user=editor).execute()
    saved = Node.objects.get(pk=ask.pk)
    assert (saved.text, saved.kind) == ("Ready?", "dead_end")
    assert last_history(tiny) == "Changed step “Ready?” (ask): the message"
    with pytest.raises(Stale) as clash:
        EditStep(tiny, ask.pk, {**values, "text": "Set?"}, opened=shown, user=editor).execute()
    assert clash.value.result.theirs["text"] == "Ready?"
    assert Node.objects.get(pk=ask.pk).text == "Ready?"
