"""In headless Chromium, the three tasks of the outline, counting page loads and saves: reword
a step; add an answer leading to a new recommendation with its documentation link; delete a
step that two buttons lead to, leading them to another step. Once with the mouse, once with
the keyboard alone (keys sent to the focused control, no click)."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from advisor.models import Button, Node
from tests.editing.test_browser import log_in, waiting

pytestmark = pytest.mark.django_db(transaction=True)

#: Counts the outline's saves (htmx posts with XMLHttpRequest) and marks this page load.
COUNTERS = """
window.pageMark = "the map's page";
window.saves = 0;
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, ...rest) {
  if (method.toUpperCase() === "POST") window.saves += 1;
  return open.call(this, method, ...rest);
};
"""


class Editor:
    """Drives the outline with the mouse (``click``) or the keyboard (``keys``)."""

    def __init__(self, browser, keyboard: bool):
        self.browser, self.keyboard = browser, keyboard

    def use(self, element) -> None:
        """Activate a button or a radio: a click, or the key that does it when focused."""
        if self.keyboard:
            element.send_keys(
                Keys.SPACE if element.get_attribute("type") == "radio" else Keys.ENTER
            )
        else:
            element.click()

    def step(self, key: str):
        return self.browser.find_element(
            By.XPATH,
            "//li[contains(@class,'outline-step')]"
            f"[div/span[@class='step-key' and text()='{key}']]",
        )

    def tool(self, key: str, label: str):
        head = self.step(key).find_element(By.CLASS_NAME, "step-head")
        return head.find_element(By.XPATH, f".//button[starts-with(normalize-space(.), '{label}')]")

    def slot(self, key: str):
        step_id = self.step(key).get_attribute("data-step")
        return waiting(self.browser).until(
            lambda b: b.find_element(By.CSS_SELECTOR, f"#slot-{step_id} form")
        )

    def saved(self, words: str) -> None:
        """Wait for "Saved …" (the status is swapped in: an element found may go stale)."""
        waiting(self.browser, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda b: b.find_element(By.ID, "outline-saved").text.startswith(words)
        )

    def counts(self) -> tuple[int, int]:
        """(page loads since the map's page, saves)."""
        loads = self.browser.execute_script("return window.pageMark ? 0 : 1")
        return loads, self.browser.execute_script("return window.saves")


def open_map_page(browser, live_server, editor, sklearn_map) -> None:
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/advisor/map/{sklearn_map.pk}/change/")
    browser.execute_script(COUNTERS)


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_the_three_tasks(browser, live_server, editor, sklearn_map, artifacts, keyboard):
    open_map_page(browser, live_server, editor, sklearn_map)
    if not keyboard:
        browser.save_screenshot(str(artifacts / "outline.png"))
    me = Editor(browser, keyboard)

    # Reword a step: 0 further page loads, 1 save.
    me.use(me.tool("text-data", "Edit"))
    form = me.slot("text-data")
    message = form.find_element(By.CSS_SELECTOR, ".rich-text-editor")
    assert browser.switch_to.active_element == message  # the form opens on its first field
    message.send_keys(Keys.CONTROL, "a")
    message.send_keys("Is your data text (documents, messages)?")
    me.use(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    me.saved("Saved · 1 unpublished change")
    assert me.counts() == (0, 1)
    step = sklearn_map.nodes.get(key="text-data")
    assert Node.objects.get(pk=step.pk).text == "Is your data text (documents, messages)?"
    assert me.step("text-data").find_element(By.CLASS_NAME, "step-message").text == (
        "Is your data text (documents, messages)?"
    )

    # Add an answer leading to a new recommendation with its documentation link: 0, 1.
    me.use(me.tool("text-data", "Add an answer"))
    form = me.slot("text-data")
    form.find_element(By.NAME, "label").send_keys("Images")
    form.find_element(By.CSS_SELECTOR, ".leads-new .rich-text-editor").send_keys(
        "Try a convolutional network."
    )
    form.find_element(By.NAME, "new_doc_url").send_keys("pytorch.org/vision")
    if keyboard:
        form.find_element(By.NAME, "new_doc_url").send_keys(Keys.ENTER)  # submits the form
    else:
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    me.saved("Saved · 3 unpublished changes")
    assert me.counts() == (0, 2)
    images = step.buttons.get(label="Images")
    assert (images.target.kind, images.target.doc_url) == (
        "recommendation",
        "https://pytorch.org/vision",
    )
    if not keyboard:
        browser.save_screenshot(str(artifacts / "outline-added.png"))

    # Delete a step two buttons lead to, leading them to another step: 0, 1.
    leading = list(
        Button.objects.filter(target__key="kernel-approximation").values_list("pk", flat=True)
    )
    assert len(leading) == 2
    me.use(me.tool("kernel-approximation", "Delete"))
    form = me.slot("kernel-approximation")
    assert "2 buttons lead to it" in form.text
    me.use(form.find_element(By.CSS_SELECTOR, "input[name=then][value=redirect]"))
    form.find_element(By.NAME, "q").send_keys("SGD Classifier")
    choice = waiting(browser).until(
        lambda b: form.find_element(By.CSS_SELECTOR, "input[name=redirect]")
    )
    me.use(choice)
    sgd = Node.objects.get(pk=choice.get_attribute("value"))
    me.use(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    me.saved("Deleted")
    assert me.counts() == (0, 3)
    assert not Node.objects.filter(key="kernel-approximation").exists()
    assert {Button.objects.get(pk=pk).target for pk in leading} == {sgd}
