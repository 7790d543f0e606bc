"""In headless Chromium: the map's diagram tints a recommendation 10 users rated, shows its
rate and the legend, and leaves one with 3 votes as it was (screenshot for the editor's guide)."""

import pytest
from selenium.webdriver.common.by import By

from advisor.core.ratings import Rating
from tests.editing.test_browser import diagram_step, log_in
from tests.editing.test_ratings import TINTED_HOVER, cast_votes, vote

pytestmark = pytest.mark.django_db(transaction=True)
RECOMMENDATION_FILL = "rgb(230, 245, 230)"  # admin.css's, untinted


def rgb(colour: str) -> str:
    """A "#rrggbb" as Chromium computes it."""
    return "rgb({}, {}, {})".format(*bytes.fromhex(colour[1:]))


def computed_fill(browser, key: str) -> str:
    box = diagram_step(browser, key).find_element(By.TAG_NAME, "rect")
    return browser.execute_script("return getComputedStyle(arguments[0]).fill", box)


def test_the_diagram_tints_the_rated_recommendation(
    browser, live_server, editor, sklearn_map, artifacts
):
    cast_votes(sklearn_map)
    more = {"minibatch-kmeans": (3, 9), "spectral-clustering-gmm": (6, 5)}  # for the picture
    for key, (helpful, not_helpful) in more.items():
        step = sklearn_map.nodes.get(key=key)
        for chat_id in range(helpful + not_helpful):
            vote(step, 100 + chat_id, chat_id < helpful)
    log_in(browser, live_server.url, editor.username)
    browser.get(f"{live_server.url}/admin/advisor/map/{sklearn_map.pk}/change/")

    assert computed_fill(browser, "kmeans") == rgb(Rating(10, 4).colour)
    assert computed_fill(browser, "lle") == RECOMMENDATION_FILL  # 3 votes: not tinted
    assert computed_fill(browser, "minibatch-kmeans") == rgb(Rating(3, 9).colour)
    kmeans = diagram_step(browser, "kmeans")
    assert TINTED_HOVER in kmeans.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert kmeans.find_element(By.CSS_SELECTOR, ".rating-badge text").text == "71 %"
    legend = browser.find_element(By.CSS_SELECTOR, "#map-diagram .ratings-legend")
    assert legend.is_displayed() and "once 10 users answered" in legend.text

    browser.execute_script(
        """const frame = document.querySelector('.map-diagram');
        const box = arguments[0].getBBox();
        frame.scrollLeft = box.x + box.width / 2 - frame.clientWidth / 2;
        frame.scrollTop = box.y - frame.clientHeight / 2;
        document.getElementById('map-diagram').scrollIntoView();""",
        kmeans.find_element(By.TAG_NAME, "rect"),
    )
    browser.find_element(By.ID, "map-diagram").screenshot(str(artifacts / "rated-diagram.png"))
    print(f"\nscreenshot of the tinted diagram: {artifacts / 'rated-diagram.png'}")
