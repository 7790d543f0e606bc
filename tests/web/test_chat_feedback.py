""" "Was this helpful?" on the web chat (botapp.web.feedback): a vote recorded as Telegram's is,
a change of vote, the reason after "👎 No" with the bot's question and thanks, each form sent
twice written once, htmx's fragment, and the statements a vote costs."""

import re

import pytest
from django.test import Client

from advisor import conversation
from advisor.core.texts import MAP_DEFAULTS
from botapp.analytics.ratings import map_votes
from botapp.models import Channel, HandledUpdate, Reason
from botapp.web.visitors import VISITOR_IDS
from tests.web.feedback_forms import form_rows, forms, send
from tests.web.test_chat_page import CHAT, buttons, shown, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
YES, NO = MAP_DEFAULTS["helpful_yes"], MAP_DEFAULTS["helpful_no"]
QUESTION, THANKS = MAP_DEFAULTS["reason_question"], MAP_DEFAULTS["reason_thanks"]
Kind = HandledUpdate.Kind


def visitor_of(response) -> int:
    return int(re.search(r"[?&]v=(\d+)", next(iter(buttons(response).values())))[1])


def telegram_votes(go: str) -> dict[str, str]:
    """The bot's "Was this helpful?" buttons under the same recommendation: label → data."""
    return {choice.label: choice.data for choice in conversation.press(go).rows[0]}


