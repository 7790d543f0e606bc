"""In headless Chromium, the outline by keyboard alone: its rows (steps and answers) are one Tab
stop gone through with the arrows, and each of four tasks takes at most 10 key presses once
the step is reached: reword a step, add a branch (an answer leading to a new step), reorder a
step's answers, and delete a step whose incoming buttons are led to another step. The keys go
to whatever has the focus; nothing is clicked.

How presses are counted: a key is one press, and so is a key held with Ctrl or Alt (Ctrl+A,
Alt+↓); a text typed in one go (a button text, a message, a search) counts as one press, its
letters not counted, since it is the same text whatever way it is entered. Reaching the step
is not counted (the issue counts from the step)."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from advisor.models import Button, Node
from tests.editing.test_browser import waiting
from tests.editing.test_outline_browser import Editor, open_map_page

pytestmark = pytest.mark.django_db(transaction=True)

MOST_PRESSES = 10  # per task, after reaching the step (issue 28)


class Keyboard:
    """Keys sent to the focused element, counted as the module's docstring says."""

    def __init__(self, browser):
        self.browser, self.presses = browser, 0

    def press(self, key: str, held: str = "") -> None:
        chain = ActionChains(self.browser)
        if held:
            chain.key_down(held)
        chain.send_keys(key)
        if held:
            chain.key_up(held)
        chain.perform()
        self.presses += 1

    def type(self, text: str) -> None:
        ActionChains(self.browser).send_keys(text).perform()
        self.presses += 1

    def reach(self, element_id: str) -> None:
        """The focus put on a row, and the count started again from there."""
        self.browser.execute_script("document.getElementById(arguments[0]).focus()", element_id)
        self.presses = 0

    def focused(self) -> str:
        return self.browser.execute_script("return document.activeElement.id")

    def until(self, condition) -> None:
        waiting(self.browser).until(lambda browser: condition())

    def wait_focus(self, element_id: str) -> None:
        self.until(lambda: self.focused() == element_id)

    def wait_focus_on(self, selector: str) -> None:
        script = "return document.activeElement.matches(arguments[0])"
        self.until(lambda: self.browser.execute_script(script, selector))


