"""Fixtures for the admin tests: map editors, plain static files, one headless Chromium."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "editor-password-1234"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--window-size=1400,1000",
]


def map_editors() -> Group:
    """The group migrations 0004 and 0007 make (made again where a transactional test flushed
    it, with "Map publishers")."""
    group = Group.objects.filter(name="Map editors").first()
    if group is None:
        with transaction.atomic():  # as migrate runs them: not a commit per permission
            groups = importlib.import_module("advisor.migrations.0004_map_editors_group")
            groups.add_group(apps, None)
            versions = importlib.import_module("advisor.migrations.0009_first_versions")
            versions.publishers_group(apps, None)
        group = Group.objects.get(name="Map editors")
    return group


@pytest.fixture
def editor(db) -> User:
    """A staff user whose only rights come from the "Map editors" group."""
    user = User.objects.create_user("eve", password=PASSWORD, is_staff=True, first_name="Eve")
    user.groups.add(map_editors())
    return user


@pytest.fixture
def publisher(db) -> User:
    """A staff user whose only rights come from the "Map publishers" group."""
    map_editors()
    user = User.objects.create_user("pat", password=PASSWORD, is_staff=True, first_name="Pat")
    user.groups.add(Group.objects.get(name="Map publishers"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def second_editor(db) -> Client:
    """Another Map editor, "sam", in a browser of their own."""
    user = User.objects.create_user("sam", password=PASSWORD, is_staff=True)
    user.groups.add(map_editors())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher_client(publisher) -> Client:
    """A client of its own, so that a test can have an editor and a publisher at once."""
    client = Client()
    client.force_login(publisher)
    return client


def start_chromium() -> webdriver.Chrome:
    """Chromium as scripts/test.sh found it (scripts/browser.py), else as Selenium finds it."""
    options = webdriver.ChromeOptions()
    if os.environ.get("CHROMIUM_BINARY"):
        options.binary_location = os.environ["CHROMIUM_BINARY"]
    for argument in CHROMIUM_ARGS:
        options.add_argument(argument)
    service = Service(os.environ.get("CHROMEDRIVER") or None)
    return webdriver.Chrome(service=service, options=options)


@pytest.fixture(scope="session")
def chromium():
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium, live_server):
    """The session's Chromium, left on a blank page so that it sends the live server nothing
    once the test is over."""
    chromium.delete_all_cookies()
    yield chromium
    chromium.get("about:blank")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    if ARTIFACTS.exists():
        terminalreporter.write_line(f"screenshots of the admin: {ARTIFACTS}")
