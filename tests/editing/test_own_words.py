"""The map's own words and languages on its admin page: checked as the bot needs them,
saved to the draft, shown to users once published."""

import pytest
from django.urls import reverse

from advisor.models import Map
from advisor.versions import publish
from tests.forms import submit

pytestmark = pytest.mark.django_db


def post(client, map_obj, **changes):
    """Submit the map's page as the browser does, with ``changes``."""
    return submit(client, reverse("admin:advisor_map_change", args=[map_obj.pk]), changes)


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
