"""In headless Chromium with htmx, by keyboard alone: the shipped map walked to a
recommendation, "👎 No" pressed, the bot's question focused with its form, a reason typed and
sent, the thanks focused; no page load, no CSP violation, zero WCAG 2.2 AA violations of
axe-core on each page htmx updated, and the reason kept for the web. And with JavaScript off:
the same by plain forms, one page load each."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from advisor.core.texts import MAP_DEFAULTS
from botapp.models import Channel, HandledUpdate, Reason
from tests.editing.test_accessibility_browser import Audit
from tests.web.test_chat_browser import answers, scripts_off
from tests.web.test_chat_htmx_browser import (
    WATCH,
    answer_by_keyboard,
    first_answer,
    focused,
    open_with_htmx,
    outlined,
    press,
    tab_to,
)

pytestmark = pytest.mark.django_db(transaction=True)
QUESTION, THANKS = MAP_DEFAULTS["reason_question"], MAP_DEFAULTS["reason_thanks"]


def newest_says(browser, words: str) -> None:
    """Wait for htmx to put the focus on the newest message, which says ``words``."""
    WebDriverWait(browser, 10).until(
        lambda b: (
            words
            in b.execute_script(
                "const e = document.activeElement; return e.id === 'now' ? e.innerText : '';"
            )
        )
    )
    assert outlined(browser), "the focus on the new message is not visible"


def name_of(browser, element) -> str:
    """Chromium's accessible name of ``element``; in a frame of another site (the embed),
    where chromedriver cannot compute it, the text of what its aria-labelledby names."""
    if not browser.execute_script("return window.parent !== window"):
        return element.accessible_name
    return browser.execute_script(
        "return document.getElementById(arguments[0].getAttribute('aria-labelledby')).innerText",
        element,
    )


def vote_no_by_keyboard(browser) -> None:
    """Tab to "👎 No" under a recommendation, press Enter: the bot's question in focus."""
    tab_to(browser, MAP_DEFAULTS["helpful_no"])
    assert outlined(browser), "the focus on 👎 No is not visible"
    press(browser, Keys.ENTER)
    newest_says(browser, QUESTION)


def reason_by_keyboard(browser, text: str) -> None:
    """From the bot's question in focus: Tab to its text box, type ``text``, Tab to Send,
    press Enter: the thanks in focus."""
    press(browser, Keys.TAB)
    textarea = focused(browser)
    assert textarea.tag_name == "textarea" and outlined(browser)
    assert name_of(browser, textarea) == QUESTION
    press(browser, text)
    press(browser, Keys.TAB)
    assert focused(browser).text == "Send"
    press(browser, Keys.ENTER)
    newest_says(browser, THANKS)


def test_a_vote_and_a_reason_by_keyboard_with_htmx(browser, live_server, sklearn_map):
    watch = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    try:
        open_with_htmx(browser, f"{live_server.url}/chat/sklearn/")
        audit = Audit(browser, "")
        for _ in range(12):
            if "Done" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".buttons a")]:
                break
            answer_by_keyboard(browser, first_answer(browser))
        address = browser.current_url
        vote_no_by_keyboard(browser)
        said = browser.find_element(By.ID, "said").get_attribute("textContent")
        assert QUESTION in said
        assert browser.current_url == address  # a vote is no new address
        audit.check("the question after 👎 No")
        reason_by_keyboard(browser, "Examples with pipelines")
        audit.check("the thanks for the reason")
        assert browser.execute_script("return window.sameLoad") == "yes"
        assert browser.execute_script("return window.violations") == []
        audit.assert_clean()
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", watch)
    reason = Reason.objects.get()
    assert (reason.text, reason.channel) == ("Examples with pipelines", Channel.WEB)
    vote = HandledUpdate.objects.get(kind=HandledUpdate.Kind.VOTE)
    assert vote.channel == Channel.WEB and vote.path.startswith("vn")


def test_a_vote_and_a_reason_without_javascript(browser, live_server, sklearn_map):
    scripts_off(browser, True)
    try:
        browser.get(f"{live_server.url}/chat/sklearn/")
        for _ in range(12):
            if "Done" in answers(browser):
                break
            next(iter(answers(browser).values())).click()
        no = MAP_DEFAULTS["helpful_no"]
        browser.find_element(By.XPATH, f"//button[normalize-space()='{no}']").click()
        WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/feedback/#now"))
        assert QUESTION in browser.find_element(By.ID, "now").text
        browser.find_element(By.NAME, "reason").send_keys("A worked example")
        browser.find_element(By.XPATH, "//button[normalize-space()='Send']").click()
        WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda b: THANKS in b.find_element(By.ID, "now").text
        )
        assert "A worked example" in browser.find_elements(By.CSS_SELECTOR, ".chat .you")[-1].text
    finally:
        scripts_off(browser, False)
    audit = Audit(browser, "")
    audit.check("the thanks, loaded without JavaScript")
    audit.assert_clean()
    assert Reason.objects.get().text == "A worked example"
    start_over = answers(browser)[MAP_DEFAULTS["start_over"]]
    assert start_over.get_attribute("href").startswith(f"{live_server.url}/chat/sklearn/?")
