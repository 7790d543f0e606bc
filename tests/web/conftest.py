"""The web chat's browser tests use the admin's headless Chromium, and the draft chat's tests
its Map editors (tests/editing/conftest.py)."""

from tests.editing.conftest import browser, chromium, editor, editor_client  # noqa: F401
