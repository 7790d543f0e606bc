"""In headless Chromium: a publisher connects the team's Telegram group (a code made in the
admin, ``/connect CODE`` sent in the group through the webhook with the Bot API stand-in) and
reads the Conversations page from the map's page; a Map editor sees the Team group page
read-only and is refused a code."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from botapp.handoff.models import ConnectCode, TeamGroup
from tests.editing.test_browser import log_in, navigate
from tests.editing.test_conversations_page import talk

pytestmark = pytest.mark.django_db(transaction=True)
TEAM_PAGE = reverse("admin:botapp_teamgroup_changelist")


def test_a_publisher_connects_the_team_group(browser, live_server, botapi, publisher, artifacts):
    log_in(browser, live_server.url, publisher.username)
    browser.get(live_server.url + TEAM_PAGE)
    assert browser.find_element(By.ID, "team-group-none").text == (
        "No team group is connected yet."
    )
    button = browser.find_element(By.ID, "connect-button")
    shown = navigate(browser, button.click, "#connect-code").text
    code = ConnectCode.objects.get(made_by=publisher).code
    assert shown == (
        f"Your code: {code}. In the team's Telegram group, send /connect {code} within 60 minutes."
    )

    group = botapi.supergroup("Support team")
    assert botapi.deliver(group.message_update(group.owner, f"/connect {code}")) == 200
    assert TeamGroup.objects.get().title == "Support team"
    browser.get(live_server.url + TEAM_PAGE)
    table = browser.find_element(By.ID, "team-group").text
    assert "Group Support team" in table
    assert f"by Olga (code made by {publisher.username})" in table
    assert browser.find_element(By.ID, "team-group-can-post").text == "Yes"
    browser.set_window_size(1100, 640)  # README's picture (docs/team-group.png)
    try:
        browser.save_screenshot(str(artifacts / "team-group.png"))
    finally:
        browser.set_window_size(1400, 1000)  # the session's size (CHROMIUM_ARGS)


def test_a_publisher_reads_the_conversations_of_a_map(browser, live_server, publisher, sklearn_map):
    talk(sklearn_map, 1, minutes_ago=30, first_name="Ada", answered_by_name="Grace", closed=True)
    talk(sklearn_map, 2, minutes_ago=5, first_name="Bob")
    log_in(browser, live_server.url, publisher.username)
    browser.get(f"{live_server.url}{reverse('admin:advisor_map_change', args=[sklearn_map.pk])}")
    link = browser.find_element(By.LINK_TEXT, "Conversations")
    table = navigate(browser, link.click, "#result_list")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 2
    assert "Bob" in rows[0].text and "no answer yet" in rows[0].text
    assert "Ada" in rows[1].text and "Grace" in rows[1].text
    closed = browser.find_element(By.LINK_TEXT, "Closed")
    table = navigate(browser, closed.click, "#result_list")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [("Ada" in row.text) for row in rows] == [True]


def test_a_map_editor_cannot_connect_a_group(browser, live_server, editor, sklearn_map):
    log_in(browser, live_server.url, editor.username)
    browser.get(live_server.url + TEAM_PAGE)
    said = browser.find_element(By.ID, "connect-publishers-only").text
    assert said == "Only a Map publisher can connect a team group."
    assert not browser.find_elements(By.ID, "connect-button")
    # The form a publisher has, posted anyway with the editor's own session and CSRF token.
    post = """
        const form = document.createElement('form');
        form.method = 'post';
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        form.innerHTML = `<input name="csrfmiddlewaretoken" value="${token}">`;
        document.body.append(form);
        form.submit();
    """
    heading = navigate(browser, lambda: browser.execute_script(post), "#content h1").text
    assert heading == "Not allowed"  # the admin's refusal page, answered with a 403
    assert not ConnectCode.objects.exists()