def test_a_vote_is_recorded_as_telegrams_vote_and_thanked(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    assert MAP_DEFAULTS["helpful"] in shown(page) and {YES, NO} <= set(forms(page))
    response = send(client, page, YES)
    assert response.status_code == 200
    words = shown(response)
    assert MAP_DEFAULTS["vote_thanks"] in words and f"✓ {YES}" in forms(response)
    assert QUESTION not in words and "reason" not in forms(response)
    assert set(buttons(response)) >= {"Back", "Start over", "Done"}
    row = form_rows().get()
    telegram = conversation.press(go)
    assert (row.kind, row.channel, row.path) == (Kind.VOTE, Channel.WEB, telegram_votes(go)[YES])
    assert (row.map_id, row.node_id, row.language) == (sklearn_map.pk, telegram.node_id, "en")
    assert row.chat_id == visitor_of(page) and row.chat_id in VISITOR_IDS
    assert map_votes(sklearn_map.pk) == {telegram.node_id: (1, 0)}


def test_the_same_form_sent_twice_writes_once(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    first, again = send(client, page, YES), send(client, page, YES)
    assert first.status_code == again.status_code == 200
    assert shown(first) == shown(again)
    assert form_rows().count() == 1


def test_a_change_of_vote_moves_the_vote_as_in_telegram(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    voted = send(client, page, YES)
    changed = send(client, voted, NO)
    assert changed.status_code == 200
    assert f"✓ {NO}" in forms(changed) and QUESTION in shown(changed)
    paths = list(form_rows().order_by("handled_at").values_list("path", flat=True))
    # The bot's 👎 under a message that shows 👍: "vny".
    assert paths[0] == telegram_votes(go)[YES] and paths[1].startswith("vny:")
    assert paths[1][3:] == telegram_votes(go)[YES][3:]
    node_id = conversation.press(go).node_id
    assert map_votes(sklearn_map.pk) == {node_id: (0, 1)}
    # 👎 again: no second question, as in Telegram (the vote it changes is a 👎).
    again = send(client, changed, f"✓ {NO}")
    assert QUESTION not in shown(again) and "reason" not in forms(again)


def test_after_no_the_bots_question_and_the_reason_kept_with_channel_web(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    asked = send(client, page, NO)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert f'id="question">{QUESTION}</div>' in html
    assert re.search(r'<li class="bot newest" id="now" tabindex="-1">', html)
    assert '<textarea name="reason" rows="4" required aria-labelledby="question">' in html
    thanked = send(client, asked, "reason", reason="  An example with <b>pipelines</b>  ")
    assert thanked.status_code == 200
    words = shown(thanked)
    assert words.split("The advisor says: ")[-1].startswith(THANKS)
    assert "You answered: An example with <b>pipelines</b>" in words
    assert "&lt;b&gt;pipelines" in thanked.content.decode()
    assert set(buttons(thanked)) == {MAP_DEFAULTS["start_over"]}
    reason = Reason.objects.get()
    node_id = conversation.press(go).node_id
    assert (reason.text, reason.channel, reason.language) == (
        "An example with <b>pipelines</b>",
        Channel.WEB,
        "en",
    )
    assert (reason.map_id, reason.node_id, reason.path) == (
        sklearn_map.pk,
        node_id,
        telegram_votes(go)[NO],
    )
    assert reason.key and not hasattr(reason, "chat_id")
    recorded = HandledUpdate.objects.get(kind=Kind.REASON)
    assert (recorded.channel, recorded.node_id, recorded.path) == (Channel.WEB, node_id, "")
    # Sent again (a double click, a reload): one reason.
    assert send(client, asked, "reason", reason="An example").status_code == 200
    assert Reason.objects.count() == 1 and form_rows().count() == 2


def test_a_reason_longer_than_telegrams_messages_is_refused_and_kept(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    asked = send(client, page, NO)
    long = "é" * 4097
    refused = send(client, asked, "reason", reason=long)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "At most 4096 characters, please: yours has 4097." in shown(refused)
    assert f">{long}</textarea>" in html and 'aria-invalid="true"' in html
    empty = send(client, asked, "reason", reason="   ")
    assert empty.status_code == 422
    assert "Write what you were looking for" in shown(empty)
    assert Reason.objects.count() == 0
    assert not HandledUpdate.objects.filter(kind=Kind.REASON).exists()
    # At the bound: kept.
    assert send(client, refused, "reason", reason="é" * 4096).status_code == 200
    assert Reason.objects.get().text == "é" * 4096


def test_with_htmx_a_vote_answers_the_chat_alone_focused_on_the_question(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    html = page.content.decode()
    assert 'hx-post="/chat/sklearn/feedback/' in html and 'hx-push-url="false"' in html
    response = send(client, page, NO, headers={"HTTP_HX_REQUEST": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert '<li class="bot newest" id="now" tabindex="-1" autofocus>' in fragment
    said = fragment.split('<div id="said" hx-swap-oob="innerHTML">')[1]
    assert QUESTION in said
    # The chat's links lead back to the chat page, not to the form's address.
    assert all(href.startswith(CHAT + "?") for href in buttons(response).values())


def test_a_vote_costs_at_most_two_statements(client, sklearn_map, django_assert_max_num_queries):
    """The map read with its live version (the graph cached by its id) and the INSERT."""
    page, _ = walk_to_a_recommendation(client)
    with django_assert_max_num_queries(2) as counted:
        response = send(client, page, YES)
    assert response.status_code == 200
    print(f"\na vote: {len(counted.captured_queries)} SQL statements")
    assert form_rows().count() == 1


def test_the_forms_work_without_a_cookie_and_set_none(sklearn_map):
    """In a third-party iframe the browser may send no cookie: Django's CSRF check is on, yet
    the signed token is enough, and no answer sets a cookie."""
    client = Client(enforce_csrf_checks=True)
    page, _ = walk_to_a_recommendation(client)
    asked = send(client, page, NO)
    thanked = send(client, asked, "reason", reason="A cookie-free answer")
    assert asked.status_code == thanked.status_code == 200
    assert not (page.cookies or asked.cookies or thanked.cookies)
    assert Reason.objects.get().text == "A cookie-free answer"
    # Elsewhere Django's CSRF check still refuses a POST without its cookie.
    assert client.post("/admin/login/", {"username": "x"}).status_code == 403


def test_the_forms_address_opened_again_leads_to_the_chat(client, sklearn_map):
    response = client.get(CHAT + "feedback/")
    assert response.status_code == 302 and response["Location"] == CHAT


def test_the_question_and_thanks_are_the_bots_words_in_the_visitors_language(client, sklearn_map):
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}
    page, go = walk_to_a_recommendation(client, **spanish)
    bot = {choice.label: choice.data for choice in conversation.press(go, "es").rows[0]}
    no = next(label for label in bot if bot[label].startswith("vn"))
    assert set(bot) <= set(forms(page))
    asked = send(client, page, no, headers=spanish)
    question = conversation.press(bot[no], "es").ask_reason
    assert question and question != QUESTION
    assert f'id="question">{question}</div>' in asked.content.decode()
    thanked = send(client, asked, "reason", headers=spanish, reason="Un ejemplo")
    assert THANKS not in shown(thanked)
    assert '<html lang="es">' in thanked.content.decode()
    assert Reason.objects.get().language == "es"
