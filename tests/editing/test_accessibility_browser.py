"""In headless Chromium, axe-core finds no violation of WCAG 2.2 A and AA (tests/a11y/axe.py)
on any page an editor uses: as a Map publisher, every page and the outline's open forms; as a
Map editor, the pages that differ for them and their refusals. Besides what axe checks: the
map's page skips to the outline, and status messages are announced."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from advisor.loading import live_graph
from advisor.models import Node
from botapp.handoff import worker_watch
from tests.a11y.axe import problems
from tests.editing.test_browser import log_in, navigate, wait_for
from tests.editing.test_conversations_page import talk
from tests.editing.test_outline_browser import Editor
from tests.editing.test_ratings import cast_votes
from tests.editing.test_worker_warning import job_waiting_for
from tests.test_feedback_analytics import add_reason

pytestmark = pytest.mark.django_db(transaction=True)


class Audit:
    """Runs axe on each page shown and gathers what it finds, to fail once with all of it;
    checks besides that a whole page has a header and a main landmark with a heading 1."""

    def __init__(self, browser, url: str):
        self.browser, self.url, self.found = browser, url, []

    def page(self, path: str, name: str) -> None:
        self.browser.get(self.url + path)
        self.check(name)

    def check(self, name: str, within: str | None = None) -> None:
        found = problems(self.browser, name, within)
        if within is None and not self.browser.find_elements(By.CSS_SELECTOR, "header ~ * main h1"):
            found += f"\n{name}: no header landmark, or no main landmark with a heading 1"
        if found:
            self.found.append(found)

    def assert_clean(self) -> None:
        assert not self.found, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(self.found)


def map_pages(map_obj) -> list[tuple[str, str]]:
    """(path, name) of the pages of a map besides its own, as its page links them (but
    Publish, checked last, when the publisher uses it)."""
    pk = map_obj.pk
    step = map_obj.nodes.get(key="text-data").pk
    return [
        (reverse("admin:advisor_node_change", args=[step]), "a step's page"),
        (reverse("admin:advisor_node_add") + f"?map={pk}", "a new step's page"),
        (reverse("admin:advisor_map_preview", args=[pk]), "Preview chat"),
        (reverse("admin:advisor_map_changes", args=[pk]), "See the changes"),
        (reverse("admin:advisor_map_discard", args=[pk]), "Discard"),
        (reverse("admin:advisor_map_versions", args=[pk]), "Versions"),
        (reverse("admin:advisor_map_restore", args=[pk, 1]), "Restore"),
        (reverse("admin:advisor_map_history", args=[pk]), "History"),
        (reverse("admin:advisor_map_check", args=[pk]), "Check this map"),
        (reverse("admin:botapp_map_analytics", args=[pk]) + "?days=0", "Analytics"),
        (
            reverse("admin:botapp_conversation_changelist") + f"?map__id__exact={pk}",
            "Conversations",
        ),
        (reverse("admin:advisor_map_translate", args=[pk, "es"]), "Translate"),
        (reverse("admin:advisor_bot_texts"), "Bot texts"),
        (reverse("admin:advisor_map_archive", args=[pk]), "Archive"),
        (reverse("admin:advisor_map_import"), "Upload a map file"),
    ]


def open_forms(audit: Audit, me: Editor) -> None:
    """The outline's search and forms, each open in turn and checked alone (the page around
    them was checked): a step's, an answer's, a delete's with its search for another step, a
    button's; and the line a save shows."""
    browser = audit.browser
    browser.find_element(By.ID, "outline-search").send_keys("kmeans")
    wait_for(browser, "#outline-found li")
    audit.check("the outline's search", ".outline-bar")
    text_data = f"#slot-{me.step('text-data').get_attribute('data-step')}"
    me.use(me.tool("text-data", "Edit"))
    form = me.slot("text-data")
    audit.check("the outline's form to edit a step", text_data)
    form.find_element(By.CSS_SELECTOR, ".rich-text-editor").send_keys(" Or code?")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    me.saved("Saved")
    assert browser.find_element(By.ID, "outline-saved").get_attribute("role") == "status"
    audit.check("the outline after a save", ".outline-bar")

    me.use(me.tool("text-data", "Add an answer"))
    form = me.slot("text-data")
    audit.check("the outline's form to add an answer", text_data)
    form.find_element(By.CSS_SELECTOR, "input[name=leads][value=existing]").click()
    form.find_element(By.NAME, "q").send_keys("SGD")
    wait_for(browser, f"{text_data} .outline-choices input")
    audit.check("the outline's form to add an answer leading to a step found", text_data)

    me.use(me.tool("kernel-approximation", "Delete"))
    form = me.slot("kernel-approximation")
    form.find_element(By.CSS_SELECTOR, "input[name=then][value=redirect]").click()
    form.find_element(By.NAME, "q").send_keys("SGD Classifier")
    wait_for(browser, ".delete-form .outline-choices input")
    audit.check("the outline's form to delete a step, leading elsewhere", ".delete-form")

    answer = browser.find_element(By.CSS_SELECTOR, "#outline .answer")
    answer.find_element(By.CSS_SELECTOR, ".step-tools button").send_keys(Keys.ENTER)
    button_slot = f"#slot-{answer.get_attribute('id')}"
    wait_for(browser, f"{button_slot} form")
    audit.check("the outline's form to edit an answer button", button_slot)


