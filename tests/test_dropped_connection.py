"""A persistent database connection the database dropped (a restart, a failover) never
serves an error page: requests through Django's WSGI handler, as under gunicorn."""

import json
from http.cookies import SimpleCookie
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from tests.conftest import WEBHOOK_PATH, WEBHOOK_SECRET

pytestmark = pytest.mark.django_db(transaction=True)


def wsgi_request(path: str, method: str = "GET", body: bytes = b"", **headers) -> tuple[int, str]:
    """Status and text of a request through the WSGI handler, which (unlike the test client)
    opens each request as gunicorn's workers do, with Django's connection checks."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    environ.update(headers)
    if body:
        environ.update(CONTENT_LENGTH=str(len(body)), CONTENT_TYPE="application/json")
        environ["wsgi.input"].write(body)
        environ["wsgi.input"].seek(0)
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    response = WSGIHandler()(environ, start_response)
    try:
        text = b"".join(response).decode()
    finally:
        response.close()
    return int(statuses[0].split()[0]), text


@pytest.fixture
def superuser_cookie(client) -> str:
    client.force_login(User.objects.create_superuser("root", password="root-password-1234"))
    return SimpleCookie({"sessionid": client.cookies["sessionid"].value}).output(
        attrs=[], header=""
    )


def drop_this_connection() -> None:
    """End the server side of this thread's connection, as a database restart would."""
    backend = connection.connection.get_backend_pid()
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
def test_an_admin_page_works_the_first_time_after_the_database_dropped_the_connection(
    superuser_cookie, sklearn_map
):
    assert wsgi_request("/admin/", HTTP_COOKIE=superuser_cookie)[0] == 200
    drop_this_connection()
    status, page = wsgi_request("/admin/advisor/map/", HTTP_COOKIE=superuser_cookie)
    assert status == 200
    assert "scikit-learn" in page


def test_only_requests_other_than_the_webhook_check_their_connection(
    superuser_cookie, sklearn_map, botapi_server, monkeypatch
):
    checks = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or is_usable())
    assert wsgi_request("/admin/", HTTP_COOKIE=superuser_cookie)[0] == 200
    chat = botapi_server.chat(6101)
    for update in (chat.message_update("/start"), chat.message_update("/help")):
        checks.clear()
        status, reply = wsgi_request(
            WEBHOOK_PATH,
            "POST",
            json.dumps(update).encode(),
            HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=WEBHOOK_SECRET,
        )
        assert (status, json.loads(reply)["chat_id"]) == (200, 6101)
        assert checks == []  # no SELECT 1: the update's two round trips stay two
    assert wsgi_request("/admin/", HTTP_COOKIE=superuser_cookie)[0] == 200
    assert checks == [1]  # the admin checks it
