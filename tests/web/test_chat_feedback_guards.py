"""The web chat's forms refuse what they cannot take with a clear page and write nothing: a
forged, altered, expired or misplaced token, hostile parameters, a vote on a recommendation
the live version no longer has, a map users cannot open, and more writes from one client
address than the rate limit allows (counted as the admin's lockouts count, never stored)."""

from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.core import signing

from advisor.core.callbacks import decode, encode
from advisor.core.texts import MAP_DEFAULTS
from advisor.models import Button, Map, Node
from advisor.versions import publish
from botapp.models import HandledUpdate, Reason
from botapp.web import throttle, tokens
from tests.web.feedback_forms import FEEDBACK, form_rows, forms, send
from tests.web.test_chat_page import CHAT, buttons, shown, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
YES, NO = MAP_DEFAULTS["helpful_yes"], MAP_DEFAULTS["helpful_no"]
NOT_SAVED = "This form has expired or was not made by this page, so nothing was saved."


def nothing_written() -> bool:
    return not form_rows().exists() and not Reason.objects.exists()


def token_of(page, label: str = YES) -> str:
    return forms(page)[label][1]


@pytest.mark.parametrize(
    "token",
    ["", "forged", "x" * 100_000, "é" * 50, "[1]:1:2", "\x00"],
    ids=["none", "forged", "huge", "not-ascii", "unsigned", "nul"],
)
def test_a_form_without_a_valid_token_is_refused(client, sklearn_map, token):
    response = client.post(FEEDBACK, {"t": token, "reason": "x"})
    assert response.status_code == 400
    assert NOT_SAVED in shown(response) and "Back to the chat" in buttons(response)
    assert nothing_written()


def test_an_altered_token_or_one_of_another_map_is_refused(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    token = token_of(page)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.post(FEEDBACK, {"t": altered}).status_code == 400
    data = tokens.read(token_of(page)).data
    vote = decode(data)
    other = encode(replace(vote, go=replace(vote.go, map_id=999)))  # another map's press
    for kind, map_id, press in [
        ("vote", 999, other),  # signed for another map
        ("vote", sklearn_map.pk, other),  # a press of another map than the token's
        ("share", sklearn_map.pk, data),  # no such kind of write
        ("vote", sklearn_map.pk, go),  # not a vote
    ]:
        forged = tokens.sign(kind, map_id, press, 2**61)
        assert client.post(FEEDBACK, {"t": forged}).status_code == 400
    assert nothing_written()


def test_a_token_for_another_maps_address_is_not_that_maps(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    assert client.post("/chat/elsewhere/feedback/", {"t": token_of(page)}).status_code == 404
    assert client.post("/chat/<b>/feedback/", {"t": token_of(page)}).status_code == 404
    assert nothing_written()


def later(monkeypatch, seconds: float) -> None:
    """Signatures read ``seconds`` from now (django.core.signing's clock only)."""
    import time

    now = time.time()
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now + seconds))


def test_an_expired_form_is_refused(client, sklearn_map, monkeypatch):
    """A vote's form lives a day; the question after "👎 No" an hour, as in Telegram."""
    page, _ = walk_to_a_recommendation(client)
    asked = send(client, page, NO)
    assert form_rows().count() == 1
    later(monkeypatch, 3601)
    response = send(client, asked, "reason", reason="Too late")
    assert response.status_code == 400 and NOT_SAVED in shown(response)
    assert send(client, page, YES).status_code == 200  # the vote's form still lives
    later(monkeypatch, 86401)
    assert send(client, page, YES, headers={"REMOTE_ADDR": "10.0.0.9"}).status_code == 400
    assert form_rows().count() == 2 and not Reason.objects.exists()


