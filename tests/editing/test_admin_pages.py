"""The admin pages as an editor gets them: who may enter, the step list, the map's diagram,
the check report and the preview chat (compared with what the bot answers)."""

import re
from html import escape, unescape
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from advisor import conversation
from advisor.core.markup import plain
from advisor.models import Button, Map
from tests.editing.conftest import map_editors
from tests.editing.maps import Q, R, make_map

pytestmark = pytest.mark.django_db


def sklearn() -> Map:
    return Map.objects.get(slug="sklearn")


EDITING = {
    ("advisor", f"{action}_{model}")
    for model in ("map", "node", "button")
    for action in ("view", "add", "change", "delete")
} | {
    ("advisor", codename)
    for codename in ("view_mapversion", "view_bottexts", "change_bottexts")
    + tuple(f"{action}_maplanguage" for action in ("view", "add", "change", "delete"))
}


def test_map_editors_may_change_drafts_and_see_versions_and_nothing_else():
    codenames = set(map_editors().permissions.values_list("content_type__app_label", "codename"))
    assert codenames == EDITING


def test_map_publishers_may_also_publish_discard_and_restore():
    publishers = Group.objects.get(name="Map publishers")
    codenames = set(publishers.permissions.values_list("content_type__app_label", "codename"))
    assert codenames == EDITING | {("advisor", "publish_map")}


def test_only_staff_reach_the_admin(editor_client):
    visitor = Client()
    visitor.force_login(User.objects.create_user("visitor", password="visitor-password-1"))
    response = visitor.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Maps" in index and "Steps" in index and "Users" not in index


def test_the_step_list_searches_filters_and_counts_buttons(editor_client):
    url = reverse("admin:advisor_node_changelist")
    found = editor_client.get(url, {"q": "labeled"}).context["cl"].result_list
    assert [node.key for node in found] == ["labeled-data"]
    kernel = editor_client.get(url, {"q": "kernel-approximation"}).context["cl"].result_list[0]
    assert (kernel.in_count, kernel.out_count) == (2, 0)
    ends = editor_client.get(url, {"kind__exact": "dead_end"}).context["cl"].result_list
    assert {node.kind for node in ends} == {"dead_end"} and len(ends) == 3
    page = editor_client.get(url).content.decode()
    assert "buttons leading here" in page.lower() and "answer buttons" in page.lower()


def test_the_step_search_box_offers_only_steps_of_the_same_map(editor_client):
    make_map({"kmeans-elsewhere": (R, [])}, slug="other")
    node = sklearn().nodes.get(key="labeled-data")
    page = editor_client.get(reverse("admin:advisor_node_change", args=[node.pk]))
    widget_url = re.search(r'data-ajax--url="([^"]+)"', page.content.decode())[1]
    assert widget_url == f"/admin/autocomplete/?map={sklearn().pk}"
    query = {"app_label": "advisor", "model_name": "button", "field_name": "target"}
    answer = editor_client.get(f"{widget_url}&{urlencode({**query, 'term': 'kmeans'})}").json()
    named = [str(sklearn().nodes.get(key=key)) for key in ("kmeans", "minibatch-kmeans")]
    assert [item["text"] for item in answer["results"]] == named  # by message, then short name
    assert named[0] == "Try KMeans (sklearn.cluster.KMeans). (kmeans)"


def test_add_a_step_from_the_map_page_picks_the_map(editor_client):
    page = editor_client.get(reverse("admin:advisor_node_add"), {"map": sklearn().pk})
    assert page.context["adminform"].form.initial["map"] == str(sklearn().pk)


def test_the_map_page_draws_every_step_and_answer(editor_client):
    map_obj = sklearn()
    page = editor_client.get(reverse("admin:advisor_map_change", args=[map_obj.pk]))
    html = page.content.decode()
    boxes = re.findall(r'<a href="/admin/advisor/node/(\d+)/change/" class="step ([a-z_ ]+)"', html)
    assert sorted(int(node_id) for node_id, _ in boxes) == sorted(
        map_obj.nodes.values_list("pk", flat=True)
    )
    kinds = [kind for _, kind in boxes]
    recommendations = map_obj.nodes.filter(kind="recommendation").count()
    assert kinds.count("recommendation") == recommendations and "question start" in kinds
    labels = re.findall(r'<text class="arrow-label"[^>]*>([^<]+)</text>', html)
    assert sorted(map(unescape, labels)) == sorted(
        Button.objects.filter(node__map=map_obj).values_list("label", flat=True)
    )
    assert "Do you have labeled data?" in html


def test_the_check_report(editor_client):
    report = editor_client.get(reverse("admin:advisor_map_check", args=[sklearn().pk]))
    assert "No problems found" in report.content.decode()
    broken = make_map({"ask": (Q, [("Go", "empty")]), "empty": (Q, [])})
    html = editor_client.get(reverse("admin:advisor_map_check", args=[broken.pk])).content.decode()
    empty = broken.nodes.get(key="empty")
    assert "1 problem found" in html and "Question with no answer buttons" in html
    link = f"/admin/advisor/map/{broken.pk}/change/#step-{empty.pk}"
    assert f'<a href="{link}">“Step empty?”</a> <span class="step-key">empty</span>' in html


def preview(client, **query):
    page = client.get(reverse("admin:advisor_map_preview", args=[sklearn().pk]), query)
    return page.context["screen"], page.content.decode()


def test_the_preview_answers_exactly_as_the_bot(editor_client):
    screen, html = preview(editor_client)
    assert screen == conversation.start("Eve")
    assert "Hi Eve! I will help you choose" in html
    for label in ("Yes", "Yes", "Yes", "<100K samples", "Not working", "No", "Not working"):
        [data] = [choice.data for row in screen.rows for choice in row if choice.label == label]
        screen, html = preview(editor_client, press=data)
        assert screen == conversation.press(data)
        for row in screen.rows:
            for choice in row:
                label = escape(choice.label)
                assert f'href="?press={quote(choice.data)}">{label}</a>' in html
    assert plain(screen.text).startswith("Try SVC (sklearn.svm.SVC)")
    assert "Try <b>SVC</b> (<code>sklearn.svm.SVC</code>)" in html  # formatted as in Telegram
    assert [[c.label for c in row] for row in screen.rows] == [
        ["👍 Yes", "👎 No"],
        ["Back", "Start over", "Done"],
    ]
    assert preview(editor_client, send="/cancel")[0] == conversation.goodbye()
    assert preview(editor_client, send="hello")[0] == conversation.hint()
    assert preview(editor_client, send="/help")[0] == conversation.help_text()


def test_the_preview_shows_a_map_before_it_is_published(editor_client):
    draft = make_map({"ask": (Q, [("Go", "end")]), "end": (R, [])}, slug="draft")
    Map.objects.filter(pk=draft.pk).update(is_published=False)
    page = editor_client.get(reverse("admin:advisor_map_preview", args=[draft.pk]))
    assert page.context["screen"].text == "Step ask?"
