"""The project as the Procfile runs it: gunicorn with three sync workers, a graceful restart
in the middle of a conversation, a duplicate delivery, and the database going away."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from botapi_standin.server import TOKEN
from tests.conftest import PROJECT, WEBHOOK_SECRET
from tests.tcpproxy import TcpProxy

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
START_SCREEN = ("Do you have more than 50 samples?", [["Yes", "No"]])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(folder: Path, name: str) -> tuple[str, TcpProxy | None]:
    """A migrated database of its own: PostgreSQL behind a cuttable proxy (named after the
    tests' database, so that runs on other databases of one server keep apart), or a SQLite
    file."""
    if not ON_POSTGRES:
        return f"sqlite:///{folder / f'{name}.sqlite3'}", None
    db = settings.DATABASES["default"]
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    database = f"{db['NAME'].removeprefix('test_')}_{name}"
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    admin.close()
    proxy = TcpProxy(int(server["port"]))
    return f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{database}", proxy


def worker_pids(master: subprocess.Popen) -> set[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return {int(pid) for pid in children}


@dataclass
class Served:
    master: subprocess.Popen
    webhook: str
    proxy: TcpProxy | None
    env: dict  # the processes' environment (DATABASE_URL, Telegram's settings)


@contextmanager
def served_by_gunicorn(botapi_server, folder: Path, workers: int, output=None, **extra_env):
    """The Procfile's web line with ``workers`` workers on a fresh database, answering; its
    output (the access log) to ``output`` if given."""
    database_url, proxy = fresh_database(folder, folder.name)
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_API_BASE_URL": botapi_server.base_url,
        **extra_env,
    }
    for command in (["migrate"], ["collectstatic", "--noinput"]):  # as Heroku's build does
        subprocess.run(["python", "manage.py", *command, "-v0"], cwd=PROJECT, env=env, check=True)
    web = re.search(r"^web: (.+)$", (PROJECT / "Procfile").read_text(), re.M).group(1)
    master = subprocess.Popen(["bash", "-c", f"exec {web}"], cwd=PROJECT, env=env, stdout=output)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/admin/login/", timeout=2)
            break
        except urllib.error.HTTPError as error:
            raise AssertionError(f"the admin answers {error.code}") from None
        except OSError:
            time.sleep(0.1)
    try:
        assert len(worker_pids(master)) == workers
        yield Served(master, f"{url}/telegram/webhook/", proxy, env)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
        if proxy:
            proxy.cut()


@pytest.fixture(scope="module")
def gunicorn(botapi_server, tmp_path_factory):
    with served_by_gunicorn(botapi_server, tmp_path_factory.mktemp("gunicorn"), 3) as served:
        yield served.master, served.webhook, served.proxy


@pytest.fixture
def api(botapi_server, gunicorn):
    botapi_server.reset()
    botapi_server.webhook = {"url": gunicorn[1], "secret_token": WEBHOOK_SECRET}
    return botapi_server


def test_a_conversation_survives_a_graceful_restart(api, gunicorn):
    master = gunicorn[0]
    chat = api.chat(6001)
    assert chat.send("/start") == 200
    assert chat.press("Yes") == 200
    before = worker_pids(master)
    master.send_signal(signal.SIGHUP)
    for _ in range(300):
        after = worker_pids(master)
        if len(after) == 3 and not after & before:
            break
        time.sleep(0.1)
    assert len(after) == 3 and not after & before
    for label, text in [("Yes", "Do you have labeled data?"), ("No", "Clustering.")]:
        assert chat.press(label) == 200
        assert chat.screen()[0].startswith(text)
    assert chat.press("Back") == 200 and chat.press("Back") == 200 and chat.press("Back") == 200
    assert chat.screen() == START_SCREEN


def test_a_duplicate_delivered_to_two_workers_at_once_is_answered_once(api):
    update = api.chat(6002).message_update("/start")
    statuses = []
    threads = [threading.Thread(target=lambda: statuses.append(api.deliver(update))) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert api.deliver(update) == 200
    assert len(api.calls_of("sendMessage")) == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="takes PostgreSQL off the network through a proxy")
def test_database_outage_answers_503_and_the_retry_is_handled(api, gunicorn):
    proxy = gunicorn[2]
    chat = api.chat(6003)
    assert chat.send("/start") == 200
    press = chat.press_update("Yes")
    proxy.cut()
    try:
        assert api.deliver(press) == 503
        assert api.deliver(chat.message_update("/start")) == 503
    finally:
        proxy.start()
    assert api.calls_of("editMessageText") == []
    assert api.deliver(press) == 200  # Telegram's retry, once the database is back
    assert chat.screen() == ("Are you predicting a category?", [["Yes", "No"], ["Back"]])
    assert len(api.calls_of("editMessageText")) == 1


def test_the_admin_static_files_are_served_compressed_by_whitenoise(gunicorn):
    base = gunicorn[1].removesuffix("/telegram/webhook/")
    page = urllib.request.urlopen(f"{base}/admin/login/", timeout=10).read().decode()
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]+\.css)"', page).group(1)
    request = urllib.request.Request(f"{base}{stylesheet}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
