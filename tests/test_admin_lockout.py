"""The admin refuses password guessing (django-axes, config/settings.py "Admin login lockouts"):
login attempts go through Django's whole request path as they arrive from Heroku's router, which
appends the client's address to X-Forwarded-For, and the tests check what the person sees."""

import subprocess
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.conftest import MANAGE, PROJECT

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"
ROUTER = "10.12.0.7"  # Heroku's router: what the app sees as REMOTE_ADDR
ALICE = "203.0.113.10"  # the editor's address
BOB = "198.51.100.20"  # another address
LOCKED_OUT = "Too many failed logins for this user from your address. Try again in 15 minutes."
WRONG_PASSWORD = "Please enter the correct username and password for a staff account."


@pytest.fixture(autouse=True)
def lockout_rule(settings):
    """The defaults (test_the_environment_sets_the_limit_and_the_time checks them)."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client: Client, username: str, password: str, address: str = ALICE, forged: str = ""):
    """Post the admin's login form as the router passes it on: the client's own
    X-Forwarded-For (forged), if any, then the address the router saw."""
    forwarded = f"{forged}, {address}" if forged else address
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ROUTER,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def text(response) -> str:
    return " ".join(response.content.decode().split())


def logged_in(response, client: Client) -> bool:
    return (
        response.status_code == 302
        and response["Location"] == "/admin/"
        and client.get("/admin/").status_code == 200
    )


def refused_for_the_password(response) -> bool:
    return response.status_code == 200 and WRONG_PASSWORD in text(response)


def locked_out(response, client: Client) -> bool:
    return (
        response.status_code == 429
        and LOCKED_OUT in text(response)
        and "Edit the advisor" not in text(response)  # the admin index's title
        and "_auth_user_id" not in client.session
    )


def fail(client: Client, times: int, username: str = "editor", **where) -> list:
    return [log_in(client, username, "wrong-password", **where) for _ in range(times)]


def test_after_five_failures_even_the_right_password_is_refused(client, editor):
    attempts = fail(client, 5)
    assert all(refused_for_the_password(page) for page in attempts[:4])
    assert locked_out(attempts[4], client)
    assert locked_out(log_in(client, "editor", PASSWORD), client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    recorded = AccessAttempt.objects.get().post_data  # the admin shows it: no passwords
    assert "wrong-password" not in recorded and PASSWORD not in recorded


def test_the_lockout_is_for_that_user_from_that_address_only(client, editor):
    User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    fail(client, 5)
    other_user, other_address = Client(), Client()
    assert logged_in(log_in(other_user, "reviewer", PASSWORD), other_user)
    assert logged_in(log_in(other_address, "editor", PASSWORD, address=BOB), other_address)
    assert locked_out(log_in(client, "editor", PASSWORD), client)


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, editor):
    attempts = [log_in(client, "editor", "wrong-password", forged=f"1.2.3.{n}") for n in range(5)]
    assert all(refused_for_the_password(page) for page in attempts[:4])
    assert locked_out(attempts[4], client)
    assert locked_out(log_in(client, "editor", PASSWORD, forged="9.9.9.9"), client)
    assert locked_out(log_in(client, "editor", PASSWORD, forged="garbage"), client)
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("editor", ALICE)]


def test_a_forged_forwarded_for_does_not_lock_out_someone_else(client, editor):
    """Bob's guesses, claiming to come from Alice's address, count against Bob's address."""
    assert locked_out(fail(client, 5, address=BOB, forged=ALICE)[-1], client)
    alice = Client()
    assert logged_in(log_in(alice, "editor", PASSWORD), alice)


def test_the_lockout_ends_15_minutes_after_the_last_attempt(client, editor):
    fail(client, 5)

    def last_attempt_ago(minutes: float) -> None:
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))

    last_attempt_ago(14)
    assert locked_out(log_in(client, "editor", PASSWORD), client)  # and the wait starts again
    last_attempt_ago(14)
    assert locked_out(log_in(client, "editor", PASSWORD), client)
    last_attempt_ago(15.1)
    assert logged_in(log_in(client, "editor", PASSWORD), client)
    assert not AccessAttempt.objects.exists()


def test_a_successful_login_clears_the_count(client, editor):
    assert all(refused_for_the_password(page) for page in fail(client, 4))
    assert logged_in(log_in(client, "editor", PASSWORD), client)
    assert not AccessAttempt.objects.exists()
    client.post("/admin/logout/")
    assert all(refused_for_the_password(page) for page in fail(client, 4))
    assert logged_in(log_in(client, "editor", PASSWORD), client)


RUN_LOGINS = """
from django.contrib.auth.models import User
from django.test import Client
from django.conf import settings
User.objects.create_user("editor", password="{password}", is_staff=True)
client = Client()
def log_in(password):
    page = client.post("/admin/login/", {{"username": "editor", "password": password}},
                       REMOTE_ADDR="{router}", HTTP_X_FORWARDED_FOR="{alice}")
    return page.status_code, " ".join(page.content.decode().split())
print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)
for password in ["wrong"] * {failures} + ["{password}"]:
    status, page = log_in(password)
    print(status, "{expected}" in page)
"""


@pytest.mark.parametrize(
    "variables, limit, minutes",
    [({}, 5, 15), ({"ADMIN_LOGIN_FAILURE_LIMIT": "3", "ADMIN_LOCKOUT_MINUTES": "2"}, 3, 2)],
)
def test_the_environment_sets_the_limit_and_the_time(project_env, variables, limit, minutes):
    env = {k: v for k, v in project_env.items() if not k.startswith("ADMIN_")}
    # DEBUG for admin pages without collectstatic's manifest.
    env.update(variables, DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="testserver")
    expected = f"Try again in {minutes} minutes."
    script = RUN_LOGINS.format(
        password=PASSWORD, router=ROUTER, alice=ALICE, failures=limit, expected=expected
    )
    result = subprocess.run(
        [*MANAGE, "shell", "-v0", "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == f"{limit} 0:{minutes:02}:00"
    # The first limit - 1 failures show the login form again, then the lockout page, which the
    # right password gets too.
    assert lines[1:] == ["200 False"] * (limit - 1) + ["429 True"] * 2


def test_a_superuser_sees_the_lockout_and_lifts_it(client, editor):
    fail(client, 5)
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", password=PASSWORD))
    listing = text(admin.get("/admin/axes/accessattempt/"))
    assert "editor" in listing and ALICE in listing and "Locked Out" in listing
    attempt = AccessAttempt.objects.get()
    deleted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, "editor", PASSWORD), client)


def test_an_editor_without_the_rights_does_not_see_the_lockouts(client, editor):
    fail(client, 5)
    staff = Client()
    staff.force_login(User.objects.create_user("staff", password=PASSWORD, is_staff=True))
    assert staff.get("/admin/axes/accessattempt/").status_code == 403
