"""In headless Chromium: a host page on another origin (a second local port, 127.0.0.1 where
the app is localhost) adds the chat bubble with /embed.js under a strict policy of its own.
With the host's site allowed and published, the chat (a third-party frame: no cookies, the
forms carry signed tokens) walks to a recommendation, Back, "👎 No" with a reason sent and
thanked, and Start over, by mouse and by keyboard alone (Escape closing the chat, the focus
back on the bubble), each walk's vote and reason kept for the web; with the site not allowed,
the browser refuses the frame; markup in data-map never runs. Saves docs/web-embed.png."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from advisor.core.texts import MAP_DEFAULTS
from advisor.models import Map
from advisor.versions import publish
from botapp.models import Channel, HandledUpdate, Reason
from tests.editing.test_accessibility_browser import Audit
from tests.web.test_chat_browser import readme_screenshot
from tests.web.test_chat_feedback_browser import (
    QUESTION,
    THANKS,
    reason_by_keyboard,
    vote_no_by_keyboard,
)
from tests.web.test_chat_htmx_browser import focused, outlined, press, tab_to

pytestmark = pytest.mark.django_db(transaction=True)
NO = MAP_DEFAULTS["helpful_no"]
HOSTILE = '"><img src=x onerror="window.pwned=1">'
#: A host page as a site would write it: its policy allows the app's script and frame only.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src {app}; frame-src {app}">
<script src="{app}/embed.js" data-map="{name}" async></script></head>
<body><header><a href="#top">A host link</a></header>
<div><main><h1>A site that shows the chat</h1><p>Its own words.</p></main></div></body></html>"""


@pytest.fixture
def host(tmp_path, live_server):
    """A second web server on 127.0.0.1 serving host pages (the app is on localhost)."""
    app = live_server.url
    (tmp_path / "host.html").write_text(HOST_PAGE.format(app=app, name="sklearn"))
    hostile = HOST_PAGE.format(app=app, name=HOSTILE.replace('"', "&quot;"))
    (tmp_path / "hostile.html").write_text(hostile)
    labelled = HOST_PAGE.format(app=app, name="sklearn").replace(
        " async", ' data-label="Chatear {}" async'.format(HOSTILE.replace('"', "&quot;")), 1
    )
    (tmp_path / "labelled.html").write_text(labelled)
    handler = partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bubble(browser):
    return browser.find_element(By.XPATH, "//button[normalize-space()='Chat']")


def open_host(browser, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.XPATH, "//button[.='Chat']"))


def into_chat(browser) -> None:
    """Into the chat's frame, once its page (and htmx) loaded."""
    frame = browser.find_element(By.TAG_NAME, "iframe")
    assert frame.get_attribute("title") == "Chat"
    browser.switch_to.frame(frame)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return !!window.htmx"))


def answers(browser) -> list[str]:
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".buttons a.button")]


def newest(browser) -> str:
    """The newest message's text (read in one script: htmx may be swapping the chat)."""
    return browser.execute_script(
        "const now = document.getElementById('now');return now ? now.innerText : '';"
    )


def answered(browser, press_it) -> None:
    """Press an answer (``press_it``), and wait for htmx to put the new message in focus."""
    before = newest(browser)
    press_it()
    WebDriverWait(browser, 10).until(
        lambda b: (
            newest(b) != before and b.execute_script("return document.activeElement.id") == "now"
        )
    )


def walk(browser, choose, vote_no_and_say, at_recommendation=lambda: None) -> None:
    """Answer the first answer until a recommendation (then ``at_recommendation()``), Back,
    the same answer again, "👎 No" and a reason (``vote_no_and_say()``), then Start over, back
    at the first question. ``choose(label)`` presses an answer."""
    first = newest(browser)
    for _ in range(12):
        if MAP_DEFAULTS["done"] in answers(browser):
            break
        answered(browser, partial(choose, answers(browser)[0]))
    assert "Your answers:" in newest(browser)
    at_recommendation()
    recommendation = newest(browser)
    answered(browser, partial(choose, MAP_DEFAULTS["back"]))
    assert "Your answers:" not in newest(browser)
    answered(browser, partial(choose, answers(browser)[0]))  # the same answer again
    assert newest(browser) == recommendation
    vote_no_and_say()
    answered(browser, partial(choose, MAP_DEFAULTS["start_over"]))
    assert newest(browser) == first


def voted_no(browser) -> None:
    """After "👎 No": the bot's question newest, the vote ticked under the recommendation."""
    assert QUESTION in newest(browser)
    votes = browser.find_elements(By.CSS_SELECTOR, ".buttons form button")
    assert [vote.text for vote in votes] == [MAP_DEFAULTS["helpful_yes"], f"✓ {NO}"]
    assert all(vote.is_displayed() for vote in votes)


def thanked(browser, reason: str) -> None:
    """The thanks newest, under the reason as the visitor's answer."""
    assert THANKS in newest(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".chat .you")[-1].text.endswith(reason)


def vote_no_and_say_by_mouse(browser, reason: str) -> None:
    button = partial(browser.find_element, By.XPATH)
    answered(browser, lambda: button(f"//button[normalize-space()='{NO}']").click())
    voted_no(browser)
    box = browser.find_element(By.NAME, "reason")
    box.click()
    box.send_keys(reason)
    answered(browser, lambda: button("//button[normalize-space()='Send']").click())
    thanked(browser, reason)


