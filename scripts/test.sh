#!/usr/bin/env bash
# Set up and run the whole test suite (SQLite unless DATABASE_URL is set). Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" requirements-dev.txt
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-tests-only-secret-key}
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,testserver}
exec .venv/bin/python -m pytest "$@"
