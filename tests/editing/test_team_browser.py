"""In headless Chromium, two editors in two browsers edit the same step: the second save is
refused and shows both versions, and the second editor applies their change with one more
save; both changes are kept."""

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By

from advisor.models import Node
from tests.editing.conftest import PASSWORD, map_editors, start_chromium
from tests.editing.test_browser import log_in, navigate

pytestmark = pytest.mark.django_db(transaction=True)

EVES_WORDING = "Do you have labelled examples (the right answers)?"


@pytest.fixture
def second_browser(live_server):
    """Another Chromium, with cookies of its own: a second person at another desk."""
    driver = start_chromium()
    yield driver
    driver.quit()


def test_two_editors_on_one_step(
    browser, second_browser, live_server, sklearn_map, editor, artifacts
):
    sam = User.objects.create_user("sam", password=PASSWORD, is_staff=True)
    sam.groups.add(map_editors())
    step = sklearn_map.nodes.get(key="labeled-data")
    url = f"{live_server.url}/admin/advisor/node/{step.pk}/change/"
    log_in(browser, live_server.url, editor.username)
    log_in(second_browser, live_server.url, "sam")
    browser.get(url)
    second_browser.get(url)  # sam opens the step before eve saves

    message = browser.find_element(By.ID, "id_text-editor")
    message.clear()
    message.send_keys(EVES_WORDING)
    save = browser.find_element(By.NAME, "_continue")
    assert "was changed successfully" in navigate(browser, save.click, ".messagelist .success").text

    labels = second_browser.find_elements(By.CSS_SELECTOR, "input[name$='-label']")
    no = next(field for field in labels if field.get_attribute("value") == "No")
    no.clear()
    no.send_keys("Not labelled")
    save = second_browser.find_element(By.NAME, "_continue")
    conflict = navigate(second_browser, save.click, "#conflict")
    assert conflict.text.startswith(
        "eve changed this step just now: the message. Nothing was saved."
    )
    theirs = conflict.find_element(By.CSS_SELECTOR, ".conflict-values td.theirs").text
    assert theirs == EVES_WORDING  # the other version, beside sam's form
    assert second_browser.find_element(By.ID, "id_text").get_attribute("value") == EVES_WORDING
    labels = second_browser.find_elements(By.CSS_SELECTOR, "input[name$='-label']")
    assert "Not labelled" in [field.get_attribute("value") for field in labels]  # sam's typing
    assert list(step.buttons.values_list("label", flat=True)) == ["Yes", "No"]  # not saved
    second_browser.save_screenshot(str(artifacts / "conflict.png"))

    save = second_browser.find_element(By.NAME, "_continue")
    done = navigate(second_browser, save.click, ".messagelist .success")
    assert "was changed successfully" in done.text
    assert Node.objects.get(pk=step.pk).text == EVES_WORDING
    assert list(step.buttons.values_list("label", flat=True)) == ["Yes", "Not labelled"]