def vote_no_and_say_by_keyboard(browser, reason: str) -> None:
    vote_no_by_keyboard(browser)
    voted_no(browser)
    reason_by_keyboard(browser, reason)
    thanked(browser, reason)


def kept(reasons: list[str]) -> None:
    """One "👎 No" vote and one reason per walk, each kept for the web."""
    votes = HandledUpdate.objects.filter(kind=HandledUpdate.Kind.VOTE).order_by("handled_at")
    assert [(vote.channel, vote.path[:2]) for vote in votes] == [(Channel.WEB, "vn")] * len(reasons)
    saved = Reason.objects.order_by("given_at").values_list("text", "channel")
    assert list(saved) == [(reason, Channel.WEB) for reason in reasons]


def click(browser, label: str) -> None:
    browser.find_element(By.XPATH, f"//a[contains(@class,'button')][.='{label}']").click()


def by_keyboard(browser, label: str) -> None:
    tab_to(browser, label)
    assert outlined(browser), f"the focus on {label!r} is not visible"
    press(browser, Keys.ENTER)


def screenshot(browser, path) -> None:
    """The host page with the chat open (README's picture), taken from inside the chat."""
    browser.switch_to.default_content()
    readme_screenshot(browser, path)
    browser.switch_to.frame(browser.find_element(By.TAG_NAME, "iframe"))


def test_an_allowed_site_shows_the_chat_by_mouse_and_by_keyboard(
    browser, host, sklearn_map, artifacts
):
    Map.objects.filter(pk=sklearn_map.pk).update(embed_origins=[host])
    publish(Map.objects.get(pk=sklearn_map.pk))
    open_host(browser, f"{host}/host.html")
    audit = Audit(browser, "")
    audit.check("a host page with the chat bubble")
    assert not browser.find_elements(By.TAG_NAME, "iframe")  # nothing loads until asked
    # By mouse: the bubble opens the chat, the walk, the bubble closes it.
    bubble(browser).click()
    assert bubble(browser).get_attribute("aria-expanded") == "true"
    into_chat(browser)
    walk(
        browser,
        partial(click, browser),
        partial(vote_no_and_say_by_mouse, browser, "Examples with pipelines"),
        partial(screenshot, browser, artifacts / "web-embed.png"),
    )
    kept(["Examples with pipelines"])
    browser.switch_to.default_content()
    bubble(browser).click()
    assert not browser.find_element(By.ID, "advisor-chat").is_displayed()

    # By keyboard alone, on a fresh page: Tab to the bubble, Enter, Tab into the chat.
    open_host(browser, f"{host}/host.html")
    for _ in range(5):
        press(browser, Keys.TAB)
        if focused(browser).text == "Chat":
            break
    assert focused(browser) == bubble(browser)
    assert "solid" in bubble(browser).value_of_css_property("outline-style")  # focus shown
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "advisor-chat").is_displayed())
    into_chat(browser)
    walk(
        browser,
        partial(by_keyboard, browser),
        partial(vote_no_and_say_by_keyboard, browser, "A worked example"),
    )
    kept(["Examples with pipelines", "A worked example"])
    press(browser, Keys.ESCAPE)  # from inside the chat: closed, the focus on the bubble
    browser.switch_to.default_content()
    WebDriverWait(browser, 5).until(
        lambda b: not b.find_element(By.ID, "advisor-chat").is_displayed()
    )
    assert focused(browser) == bubble(browser)
    assert bubble(browser).get_attribute("aria-expanded") == "false"
    audit.assert_clean()


def test_a_site_not_allowed_is_refused_and_markup_in_data_map_never_runs(
    browser, host, sklearn_map
):
    browser.get_log("browser")  # forget earlier lines
    open_host(browser, f"{host}/host.html")
    bubble(browser).click()
    logged = []
    WebDriverWait(browser, 10).until(
        lambda b: (
            logged.extend(line["message"] for line in b.get_log("browser"))
            or any("frame-ancestors 'self'" in line for line in logged)
        )
    )
    browser.switch_to.frame(browser.find_element(By.TAG_NAME, "iframe"))
    assert not browser.find_elements(By.ID, "chat")  # the chat page was not shown
    assert "/chat/sklearn/" not in browser.execute_script("return document.URL")
    browser.switch_to.default_content()

    open_host(browser, f"{host}/hostile.html")
    bubble(browser).click()
    src = browser.find_element(By.TAG_NAME, "iframe").get_attribute("src")
    assert src.endswith("/chat/%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E/")
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert browser.execute_script("return window.pwned") is None


def test_data_label_words_the_bubble_as_text_never_markup(browser, host, sklearn_map):
    browser.get(f"{host}/labelled.html")
    label = f"Chatear {HOSTILE}"
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "button"))
    bubble = browser.find_element(By.CSS_SELECTOR, "button[aria-controls='advisor-chat']")
    assert bubble.get_attribute("textContent") == label
    bubble.click()
    assert browser.find_element(By.TAG_NAME, "iframe").get_attribute("title") == label
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert browser.execute_script("return window.pwned") is None
