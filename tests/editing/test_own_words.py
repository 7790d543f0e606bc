"""The map's own words and languages on its admin page: checked as the bot needs them,
saved to the draft, shown to users once published."""

import pytest
from django.urls import reverse

from advisor.models import Map
from advisor.versions import publish

pytestmark = pytest.mark.django_db


def map_form(map_obj: Map, **changes) -> dict:
    """The map page's form as the admin sends it back, with ``changes``."""
    data = {
        "title": map_obj.title,
        "slug": map_obj.slug,
        "start_node": map_obj.start_node_id,
        "greeting": map_obj.greeting,
        "goodbye": map_obj.goodbye,
        "is_published": "on",
        "is_default": "on",
        "language_code": map_obj.language_code,
        "language_name": map_obj.language_name,
        "text_back": "Back",
        "text_start_over": "Start over",
        "text_done": "Done",
        "text_answers": "Your answers:",
        "text_documentation": "Documentation:",
        "text_map_changed": "This map changed — here is the start again.",
        "languages-TOTAL_FORMS": 1,
        "languages-INITIAL_FORMS": 1,
        "languages-MIN_NUM_FORMS": 0,
        "languages-MAX_NUM_FORMS": 1000,
        "languages-0-id": map_obj.languages.get().pk,
        "languages-0-map": map_obj.pk,
        "languages-0-code": "es",
        "languages-0-name": "Español",
    }
    return {**data, **changes}


def post(client, map_obj, **changes):
    url = reverse("admin:advisor_map_change", args=[map_obj.pk])
    return client.post(url, map_form(map_obj, **changes))


def test_own_words_are_checked_on_their_field_and_nothing_is_saved(editor_client, sklearn_map):
    page = post(
        editor_client,
        sklearn_map,
        text_back="Go back one step, please, to the last question",
        greeting="Hello {name}",
        text_done="",
    )
    form = page.context["adminform"].form
    assert form.errors["text_back"] == [
        "Too long for Telegram: at most 32 characters here (this has 46)."
    ]
    assert form.errors["greeting"] == ["Only {first_name} is filled in here: remove {name}."]
    assert form.errors["text_done"] == ["This field is required."]
    assert Map.objects.get(pk=sklearn_map.pk).texts == {}


def test_own_words_change_the_draft_and_reach_users_once_published(
    editor_client, sklearn_map, botapi
):
    page = post(editor_client, sklearn_map, text_back="Previous question")
    assert page.status_code == 302
    assert Map.objects.get(pk=sklearn_map.pk).texts == {"back": "Previous question"}
    chat = botapi.chat(9101)
    chat.send("/start")
    chat.press("Yes")
    assert chat.screen()[1][-1] == ["Back"]  # the draft is not live yet
    publish(Map.objects.get(pk=sklearn_map.pk))
    chat.press("Back")
    chat.press("Yes")
    assert chat.screen()[1][-1] == ["Previous question"]


def test_a_translation_code_is_checked_and_written_as_telegram_sends_it(editor_client, sklearn_map):
    page = post(editor_client, sklearn_map, **{"languages-0-code": "Spanish!"})
    [languages] = page.context["inline_admin_formsets"]
    assert languages.formset.errors[0] == {
        "code": ["Write a language code such as es, uk or pt-br."]
    }
    assert post(editor_client, sklearn_map, **{"languages-0-code": "PT_BR"}).status_code == 302
    assert list(sklearn_map.languages.values_list("code", flat=True)) == ["pt-br"]
