"""The handoff tests' fixtures."""

import pytest


@pytest.fixture
def api(botapi_server, sklearn_map):
    """The stand-in, reset, with the shipped map live."""
    botapi_server.reset()
    return botapi_server
