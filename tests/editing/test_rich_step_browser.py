"""In headless Chromium, a rich step from the admin to the user: a publisher formats a word
with the toolbar, uploads a picture, sees both in the preview and the change list, publishes,
and a Telegram user (the Bot API stand-in) gets the photo with the formatted caption."""

import pytest
from selenium.webdriver.common.by import By

from advisor.models import Map
from tests.editing.test_browser import log_in, navigate, wait_for
from tests.editing.test_richtext_browser import select, tool
from tests.pictures import image

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_publisher_makes_a_rich_step_and_users_get_it(
    browser, live_server, botapi, publisher, artifacts, tmp_path
):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    chart = tmp_path / "samples.png"
    chart.write_bytes(image(color="orange", size=(320, 200)))
    log_in(browser, live_server.url, publisher.username)
    browser.get(f"{live_server.url}/admin/advisor/node/{step.pk}/change/")
    wait_for(browser, ".rich-text-editor")
    select(browser, "50 samples")
    tool(browser, "bold").click()
    browser.find_element(By.NAME, "new_picture").send_keys(str(chart))
    save = browser.find_element(By.NAME, "_continue")
    navigate(browser, save.click, ".messagelist .success")
    assert browser.find_element(By.CSS_SELECTOR, "img.step-picture").is_displayed()

    browser.get(f"{live_server.url}/admin/advisor/map/{sklearn.pk}/preview/")
    chat = wait_for(browser, "#preview-chat")
    picture = chat.find_element(By.CSS_SELECTOR, "img.preview-picture")
    assert browser.execute_script("return arguments[0].naturalWidth", picture) == 320
    assert chat.find_element(By.CSS_SELECTOR, ".preview-message b").text == "50 samples"
    chat.screenshot(str(artifacts / "rich-step-preview.png"))

    browser.get(f"{live_server.url}/admin/advisor/map/{sklearn.pk}/publish/")
    form = wait_for(browser, "#publish-form")
    changes = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#change-list li")]
    assert any("was formatted" in change for change in changes)
    assert any("was added" in change and "picture" in change for change in changes)
    shown = browser.find_element(By.CSS_SELECTOR, ".change-pictures img")
    assert browser.execute_script("return arguments[0].naturalWidth", shown) == 320
    browser.find_element(By.ID, "change-list").screenshot(str(artifacts / "rich-step-changes.png"))
    form.find_element(By.NAME, "note").send_keys("A chart and a bold word")
    done = navigate(browser, form.find_element(By.CSS_SELECTOR, "[type=submit]").click, ".success")
    assert done.text == "Published version 2: users see it now."

    user = botapi.chat(4001, "Ada")
    assert user.send("/start") == 200
    text, rows = user.screen()
    assert user.photo() is not None and rows == [["Yes", "No"]]
    assert text.endswith("Do you have more than 50 samples?")
    assert {"type": "bold", "offset": len(text) - 11, "length": 10} in user.entities()
