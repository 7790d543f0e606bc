"""Production settings from the environment pass Django's deployment checks."""

import json
import os
import re
import secrets
import subprocess
import sys

from tests.conftest import PROJECT

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "myadvisor.herokuapp.com",
    "TELEGRAM_BOT_TOKEN": "123456:production-token-from-botfather",
    "TELEGRAM_WEBHOOK_SECRET": secrets.token_urlsafe(32),
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_the_bot_settings_check_deploy_names_them():
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("TELEGRAM_")}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "TELEGRAM_WEBHOOK_SECRET is not set" in result.stderr


def test_without_a_secret_key_production_settings_refuse_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set: "
        "set it, or set DJANGO_DEBUG=1 for local development."
    )


def test_heroku_files_agree_with_the_settings():
    app = json.loads((PROJECT / "app.json").read_text())
    assert app["scripts"]["postdeploy"] == "python manage.py migrate --noinput"
    assert app["addons"][0]["plan"].startswith("heroku-postgresql")
    settings_text = (PROJECT / "config" / "settings.py").read_text()
    for variable in app["env"]:
        if variable != "WEB_CONCURRENCY":  # read by gunicorn itself
            assert f'"{variable}"' in settings_text, variable
    procfile = (PROJECT / "Procfile").read_text()
    assert re.search(r"^release: python manage.py migrate --noinput$", procfile, re.M)
    assert re.search(r"^web: gunicorn config.wsgi --bind 0.0.0.0:\$PORT", procfile, re.M)
    assert (PROJECT / ".python-version").read_text().strip() == "3.11"
