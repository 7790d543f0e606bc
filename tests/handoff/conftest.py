"""The handoff tests' fixtures."""

from types import SimpleNamespace

import pytest


@pytest.fixture
def api(botapi_server, sklearn_map):
    """The stand-in, reset, with the shipped map live."""
    botapi_server.reset()
    return botapi_server


@pytest.fixture
def delivered(botapi):
    """Post updates as Telegram does, over HTTP to a live server of the project (the answer
    in the webhook's response made by the stand-in)."""

    def post(update: dict):
        return SimpleNamespace(status_code=botapi.deliver(update))

    return post