def test_the_token_decides_the_visitor_not_the_form(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    action, token = forms(page)[YES]
    assert client.post(action, {"t": token, "v": str(2**61 + 7)}).status_code == 200
    signed = tokens.read(token)
    assert form_rows().get().chat_id == signed.visitor != 2**61 + 7


def test_a_vote_on_a_recommendation_the_live_version_no_longer_has(client, sklearn_map):
    page, go = walk_to_a_recommendation(client)
    asked = send(client, page, NO)
    HandledUpdate.objects.all().delete()
    button = Button.objects.get(pk=decode(go).path[-1])
    node = button.node
    button.delete()
    if not Button.objects.filter(node=node).exists():
        Node.objects.filter(pk=node.pk).update(kind=Node.Kind.DEAD_END)
    publish(Map.objects.get(pk=sklearn_map.pk))
    for response in (send(client, page, YES), send(client, asked, "reason", reason="Gone")):
        assert response.status_code == 200
        assert (
            shown(response).split("The advisor says: ")[1].startswith(MAP_DEFAULTS["map_changed"])
        )
    assert nothing_written()


def test_a_map_that_stopped_asking_shows_its_recommendation_and_writes_nothing(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    Map.objects.filter(pk=sklearn_map.pk).update(asks_if_helpful=False)
    publish(Map.objects.get(pk=sklearn_map.pk))
    response = send(client, page, YES)
    assert response.status_code == 200 and MAP_DEFAULTS["helpful"] not in shown(response)
    assert "Done" in buttons(response) and nothing_written()


def test_a_map_taken_offline_is_not_available(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    Map.objects.filter(pk=sklearn_map.pk).update(is_published=False)
    response = send(client, page, YES)
    assert response.status_code == 404 and "This map is not available" in shown(response)
    assert nothing_written()


def test_more_writes_than_the_limit_from_one_address_get_429(client, sklearn_map, monkeypatch):
    monkeypatch.setattr(throttle, "WRITES_PER_WINDOW", 2)
    page, _ = walk_to_a_recommendation(client)
    address = {"REMOTE_ADDR": "203.0.113.5"}
    voted = send(client, page, YES, headers=address)
    assert send(client, voted, NO, headers=address).status_code == 200
    over = send(client, page, YES, headers={**address, "HTTP_HX_REQUEST": "true"})
    assert over.status_code == 429 and "Too many answers" in shown(over)
    assert "<html" not in over.content.decode()  # htmx swaps the message in
    assert send(client, page, YES, headers=address).status_code == 429
    assert form_rows().count() == 2
    assert send(client, page, YES, headers={"REMOTE_ADDR": "203.0.113.6"}).status_code == 200


def test_the_limit_counts_the_address_the_trusted_proxy_saw(
    client, sklearn_map, settings, monkeypatch
):
    """As the admin's lockouts: entries a client adds before the proxy's do not escape it."""
    settings.TRUSTED_PROXY_HOPS = 1
    monkeypatch.setattr(throttle, "WRITES_PER_WINDOW", 1)
    page, _ = walk_to_a_recommendation(client)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.7"}
    again = {**proxy, "HTTP_X_FORWARDED_FOR": "2.2.2.2, 198.51.100.7"}
    other = {**proxy, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.8"}
    assert send(client, page, YES, headers=first).status_code == 200
    assert send(client, page, NO, headers=again).status_code == 429
    assert send(client, page, NO, headers=other).status_code == 200
    stored = [str(row) for row in HandledUpdate.objects.values_list()]
    assert not any("198.51.100" in row or "10.0.0.1" in row for row in stored)


def test_hostile_parameters_beside_a_valid_token(client, sklearn_map):
    page, _ = walk_to_a_recommendation(client)
    action, token = forms(page)[YES]
    response = client.post(action + "?lang=<script>&lang=zz" + "x" * 5000, {"t": token})
    assert response.status_code == 200 and "<script>" not in response.content.decode()
    asked = send(client, page, NO)
    huge = send(client, asked, "reason", reason="x" * 200_000)
    assert huge.status_code == 422 and not Reason.objects.exists()
    nul = send(client, asked, "reason", reason="a\x00b")
    assert nul.status_code == 200 and Reason.objects.get().text == "ab"
    # A vote's data in a link is no vote: the recommendation, nothing thanked or written.
    data = tokens.read(forms(page)[YES][1]).data
    linked = client.get(CHAT, {"go": data})
    assert linked.status_code == 200 and MAP_DEFAULTS["helpful"] in shown(linked)
    assert MAP_DEFAULTS["vote_thanks"] not in shown(linked)
    assert Reason.objects.count() == 1 and form_rows().count() == 3
