"""Save-time validation: each rule gives a clear message on its field, in the model and on
the admin page, before the database triggers ever have to refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisor.core.graph import BUTTON_LABEL_LIMIT, NODE_TEXT_LIMIT
from advisor.models import (
    EMPTY_TEXT_MESSAGE,
    Button,
    Map,
    Node,
)
from tests.editing.maps import Q, R, make_map
from tests.forms import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny() -> Map:
    return make_map({"ask": (Q, [("Yes", "done")]), "done": (R, [])})


@pytest.fixture
def other_map() -> Map:
    return make_map({"elsewhere": (R, [])}, slug="other")


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_an_empty_message_is_refused(tiny):
    assert EMPTY_TEXT_MESSAGE == "Write what the bot says at this step; it cannot be empty."
    node = tiny.nodes.get(key="ask")
    node.text = ""
    assert errors_of(node) == {"text": [EMPTY_TEXT_MESSAGE]}


def test_a_message_longer_than_telegram_allows_is_refused(tiny):
    node = tiny.nodes.get(key="ask")
    node.text = "x" * (NODE_TEXT_LIMIT + 1)
    [message] = errors_of(node)["text"]
    assert "a message holds at most 4096 characters" in message
    assert f"This one has {NODE_TEXT_LIMIT + 1}." in message


def test_a_button_label_longer_than_a_phone_shows_is_refused(tiny):
    button = tiny.nodes.get(key="ask").buttons.get()
    button.label = "A label far too long for a phone screen"
    assert errors_of(button) == {
        "label": [
            f"Too long for a phone screen: keep a button to {BUTTON_LABEL_LIMIT} characters "
            "(this one has 39)."
        ]
    }


def test_a_button_cannot_lead_into_another_map(tiny, other_map):
    button = tiny.nodes.get(key="ask").buttons.get()
    button.target = other_map.nodes.get()
    assert errors_of(button) == {
        "target": ["'elsewhere' belongs to another map: pick a step of this map."]
    }


def test_a_step_name_used_twice_in_a_map_is_refused(tiny, other_map):
    clash = Node(map=tiny, key="done", kind=R, text="Again")
    assert errors_of(clash) == {"key": ["Another step of this map is already called 'done'."]}
    Node(map=other_map, key="done", kind=R, text="Fine in another map").full_clean()


def test_a_map_starts_at_one_of_its_own_steps(tiny, other_map):
    tiny.start_node = other_map.nodes.get()
    assert errors_of(tiny) == {
        "start_node": ["Pick a step of this map: the first question cannot be elsewhere."]
    }


def test_a_step_cannot_move_to_another_map(tiny, other_map):
    node = tiny.nodes.get(key="done")
    node.map = other_map
    assert errors_of(node) == {"map": ["A step cannot move to another map."]}


def test_the_step_page_shows_each_message_on_its_field(editor_client, tiny, other_map):
    node = tiny.nodes.get(key="ask")
    url = reverse("admin:advisor_node_change", args=[node.pk])
    new_button = {
        "buttons-1-label": "Elsewhere",
        "buttons-1-target": other_map.nodes.get().pk,
        "buttons-1-order": 1,
    }
    page = submit(editor_client, url, {"text": "  ", "key": "done", **new_button})
    assert page.status_code == 200  # shown again with the messages, nothing saved
    form = page.context["adminform"].form
    assert form.errors["text"] == [EMPTY_TEXT_MESSAGE]
    assert form.errors["key"] == ["Another step of this map is already called 'done'."]
    [buttons] = page.context["inline_admin_formsets"]
    assert buttons.formset.errors[1] == {
        "target": ["'elsewhere' belongs to another map: pick a step of this map."]
    }
    assert "belongs to another map" in page.content.decode()
    node.refresh_from_db()
    assert (node.key, node.text, node.buttons.count()) == ("ask", "Step ask?", 1)


def test_the_step_page_refuses_a_long_label_in_plain_words(editor_client, tiny):
    node = tiny.nodes.get(key="ask")
    url = reverse("admin:advisor_node_change", args=[node.pk])
    page = submit(editor_client, url, {"buttons-0-label": "y" * 40})
    [buttons] = page.context["inline_admin_formsets"]
    assert buttons.formset.errors[0] == {
        "label": ["Too long for a phone screen: keep a button to 32 characters (this one has 40)."]
    }
    assert Button.objects.get(node=node).label == "Yes"


def test_the_map_of_a_saved_step_is_read_only(editor_client, tiny, other_map):
    node = tiny.nodes.get(key="done")
    url = reverse("admin:advisor_node_change", args=[node.pk])
    page = submit(editor_client, url, {"map": other_map.pk})
    assert page.status_code == 302
    node.refresh_from_db()
    assert node.map == tiny


def test_a_step_that_buttons_lead_to_is_not_deleted_and_the_buttons_are_named(editor_client, tiny):
    done = tiny.nodes.get(key="done")
    ask = tiny.nodes.get(key="ask")
    url = reverse("admin:advisor_node_delete", args=[done.pk])
    page = " ".join(editor_client.post(url, {"post": "yes"}).content.decode().split())
    assert "protected related objects" not in page
    assert "cannot be deleted while the draft still leads to it" in page
    assert "remove or redirect these buttons first" in page
    link = reverse("admin:advisor_node_change", args=[ask.pk])
    assert f"the button “Yes” under <a href='{link}'>Step ask?</a>" in page
    assert Node.objects.filter(pk=done.pk).exists()


def test_the_first_question_is_not_deleted_and_the_page_says_where_to_change_it(
    editor_client, tiny
):
    ask = tiny.nodes.get(key="ask")
    page = editor_client.get(reverse("admin:advisor_node_delete", args=[ask.pk]))
    html = " ".join(page.content.decode().split())
    link = reverse("admin:advisor_map_change", args=[tiny.pk])
    assert f"the first question of <a href='{link}'>{tiny.title}</a>" in html
