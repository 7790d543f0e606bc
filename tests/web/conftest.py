"""The web chat's browser tests use the admin's headless Chromium (tests/editing/conftest.py)."""

from tests.editing.conftest import browser, chromium  # noqa: F401
