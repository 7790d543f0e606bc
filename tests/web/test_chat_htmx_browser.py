"""In headless Chromium with JavaScript (htmx): the shipped map's chat walked to a
recommendation by keyboard alone, each answer swapped in with no page load, focus on the new
message, the address following, Back returning to the previous step, no CSP violation, and
zero WCAG 2.2 AA violations of axe-core on the pages htmx updated."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.editing.test_accessibility_browser import Audit

pytestmark = pytest.mark.django_db(transaction=True)
#: Run before each page's own scripts: notes every CSP violation the page reports.
WATCH = (
    "window.violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));"
)


def press(browser, key: str) -> None:
    ActionChains(browser).send_keys(key).perform()


def focused(browser):
    return browser.switch_to.active_element


def tab_to(browser, label: str) -> None:
    """Tab from where the focus is to the answer labelled ``label``."""
    for _ in range(40):
        press(browser, Keys.TAB)
        element = focused(browser)
        if "button" in (element.get_attribute("class") or "") and element.text == label:
            return
    raise AssertionError(f"no answer {label!r} reached by Tab")


def outlined(browser) -> bool:
    """Whether the focused element is drawn with an outline (a visible focus)."""
    return browser.execute_script(
        "const style = getComputedStyle(document.activeElement);"
        "return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;"
    )


def first_answer(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".buttons a.button").text


def answer_by_keyboard(browser, label: str) -> str:
    """Tab to an answer, press Enter, wait for htmx to put the new message in focus."""
    before = browser.current_url
    tab_to(browser, label)
    assert outlined(browser), f"the focus on {label!r} is not visible"
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda b: b.current_url != before and focused(b).get_attribute("id") == "now"
    )
    assert outlined(browser), "the focus on the new message is not visible"
    return browser.current_url


def open_with_htmx(browser, url: str) -> None:
    """Open a chat page once htmx is loaded, marked so that a page load would show."""
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return !!window.htmx"))
    browser.execute_script("window.sameLoad = 'yes'")  # gone if a page loads


def test_the_chat_walked_by_keyboard_with_htmx(browser, live_server, sklearn_map):
    watch = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    try:
        open_with_htmx(browser, f"{live_server.url}/chat/sklearn/")
        audit, visited = Audit(browser, ""), [browser.current_url]
        while "Done" not in [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".buttons a")]:
            assert len(visited) < 12, "no recommendation reached"
            visited.append(answer_by_keyboard(browser, first_answer(browser)))
            assert "go=" in browser.current_url
            audit.check(f"the chat after answer {len(visited) - 1}")
        assert browser.execute_script("return window.sameLoad") == "yes"
        assert "Your answers:" in focused(browser).text
        said = browser.find_element(By.ID, "said")
        assert said.get_attribute("aria-live") == "polite"
        assert "Your answers:" in said.get_attribute("textContent")
        assert len(browser.find_elements(By.CSS_SELECTOR, ".chat .you")) == len(visited) - 1
        # Back of the browser: the previous step, its address, its chat.
        browser.back()
        WebDriverWait(browser, 10).until(lambda b: b.current_url == visited[-2])
        assert "Your answers:" not in browser.find_element(By.ID, "now").text
        browser.forward()
        WebDriverWait(browser, 10).until(lambda b: b.current_url == visited[-1])
        answer_by_keyboard(browser, "Done")
        assert "Goodbye" in focused(browser).text
        audit.check("the goodbye")
        assert browser.execute_script("return window.sameLoad") == "yes"
        assert browser.execute_script("return window.violations") == []
        audit.assert_clean()
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", watch)