def answer_labels(browser, step: Node) -> list[str]:
    """The step's answers as the outline shows them (read in one go: it may be redrawn)."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), (label) => label.textContent)",
        f"#answers-{step.pk} > li > .answer-head > .answer-label",
    )


def saved_labels(step: Node) -> list[str]:
    return list(step.buttons.order_by("order", "id").values_list("label", flat=True))


def test_the_rows_are_one_tab_stop_gone_through_with_the_arrows(
    browser, live_server, editor, sklearn_map, artifacts
):
    open_map_page(browser, live_server, editor, sklearn_map)
    keys = Keyboard(browser)
    first = sklearn_map.start_node
    yes, no = first.buttons.order_by("order", "id")
    browser.execute_script("document.getElementById('outline-keys-button').focus()")

    keys.press(Keys.TAB)  # one Tab into the outline: its first row
    assert keys.focused() == f"step-{first.pk}"
    row = browser.switch_to.active_element
    assert row.get_attribute("role") == "treeitem"
    assert row.get_attribute("aria-expanded") == "true"
    assert row.accessible_name.lower() == "question do you have more than 50 samples?"
    keys.press(Keys.ARROW_DOWN)
    assert keys.focused() == f"button-{yes.pk}"
    browser.save_screenshot(str(artifacts / "outline-keyboard-row.png"))
    assert browser.switch_to.active_element.accessible_name == "Answer “Yes”"
    keys.press(Keys.ARROW_RIGHT)  # the step the answer leads to
    assert keys.focused() == f"step-{yes.target_id}"
    keys.press(Keys.ARROW_LEFT)  # folds that step
    assert browser.switch_to.active_element.get_attribute("aria-expanded") == "false"
    keys.press(Keys.ARROW_RIGHT)  # unfolds it
    assert browser.switch_to.active_element.get_attribute("aria-expanded") == "true"
    keys.press(Keys.ARROW_LEFT)
    keys.press(Keys.ARROW_LEFT)  # up: the answer
    assert keys.focused() == f"button-{yes.pk}"
    keys.press(Keys.ARROW_LEFT)  # up: its step
    assert keys.focused() == f"step-{first.pk}"
    keys.press(Keys.ARROW_LEFT)  # folds it
    assert row.get_attribute("aria-expanded") == "false"
    assert not browser.find_element(By.ID, f"button-{yes.pk}").is_displayed()
    keys.press(Keys.ARROW_DOWN)  # nothing below a folded first question
    assert keys.focused() == f"step-{first.pk}"
    keys.press(Keys.ARROW_RIGHT)  # unfolds it
    assert row.get_attribute("aria-expanded") == "true"
    keys.press(Keys.END)
    assert keys.focused() == f"step-{no.target_id}"  # the last row shown
    keys.press(Keys.HOME)
    assert keys.focused() == f"step-{first.pk}"

    # Tab goes through the row's own buttons, then out of the outline (42 Tabs before).
    tabs = 0
    while browser.execute_script("return !!document.activeElement.closest('#outline-tree')"):
        keys.press(Keys.TAB)
        tabs += 1
        assert tabs <= 6  # its fold, Edit, Add an answer, Delete…, In the diagram; then out

    # ? shows the keys, Escape hides them and goes back to the row.
    keys.reach(f"step-{first.pk}")
    keys.press("?")
    assert keys.focused() == "outline-keys-button"
    listed = browser.find_element(By.ID, "outline-keys")
    assert listed.is_displayed() and "Alt+↑" in listed.text
    assert browser.switch_to.active_element.get_attribute("aria-expanded") == "true"
    browser.save_screenshot(str(artifacts / "outline-keys.png"))
    keys.press(Keys.ESCAPE)
    assert not listed.is_displayed()
    assert keys.focused() == f"step-{first.pk}"

    # Escape closes a form unsaved, the focus back on the row; typing in it moves nothing.
    keys.press("e")
    keys.wait_focus_on(f"#slot-{first.pk} .rich-text-editor")
    keys.type(" and a home end delete e")
    keys.press(Keys.ESCAPE)
    assert keys.focused() == f"step-{first.pk}"
    assert not browser.find_elements(By.CSS_SELECTOR, f"#slot-{first.pk} form")
    assert Node.objects.get(pk=first.pk).text == first.text


def test_the_four_tasks_by_keyboard_alone(browser, live_server, editor, sklearn_map):
    open_map_page(browser, live_server, editor, sklearn_map)
    me, keys = Editor(browser, keyboard=True), Keyboard(browser)
    step = sklearn_map.nodes.get(key="text-data")
    presses = {}

    # Reword a step: Enter (its form), Ctrl+A, the new words, Ctrl+Enter (save).
    keys.reach(f"step-{step.pk}")
    keys.press(Keys.ENTER)
    keys.wait_focus_on(f"#slot-{step.pk} .rich-text-editor")
    keys.press("a", Keys.CONTROL)
    keys.type("Is your data text (documents, messages)?")
    keys.press(Keys.ENTER, Keys.CONTROL)
    me.saved("Saved · 1 unpublished change")
    keys.wait_focus(f"step-{step.pk}")
    presses["reword a step"] = keys.presses
    assert Node.objects.get(pk=step.pk).text == "Is your data text (documents, messages)?"

    # Add a branch: an answer leading to a new step.
    keys.reach(f"step-{step.pk}")
    keys.press("a")
    keys.wait_focus_on(f"#answer-{step.pk}-label")
    keys.type("Images")
    keys.press(Keys.TAB)  # its answer in short
    keys.press(Keys.TAB)  # it leads to: a new step
    keys.press(Keys.TAB)  # the new step's formatting toolbar
    keys.press(Keys.TAB)  # the new step's message
    keys.type("Try a convolutional network.")
    keys.press(Keys.ENTER, Keys.CONTROL)
    me.saved("Saved · 3 unpublished changes")
    images = step.buttons.get(label="Images")
    keys.wait_focus(f"button-{images.pk}")
    presses["add a branch"] = keys.presses
    assert (images.target.kind, images.target.text) == (
        "recommendation",
        "Try a convolutional network.",
    )

    # Reorder: to the first answer, then Alt+↓ twice; the focus stays on the answer moved.
    yes = step.buttons.get(label="Yes")
    keys.reach(f"step-{step.pk}")
    keys.press(Keys.ARROW_RIGHT)
    assert keys.focused() == f"button-{yes.pk}"
    keys.press(Keys.ARROW_DOWN, Keys.ALT)
    keys.until(lambda: answer_labels(browser, step) == ["No", "Yes", "Images"])
    keys.wait_focus(f"button-{yes.pk}")
    assert saved_labels(step) == ["No", "Yes", "Images"]
    keys.press(Keys.ARROW_DOWN, Keys.ALT)  # the same answer again: one press
    keys.until(lambda: answer_labels(browser, step) == ["No", "Images", "Yes"])
    keys.wait_focus(f"button-{yes.pk}")
    presses["reorder answers"] = keys.presses
    assert saved_labels(step) == ["No", "Images", "Yes"]

    # Delete a step two buttons lead to, leading them to another step.
    kernel = sklearn_map.nodes.get(key="kernel-approximation")
    leading = list(Button.objects.filter(target=kernel).values_list("pk", flat=True))
    assert len(leading) == 2
    keys.reach(f"step-{kernel.pk}")
    keys.press(Keys.DELETE)
    keys.wait_focus_on(f"#slot-{kernel.pk} input[name=then][value=remove]")
    assert "2 buttons lead to it" in browser.find_element(By.ID, f"slot-{kernel.pk}").text
    keys.press(Keys.ARROW_DOWN)  # "lead them to another step"
    keys.press(Keys.TAB)  # its search
    keys.type("SGD Classifier")
    choice = waiting(browser).until(
        lambda b: b.find_element(By.CSS_SELECTOR, f"#slot-{kernel.pk} input[name=redirect]")
    )
    keys.press(Keys.TAB)  # the first step found
    keys.press(Keys.SPACE)
    assert choice.is_selected()
    sgd = Node.objects.get(pk=choice.get_attribute("value"))
    keys.press(Keys.ENTER, Keys.CONTROL)
    me.saved("Deleted")
    keys.wait_focus("outline-title")
    presses["delete a step, leading its buttons elsewhere"] = keys.presses
    assert not Node.objects.filter(pk=kernel.pk).exists()
    assert {Button.objects.get(pk=pk).target for pk in leading} == {sgd}

    print(f"\nkey presses after reaching the step: {presses}")
    assert presses == {
        "reword a step": 4,
        "add a branch": 8,
        "reorder answers": 3,
        "delete a step, leading its buttons elsewhere": 7,
    }
    assert max(presses.values()) <= MOST_PRESSES
    assert me.counts() == (0, 5)  # no page load; 5 saves (the reorder is two)
