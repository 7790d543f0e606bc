"""In headless Chromium, the message editor on a step's page (advisor/static/advisor/richtext.js):
an editor formats words with the mouse and with the keyboard, links words through the Link
dialog, types characters that look like markup and quotes a line; the step is saved as
exactly that Telegram HTML. A stored message with hostile markup runs nothing and shows no
image in the editor."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from advisor.models import Node
from tests.editing.maps import Q, R, make_map
from tests.editing.test_browser import log_in, navigate, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE = "https://scikit-learn.org/stable/?a=1&b=2"
SAVED = (
    "How <b>many</b> <i>samples</i> <code>do</code> you have? See "
    '<a href="https://scikit-learn.org/stable/?a=1&amp;b=2">the guide</a>.\n'
    "<blockquote>&lt;100K &amp; more, &lt;b&gt;*_</blockquote>"
)
HOSTILE = (
    'Hi <img src=x onerror="window.__pwned=1"><a href="javascript:window.__pwned=1">x</a> '
    '<b onmouseover="window.__pwned=1">there</b><script>window.__pwned=1</script>'
)

#: Selects from the first ``arguments[0]`` to the next ``arguments[1]`` in the editor's text
#: (a person would drag over it: the selection is the same).
SELECT = """
const [first, last] = arguments, editor = document.querySelector(".rich-text-editor");
const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
const range = document.createRange();
let node, started = false;
while ((node = walker.nextNode())) {
  const at = started ? -1 : node.data.indexOf(first);
  if (at >= 0) { range.setStart(node, at); started = true; }
  const end = started ? node.data.indexOf(last, Math.max(at, 0)) : -1;
  if (end >= 0) {
    range.setEnd(node, end + last.length);
    editor.focus();
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return true;
  }
}
return false;
"""


def select(browser, first: str, last: str | None = None) -> None:
    assert browser.execute_script(SELECT, first, last or first)


def chord(browser, *keys: str) -> None:
    """Press the keys together (modifiers first), as a shortcut is pressed."""
    actions = ActionChains(browser)
    for key in keys[:-1]:
        actions.key_down(key)
    actions.send_keys(keys[-1])
    for key in reversed(keys[:-1]):
        actions.key_up(key)
    actions.perform()


def tool(browser, name: str):
    return browser.find_element(By.CSS_SELECTOR, f".rich-text-toolbar .rich-text-{name}")


def open_step(browser, live_server, editor, text: str) -> Node:
    steps = make_map({"size": (Q, [("Small", "small")]), "small": (R, [])})
    step = steps.nodes.get(key="size")
    step.text = text
    step.save()
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/advisor/node/{step.pk}/change/")
    return step


def test_an_editor_formats_a_message(browser, live_server, editor, artifacts):
    step = open_step(browser, live_server, editor, "How many samples do you have? See the guide.")
    box = wait_for(browser, ".rich-text-editor")
    assert not browser.find_element(By.ID, "id_text").is_displayed()
    label = browser.find_element(By.ID, box.get_attribute("aria-labelledby"))
    assert label.text == "Message:" and box.get_attribute("role") == "textbox"

    select(browser, "many")
    tool(browser, "bold").click()  # the mouse
    assert tool(browser, "bold").get_attribute("aria-pressed") == "true"
    select(browser, "samples")
    chord(browser, Keys.CONTROL, "i")  # the keyboard
    select(browser, "do")
    box.send_keys(Keys.SHIFT, Keys.TAB)  # to the toolbar (one Tab stop), then along it
    assert browser.switch_to.active_element == tool(browser, "bold")
    for _ in range(4):
        browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    browser.switch_to.active_element.send_keys(Keys.ENTER)  # Code
    assert browser.switch_to.active_element == box
    assert tool(browser, "code").get_attribute("aria-pressed") == "true"

    select(browser, "the guide")
    tool(browser, "link").click()
    address = wait_for(browser, "dialog[open] #rich-text-address")
    address.send_keys("javascript:alert(1)" + Keys.ENTER)
    assert "https://" in browser.find_element(By.ID, "rich-text-refusal").text  # refused
    address.clear()
    address.send_keys(GUIDE + Keys.ENTER)
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog[open]")

    chord(browser, Keys.CONTROL, Keys.END)
    box.send_keys(Keys.ENTER, "<100K & more, <b>*_")
    chord(browser, Keys.CONTROL, Keys.SHIFT, "9")  # the line as a quote
    assert browser.find_element(By.ID, "id_text").get_attribute("value") == SAVED

    save = browser.find_element(By.NAME, "_continue")
    navigate(browser, save.click, ".messagelist .success")
    step.refresh_from_db()
    assert step.text == SAVED

    box = wait_for(browser, ".rich-text-editor")  # the saved message, shown again
    assert box.find_element(By.TAG_NAME, "a").get_attribute("href") == GUIDE
    assert box.find_element(By.TAG_NAME, "blockquote").text == "<100K & more, <b>*_"
    select(browser, "many")
    browser.find_element(By.CSS_SELECTOR, ".form-row.field-text").screenshot(
        str(artifacts / "richtext-editor.png")
    )
    print(f"\nscreenshot of the message editor: {artifacts / 'richtext-editor.png'}")

    # The preview chat shows it as Telegram does.
    browser.get(f"{live_server.url}/admin/advisor/map/{step.map_id}/preview/")
    message = wait_for(browser, ".preview-message")
    assert message.find_element(By.TAG_NAME, "b").text == "many"
    assert message.find_element(By.TAG_NAME, "code").text == "do"
    assert message.find_element(By.TAG_NAME, "a").get_attribute("href") == GUIDE
    assert message.find_element(By.TAG_NAME, "blockquote").text == "<100K & more, <b>*_"
    browser.find_element(By.ID, "preview-chat").screenshot(str(artifacts / "richtext-preview.png"))


def test_stored_markup_never_runs(browser, live_server, editor):
    open_step(browser, live_server, editor, HOSTILE)
    box = wait_for(browser, ".rich-text-editor")
    ActionChains(browser).move_to_element(box.find_element(By.TAG_NAME, "b")).click().perform()
    assert not box.find_elements(By.CSS_SELECTOR, "img, a, script, [onmouseover]")
    assert box.text == "Hi x therewindow.__pwned=1"  # the script's words show, as text
    pwned = browser.execute_async_script(
        "const done = arguments[0]; setTimeout(() => done(window.__pwned ?? null), 500);"
    )
    assert pwned is None
    assert browser.find_element(By.ID, "id_text").get_attribute("value") == HOSTILE  # as stored
    chord(browser, Keys.CONTROL, Keys.END)
    box.send_keys("!")
    value = browser.find_element(By.ID, "id_text").get_attribute("value")
    assert value == "Hi x <b>there</b>window.__pwned=1!"
