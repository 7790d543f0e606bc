"""In headless Chromium, against a live server: a map editor rewords a question, adds an
answer button, sees the diagram change, walks the preview of the draft to a recommendation
and sees the unpublished changes, which the bot does not show and the editor cannot publish;
a map publisher publishes them with a note (the bot follows at the next update), compares
versions and rolls back."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

from advisor.actions.base import count_draft_edit
from advisor.models import Map
from tests.editing.conftest import PASSWORD
from tests.editing.maps import R, make_map

pytestmark = pytest.mark.django_db(transaction=True)

NEW_WORDING = "Do you have labelled examples (the right answers)?"
WORDING = f"“{NEW_WORDING}”"  # how the change list names the step
KMEANS = "“Try KMeans (sklearn.cluster.KMeans).”"
PAGE_WAIT = 15  # seconds Chromium may take to show a page or search results; never asserted
#: Seconds between a wait's looks (Selenium's default, half a second, left each wait that was
#: not met at once idle for up to that long after the page was ready).
POLL = 0.05


def waiting(browser, **options) -> WebDriverWait:
    """A wait of up to PAGE_WAIT seconds that looks again every POLL seconds."""
    return WebDriverWait(browser, PAGE_WAIT, poll_frequency=POLL, **options)


def wait_for(browser, css: str):
    return waiting(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, css))


def navigate(browser, action, css: str):
    """Do ``action`` (a click, an Enter) and return ``css`` from the page it leads to, never
    from the page being left."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()
    waiting(browser).until(lambda _: left(page))
    return wait_for(browser, css)


def left(page) -> bool:
    """Whether the page of this element is gone. Chromium says so with a stale element, or
    now and then, mid-navigation, with "Node … does not belong to the document"."""
    try:
        return staleness_of(page)(None)
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def log_in(browser, url: str, username: str) -> None:
    """Log in through the login page (loaded unless the browser shows it already)."""
    if browser.current_url != f"{url}/admin/login/":
        browser.get(f"{url}/admin/login/")
    name = browser.find_element(By.NAME, "username")
    name.clear()  # a page shown again after a failed login keeps the name typed
    name.send_keys(username)
    password = browser.find_element(By.NAME, "password")
    heading = navigate(browser, lambda: password.send_keys(PASSWORD + Keys.ENTER), "#content h1")
    assert heading.text == "Edit the advisor"


def diagram_step(browser, key: str):
    return browser.find_element(By.CSS_SELECTOR, f".map-diagram a.step[data-key='{key}']")


def box_text(browser, key: str) -> str:
    """A step's words in the diagram, its lines joined."""
    lines = diagram_step(browser, key).find_elements(By.TAG_NAME, "tspan")
    return " ".join(line.text for line in lines)


def arrow_labels(browser) -> list[str]:
    return [label.text for label in browser.find_elements(By.CSS_SELECTOR, ".arrow-label")]


