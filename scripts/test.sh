#!/usr/bin/env bash
# Set up and run the whole test suite (SQLite unless DATABASE_URL is set). Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" requirements-dev.txt
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-tests-only-secret-key}
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,testserver}

# The admin's browser tests need Chromium and its driver: where they are missing and this
# script may install packages (root with apt-get), it installs Debian's once.
if ! .venv/bin/python scripts/browser.py >/dev/null 2>&1 && [[ $EUID -eq 0 ]] &&
  command -v apt-get >/dev/null; then
  echo "Installing Chromium and its driver for the browser tests (apt-get, once)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver; } >/dev/null || echo "apt-get could not install them."
fi
browser=$(.venv/bin/python scripts/browser.py) || exit 1
eval "$browser"

exec .venv/bin/python -m pytest "$@"
