"""The web chat's browser tests use the admin's headless Chromium and screenshots folder,
and the draft chat's tests its Map editors (tests/editing/conftest.py); every test starts
with an empty rate limit."""

import pytest
from django.core.cache import cache

from tests.editing.conftest import (  # noqa: F401
    artifacts,
    browser,
    chromium,
    editor,
    editor_client,
)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no write counted against its address (botapp.web.throttle)."""
    cache.clear()
    yield
    cache.clear()
