"""Shared fixtures: the Bot API stand-in, the bot's settings pointed at it, fresh map caches."""

import pytest

from advisor import graph
from tests.botapi import TOKEN, BotApiStandIn

WEBHOOK_SECRET = "test-webhook-secret_0123456789"


@pytest.fixture(scope="session")
def botapi_server():
    server = BotApiStandIn()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def bot_settings(settings, botapi_server):
    """Every test runs with the bot configured against the stand-in."""
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.TELEGRAM_API_BASE_URL = botapi_server.base_url
    return settings


@pytest.fixture(autouse=True)
def fresh_graph_cache():
    """Test databases roll back, so a map id and version can come back with new content."""
    graph._cache.clear()
    yield
    graph._cache.clear()


@pytest.fixture
def botapi(botapi_server, live_server):
    """The stand-in, reset, with its webhook pointed at a live server of the project."""
    botapi_server.reset()
    botapi_server.webhook = {
        "url": f"{live_server.url}/telegram/webhook/",
        "secret_token": WEBHOOK_SECRET,
    }
    return botapi_server
