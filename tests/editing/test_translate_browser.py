"""In headless Chromium, against a live server: a map publisher translates three texts of the
scikit-learn map into German on the Translate page, sees the progress move and the German in
the preview of the draft, publishes, and a German-speaking Telegram user gets it from the bot
(each text not translated falling back to English)."""

import re

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from advisor.models import Map, MapLanguage
from advisor.translating import translation_entries
from tests.editing.test_browser import chat_screen, log_in, navigate, press, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Hast du mehr als 50 Stichproben?"


def progress(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "#translate-progress strong").text


def fill(browser, name: str, text: str) -> None:
    """Type into a field: a message's formatting box where it has one (it fills the field)."""
    field = browser.find_element(By.NAME, name)
    boxes = browser.find_elements(By.ID, f"{field.get_attribute('id')}-editor")
    if boxes:
        boxes[0].send_keys(Keys.CONTROL, "a")
        boxes[0].send_keys(text)
    else:
        field.clear()
        field.send_keys(text)


def save_tall_screenshot(browser, path, height: int = 2400) -> None:
    """The page's top ``height`` pixels: the progress, the map's words and the first steps."""
    metrics = {"width": 1400, "height": height, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        browser.save_screenshot(str(path))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_publisher_translates_previews_and_publishes(
    browser, live_server, botapi, publisher, artifacts
):
    sklearn = Map.objects.get(slug="sklearn")
    MapLanguage.objects.create(map=sklearn, code="de", name="Deutsch")
    start = sklearn.start_node
    yes = start.buttons.get(label="Yes")
    total = len(translation_entries(sklearn, "de"))
    log_in(browser, live_server.url, publisher.username)

    translate = live_server.url + reverse("admin:advisor_map_translate", args=[sklearn.pk, "de"])
    browser.get(translate)
    wait_for(browser, "#translate-form")
    assert progress(browser) == f"0 of {total} texts translated"
    fill(browser, f"node-{start.pk}", QUESTION)
    fill(browser, f"button-{yes.pk}-label", "Ja")
    fill(browser, "text-back", "Zurück")
    save = browser.find_element(By.CSS_SELECTOR, "#translate-form [type=submit]")
    done = navigate(browser, save.click, ".messagelist .success")
    assert done.text == "Saved 3 translations to the draft: publish to show them to users."
    assert progress(browser) == f"3 of {total} texts translated"
    assert browser.find_element(By.NAME, f"button-{yes.pk}-label").get_attribute("value") == "Ja"
    save_tall_screenshot(browser, artifacts / "translate.png")
    print(f"\nscreenshot of the Translate page: {artifacts / 'translate.png'}")

    preview = browser.find_element(By.ID, "translate-preview")
    navigate(browser, preview.click, "#preview-chat")
    assert browser.current_url.endswith("?language=de")
    text, rows = chat_screen(browser)
    assert text.startswith("Hi Pat! I will help you choose")  # the greeting: not translated
    assert text.endswith(QUESTION)
    assert rows == [["Ja", "No"]]
    press(browser, "Ja")
    assert chat_screen(browser)[1][-1] == ["Zurück"]

    publish = live_server.url + reverse("admin:advisor_map_publish", args=[sklearn.pk])
    browser.get(publish)
    form = wait_for(browser, "#publish-form")
    form.find_element(By.NAME, "note").send_keys("German, first texts")
    submit = form.find_element(By.CSS_SELECTOR, "[type=submit]")
    done = navigate(browser, submit.click, ".messagelist .success")
    assert re.fullmatch(r"Published version \d+: users see it now\.", done.text)

    chat = botapi.chat(3001, "Ada")
    chat.user["language_code"] = "de"
    chat.send("/start")
    text, rows = chat.screen()
    assert text.startswith("Hi Ada! I will help you choose")  # falls back to English
    assert text.endswith(QUESTION)
    assert rows == [["Ja", "No"]]  # "No" is not translated: English
    chat.press("Ja")
    assert chat.screen()[1][-1] == ["Zurück"]

    english = botapi.chat(3002, "Bob")
    english.send("/start")
    assert english.screen()[1] == [["Yes", "No"]]