def save_diagram(browser, path) -> None:
    """A screenshot of the whole diagram, however large (the page scrolls it otherwise)."""
    svg = browser.find_element(By.CSS_SELECTOR, ".map-diagram svg")
    width, height = int(svg.get_attribute("width")), int(svg.get_attribute("height"))
    browser.execute_script("document.querySelector('.map-diagram').style.maxHeight = 'none'")
    bottom = svg.location["y"] + height + 100
    metrics = {"width": width + 400, "height": bottom, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        svg.screenshot(str(path))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def edit_labeled_data_step(browser, url: str) -> None:
    """Find the question by its words, reword it, add "Not sure" leading to KMeans."""
    browser.get(f"{url}/admin/advisor/node/")
    search = browser.find_element(By.ID, "searchbar")
    found = navigate(browser, lambda: search.send_keys("labeled" + Keys.ENTER), "#result_list")
    step = found.find_element(By.CSS_SELECTOR, "tbody th.field-message a")  # by its words
    text = navigate(browser, step.click, "#id_text-editor")
    text.clear()
    text.send_keys(NEW_WORDING)
    browser.find_element(By.ID, "id_buttons-2-label").send_keys("Not sure")
    browser.find_element(By.CSS_SELECTOR, "#id_buttons-2-target + .select2").click()
    wait_for(browser, ".select2-container--open .select2-search__field").send_keys("kmeans")
    options = waiting(browser).until(
        lambda b: (
            [o.text for o in b.find_elements(By.CSS_SELECTOR, ".select2-results__option")]
            if not b.find_elements(By.CSS_SELECTOR, ".loading-results")
            else None
        )
    )
    sklearn = Map.objects.get(slug="sklearn")
    named = [str(sklearn.nodes.get(key=key)) for key in ("kmeans", "minibatch-kmeans")]
    assert options == named  # not the other map's "kmeans-elsewhere"
    browser.find_element(By.CSS_SELECTOR, ".select2-results__option").click()  # "kmeans"
    save = browser.find_element(By.NAME, "_continue")
    assert "was changed successfully" in navigate(browser, save.click, ".messagelist .success").text


def chat_screen(browser) -> tuple[str, list[list[str]]]:
    text = browser.find_element(By.CSS_SELECTOR, "#preview-chat .preview-message").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#preview-chat .preview-row")
    return text, [[b.text for b in row.find_elements(By.TAG_NAME, "a")] for row in rows]


def press(browser, label: str) -> None:
    buttons = browser.find_elements(By.CSS_SELECTOR, "#preview-chat .preview-button")
    [button] = [button for button in buttons if button.text == label]
    navigate(browser, button.click, "#preview-chat")


def test_an_editor_changes_the_map_and_the_bot_follows(
    browser, live_server, botapi, editor, artifacts
):
    make_map({"kmeans-elsewhere": (R, [])}, slug="other")
    sklearn = Map.objects.get(slug="sklearn")
    map_page = f"{live_server.url}/admin/advisor/map/{sklearn.pk}/change/"
    log_in(browser, live_server.url, editor.username)

    browser.get(map_page)
    assert box_text(browser, "labeled-data") == "Do you have labeled data?"
    assert "Not sure" not in arrow_labels(browser)
    assert first_question_in_view(browser)

    edit_labeled_data_step(browser, live_server.url)

    navigate(browser, browser.find_element(By.LINK_TEXT, sklearn.title).click, ".map-diagram")
    assert box_text(browser, "labeled-data") == NEW_WORDING
    assert "Not sure" in arrow_labels(browser)
    save_diagram(browser, artifacts / "diagram.png")
    print(f"\nscreenshot of the diagram: {artifacts / 'diagram.png'}")
    kmeans = sklearn.nodes.get(key="kmeans")
    diagram_step(browser, "kmeans").click()  # a step of the diagram is shown in the outline
    waiting(browser).until(
        lambda b: b.switch_to.active_element.get_attribute("id") == f"step-{kmeans.pk}"
    )

    browser.get(map_page)
    preview = browser.find_element(By.CSS_SELECTOR, ".object-tools a[href$='/preview/']")
    navigate(browser, preview.click, "#preview-chat")
    assert chat_screen(browser)[0].startswith("Hi Eve! I will help you choose")
    press(browser, "Yes")
    press(browser, "Yes")
    assert chat_screen(browser) == (NEW_WORDING, [["Yes", "No", "Not sure"], ["Back"]])
    press(browser, "Not sure")
    text, rows = chat_screen(browser)
    assert text.startswith("Try KMeans (sklearn.cluster.KMeans).")
    assert rows == [["👍 Yes", "👎 No"], ["Not working"], ["Back", "Start over", "Done"]]
    browser.save_screenshot(str(artifacts / "preview.png"))
    print(f"screenshot of the preview: {artifacts / 'preview.png'}")
    press(browser, "Done")
    assert chat_screen(browser) == ("Goodbye, and all the best — /start to begin again", [])

    chat = botapi.chat(2001, "Ada")
    chat.send("/start")
    chat.press("Yes")
    chat.press("Yes")
    assert chat.screen() == ("Do you have labeled data?", [["Yes", "No"], ["Back"]])  # live

    browser.get(map_page)
    status = browser.find_element(By.ID, "map-status").text
    assert status.startswith("Live: version 1 (published ") and "· 2 unpublished changes" in status
    assert not browser.find_elements(By.CSS_SELECTOR, ".object-tools a[href$='/publish/']")
    changes = browser.find_element(By.CSS_SELECTOR, ".object-tools a[href$='/changes/']")
    listing = navigate(browser, changes.click, "#change-list")
    summaries = listing.find_elements(By.CSS_SELECTOR, "li .change-summary")
    assert [summary.text for summary in summaries] == [
        f"The message of {WORDING} was reworded.",
        f"Added button “Not sure” under {WORDING}, leading to {KMEANS}",
    ]
    assert browser.find_element(By.CSS_SELECTOR, ".side-by-side .new ins").text.strip()
    browser.save_screenshot(str(artifacts / "changes.png"))
    browser.get(f"{live_server.url}/admin/advisor/map/{sklearn.pk}/publish/")
    assert browser.title == "Not allowed | Advisor bot admin"
    assert "Only Map publishers can publish." in browser.find_element(By.ID, "refused").text


def first_question_in_view(browser) -> bool:
    """Whether the diagram's frame shows its first question without scrolling."""
    return browser.execute_script(
        "const frame = document.querySelector('.map-diagram');"
        "const box = frame.querySelector('.step.start rect').getBoundingClientRect();"
        "const seen = frame.getBoundingClientRect();"
        "return box.left >= seen.left && box.right <= seen.right && box.top >= seen.top;"
    )


def open_from_map_page(browser, url: str, page: str, css: str):
    """Follow the map page's tool link to ``page`` (its path's last part)."""
    browser.get(url)
    link = browser.find_element(By.CSS_SELECTOR, f".object-tools a[href$='/{page}/']")
    return navigate(browser, link.click, css)


def test_a_publisher_publishes_compares_and_rolls_back(
    browser, live_server, botapi, publisher, artifacts
):
    sklearn = Map.objects.get(slug="sklearn")
    node = sklearn.nodes.get(key="labeled-data")
    node.text = NEW_WORDING
    node.save()
    count_draft_edit(sklearn)
    map_page = f"{live_server.url}/admin/advisor/map/{sklearn.pk}/change/"
    log_in(browser, live_server.url, publisher.username)

    form = open_from_map_page(browser, map_page, "publish", "#publish-form")
    assert browser.find_element(By.CSS_SELECTOR, "#change-list li").text.startswith(
        f"The message of {WORDING} was reworded."
    )
    form.find_element(By.NAME, "note").send_keys("Clearer labelled-data question")
    done = navigate(browser, form.find_element(By.CSS_SELECTOR, "[type=submit]").click, ".success")
    assert done.text == "Published version 2: users see it now."
    status = browser.find_element(By.ID, "map-status").text
    assert status.startswith("Live: version 2 (published just now by pat)")
    assert status.endswith("No unpublished changes · See the changes")

    chat = botapi.chat(2002, "Ada")
    chat.send("/start")
    chat.press("Yes")
    chat.press("Yes")
    assert chat.screen()[0] == NEW_WORDING

    table = open_from_map_page(browser, map_page, "versions", "#versions")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [row.get_attribute("data-number") for row in rows] == ["2", "1"]
    assert "Clearer labelled-data question" in rows[0].text and "(live)" in rows[0].text
    browser.save_screenshot(str(artifacts / "versions.png"))
    print(f"\nscreenshots of the changes and versions: {artifacts}")
    compare = rows[1].find_element(By.LINK_TEXT, "Compare with the live version")
    listing = navigate(browser, compare.click, "#change-list")
    assert listing.text.startswith("The message of “Do you have labeled data?” was reworded.")

    browser.back()
    rows = wait_for(browser, "#versions").find_elements(By.CSS_SELECTOR, "tbody tr")
    rollback = rows[1].find_element(By.LINK_TEXT, "Restore and publish")
    confirm = navigate(browser, rollback.click, "#confirm-form")
    done = navigate(
        browser, confirm.find_element(By.CSS_SELECTOR, "[type=submit]").click, ".success"
    )
    assert done.text == "Version 1 is live again, as version 3."
    chat.press("Back")
    chat.press("Yes")
    assert chat.screen()[0] == "Do you have labeled data?"  # the old wording is back
