"""Shared fixtures: the Bot API stand-in, the bot's settings pointed at it, fresh map caches."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from advisor import loading, versions
from advisor.admin import drawings
from advisor.core.texts import DEFAULT_BOT_WORDS
from advisor.models import Map
from botapi_standin.server import TOKEN, BotApiStandIn
from botapp.chat import runtime

WEBHOOK_SECRET = "test-webhook-secret_0123456789"
WEBHOOK_PATH = "/telegram/webhook/"
PROJECT = Path(__file__).resolve().parent.parent
#: The migrations' steps that make the shipped content (migration, function).
SHIPPED_CONTENT = [
    ("0003_load_sklearn_map", "load"),
    ("0008_shipped_spanish", "ship"),
    ("0009_first_versions", "first_versions"),
    ("0011_formatted_texts", "format_texts"),
    ("0018_ask_a_person_spanish", "ship"),
    ("0019_team_unavailable_spanish", "ship"),
    ("0022_web_words_spanish", "ship"),
]
MANAGE = [sys.executable, "manage.py"]


@pytest.fixture(scope="session")
def botapi_server():
    server = BotApiStandIn()
    yield server
    server.close()


@pytest.fixture(scope="session", autouse=True)
def bot_runtime_stopped_at_the_end():
    """Stop the webhook's bot runtime while pytest still captures its last log lines."""
    yield
    if runtime._runtime is not None:
        runtime._runtime.close()


@pytest.fixture(autouse=True)
def bot_settings(settings, botapi_server):
    """Every test runs with the bot configured against the stand-in."""
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.TELEGRAM_API_BASE_URL = botapi_server.base_url
    return settings


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Admin pages render without collectstatic (production serves the collected files;
    test_gunicorn checks that)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def clear_caches() -> None:
    """Forget every process cache of maps, bot texts, change lists and drawings."""
    loading._cache.clear()
    loading._bot_words[0] = DEFAULT_BOT_WORDS
    versions._changes.clear()
    drawings._layouts.clear()
    drawings._drawings.clear()


@pytest.fixture(autouse=True)
def fresh_graph_cache():
    """Test databases roll back, so a map id and version (or the bot texts' revision) can
    come back with new content."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test users' passwords hashed with MD5: Django's PBKDF2 takes about 0.35 s per hash
    here, paid for every user a test makes and every login through the form (Django's advice
    for tests). A project run in a subprocess hashes with its own settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sklearn_map(django_db_blocker) -> Map:
    """The shipped map with its Spanish, live as version 1, and the bot texts: made again by
    the migrations' own steps where a transactional test flushed the migrations' copy (in
    one transaction, as migrate runs them: not a commit per row)."""
    with django_db_blocker.unblock():
        if not Map.objects.filter(slug="sklearn").exists():
            with transaction.atomic():
                for name, step in SHIPPED_CONTENT:
                    migration = importlib.import_module(f"advisor.migrations.{name}")
                    getattr(migration, step)(apps, None)
        return Map.objects.get(slug="sklearn")


@pytest.fixture
def botapi(botapi_server, live_server, sklearn_map):
    """The stand-in, reset, with its webhook pointed at a live server of the project."""
    botapi_server.reset()
    botapi_server.webhook = {
        "url": f"{live_server.url}/telegram/webhook/",
        "secret_token": WEBHOOK_SECRET,
    }
    return botapi_server


@pytest.fixture
def webhook_post(client, botapi_server):
    """Post an update through Django's test client as Telegram does: with the secret header,
    then making the call the webhook answered with. Returns the response."""

    def post(update: dict | bytes, **headers):
        response = client.post(
            WEBHOOK_PATH,
            data=update if isinstance(update, bytes) else json.dumps(update),
            content_type="application/json",
            **{"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": WEBHOOK_SECRET, **headers},
        )
        if response.status_code == 200:
            content_type = response.headers["Content-Type"].partition(";")[0]
            botapi_server.execute_reply(content_type, response.content)
        return response

    return post


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


def without_telegram(database: Path) -> dict:
    """This process's environment with no Telegram settings, on a SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return env


@pytest.fixture(scope="session")
def migrated_project(tmp_path_factory) -> Path:
    """A SQLite file migrated once by manage.py in a subprocess (3 to 4 s), which
    project_env copies for each test."""
    database = tmp_path_factory.mktemp("project") / "migrated.sqlite3"
    env = without_telegram(database)
    subprocess.run([*MANAGE, "migrate", "-v0"], cwd=PROJECT, env=env, check=True, timeout=120)
    return database


@pytest.fixture
def project_env(tmp_path, migrated_project) -> dict:
    """An environment for running manage.py in a subprocess: a migrated SQLite file of its
    own (a copy of migrated_project) and no Telegram settings (add them where a test needs
    them)."""
    database = tmp_path / "project.sqlite3"
    shutil.copyfile(migrated_project, database)
    return without_telegram(database)
