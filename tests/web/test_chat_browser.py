"""In headless Chromium with JavaScript turned off: the shipped map's chat page walked to a
recommendation by its links, Back and Done, each page at zero WCAG 2.2 AA violations of
axe-core (run with JavaScript back on, on the same pages). Saves docs/web-chat.png."""

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from advisor.core.texts import MAP_DEFAULTS
from tests.editing.test_accessibility_browser import Audit

pytestmark = pytest.mark.django_db(transaction=True)


def scripts_off(browser, off: bool) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": off})


def readme_screenshot(browser, path: Path, to_the_end: bool = False) -> None:
    """The page as README shows it, in a 1100x800 view (then the window's own again),
    scrolled to its end if ``to_the_end``."""
    view = {"width": 1100, "height": 800, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", view)
    try:
        if to_the_end:
            ActionChains(browser).scroll_by_amount(0, 10_000).perform()
        browser.save_screenshot(str(path))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def answers(browser) -> dict[str, object]:
    return {link.text: link for link in browser.find_elements(By.CSS_SELECTOR, ".buttons a")}


def test_the_chat_page_walked_without_javascript_and_audited(
    browser, live_server, sklearn_map, artifacts
):
    chat = f"{live_server.url}/chat/sklearn/"
    scripts_off(browser, True)
    try:
        browser.get(chat)
        visited = [browser.current_url]
        for _ in range(12):
            links = answers(browser)
            if "Done" in links:
                break
            next(iter(links.values())).click()
            visited.append(browser.current_url)
        assert {"Back", "Start over", "Done"} <= set(answers(browser))
        assert browser.current_url.endswith("#now")
        newest = browser.find_element(By.ID, "now")
        assert "Your answers:" in newest.text
        assert len(browser.find_elements(By.CSS_SELECTOR, ".chat .you")) >= 2
        share = browser.find_element(By.CSS_SELECTOR, ".share")
        assert share.text.startswith("Share\n") and MAP_DEFAULTS["helpful"] in newest.text
        readme_screenshot(browser, artifacts / "web-chat.png", to_the_end=True)
        answers(browser)["Back"].click()
        visited.append(browser.current_url)
        assert "Your answers:" not in browser.find_element(By.ID, "now").text
        browser.back()
        answers(browser)["Done"].click()
        visited.append(browser.current_url)
        assert "Goodbye" in browser.find_element(By.ID, "now").text
        browser.find_element(By.CSS_SELECTOR, ".languages a[lang=es]").click()
        visited.append(browser.current_url)
    finally:
        scripts_off(browser, False)
    audit = Audit(browser, "")
    for number, url in enumerate(visited):
        audit.page(url, f"the chat page, step {number}")
    audit.page(f"{live_server.url}/chat/no-such-map/", "the page of an unknown map")
    audit.assert_clean()
