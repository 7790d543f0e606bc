"""A map editor opens a map's analytics in headless Chromium after real conversations: the
last 30 days by default, all time one click away."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from botapp.models import HandledUpdate
from tests.editing.test_browser import log_in, navigate

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_sees_30_days_then_all_time(browser, live_server, botapi, editor, artifacts):
    walks = [
        ["Yes", "Yes", "Yes", "<100K samples", "Not working", "Yes"],
        ["Yes", "Yes", "Yes", "<100K samples", "Done"],
        ["Yes", "Yes", "No", "Yes", "<10K samples"],
        ["Yes", "No", "Yes", "<100K samples", "Yes"],
        ["Yes", "No"],
        ["Yes", "Yes"],
        ["No"],
    ]
    for number, presses in enumerate(walks):
        chat = botapi.chat(9000 + number)
        chat.send("/start")
        for label in presses:
            assert chat.press(label) == 200
    for chat_id, days_ago in ((9000, 45), (9001, 45), (9004, 3)):  # earlier conversations
        HandledUpdate.objects.filter(chat_id=chat_id).update(
            handled_at=timezone.now() - timedelta(days=days_ago)
        )
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/advisor/map/")
    the_map = browser.find_element(By.LINK_TEXT, "Choosing the right scikit-learn estimator")
    analytics = navigate(browser, the_map.click, ".object-tools a[href*='/analytics/']")
    chart = navigate(browser, analytics.click, "#analytics-chart")
    chosen = browser.find_element(By.CSS_SELECTOR, "#analytics-periods strong").text
    assert chosen == "Last 30 days"
    summary = browser.find_element(By.ID, "analytics-summary").text
    assert summary == "About 5 chats used this map; 2 reached a recommendation."
    assert len(browser.find_elements(By.CSS_SELECTOR, "#analytics-days rect")) == 30
    first = chart.find_element(By.TAG_NAME, "text").text  # the first question comes first
    assert first == "Do you have more than 50 samples?"
    browser.find_element(By.ID, "content").screenshot(str(artifacts / "analytics-30-days.png"))
    all_time = browser.find_element(By.LINK_TEXT, "All time")
    navigate(browser, all_time.click, "#analytics-chart")
    chosen = browser.find_element(By.CSS_SELECTOR, "#analytics-periods strong").text
    assert chosen == "All time"
    summary = browser.find_element(By.ID, "analytics-summary").text
    assert summary == "About 7 chats used this map; about 4 reached a recommendation."
    assert (
        len(browser.find_elements(By.CSS_SELECTOR, "#analytics-days rect")) == 46
    )  # from the first day on
    browser.find_element(By.ID, "content").screenshot(str(artifacts / "analytics.png"))
    print(f"\nscreenshots of the analytics page: {artifacts / 'analytics-30-days.png'}, all time")


def test_an_editor_sees_votes_shared_arrivals_and_reasons(
    browser, live_server, botapi, editor, artifacts
):
    to_linear_svc = ["Yes", "Yes", "Yes", "<100K samples"]
    for number, vote in enumerate(["👍 Yes", "👍 Yes", "👎 No"]):
        chat = botapi.chat(9100 + number)
        chat.send("/start")
        for label in to_linear_svc:
            chat.press(label)
        assert chat.press(vote) == 200
    assert chat.reply('Something <b>for</b> time series,\nwith "quotes" 📈') == 200
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/botapp/handledupdate/analytics/{chat_map_id()}/")
    table = browser.find_element(By.ID, "analytics-recommendations")
    row = table.find_element(By.XPATH, ".//tr[.//span[text()='linear-svc']]")
    cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    assert cells[1:] == ["3", "2", "1", "67 %", "0"]
    reason = browser.find_element(By.CSS_SELECTOR, "#analytics-reasons .reason-text")
    assert reason.text == 'Something <b>for</b> time series,\nwith "quotes" 📈'  # as text
    assert not reason.find_elements(By.TAG_NAME, "b")
    browser.execute_script("arguments[0].scrollIntoView()", table)
    browser.find_element(By.ID, "content").screenshot(str(artifacts / "analytics-feedback.png"))


def chat_map_id() -> int:
    return HandledUpdate.objects.filter(map__isnull=False).values_list("map_id", flat=True)[0]