def test_every_page_a_publisher_uses(browser, live_server, publisher, sklearn_map, monkeypatch):
    cast_votes(sklearn_map)  # the outline's and the diagram's tints, the analytics' figures
    add_reason(live_graph(sklearn_map.pk), "Something for text in Welsh", key="kmeans")
    start = Node.objects.get(pk=sklearn_map.start_node_id)
    start.offers_person = True  # the outline's "Ask a person" badge
    start.save()
    talk(sklearn_map, 1, minutes_ago=30, first_name="Ada", answered_by_name="Grace", closed=True)
    talk(sklearn_map, 2, minutes_ago=5, first_name="Bob", node_id=start.pk)
    audit = Audit(browser, live_server.url)
    audit.page(reverse("admin:login"), "the login page")
    log_in(browser, live_server.url, publisher.username)
    audit.check("the admin's home page")
    audit.page(reverse("admin:advisor_map_changelist"), "the maps list")

    map_page = reverse("admin:advisor_map_change", args=[sklearn_map.pk])
    audit.page(map_page, "the map's page")
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip-to-content-link[href='#outline']")
    assert skip.get_attribute("textContent") == "Skip to the map's outline"  # shown on focus
    assert browser.find_element(By.ID, "outline").tag_name == "section"
    open_forms(audit, Editor(browser, keyboard=False))

    for path, name in map_pages(sklearn_map):
        audit.page(path, name)
    audit.page(reverse("admin:botapp_teamgroup_changelist"), "Team group")
    button = browser.find_element(By.ID, "connect-button")
    navigate(browser, button.click, "#connect-code")
    audit.check("Team group with a code to send")
    monkeypatch.setattr(worker_watch, "CHECK_EVERY", 0)
    job_waiting_for(10)
    audit.page(reverse("admin:index"), "the home page saying no worker takes jobs")
    alert = browser.find_element(By.CSS_SELECTOR, "#messages .admin-alert")
    assert alert.text.startswith("No worker has taken a job for 5 minutes")
    assert alert.find_element(By.XPATH, "ancestor::*[@aria-live]").get_attribute("role") == "status"
    DBTaskResult.objects.all().delete()  # the next page looks again and says nothing

    audit.page(reverse("admin:advisor_map_publish", args=[sklearn_map.pk]), "Publish")
    form = browser.find_element(By.ID, "publish-form")
    done = navigate(browser, form.find_element(By.CSS_SELECTOR, "[type=submit]").click, ".success")
    assert done.text.startswith("Published version 2")
    audit.check("the map's page with a message", "#messages, #map-status")
    audit.assert_clean()
    assert done.find_element(By.XPATH, "ancestor::*[@aria-live]").get_attribute("role") == "status"


def test_every_page_that_differs_for_a_map_editor(browser, live_server, editor, sklearn_map):
    audit = Audit(browser, live_server.url)
    log_in(browser, live_server.url, editor.username)
    pk = sklearn_map.pk
    audit.page(reverse("admin:advisor_map_change", args=[pk]), "the map's page")
    audit.page(reverse("admin:advisor_map_publish", args=[pk]), "Publish, refused")
    refusal = browser.find_element(By.CSS_SELECTOR, "#refused [role=alert]")
    assert refusal.text == "Only Map publishers can publish."
    for path, name in [
        (reverse("admin:advisor_map_archive", args=[pk]), "Archive, refused"),
        (reverse("admin:advisor_map_restore", args=[pk, 1]) + "?publish", "Restore, refused"),
        (reverse("admin:advisor_bot_texts"), "Bot texts"),
        (reverse("admin:botapp_map_analytics", args=[pk]), "Analytics"),
        (reverse("admin:botapp_teamgroup_changelist"), "Team group, read-only"),
        (reverse("admin:botapp_conversation_changelist"), "Conversations"),
    ]:
        audit.page(path, name)
    audit.assert_clean()


def test_a_steps_delete_page_and_its_search_for_another_step(
    browser, live_server, editor, sklearn_map
):
    audit = Audit(browser, live_server.url)
    log_in(browser, live_server.url, editor.username)
    step = sklearn_map.nodes.get(key="kernel-approximation")
    audit.page(reverse("admin:advisor_node_delete", args=[step.pk]), "a step's delete")
    form = browser.find_element(By.CSS_SELECTOR, ".delete-form")
    form.find_element(By.CSS_SELECTOR, "input[name=then][value=redirect]").click()
    form.find_element(By.NAME, "q").send_keys("SGD Classifier")
    choice = wait_for(browser, ".delete-form .outline-choices input")
    audit.check("a step's delete, leading elsewhere", ".delete-form")
    choice.click()
    submit = form.find_element(By.CSS_SELECTOR, "input[type=submit]")
    done = navigate(browser, submit.click, ".success")
    assert "was deleted successfully" in done.text
    audit.check("the steps list after a delete", "#messages")
    audit.assert_clean()
    assert not sklearn_map.nodes.filter(key="kernel-approximation").exists()
