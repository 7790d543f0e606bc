"""A map editor opens a map's analytics in headless Chromium after real conversations."""

import pytest
from selenium.webdriver.common.by import By

from tests.editing.test_browser import log_in, navigate

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_sees_the_analytics_chart(browser, live_server, botapi, editor, artifacts):
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
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/advisor/map/")
    the_map = browser.find_element(By.LINK_TEXT, "Choosing the right scikit-learn estimator")
    analytics = navigate(browser, the_map.click, ".object-tools a[href*='/analytics/']")
    chart = navigate(browser, analytics.click, "#analytics-chart")
    summary = browser.find_element(By.ID, "analytics-summary").text
    assert summary == "7 chats used this map; 4 reached a recommendation."
    first_bar = chart.find_element(By.TAG_NAME, "text").text
    assert first_bar == "more-than-50-samples"
    chart.screenshot(str(artifacts / "analytics.png"))
    print(f"\nscreenshot of the analytics chart: {artifacts / 'analytics.png'}")
